//! Time is injected: business logic asks a `Clock`, never the system.

use chrono::NaiveDateTime;

/// Office-local wall-clock time.
pub trait Clock: Send + Sync {
    fn now(&self) -> NaiveDateTime;
}

/// The computer's local time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        chrono::Local::now().naive_local()
    }
}

/// A clock that stands still (or is moved by hand) — for tests and demos.
#[derive(Debug)]
pub struct FixedClock(std::sync::Mutex<NaiveDateTime>);

impl FixedClock {
    pub fn at(t: NaiveDateTime) -> Self {
        FixedClock(std::sync::Mutex::new(t))
    }
    /// Parses "YYYY-MM-DD HH:MM:SS"; panics on a malformed literal (tests only).
    pub fn parse(s: &str) -> Self {
        Self::at(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock literal"))
    }
    pub fn set(&self, t: NaiveDateTime) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }
    /// Moves the clock forward.
    pub fn advance_seconds(&self, s: i64) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += chrono::Duration::seconds(s);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
