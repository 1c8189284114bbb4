//! Exporting the dossier: the PDF a lawyer cites and the bundle anyone can
//! verify.

pub mod age;
pub mod bundle;
pub mod dossier;
pub mod files;
pub mod layout;
pub mod manifest;
pub mod pdf;
pub mod picture;
pub mod words;
pub mod zipcheck;
