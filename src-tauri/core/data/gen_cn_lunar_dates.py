#!/usr/bin/env python3
"""Generates cn_lunar_dates.rs: for each year 2000-2100 the Gregorian dates of
春节 (lunar 1/1), 清明 (the solar term, solar longitude 15°), 端午 (lunar 5/5)
and 中秋 (lunar 8/15), all in Beijing time (UTC+8), as the Chinese calendar
standard GB/T 33661-2017 defines them.

Two independent sources must agree on every date, or the script stops:

  1. lunar_python (PyPI `lunar_python`, 6tail): the 寿星天文历 algorithms.
  2. An astronomical computation made here with PyEphem (PyPI `ephem`,
     VSOP87 sun and ELP moon): new moons and solar terms in Beijing time, the
     month holding the winter solstice is month 11, and in a year of 13 months
     the first month without a principal term (中气) is the leap month.

A third source, `lunardate` (a table after the Hong Kong Observatory, 1900-2099),
is compared too for the lunar dates up to 2099.

Run:  python3 -m venv /tmp/v && /tmp/v/bin/pip install lunar_python ephem lunardate
      /tmp/v/bin/python gen_cn_lunar_dates.py > cn_lunar_dates.rs
"""

import datetime as dt
import sys

import ephem
import lunardate
from lunar_python import Lunar, Solar

FIRST, LAST = 2000, 2100
BEIJING = dt.timedelta(hours=8)


def beijing_date(d):
    """The calendar day in Beijing of an ephem date (UT)."""
    return (ephem.Date(d).datetime() + BEIJING).date()


def sun_longitude(d):
    """Apparent geocentric ecliptic longitude of the sun, degrees."""
    s = ephem.Sun()
    s.compute(d, epoch=d)
    # g_ra/g_dec: the apparent place (aberration and nutation included), as
    # the calendar standard uses; ephem.Ecliptic(s) would take the astrometric one.
    apparent = ephem.Equatorial(s.g_ra, s.g_dec, epoch=d)
    return float(ephem.Ecliptic(apparent, epoch=d).lon) * 180 / ephem.pi


def solar_term(year, longitude):
    """The moment (ephem date) the sun reaches `longitude` in `year`."""
    # Start near the mean date and refine by the sun's mean motion.
    start = ephem.Date(dt.datetime(year, 3, 20)) + (longitude % 360) / 360 * 365.2422
    d = ephem.Date(start)
    for _ in range(50):
        diff = (longitude - sun_longitude(d) + 180) % 360 - 180
        if abs(diff) < 1e-7:
            break
        d = ephem.Date(d + diff / 360 * 365.2422)
    return d


def winter_solstice(year):
    return solar_term(year, 270)


NEAR_MIDNIGHT = []  # (minutes from a Beijing midnight, what) for the report
MOON_TIME = {}  # Beijing date of a new moon -> its ephem time


def note_margin(d, what):
    t = ephem.Date(d).datetime() + BEIJING
    minutes = t.hour * 60 + t.minute + t.second / 60
    NEAR_MIDNIGHT.append((min(minutes, 1440 - minutes), f"{what} {t:%Y-%m-%d %H:%M:%S}"))


def new_moons(start, end):
    out, d = [], ephem.previous_new_moon(start)
    while d < end:
        MOON_TIME[beijing_date(d)] = d
        out.append(beijing_date(d))
        d = ephem.next_new_moon(d + 1)
    return out


def principal_terms(from_year, to_year):
    """Beijing dates of every 中气 (multiples of 30°) in the years given."""
    out = []
    for y in range(from_year, to_year + 1):
        for k in range(12):
            lon = (k * 30) % 360
            t = solar_term(y, lon)
            # solar_term(y, lon) for lon < 0° from March lands in the next
            # calendar year; keep whatever it found, the set is de-duplicated.
            out.append(beijing_date(t))
    return sorted(set(out))


def ephem_lunar_year(year):
    """{(month, leap): first day} for the months of lunar year `year`'s sui."""
    ws0 = beijing_date(winter_solstice(year - 1))
    ws1 = beijing_date(winter_solstice(year))
    moons = new_moons(ephem.Date(dt.datetime(year - 1, 11, 1)),
                      ephem.Date(dt.datetime(year + 1, 2, 1)))
    m11a = max(m for m in moons if m <= ws0)
    m11b = max(m for m in moons if m <= ws1)
    i0, i1 = moons.index(m11a), moons.index(m11b)
    n = i1 - i0
    assert n in (12, 13), (year, n)
    terms = principal_terms(year - 1, year + 1)
    leap = None
    if n == 13:
        for i in range(i0, i1):
            a, b = moons[i], moons[i + 1]
            if not any(a <= t < b for t in terms):
                leap = i
                break
        assert leap is not None, year
    months, number = {}, 11
    for i in range(i0, i1):
        if i == leap:
            months[(number, True)] = moons[i]
            continue
        if i > i0:
            number = number % 12 + 1
        months[(number, False)] = moons[i]
    return months


def qingming(year):
    t = solar_term(year, 15)
    note_margin(t, "清明")
    return t


def ephem_dates(year):
    m = ephem_lunar_year(year)
    for month in (1, 5, 8):
        note_margin(MOON_TIME[m[(month, False)]], f"new moon of month {month}")
    return {
        "chunjie": m[(1, False)],
        "qingming": beijing_date(qingming(year)),
        "duanwu": m[(5, False)] + dt.timedelta(days=4),
        "zhongqiu": m[(8, False)] + dt.timedelta(days=14),
    }


def lunar_python_dates(year):
    def solar(m, d):
        s = Lunar.fromYmd(year, m, d).getSolar()
        return dt.date(s.getYear(), s.getMonth(), s.getDay())

    qm = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return {
        "chunjie": solar(1, 1),
        "qingming": dt.date(qm.getYear(), qm.getMonth(), qm.getDay()),
        "duanwu": solar(5, 5),
        "zhongqiu": solar(8, 15),
    }


def lunardate_dates(year):
    def solar(m, d):
        return lunardate.LunarDate(year, m, d).to_solar_date()

    return {"chunjie": solar(1, 1), "duanwu": solar(5, 5), "zhongqiu": solar(8, 15)}


def main():
    rows = []
    for year in range(FIRST, LAST + 1):
        a, b = ephem_dates(year), lunar_python_dates(year)
        if a != b:
            sys.exit(f"{year}: ephem {a} != lunar_python {b}")
        if year <= 2099:
            c = lunardate_dates(year)
            for k, v in c.items():
                if a[k] != v:
                    sys.exit(f"{year} {k}: lunardate {v} != {a[k]}")
        rows.append((year, a))
    close = sorted(set(NEAR_MIDNIGHT))[:5]
    print("closest to a Beijing midnight (minutes, event):", close, file=sys.stderr)
    print("// Generated by gen_cn_lunar_dates.py (beside this file); do not edit.")
    print("// Per year: 春节 (lunar 1/1), 清明 (solar term), 端午 (lunar 5/5), 中秋 (lunar 8/15),")
    print("// each (month, day) in Beijing time. Every date agreed between lunar_python")
    print("// and an astronomical computation with PyEphem (and lunardate up to 2099).")
    print("[")
    for year, a in rows:
        f = lambda d: f"({d.month}, {d.day})"
        print(f"    ({year}, {f(a['chunjie'])}, {f(a['qingming'])}, {f(a['duanwu'])}, {f(a['zhongqiu'])}),")
    print("]")


if __name__ == "__main__":
    main()
