//! Integration tests of dossier-core through its public API, one module per
//! area of `src/`.

mod audit;
mod capture;
mod ingest;
mod kind;
mod note;
mod recovery;
mod store;
mod support;
mod verify;
mod when;
