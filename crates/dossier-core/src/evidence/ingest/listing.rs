//! The inputs of `add` listed: files and folders walked (recursively when
//! asked), links named and skipped, and each file known by device and inode
//! so that one given twice is listed once.

use super::*;

/// The files a list of paths stands for, with their sizes; what could not
/// be listed; and the hidden entries and links passed over.
///
/// Links: a path named on the command line (or dropped on the app) is the
/// user's choice and is followed, file or folder — they named it. Inside a
/// folder being walked no link is followed, to a file or a folder: a link
/// there points outside what the user chose (`/etc/shadow`), or loops. The
/// links passed over are listed ([`SkippedLink`]) so the user can name any
/// they meant.
pub(crate) struct Listing {
    pub(crate) recursion: Recursion,
    /// The case itself, which is never walked into or added to itself.
    pub(crate) case_root: PathBuf,
    pub(crate) files: Vec<Listed>,
    pub(crate) failures: Vec<IngestError>,
    pub(crate) hidden: Vec<PathBuf>,
    pub(crate) links: Vec<SkippedLink>,
}

/// A file to read, and for one found in a walked folder, which file it was
/// when listed: the file opened must be that one, so a link or another file
/// put in its place (or in place of a folder above it) between listing and
/// reading is never followed.
pub(crate) struct Listed {
    pub(crate) path: PathBuf,
    pub(crate) len: u64,
    pub(crate) walked: Option<Identity>,
}

/// A file's device and inode number (on Unix; elsewhere nothing to compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity(u64, u64);

impl Identity {
    #[cfg(unix)]
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        Some(Identity(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    pub(crate) fn of(_meta: &fs::Metadata) -> Option<Identity> {
        None
    }
}

impl Listed {
    pub(crate) fn open(&self) -> Result<File, IngestError> {
        let file = File::open(&self.path).map_err(|e| IngestError::read(&self.path, e))?;
        if let Some(listed) = self.walked {
            let meta = file
                .metadata()
                .map_err(|e| IngestError::read(&self.path, e))?;
            if Identity::of(&meta) != Some(listed) {
                return Err(IngestError::ChangedWhileReading {
                    path: self.path.clone(),
                });
            }
        }
        Ok(file)
    }
}

impl Listing {
    pub(crate) fn inside_case(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|p| p.starts_with(&self.case_root))
    }

    pub(crate) fn walk(&mut self, path: &Path) {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => return self.failures.push(IngestError::read(path, e)),
        };
        if meta.is_file() {
            if self.inside_case(path) {
                return self.failures.push(IngestError::InsideCase {
                    path: path.to_path_buf(),
                });
            }
            self.files.push(Listed {
                path: path.to_path_buf(),
                len: meta.len(),
                walked: None,
            });
        } else if meta.is_dir() {
            if self.recursion == Recursion::No {
                return self.failures.push(IngestError::IsDirectory {
                    path: path.to_path_buf(),
                });
            }
            if self.inside_case(path) {
                return self.failures.push(IngestError::InsideCase {
                    path: path.to_path_buf(),
                });
            }
            self.walk_dir(path);
        } else {
            self.failures.push(IngestError::NotAFile {
                path: path.to_path_buf(),
            });
        }
    }

    pub(crate) fn walk_dir(&mut self, dir: &Path) {
        let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = match fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .map(|e| (e.path(), e.file_type().ok()))
                .collect(),
            Err(e) => return self.failures.push(IngestError::read(dir, e)),
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (entry, file_type) in entries {
            if entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                self.hidden.push(entry);
                continue;
            }
            // The entry itself, never what a link points to.
            let meta = match file_type {
                Some(t) if t.is_symlink() => None,
                _ => match fs::symlink_metadata(&entry) {
                    Ok(meta) => Some(meta),
                    Err(e) => {
                        self.failures.push(IngestError::read(&entry, e));
                        continue;
                    }
                },
            };
            match meta {
                None => self.links.push(SkippedLink {
                    target: fs::read_link(&entry).ok(),
                    link: entry,
                }),
                Some(meta) if meta.file_type().is_symlink() => self.links.push(SkippedLink {
                    target: fs::read_link(&entry).ok(),
                    link: entry,
                }),
                // A case folder met in a walk (say, `add -r .` run beside it)
                // is passed over quietly: it is not evidence.
                Some(meta) if meta.is_dir() && self.inside_case(&entry) => {}
                Some(meta) if meta.is_dir() => self.walk_dir(&entry),
                Some(meta) if meta.is_file() => {
                    if self.inside_case(&entry) {
                        self.failures.push(IngestError::InsideCase { path: entry });
                    } else {
                        self.files.push(Listed {
                            len: meta.len(),
                            walked: Identity::of(&meta),
                            path: entry,
                        });
                    }
                }
                Some(_) => self.failures.push(IngestError::NotAFile { path: entry }),
            }
        }
    }
}
