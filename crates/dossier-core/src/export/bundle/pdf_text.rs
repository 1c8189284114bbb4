//! The bundle's PDF against its manifest: the hash its document
//! information names, and the hash every page prints in its text.

use super::*;

/// The PDF against the manifest: its document information names the
/// manifest's hash, the cover prints it whole, and every later page prints
/// its first 16 digits in the running header (as export/dossier/ draws
/// them). The text is read through the font's ToUnicode map.
pub(crate) fn check_pdf(pdf: &[u8], manifest_sha256: &str, report: &mut BundleReport) {
    let loaded = std::panic::catch_unwind(|| {
        lopdf::Document::load_mem_with_options(
            pdf,
            lopdf::LoadOptions {
                max_decompressed_size: Some(MAX_PAGE_CONTENT),
                filter: Some(drop_images),
                ..lopdf::LoadOptions::default()
            },
        )
    });
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            report
                .problems
                .push(BundleProblem::PdfUnreadable(e.to_string()));
            return;
        }
        Err(_) => {
            report
                .problems
                .push(BundleProblem::PdfUnreadable("the PDF reader failed".into()));
            return;
        }
    };
    let printed = identifier(&doc).unwrap_or_default();
    if printed != manifest_sha256 {
        report.problems.push(BundleProblem::ManifestMismatch {
            printed,
            actual: manifest_sha256.to_owned(),
        });
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        report
            .problems
            .push(BundleProblem::PdfUnreadable("it has no pages".into()));
        return;
    }
    let headers: Vec<String> = [Lang::Zh, Lang::En]
        .iter()
        .map(|&lang| running_hash(lang, manifest_sha256))
        .collect();
    let labels: Vec<String> = [Lang::Zh, Lang::En]
        .iter()
        .map(|&lang| running_hash(lang, ""))
        .map(|h| h.trim_end_matches('…').to_owned())
        .collect();
    for (&number, _) in pages.iter() {
        let page = number as usize;
        report.pages += 1;
        // The document is only read, and dropped if the reader panics.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            doc.extract_text_chunks_with_limit(&[number], MAX_PAGE_CONTENT)
        }));
        let Ok(chunks) = read else {
            report.problems.push(BundleProblem::PdfUnreadable(format!(
                "the text of page {page} cannot be read"
            )));
            return;
        };
        // Each text run of ours is its own chunk (every run sets its font).
        let runs: Vec<String> = chunks
            .into_iter()
            .filter_map(Result::ok)
            .map(|t| t.trim().to_owned())
            .collect();
        let problem = if page == 1 {
            let full: Vec<&String> = runs
                .iter()
                .filter(|r| crate::hash::is_sha256_hex(r))
                .collect();
            match full.iter().find(|r| r.as_str() != manifest_sha256) {
                Some(other) => Some(Some((*other).clone())),
                None if full.is_empty() => Some(None),
                None => None,
            }
        } else {
            let shown: Vec<&String> = runs
                .iter()
                .filter(|r| r.ends_with('…') && labels.iter().any(|l| r.starts_with(l.as_str())))
                .collect();
            match shown.iter().find(|r| !headers.contains(r)) {
                Some(other) => {
                    let hex: String = other
                        .chars()
                        .rev()
                        .skip(1)
                        .take_while(char::is_ascii_hexdigit)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    Some(Some(format!("{hex}…")))
                }
                None if shown.is_empty() => Some(None),
                None => None,
            }
        };
        if let Some(printed) = problem {
            report
                .problems
                .push(BundleProblem::PdfPage { page, printed });
        }
    }
}

/// Drops the bytes of image streams as the PDF is loaded: only text is
/// read, and the photos are most of a dossier's size, so they are not kept
/// in memory twice.
pub(crate) fn drop_images(
    id: (u32, u16),
    object: &mut lopdf::Object,
) -> Option<((u32, u16), lopdf::Object)> {
    if let lopdf::Object::Stream(stream) = object
        && stream
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Image")
    {
        stream.content = Vec::new();
    }
    // lopdf keeps the object changed in place, except for those inside an
    // object stream, which it takes from the return value.
    Some((id, object.clone()))
}

/// The manifest hash in the PDF's document information (`/Identifier`).
pub(crate) fn identifier(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let value = info.as_dict().ok()?.get(b"Identifier").ok()?;
    let bytes = value.as_str().ok()?;
    let text = std::str::from_utf8(bytes).ok()?;
    text.strip_prefix("manifest-sha256:").map(str::to_owned)
}
