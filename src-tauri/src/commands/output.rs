//! What leaves the case: the dossier and its bundle, and the integrity
//! check. Both are long, report progress and can be stopped.

use super::blocking;
use crate::convert;
use crate::dto::*;
use crate::progress::ChannelProgress;
use dossier_core::SystemClock;
use dossier_core::case::crypto::Passphrase;
use dossier_core::export::dossier::ExportOptions;
use std::path::{Path, PathBuf};
use tauri::AppHandle;
use tauri::ipc::Channel;
use tauri_plugin_opener::OpenerExt;

#[tauri::command]
pub async fn export_run(
    app: AppHandle,
    req: ExportRequest,
    on_progress: Channel<ProgressEvent>,
) -> Result<ExportResult, AppError> {
    blocking(app, move |state| {
        state.long(|| {
            state.with_case(|case, lang| {
                let folder = PathBuf::from(&req.folder);
                if !folder.is_dir() {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        lang.export_folder_missing(&folder.display().to_string()),
                    ));
                }
                let seal = req.seal.clone().map(Passphrase::new);
                if case.vault().is_encrypted() && seal.is_none() && !req.plaintext {
                    return Err(AppError::bad_input(lang.export_needs_choice()));
                }
                let dossier_lang = req.lang;
                let options = ExportOptions {
                    lang: dossier_lang,
                    redact: req.redact,
                    preparer: req.preparer.trim().to_owned(),
                };
                let (pdf, bundle) = dossier_core::export::files::names_in(
                    &folder,
                    dossier_lang,
                    req.bundle,
                    seal.is_some(),
                );
                let mut progress = ChannelProgress::new(on_progress, state.stop.clone());
                let written = dossier_core::export::files::write(
                    case,
                    &options,
                    &SystemClock,
                    &pdf,
                    bundle.as_deref(),
                    seal.as_ref(),
                    &mut progress,
                )
                .map_err(|e| AppError::export(lang, &e))?;
                let mut exported = state.exported.lock().unwrap_or_else(|e| e.into_inner());
                *exported = std::iter::once(written.pdf.clone())
                    .chain(written.bundle.clone())
                    .collect();
                Ok(ExportResult {
                    pdf: written.pdf.display().to_string(),
                    bundle: written.bundle.map(|b| b.display().to_string()),
                    pages: u32::try_from(written.exported.pages).unwrap_or(u32::MAX),
                    manifest_sha256: written.exported.manifest_sha256,
                    exhibits: u32::try_from(written.exported.exhibits.len()).unwrap_or(u32::MAX),
                })
            })
        })
    })
    .await
}

/// Shows an exported file in the system's file manager. Only files the last
/// export wrote: the UI cannot have any other path opened.
#[tauri::command]
pub async fn reveal(app: AppHandle, path: String) -> Result<(), AppError> {
    let opener = app.clone();
    blocking(app, move |state| {
        let allowed = state
            .exported
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|p| p == Path::new(&path));
        if !allowed {
            return Err(AppError::bad_input(format!(
                "{path} was not written by this export"
            )));
        }
        opener
            .opener()
            .reveal_item_in_dir(&path)
            .map_err(AppError::internal)
    })
    .await
}

#[tauri::command]
pub async fn verify_case(
    app: AppHandle,
    on_progress: Channel<ProgressEvent>,
) -> Result<VerifyResult, AppError> {
    blocking(app, move |state| {
        state.long(|| {
            state.with_case(|case, lang| {
                let mut progress = ChannelProgress::new(on_progress, state.stop.clone());
                let report = dossier_core::case::verify::verify(case, &mut progress);
                Ok(convert::verify(&report, lang))
            })
        })
    })
    .await
}
