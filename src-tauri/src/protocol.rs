//! `evidence://localhost/<sha256>`: how originals reach the webview. Only
//! the SHA-256 of an exhibit of the open case (or an original of the open
//! bundle) is answered; any other path is a 404. The bytes are served as
//! stored, with their media type, and byte ranges for audio and video.
//! `evidence://localhost/thumb/<sha256>` answers an image exhibit's
//! thumbnail (see `dossier_core::thumb`), which is what grids show. In an
//! encrypted case both are read through the case's key, in memory: no
//! plaintext copy is written anywhere.

use crate::state::Scope;
use dossier_core::vault::Vault;
use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use tauri::http::{Request, Response, StatusCode, header};

pub fn serve(scope: &Arc<RwLock<Scope>>, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    // `convertFileSrc` encodes the slash of `thumb/<sha256>`.
    let path = request
        .uri()
        .path()
        .trim_start_matches('/')
        .replace("%2F", "/")
        .replace("%2f", "/");
    let (thumb, sha) = match path.strip_prefix("thumb/") {
        Some(sha) => (true, sha.to_owned()),
        None => (false, path),
    };
    let valid = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return status(StatusCode::NOT_FOUND);
    }
    // Only what this request needs is copied out of the scope (not its whole
    // table of exhibits), and the lock is let go before any file is read.
    let target = match &*scope.read().unwrap_or_else(|e| e.into_inner()) {
        Scope::Case { vault, media } => match media.get(&sha) {
            Some(media_type) if thumb && media_type.starts_with("image/") => {
                Target::Thumb(vault.clone())
            }
            Some(media_type) if !thumb => Target::Blob(vault.clone(), media_type.clone()),
            _ => Target::None,
        },
        Scope::Bundle { path, entries } => match entries.get(&sha) {
            Some((name, media_type)) if !thumb => {
                Target::Entry(path.clone(), name.clone(), media_type.clone())
            }
            _ => Target::None,
        },
        Scope::Nothing => Target::None,
    };
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_range);
    match target {
        Target::Thumb(vault) => thumbnail(&vault, &sha),
        Target::Blob(vault, media_type) if vault.is_encrypted() => match vault.read_blob(&sha) {
            Ok(bytes) => from_bytes(bytes, &media_type, range),
            Err(_) => status(StatusCode::NOT_FOUND),
        },
        Target::Blob(vault, media_type) => match std::fs::File::open(vault.blob_path(&sha)) {
            Ok(file) => from_file(file, &media_type, range),
            Err(_) => status(StatusCode::NOT_FOUND),
        },
        Target::Entry(path, name, media_type) => {
            match dossier_core::export::bundle::entry(&path, &name) {
                Ok(Some(bytes)) => from_bytes(bytes, &media_type, range),
                _ => status(StatusCode::NOT_FOUND),
            }
        }
        Target::None => status(StatusCode::NOT_FOUND),
    }
}

/// What a request resolved to in the open scope.
enum Target {
    /// An image exhibit's thumbnail, in this case.
    Thumb(Vault),
    /// An original in this case, of this media type.
    Blob(Vault, String),
    /// An entry of this bundle, of this media type.
    Entry(std::path::PathBuf, String, String),
    None,
}

/// `evidence://localhost/thumb/<sha256>`: the small JPEG the core keeps for
/// an image exhibit of the open case. A bundle is read-only and shows its
/// originals one at a time, so it has none.
fn thumbnail(vault: &Vault, sha: &str) -> Response<Vec<u8>> {
    match dossier_core::thumb::get(vault, sha) {
        Ok(bytes) => {
            let len = bytes.len() as u64;
            ok(bytes, "image/jpeg", len)
        }
        Err(dossier_core::thumb::ThumbError::Unsupported { .. }) => {
            status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        }
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

/// Whether a request path asks for a thumbnail.
pub fn is_thumbnail(path: &str) -> bool {
    let path = path.trim_start_matches('/');
    path.starts_with("thumb/") || path.starts_with("thumb%2F") || path.starts_with("thumb%2f")
}

/// A job answering one request.
pub type Job = Box<dyn FnOnce() + Send>;

/// Where thumbnail requests wait for one of a few workers. Scrolling a grid
/// of ten thousand screenshots asks for thousands of thumbnails in seconds;
/// decoding them all at once would take a full-size image's memory each.
/// The newest request is served first: it is the one on screen now.
#[derive(Default)]
pub struct Lifo {
    jobs: Mutex<Vec<Job>>,
    ready: Condvar,
}

impl std::fmt::Debug for Lifo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lifo").finish_non_exhaustive()
    }
}

impl Lifo {
    /// A queue served by `workers` threads, which live as long as the app.
    pub fn start(workers: usize) -> &'static Lifo {
        let queue: &'static Lifo = Box::leak(Box::default());
        for _ in 0..workers.max(1) {
            std::thread::spawn(move || {
                loop {
                    let job = {
                        let mut jobs = queue.jobs.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            match jobs.pop() {
                                Some(job) => break job,
                                None => {
                                    jobs =
                                        queue.ready.wait(jobs).unwrap_or_else(|e| e.into_inner());
                                }
                            }
                        }
                    };
                    job();
                }
            });
        }
        queue
    }

    pub fn push(&self, job: Job) {
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(job);
        self.ready.notify_one();
    }
}

/// The app's thumbnail queue: one worker per core, at most four.
pub fn thumbnails() -> &'static Lifo {
    static QUEUE: OnceLock<&'static Lifo> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Lifo::start(cores.min(4))
    })
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    Response::builder()
        .status(code)
        .body(Vec::new())
        .unwrap_or_default()
}

/// `bytes=START-` or `bytes=START-END`.
fn parse_range(value: &str) -> Option<(u64, Option<u64>)> {
    let spec = value.strip_prefix("bytes=")?;
    let (start, end) = spec.split_once('-')?;
    let start = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => None,
        e => Some(e.parse().ok()?),
    };
    Some((start, end))
}

/// A range request gets at most this much per answer.
const RANGE_CHUNK: u64 = 4 << 20;

fn from_file(
    mut file: std::fs::File,
    media_type: &str,
    range: Option<(u64, Option<u64>)>,
) -> Response<Vec<u8>> {
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let Some((start, end)) = range else {
        let mut bytes = Vec::with_capacity(len as usize);
        if file.read_to_end(&mut bytes).is_err() {
            return status(StatusCode::INTERNAL_SERVER_ERROR);
        }
        return ok(bytes, media_type, len);
    };
    if start >= len {
        return status(StatusCode::RANGE_NOT_SATISFIABLE);
    }
    let end = end
        .unwrap_or(len - 1)
        .min(len - 1)
        .min(start + RANGE_CHUNK - 1);
    let mut bytes = vec![0; (end - start + 1) as usize];
    if file.seek(SeekFrom::Start(start)).is_err() || file.read_exact(&mut bytes).is_err() {
        return status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    partial(bytes, media_type, start, end, len)
}

fn from_bytes(
    bytes: Vec<u8>,
    media_type: &str,
    range: Option<(u64, Option<u64>)>,
) -> Response<Vec<u8>> {
    let len = bytes.len() as u64;
    match range {
        None => ok(bytes, media_type, len),
        Some((start, _)) if start >= len => status(StatusCode::RANGE_NOT_SATISFIABLE),
        Some((start, end)) => {
            let end = end.unwrap_or(len - 1).min(len - 1);
            let part = bytes[start as usize..=end as usize].to_vec();
            partial(part, media_type, start, end, len)
        }
    }
}

fn ok(bytes: Vec<u8>, media_type: &str, len: u64) -> Response<Vec<u8>> {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, media_type)
        .header(header::CONTENT_LENGTH, len)
        .header(header::ACCEPT_RANGES, "bytes")
        // Originals are read from disk again when shown again: a viewer of
        // ten thousand screenshots must not keep them all in memory.
        .header(header::CACHE_CONTROL, "no-store")
        .body(bytes)
        .unwrap_or_default()
}

fn partial(bytes: Vec<u8>, media_type: &str, start: u64, end: u64, len: u64) -> Response<Vec<u8>> {
    Response::builder()
        .status(StatusCode::PARTIAL_CONTENT)
        .header(header::CONTENT_TYPE, media_type)
        .header(header::CONTENT_LENGTH, bytes.len())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))
        .body(bytes)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{parse_range, serve};
    use crate::state::Scope;
    use dossier_core::ingest::{self, AddOptions, Silent};
    use dossier_core::{Case, InitOptions, SystemClock};
    use std::collections::HashMap;
    use std::sync::{Arc, RwLock};
    use tauri::http::{Request, StatusCode, header};

    fn get(scope: &Arc<RwLock<Scope>>, path: &str) -> (StatusCode, String, usize) {
        let request = Request::builder()
            .uri(format!("evidence://localhost/{path}"))
            .body(Vec::new())
            .expect("request");
        let response = serve(scope, &request);
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (response.status(), kind, response.body().len())
    }

    #[test]
    fn thumbnails_only_for_image_exhibits_of_the_open_case() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("c.dossier");
        let mut case = Case::init(&root, &InitOptions::default(), &SystemClock, "t").expect("init");
        let shot = dir.path().join("shot.png");
        std::fs::write(
            &shot,
            dossier_core::synth::screenshot(&mut dossier_core::synth::Rng(7)),
        )
        .expect("write");
        let text = dir.path().join("note.txt");
        std::fs::write(&text, "hello").expect("write");
        let report = ingest::add_files(
            &mut case,
            &[shot, text],
            &AddOptions::default(),
            &SystemClock,
            "t",
            &mut Silent,
        );
        let added: Vec<_> = report.added().map(|a| a.sha256.clone()).collect();
        let media = HashMap::from([
            (added[0].clone(), "image/png".to_owned()),
            (added[1].clone(), "text/plain".to_owned()),
        ]);
        let vault = case.vault().clone();
        let scope = Arc::new(RwLock::new(Scope::Case { vault, media }));

        let (code, kind, len) = get(&scope, &format!("thumb%2F{}", added[0]));
        assert_eq!((code, kind.as_str()), (StatusCode::OK, "image/jpeg"));
        assert!(len > 0);
        let (code, kind, _) = get(&scope, &added[0]);
        assert_eq!(
            (code, kind.as_str()),
            (StatusCode::OK, "image/png"),
            "the original"
        );
        assert_eq!(
            get(&scope, &format!("thumb/{}", added[1])).0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&scope, &format!("thumb/{}", "a".repeat(64))).0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&scope, "thumb/..%2Fcase.sqlite").0,
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn the_newest_thumbnail_request_is_served_first() {
        let queue = super::Lifo::start(1);
        // The one worker is busy until told to go on; three requests queue.
        let (go, wait) = std::sync::mpsc::channel::<()>();
        queue.push(Box::new(move || wait.recv().expect("go")));
        let (ran, order) = std::sync::mpsc::channel();
        for n in 0..3 {
            let ran = ran.clone();
            queue.push(Box::new(move || ran.send(n).expect("send")));
        }
        go.send(()).expect("go");
        let order: Vec<i32> = (0..3).map(|_| order.recv().expect("ran")).collect();
        assert_eq!(order, [2, 1, 0]);
        assert!(super::is_thumbnail("/thumb%2Fab"));
        assert!(!super::is_thumbnail("/ab"));
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-"), Some((0, None)));
        assert_eq!(parse_range("bytes=10-99"), Some((10, Some(99))));
        assert_eq!(
            parse_range("bytes=x-1"),
            None,
            "a start that is not a number"
        );
        assert_eq!(parse_range("items=0-1"), None, "only byte ranges");
    }
}
