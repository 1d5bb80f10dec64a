//! Tests of the notice reader: notices written from the shipped official
//! data read back to exactly that data, the real wording's odd forms, and
//! clear errors for what cannot be read.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn with_weekday(date: NaiveDate, month_shown: bool) -> String {
    let day = if month_shown {
        format!("{}月{}日", date.month(), date.day())
    } else {
        format!("{}日", date.day())
    };
    format!("{day}（{}）", weekday_zh(date.weekday()))
}

/// Writes a notice in the State Council's shape from an arrangement: each
/// make-up workday goes on the line of the nearest holiday.
fn notice_from(year: i32, arr: &YearArrangement) -> String {
    let mut text = format!(
        "国务院办公厅关于{year}年部分节假日安排的通知\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n经国务院批准，现将{year}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。\n"
    );
    let distance = |w: NaiveDate, h: &Holiday| {
        (w - h.from)
            .num_days()
            .abs()
            .min((w - h.to).num_days().abs())
    };
    for (i, h) in arr.off.iter().enumerate() {
        let mine: Vec<NaiveDate> = arr
            .workdays
            .iter()
            .copied()
            .filter(|w| arr.off.iter().min_by_key(|o| distance(*w, o)) == Some(h))
            .collect();
        let days = (h.to - h.from).num_days() + 1;
        let mut line = format!("{}、{}：{}", NUMBERS[i], h.name, with_weekday(h.from, true));
        if h.to != h.from {
            line += &format!("至{}", with_weekday(h.to, h.to.month() != h.from.month()));
        }
        line += &match (mine.is_empty(), days) {
            (true, 1) => "放假1天，不调休。".to_string(),
            (true, n) => format!("放假，共{n}天。"),
            (false, n) => format!("放假调休，共{n}天。"),
        };
        if !mine.is_empty() {
            let listed: Vec<String> = mine.iter().map(|w| with_weekday(*w, true)).collect();
            line += &format!("{}上班。", listed.join("、"));
        }
        text += &line;
        text.push('\n');
    }
    text += "鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期。\n国务院办公厅\n";
    text += &format!("{}年11月4日\n", year - 1);
    text
}

fn official(year: i32) -> YearArrangement {
    WorkCalendar::shipped().year(year).unwrap().clone()
}

fn reads_back_exactly(year: i32) {
    let want = official(year);
    let text = notice_from(year, &want);
    let got = parse_notice(&text, None).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(got.off, want.off, "{text}");
    assert_eq!(got.workdays, want.workdays, "{text}");
    assert!(!got.provisional);
    // The same notice pasted as one long line (as some pages copy it).
    let one_line = text.replace('\n', "");
    let got = parse_notice(&one_line, Some(year)).unwrap();
    assert_eq!((got.off, got.workdays), (want.off, want.workdays));
}

#[test]
fn the_2025_notice_written_from_the_official_data_reads_back_to_it() {
    reads_back_exactly(2025);
}

#[test]
fn the_2026_notice_written_from_the_official_data_reads_back_to_it() {
    reads_back_exactly(2026);
}

fn one(year: i32, line: &str) -> YearArrangement {
    parse_notice(line, Some(year)).unwrap_or_else(|e| panic!("{e}"))
}

fn span(arr: &YearArrangement) -> (NaiveDate, NaiveDate) {
    (arr.off[0].from, arr.off[0].to)
}

#[test]
fn the_real_spring_festival_line_with_lunar_days_in_brackets_is_read() {
    let arr = one(
        2026,
        "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。",
    );
    assert_eq!(arr.off[0].name, "春节");
    assert_eq!(span(&arr), (d("2026-02-15"), d("2026-02-23")));
    assert_eq!(arr.workdays, [d("2026-02-14"), d("2026-02-28")]);
}

#[test]
fn a_holiday_of_one_day_is_parsed() {
    let arr = one(2026, "三、清明节：4月5日（周日）放假，共1天。");
    assert_eq!(span(&arr), (d("2026-04-05"), d("2026-04-05")));
    assert!(arr.workdays.is_empty());
}

#[test]
fn one_day_without_make_up_work_is_parsed() {
    let arr = one(2025, "一、元旦：1月1日（周三）放假1天，不调休。");
    assert_eq!(span(&arr), (d("2025-01-01"), d("2025-01-01")));
    assert!(arr.workdays.is_empty());
}

#[test]
fn two_holidays_merged_into_one_line_are_parsed() {
    let arr = one(
        2025,
        "六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。",
    );
    assert_eq!(arr.off[0].name, "国庆节、中秋节");
    assert_eq!(span(&arr), (d("2025-10-01"), d("2025-10-08")));
    assert_eq!(arr.workdays, [d("2025-09-28"), d("2025-10-11")]);
}

#[test]
fn half_width_and_full_width_digits_and_punctuation_read_alike() {
    let full = one(
        2026,
        "一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。",
    );
    let half = one(
        2026,
        "一、元旦: 1月1日(周四)至3日(周六)放假调休, 共3天. 1月4日(周日)上班.",
    );
    assert_eq!(full, half);
    assert_eq!(span(&half), (d("2026-01-01"), d("2026-01-03")));
    assert_eq!(half.workdays, [d("2026-01-04")]);
}

#[test]
fn a_span_crossing_the_new_year_is_read_with_or_without_its_years() {
    // The 2019 notice's wording: the days off start in December 2018.
    let written = one(
        2019,
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。",
    );
    assert_eq!(span(&written), (d("2018-12-30"), d("2019-01-01")));
    assert_eq!(written.workdays, [d("2018-12-29")]);
    let bare = one(
        2019,
        "一、元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。",
    );
    assert_eq!(bare, written);
}

#[test]
fn a_day_joined_to_the_weekend_or_made_up_is_read() {
    let joined = one(2019, "三、清明节：4月5日放假，与周末连休。");
    assert_eq!(span(&joined), (d("2019-04-05"), d("2019-04-05")));
    let made_up = one(2015, "三、清明节：4月5日放假，4月6日（星期一）补休。");
    assert_eq!(span(&made_up), (d("2015-04-05"), d("2015-04-05")));
    assert_eq!(made_up.off[1].name, "清明节（补休）");
    assert_eq!(
        (made_up.off[1].from, made_up.off[1].to),
        (d("2015-04-06"), d("2015-04-06"))
    );
}

#[test]
fn advice_in_a_holiday_line_is_skipped() {
    let arr = one(
        2024,
        "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。",
    );
    assert_eq!(span(&arr), (d("2024-02-10"), d("2024-02-17")));
    assert_eq!(arr.workdays, [d("2024-02-04"), d("2024-02-18")]);
}

fn refused(year: Option<i32>, text: &str) -> NoticeError {
    match parse_notice(text, year) {
        Ok(arr) => panic!("read as {arr:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_line_that_cannot_be_read_is_named_in_both_languages() {
    let text = "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n三、清明节：四月四日放假\n";
    let e = refused(None, text);
    assert_eq!((e.code, e.line), ("notice_line_unreadable", Some(3)));
    assert!(
        e.zh.contains("第3行") && e.zh.contains("四月四日放假"),
        "{}",
        e.zh
    );
    assert!(
        e.en.contains("Line 3") && e.en.contains("四月四日放假"),
        "{}",
        e.en
    );
}

#[test]
fn a_holiday_line_without_its_colon_or_its_name_is_not_skipped() {
    let e = refused(Some(2026), "清明节 4月4日到6日");
    assert_eq!((e.code, e.line), ("notice_line_unreadable", Some(1)));
    let e = refused(Some(2026), "元旦：1月1日放假\n4月4日至6日放假，共3天。");
    assert_eq!((e.code, e.line), ("notice_line_unreadable", Some(2)));
}

#[test]
fn a_date_outside_the_year_that_is_not_a_crossing_span_is_refused() {
    let e = refused(Some(2026), "三、清明节：2027年4月5日（周一）放假，共1天。");
    assert_eq!((e.code, e.line), ("notice_date_out_of_year", Some(1)));
    assert!(
        e.zh.contains("2027-04-05") && e.en.contains("2026"),
        "{}",
        e.en
    );
    let e = refused(
        Some(2026),
        "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。2025年1月4日（周六）上班。",
    );
    assert_eq!(e.code, "notice_date_out_of_year");
}

#[test]
fn a_notice_of_another_year_is_caught_by_its_weekdays() {
    let e = refused(
        Some(2027),
        "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
    );
    assert_eq!(e.code, "notice_weekday_mismatch");
    assert!(e.zh.contains("周四") && e.zh.contains("周五"), "{}", e.zh);
}

#[test]
fn a_wrong_total_is_refused() {
    let e = refused(
        Some(2026),
        "二、春节：2月15日（周日）至23日（周一）放假调休，共8天。",
    );
    assert_eq!(e.code, "notice_total_mismatch");
    assert!(
        e.en.contains("8 days") && e.en.contains("9 days"),
        "{}",
        e.en
    );
}

#[test]
fn a_make_up_workday_on_a_weekday_is_refused() {
    let e = refused(
        Some(2026),
        "一、元旦：1月1日至3日放假调休，共3天。1月5日上班。",
    );
    assert_eq!(e.code, "notice_workday_not_weekend");
}

#[test]
fn the_same_holiday_twice_is_refused() {
    let text = "一、元旦：1月1日放假。\n二、元旦：1月2日放假。";
    assert_eq!(refused(Some(2026), text).code, "notice_duplicate_holiday");
}

#[test]
fn the_year_comes_from_the_title_or_the_choice_and_they_must_agree() {
    let line = "一、元旦：1月1日（周四）放假。";
    assert_eq!(refused(None, line).code, "notice_year_unknown");
    let titled = format!("国务院办公厅关于2026年部分节假日安排的通知\n{line}");
    assert_eq!(
        parse_notice(&titled, None).unwrap().off[0].from,
        d("2026-01-01")
    );
    assert_eq!(refused(Some(2027), &titled).code, "notice_year_mismatch");
    assert_eq!(refused(Some(2101), line).code, "notice_year_out_of_range");
}

#[test]
fn text_without_any_holiday_line_is_refused() {
    assert_eq!(refused(Some(2026), "").code, "notice_no_holidays");
    assert_eq!(
        refused(Some(2026), "国务院办公厅\n2025年11月4日").code,
        "notice_no_holidays"
    );
}

#[test]
fn an_impossible_date_or_span_is_refused() {
    assert_eq!(
        refused(Some(2026), "一、元旦：2月30日放假。").code,
        "notice_date_invalid"
    );
    assert_eq!(
        refused(Some(2026), "一、元旦：1月5日至1月1日放假。").code,
        "notice_span_invalid"
    );
    assert_eq!(
        refused(Some(2026), "一、元旦：1月1日至3月1日放假。").code,
        "notice_span_invalid"
    );
}

#[test]
fn no_prefix_of_a_notice_and_no_huge_paste_makes_the_reader_panic() {
    let text = notice_from(2026, &official(2026));
    for (i, _) in text.char_indices() {
        let _ = parse_notice(&text[..i], Some(2026));
    }
    let huge = "一、元旦：1月1日放假。".repeat(5_000);
    assert_eq!(refused(Some(2026), &huge).code, "notice_too_long");
    let digits = format!("一、元旦：{}月1日放假。", "9".repeat(40));
    assert_eq!(refused(Some(2026), &digits).code, "notice_line_unreadable");
}

#[test]
fn a_reading_error_becomes_a_desk_error_with_both_languages() {
    let e: DeskError = refused(Some(2026), "一、元旦：四月").into();
    assert_eq!(e.code(), "notice_line_unreadable");
    assert!(e.message(Lang::Zh).contains("第1行"));
    assert!(e.message(Lang::En).contains("Line 1"));
}
