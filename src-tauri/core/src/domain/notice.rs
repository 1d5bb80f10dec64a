//! Reads the State Council's yearly notice (国务院办公厅关于20XX年部分节假日
//! 安排的通知), pasted by an administrator, into that year's days off and
//! make-up workdays. Pure: text in, `YearArrangement` out.
//!
//! Every notice has one numbered line per holiday, e.g.
//! "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，
//! 共9天。2月14日（周六）、2月28日（周六）上班。" Also read: one day ("1月1日
//! （周三）放假1天，不调休" / "4月5日放假，与周末连休"), a day made up
//! ("4月6日（星期一）补休"), spans crossing the new year ("2018年12月30日至
//! 2019年1月1日" or "12月30日至1月1日"), two holidays on one line
//! ("国庆节、中秋节：…"), 星期X or 周X, full- or half-width digits and
//! punctuation, and advice sentences ("鼓励…") which are skipped. The
//! weekday in brackets and the total ("共N天") are checked against the
//! dates, so a notice of another year or a typo is caught.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::calendar::{Holiday, WorkCalendar, YearArrangement};
use crate::domain::holidays::{FIRST_YEAR, LAST_YEAR};
use crate::error::{DeskError, Lang};

/// Longest text read (a notice is about 1,000 characters).
const MAX_CHARS: usize = 20_000;
/// Longest holiday span accepted (the longest ever given was 9 days).
const MAX_SPAN_DAYS: i64 = 31;
/// Sentences that are no arrangement: advice ("鼓励…安排职工在除夕休息"),
/// the closing paragraph and the signature, glued to the last holiday when
/// the notice is pasted as one line.
const PROSE: [&str; 4] = ["鼓励", "节假日期间", "国务院办公厅", "各地区"];
/// The holidays a notice names.
const NAMES: [&str; 8] = [
    "元旦",
    "新年",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
];

/// Why a notice could not be read, in both languages, naming the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeError {
    pub code: &'static str,
    /// 1-based line of the pasted text, when one line is at fault.
    pub line: Option<usize>,
    pub zh: String,
    pub en: String,
}

impl NoticeError {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for NoticeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for NoticeError {}

impl From<NoticeError> for DeskError {
    fn from(e: NoticeError) -> Self {
        DeskError::refused(e.code, e.zh, e.en)
    }
}

fn whole(code: &'static str, zh: String, en: String) -> NoticeError {
    NoticeError {
        code,
        line: None,
        zh,
        en,
    }
}

/// One line of the notice, for messages.
struct Line<'a> {
    no: usize,
    text: &'a str,
}

impl Line<'_> {
    fn err(&self, code: &'static str, zh: impl fmt::Display, en: impl fmt::Display) -> NoticeError {
        let shown: String = self.text.chars().take(80).collect();
        let more = if self.text.chars().count() > 80 {
            "…"
        } else {
            ""
        };
        NoticeError {
            code,
            line: Some(self.no),
            zh: format!("通知第{}行无法读取（“{shown}{more}”）：{zh}", self.no),
            en: format!(
                "Line {} of the notice cannot be read (\"{shown}{more}\"): {en}",
                self.no
            ),
        }
    }

    fn unreadable(&self, part: &str) -> NoticeError {
        self.err(
            "notice_line_unreadable",
            format!("看不懂“{part}”。请粘贴通知原文，每个节日一行，如“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”"),
            format!("\"{part}\" is not understood. Paste the notice as published, one holiday a line, e.g. \"一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\""),
        )
    }
}

/// Half-width and full-width forms read alike; spaces are dropped.
fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            ';' => '；',
            '.' | '．' => '。',
            '~' | '～' | '-' | '－' | '—' | '–' | '到' => '至',
            c if c.is_whitespace() => continue,
            c => c,
        };
        // "———" (an old notice's dash) is one 至.
        if c == '至' && out.ends_with('至') {
            continue;
        }
        out.push(c);
    }
    out
}

/// The year named by the title ("关于2026年部分节假日安排") or the opening
/// ("现将2026年元旦、春节…").
fn year_in_title(text: &str) -> Option<i32> {
    for marker in ["关于", "现将"] {
        let mut rest = text;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 4 && rest[4..].starts_with('年') {
                return digits.parse().ok();
            }
        }
    }
    None
}

const NUMERALS: &str = "一二三四五六七八九十";

/// Length in bytes of a leading "三、" numbering, if any.
fn numbering(s: &str) -> Option<usize> {
    let n: usize = s
        .chars()
        .take_while(|c| NUMERALS.contains(*c))
        .map(char::len_utf8)
        .sum();
    (n > 0 && s[n..].starts_with('、')).then_some(n + '、'.len_utf8())
}

/// "国庆节、中秋节：" at the start of `s`: the names and the length read.
fn holiday_header(s: &str) -> Option<(Vec<&'static str>, usize)> {
    let mut names = Vec::new();
    let mut at = 0;
    loop {
        let name = NAMES.iter().find(|n| s[at..].starts_with(**n))?;
        names.push(*name);
        at += name.len();
        let rest = &s[at..];
        if rest.starts_with('：') {
            return Some((names, at + '：'.len_utf8()));
        }
        let sep = ['、', '和', '与']
            .into_iter()
            .find(|c| rest.starts_with(*c))?;
        at += sep.len_utf8();
    }
}

/// Splits a line into holiday items where "X、Name：" starts one, so that a
/// notice pasted as one long line reads like one pasted line by line.
fn items(line: &str) -> Vec<&str> {
    let mut starts = vec![0];
    for (i, _) in line.char_indices().skip(1) {
        let after_stop = line[..i].ends_with('。');
        if after_stop {
            if let Some(n) = numbering(&line[i..]) {
                if holiday_header(&line[i + n..]).is_some() {
                    starts.push(i);
                }
            }
        }
    }
    starts.push(line.len());
    starts.windows(2).map(|w| &line[w[0]..w[1]]).collect()
}

/// A date as written: year and month may be left out.
#[derive(Debug, Clone, Copy)]
struct Written {
    year: Option<i32>,
    month: Option<u32>,
    day: u32,
    weekday: Option<Weekday>,
}

fn number(s: &str) -> (Option<u32>, &str) {
    let n = s.chars().take_while(char::is_ascii_digit).count();
    if n == 0 || n > 4 {
        return (None, s);
    }
    (s[..n].parse().ok(), &s[n..])
}

fn weekday_in(bracket: &str) -> Option<Weekday> {
    for marker in ["星期", "周", "礼拜"] {
        if let Some(i) = bracket.find(marker) {
            return match bracket[i + marker.len()..].chars().next()? {
                '一' => Some(Weekday::Mon),
                '二' => Some(Weekday::Tue),
                '三' => Some(Weekday::Wed),
                '四' => Some(Weekday::Thu),
                '五' => Some(Weekday::Fri),
                '六' => Some(Weekday::Sat),
                '日' | '天' => Some(Weekday::Sun),
                _ => None,
            };
        }
    }
    None
}

/// Reads "2018年12月30日（星期日）", "1月4日（周日）" or "3日（周六）".
fn written_date(s: &str) -> Option<(Written, &str)> {
    let (mut year, mut month) = (None, None);
    let (mut n, mut rest) = number(s);
    if let Some(r) = rest.strip_prefix('年') {
        year = Some(i32::try_from(n?).ok()?);
        (n, rest) = number(r);
    }
    if let Some(r) = rest.strip_prefix('月') {
        month = Some(n?);
        (n, rest) = number(r);
    }
    let day = n?;
    rest = rest
        .strip_prefix('日')
        .or_else(|| rest.strip_prefix('号'))?;
    let mut weekday = None;
    if let Some(r) = rest.strip_prefix('（') {
        let end = r.find('）')?;
        weekday = weekday_in(&r[..end]);
        rest = &r[end + '）'.len_utf8()..];
    }
    Some((
        Written {
            year,
            month,
            day,
            weekday,
        },
        rest,
    ))
}

/// Reads "A、B、C" dates before a keyword such as 上班.
fn date_list(mut s: &str) -> Option<(Vec<Written>, &str)> {
    let mut out = Vec::new();
    loop {
        let (d, rest) = written_date(s)?;
        out.push(d);
        s = rest;
        match s.strip_prefix('、').or_else(|| s.strip_prefix('和')) {
            Some(r) => s = r,
            None => return Some((out, s)),
        }
    }
}

/// What one holiday line says before its dates are resolved.
#[derive(Default)]
struct Said {
    span: Option<(Written, Option<Written>)>,
    made_up: Vec<Written>,
    workdays: Vec<Written>,
    total: Option<u32>,
}

/// "放假", "放假调休", "放假1天", "放假调休3天": Some(the days given).
fn off_words(rest: &str) -> Option<Option<u32>> {
    let rest = rest.strip_prefix("放假")?;
    let rest = rest.strip_prefix("调休").unwrap_or(rest);
    if rest.is_empty() {
        return Some(None);
    }
    match number(rest) {
        (Some(n), "天") => Some(Some(n)),
        _ => None,
    }
}

fn read_clause(line: &Line, clause: &str, said: &mut Said) -> Result<(), NoticeError> {
    if matches!(clause, "不调休" | "与周末连休" | "放假" | "放假调休") {
        return Ok(());
    }
    if let Some(n) = clause.strip_prefix('共').and_then(|r| r.strip_suffix('天')) {
        match number(n) {
            (Some(total), "") => said.total = Some(total),
            _ => return Err(line.unreadable(clause)),
        }
        return Ok(());
    }
    let (first, rest) = written_date(clause).ok_or_else(|| line.unreadable(clause))?;
    let (second, r) = match rest.strip_prefix('至') {
        Some(r) => {
            let (second, r) = written_date(r).ok_or_else(|| line.unreadable(clause))?;
            (Some(second), r)
        }
        None => (None, rest),
    };
    if let Some(days) = off_words(r) {
        if said.span.is_some() {
            return Err(line.err(
                "notice_two_spans",
                "一行只能有一段放假日期，请把各个节日分行写。",
                "one line can give only one span of days off; put each holiday on a line of its own.",
            ));
        }
        said.span = Some((first, second));
        said.total = said.total.or(days);
        return Ok(());
    }
    if second.is_none() && r == "补休" {
        said.made_up.push(first);
        return Ok(());
    }
    let (dates, r) = date_list(clause).ok_or_else(|| line.unreadable(clause))?;
    if matches!(r, "上班" | "照常上班" | "正常上班") {
        said.workdays.extend(dates);
        return Ok(());
    }
    Err(line.unreadable(clause))
}

fn weekday_zh(w: Weekday) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][w.num_days_from_monday() as usize]
}

/// The date meant by `w`, its year and month defaulting as given; checks the
/// weekday written beside it.
fn resolve(
    line: &Line,
    w: Written,
    year: i32,
    month: Option<u32>,
) -> Result<NaiveDate, NoticeError> {
    let y = w.year.unwrap_or(year);
    let Some(m) = w.month.or(month) else {
        return Err(line.unreadable(&format!("{}日", w.day)));
    };
    let Some(d) = NaiveDate::from_ymd_opt(y, m, w.day) else {
        return Err(line.err(
            "notice_date_invalid",
            format!("{y}年没有{m}月{}日。", w.day),
            format!("there is no {y}-{m:02}-{:02}.", w.day),
        ));
    };
    if let Some(said) = w.weekday.filter(|said| *said != d.weekday()) {
        return Err(line.err(
            "notice_weekday_mismatch",
            format!(
                "{d}写的是{}，但那天是{}。请核对通知的年份。",
                weekday_zh(said),
                weekday_zh(d.weekday())
            ),
            format!(
                "{d} is given as a {said:?} but is a {:?}. Check the notice's year.",
                d.weekday()
            ),
        ));
    }
    Ok(d)
}

fn out_of_year(line: &Line, d: NaiveDate, year: i32) -> NoticeError {
    line.err(
        "notice_date_out_of_year",
        format!("{d}不在{year}年，也不属于跨年的假期。请核对年份或通知。"),
        format!("{d} is not in {year} and not part of a holiday crossing the new year. Check the year or the notice."),
    )
}

/// Turns what a line said into days off and workdays.
fn settle(
    line: &Line,
    year: i32,
    name: &str,
    said: Said,
    arr: &mut YearArrangement,
) -> Result<(), NoticeError> {
    let Some((first, second)) = said.span else {
        return Err(line.err(
            "notice_no_days_off",
            "这一行没有写放假日期（应如“1月1日（周四）至3日（周六）放假”）。",
            "this line gives no days off (expected e.g. \"1月1日（周四）至3日（周六）放假\").",
        ));
    };
    let (mut from_year, mut to_year) = (first.year.unwrap_or(year), None);
    if let (Some(second), None) = (second, first.year) {
        // "12月30日至1月1日": the span crosses into the notice's year.
        let (fm, sm) = (first.month.unwrap_or(0), second.month.unwrap_or(0));
        if second.year.is_none() && fm == 12 && sm == 1 {
            from_year = year - 1;
        }
    }
    let from = resolve(line, first, from_year, None)?;
    if let Some(second) = second {
        let crosses = second.month.is_some_and(|m| m < from.month());
        to_year = Some(second.year.unwrap_or(from.year() + i32::from(crosses)));
    }
    let to = match second {
        Some(s) => resolve(line, s, to_year.unwrap_or(year), Some(from.month()))?,
        None => from,
    };
    if from.year() != year && to.year() != year {
        return Err(out_of_year(line, from, year));
    }
    let length = (to - from).num_days() + 1;
    if !(1..=MAX_SPAN_DAYS).contains(&length) {
        return Err(line.err(
            "notice_span_invalid",
            format!("{from}至{to}不是一段合理的假期（应在1至{MAX_SPAN_DAYS}天之间）。"),
            format!("{from} to {to} is not a plausible holiday (1 to {MAX_SPAN_DAYS} days)."),
        ));
    }
    let near = |d: NaiveDate| {
        d.year() == year || (d - from).num_days().abs() <= 7 || (d - to).num_days().abs() <= 7
    };
    let mut made_up = BTreeSet::new();
    for w in said.made_up {
        let d = resolve(line, w, year, Some(to.month()))?;
        if !near(d) {
            return Err(out_of_year(line, d, year));
        }
        if d < from || d > to {
            made_up.insert(d);
        }
    }
    if let Some(total) = said.total {
        let counted = length + made_up.len() as i64;
        if i64::from(total) != counted {
            return Err(line.err(
                "notice_total_mismatch",
                format!("写的是共{total}天，但{from}至{to}是{counted}天。"),
                format!("it says {total} days, but {from} to {to} is {counted} days."),
            ));
        }
    }
    for w in said.workdays {
        let default_year = if w.month == Some(12) && from.year() < year {
            year - 1
        } else {
            year
        };
        let d = resolve(line, w, default_year, None)?;
        if !near(d) {
            return Err(out_of_year(line, d, year));
        }
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err(line.err(
                "notice_workday_not_weekend",
                format!("上班日{d}是{}，不是周末：调休上班只会在周六或周日。", weekday_zh(d.weekday())),
                format!("the workday {d} is a {:?}, not a weekend day: make-up workdays fall on Saturdays or Sundays.", d.weekday()),
            ));
        }
        arr.workdays.push(d);
    }
    arr.off.push(Holiday {
        name: name.to_string(),
        from,
        to,
    });
    for d in made_up {
        arr.off.push(Holiday {
            name: format!("{name}（补休）"),
            from: d,
            to: d,
        });
    }
    Ok(())
}

fn read_item(line: &Line, body: &str, said: &mut Said) -> Result<(), NoticeError> {
    for sentence in body.split(['。', '；']).filter(|s| !s.is_empty()) {
        if PROSE.iter().any(|p| sentence.starts_with(p)) {
            continue; // advice, the closing paragraph or the signature
        }
        for clause in sentence.split('，').filter(|s| !s.is_empty()) {
            read_clause(line, clause, said)?;
        }
    }
    Ok(())
}

/// Whether a line that is no holiday line still looks like one ("4月4日至6日放假").
fn looks_like_days(s: &str) -> bool {
    let has_date = s.char_indices().any(|(i, _)| {
        let (n, r) = number(&s[i..]);
        n.is_some() && r.starts_with('月') && number(&r['月'.len_utf8()..]).1.starts_with('日')
    });
    has_date && (s.contains("放假") || s.contains("上班") || s.contains("补休"))
}

/// Reads a pasted notice. `year` is the year chosen by the administrator;
/// None takes it from the notice's title. The result is checked as
/// `WorkCalendar::set_year` would.
pub fn parse_notice(text: &str, year: Option<i32>) -> Result<YearArrangement, NoticeError> {
    if text.chars().count() > MAX_CHARS {
        return Err(whole(
            "notice_too_long",
            format!("粘贴的文字超过{MAX_CHARS}字，不像一份放假通知。请只粘贴通知正文。"),
            format!("The pasted text is over {MAX_CHARS} characters, too long for a holiday notice. Paste the notice only."),
        ));
    }
    let titled = year_in_title(&normalise(text));
    let year = match (year, titled) {
        (Some(a), Some(b)) if a != b => {
            return Err(whole(
                "notice_year_mismatch",
                format!("选择的是{a}年，但粘贴的是{b}年的通知。"),
                format!("The year chosen is {a} but the notice pasted is for {b}."),
            ))
        }
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => {
            return Err(whole(
                "notice_year_unknown",
                "看不出这是哪一年的通知：请连同标题（“国务院办公厅关于20XX年部分节假日安排的通知”）一起粘贴，或选择年份。".into(),
                "The notice's year cannot be told: paste it with its title (\"国务院办公厅关于20XX年部分节假日安排的通知\") or choose the year.".into(),
            ))
        }
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(whole(
            "notice_year_out_of_range",
            format!("{year}年不在2000年至2100年之间。"),
            format!("{year} is not between 2000 and 2100."),
        ));
    }
    let mut arr = YearArrangement {
        source: format!("国务院办公厅关于{year}年部分节假日安排的通知（管理员粘贴导入 / pasted by an administrator）"),
        ..Default::default()
    };
    let mut seen = BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        let norm = normalise(raw);
        for item in items(&norm).into_iter().filter(|s| !s.is_empty()) {
            let line = Line {
                no: i + 1,
                text: item,
            };
            let skip = numbering(item).unwrap_or(0);
            let Some((names, n)) = holiday_header(&item[skip..]) else {
                let names_first = NAMES.iter().any(|n| item[skip..].starts_with(n));
                if skip > 0 || names_first || looks_like_days(item) {
                    return Err(line.unreadable(item));
                }
                continue; // the title, the addressees, the signature
            };
            if let Some(again) = names.iter().find(|n| !seen.insert(**n)) {
                return Err(line.err(
                    "notice_duplicate_holiday",
                    format!("{again}出现了两次。"),
                    format!("{again} appears twice."),
                ));
            }
            let mut said = Said::default();
            read_item(&line, &item[skip + n..], &mut said)?;
            settle(&line, year, &names.join("、"), said, &mut arr)?;
        }
    }
    if arr.off.is_empty() {
        return Err(whole(
            "notice_no_holidays",
            "没有找到任何节日安排。请粘贴通知中“一、元旦：……”这样的各行。".into(),
            "No holiday was found. Paste the notice's numbered lines (\"一、元旦：……\").".into(),
        ));
    }
    arr.off.sort_by_key(|h| h.from);
    arr.workdays.sort();
    arr.workdays.dedup();
    WorkCalendar::default()
        .set_year(year, arr.clone())
        .map_err(|e| whole("notice_rejected", e.message(Lang::Zh), e.message(Lang::En)))?;
    Ok(arr)
}

#[cfg(test)]
mod tests;
