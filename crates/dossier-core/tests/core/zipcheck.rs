//! The strict reading of a bundle's ZIP structure (`export::zipcheck`):
//! archives our writer makes (seekable, and streamed with data descriptors
//! as a sealed export is) pass; each way of making an archive that other
//! readers see differently, and each kind of damage, is named. Archives are
//! written byte by byte here, so each test makes exactly the archive it
//! means.

use dossier_core::export::zipcheck::{self, Fault, Field, Record};
use std::io::{Cursor, Write};

/// A stored ZIP written by hand.
#[derive(Default)]
struct Raw {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u64,
}

impl Raw {
    fn entry(&mut self, name: &str, data: &[u8]) -> &mut Raw {
        self.entry_with(name.as_bytes(), data, 0x0800, &[])
    }

    /// An entry with the given flags and central-directory extra field.
    fn entry_with(&mut self, name: &[u8], data: &[u8], flags: u16, extra: &[u8]) -> &mut Raw {
        let crc = crc32fast::hash(data);
        let offset = self.out.len() as u32;
        let size = data.len() as u32;
        let o = &mut self.out;
        o.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        o.extend_from_slice(&20u16.to_le_bytes());
        o.extend_from_slice(&flags.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes()); // stored
        o.extend_from_slice(&0u16.to_le_bytes()); // time
        o.extend_from_slice(&0x21u16.to_le_bytes()); // 1980-01-01
        o.extend_from_slice(&crc.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&(name.len() as u16).to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(name);
        o.extend_from_slice(data);
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&0x031eu16.to_le_bytes()); // Unix
        c.extend_from_slice(&20u16.to_le_bytes());
        c.extend_from_slice(&flags.to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes());
        c.extend_from_slice(&0x21u16.to_le_bytes());
        c.extend_from_slice(&crc.to_le_bytes());
        c.extend_from_slice(&size.to_le_bytes());
        c.extend_from_slice(&size.to_le_bytes());
        c.extend_from_slice(&(name.len() as u16).to_le_bytes());
        c.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        c.extend_from_slice(&0u16.to_le_bytes()); // comment
        c.extend_from_slice(&0u16.to_le_bytes()); // disk
        c.extend_from_slice(&0u16.to_le_bytes());
        c.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name);
        c.extend_from_slice(extra);
        self.count += 1;
        self
    }

    fn junk(&mut self, bytes: &[u8]) -> &mut Raw {
        self.out.extend_from_slice(bytes);
        self
    }

    /// The archive with the end record counting `declared` entries (the
    /// real count when `None`), with a ZIP64 end record when asked.
    fn finish(&self, declared: Option<u64>, zip64: bool) -> Vec<u8> {
        let mut o = self.out.clone();
        let count = declared.unwrap_or(self.count);
        let (start, size) = (o.len() as u64, self.central.len() as u64);
        o.extend_from_slice(&self.central);
        if zip64 {
            let end64 = o.len() as u64;
            o.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            o.extend_from_slice(&44u64.to_le_bytes());
            o.extend_from_slice(&45u16.to_le_bytes());
            o.extend_from_slice(&45u16.to_le_bytes());
            o.extend_from_slice(&0u32.to_le_bytes());
            o.extend_from_slice(&0u32.to_le_bytes());
            o.extend_from_slice(&count.to_le_bytes());
            o.extend_from_slice(&count.to_le_bytes());
            o.extend_from_slice(&size.to_le_bytes());
            o.extend_from_slice(&start.to_le_bytes());
            o.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            o.extend_from_slice(&0u32.to_le_bytes());
            o.extend_from_slice(&end64.to_le_bytes());
            o.extend_from_slice(&1u32.to_le_bytes());
        }
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        o.extend_from_slice(&[0; 4]);
        let (n, s, at) = if zip64 {
            (0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF)
        } else {
            (count as u16, size as u32, start as u32)
        };
        o.extend_from_slice(&n.to_le_bytes());
        o.extend_from_slice(&n.to_le_bytes());
        o.extend_from_slice(&s.to_le_bytes());
        o.extend_from_slice(&at.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o
    }
}

/// What the strict reading finds in `bytes`: its entries' names, or its
/// faults.
fn read(bytes: &[u8]) -> Result<Vec<String>, Vec<Fault>> {
    let mut file = Cursor::new(bytes);
    let mut archive = zipcheck::directory(&mut file).expect("in memory");
    if archive.faults.is_empty() {
        zipcheck::tile(&mut file, &mut archive).expect("in memory");
    }
    if archive.faults.is_empty() {
        Ok(archive.entries.into_iter().map(|e| e.name).collect())
    } else {
        Err(archive.faults)
    }
}

fn check(what: &str, bytes: &[u8], expected: &[Fault]) {
    match read(bytes) {
        Ok(names) => panic!("{what}: read as sound ({names:?}), expected {expected:?}"),
        Err(faults) => {
            for fault in expected {
                assert!(
                    faults.contains(fault),
                    "{what}: {fault:?} not in {faults:?}"
                );
            }
        }
    }
}

fn two() -> Raw {
    let mut raw = Raw::default();
    raw.entry("manifest.json", b"{}")
        .entry("originals/0001-a.jpg", b"real");
    raw
}

#[test]
fn archives_our_writer_makes_pass() {
    // Seekable, as `export --bundle` writes, and streamed with data
    // descriptors, as a sealed export writes; both with ZIP64 extra fields.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let mut seekable = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut streamed = zip::ZipWriter::new_stream(Vec::new());
    for (name, bytes) in [
        ("VERIFY.txt", &b"read me"[..]),
        ("originals/0001-证据.jpg", b"jpeg"),
    ] {
        seekable.start_file(name, options).expect("start");
        seekable.write_all(bytes).expect("write");
        streamed.start_file(name, options).expect("start");
        streamed.write_all(bytes).expect("write");
    }
    let seekable = seekable.finish().expect("finish").into_inner();
    let streamed = streamed.finish().expect("finish").into_inner();
    for (what, bytes) in [("seekable", seekable), ("streamed", streamed)] {
        assert_eq!(
            read(&bytes).map_err(|f| format!("{what}: {f:?}")),
            Ok(vec![
                "VERIFY.txt".to_owned(),
                "originals/0001-证据.jpg".to_owned()
            ])
        );
    }
    assert!(
        read(&two().finish(None, false)).is_ok(),
        "the hand writer's archive is sound"
    );
    assert!(
        read(&two().finish(None, true)).is_ok(),
        "and with a ZIP64 end record"
    );
}

#[test]
fn an_entry_hidden_from_the_count_is_found_and_named() {
    let mut raw = two();
    raw.entry("originals/0001-a.jpg", b"forged");
    let hidden = raw.finish(Some(2), false);
    check(
        "count lowered",
        &hidden,
        &[
            Fault::Count {
                declared: 2,
                found: 3,
            },
            Fault::Twice {
                name: "originals/0001-a.jpg".into(),
            },
        ],
    );
    // The ZIP64 end record is read as strictly: the name used twice is found.
    let zip64 = raw.finish(None, true);
    check(
        "ZIP64",
        &zip64,
        &[Fault::Twice {
            name: "originals/0001-a.jpg".into(),
        }],
    );
    let mut raw = two();
    raw.entry("ORIGINALS/0001-A.JPG", b"forged");
    check(
        "case",
        &raw.finish(None, false),
        &[Fault::Twice {
            name: "ORIGINALS/0001-A.JPG".into(),
        }],
    );
}

#[test]
fn bytes_outside_the_entries_are_refused() {
    let sound = two().finish(None, false);
    let mut prefixed = b"MZ-not-a-zip".to_vec();
    prefixed.extend_from_slice(&sound);
    check("prefix", &prefixed, &[Fault::Prefix { len: 12 }]);
    // A prefix whose offsets were adjusted (as `zip -A` does).
    let mut raw = Raw::default();
    raw.junk(b"#!/bin/sh\n")
        .entry("manifest.json", b"{}")
        .entry("originals/0001-a.jpg", b"real");
    check(
        "adjusted prefix",
        &raw.finish(None, false),
        &[Fault::Prefix { len: 10 }],
    );
    let mut appended = sound.clone();
    appended.extend_from_slice(b"appended");
    check("appended", &appended, &[Fault::Trailing { len: 8 }]);
    let mut commented = sound.clone();
    let n = commented.len();
    commented[n - 2..].copy_from_slice(&4u16.to_le_bytes());
    commented.extend_from_slice(b"note");
    check("comment", &commented, &[Fault::Trailing { len: 4 }]);
    let mut raw = Raw::default();
    raw.entry("manifest.json", b"{}")
        .junk(b"hidden")
        .entry("originals/0001-a.jpg", b"real");
    let gap_at = 30 + "manifest.json".len() as u64 + 2;
    check(
        "gap",
        &raw.finish(None, false),
        &[Fault::Gap { at: gap_at, len: 6 }],
    );
}

#[test]
fn names_other_readers_would_read_differently_are_refused() {
    let mut raw = Raw::default();
    // "证据" as UTF-8 without the UTF-8 flag: code page 437 to other readers.
    raw.entry_with("originals/0001-证据".as_bytes(), b"x", 0, &[]);
    check(
        "no UTF-8 flag",
        &raw.finish(None, false),
        &[Fault::NameEncoding { index: 0 }],
    );
    let mut raw = Raw::default();
    let mut extra = vec![0x75, 0x70, 9, 0, 1, 0, 0, 0, 0];
    extra.extend_from_slice(b"evil");
    raw.entry_with(b"originals/0001-a", b"x", 0x0800, &extra);
    check(
        "Unicode path field",
        &raw.finish(None, false),
        &[Fault::Renamed {
            name: "originals/0001-a".into(),
        }],
    );
}

#[test]
fn damage_is_named_as_damage() {
    let sound = two().finish(None, false);
    let cut = &sound[..sound.len() - 30];
    check("cut short", cut, &[Fault::NoEnd]);
    assert!(Fault::NoEnd.is_damage());
    // A flipped byte in the central directory's copy of a name.
    let mut flipped = sound.clone();
    let central = sound.len() - 22 - (46 + "originals/0001-a.jpg".len());
    flipped[central + 46] ^= 0x20;
    let faults = read(&flipped).expect_err("flipped name");
    assert!(
        faults.contains(&Fault::Disagree {
            name: "Originals/0001-a.jpg".into(),
            field: Field::Name
        }),
        "{faults:?}"
    );
    assert!(faults.iter().all(Fault::is_damage), "{faults:?}");
    // A flipped byte in the central directory's CRC.
    let mut flipped = sound.clone();
    flipped[central + 16] ^= 1;
    let faults = read(&flipped).expect_err("flipped CRC");
    assert!(
        faults.contains(&Fault::Disagree {
            name: "originals/0001-a.jpg".into(),
            field: Field::Crc
        }),
        "{faults:?}"
    );
    // A garbled signature.
    let mut flipped = sound.clone();
    flipped[central] ^= 0xFF;
    check(
        "garbled header",
        &flipped,
        &[Fault::NotARecord {
            what: Record::CentralHeader,
            at: central as u64,
        }],
    );
    for fault in [Fault::Prefix { len: 1 }, Fault::Twice { name: "a".into() }] {
        assert!(
            !fault.is_damage(),
            "{fault:?} is a made archive, not damage"
        );
    }
}
