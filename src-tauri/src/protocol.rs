//! `evidence://localhost/<sha256>`: how originals reach the webview. Only
//! the SHA-256 of an exhibit of the open case (or an original of the open
//! bundle) is answered; any other path is a 404. The bytes are served as
//! stored, with their media type, and byte ranges for audio and video.

use crate::state::Scope;
use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, RwLock};
use tauri::http::{Request, Response, StatusCode, header};

pub fn serve(scope: &Arc<RwLock<Scope>>, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let sha = request.uri().path().trim_start_matches('/').to_owned();
    let valid = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return status(StatusCode::NOT_FOUND);
    }
    let scope = scope.read().unwrap_or_else(|e| e.into_inner()).clone();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_range);
    match scope {
        Scope::Case { root, media } => {
            let Some(media_type) = media.get(&sha) else {
                return status(StatusCode::NOT_FOUND);
            };
            let path = root.join("blobs").join(&sha[..2]).join(&sha);
            match std::fs::File::open(&path) {
                Ok(file) => from_file(file, media_type, range),
                Err(_) => status(StatusCode::NOT_FOUND),
            }
        }
        Scope::Bundle { path, entries } => {
            let Some((name, media_type)) = entries.get(&sha) else {
                return status(StatusCode::NOT_FOUND);
            };
            match dossier_core::export::bundle::entry(&path, name) {
                Ok(Some(bytes)) => from_bytes(bytes, media_type, range),
                _ => status(StatusCode::NOT_FOUND),
            }
        }
        Scope::Nothing => status(StatusCode::NOT_FOUND),
    }
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
    use super::parse_range;

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
