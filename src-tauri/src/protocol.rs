//! `evidence://localhost/<sha256>`: how originals reach the webview. Only
//! the SHA-256 of an exhibit of the open case (or an original of the open
//! bundle) is answered; any other path is a 404. The bytes are served as
//! stored, with their media type, and byte ranges for audio and video.
//! `evidence://localhost/thumb/<sha256>?fit=WxH` answers an image
//! exhibit's thumbnail (see `dossier_core::evidence::thumb`), which is what grids
//! show, as pixels fitted to the card: see [`thumbnail`]. In an
//! encrypted case both are read through the case's key, in memory: no
//! plaintext copy is written anywhere.

use crate::state::Scope;
use dossier_core::case::vault::Vault;
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
        Target::Thumb(vault) => {
            let (w, h) = request.uri().query().and_then(parse_fit).unwrap_or((
                dossier_core::evidence::thumb::EDGE,
                dossier_core::evidence::thumb::EDGE,
            ));
            let mut response = thumbnail(&vault, &sha, w, h);
            // The grid reads the pixels with fetch(), a cross-origin read
            // from the app's page: allowed for the app's own origin only.
            if let Some(origin) = request.headers().get(header::ORIGIN)
                && APP_ORIGINS.contains(&origin.as_bytes())
            {
                response
                    .headers_mut()
                    .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            }
            response
        }
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

/// `evidence://localhost/thumb/<sha256>?fit=WxH`: the thumbnail the core
/// keeps for an image exhibit of the open case, scaled to fit W × H, as
/// pixels the grid draws into a canvas it reuses: the width and height as
/// big-endian 32-bit numbers, then the RGBA rows. The webview then decodes
/// no image and caches none, so reading a grid of ten thousand screenshots
/// leaves its memory where it started (an `<img>` per card kept growing it
/// by 250 MiB). A bundle is read-only and shows its originals one at a
/// time, so it has none.
fn thumbnail(vault: &Vault, sha: &str, width: u32, height: u32) -> Response<Vec<u8>> {
    match dossier_core::evidence::thumb::pixels(vault, sha, width, height) {
        Ok(p) => {
            let mut bytes = Vec::with_capacity(8 + p.rgba.len());
            bytes.extend_from_slice(&p.width.to_be_bytes());
            bytes.extend_from_slice(&p.height.to_be_bytes());
            bytes.extend_from_slice(&p.rgba);
            let len = bytes.len() as u64;
            ok(bytes, PIXELS, len)
        }
        Err(dossier_core::evidence::thumb::ThumbError::Unsupported { .. }) => {
            status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        }
        Err(_) => status(StatusCode::NOT_FOUND),
    }
}

/// Where the app's own page is served from: `tauri://localhost` on Linux
/// and macOS, `http://tauri.localhost` on Windows.
const APP_ORIGINS: [&[u8]; 2] = [b"tauri://localhost", b"http://tauri.localhost"];

/// The media type of a thumbnail's pixels (see [`thumbnail`]).
const PIXELS: &str = "application/x-dossier-rgba";

/// `fit=150x120` in a query: the box a thumbnail must fit in.
fn parse_fit(query: &str) -> Option<(u32, u32)> {
    let value = query.split('&').find_map(|p| p.strip_prefix("fit="))?;
    let (w, h) = value.split_once('x')?;
    Some((w.parse().ok()?, h.parse().ok()?))
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

/// Hands the pages glibc holds free in its heaps back to the system. Making
/// a thumbnail leaves many small holes in the worker's heap that glibc keeps
/// for later: measured over ten screens of new thumbnails, 18 MiB that this
/// gives back. Called by a worker once the queue has been empty for
/// [`IDLE`] after it worked, so once per burst of thumbnails.
fn give_back_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it is thread-safe.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How long the thumbnail queue stays empty before its workers give memory back.
const IDLE: std::time::Duration = std::time::Duration::from_secs(1);

impl Lifo {
    /// A queue served by `workers` threads, which live as long as the app.
    pub fn start(workers: usize) -> &'static Lifo {
        let queue: &'static Lifo = Box::leak(Box::default());
        for _ in 0..workers.max(1) {
            std::thread::spawn(move || {
                // Whether this worker ran a job since it last gave memory back.
                let mut worked = false;
                loop {
                    let job = {
                        let mut jobs = queue.jobs.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if let Some(job) = jobs.pop() {
                                break job;
                            }
                            if !worked {
                                jobs = queue.ready.wait(jobs).unwrap_or_else(|e| e.into_inner());
                                continue;
                            }
                            // Idle for a moment after work: the answers have
                            // been taken and freed by then.
                            let (guard, waited) = queue
                                .ready
                                .wait_timeout(jobs, IDLE)
                                .unwrap_or_else(|e| e.into_inner());
                            jobs = guard;
                            if waited.timed_out() && jobs.is_empty() {
                                drop(jobs);
                                give_back_free_memory();
                                worked = false;
                                jobs = queue.jobs.lock().unwrap_or_else(|e| e.into_inner());
                            }
                        }
                    };
                    job();
                    worked = true;
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
    let start: u64 = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => None,
        e => Some(e.parse().ok()?),
    };
    // A range that ends before it starts is invalid (RFC 9110 14.1.1): the
    // header is then ignored and the whole file is served.
    if end.is_some_and(|end| end < start) {
        return None;
    }
    Some((start, end))
}

/// The bytes a range request gets of a body of `len` bytes: from `start`
/// to `end` (or the end), at most [`RANGE_CHUNK`]; `None` when the start
/// lies past the end.
fn span(start: u64, end: Option<u64>, len: u64) -> Option<(u64, u64)> {
    if start >= len {
        return None;
    }
    let end = end
        .unwrap_or(len - 1)
        .min(len - 1)
        .min(start + RANGE_CHUNK - 1);
    Some((start, end.max(start)))
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
    let Some((start, end)) = span(start, end, len) else {
        return status(StatusCode::RANGE_NOT_SATISFIABLE);
    };
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
        Some((start, end)) => match span(start, end, len) {
            None => status(StatusCode::RANGE_NOT_SATISFIABLE),
            Some((start, end)) => {
                let part = bytes[start as usize..=end as usize].to_vec();
                partial(part, media_type, start, end, len)
            }
        },
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
    use dossier_core::evidence::ingest::{self, AddOptions, Silent};
    use dossier_core::{Case, InitOptions, SystemClock};
    use std::collections::HashMap;
    use std::sync::{Arc, RwLock};
    use tauri::http::{Request, StatusCode, header};

    fn get(scope: &Arc<RwLock<Scope>>, path: &str) -> (StatusCode, String, Vec<u8>) {
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
        (response.status(), kind, response.body().clone())
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

        let (code, kind, body) = get(&scope, &format!("thumb%2F{}?fit=40x60", added[0]));
        assert_eq!((code, kind.as_str()), (StatusCode::OK, super::PIXELS));
        let (w, h) = (
            u32::from_be_bytes(body[..4].try_into().expect("width")),
            u32::from_be_bytes(body[4..8].try_into().expect("height")),
        );
        assert!(
            w <= 40 && h <= 60 && (w == 40 || h == 60),
            "fitted: {w} x {h}"
        );
        assert_eq!(body.len(), 8 + (w * h * 4) as usize, "a header, then RGBA");
        let (_, _, unfitted) = get(&scope, &format!("thumb/{}", added[0]));
        let long = u32::from_be_bytes(unfitted[..4].try_into().expect("width")).max(
            u32::from_be_bytes(unfitted[4..8].try_into().expect("height")),
        );
        assert_eq!(
            long,
            dossier_core::evidence::thumb::EDGE,
            "no box: a whole thumbnail"
        );
        let allowed = |origin: &str| {
            let request = Request::builder()
                .uri(format!("evidence://localhost/thumb/{}?fit=9x9", added[0]))
                .header(header::ORIGIN, origin)
                .body(Vec::new())
                .expect("request");
            serve(&scope, &request)
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .map(|v| v.to_str().expect("ascii").to_owned())
        };
        assert_eq!(
            allowed("tauri://localhost").as_deref(),
            Some("tauri://localhost")
        );
        assert_eq!(allowed("http://example.com"), None, "only the app's page");
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
        assert_eq!(super::parse_fit("fit=150x120"), Some((150, 120)));
        assert_eq!(super::parse_fit("v=1&fit=3x4"), Some((3, 4)));
        assert_eq!(super::parse_fit("fit=150"), None);
        assert_eq!(super::parse_fit("fit=-1x2"), None);
        assert_eq!(parse_range("bytes=0-"), Some((0, None)));
        assert_eq!(parse_range("bytes=10-99"), Some((10, Some(99))));
        assert_eq!(
            parse_range("bytes=x-1"),
            None,
            "a start that is not a number"
        );
        assert_eq!(parse_range("items=0-1"), None, "only byte ranges");
        assert_eq!(
            parse_range("bytes=10-5"),
            None,
            "an end before the start is ignored, not an underflow"
        );
    }

    #[test]
    fn a_range_of_bytes_in_memory_is_capped_like_one_of_a_file() {
        let size = (super::RANGE_CHUNK * 2 + 10) as usize;
        let body: Vec<u8> = (0..size).map(|i| i as u8).collect();
        let answer = super::from_bytes(body.clone(), "audio/mp4", Some((5, None)));
        assert_eq!(answer.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            answer.body().as_slice(),
            &body[5..5 + super::RANGE_CHUNK as usize],
            "at most one chunk per answer, as from a file"
        );
        let last = super::from_bytes(body.clone(), "audio/mp4", Some((size as u64 - 3, None)));
        assert_eq!(last.body().as_slice(), &body[size - 3..]);
        let past = super::from_bytes(body, "audio/mp4", Some((size as u64, None)));
        assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    }
}
