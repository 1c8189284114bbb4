//! Native file pickers, opened from the shell so the webview never gets a
//! file-system permission of its own. For end-to-end tests, which cannot
//! click a native dialog, `DOSSIER_E2E_PICKS` names a file of JSON arrays,
//! one per line: the n-th pick answers with the n-th line.

use crate::dto::PickKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

static SCRIPTED: AtomicUsize = AtomicUsize::new(0);

/// Opens the picker for `kind` under `title`, the words the screen that
/// asked for it gives (from the UI's catalogue, in the user's language).
pub fn pick(app: &AppHandle, kind: PickKind, title: &str) -> Option<Vec<String>> {
    if let Some(script) = std::env::var_os("DOSSIER_E2E_PICKS") {
        let n = SCRIPTED.fetch_add(1, Ordering::SeqCst);
        let text = std::fs::read_to_string(script).ok()?;
        let line = text.lines().nth(n)?;
        return serde_json::from_str(line).ok();
    }
    let dialog = app.dialog().file().set_title(title);
    let paths = match kind {
        PickKind::Evidence => dialog.blocking_pick_files()?,
        PickKind::Export => vec![dialog.blocking_pick_file()?],
        PickKind::Bundle => vec![dialog.add_filter("zip", &["zip"]).blocking_pick_file()?],
        PickKind::BackupFolder
        | PickKind::CaseFolder
        | PickKind::NewCaseParent
        | PickKind::ExportFolder => {
            vec![dialog.blocking_pick_folder()?]
        }
    };
    Some(paths.into_iter().map(|p| p.to_string()).collect())
}
