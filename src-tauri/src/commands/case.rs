//! Opening, creating and closing cases and received bundles; the language;
//! file pickers; stopping a long operation.

use super::{actor, blocking, given};
use crate::convert;
use crate::dto::*;
use crate::state::{AppState, Open, Scope};
use dossier_core::case::crypto::Passphrase;
use dossier_core::export::manifest::Manifest;
use dossier_core::words::Lang;
use dossier_core::{Case, InitOptions, SystemClock};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use tauri::{AppHandle, State};

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: dossier_core::VERSION.to_owned(),
        recent: crate::recent::load(state.config_dir.as_deref()),
        open_at_start: state
            .open_at_start
            .as_ref()
            .map(|p| p.display().to_string()),
        default_folder: crate::recent::documents().map(|p| p.display().to_string()),
        system_language: match Lang::from_env() {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
        .to_owned(),
    }
}

#[tauri::command]
pub fn set_language(state: State<'_, AppState>, lang: String) {
    *state.lang.lock().unwrap_or_else(|e| e.into_inner()) = if lang.starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    };
}

#[tauri::command]
pub fn cancel(state: State<'_, AppState>) {
    state.stop.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub async fn pick(
    app: AppHandle,
    kind: PickKind,
    title: String,
) -> Result<Option<Vec<String>>, AppError> {
    let handle = app.clone();
    blocking(app, move |_| Ok(crate::pick::pick(&handle, kind, &title))).await
}

#[tauri::command]
pub async fn case_create(app: AppHandle, req: CreateCase) -> Result<CaseSummary, AppError> {
    blocking(app, move |state| {
        let lang = state.lang();
        let options = InitOptions {
            title: given(Some(req.title)),
            rules: req.rules,
            time_zone: given(req.time_zone),
            passphrase: req.passphrase.map(Passphrase::new),
            ..InitOptions::default()
        };
        let case = Case::init(Path::new(&req.path), &options, &SystemClock, &actor())
            .map_err(|e| AppError::case(lang, &e))?;
        open_case(state, case)
    })
    .await
}

/// Opens a plain case; an encrypted one answers `locked`, and the UI asks
/// for its passphrase and calls [`case_unlock`].
#[tauri::command]
pub async fn case_open(app: AppHandle, path: String) -> Result<CaseSummary, AppError> {
    blocking(app, move |state| {
        let case = Case::open(Path::new(&path)).map_err(|e| AppError::case(state.lang(), &e))?;
        open_case(state, case)
    })
    .await
}

/// Opens an encrypted case with its passphrase (also after the app locked
/// it). A wrong passphrase answers `wrong_passphrase` and changes nothing.
#[tauri::command]
pub async fn case_unlock(
    app: AppHandle,
    path: String,
    passphrase: String,
) -> Result<CaseSummary, AppError> {
    let passphrase = Passphrase::new(passphrase);
    blocking(app, move |state| {
        let case = Case::open_with(Path::new(&path), Some(&passphrase))
            .map_err(|e| AppError::case(state.lang(), &e))?;
        drop(passphrase);
        open_case(state, case)
    })
    .await
}

/// Makes `case` the open one: its exhibits become what the protocol serves.
pub(crate) fn open_case(state: &AppState, case: Case) -> Result<CaseSummary, AppError> {
    let summary = summary(&case)?;
    refresh_scope(state, &case)?;
    crate::recent::remember(
        state.config_dir.as_deref(),
        &summary.path,
        &summary.title,
        summary.encrypted,
    );
    *state.open.lock().unwrap_or_else(|e| e.into_inner()) = Some(Open::Case(Box::new(case)));
    Ok(summary)
}

/// The exhibits the webview may load, after anything was added.
pub fn refresh_scope(state: &AppState, case: &Case) -> Result<(), AppError> {
    let exhibits = dossier_core::query::list::exhibits(case).map_err(AppError::internal)?;
    let media = exhibits
        .iter()
        .filter_map(|e| convert::viewable(e).map(|m| (e.sha256.clone(), m)))
        .collect();
    *state.scope.write().unwrap_or_else(|e| e.into_inner()) = Scope::Case {
        vault: case.vault().clone(),
        media,
    };
    Ok(())
}

pub fn summary(case: &Case) -> Result<CaseSummary, AppError> {
    let info = case.info();
    let (exhibits, events, parties) =
        dossier_core::query::list::counts(case).map_err(AppError::internal)?;
    Ok(CaseSummary {
        path: case.root().display().to_string(),
        title: info.title.clone(),
        rules: info.rules.as_str().to_owned(),
        time_zone: info.time_zone_name.clone(),
        created_at: convert::local(info.created_at, &info.time_zone),
        exhibits: u32::try_from(exhibits).unwrap_or(u32::MAX),
        events: u32::try_from(events).unwrap_or(u32::MAX),
        parties: u32::try_from(parties).unwrap_or(u32::MAX),
        encrypted: case.vault().is_encrypted(),
    })
}

#[tauri::command]
pub async fn case_summary(app: AppHandle) -> Result<CaseSummary, AppError> {
    blocking(app, |state| state.with_case(|case, _| summary(case))).await
}

/// Closes the case. For an encrypted case this is also the lock: the case,
/// and with it the only copies of its key, are dropped, and the key's
/// memory is wiped (see `dossier_core::case::crypto::DataKey`).
#[tauri::command]
pub async fn case_close(app: AppHandle) -> Result<(), AppError> {
    blocking(app, |state| {
        if state.running.load(Ordering::SeqCst) {
            return Err(AppError::busy(state.lang()));
        }
        *state.open.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *state.scope.write().unwrap_or_else(|e| e.into_inner()) = Scope::Nothing;
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn bundle_open(app: AppHandle, path: String) -> Result<BundleView, AppError> {
    blocking(app, move |state| {
        let lang = state.lang();
        let path = PathBuf::from(path);
        let report = dossier_core::export::bundle::verify(&path).map_err(|e| {
            AppError::new(ErrorCode::Unreadable, format!("{}: {e}", path.display()))
        })?;
        // Only a bundle that passed is read further; a refused archive is
        // never opened again.
        let manifest = if report.problems.is_empty() {
            dossier_core::export::bundle::entry(&path, dossier_core::export::manifest::MANIFEST)
                .ok()
                .flatten()
                .and_then(|bytes| Manifest::from_bytes(&bytes).ok())
        } else {
            None
        };
        let view = convert::bundle(&path, &report, manifest.as_ref(), lang);
        let entries = view
            .exhibits
            .iter()
            .filter_map(|e| {
                let media = match e.kind.as_str() {
                    "image" => media_of(&e.file),
                    _ => None,
                }?;
                Some((e.sha256.clone(), (e.file.clone(), media.to_owned())))
            })
            .collect();
        *state.scope.write().unwrap_or_else(|e| e.into_inner()) = Scope::Bundle {
            path: path.clone(),
            entries,
        };
        *state.open.lock().unwrap_or_else(|e| e.into_inner()) = Some(Open::Bundle);
        Ok(view)
    })
    .await
}

/// The media type of a bundled image, by its name's extension: the bundle
/// keeps originals' names, and the webview sniffs what it is given anyway.
fn media_of(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

#[tauri::command]
pub async fn bundle_close(app: AppHandle) -> Result<(), AppError> {
    blocking(app, |state| {
        let mut open = state.open.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(*open, Some(Open::Bundle)) {
            *open = None;
            *state.scope.write().unwrap_or_else(|e| e.into_inner()) = Scope::Nothing;
        }
        Ok(())
    })
    .await
}
