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
    // Written out by hand: an import formats one instant per record.
    let millis = ts.as_millisecond();
    let (days, ms_of_day) = (millis.div_euclid(86_400_000), millis.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    }
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// Year, month and day of a count of days since 1970-01-01 (Howard
/// Hinnant's algorithm, proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parses an instant written by [`format_utc`] (or any RFC 3339 instant).
pub fn parse_utc(text: &str) -> Option<Timestamp> {
    // The stored form is read by hand: the analysis reads one per event.
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        b.get(r)?.iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    if b.len() == 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z'
        && let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s), Some(ms)) = (
            digits(0..4),
            digits(5..7),
            digits(8..10),
            digits(11..13),
            digits(14..16),
            digits(17..19),
            digits(20..23),
        )
        && (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && h < 24
        && mi < 60
        && s < 60
    {
        let days = days_from_civil(y, mo, d);
        let millis = ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms;
        return Timestamp::from_millisecond(millis).ok();
    }
    text.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of
/// [`civil_from_days`]).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hand_written_format_agrees_with_jiff() {
        for ms in [
            0i64,
            1,
            999,
            1_772_715_791_123,
            951_782_400_000,
            4_107_542_399_999,
            68_169_600_000,
            -1,
            -86_400_001,
        ] {
            let ts = Timestamp::from_millisecond(ms).expect("in range");
            assert_eq!(
                format_utc(ts),
                ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                "{ms}"
            );
            if ms >= 0 {
                assert_eq!(parse_utc(&format_utc(ts)), Some(ts), "{ms} reads back");
            }
        }
    }
}
