//! Exporting the dossier: the PDF a lawyer cites and the bundle anyone can
//! verify.

pub mod bundle;
pub mod dossier;
pub mod files;
pub mod layout;
pub mod pdf;
pub mod picture;
pub mod words;
pub mod zipcheck;
