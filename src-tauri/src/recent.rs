//! The recent-cases list: a small JSON file in the app's config folder.
//! Losing it loses nothing but convenience, so errors are ignored.

use crate::dto::RecentCase;
use std::path::{Path, PathBuf};

const FILE: &str = "recent.json";
const KEEP: usize = 10;

pub fn load(dir: Option<&Path>) -> Vec<RecentCase> {
    dir.and_then(|d| std::fs::read(d.join(FILE)).ok())
        .and_then(|bytes| serde_json::from_slice::<Vec<RecentCase>>(&bytes).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|r| Path::new(&r.path).join("case.sqlite").is_file())
        .collect()
}

/// Puts a case first in the list. An encrypted case is remembered by its
/// path alone.
pub fn remember(dir: Option<&Path>, path: &str, title: &str, encrypted: bool) {
    let Some(dir) = dir else { return };
    let mut list = load(Some(dir));
    list.retain(|r| r.path != path);
    list.insert(
        0,
        RecentCase {
            path: path.to_owned(),
            title: if encrypted {
                String::new()
            } else {
                title.to_owned()
            },
            opened_at: dossier_core::clock::format_utc(jiff::Timestamp::now()),
            encrypted,
        },
    );
    list.truncate(KEEP);
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(json) = serde_json::to_vec_pretty(&list)
    {
        let tmp = dir.join("recent.json.partial");
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(tmp, dir.join(FILE));
        }
    }
}

/// The user's documents folder, where new cases go unless they choose.
pub fn documents() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    let home = PathBuf::from(home);
    let docs = home.join("Documents");
    Some(if docs.is_dir() { docs } else { home })
}
