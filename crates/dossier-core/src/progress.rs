//! How long work reports how it is going and hears a request to stop:
//! adding, importing, exporting, verifying and converting a case all take a
//! [`Progress`]. The CLI draws a bar from it, the app a progress line with a
//! Stop button; tests pass [`Silent`].

use std::path::Path;

/// Hears how long work is going. Every method has a silent default.
pub trait Progress {
    /// The work ahead, once the inputs are listed.
    fn begin(&mut self, _files: u64, _bytes: u64) {}
    /// A file is about to be read.
    fn file(&mut self, _path: &Path) {}
    /// More bytes were read and stored.
    fn advance(&mut self, _bytes: u64) {}
    /// Everything is committed.
    fn end(&mut self) {}
    /// Whether the user asked to stop. Long work checks this between steps
    /// and stops where the case is whole: an ingest commits what it has
    /// staged, an import rolls back, an export leaves no file behind.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A [`Progress`] that reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}
