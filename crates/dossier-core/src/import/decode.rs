//! Text encodings and the date and duration forms of Chinese exports.
//!
//! Carrier lists (详单) and other CSV files come as UTF-8 (with or without a
//! byte-order mark), GBK/GB18030 or UTF-16. Times come as
//! `2026年3月5日 21:03:11`, `2026/03/05 21:03`, `2026-03-05 21:03:11`, `03-05
//! 21:03` (the year supplied by the mapping), or Unix seconds or
//! milliseconds; durations as `1分23秒`, `1小时2分3秒`, `00:01:23`, `01:23` or
//! plain seconds (`83`).

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// The encoding a file's bytes are in, and the text.
pub(crate) fn decode(bytes: &[u8]) -> Result<(&'static str, String), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!(
                "it starts with a {} byte-order mark but is not valid {}",
                encoding.name(),
                encoding.name()
            ));
        }
        return Ok((encoding.name(), text.into_owned()));
    }
    // UTF-16 without a mark: most ASCII characters then have a zero byte
    // (and zero bytes are valid UTF-8, so this comes first).
    let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = bytes.len() / 2;
    for (encoding, zeros) in [(UTF_16LE, zeros_odd), (UTF_16BE, zeros_even)] {
        if half > 0 && zeros * 3 > half {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if !had_errors {
                return Ok((encoding.name(), text.into_owned()));
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((UTF_8.name(), text.to_owned()));
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors && !text.contains('\0') {
        return Ok(("GB18030", text.into_owned()));
    }
    Err("its text encoding cannot be recognised (not UTF-8, UTF-16 or GBK/GB18030)".to_owned())
}

/// Raw bytes read at a time; also the window the encoding is chosen from.
const RAW: usize = 64 << 10;

/// How [`Decoded`] turns bytes into UTF-8.
enum Mode {
    /// Nothing read yet.
    Start,
    /// Only ASCII so far, which every candidate encoding reads alike.
    Ascii,
    /// `refuse_nul`: GB18030, chosen because the bytes are not UTF-8; a NUL
    /// then means they are not text at all.
    Decoder {
        decoder: encoding_rs::Decoder,
        refuse_nul: bool,
        why: String,
    },
    Finished,
}

/// A file's bytes decoded to UTF-8 as they are read, in memory of a few
/// hundred KiB whatever the file's size — the streaming form of
/// [`decode`]. The encoding is chosen as [`decode`] chooses it, from a
/// byte-order mark or the first 64 KiB (UTF-16 without a mark), or, for
/// UTF-8 against GBK/GB18030, from the 64 KiB from the first non-ASCII
/// byte on. Bytes that are not valid in the chosen encoding end the text
/// with an error.
pub(crate) struct Decoded<R> {
    inner: R,
    raw: Vec<u8>,
    start: usize,
    eof: bool,
    mode: Mode,
    out: Vec<u8>,
    served: usize,
}

/// The message of bytes no encoding reads.
const UNRECOGNISED: &str =
    "its text encoding cannot be recognised (not UTF-8, UTF-16 or GBK/GB18030)";

impl<R: std::io::Read> Decoded<R> {
    pub(crate) fn new(inner: R) -> Decoded<R> {
        Decoded {
            inner,
            raw: Vec::with_capacity(RAW),
            start: 0,
            eof: false,
            mode: Mode::Start,
            out: Vec::new(),
            served: 0,
        }
    }

    /// Moves what is left of `raw` to its start and reads until it is full
    /// or the file ends.
    fn refill(&mut self) -> std::io::Result<()> {
        self.raw.drain(..self.start);
        self.start = 0;
        let mut chunk = [0u8; 8192];
        while self.raw.len() < RAW && !self.eof {
            let want = (RAW - self.raw.len()).min(chunk.len());
            match self.inner.read(&mut chunk[..want]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.raw.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Chooses the encoding from the first bytes: a mark, or UTF-16's zeros.
    fn choose_at_start(&mut self) {
        let bytes = &self.raw[..];
        if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
            self.start = bom;
            self.mode = Mode::Decoder {
                decoder: encoding.new_decoder_without_bom_handling(),
                refuse_nul: false,
                why: format!(
                    "it starts with a {} byte-order mark but is not valid {}",
                    encoding.name(),
                    encoding.name()
                ),
            };
            return;
        }
        let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = bytes.len() / 2;
        for (encoding, zeros) in [(UTF_16LE, zeros_odd), (UTF_16BE, zeros_even)] {
            if half > 0 && zeros * 3 > half {
                let mut decoder = encoding.new_decoder_without_bom_handling();
                let mut scratch = String::with_capacity(bytes.len() * 2 + 16);
                let (result, _) =
                    decoder.decode_to_string_without_replacement(bytes, &mut scratch, self.eof);
                if !matches!(result, encoding_rs::DecoderResult::Malformed(..)) {
                    self.mode = Mode::Decoder {
                        decoder: encoding.new_decoder_without_bom_handling(),
                        refuse_nul: false,
                        why: format!("it is not valid {}", encoding.name()),
                    };
                    return;
                }
            }
        }
        self.mode = Mode::Ascii;
    }

    /// Decodes the next piece of `raw` into `out`.
    fn decode_some(&mut self) -> std::io::Result<()> {
        let invalid =
            |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
        if let Mode::Ascii = self.mode {
            let rest = &self.raw[self.start..];
            let Some(i) = rest.iter().position(|b| !b.is_ascii()) else {
                self.out.extend_from_slice(rest);
                self.start = self.raw.len();
                if self.eof {
                    self.mode = Mode::Finished;
                }
                return Ok(());
            };
            self.out.extend_from_slice(&rest[..i]);
            self.start += i;
            // Too little left to judge by: judge after the next refill.
            if self.raw.len() - self.start < RAW / 2 && !self.eof {
                return Ok(());
            }
            let window = &self.raw[self.start..];
            let utf8 = match std::str::from_utf8(window) {
                Ok(_) => true,
                // A character cut off at the window's end.
                Err(e) => e.error_len().is_none() && !self.eof,
            };
            let encoding = if utf8 { UTF_8 } else { GB18030 };
            self.mode = Mode::Decoder {
                decoder: encoding.new_decoder_without_bom_handling(),
                refuse_nul: !utf8,
                why: UNRECOGNISED.to_owned(),
            };
        }
        let eof = self.eof;
        let Mode::Decoder {
            decoder,
            refuse_nul,
            why,
        } = &mut self.mode
        else {
            return Ok(());
        };
        let input = &self.raw[self.start..];
        let room = decoder
            .max_utf8_buffer_length_without_replacement(input.len())
            .ok_or_else(|| invalid(why))?;
        let at = self.out.len();
        self.out.resize(at + room, 0);
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(input, &mut self.out[at..], eof);
        self.out.truncate(at + written);
        self.start += read;
        match result {
            encoding_rs::DecoderResult::Malformed(..) => return Err(invalid(why)),
            _ if *refuse_nul && self.out[at..].contains(&0) => return Err(invalid(why)),
            encoding_rs::DecoderResult::InputEmpty if eof => self.mode = Mode::Finished,
            _ => {}
        }
        Ok(())
    }
}

impl<R: std::io::Read> std::io::Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = std::io::BufRead::fill_buf(self)?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl<R: std::io::Read> std::io::BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.served == self.out.len() {
            self.out.clear();
            self.served = 0;
            match self.mode {
                Mode::Finished => return Ok(&[]),
                Mode::Start => {
                    self.refill()?;
                    self.choose_at_start();
                }
                _ => {
                    if self.start == self.raw.len() || !self.eof {
                        self.refill()?;
                    }
                    self.decode_some()?;
                }
            }
        }
        Ok(&self.out[self.served..])
    }

    fn consume(&mut self, amount: usize) {
        self.served = (self.served + amount).min(self.out.len());
    }
}

/// Normalises Chinese date punctuation and full-width digits.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '０'..='９' => out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '年' | '月' | '/' | '.' => out.push('-'),
            '日' | '号' | 'T' => out.push(' '),
            '时' | '点' | '：' => out.push(':'),
            '分' => out.push(':'),
            '秒' => {}
            c => out.push(c),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.trim_end_matches([':', '-']).to_owned()
}

/// A time as exports write it, read in `zone`; `year` completes `03-05 21:03`.
pub(crate) fn parse_time(
    text: &str,
    zone: &TimeZone,
    year: Option<i16>,
) -> Result<Timestamp, String> {
    let raw = text.trim();
    if raw.is_empty() {
        return Err("the time is empty".to_owned());
    }
    if raw.bytes().all(|b| b.is_ascii_digit()) && raw.len() >= 9 {
        let n: i64 = raw.parse().map_err(|_| format!("{raw:?} is not a time"))?;
        let ts = if raw.len() >= 12 {
            Timestamp::from_millisecond(n)
        } else {
            Timestamp::from_second(n)
        };
        return ts.map_err(|_| format!("{raw:?} is out of range"));
    }
    if let Ok(ts) = raw.parse::<Timestamp>() {
        return Ok(ts);
    }
    let text = normalize(raw);
    let mut candidates = vec![text.clone()];
    if let Some(year) = year {
        candidates.push(format!("{year}-{text}"));
    }
    for candidate in &candidates {
        for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(civil) = DateTime::strptime(format, candidate) {
                return civil
                    .to_zoned_datetime(zone.clone())
                    .map(|z| z.timestamp())
                    .map_err(|e| format!("{raw:?}: {e}"));
            }
        }
    }
    if year.is_none() && DateTime::strptime("%Y-%m-%d %H:%M", format!("2000-{text}")).is_ok() {
        return Err(format!("{raw:?} has no year: give the mapping a \"year\""));
    }
    Err(format!(
        "{raw:?} is not a time this importer reads (e.g. 2026年3月5日 21:03:11, 2026/03/05 21:03)"
    ))
}

/// A duration as exports write it, in milliseconds.
pub(crate) fn parse_duration(text: &str) -> Result<u64, String> {
    let raw = text.trim();
    if raw.is_empty() || raw == "-" {
        return Ok(0);
    }
    if let Ok(seconds) = raw.parse::<u64>() {
        return Ok(seconds * 1000);
    }
    if raw.contains(['时', '分', '秒']) {
        let mut total = 0u64;
        let mut number = String::new();
        for c in raw.chars() {
            match c {
                '0'..='9' => number.push(c),
                '小' | ' ' => {}
                '时' | '分' | '秒' => {
                    let n: u64 = number
                        .parse()
                        .map_err(|_| format!("{raw:?} is not a duration"))?;
                    total += n * match c {
                        '时' => 3600,
                        '分' => 60,
                        _ => 1,
                    };
                    number.clear();
                }
                _ => return Err(format!("{raw:?} is not a duration")),
            }
        }
        if !number.is_empty() {
            return Err(format!("{raw:?} is not a duration"));
        }
        return Ok(total * 1000);
    }
    let parts: Vec<&str> = raw.split(':').collect();
    if (2..=3).contains(&parts.len()) {
        let mut total = 0u64;
        for part in &parts {
            let n: u64 = part
                .trim()
                .parse()
                .map_err(|_| format!("{raw:?} is not a duration"))?;
            total = total * 60 + n;
        }
        return Ok(total * 1000);
    }
    Err(format!(
        "{raw:?} is not a duration (e.g. 83, 1分23秒, 00:01:23)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(text: &str, year: Option<i16>) -> String {
        let zone = TimeZone::get("Asia/Shanghai").expect("zone");
        parse_time(text, &zone, year)
            .map(|t| t.to_string())
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn chinese_times() {
        for text in [
            "2026年3月5日 21:03:11",
            "2026/03/05 21:03:11",
            "2026-03-05 21:03:11",
            "2026.3.5 21:03:11",
            "２０２６年３月５日 21:03:11",
        ] {
            assert_eq!(time(text, None), "2026-03-05T13:03:11Z", "{text}");
        }
        assert_eq!(time("2026/03/05 21:03", None), "2026-03-05T13:03:00Z");
        assert_eq!(time("03-05 21:03", Some(2026)), "2026-03-05T13:03:00Z");
        assert!(time("03-05 21:03", None).contains("no year"));
        assert_eq!(time("1772715791", None), "2026-03-05T13:03:11Z");
        assert_eq!(time("1772715791000", None), "2026-03-05T13:03:11Z");
        assert!(time("yesterday", None).contains("not a time"));
    }

    #[test]
    fn durations() {
        for (text, ms) in [
            ("83", 83_000),
            ("1分23秒", 83_000),
            ("00:01:23", 83_000),
            ("01:23", 83_000),
            ("1小时2分3秒", 3_723_000),
            ("45秒", 45_000),
            ("", 0),
        ] {
            assert_eq!(parse_duration(text), Ok(ms), "{text}");
        }
        assert!(parse_duration("long").is_err());
    }

    #[test]
    fn encodings() {
        let (name, text) = decode("时间,号码\n".as_bytes()).expect("utf-8");
        assert_eq!((name, text.as_str()), ("UTF-8", "时间,号码\n"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("时间".as_bytes());
        assert_eq!(decode(&bom).expect("bom").1, "时间");
        let (gbk, _, _) = GB18030.encode("起始时间,对方号码\n2026年3月5日");
        assert_eq!(
            decode(&gbk).expect("gbk"),
            ("GB18030", "起始时间,对方号码\n2026年3月5日".to_owned())
        );
        let utf16: Vec<u8> = "time,number\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&utf16).expect("utf-16").1, "time,number\n");
        assert!(
            decode(&[
                0xFF, 0x00, 0xC3, 0x28, 0xA0, 0xA1, 0x80, 0x81, 0x00, 0xFE, 0x8F
            ])
            .is_err()
        );
    }
}
