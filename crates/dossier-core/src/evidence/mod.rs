//! Evidence coming in: files stored as exhibits (`ingest`), typed notes
//! (`note`), capture times and their basis (`capture`), what the user says
//! about an exhibit afterwards (`annotate`) and thumbnails (`thumb`). Import
//! of exports (`crate::import`) stores through `ingest`.

pub mod annotate;
pub mod capture;
pub mod ingest;
pub mod note;
pub mod thumb;
