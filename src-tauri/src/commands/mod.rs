//! The commands the UI invokes. Each decodes its request, calls the core,
//! and maps the result; all of them run off the main thread, so a long
//! ingest never freezes the window.

pub mod analysis;
pub mod case;
pub mod evidence;
pub mod output;
pub mod protect;

use crate::dto::AppError;
use crate::state::AppState;
use tauri::{AppHandle, Manager};

/// Runs `f` on a blocking thread with the app's state.
pub async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(AppError::internal)?
}

/// Who the audit log names for changes made in the app: the system user,
/// as the command line names it.
pub fn actor() -> String {
    dossier_core::case::audit::default_actor()
}

/// An optional text the user left empty is absent.
pub fn given(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}
