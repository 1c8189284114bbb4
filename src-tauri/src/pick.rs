//! Native file pickers, opened from the shell so the webview never gets a
//! file-system permission of its own. For end-to-end tests, which cannot
//! click a native dialog, `DOSSIER_E2E_PICKS` names a file of JSON arrays,
//! one per line: the n-th pick answers with the n-th line.

use crate::dto::PickKind;
use dossier_core::words::Lang;
use std::sync::atomic::{AtomicUsize, Ordering};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

static SCRIPTED: AtomicUsize = AtomicUsize::new(0);

pub fn pick(app: &AppHandle, kind: PickKind, lang: Lang) -> Option<Vec<String>> {
    if let Some(script) = std::env::var_os("DOSSIER_E2E_PICKS") {
        let n = SCRIPTED.fetch_add(1, Ordering::SeqCst);
        let text = std::fs::read_to_string(script).ok()?;
        let line = text.lines().nth(n)?;
        return serde_json::from_str(line).ok();
    }
    let title = crate::error::pick(
        lang,
        match kind {
            PickKind::Evidence => "选择要加入的截图、录音或文件",
            PickKind::Export => "选择通话记录、短信或聊天导出文件",
            PickKind::BackupFolder => "选择 iPhone 备份文件夹（含 Manifest.db 的那一层）",
            PickKind::CaseFolder => "选择案件文件夹",
            PickKind::NewCaseParent => "选择新案件保存的位置",
            PickKind::Bundle => "选择收到的证据包（.zip）",
            PickKind::ExportFolder => "选择导出文件保存的位置",
        },
        match kind {
            PickKind::Evidence => "Choose screenshots, recordings or files to add",
            PickKind::Export => "Choose a call log, SMS or chat export",
            PickKind::BackupFolder => "Choose the iPhone backup folder (the one with Manifest.db)",
            PickKind::CaseFolder => "Choose a case folder",
            PickKind::NewCaseParent => "Choose where the new case goes",
            PickKind::Bundle => "Choose a received bundle (.zip)",
            PickKind::ExportFolder => "Choose where the exported files go",
        },
    );
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
