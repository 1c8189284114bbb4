//! When an exhibit came into being, and on what basis we say so — because a
//! court will ask. In order of preference: EXIF `DateTimeOriginal` (with
//! `OffsetTimeOriginal` where present) for photos and screenshots; the
//! container's recording date for audio and video; the source file's
//! modification time; the time of import. A time the contributor states
//! overrides them all and is recorded as stated.
//!
//! Durations come from the container: MP4/M4A/MOV/3GP (`mvhd`), WAV (`fmt `
//! and `data`), and AMR (frame count). Other formats report none.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// What a capture time rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// EXIF `DateTimeOriginal` written by the camera or phone.
    Exif,
    /// The recording date in an audio or video container.
    Media,
    /// The source file's modification time.
    FileModified,
    /// No time could be found: the moment the file was added.
    ImportTime,
    /// A time the contributor stated (`--at`, or a typed note).
    Stated,
    /// The time of the message it was taken from (an MMS part, an
    /// iMessage attachment): its own bytes are not read for a time.
    Message,
}

impl Basis {
    pub const ALL: [Basis; 6] = [
        Basis::Exif,
        Basis::Media,
        Basis::FileModified,
        Basis::ImportTime,
        Basis::Stated,
        Basis::Message,
    ];

    /// How an exhibit's time is known, in words.
    pub fn label(self, lang: crate::model::lang::Lang) -> &'static str {
        use crate::model::lang::Lang;
        match (lang, self) {
            (Lang::Zh, Basis::Exif) => "照片 EXIF 拍摄时间",
            (Lang::Zh, Basis::Media) => "录音/视频文件内记录的时间",
            (Lang::Zh, Basis::FileModified) => "文件修改时间",
            (Lang::Zh, Basis::ImportTime) => "导入时间（未找到更早的时间）",
            (Lang::Zh, Basis::Stated) => "提供人陈述的时间",
            (Lang::Zh, Basis::Message) => "所属消息的时间",
            (Lang::En, Basis::Exif) => "EXIF DateTimeOriginal",
            (Lang::En, Basis::Media) => "recording date in the file",
            (Lang::En, Basis::FileModified) => "file modification time",
            (Lang::En, Basis::ImportTime) => "time of import (no earlier time found)",
            (Lang::En, Basis::Stated) => "stated by the contributor",
            (Lang::En, Basis::Message) => "time of the message it came in",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Exif => "exif",
            Basis::Media => "media",
            Basis::FileModified => "file_modified",
            Basis::ImportTime => "import_time",
            Basis::Stated => "stated",
            Basis::Message => "message",
        }
    }

    pub fn parse(text: &str) -> Option<Basis> {
        Some(match text {
            "exif" => Basis::Exif,
            "media" => Basis::Media,
            "file_modified" => Basis::FileModified,
            "import_time" => Basis::ImportTime,
            "stated" => Basis::Stated,
            "message" => Basis::Message,
            _ => return None,
        })
    }
}

/// A capture time and its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub at: Timestamp,
    /// The UTC offset the source itself gave, if it gave one.
    pub offset: Option<Offset>,
    pub basis: Basis,
    /// The value as the source wrote it (e.g. `2026:03:05 21:03:11 +08:00`).
    pub raw: String,
    /// True when the source gave a local time without a zone and the case's
    /// time zone was assumed.
    pub zone_assumed: bool,
}

/// Reads EXIF `DateTimeOriginal` (and `OffsetTimeOriginal`) from an image.
/// A time without an offset is read in `zone`, and says so.
pub fn exif_time(path: &Path, zone: &TimeZone) -> Option<Capture> {
    let file = File::open(path).ok()?;
    let exif = exif::Reader::new()
        .read_from_container(&mut BufReader::new(file))
        .ok()?;
    let ascii = |tag| match exif.get_field(tag, exif::In::PRIMARY).map(|f| &f.value) {
        Some(exif::Value::Ascii(parts)) => parts
            .first()
            .and_then(|p| std::str::from_utf8(p).ok())
            .map(|s| s.trim().to_owned()),
        _ => None,
    };
    let text = ascii(exif::Tag::DateTimeOriginal)?;
    let civil = DateTime::strptime("%Y:%m:%d %H:%M:%S", &text).ok()?;
    let offset = ascii(exif::Tag::OffsetTimeOriginal).and_then(|o| crate::when::parse_offset(&o));
    match offset {
        Some((offset, offset_text)) => Some(Capture {
            at: civil
                .to_zoned_datetime(TimeZone::fixed(offset))
                .ok()?
                .timestamp(),
            offset: Some(offset),
            basis: Basis::Exif,
            raw: format!("{text} {offset_text}"),
            zone_assumed: false,
        }),
        None => Some(Capture {
            at: civil.to_zoned_datetime(zone.clone()).ok()?.timestamp(),
            offset: None,
            basis: Basis::Exif,
            raw: text,
            zone_assumed: true,
        }),
    }
}

/// What an audio or video container says about itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MediaInfo {
    pub recorded_at: Option<Timestamp>,
    pub duration_ms: Option<u64>,
}

/// Reads the recording date and duration from a container, by media type.
pub fn media_info(path: &Path, media_type: Option<&str>) -> MediaInfo {
    let Ok(file) = File::open(path) else {
        return MediaInfo::default();
    };
    let mut reader = BufReader::new(file);
    let result = match media_type {
        Some(
            "video/mp4" | "audio/m4a" | "audio/mp4" | "audio/x-m4a" | "video/quicktime"
            | "video/3gpp" | "video/x-m4v",
        ) => mp4_info(&mut reader),
        Some("audio/x-wav" | "audio/wav" | "audio/vnd.wave") => wav_info(&mut reader),
        Some("audio/amr") => amr_info(&mut reader),
        _ => Ok(MediaInfo::default()),
    };
    result.unwrap_or_default()
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_be_bytes(b))
}

/// ISO base media: find `moov/mvhd` and read its creation time (seconds since
/// 1904-01-01 UTC; 0 means unset) and duration.
fn mp4_info<R: Read + Seek>(r: &mut R) -> io::Result<MediaInfo> {
    let end = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let mut limit = end;
    let mut pos = 0u64;
    // Boxes are visited in order; a malformed size ends the search.
    for _ in 0..10_000 {
        if pos + 8 > limit {
            break;
        }
        r.seek(SeekFrom::Start(pos))?;
        let size32 = read_u32(r)?;
        let mut kind = [0u8; 4];
        r.read_exact(&mut kind)?;
        let (size, header) = match size32 {
            0 => (limit - pos, 8),
            1 => (read_u64(r)?, 16),
            n => (u64::from(n), 8),
        };
        if size < header || pos.saturating_add(size) > limit {
            break;
        }
        match &kind {
            b"moov" => {
                limit = pos + size;
                pos += header;
                continue;
            }
            b"mvhd" => {
                let mut vf = [0u8; 4];
                r.read_exact(&mut vf)?;
                let (created, timescale, duration) = if vf[0] == 1 {
                    let created = read_u64(r)?;
                    let _modified = read_u64(r)?;
                    (created, read_u32(r)?, read_u64(r)?)
                } else {
                    let created = u64::from(read_u32(r)?);
                    let _modified = read_u32(r)?;
                    (created, read_u32(r)?, u64::from(read_u32(r)?))
                };
                const SECONDS_1904_TO_1970: i64 = 2_082_844_800;
                let recorded_at = i64::try_from(created)
                    .ok()
                    .filter(|&c| c > SECONDS_1904_TO_1970)
                    .and_then(|c| Timestamp::from_second(c - SECONDS_1904_TO_1970).ok());
                let duration_ms =
                    (timescale > 0 && duration != u64::MAX && duration != u64::from(u32::MAX))
                        .then(|| duration.saturating_mul(1000) / u64::from(timescale));
                return Ok(MediaInfo {
                    recorded_at,
                    duration_ms,
                });
            }
            _ => pos += size,
        }
    }
    Ok(MediaInfo::default())
}

/// RIFF/WAVE: duration from the `fmt ` byte rate and the `data` size.
fn wav_info<R: Read + Seek>(r: &mut R) -> io::Result<MediaInfo> {
    let mut header = [0u8; 12];
    r.read_exact(&mut header)?;
    if &header[0..4] != b"RIFF" || &header[8..12] != b"WAVE" {
        return Ok(MediaInfo::default());
    }
    let mut byte_rate = None;
    for _ in 0..1_000 {
        let mut chunk = [0u8; 8];
        if r.read_exact(&mut chunk).is_err() {
            break;
        }
        let size = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
        match &chunk[0..4] {
            b"fmt " if size >= 16 => {
                let mut fmt = [0u8; 16];
                r.read_exact(&mut fmt)?;
                byte_rate = Some(u32::from_le_bytes([fmt[8], fmt[9], fmt[10], fmt[11]]));
                r.seek(SeekFrom::Current(i64::from(size - 16 + (size & 1))))?;
            }
            b"data" => {
                let duration_ms = byte_rate
                    .filter(|&b| b > 0)
                    .map(|b| u64::from(size) * 1000 / u64::from(b));
                return Ok(MediaInfo {
                    recorded_at: None,
                    duration_ms,
                });
            }
            _ => {
                r.seek(SeekFrom::Current(i64::from(size) + i64::from(size & 1)))?;
            }
        }
    }
    Ok(MediaInfo::default())
}

/// AMR (narrow- and wide-band storage format): 20 ms a frame.
fn amr_info<R: Read + Seek>(r: &mut R) -> io::Result<MediaInfo> {
    // Frame sizes in bytes, header byte included, by frame type.
    const NB: [u8; 16] = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
    const WB: [u8; 16] = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1];
    let mut magic = [0u8; 9];
    r.read_exact(&mut magic)?;
    let sizes = if &magic == b"#!AMR-WB\n" {
        &WB
    } else if &magic[..6] == b"#!AMR\n" {
        r.seek(SeekFrom::Start(6))?;
        &NB
    } else {
        return Ok(MediaInfo::default());
    };
    let mut frames = 0u64;
    let mut byte = [0u8; 1];
    while r.read(&mut byte)? == 1 {
        let size = sizes[usize::from((byte[0] >> 3) & 0x0f)];
        r.seek(SeekFrom::Current(i64::from(size) - 1))?;
        frames += 1;
    }
    Ok(MediaInfo {
        recorded_at: None,
        duration_ms: Some(frames * 20),
    })
}

/// A capture time from the file's modification time.
pub fn from_modified(modified: Timestamp) -> Capture {
    Capture {
        at: modified,
        offset: None,
        basis: Basis::FileModified,
        raw: crate::clock::format_utc(modified),
        zone_assumed: false,
    }
}

/// The last resort: the moment of import.
pub fn from_import(now: Timestamp) -> Capture {
    Capture {
        at: now,
        offset: None,
        basis: Basis::ImportTime,
        raw: crate::clock::format_utc(now),
        zone_assumed: false,
    }
}

/// A time from a container's recording date.
pub fn from_media(recorded_at: Timestamp) -> Capture {
    Capture {
        at: recorded_at,
        offset: None,
        basis: Basis::Media,
        raw: crate::clock::format_utc(recorded_at),
        zone_assumed: false,
    }
}

/// Converts a file system time to an instant.
pub fn system_time(time: std::time::SystemTime) -> Option<Timestamp> {
    let since = match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => SignedDuration::try_from(d).ok()?,
        Err(e) => -SignedDuration::try_from(e.duration()).ok()?,
    };
    Timestamp::from_duration(since).ok()
}
