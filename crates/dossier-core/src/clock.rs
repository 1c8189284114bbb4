//! Where "now" comes from. Logic never reads the system clock itself: the
//! caller passes a [`Clock`], so audit entries and exports are reproducible in
//! tests and a fixed clock gives byte-identical output.

use jiff::Timestamp;

/// A source of the current instant.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always answers the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// Formats an instant the one way the case stores instants: RFC 3339 in UTC
/// with exactly three fractional digits, so that text order is time order.
pub fn format_utc(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Parses an instant written by [`format_utc`] (or any RFC 3339 instant).
pub fn parse_utc(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}
