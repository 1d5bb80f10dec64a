//! Line breaking for mixed Chinese/Latin text: a line may break between
//! any two Chinese characters and at spaces, never inside a Latin word, a
//! number, a date ("2026年12月1日", "二〇二六年十二月一日"), a time
//! ("10时30分"), an amount ("3,600元", "¥5000", "伍仟元整") or a numbered
//! item ("第12条"); closing punctuation never starts a line and opening
//! punctuation never ends one (kinsoku).

/// May not start a line (closing punctuation).
pub(crate) fn is_no_line_start(ch: char) -> bool {
    matches!(
        ch,
        '、' | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '…'
            | '%'
            | '％'
            | '”'
            | '’'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// May not end a line (opening punctuation).
pub(crate) fn is_no_line_end(ch: char) -> bool {
    matches!(
        ch,
        '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '“' | '‘' | '(' | '[' | '{'
    )
}

/// Characters that glue together into an unbreakable "word": Latin letters,
/// digits and ASCII punctuation (so "10:30", "e-mail," and "TS-2026-000123"
/// stay whole).
fn is_word_char(ch: char) -> bool {
    !ch.is_whitespace() && (ch.is_ascii_graphic() || ('\u{00C0}'..='\u{024F}').contains(&ch))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Space,
    /// One CJK character (or any other character that may break on both sides).
    Char(char),
    Word(String),
}

impl Token {
    fn first(&self) -> Option<char> {
        match self {
            Token::Space => None,
            Token::Char(c) => Some(*c),
            Token::Word(w) => w.chars().next(),
        }
    }
    fn last(&self) -> Option<char> {
        match self {
            Token::Space => None,
            Token::Char(c) => Some(*c),
            Token::Word(w) => w.chars().last(),
        }
    }
    fn text(&self) -> String {
        match self {
            Token::Space => " ".into(),
            Token::Char(c) => c.to_string(),
            Token::Word(w) => w.clone(),
        }
    }
}

fn tokenize(par: &str) -> Vec<Token> {
    let chars: Vec<char> = par.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = glued_run(&chars, i) {
            // Dates, amounts and numbers join the word being built, if any.
            word.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let ch = chars[i];
        i += 1;
        if is_word_char(ch) {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(&mut word)));
        }
        if ch.is_whitespace() && ch != '\u{3000}' {
            if out.last() != Some(&Token::Space) {
                out.push(Token::Space);
            }
        } else if !ch.is_control() {
            out.push(Token::Char(ch));
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

/// Units that may follow a number and stay with it: "30日", "3,600元",
/// "12条", "5人", "10％".
const UNITS: &str =
    "元角分厘％年月日号时点秒天周个人名次件条款项页份岁倍米克吨届期批户位家台辆笔张封套";
/// Units after which a date or time goes on with another number:
/// "2026年12月1日", "10时30分", "10点30分".
const DATE_PARTS: &str = "年月时点";
/// Chinese numerals of a date written out ("二〇二六年十二月一日").
const CN_DIGITS: &str = "〇零一二三四五六七八九十";
/// Characters of an amount written in capitals ("壹万零伍元整").
const UPPER_AMOUNT: &str = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整";

/// The end of the unbreakable run (date, amount, number with its unit)
/// starting at `i`, if one starts there.
fn glued_run(chars: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).copied();
    let is_digit = |k: usize| at(k).is_some_and(|c| c.is_ascii_digit());
    let c = at(i)?;
    // "第12条", "¥5000", "￥3,600.00": the prefix stays with the number.
    if matches!(c, '第' | '¥' | '￥') && is_digit(i + 1) {
        return Some(number_run(chars, i + 1));
    }
    if c.is_ascii_digit() {
        // Only at the start of a number (not in the middle of one).
        if i > 0 && is_digit(i - 1) {
            return None;
        }
        return Some(number_run(chars, i));
    }
    if CN_DIGITS.contains(c) {
        return cn_date(chars, i);
    }
    if UPPER_AMOUNT.contains(c) && !matches!(c, '元' | '角' | '分' | '整' | '零') {
        let mut k = i;
        while at(k).is_some_and(|c| UPPER_AMOUNT.contains(c)) {
            k += 1;
        }
        // Only a real amount: it names the yuan ("伍仟元整", "叁拾元零伍分").
        return (k - i >= 3 && chars[i..k].contains(&'元')).then_some(k);
    }
    None
}

/// A number from `i` with its decimal part, thousands separators, date and
/// time parts and its unit: "3,600元", "2026年12月1日", "10时30分", "33.5％".
fn number_run(chars: &[char], i: usize) -> usize {
    let at = |k: usize| chars.get(k).copied();
    let is_digit = |k: usize| at(k).is_some_and(|c| c.is_ascii_digit());
    let mut k = i;
    loop {
        while is_digit(k) {
            k += 1;
        }
        // "3,600", "5000.00", "10:30": a separator between digits.
        if at(k).is_some_and(|c| matches!(c, ',' | '.' | ':' | '：')) && is_digit(k + 1) {
            k += 1;
            continue;
        }
        // "2026年12月…", "10时30…": the date goes on.
        if at(k).is_some_and(|c| DATE_PARTS.contains(c)) && is_digit(k + 1) {
            k += 1;
            continue;
        }
        break;
    }
    // "万元", "亿元": a multiplier and the currency.
    if at(k).is_some_and(|c| matches!(c, '万' | '亿' | '千' | '百'))
        && at(k + 1).is_some_and(|c| c == '元')
    {
        return k + 2;
    }
    if at(k).is_some_and(|c| UNITS.contains(c) || c == '万' || c == '亿') {
        k += 1;
    }
    k
}

/// "二〇二六年十二月一日" (the whole date or nothing).
fn cn_date(chars: &[char], i: usize) -> Option<usize> {
    let mut k = i;
    for (unit, most) in [('年', 5), ('月', 3), ('日', 3)] {
        let from = k;
        while chars.get(k).is_some_and(|c| CN_DIGITS.contains(*c)) && k - from < most {
            k += 1;
        }
        if k == from || chars.get(k) != Some(&unit) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// Breaks `text` into lines no wider than `max_width`, measuring each char
/// with `advance` (same unit as `max_width`). Newlines in the text start new
/// lines; an empty paragraph gives an empty line.
///
/// Rules: a line may break between any two CJK characters and at spaces;
/// Latin words and numbers stay whole unless a word alone is wider than a
/// line, then it is broken by characters. A line never starts with closing
/// punctuation (the previous character is pulled down with it) and never ends
/// with opening punctuation (it is pushed to the next line).
pub(crate) fn wrap(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = Vec::new();
    for par in text.split('\n') {
        wrap_paragraph(par, max_width, advance, &mut lines);
    }
    lines
}

fn token_width(t: &Token, advance: &dyn Fn(char) -> f32) -> f32 {
    match t {
        Token::Space => advance(' '),
        Token::Char(c) => advance(*c),
        Token::Word(w) => w.chars().map(advance).sum(),
    }
}

fn wrap_paragraph(par: &str, max_width: f32, advance: &dyn Fn(char) -> f32, out: &mut Vec<String>) {
    let tokens = tokenize(par);
    let mut line: Vec<Token> = Vec::new();
    let mut width = 0.0f32;
    let eps = 1e-3;

    let emit = |line: &mut Vec<Token>, out: &mut Vec<String>| {
        while line.last() == Some(&Token::Space) {
            line.pop();
        }
        out.push(line.iter().map(Token::text).collect());
        line.clear();
    };

    let mut queue: std::collections::VecDeque<Token> = tokens.into();
    let mut produced_any = false;
    while let Some(tok) = queue.pop_front() {
        if tok == Token::Space && line.is_empty() {
            continue;
        }
        let w = token_width(&tok, advance);
        if width + w <= max_width + eps || (line.is_empty() && !matches!(tok, Token::Word(_))) {
            width += w;
            line.push(tok);
            continue;
        }
        // Does not fit.
        if tok == Token::Space {
            // A space at the end of a line just disappears.
            emit(&mut line, out);
            produced_any = true;
            width = 0.0;
            continue;
        }
        if let Token::Word(word) = &tok {
            if w > max_width + eps {
                // Too long for any line: break it by characters, filling the
                // current line first.
                let mut chars = word.chars().peekable();
                let mut piece = String::new();
                while let Some(&ch) = chars.peek() {
                    let cw = advance(ch);
                    if width + cw <= max_width + eps || (line.is_empty() && piece.is_empty()) {
                        piece.push(ch);
                        width += cw;
                        chars.next();
                    } else {
                        if !piece.is_empty() {
                            line.push(Token::Word(std::mem::take(&mut piece)));
                        }
                        emit(&mut line, out);
                        produced_any = true;
                        width = 0.0;
                    }
                }
                if !piece.is_empty() {
                    line.push(Token::Word(piece));
                }
                continue;
            }
            if line.is_empty() {
                width += w;
                line.push(tok);
                continue;
            }
        }
        // Break before `tok`; apply kinsoku to decide what moves down.
        let saved = line.clone();
        let mut carry: Vec<Token> = vec![tok.clone()];
        loop {
            let content = line.iter().filter(|t| **t != Token::Space).count();
            if content <= 1 {
                break;
            }
            let starts_bad = carry[0].first().is_some_and(is_no_line_start);
            let ends_bad = line
                .iter()
                .rev()
                .find(|t| **t != Token::Space)
                .and_then(Token::last)
                .is_some_and(is_no_line_end);
            if !(starts_bad || ends_bad) {
                break;
            }
            // Pull the last real token down (dropping spaces in between).
            while line.last() == Some(&Token::Space) {
                line.pop();
            }
            if let Some(t) = line.pop() {
                carry.insert(0, t);
            }
        }
        if line.is_empty() || carry[0].first().is_some_and(is_no_line_start) {
            // Nothing suitable can come down with it (a lone word before the
            // punctuation): let the punctuation hang past the margin instead.
            line = saved;
            width += w;
            line.push(tok);
            continue;
        }
        emit(&mut line, out);
        produced_any = true;
        width = 0.0;
        for t in carry.into_iter().rev() {
            queue.push_front(t);
        }
        // Re-queued tokens at the start of a fresh line are always accepted
        // by the `line.is_empty()` branch, so this loop makes progress.
        if let Some(first) = queue.pop_front() {
            width += token_width(&first, advance);
            line.push(first);
        }
    }
    if !line.is_empty() || !produced_any {
        emit(&mut line, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A monospace stand-in for a CJK font: ideographs and full-width
    /// punctuation are 1 em, Latin letters, digits and spaces half an em.
    fn adv(ch: char) -> f32 {
        if ch.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        wrap(text, width, &adv)
    }

    #[test]
    fn chinese_text_breaks_between_any_two_characters() {
        assert_eq!(
            lines("本单位已登记受理您反映的问题", 5.0),
            vec!["本单位已登", "记受理您反", "映的问题"]
        );
    }

    #[test]
    fn latin_words_and_numbers_are_kept_whole() {
        // "13800138000" is 5.5 em: it moves to the next line rather than split.
        assert_eq!(
            lines("电话13800138000联系", 6.0),
            vec!["电话", "13800138000", "联系"]
        );
        assert_eq!(
            lines("send an email to the office", 4.0),
            vec!["send an", "email to", "the", "office"]
        );
    }

    #[test]
    fn mixed_text_breaks_between_chinese_and_latin() {
        assert_eq!(
            lines("于2026年提交PDF文件", 4.0),
            vec!["于2026年", "提交PDF", "文件"]
        );
    }

    #[test]
    fn a_line_never_starts_with_closing_punctuation() {
        // "。" would start line 2; the character before it comes down with it.
        assert_eq!(lines("甲乙丙丁。戊己", 4.0), vec!["甲乙丙", "丁。戊己"]);
        assert_eq!(lines("甲乙丙丁，、戊", 4.0), vec!["甲乙丙", "丁，、戊"]);
        assert_eq!(lines("甲乙丙丁）", 4.0), vec!["甲乙丙", "丁）"]);
        // A lone word cannot come down: the punctuation hangs instead.
        assert_eq!(lines("abcdefgh、甲", 4.0), vec!["abcdefgh、", "甲"]);
    }

    #[test]
    fn a_line_never_ends_with_opening_punctuation() {
        assert_eq!(lines("甲乙丙《丁戊》", 4.0), vec!["甲乙丙", "《丁戊》"]);
        assert_eq!(lines("甲乙丙（丁）", 4.0), vec!["甲乙丙", "（丁）"]);
        assert_eq!(lines("甲乙丙（丁戊", 4.0), vec!["甲乙丙", "（丁戊"]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_by_characters() {
        assert_eq!(
            lines("abcdefghijklmnop", 3.0),
            vec!["abcdef", "ghijkl", "mnop"]
        );
        // It first fills the rest of the current line.
        assert_eq!(lines("甲abcdefgh", 3.0), vec!["甲abcd", "efgh"]);
    }

    #[test]
    fn newlines_start_new_lines_and_empty_lines_are_kept() {
        assert_eq!(
            lines("第一段\n\n第二段", 10.0),
            vec!["第一段", "", "第二段"]
        );
        assert_eq!(lines("", 10.0), vec![""]);
    }

    #[test]
    fn spaces_at_the_end_of_a_line_disappear() {
        assert_eq!(lines("ab cd ef", 2.0), vec!["ab", "cd", "ef"]);
    }

    /// Every occurrence of `piece` in `text` lies within one line.
    fn kept_whole(text: &str, piece: &str, width: f32) {
        let ls = lines(text, width);
        let joined: String = ls.concat();
        assert_eq!(joined, text.replace(' ', ""), "width {width}");
        let count = text.matches(piece).count();
        let whole: usize = ls.iter().map(|l| l.matches(piece).count()).sum();
        assert_eq!(whole, count, "width {width}: {piece} broken in {ls:?}");
    }

    #[test]
    fn a_date_an_amount_or_a_number_never_breaks_across_lines() {
        let text = "经查，车间于2026年10月8日扣发奖金3,600元，依第12条应于30日内补发，\
                    并于二〇二六年十二月一日前奖励人民币5000.00元（大写：伍仟元整），\
                    会议于10时30分开始，完成率33.5％，另付¥1,250。";
        for w in 3..40 {
            let w = w as f32;
            for piece in [
                "2026年10月8日",
                "3,600元",
                "第12条",
                "30日",
                "二〇二六年十二月一日",
                "5000.00元",
                "伍仟元整",
                "10时30分",
                "33.5％",
                "¥1,250",
            ] {
                // A piece wider than the line has to be broken somewhere.
                if piece.chars().map(adv).sum::<f32>() <= w {
                    kept_whole(text, piece, w);
                }
            }
        }
    }

    #[test]
    fn ordinary_chinese_numbers_words_still_break() {
        // "一" alone is not a date, "元" alone is not an amount.
        assert_eq!(lines("一元复始万象更新", 2.0).len(), 4);
        // A date longer than the line is broken by characters rather than lost.
        assert_eq!(lines("2026年12月31日", 3.0).concat(), "2026年12月31日");
    }

    #[test]
    fn every_character_is_kept_in_order() {
        let text = "本单位将自收到之日起30日内调查处理，处理完毕后5日内书面答复。（附件：证据材料A-1、A-2）";
        for w in [2.0, 3.0, 5.0, 7.5, 11.0, 40.0] {
            let joined: String = lines(text, w).concat();
            assert_eq!(joined, text, "width {w}");
            for l in lines(text, w).iter().skip(1) {
                let first = l.chars().next().unwrap();
                assert!(!is_no_line_start(first), "width {w}: line {l:?}");
            }
        }
    }
}
