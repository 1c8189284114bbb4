//! Dossier's library: everything that matters about a case lives here, so the
//! command line, the desktop app and the tests share one implementation.
//!
//! A [`Case`] is a folder holding `case.sqlite` and content-addressed
//! originals under `blobs/`. [`ingest`] stores files byte-exact, [`note`]
//! stores typed accounts, [`audit`] keeps the hash chain every change appends
//! to, and [`verify`] proves (or disproves) that nothing was altered.

pub mod analysis;
pub mod case;
pub mod clock;
pub mod demo;
pub mod evidence;
pub mod export;
pub mod hash;
pub mod import;
pub mod model;
pub mod people;
pub mod progress;
pub mod query;
pub mod synth;
pub mod when;
pub mod words;

pub use case::{Case, CaseError, CaseInfo, InitOptions, Rules};
pub use clock::{Clock, FixedClock, SystemClock};
pub use model::kind::Kind;

/// The program version recorded in audit entries and exports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
