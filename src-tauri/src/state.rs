//! What the shell holds between commands: the open case (or received
//! bundle), the one long operation that may be running and its stop flag,
//! the UI's language, and the scope the `evidence://` protocol serves from.

use crate::dto::AppError;
use dossier_core::Case;
use dossier_core::words::Lang;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// What is open.
#[derive(Debug)]
pub enum Open {
    Case(Box<Case>),
    /// A received bundle, verified when opened; never written to (the
    /// scope holds its path).
    Bundle,
}

/// Which files the webview may load, by SHA-256: the open case's exhibits
/// (from `blobs/`) or a received bundle's originals (from inside the zip).
/// Nothing else on disk is reachable from the webview.
#[derive(Debug, Default, Clone)]
pub enum Scope {
    #[default]
    Nothing,
    Case {
        /// The case's files, with its key when it is encrypted.
        vault: dossier_core::case::vault::Vault,
        media: HashMap<String, String>,
    },
    Bundle {
        path: PathBuf,
        /// SHA-256 → (entry name, media type).
        entries: HashMap<String, (String, String)>,
    },
}

#[derive(Debug)]
pub struct AppState {
    pub open: Mutex<Option<Open>>,
    pub scope: Arc<RwLock<Scope>>,
    /// Set by `cancel`; cleared when a long operation starts.
    pub stop: Arc<AtomicBool>,
    /// Whether a long operation is running (only one at a time).
    pub running: AtomicBool,
    pub lang: Mutex<Lang>,
    /// Where the recent-cases list lives.
    pub config_dir: Option<PathBuf>,
    /// Files the last export wrote: the only paths `reveal` opens.
    pub exported: Mutex<Vec<PathBuf>>,
    /// A case to open at start.
    pub open_at_start: Option<PathBuf>,
}

impl AppState {
    pub fn new(config_dir: Option<PathBuf>, open_at_start: Option<PathBuf>) -> AppState {
        AppState {
            open: Mutex::new(None),
            scope: Arc::new(RwLock::new(Scope::Nothing)),
            stop: Arc::new(AtomicBool::new(false)),
            running: AtomicBool::new(false),
            lang: Mutex::new(Lang::Zh),
            config_dir,
            exported: Mutex::new(Vec::new()),
            open_at_start,
        }
    }

    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the open case, then lets go of the database pages it
    /// read (see [`Case::release_memory`]).
    pub fn with_case<T>(
        &self,
        f: impl FnOnce(&mut Case, Lang) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let lang = self.lang();
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        match open.as_mut() {
            Some(Open::Case(case)) => {
                let result = f(case, lang);
                case.release_memory();
                result
            }
            Some(Open::Bundle) => Err(AppError::read_only(lang)),
            None => Err(AppError::no_case(lang)),
        }
    }

    /// Runs a long operation: one at a time, with the stop flag cleared.
    pub fn long<T>(&self, f: impl FnOnce() -> Result<T, AppError>) -> Result<T, AppError> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(AppError::busy(self.lang()));
        }
        self.stop.store(false, Ordering::SeqCst);
        // Cleared when this returns or unwinds: work that panics must not
        // leave the app answering "busy" until it is restarted.
        let _running = Running(&self.running);
        f()
    }
}

/// Clears the running flag when dropped.
struct Running<'a>(&'a AtomicBool);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::AppState;
    use crate::dto::AppError;

    #[test]
    fn work_that_panics_does_not_leave_the_app_busy() {
        let state = AppState::new(None, None);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            state.long(|| -> Result<(), AppError> { panic!("the work failed") })
        }));
        assert!(panicked.is_err());
        assert!(
            state.long(|| Ok(7)).is_ok_and(|n| n == 7),
            "the next operation runs"
        );
        let inner = state.long(|| Ok(state.long(|| Ok(())).is_err()));
        assert!(inner.is_ok_and(|busy| busy), "one at a time still");
    }
}
