//! What is wrong with an archive's structure: the record and field at
//! fault and where, as `Fault`.

/// A record of the ZIP format, for naming where a fault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    LocalHeader,
    CentralHeader,
    EndRecord,
    Zip64EndRecord,
    Zip64Locator,
    DataDescriptor,
    ExtraField,
    EntryData,
}

impl Record {
    pub fn as_str(self) -> &'static str {
        match self {
            Record::LocalHeader => "local header",
            Record::CentralHeader => "central directory header",
            Record::EndRecord => "end-of-central-directory record",
            Record::Zip64EndRecord => "ZIP64 end record",
            Record::Zip64Locator => "ZIP64 end record locator",
            Record::DataDescriptor => "data descriptor",
            Record::ExtraField => "extra field",
            Record::EntryData => "entry data",
        }
    }
}

/// A field that the central directory and a local header both carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Flags,
    Method,
    Time,
    Crc,
    CompressedSize,
    Size,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Flags => "flags",
            Field::Method => "compression method",
            Field::Time => "modification time",
            Field::Crc => "CRC-32",
            Field::CompressedSize => "stored size",
            Field::Size => "size",
        }
    }
}

/// What is wrong with an archive's structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    // Damage: what a file cut short or a garbled byte produces.
    /// No end record at the end of the file, and none near it.
    NoEnd,
    /// A record (or an entry's bytes) runs past the end of the file.
    CutShort {
        what: Record,
        at: u64,
    },
    /// Where a record must start there is something else.
    NotARecord {
        what: Record,
        at: u64,
    },
    /// The central directory and the local header say different things.
    Disagree {
        name: String,
        field: Field,
    },
    /// The end record counts entries the directory does not hold, or fewer.
    Count {
        declared: u64,
        found: u64,
    },
    /// The end record places the central directory where it is not.
    DirectoryPlace,

    // A made archive: what no writer of ours produces.
    /// Bytes before the first entry.
    Prefix {
        len: u64,
    },
    /// Bytes after the end record, or an archive comment.
    Trailing {
        len: u64,
    },
    /// Bytes that belong to no entry, between two records.
    Gap {
        at: u64,
        len: u64,
    },
    /// An entry's local header is not where the entry before it ends.
    Overlap {
        name: String,
    },
    /// Two entries of one name (or of names that differ only in case).
    Twice {
        name: String,
    },
    /// More than one disk, or a record on a disk other than the first.
    MultiDisk,
    Encrypted {
        name: String,
    },
    /// A name that is not UTF-8, or is UTF-8 without saying so (other
    /// readers would decode it as code page 437 and see another name).
    NameEncoding {
        index: usize,
    },
    /// An extra field that gives the entry another name for `unzip`.
    Renamed {
        name: String,
    },
    /// A comment on an entry.
    EntryComment {
        name: String,
    },
}

impl Fault {
    /// Whether this looks like damage in transit rather than a made archive.
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            Fault::NoEnd
                | Fault::CutShort { .. }
                | Fault::NotARecord { .. }
                | Fault::Disagree { .. }
                | Fault::Count { .. }
                | Fault::DirectoryPlace
        )
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::NoEnd => f.write_str(
                "not a readable ZIP archive: it has no end record (the file is cut short, has bytes added after it, or is no ZIP at all)",
            ),
            Fault::CutShort { what, at } => write!(
                f,
                "the {} at byte {at} runs past the end of the file: the archive is cut short",
                what.as_str()
            ),
            Fault::NotARecord { what, at } => {
                write!(f, "byte {at} should start a {} but does not", what.as_str())
            }
            Fault::Disagree { name, field } => write!(
                f,
                "{name:?}: the central directory and the local header disagree on its {}",
                field.as_str()
            ),
            Fault::Count { declared, found } => write!(
                f,
                "the end record counts {declared} entries but the central directory holds {found}"
            ),
            Fault::DirectoryPlace => f.write_str(
                "the end record places the central directory where it is not",
            ),
            Fault::Prefix { len } => {
                write!(f, "{len} bytes before the first entry that belong to no entry")
            }
            Fault::Trailing { len } => write!(
                f,
                "{len} bytes after the archive's end (an archive comment or added data)"
            ),
            Fault::Gap { at, len } => {
                write!(f, "{len} bytes at byte {at} that belong to no entry")
            }
            Fault::Overlap { name } => {
                write!(f, "{name:?}: its local header is not where the entry before it ends")
            }
            Fault::Twice { name } => write!(f, "{name:?}: a name used twice"),
            Fault::MultiDisk => f.write_str("an archive split over several disks"),
            Fault::Encrypted { name } => write!(f, "{name:?}: an encrypted entry"),
            Fault::NameEncoding { index } => write!(
                f,
                "entry {index}: a name that is not marked as UTF-8 (other programs would read another name)"
            ),
            Fault::Renamed { name } => write!(
                f,
                "{name:?}: an extra field that gives the entry another name"
            ),
            Fault::EntryComment { name } => write!(f, "{name:?}: a comment on an entry"),
        }
    }
}
