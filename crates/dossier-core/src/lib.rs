//! Dossier's library: everything that matters about a case lives here, so the
//! command line, the desktop app and the tests share one implementation.
//!
//! A [`Case`] is a folder holding `case.sqlite` and content-addressed
//! originals under `blobs/`. [`ingest`] stores files byte-exact, [`note`]
//! stores typed accounts, [`audit`] keeps the hash chain every change appends
//! to, and [`verify`] proves (or disproves) that nothing was altered.

pub mod age;
pub mod analysis;
pub mod annotate;
pub mod audit;
mod blob;
pub mod capture;
pub mod case;
pub mod cease;
pub mod channel;
pub mod clock;
pub mod convert;
pub mod crypto;
pub mod demo;
mod durable;
pub mod error;
pub mod export;
pub mod hash;
pub mod import;
pub mod ingest;
pub mod jurisdiction;
pub mod kind;
mod layout;
pub mod list;
pub mod note;
pub mod party;
pub mod payday;
pub mod phone;
pub mod progress;
pub mod rows;
mod store;
pub mod synth;
pub mod thumb;
pub mod timeline;
pub mod vault;
pub mod verify;
pub mod when;

pub use case::{Case, CaseError, CaseInfo, InitOptions, Rules};
pub use clock::{Clock, FixedClock, SystemClock};
pub use kind::Kind;

/// The program version recorded in audit entries and exports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
