//! The local headers: each entry's local header read and checked against
//! its central record, and the entries tiled so that no byte of the archive
//! lies outside them.

use super::*;

/// Gives an extra-field fault the offset of the header it is in.
pub(crate) fn locate(fault: Fault, header: u64) -> Fault {
    match fault {
        Fault::NotARecord {
            what: Record::ExtraField,
            ..
        } => Fault::NotARecord {
            what: Record::ExtraField,
            at: header,
        },
        other => other,
    }
}

/// Why the file does not end in an end record: one a little earlier means
/// bytes were added after the archive (or a comment); none means the file
/// is cut short or no ZIP at all.
pub(crate) fn trailing_or_missing<R: Read + Seek>(file: &mut R, len: u64) -> io::Result<Fault> {
    // An end record with the largest comment starts 65,557 bytes before the
    // end; look that far, and a little further for data added after one.
    let window = len.min(END_LEN + 0xFFFF + 4096);
    let Some(tail) = read_at(file, len - window, window)? else {
        return Ok(Fault::NoEnd);
    };
    let sig = END.to_le_bytes();
    Ok(match tail.windows(4).rposition(|w| w == sig) {
        Some(at) if (at as u64 + END_LEN) <= window => Fault::Trailing {
            len: window - at as u64 - END_LEN,
        },
        _ => Fault::NoEnd,
    })
}

/// Walks the local headers from offset 0 and checks that, with each
/// entry's bytes and data descriptor, they tile the file up to the central
/// directory and agree with it. Sets each entry's `data_start`.
pub fn tile<R: Read + Seek>(file: &mut R, archive: &mut Archive) -> io::Result<()> {
    let mut at = 0u64;
    for entry in &mut archive.entries {
        if entry.header_start != at {
            archive.faults.push(if at == 0 {
                Fault::Prefix {
                    len: entry.header_start,
                }
            } else if entry.header_start > at {
                Fault::Gap {
                    at,
                    len: entry.header_start - at,
                }
            } else {
                Fault::Overlap {
                    name: entry.name.clone(),
                }
            });
            return Ok(());
        }
        match local(file, entry)? {
            Ok(end) => at = end,
            Err(fault) => {
                archive.faults.push(fault);
                return Ok(());
            }
        }
    }
    let start = archive.directory_start;
    if at != start {
        archive.faults.push(if at < start {
            Fault::Gap {
                at,
                len: start - at,
            }
        } else {
            Fault::Overlap {
                name: archive
                    .entries
                    .last()
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
            }
        });
    }
    Ok(())
}

/// Checks one local header (and data descriptor) against the central
/// directory's entry; returns where the next record must start.
pub(crate) fn local<R: Read + Seek>(
    file: &mut R,
    entry: &mut Entry,
) -> io::Result<Result<u64, Fault>> {
    let at = entry.header_start;
    let cut = |what| {
        Ok(Err(Fault::CutShort {
            what,
            at: entry.header_start,
        }))
    };
    let Some(fixed) = read_at(file, at, LOCAL_LEN)? else {
        return cut(Record::LocalHeader);
    };
    let h = Bytes(&fixed);
    if h.u32(0) != Some(LOCAL) {
        return Ok(Err(Fault::NotARecord {
            what: Record::LocalHeader,
            at,
        }));
    }
    let field16 = |p| h.u16(p).unwrap_or(0);
    let field32 = |p| h.u32(p).unwrap_or(0);
    let (name_len, extra_len) = (u64::from(field16(26)), u64::from(field16(28)));
    let Some(rest) = read_at(file, at + LOCAL_LEN, name_len + extra_len)? else {
        return cut(Record::LocalHeader);
    };
    let name_bytes = rest.get(..name_len as usize).unwrap_or_default();
    let extra = rest.get(name_len as usize..).unwrap_or_default();
    let disagree = |field| {
        Ok(Err(Fault::Disagree {
            name: entry.name.clone(),
            field,
        }))
    };
    if name_bytes != entry.name.as_bytes() {
        return disagree(Field::Name);
    }
    let flags = field16(6);
    let mut sizes = Sizes {
        size: u64::from(field32(22)),
        compressed: u64::from(field32(18)),
        offset: 0,
        zip64: false,
    };
    let mut disk = 0;
    if let Err(fault) = extras(extra, &entry.name, &mut sizes, true, &mut disk) {
        return Ok(Err(locate(fault, at)));
    }
    if flags != entry.flags {
        return disagree(Field::Flags);
    }
    if field16(8) != entry.method {
        return disagree(Field::Method);
    }
    if field32(10) != entry.time {
        return disagree(Field::Time);
    }
    let data_start = at + LOCAL_LEN + name_len + extra_len;
    entry.data_start = data_start;
    let Some(data_end) = data_start.checked_add(entry.compressed_size) else {
        return cut(Record::EntryData);
    };
    if flags & FLAG_DESCRIPTOR == 0 {
        if field32(14) != entry.crc32 {
            return disagree(Field::Crc);
        }
        if sizes.compressed != entry.compressed_size {
            return disagree(Field::CompressedSize);
        }
        if sizes.size != entry.size {
            return disagree(Field::Size);
        }
        return Ok(Ok(data_end));
    }
    // Sizes follow the data: the local header holds zeros (or the ZIP64
    // sentinel with zeros in its extra field), and the descriptor must say
    // what the central directory says.
    let zero = |v: u64| v == 0 || v == u64::from(u32::MAX);
    if field32(14) != 0 || !zero(sizes.compressed) || !zero(sizes.size) {
        return disagree(Field::Size);
    }
    let wide = sizes.zip64;
    let len = if wide { 24 } else { 16 };
    let Some(desc) = read_at(file, data_end, len)? else {
        return cut(Record::DataDescriptor);
    };
    let d = Bytes(&desc);
    // The signature is optional in the format; our writer always writes it.
    if d.u32(0) != Some(DESCRIPTOR) {
        return Ok(Err(Fault::NotARecord {
            what: Record::DataDescriptor,
            at: data_end,
        }));
    }
    let (crc, compressed, size) = if wide {
        (d.u32(4), d.u64(8), d.u64(16))
    } else {
        (d.u32(4), d.u32(8).map(u64::from), d.u32(12).map(u64::from))
    };
    if crc != Some(entry.crc32) {
        return disagree(Field::Crc);
    }
    if compressed != Some(entry.compressed_size) {
        return disagree(Field::CompressedSize);
    }
    if size != Some(entry.size) {
        return disagree(Field::Size);
    }
    Ok(Ok(data_end + len))
}
