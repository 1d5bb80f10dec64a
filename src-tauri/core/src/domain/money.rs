//! Money is integer fen (分) end to end; rates are basis points (1 bp =
//! 0.01 %). No floating point anywhere.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::FieldError;

/// An amount in fen. Never negative where the register stores it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default, TS,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// A rate in basis points: 10,000 bp = 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct Bp(pub i64);

impl Fen {
    pub fn yuan(y: i64) -> Fen {
        Fen(y * 100)
    }

    /// `self × rate`, rounded down to the fen (never more than the rate allows).
    pub fn times_floor(self, rate: Bp) -> Fen {
        Fen((i128::from(self.0) * i128::from(rate.0)).div_euclid(10_000) as i64)
    }

    /// `self × rate`, rounded up to the fen (never less than the rate asks).
    pub fn times_ceil(self, rate: Bp) -> Fen {
        let p = i128::from(self.0) * i128::from(rate.0);
        Fen((-((-p).div_euclid(10_000))) as i64)
    }

    /// "¥1,234.56"
    pub fn display(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let v = self.0.unsigned_abs();
        let yuan = (v / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}¥{grouped}.{:02}", v % 100)
    }

    /// "1234.56" (for inputs).
    pub fn plain(self) -> String {
        format!("{}.{:02}", self.0 / 100, (self.0 % 100).abs())
    }

    /// The amount in Chinese capitals: 壹仟贰佰叁拾肆元伍角陆分, 伍仟元整.
    pub fn upper(self) -> String {
        const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
        const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
        const GROUPS: [&str; 4] = ["", "万", "亿", "万亿"];
        if self.0 == 0 {
            return "零元整".into();
        }
        let v = self.0.unsigned_abs();
        let yuan = (v / 100).to_string();
        let jiao = (v / 10) % 10;
        let fen = v % 10;
        let mut out = String::new();
        if v >= 100 {
            let n = yuan.len();
            let mut zero_pending = false;
            let mut group_has_digit = false;
            for (i, ch) in yuan.bytes().enumerate() {
                let p = n - 1 - i;
                let d = usize::from(ch - b'0');
                if d == 0 {
                    zero_pending = !out.is_empty();
                } else {
                    if zero_pending {
                        out.push('零');
                        zero_pending = false;
                    }
                    out.push(DIGITS[d]);
                    out.push_str(UNITS[p % 4]);
                    group_has_digit = true;
                }
                if p.is_multiple_of(4) && p > 0 {
                    if group_has_digit {
                        out.push_str(GROUPS[p / 4]);
                        zero_pending = false;
                    }
                    group_has_digit = false;
                }
            }
            out.push('元');
        }
        match (jiao, fen) {
            (0, 0) => out.push('整'),
            (j, 0) => {
                out.push(DIGITS[j as usize]);
                out.push('角');
                out.push('整');
            }
            (0, f) => {
                if !out.is_empty() {
                    out.push('零');
                }
                out.push(DIGITS[f as usize]);
                out.push('分');
            }
            (j, f) => {
                out.push(DIGITS[j as usize]);
                out.push('角');
                out.push(DIGITS[f as usize]);
                out.push('分');
            }
        }
        if self.0 < 0 {
            format!("负{out}")
        } else {
            out
        }
    }
}

/// Parses what a person types: "1234", "1,234.5", "¥1234.56". Refuses
/// negatives, more than two decimals and anything that is not a number.
pub fn parse_amount(field: &str, s: &str) -> Result<Fen, FieldError> {
    let bad = |code: &'static str, zh: String, en: String| FieldError::new(field, code, zh, en);
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Err(bad(
            "required",
            "请填写金额。".into(),
            "Enter an amount.".into(),
        ));
    }
    if t.starts_with('-') {
        return Err(bad(
            "negative",
            "金额不能为负数。".into(),
            "The amount cannot be negative.".into(),
        ));
    }
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad(
            "not_a_number",
            format!("“{s}”不是有效金额，请填写如 1234.56 的数字。"),
            format!("\"{s}\" is not an amount; enter a number such as 1234.56."),
        ));
    }
    if frac.len() > 2 {
        return Err(bad(
            "too_many_decimals",
            "金额最多两位小数（精确到分）。".into(),
            "An amount has at most two decimals (fen).".into(),
        ));
    }
    let yuan: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| {
            bad(
                "too_large",
                "金额过大。".into(),
                "The amount is too large.".into(),
            )
        })?
    };
    let frac_fen: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    yuan.checked_mul(100)
        .and_then(|v| v.checked_add(frac_fen))
        .filter(|v| *v <= 100_000_000_000_000)
        .map(Fen)
        .ok_or_else(|| {
            bad(
                "too_large",
                "金额过大。".into(),
                "The amount is too large.".into(),
            )
        })
}

/// Splits `total` among `n` people so the parts sum exactly: the first
/// `total mod n` people get one fen more.
pub fn split_evenly(total: Fen, n: usize) -> Vec<Fen> {
    if n == 0 {
        return Vec::new();
    }
    let n64 = n as i64;
    let base = total.0 / n64;
    let extra = (total.0 % n64) as usize;
    (0..n).map(|i| Fen(base + i64::from(i < extra))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_display_with_thousands_and_two_decimals() {
        assert_eq!(Fen(123_456).display(), "¥1,234.56");
        assert_eq!(Fen(100_000_000).display(), "¥1,000,000.00");
        assert_eq!(Fen(5).display(), "¥0.05");
    }

    #[test]
    fn amounts_read_in_chinese_capitals() {
        for (fen, upper) in [
            (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
            (500_000, "伍仟元整"),
            (100_000_000, "壹佰万元整"),
            (100_050, "壹仟元伍角整"),
            (100_005, "壹仟元零伍分"),
            (1_000_100, "壹万零壹元整"),
            (10_500_000, "壹拾万伍仟元整"),
            (30, "叁角整"),
            (7, "柒分"),
        ] {
            assert_eq!(Fen(fen).upper(), upper, "{fen} fen");
        }
    }

    #[test]
    fn typed_amounts_parse_to_fen_and_bad_ones_are_refused() {
        assert_eq!(parse_amount("a", "1,234.5").unwrap(), Fen(123_450));
        assert_eq!(parse_amount("a", "¥88").unwrap(), Fen(8_800));
        assert_eq!(parse_amount("a", "-5").unwrap_err().code, "negative");
        assert_eq!(
            parse_amount("a", "1.234").unwrap_err().code,
            "too_many_decimals"
        );
        assert_eq!(parse_amount("a", "12a").unwrap_err().code, "not_a_number");
    }

    #[test]
    fn a_split_sums_exactly_to_the_total() {
        let parts = split_evenly(Fen(100_001), 3);
        assert_eq!(parts, vec![Fen(33_334), Fen(33_334), Fen(33_333)]);
        assert_eq!(parts.iter().map(|f| f.0).sum::<i64>(), 100_001);
    }

    #[test]
    fn rates_round_down_for_a_ceiling_and_up_for_a_floor() {
        // 3 % of ¥333.33 = 999.99 fen: floor 999, ceil 1000.
        assert_eq!(Fen(33_333).times_floor(Bp(300)), Fen(999));
        assert_eq!(Fen(33_333).times_ceil(Bp(300)), Fen(1_000));
    }
}
