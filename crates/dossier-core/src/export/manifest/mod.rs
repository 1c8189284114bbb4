//! The bundle's manifest and fixed names: the typed [`Manifest`] that the
//! dossier writes and the app and `verify --against` read, the names of the
//! bundle's entries and of each original inside it, the manifest hash as
//! every page of the dossier prints it, and the chain head an exported
//! manifest recorded ([`head_from_file`]). Shared by the dossier, which
//! writes them, and the bundle, which checks them.

use crate::export::words as w;
use crate::model::lang::Lang;
use crate::query::list::Exhibit;

mod head;
mod schema;

pub use head::{HeadError, head_from_file};
pub use schema::{
    Manifest, ManifestAudit, ManifestCase, ManifestError, ManifestEvent, ManifestExhibit,
    ManifestFinding, ManifestSource, SCHEMA, SCHEMA_FAMILY,
};

/// The PDF's name inside a bundle.
pub const PDF: &str = "dossier.pdf";
pub const MANIFEST: &str = "manifest.json";
pub const VERIFY: &str = "VERIFY.txt";

/// An original's name inside the bundle: `originals/0007-IMG_0001.jpg`.
pub fn original_name(e: &Exhibit) -> String {
    let name = match (&e.original_name, &e.note_text) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => "note.txt".into(),
        (None, None) => "exhibit".into(),
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!(
        "originals/{:04}-{}",
        e.exhibit,
        if safe.is_empty() { "exhibit" } else { safe }
    )
}

/// The manifest's hash as the running header of every page after the
/// cover prints it: its label and first 16 digits. `bundle::verify` looks
/// for exactly this text on each page.
pub fn running_hash(lang: Lang, manifest_sha256: &str) -> String {
    format!(
        "{}: {}…",
        w::MANIFEST.get(lang).replace(" SHA-256", ""),
        manifest_sha256.get(..16).unwrap_or(manifest_sha256)
    )
}
