//! Writing a dossier to disk: the PDF and, when asked, the bundle, each
//! first to a `.partial` file beside its target and renamed into place only
//! when both are whole, so a failed or stopped export leaves nothing behind
//! and never a half-written file under the name the user chose. A killed
//! export may leave a `.partial` file; the next export to the same name
//! removes it first, quietly ([`clear_stale`]): only a regular file named
//! exactly `<output>.partial`, never a link, a folder or anything else.

use super::bundle;
use super::dossier::{ExportError, ExportOptions, Exported, export};
use crate::case::Case;
use crate::case::crypto::Passphrase;
use crate::clock::Clock;
use crate::export::age::{self, AgeReader, AgeWriter};
use crate::progress::Progress;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The dossier's language when none is asked for: Chinese for a case
/// judged under China's rules, English for one under the US rules.
pub fn default_lang(rules: crate::model::jurisdiction::Rules) -> crate::model::lang::Lang {
    use crate::model::jurisdiction::Rules;
    use crate::model::lang::Lang;
    match rules {
        Rules::Us => Lang::En,
        _ => Lang::Zh,
    }
}

/// `path`, with `.age` added when the file is sealed and its name lacks it:
/// a sealed file is an age file, and named so.
pub fn sealed_name(path: &Path, sealed: bool) -> PathBuf {
    if sealed && path.extension().is_none_or(|x| x != "age") {
        let mut name = path.as_os_str().to_owned();
        name.push(".age");
        PathBuf::from(name)
    } else {
        path.to_path_buf()
    }
}

/// Where an export into `folder` writes: `dossier-zh.pdf` (or `-en`) and,
/// when asked, `dossier-zh-bundle.zip`, each `.age` when sealed.
pub fn names_in(
    folder: &Path,
    lang: crate::model::lang::Lang,
    bundle: bool,
    sealed: bool,
) -> (PathBuf, Option<PathBuf>) {
    let stem = format!("dossier-{}", lang.as_str());
    let pdf = sealed_name(&folder.join(format!("{stem}.pdf")), sealed);
    let bundle = bundle.then(|| sealed_name(&folder.join(format!("{stem}-bundle.zip")), sealed));
    (pdf, bundle)
}

/// Why the files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The case could not be read or an exhibit is missing.
    #[error(transparent)]
    Export(ExportError),
    #[error("cannot write {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Something other than a file a killed export left has the name of
    /// the `.partial` file: it is not ours to remove.
    #[error("{} is in the way and is not a file Dossier left behind: move it away and export again", path.display())]
    InTheWay { path: PathBuf },
    #[error("the export was stopped — no file was written")]
    Cancelled,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub exported: Exported,
    pub pdf: PathBuf,
    pub bundle: Option<PathBuf>,
}

/// Builds the dossier of `case` into `pdf`, and the bundle into `bundle`.
/// With `seal`, each is written as an age file sealed to that passphrase,
/// and no plaintext of either touches the disk. Progress hears the bytes
/// written; a stop is honoured at the next write.
pub fn write(
    case: &Case,
    options: &ExportOptions,
    clock: &dyn Clock,
    pdf: &Path,
    bundle: Option<&Path>,
    seal: Option<&Passphrase>,
    progress: &mut dyn Progress,
) -> Result<Written, WriteError> {
    let pdf_tmp = partial(pdf);
    let bundle_tmp = bundle.map(partial);
    // Only what this export created is removed on failure: a `.partial`
    // name held by something else is left as it was found.
    let created_pdf = std::cell::Cell::new(false);
    let created_bundle = std::cell::Cell::new(false);
    let cleanup = || {
        if created_pdf.get() {
            let _ = std::fs::remove_file(&pdf_tmp);
        }
        if let Some(tmp) = bundle_tmp.as_ref().filter(|_| created_bundle.get()) {
            let _ = std::fs::remove_file(tmp);
        }
    };
    progress.begin(1 + u64::from(bundle.is_some()), 0);
    let result = (|| {
        progress.file(pdf);
        let file_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WriteError::File { path, source }
        };
        let file = create(&pdf_tmp, pdf)?;
        created_pdf.set(true);
        let out = Watched::new(std::io::BufWriter::new(file), &mut *progress);
        let (exported, out) = match seal {
            None => {
                let mut out = out;
                let exported = export(case, options, clock, &mut out);
                (exported, Ok(out))
            }
            Some(passphrase) => {
                let mut sealed =
                    AgeWriter::new(passphrase, age::LOG_N, out).map_err(file_error(pdf))?;
                let exported = export(case, options, clock, &mut sealed);
                (exported, sealed.finish())
            }
        };
        let exported = match exported {
            Ok(exported) => exported,
            Err(_) if progress.cancelled() => return Err(WriteError::Cancelled),
            Err(e) => return Err(WriteError::Export(e)),
        };
        let file = out
            .map_err(file_error(pdf))?
            .inner
            .into_inner()
            .map_err(|e| file_error(pdf)(e.into_error()))?;
        file.sync_all().map_err(file_error(pdf))?;
        if let (Some(bundle), Some(tmp)) = (bundle, &bundle_tmp) {
            progress.file(bundle);
            let file = create(tmp, bundle)?;
            created_bundle.set(true);
            let mut out = Watched::new(file, &mut *progress);
            let pdf_file = std::fs::File::open(&pdf_tmp).map_err(file_error(pdf))?;
            let parts = bundle::Parts {
                exhibits: &exported.exhibits,
                manifest: &exported.manifest,
                manifest_sha256: &exported.manifest_sha256,
                when: clock.now(),
            };
            let written = match seal {
                None => {
                    let mut pdf_in = std::io::BufReader::new(pdf_file);
                    bundle::write(case, parts, &mut pdf_in, &mut out)
                        .map_err(|e| std::io::Error::other(e.to_string()))
                }
                Some(passphrase) => (|| {
                    let mut pdf_in = AgeReader::new(passphrase, std::io::BufReader::new(pdf_file))
                        .map_err(std::io::Error::other)?;
                    let sealed = AgeWriter::new(passphrase, age::LOG_N, &mut out)?;
                    bundle::write_stream(case, parts, &mut pdf_in, sealed)
                        .map_err(|e| std::io::Error::other(e.to_string()))?
                        .finish()
                        .map(|_| ())
                })(),
            };
            let synced = written.and_then(|()| out.inner.sync_all());
            if progress.cancelled() {
                return Err(WriteError::Cancelled);
            }
            synced.map_err(file_error(bundle))?;
        }
        if progress.cancelled() {
            return Err(WriteError::Cancelled);
        }
        // The bundle first: it holds the PDF, so a PDF under its final name
        // means its bundle is in place too, even if the process dies between
        // the two renames.
        if let (Some(bundle), Some(tmp)) = (bundle, &bundle_tmp) {
            std::fs::rename(tmp, bundle).map_err(file_error(bundle))?;
            sync_parent(bundle);
        }
        std::fs::rename(&pdf_tmp, pdf).map_err(file_error(pdf))?;
        sync_parent(pdf);
        Ok(exported)
    })();
    progress.end();
    match result {
        Ok(exported) => Ok(Written {
            exported,
            pdf: pdf.to_path_buf(),
            bundle: bundle.map(Path::to_path_buf),
        }),
        Err(e) => {
            cleanup();
            Err(e)
        }
    }
}

/// Makes a rename into `path`'s folder durable, so the finished file is
/// still there after a power cut. Best effort: some file systems refuse to
/// sync a folder, and the file itself is already on disk.
fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(parent) {
        let _ = dir.sync_all();
    }
}

/// `dossier.pdf` → `dossier.pdf.partial`.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Creates the `.partial` file of `target` afresh. One a killed export left
/// is removed first; anything else under that name (a link, a folder) is
/// not ours, so it is left alone and the export refused. The file is made
/// with `create_new`, so nothing planted in between (a link to a file
/// elsewhere) is ever followed and overwritten.
fn create(tmp: &Path, target: &Path) -> Result<std::fs::File, WriteError> {
    let error = |source| WriteError::File {
        path: target.to_path_buf(),
        source,
    };
    if !clear_stale(tmp).map_err(error)? {
        return Err(WriteError::InTheWay {
            path: tmp.to_path_buf(),
        });
    }
    std::fs::OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .open(tmp)
        .map_err(error)
}

/// Removes the `.partial` file a killed export left at `tmp`, if there is
/// one and it is a regular file. `false` when something else has the name.
fn clear_stale(tmp: &Path) -> std::io::Result<bool> {
    match std::fs::symlink_metadata(tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
        Ok(meta) if meta.file_type().is_file() => match std::fs::remove_file(tmp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(true),
        },
        Ok(_) => Ok(false),
    }
}

/// A writer that reports the bytes through it and fails once the user has
/// asked to stop, which unwinds the export from wherever it is.
struct Watched<'p, W> {
    inner: W,
    progress: &'p mut dyn Progress,
}

impl<'p, W> Watched<'p, W> {
    fn new(inner: W, progress: &'p mut dyn Progress) -> Self {
        Watched { inner, progress }
    }
}

impl<W: Write> Write for Watched<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.progress.cancelled() {
            return Err(std::io::Error::other("stopped by the user"));
        }
        let n = self.inner.write(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Seek> Seek for Watched<'_, W> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}
