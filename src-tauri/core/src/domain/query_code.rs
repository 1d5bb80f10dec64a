//! The anonymous reporter's query code: 16 symbols of Crockford base32 (80
//! random bits), printed on the receipt, read back forgivingly.

/// Crockford base32: no I, L, O or U, so a code read aloud is not misheard.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The code made from 16 random bytes (5 bits of each), as XXXX-XXXX-XXXX-XXXX.
pub fn from_random(raw: [u8; 16]) -> String {
    let symbols: String = raw
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(b & 31)] as char)
        .collect();
    format(&symbols)
}

fn format(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Accepts lower case, spaces, missing dashes and the look-alikes O/I/L.
pub fn normalize(code: &str) -> Option<String> {
    if code.len() > 64 {
        return None;
    }
    let symbols: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (symbols.len() == 16 && symbols.bytes().all(|b| CODE_ALPHABET.contains(&b)))
        .then(|| format(&symbols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_code_survives_lower_case_spaces_and_look_alike_letters() {
        let code = from_random([7, 200, 13, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(code.len(), 19);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(normalize(&typed).unwrap(), code);
        assert_eq!(
            normalize("oooo-iiii-llll-0000").unwrap(),
            "0000-1111-1111-0000"
        );
        assert_eq!(normalize("TOO-SHORT"), None);
    }
}
