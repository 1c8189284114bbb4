//! Times a person types: `--at` on the command line, the time of a typed note.
//! A time with an offset or `Z` is taken as written; a time without one is read
//! in the case's time zone, because that is the clock the user lives by.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// A stated time: the instant and the offset it was stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatedTime {
    pub at: Timestamp,
    pub offset: Offset,
}

/// Why a typed time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read the time {input:?}: write it as 2026-03-05 21:30 (read in the case's time zone {zone}), \
     2026年3月5日 21:30, or 2026-03-05T21:30:00+08:00"
)]
pub struct TimeError {
    pub input: String,
    pub zone: String,
}

/// Parses a stated time, reading zone-less forms in `zone`.
pub fn parse(input: &str, zone: &TimeZone, zone_name: &str) -> Result<StatedTime, TimeError> {
    let error = || TimeError {
        input: input.to_owned(),
        zone: zone_name.to_owned(),
    };
    let text = input.trim();
    if text.is_empty() {
        return Err(error());
    }
    if let Ok(zoned) = text.parse::<ZonedDateTime>() {
        return Ok(StatedTime {
            at: zoned.timestamp(),
            offset: zoned.offset(),
        });
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        // RFC 3339 with an explicit offset: keep the offset it was written in.
        let offset = offset_written(text).unwrap_or(Offset::UTC);
        return Ok(StatedTime { at: ts, offset });
    }
    let normalized = normalize_chinese(text);
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(civil) = DateTime::strptime(format, &normalized) {
            let zoned = civil.to_zoned_datetime(zone.clone()).map_err(|_| error())?;
            return Ok(StatedTime {
                at: zoned.timestamp(),
                offset: zoned.offset(),
            });
        }
    }
    Err(error())
}

/// `2026年3月5日 21时30分` → `2026-3-5 21:30`.
fn normalize_chinese(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '年' | '月' => out.push('-'),
            '日' | '号' => out.push(' '),
            '时' | '点' | '：' => out.push(':'),
            '分' | '秒' => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(':')
        .to_owned()
}

/// The offset at the end of an RFC 3339 text, if it has one.
fn offset_written(text: &str) -> Option<Offset> {
    if text.ends_with('Z') || text.ends_with('z') {
        return Some(Offset::UTC);
    }
    let tail = text.get(text.len().checked_sub(6)?..)?;
    parse_stored_offset(tail)
}

/// A bound for a time range (`--from`, `--to`): a stated time, or a bare date
/// (`2026-03-05`, `2026年3月5日`) meaning the start of that day in `zone`.
pub fn parse_bound(input: &str, zone: &TimeZone, zone_name: &str) -> Result<StatedTime, TimeError> {
    if let Ok(stated) = parse(input, zone, zone_name) {
        return Ok(stated);
    }
    if let Some(date) = parse_date(input) {
        let zoned = date
            .to_zoned_datetime(zone.clone())
            .map_err(|_| TimeError {
                input: input.to_owned(),
                zone: zone_name.to_owned(),
            })?;
        return Ok(StatedTime {
            at: zoned.timestamp(),
            offset: zoned.offset(),
        });
    }
    Err(TimeError {
        input: input.to_owned(),
        zone: zone_name.to_owned(),
    })
}

/// A bare date as a person types it: `2026-04-02`, `2026/4/2`,
/// `2026年4月2日`.
pub fn parse_date(input: &str) -> Option<jiff::civil::Date> {
    let normalized = normalize_chinese(input.trim());
    ["%Y-%m-%d", "%Y/%m/%d"].into_iter().find_map(|format| {
        jiff::civil::Date::strptime(format, normalized.trim_end_matches('-')).ok()
    })
}

/// `+08:00` / `-05:00` as EXIF writes offsets (and the case stores them).
pub(crate) fn parse_offset(text: &str) -> Option<(Offset, String)> {
    let bytes = text.as_bytes();
    if bytes.len() != 6 || bytes[3] != b':' {
        return None;
    }
    let sign = match bytes[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = text[1..3].parse().ok()?;
    let minutes: i32 = text[4..6].parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    Some((offset, text.to_owned()))
}

/// Formats an offset the way the case stores it: `+08:00`.
pub fn format_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

/// Parses an offset stored by [`format_offset`].
pub fn parse_stored_offset(text: &str) -> Option<Offset> {
    parse_offset(text).map(|(o, _)| o)
}
