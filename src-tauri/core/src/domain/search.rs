//! Substring search over Chinese and Latin text with SQLite FTS5.
//!
//! FTS5's unicode61 tokenizer keeps a run of CJK characters as one token, so
//! we index every CJK character as its own token; a query then becomes a
//! phrase of single characters, which matches exactly where those characters
//! stand next to each other — a substring match, for any length, that an
//! index answers without scanning the register.

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Turns text into the token stream stored in the index.
pub fn index_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        push_tokens(&mut out, part);
        out.push(' ');
    }
    out
}

fn push_tokens(out: &mut String, s: &str) {
    for c in s.chars() {
        if is_word_char(c) {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(' ');
        }
    }
}

/// The tokens of one search term.
fn tokens(term: &str) -> Vec<String> {
    let mut s = String::new();
    push_tokens(&mut s, term);
    s.split_whitespace().map(str::to_string).collect()
}

/// Builds an FTS5 MATCH expression: every whitespace-separated term must
/// occur as a substring (the last Latin token of a term may be a prefix).
/// Returns None when the text holds nothing searchable.
pub fn fts_query(text: &str) -> Option<String> {
    let phrases: Vec<String> = text
        .split_whitespace()
        .filter_map(|term| {
            let toks = tokens(term);
            let last = toks.last()?;
            let prefix = last.chars().all(is_word_char);
            Some(format!(
                "\"{}\"{}",
                toks.join(" "),
                if prefix { "*" } else { "" }
            ))
        })
        .collect();
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" AND "))
    }
}

/// "TS-2026-000123" / "JB-2026-000045": a whole case number.
pub fn looks_like_case_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 14
        && (s.starts_with("TS-") || s.starts_with("JB-"))
        && b[3..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_indexed_one_by_one_and_latin_words_whole() {
        assert_eq!(
            index_text(["王小明 TS-2026-000123"])
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["王", "小", "明", "ts", "2026", "000123"]
        );
    }

    #[test]
    fn a_chinese_term_becomes_a_phrase_of_its_characters() {
        assert_eq!(fts_query("小明").unwrap(), "\"小 明\"");
    }

    #[test]
    fn several_terms_must_all_match_and_a_latin_tail_is_a_prefix() {
        assert_eq!(
            fts_query("退费 TS-2026-0001").unwrap(),
            "\"退 费\" AND \"ts 2026 0001\"*"
        );
    }

    #[test]
    fn punctuation_alone_searches_nothing() {
        assert_eq!(fts_query(" 、，\"* "), None);
    }
}
