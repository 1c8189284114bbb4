//! Protecting the open case: encrypting it, decrypting it, and changing its
//! passphrase — what `dossier encrypt`, `decrypt` and `passphrase` do.
//!
//! A conversion needs the case to itself, so the app closes its own handle
//! first, converts (a long operation with progress), and opens the case
//! again under its new form; when the conversion fails, the case is opened
//! again as it was, untouched.

use super::case::open_case;
use super::{actor, blocking};
use crate::dto::*;
use crate::progress::ChannelProgress;
use crate::state::{AppState, Open, Scope};
use dossier_core::case::convert::{self, Protection};
use dossier_core::case::crypto::Passphrase;
use dossier_core::{Case, SystemClock};
use std::path::PathBuf;
use tauri::AppHandle;
use tauri::ipc::Channel;

/// Encrypts the open plain case under `passphrase`.
#[tauri::command]
pub async fn case_encrypt(
    app: AppHandle,
    passphrase: String,
    on_progress: Channel<ProgressEvent>,
) -> Result<CaseSummary, AppError> {
    let new = Passphrase::new(passphrase);
    convert_open(app, on_progress, Protection::Encrypt { new }).await
}

/// Decrypts the open encrypted case, checked against `passphrase` first.
#[tauri::command]
pub async fn case_decrypt(
    app: AppHandle,
    passphrase: String,
    on_progress: Channel<ProgressEvent>,
) -> Result<CaseSummary, AppError> {
    let current = Passphrase::new(passphrase);
    convert_open(app, on_progress, Protection::Decrypt { current }).await
}

/// Closes the open case, converts it, and opens it again under its new
/// protection. A failed conversion leaves the case as it was, and it is
/// opened again as it was.
async fn convert_open(
    app: AppHandle,
    on_progress: Channel<ProgressEvent>,
    protection: Protection,
) -> Result<CaseSummary, AppError> {
    blocking(app, move |state| {
        state.long(|| {
            let lang = state.lang();
            // The passphrase is checked while the case is still open: a
            // wrong one closes nothing.
            let root = release(state, |case| match protection.before() {
                Some(current) => case
                    .check_passphrase(current)
                    .map_err(|e| AppError::case(lang, &e)),
                None => Ok(()),
            })?;
            let mut progress = ChannelProgress::new(on_progress, state.stop.clone());
            let (clock, actor) = (&SystemClock, &actor());
            let done = convert::convert(&root, &protection, clock, actor, &mut progress);
            let opens = match done {
                Ok(_) => protection.after(),
                Err(_) => protection.before(),
            };
            reopen(state, &root, opens, done)
        })
    })
    .await
}

/// A new passphrase for the open encrypted case; no original is rewritten.
#[tauri::command]
pub async fn case_change_passphrase(
    app: AppHandle,
    old: String,
    new: String,
) -> Result<(), AppError> {
    let (old, new) = (Passphrase::new(old), Passphrase::new(new));
    blocking(app, move |state| {
        state.long(|| {
            state.with_case(|case, lang| {
                // The case stays open: a new passphrase rewrites no original.
                convert::rekey(case, &old, &new, &SystemClock, &actor())
                    .map(|_| ())
                    .map_err(|e| AppError::case(lang, &e))
            })
        })
    })
    .await
}

/// Closes the open case (after `check` accepts it) and returns its folder.
fn release(
    state: &AppState,
    check: impl FnOnce(&Case) -> Result<(), AppError>,
) -> Result<PathBuf, AppError> {
    let lang = state.lang();
    let mut open = state.open.lock().unwrap_or_else(|e| e.into_inner());
    let root = match open.as_ref() {
        Some(Open::Case(case)) => {
            check(case)?;
            case.root().to_path_buf()
        }
        Some(Open::Bundle) => return Err(AppError::read_only(lang)),
        None => return Err(AppError::no_case(lang)),
    };
    *open = None;
    *state.scope.write().unwrap_or_else(|e| e.into_inner()) = Scope::Nothing;
    Ok(root)
}

/// Opens the case again (with `passphrase` when it is encrypted now) and
/// reports how the conversion went.
fn reopen(
    state: &AppState,
    root: &std::path::Path,
    passphrase: Option<&Passphrase>,
    done: Result<convert::Converted, dossier_core::CaseError>,
) -> Result<CaseSummary, AppError> {
    let lang = state.lang();
    let opened = Case::open_with(root, passphrase)
        .map_err(|e| AppError::case(lang, &e))
        .and_then(|case| open_case(state, case));
    match done {
        Ok(_) => opened,
        Err(e) => Err(AppError::case(lang, &e)),
    }
}
