//! A strict reading of a received bundle's ZIP structure from its raw
//! bytes, done before anything in it is trusted. ZIP readers disagree on
//! archives that are not tidy: one trusts the end record's entry count,
//! another walks the local headers; one takes the first of two entries of
//! a name, another the last; bytes before, between or after the entries are
//! skipped by some and read by others. A bundle that two readers see
//! differently could verify here while `unzip` extracts something else, so
//! we accept only the one shape our writer (the `zip` crate) produces:
//!
//! - the local headers, walked from offset 0, tile the file exactly up to
//!   the central directory, entry after entry, with no gap or overlap;
//! - the central directory lists exactly those entries, in the same order,
//!   and each central header agrees with its local header (name, flags,
//!   method, time, CRC, sizes, offset; a data descriptor, when the entry has
//!   one, agrees too);
//! - the directory runs without a gap into the ZIP64 end record (when there
//!   is one) and the end record, which ends the file: no comment, no
//!   trailing bytes, one disk, and the counts, size and offset they declare
//!   are what is there;
//! - no name appears twice (nor twice but for case), names are UTF-8 and say
//!   so, no entry is encrypted, and no extra field renames an entry.
//!
//! The `zip` crate reads an archive leniently (it is a general reader) and
//! does not say where it was lenient, so this module reads the fixed layouts
//! of PKWARE's APPNOTE itself, with a bounds check on every field.
//!
//! Each [`Fault`] says whether it looks like damage in transit (a record cut
//! short or garbled, two copies of a value that disagree) or like a made
//! archive that no writer of ours produces (bytes added, an entry hidden, a
//! name used twice); either way the bundle is not read further.

mod fault;
mod local;

pub use fault::*;
pub use local::*;

use std::io::{self, Read, Seek, SeekFrom};

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const END64: u32 = 0x0606_4b50;
const LOCATOR64: u32 = 0x0706_4b50;
const DESCRIPTOR: u32 = 0x0807_4b50;
const LOCAL_LEN: u64 = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: u64 = 22;
const LOCATOR64_LEN: u64 = 20;
const END64_LEN: u64 = 56;
/// The largest central directory read into memory: 64 MiB holds about
/// 600,000 entries, far more than any case has exhibits.
const MAX_DIRECTORY: u64 = 64 << 20;
/// Flag bit 0: encrypted; bit 3: sizes in a data descriptor; bit 11: the
/// name is UTF-8.
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_UTF8: u16 = 1 << 11;
/// Extra fields: ZIP64 sizes, and Info-ZIP's Unicode path, which `unzip`
/// uses instead of the header's name.
const EXTRA_ZIP64: u16 = 0x0001;
const EXTRA_UNICODE_PATH: u16 = 0x7075;

/// One entry, as the central directory and its local header agree it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub flags: u16,
    pub method: u16,
    /// MS-DOS time and date, as stored.
    pub time: u32,
    pub crc32: u32,
    /// Bytes stored in the archive, and bytes once extracted.
    pub compressed_size: u64,
    pub size: u64,
    /// Where the local header starts, and where the entry's bytes start.
    pub header_start: u64,
    pub data_start: u64,
    /// A Unix symbolic link (what `unzip` would create as one).
    pub is_symlink: bool,
}

/// The archive as its central directory lists it, with what was wrong.
#[derive(Debug, Default)]
pub struct Archive {
    pub entries: Vec<Entry>,
    /// Where the central directory starts: the local headers end here.
    directory_start: u64,
    pub faults: Vec<Fault>,
}

/// Little-endian fields of a record held in memory, every read bounds-checked.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u16(&self, at: usize) -> Option<u16> {
        let b = self.0.get(at..at.checked_add(2)?)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, at: usize) -> Option<u32> {
        let b = self.0.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&self, at: usize) -> Option<u64> {
        let b = self.0.get(at..at.checked_add(8)?)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    }
    fn slice(&self, at: usize, len: usize) -> Option<&[u8]> {
        self.0.get(at..at.checked_add(len)?)
    }
}

/// Reads `len` bytes at `at`, or `None` when the file ends first.
fn read_at<R: Read + Seek>(file: &mut R, at: u64, len: u64) -> io::Result<Option<Vec<u8>>> {
    file.seek(SeekFrom::Start(at))?;
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 == len).then_some(buf))
}

/// A header's sizes and offset, with the ZIP64 extra field's values put in
/// for the 32-bit fields that hold its sentinel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sizes {
    size: u64,
    compressed: u64,
    offset: u64,
    zip64: bool,
}

/// Walks an extra-field area. Fails when the fields do not tile it exactly
/// or one renames the entry; fills in ZIP64 values.
fn extras(
    area: &[u8],
    name: &str,
    sizes: &mut Sizes,
    local: bool,
    disk: &mut u32,
) -> Result<(), Fault> {
    let bytes = Bytes(area);
    let bad = || Fault::NotARecord {
        what: Record::ExtraField,
        at: 0,
    };
    let mut at = 0usize;
    let mut seen64 = false;
    while at < area.len() {
        let (Some(id), Some(len)) = (bytes.u16(at), bytes.u16(at + 2)) else {
            return Err(bad());
        };
        let Some(data) = bytes.slice(at + 4, usize::from(len)) else {
            return Err(bad());
        };
        match id {
            EXTRA_UNICODE_PATH => {
                return Err(Fault::Renamed {
                    name: name.to_owned(),
                });
            }
            EXTRA_ZIP64 if seen64 => return Err(bad()),
            EXTRA_ZIP64 => {
                seen64 = true;
                sizes.zip64 = true;
                let d = Bytes(data);
                let mut p = 0usize;
                let take = |p: &mut usize| -> Result<u64, Fault> {
                    let v = d.u64(*p).ok_or_else(bad)?;
                    *p += 8;
                    Ok(v)
                };
                // A local header's ZIP64 field holds both sizes; a central
                // header's, only the values whose 32-bit field is full.
                if local || sizes.size == u64::from(u32::MAX) {
                    sizes.size = take(&mut p)?;
                }
                if local || sizes.compressed == u64::from(u32::MAX) {
                    sizes.compressed = take(&mut p)?;
                }
                if !local && sizes.offset == u64::from(u32::MAX) {
                    sizes.offset = take(&mut p)?;
                }
                if !local && *disk == u32::from(u16::MAX) {
                    *disk = d.u32(p).ok_or_else(bad)?;
                    p += 4;
                }
                if p != data.len() {
                    return Err(bad());
                }
            }
            _ => {}
        }
        at += 4 + usize::from(len);
    }
    Ok(())
}

/// Reads the end records and the central directory. Faults that leave the
/// directory unreadable end the reading; others are collected.
pub fn directory<R: Read + Seek>(file: &mut R) -> io::Result<Archive> {
    let mut archive = Archive::default();
    let len = file.seek(SeekFrom::End(0))?;
    let faults = &mut archive.faults;
    // The end record must end the file: no comment, nothing after it.
    let end_at = len.checked_sub(END_LEN);
    let end = match end_at {
        Some(at) => read_at(file, at, END_LEN)?,
        None => None,
    };
    let (end_at, end) = match (end_at, end) {
        (Some(at), Some(end)) if Bytes(&end).u32(0) == Some(END) => (at, end),
        _ => {
            faults.push(trailing_or_missing(file, len)?);
            return Ok(archive);
        }
    };
    let e = Bytes(&end);
    let field16 = |at| e.u16(at).unwrap_or(u16::MAX);
    let field32 = |at| e.u32(at).unwrap_or(u32::MAX);
    if field16(20) != 0 {
        // A comment length in an end record that ends the file: the comment
        // would lie beyond it, so this is not where the end record really is.
        faults.push(trailing_or_missing(file, len)?);
        return Ok(archive);
    }
    if field16(4) != 0 || field16(6) != 0 {
        faults.push(Fault::MultiDisk);
        return Ok(archive);
    }
    let mut count_disk = u64::from(field16(8));
    let mut count = u64::from(field16(10));
    let mut dir_size = u64::from(field32(12));
    let mut dir_offset = u64::from(field32(16));
    let mut dir_end = end_at;
    // A ZIP64 locator just before the end record makes the ZIP64 end
    // record authoritative; the 32-bit fields must then hold either the
    // sentinel or the same value.
    let locator = match end_at.checked_sub(LOCATOR64_LEN) {
        Some(at) => read_at(file, at, LOCATOR64_LEN)?.map(|b| (at, b)),
        None => None,
    };
    if let Some((locator_at, locator)) = locator
        && Bytes(&locator).u32(0) == Some(LOCATOR64)
    {
        let l = Bytes(&locator);
        if l.u32(4) != Some(0) || l.u32(16) != Some(1) {
            faults.push(Fault::MultiDisk);
            return Ok(archive);
        }
        let end64_at = l.u64(8).unwrap_or(u64::MAX);
        // The record is 56 bytes (we never write extensible data) and ends
        // where the locator starts.
        if locator_at.checked_sub(END64_LEN) != Some(end64_at) {
            let fault = match locator_at.checked_sub(END64_LEN) {
                Some(at) if at > end64_at => Fault::Gap {
                    at: end64_at,
                    len: at - end64_at,
                },
                _ => Fault::NotARecord {
                    what: Record::Zip64EndRecord,
                    at: end64_at,
                },
            };
            faults.push(fault);
            return Ok(archive);
        }
        let Some(end64) = read_at(file, end64_at, END64_LEN)? else {
            faults.push(Fault::CutShort {
                what: Record::Zip64EndRecord,
                at: end64_at,
            });
            return Ok(archive);
        };
        let z = Bytes(&end64);
        if z.u32(0) != Some(END64) || z.u64(4) != Some(END64_LEN - 12) {
            faults.push(Fault::NotARecord {
                what: Record::Zip64EndRecord,
                at: end64_at,
            });
            return Ok(archive);
        }
        if z.u32(16) != Some(0) || z.u32(20) != Some(0) {
            faults.push(Fault::MultiDisk);
            return Ok(archive);
        }
        let wide = |at| z.u64(at).unwrap_or(u64::MAX);
        let agrees16 = |narrow: u64, wide: u64| narrow == 0xFFFF || narrow == wide;
        let agrees32 = |narrow: u64, wide: u64| narrow == 0xFFFF_FFFF || narrow == wide;
        let (c_disk, c, size, offset) = (wide(24), wide(32), wide(40), wide(48));
        if !agrees16(count_disk, c_disk) || !agrees16(count, c) {
            faults.push(Fault::Count {
                declared: count.min(c),
                found: count.max(c),
            });
        }
        if !agrees32(dir_size, size) || !agrees32(dir_offset, offset) {
            faults.push(Fault::DirectoryPlace);
        }
        (count_disk, count, dir_size, dir_offset) = (c_disk, c, size, offset);
        dir_end = end64_at;
    }
    if count_disk != count {
        faults.push(Fault::MultiDisk);
        return Ok(archive);
    }
    // Where the directory really is: it ends where the end records start.
    let Some(dir_start) = dir_end.checked_sub(dir_size) else {
        faults.push(Fault::DirectoryPlace);
        return Ok(archive);
    };
    if dir_start != dir_offset {
        // Bytes added in front of an archive shift everything after them by
        // as much, and only the offsets stored inside are left behind.
        faults.push(if dir_start > dir_offset {
            Fault::Prefix {
                len: dir_start - dir_offset,
            }
        } else {
            Fault::DirectoryPlace
        });
        return Ok(archive);
    }
    if dir_size > MAX_DIRECTORY {
        faults.push(Fault::DirectoryPlace);
        return Ok(archive);
    }
    archive.directory_start = dir_start;
    let Some(dir) = read_at(file, dir_start, dir_size)? else {
        faults.push(Fault::CutShort {
            what: Record::CentralHeader,
            at: dir_start,
        });
        return Ok(archive);
    };
    let d = Bytes(&dir);
    let mut at = 0usize;
    let mut names = std::collections::BTreeSet::new();
    while at < dir.len() {
        let here = dir_start + at as u64;
        if d.u32(at) != Some(CENTRAL) {
            faults.push(Fault::NotARecord {
                what: Record::CentralHeader,
                at: here,
            });
            return Ok(archive);
        }
        let fixed = d.slice(at, CENTRAL_LEN);
        let (Some(_), Some(name_len), Some(extra_len), Some(comment_len)) =
            (fixed, d.u16(at + 28), d.u16(at + 30), d.u16(at + 32))
        else {
            faults.push(Fault::CutShort {
                what: Record::CentralHeader,
                at: here,
            });
            return Ok(archive);
        };
        let name_at = at + CENTRAL_LEN;
        let extra_at = name_at + usize::from(name_len);
        let next = extra_at + usize::from(extra_len) + usize::from(comment_len);
        let (Some(raw_name), Some(extra)) = (
            d.slice(name_at, usize::from(name_len)),
            d.slice(extra_at, usize::from(extra_len)),
        ) else {
            faults.push(Fault::CutShort {
                what: Record::CentralHeader,
                at: here,
            });
            return Ok(archive);
        };
        if next > dir.len() {
            faults.push(Fault::CutShort {
                what: Record::CentralHeader,
                at: here,
            });
            return Ok(archive);
        }
        let index = archive.entries.len();
        let flags = d.u16(at + 8).unwrap_or(0);
        let name = match std::str::from_utf8(raw_name) {
            Ok(name) if name.is_ascii() || flags & FLAG_UTF8 != 0 => name.to_owned(),
            _ => {
                faults.push(Fault::NameEncoding { index });
                String::from_utf8_lossy(raw_name).into_owned()
            }
        };
        if comment_len != 0 {
            faults.push(Fault::EntryComment { name: name.clone() });
        }
        if flags & FLAG_ENCRYPTED != 0 {
            faults.push(Fault::Encrypted { name: name.clone() });
        }
        if !names.insert(name.to_lowercase()) {
            faults.push(Fault::Twice { name: name.clone() });
        }
        let mut sizes = Sizes {
            size: u64::from(d.u32(at + 24).unwrap_or(0)),
            compressed: u64::from(d.u32(at + 20).unwrap_or(0)),
            offset: u64::from(d.u32(at + 42).unwrap_or(0)),
            zip64: false,
        };
        let mut disk = u32::from(d.u16(at + 34).unwrap_or(0));
        if let Err(fault) = extras(extra, &name, &mut sizes, false, &mut disk) {
            faults.push(locate(fault, here));
            return Ok(archive);
        }
        if disk != 0 {
            faults.push(Fault::MultiDisk);
            return Ok(archive);
        }
        let made_by_unix = d.u16(at + 4).unwrap_or(0) >> 8 == 3;
        let mode = d.u32(at + 38).unwrap_or(0) >> 16;
        archive.entries.push(Entry {
            name,
            flags,
            method: d.u16(at + 10).unwrap_or(0),
            time: d.u32(at + 12).unwrap_or(0),
            crc32: d.u32(at + 16).unwrap_or(0),
            compressed_size: sizes.compressed,
            size: sizes.size,
            header_start: sizes.offset,
            data_start: 0,
            is_symlink: made_by_unix && mode & 0o170_000 == 0o120_000,
        });
        at = next;
    }
    let found = archive.entries.len() as u64;
    if found != count {
        faults.push(Fault::Count {
            declared: count,
            found,
        });
    }
    Ok(archive)
}

/// An entry's stored bytes, read from where the walk found them.
pub fn open<'a, R: Read + Seek>(file: &'a mut R, entry: &Entry) -> io::Result<io::Take<&'a mut R>> {
    file.seek(SeekFrom::Start(entry.data_start))?;
    Ok(file.take(entry.compressed_size))
}
