//! `dossier demo`: a realistic, entirely synthetic case built from code, so a
//! new user sees the tool working in one command. A borrower (李明) harassed
//! over four weeks by collectors for two fictional lenders: photos with EXIF
//! times, chat screenshots, call recordings, a written call diary, and what
//! his sister received because she was in his contact list. Every name and
//! number is invented; the case title says so.

use crate::case::{Case, CaseError, InitOptions, Rules};
use crate::clock::Clock;
use crate::ingest::{self, AddOptions, Progress, Recursion};
use crate::note::{self, Channel, NoteError, NoteInput};
use crate::when::StatedTime;
use jiff::civil::{DateTime, date};
use jiff::tz::TimeZone;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{} already exists and is not empty: give `dossier demo` a new folder", path.display())]
    NotEmpty { path: PathBuf },
    #[error("cannot write the demo's files under {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("a demo file could not be stored: {0}")]
    Ingest(String),
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// What the demo made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub case_dir: PathBuf,
    pub phone_dir: PathBuf,
    pub sister_dir: PathBuf,
    pub files: usize,
    pub notes: usize,
}

const DEBTOR: &str = "李明（借款人）";
const SISTER: &str = "王芳（李明的姐姐）";
const LENDERS: [&str; 2] = ["青禾借款", "易速花"];
const AGENCY: &str = "鼎信资产管理";

/// Deterministic pseudo-random numbers (SplitMix64), so every demo is alike.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Builds the demo under `dir`: the synthetic phone files and the case.
pub fn build(
    dir: &Path,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<DemoReport, DemoError> {
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(DemoError::NotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Io { path, source }
    };
    let phone = dir.join("phone");
    let sister = dir.join("sister-phone");
    for d in [&phone, &sister] {
        fs::create_dir_all(d).map_err(io_err(d))?;
    }
    let zone = TimeZone::get("Asia/Shanghai").map_err(|_| CaseError::UnknownTimeZone {
        zone: "Asia/Shanghai".into(),
    })?;
    let mut rng = Rng(0x00D0_551E_2026_0301);
    let numbers: Vec<String> = (0..10)
        .map(|i| format!("170 5551 {:04}", 1020 + i * 7))
        .collect();
    let files = write_files(&phone, &sister, &zone, &numbers, &mut rng)?;

    let case_dir = dir.join("demo.dossier");
    let mut case = Case::init(
        &case_dir,
        &InitOptions {
            title: Some("演示案件：李明 遭受催收骚扰（虚构数据 / fictional data）".into()),
            rules: Rules::Cn,
            time_zone: Some("Asia/Shanghai".into()),
        },
        clock,
        DEBTOR,
    )?;
    for (folder, contributor) in [(&phone, DEBTOR), (&sister, SISTER)] {
        let options = AddOptions {
            contributor: Some(contributor.into()),
            recursive: Recursion::Yes,
            ..AddOptions::default()
        };
        let report = ingest::add_files(
            &mut case,
            &[folder.clone()],
            &options,
            clock,
            contributor,
            progress,
        );
        if let Some(e) = report.failures().next() {
            return Err(DemoError::Ingest(e.to_string()));
        }
    }
    let notes = diary(&zone, &numbers, &mut rng);
    for n in &notes {
        note::add_note(
            &mut case,
            n,
            clock,
            n.contributor.as_deref().unwrap_or(DEBTOR),
        )?;
    }
    Ok(DemoReport {
        case_dir,
        phone_dir: phone,
        sister_dir: sister,
        files,
        notes: notes.len(),
    })
}

fn local(zone: &TimeZone, day: i8, hour: i8, minute: i8, second: i8) -> StatedTime {
    let civil: DateTime = date(2026, 3, day).at(hour, minute, second, 0);
    let zoned = civil.to_zoned_datetime(zone.clone()).unwrap_or_else(|_| {
        civil
            .to_zoned_datetime(TimeZone::UTC)
            .expect("UTC has no gaps")
    });
    StatedTime {
        at: zoned.timestamp(),
        offset: zoned.offset(),
    }
}

/// An hour weighted towards evenings and nights, when collectors call most.
fn hour(rng: &mut Rng) -> i8 {
    *rng.pick(&[
        7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 21, 22, 22, 23, 23, 0, 1, 6,
    ])
}

/// The typed call diary: a few hundred entries over four weeks, heavier on
/// the paydays collectors favour (the 5th, 10th, 15th and 28th).
fn diary(zone: &TimeZone, numbers: &[String], rng: &mut Rng) -> Vec<NoteInput> {
    let mut notes = Vec::new();
    for day in 1..=28i8 {
        let payday = matches!(day, 5 | 10 | 15 | 28);
        let calls = 4 + rng.below(5) + if payday { 6 } else { 0 };
        for _ in 0..calls {
            let num = rng.pick(numbers).clone();
            let lender = rng.pick(&LENDERS);
            let days = 30 + i64::from(day);
            let (channel, text) = match rng.below(12) {
                0 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，自称{lender}贷后部门，说我已经逾期{days}天，今天下午五点前不还就“走法律程序”。"
                    ),
                ),
                1 => (
                    Channel::Call,
                    format!("{num} 打来，对方语气很凶，说要把我欠款的事告诉我单位领导和同事。"),
                ),
                2 => (
                    Channel::Call,
                    format!("{num} 来电，说已经给我通讯录里的人都发了信息，让我“自己看着办”。"),
                ),
                3 | 4 => (
                    Channel::Call,
                    format!("未接来电 {num}，响一声就挂，随后又打来两次。"),
                ),
                5 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，自称{AGENCY}“法务部”，说已经“立案”，下周派人“上门送传票”。"
                    ),
                ),
                6 => (
                    Channel::Call,
                    format!("{num} 来电，接起来对方直接骂人，我挂断后又连续打了三次。"),
                ),
                7 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，我说15号发工资后先还一部分，对方说不行，必须今天全额还清。"
                    ),
                ),
                8 => (
                    Channel::Message,
                    format!(
                        "收到 {num} 短信：“你已被列入失信黑名单，如不处理将在你所在小区张贴公告。”"
                    ),
                ),
                9 => (
                    Channel::Message,
                    format!("收到 {num} 短信：“通知你的紧急联系人和单位是你逼我们的，{lender}。”"),
                ),
                10 => (
                    Channel::Call,
                    format!("{num} 来电，说如果不还钱就去我老家找我父母。"),
                ),
                _ => (
                    Channel::Call,
                    format!("{num} 来电，要求我下载另一个借款App“以贷还贷”。"),
                ),
            };
            let minute = rng.below(60) as i8;
            let second = rng.below(60) as i8;
            notes.push(NoteInput {
                text,
                at: local(zone, day, hour(rng), minute, second),
                channel,
                party: Some(num),
                contributor: Some(DEBTOR.into()),
            });
        }
        if day % 9 == 4 {
            notes.push(NoteInput {
                text: format!("两名男子到家门口，敲门十多分钟，自称{}外访人员，在门上贴了“催收通知单”，拍了照片。", LENDERS[0]),
                at: local(zone, day, 21, 40, 0),
                channel: Channel::Visit,
                party: None,
                contributor: Some(DEBTOR.into()),
            });
        }
        if day % 7 == 3 {
            let num = rng.pick(numbers).clone();
            notes.push(NoteInput {
                text: format!("我（王芳）接到 {num} 来电，对方说我弟弟李明欠钱不还，让我替他还，否则“后果自负”。我从没借过钱，也不是担保人。"),
                at: local(zone, day, 22, 15 + (day % 30), 0),
                channel: Channel::Call,
                party: Some(num),
                contributor: Some(SISTER.into()),
            });
        }
    }
    notes.push(NoteInput {
        text: "有人到我公司前台，说找我“谈还款的事”，前台和几位同事都听到了。".into(),
        at: local(zone, 16, 10, 20, 0),
        channel: Channel::Visit,
        party: None,
        contributor: Some(DEBTOR.into()),
    });
    notes
}

/// Writes the synthetic phone files and returns how many.
fn write_files(
    phone: &Path,
    sister: &Path,
    zone: &TimeZone,
    numbers: &[String],
    rng: &mut Rng,
) -> Result<usize, DemoError> {
    let mut count = 0;
    let write =
        |path: PathBuf, bytes: &[u8], modified: Option<StatedTime>| -> Result<(), DemoError> {
            let err = |source| DemoError::Io {
                path: path.clone(),
                source,
            };
            fs::write(&path, bytes).map_err(err)?;
            if let Some(t) = modified {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(err)?;
                let time = std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(t.at.as_second().max(0) as u64);
                file.set_modified(time).map_err(err)?;
            }
            Ok(())
        };
    // Photos: the notice taped to the door, the stairwell, the letter.
    for (i, day) in [4i8, 7, 13, 13, 16, 22, 25, 28].into_iter().enumerate() {
        let t = local(zone, day, 21, 42 + i as i8, (i * 7) as i8);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let jpeg = photo(
            rng,
            &civil.strftime("%Y:%m:%d %H:%M:%S").to_string(),
            "+08:00",
        );
        let name = format!("IMG_{}.jpg", civil.strftime("%Y%m%d_%H%M%S"));
        write(phone.join(name), &jpeg, None)?;
        count += 1;
    }
    // Chat and SMS screenshots: PNG without EXIF; the file time says when.
    for day in (1..=28i8).step_by(2) {
        let t = local(
            zone,
            day,
            hour(rng),
            rng.below(60) as i8,
            rng.below(60) as i8,
        );
        let civil = t.at.to_zoned_datetime(zone.clone());
        let name = format!("Screenshot_{}.png", civil.strftime("%Y%m%d-%H%M%S"));
        write(phone.join(name), &screenshot(rng), Some(t))?;
        count += 1;
    }
    // Call recordings: WAV carries no date, so the file time is the basis.
    for (i, day) in [5i8, 10, 15, 28].into_iter().enumerate() {
        let t = local(zone, day, 22, 31 + i as i8, 5);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let num = numbers[i * 2].replace(' ', "");
        let name = format!("通话录音 {num} {}.wav", civil.strftime("%Y%m%d_%H%M"));
        write(
            phone.join(name),
            &recording(rng, 20 + 10 * i as u32),
            Some(t),
        )?;
        count += 1;
    }
    // The sister's own evidence: screenshots of what she was sent.
    for day in [3i8, 10, 17, 24] {
        let t = local(zone, day, 22, 20, 0);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let name = format!("Screenshot_{}.png", civil.strftime("%Y%m%d-%H%M%S"));
        write(sister.join(name), &screenshot(rng), Some(t))?;
        count += 1;
    }
    Ok(count)
}

/// A 320×240 JPEG "photo" with EXIF DateTimeOriginal and OffsetTimeOriginal.
fn photo(rng: &mut Rng, datetime: &str, offset: &str) -> Vec<u8> {
    let (w, h) = (320u16, 240u16);
    let base = [
        rng.below(80) as u8 + 90,
        rng.below(60) as u8 + 80,
        rng.below(60) as u8 + 70,
    ];
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            // A door with a white notice taped to it.
            let notice = (120..200).contains(&x) && (60..170).contains(&y);
            let line = notice && y % 12 < 2 && (130..190).contains(&x);
            let shade = ((x / 4 + y / 6) % 9) as u8;
            let px = if line {
                [40, 40, 40]
            } else if notice {
                [236, 234, 228]
            } else {
                [base[0] + shade, base[1] + shade, base[2] + shade]
            };
            pixels.extend_from_slice(&px);
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
    // Both calls only fail for oversized segments, which these are not.
    let _ = encoder.add_exif_metadata(&exif_tiff(datetime, offset));
    let _ = encoder.encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb);
    out
}

/// A little-endian TIFF structure holding Make, Model, DateTimeOriginal and
/// OffsetTimeOriginal, as phones write them.
fn exif_tiff(datetime: &str, offset: &str) -> Vec<u8> {
    fn ascii(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    }
    let make = ascii("DemoPhone");
    let model = ascii("DP-1");
    let dto = ascii(datetime);
    let oto = ascii(offset);
    // Layout: header (8), IFD0 with 3 entries (2 + 36 + 4 = 42), Exif IFD with
    // 2 entries (2 + 24 + 4 = 30), then the values.
    let ifd0 = 8u32;
    let exif_ifd = ifd0 + 42;
    let mut data_at = exif_ifd + 30;
    let mut out = b"II\x2a\x00".to_vec();
    out.extend_from_slice(&ifd0.to_le_bytes());
    let mut values = Vec::new();
    let mut entry =
        |out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: Option<&[u8]>, inline: u32| {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            match value {
                Some(bytes) => {
                    out.extend_from_slice(&data_at.to_le_bytes());
                    values.extend_from_slice(bytes);
                    data_at += bytes.len() as u32;
                }
                None => out.extend_from_slice(&inline.to_le_bytes()),
            }
        };
    out.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut out, 0x010F, 2, make.len() as u32, Some(&make), 0);
    entry(&mut out, 0x0110, 2, model.len() as u32, Some(&model), 0);
    entry(&mut out, 0x8769, 4, 1, None, exif_ifd);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut out, 0x9003, 2, dto.len() as u32, Some(&dto), 0);
    entry(&mut out, 0x9011, 2, oto.len() as u32, Some(&oto), 0);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&values);
    out
}

/// A 180×320 PNG "screenshot" of a chat: bubbles left and right.
fn screenshot(rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (180u32, 320u32);
    let mut bubbles = Vec::new();
    let mut y = 30;
    while y < h - 30 {
        let height = 14 + rng.below(20) as u32;
        let width = 60 + rng.below(90) as u32;
        let mine = rng.below(4) == 0;
        bubbles.push((mine, y, height, width));
        y += height + 10;
    }
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let mut px = if y < 22 {
                [48, 48, 48]
            } else {
                [237, 237, 237]
            };
            for &(mine, by, bh, bw) in &bubbles {
                let (x0, x1) = if mine {
                    (w - 8 - bw, w - 8)
                } else {
                    (8, 8 + bw)
                };
                if (by..by + bh).contains(&y) && (x0..x1).contains(&x) {
                    px = if mine {
                        [149, 236, 105]
                    } else {
                        [255, 255, 255]
                    };
                }
            }
            raw.extend_from_slice(&px);
        }
    }
    png(w, h, &raw)
}

/// Encodes filtered RGB scanlines as a PNG with stored (uncompressed) deflate
/// blocks: no compressor needed, and every decoder reads it.
fn png(w: u32, h: u32, raw: &[u8]) -> Vec<u8> {
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &zlib[..]),
        (b"IEND", &[][..]),
    ] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A mono 8 kHz 16-bit WAV of `seconds`: a dial tone and a voice-like murmur.
fn recording(rng: &mut Rng, seconds: u32) -> Vec<u8> {
    let rate = 8_000u32;
    let samples = rate * seconds;
    let mut out = Vec::with_capacity(44 + samples as usize * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(samples * 2).to_le_bytes());
    let mut phase = 0f32;
    for n in 0..samples {
        let t = n as f32 / rate as f32;
        let envelope = if (t * 3.0).sin() > 0.0 { 0.5 } else { 0.1 };
        phase += 2.0 * std::f32::consts::PI * (180.0 + 40.0 * (t * 2.0).sin()) / rate as f32;
        let noise = (rng.below(2000) as f32 - 1000.0) / 1000.0;
        let value = (phase.sin() * 0.6 + noise * 0.05) * envelope * 12_000.0;
        out.extend_from_slice(&(value as i16).to_le_bytes());
    }
    out
}
