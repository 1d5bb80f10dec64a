//! The seats of the host: each browser or desktop seat is a random key in
//! an HttpOnly cookie (its session lives in the core under that key), with
//! a CSRF token the UI sends back on every call; and the list of seats
//! that called lately, for the host's screen.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

/// A seat as the host's screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectedSeat {
    pub address: String,
    /// The name the seat gave ("前台1号机"), or its browser.
    pub name: String,
    /// The user signed in there, if any.
    pub user: Option<String>,
    /// Seconds since its last call.
    pub idle_seconds: u64,
}

/// A seat last heard of: (address, name, user (account, name), when).
type Seen = (String, String, Option<(i64, Option<String>)>, Instant);

#[derive(Default)]
pub(crate) struct Seats {
    seen: Mutex<HashMap<String, Seen>>,
}

/// Seats not heard of for longer are no longer listed.
const LISTED_FOR: Duration = Duration::from_secs(10 * 60);

impl Seats {
    /// The name last seen for `user` at `seat`, if that is who it was.
    pub fn user_name(&self, seat: &str, user: i64) -> Option<String> {
        let m = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        match m.get(seat).and_then(|s| s.2.as_ref()) {
            Some((id, name)) if *id == user => name.clone(),
            _ => None,
        }
    }

    pub fn saw(&self, seat: &str, address: &str, name: &str, user: Option<(i64, Option<String>)>) {
        let mut m = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let entry = m
            .entry(seat.to_string())
            .or_insert_with(|| (String::new(), String::new(), None, Instant::now()));
        entry.0 = address.to_string();
        entry.1 = name.to_string();
        if user.is_some() {
            entry.2 = user;
        }
        entry.3 = Instant::now();
        if m.len() > 10_000 {
            m.retain(|_, v| v.3.elapsed() < LISTED_FOR);
        }
    }

    pub fn recent(&self) -> Vec<ConnectedSeat> {
        let m = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let mut v: Vec<ConnectedSeat> = m
            .values()
            .filter(|s| s.3.elapsed() < LISTED_FOR)
            .map(|s| ConnectedSeat {
                address: s.0.clone(),
                name: s.1.clone(),
                user: s.2.as_ref().and_then(|u| u.1.clone()),
                idle_seconds: s.3.elapsed().as_secs(),
            })
            .collect();
        v.sort_by_key(|s| s.idle_seconds);
        v
    }
}

/// 32 random bytes as hex: a seat key or a CSRF token.
pub(crate) fn token() -> String {
    let mut b = [0u8; 32];
    let _ = getrandom::fill(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A cookie's value from a Cookie header.
pub(crate) fn cookie(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name && !v.is_empty() && v.len() <= 128).then(|| v.to_string())
    })
}

/// Constant-time comparison of two tokens.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A seat's name as it asked to be called: printable, at most 40 characters.
pub(crate) fn seat_name(raw: Option<&str>) -> String {
    raw.map(|s| {
        s.chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect::<String>()
    })
    .filter(|s| !s.trim().is_empty())
    .unwrap_or_else(|| "浏览器".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_among_others_and_a_long_one_is_ignored() {
        assert_eq!(
            cookie("a=1; desk_seat=abc; b=2", "desk_seat").as_deref(),
            Some("abc")
        );
        assert_eq!(cookie("desk_seat=", "desk_seat"), None);
        assert_eq!(
            cookie(&format!("desk_seat={}", "x".repeat(200)), "desk_seat"),
            None
        );
        assert_eq!(token().len(), 64);
        assert_ne!(token(), token());
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert_eq!(seat_name(Some("前台\u{7}1号机")), "前台1号机");
        assert_eq!(seat_name(None), "浏览器");
    }
}
