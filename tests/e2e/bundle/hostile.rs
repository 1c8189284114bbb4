//! Archives other programs would read differently, and damage in
//! transit: refused or named as damage, never trusted.

use super::*;

/// A stored ZIP written byte by byte, as an attacker would write one to
/// make `dossier` and `unzip` see different archives.
#[derive(Default)]
pub(crate) struct Raw {
    pub(crate) out: Vec<u8>,
    pub(crate) central: Vec<u8>,
    pub(crate) count: u64,
}

impl Raw {
    pub(crate) fn of(entries: &[(String, Vec<u8>)]) -> Raw {
        let mut raw = Raw::default();
        for (name, bytes) in entries {
            raw.entry(name, bytes);
        }
        raw
    }

    pub(crate) fn entry(&mut self, name: &str, data: &[u8]) -> &mut Raw {
        let crc = crc32fast::hash(data);
        let offset = self.out.len() as u32;
        let size = (data.len() as u32).to_le_bytes();
        let name = name.as_bytes();
        let name_len = (name.len() as u16).to_le_bytes();
        let o = &mut self.out;
        o.extend_from_slice(&[0x50, 0x4B, 3, 4, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        o.extend_from_slice(&crc.to_le_bytes());
        o.extend_from_slice(&size);
        o.extend_from_slice(&size);
        o.extend_from_slice(&name_len);
        o.extend_from_slice(&[0, 0]);
        o.extend_from_slice(name);
        o.extend_from_slice(data);
        let c = &mut self.central;
        c.extend_from_slice(&[0x50, 0x4B, 1, 2, 0x1e, 3, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&size);
        c.extend_from_slice(&size);
        c.extend_from_slice(&name_len);
        c.extend_from_slice(&[0; 8]);
        c.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name);
        self.count += 1;
        self
    }

    /// The archive, its end record counting `declared` entries (the real
    /// count when `None`), with a ZIP64 end record when asked.
    pub(crate) fn finish(&self, declared: Option<u64>, zip64: bool) -> Vec<u8> {
        let mut o = self.out.clone();
        let count = declared.unwrap_or(self.count);
        let (start, size) = (o.len() as u64, self.central.len() as u64);
        o.extend_from_slice(&self.central);
        if zip64 {
            let end64 = o.len() as u64;
            o.extend_from_slice(&[0x50, 0x4B, 6, 6]);
            o.extend_from_slice(&44u64.to_le_bytes());
            o.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            for v in [count, count, size, start] {
                o.extend_from_slice(&v.to_le_bytes());
            }
            o.extend_from_slice(&[0x50, 0x4B, 6, 7, 0, 0, 0, 0]);
            o.extend_from_slice(&end64.to_le_bytes());
            o.extend_from_slice(&1u32.to_le_bytes());
        }
        o.extend_from_slice(&[0x50, 0x4B, 5, 6, 0, 0, 0, 0]);
        let n = if zip64 { 0xFFFF } else { count as u16 };
        o.extend_from_slice(&n.to_le_bytes());
        o.extend_from_slice(&n.to_le_bytes());
        let (s, at) = if zip64 {
            (u32::MAX, u32::MAX)
        } else {
            (size as u32, start as u32)
        };
        o.extend_from_slice(&s.to_le_bytes());
        o.extend_from_slice(&at.to_le_bytes());
        o.extend_from_slice(&[0, 0]);
        o
    }
}

/// Verifies `bytes` written to `dir/name`.
pub(crate) fn verify_bytes(dir: &Path, name: &str, bytes: &[u8]) -> (i32, String) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    verify(&path)
}

/// The first original's index and name.
pub(crate) fn first_original(all: &Entries) -> (usize, String) {
    let i = all
        .iter()
        .position(|(n, _)| n.starts_with("originals/"))
        .expect("an original");
    (i, all[i].0.clone())
}

#[test]
fn an_archive_read_differently_by_other_programs_is_refused() {
    let (dir, zip) = bundle();
    let dir = dir.path();
    let all = entries(&zip);
    let (_, name) = first_original(&all);
    let (code, out) = verify_bytes(dir, "raw.zip", &Raw::of(&all).finish(None, false));
    assert_eq!(
        code, 0,
        "the hand-written copy of a genuine bundle verifies: {out}"
    );
    let (code, out) = verify_bytes(dir, "raw64.zip", &Raw::of(&all).finish(None, true));
    assert_eq!(code, 0, "and with a ZIP64 end record: {out}");

    // (a) A second entry under an original's name, after the others, hidden
    // by an end record that counts one entry fewer: `unzip` and Python's
    // zipfile read the whole directory and extract the forged bytes.
    let mut raw = Raw::of(&all);
    raw.entry(&name, b"forged evidence");
    let n = all.len() as u64;
    let (code, out) = verify_bytes(dir, "hidden.zip", &raw.finish(Some(n), false));
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!("{name:?}: a name used twice")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "the end record counts {n} entries but the central directory holds {}",
            n + 1
        )),
        "{out}"
    );
    // (b) The same under a ZIP64 end record, whose count was never checked.
    let (code, out) = verify_bytes(dir, "hidden64.zip", &raw.finish(None, true));
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!("{name:?}: a name used twice")),
        "{out}"
    );

    // A NUL in a name: C programs see the name end there.
    let mut raw = Raw::of(&all);
    raw.entry("originals/0001-a\u{0}.jpg", b"x");
    let (code, out) = verify_bytes(dir, "nul.zip", &raw.finish(None, false));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("a name with a control character"), "{out}");

    // (c) Bytes before or after the archive, or between two entries.
    let genuine = std::fs::read(&zip).expect("read");
    let mut prefixed = b"#!/bin/sh\necho hi\n".to_vec();
    prefixed.extend_from_slice(&genuine);
    let (code, out) = verify_bytes(dir, "prefixed.zip", &prefixed);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("18 bytes before the first entry"), "{out}");
    assert!(
        out.contains("the archive was changed after it was made"),
        "{out}"
    );
    let mut appended = genuine.clone();
    appended.extend_from_slice(b"appended data");
    let (code, out) = verify_bytes(dir, "appended.zip", &appended);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("13 bytes after the archive's end"), "{out}");
    let mut raw = Raw::default();
    raw.entry(&all[0].0, &all[0].1);
    raw.out.extend_from_slice(b"smuggled");
    for (n, b) in &all[1..] {
        raw.entry(n, b);
    }
    let (code, out) = verify_bytes(dir, "gap.zip", &raw.finish(None, false));
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("8 bytes at byte"), "{out}");
    assert!(out.contains("that belong to no entry"), "{out}");
    // An archive comment, which we never write.
    let commented = dir.join("commented.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&commented).expect("create"));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in &all {
            z.start_file(name.as_str(), options).expect("start");
            z.write_all(bytes).expect("write");
        }
        z.set_comment("all genuine").expect("comment");
        z.finish().expect("finish");
    }
    let (code, out) = verify(&commented);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("an archive comment"), "{out}");
}

#[test]
fn damage_in_transit_is_named_as_damage() {
    let (dir, zip) = bundle();
    let dir = dir.path();
    let genuine = std::fs::read(&zip).expect("read");
    let all = entries(&zip);
    let (i, name) = first_original(&all);
    // A flipped byte inside an original, the archive otherwise untouched:
    // its CRC-32 no longer matches.
    let original = &all[i].1;
    let at = genuine
        .windows(original.len())
        // The last copy: a JPEG is also passed through into the PDF, which
        // comes before the originals.
        .rposition(|w| w == original.as_slice())
        .expect("the original is stored as is");
    let mut flipped = genuine.clone();
    flipped[at + original.len() / 2] ^= 0x01;
    let (code, out) = verify_bytes(dir, "c1.zip", &flipped);
    assert_eq!(
        code, 3,
        "a damaged entry is an integrity failure, not an I/O error: {out}"
    );
    assert!(out.contains(&format!("damaged entry {name}")), "{out}");
    assert!(out.contains("The bundle is damaged"), "{out}");
    // A truncated file.
    let (code, out) = verify_bytes(dir, "cut.zip", &genuine[..genuine.len() * 2 / 3]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("The bundle is damaged"), "{out}");
    assert!(out.contains("it has no end record"), "{out}");
    // A flipped byte in the central directory's copy of the first name.
    let first = all[0].0.as_bytes();
    let central = genuine
        .windows(4)
        .position(|w| w == [0x50, 0x4B, 1, 2])
        .expect("central directory");
    let mut flipped = genuine.clone();
    flipped[central + 46] ^= 0x20;
    assert_eq!(&genuine[central + 46..central + 46 + first.len()], first);
    let (code, out) = verify_bytes(dir, "cd.zip", &flipped);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("The bundle is damaged"), "{out}");
    assert!(
        out.contains("the central directory and the local header disagree on its name"),
        "{out}"
    );
    // The same bundle in Chinese.
    let r = crate::support::dossier()
        .env("DOSSIER_LANG", "zh")
        .arg("verify")
        .arg(dir.join("c1.zip"))
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(3), "{out}");
    assert!(out.contains(&format!("条目 {name} 已损坏")), "{out}");
}
