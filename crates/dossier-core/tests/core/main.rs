//! Integration tests of dossier-core through its public API, one module per
//! area of `src/`.

mod analysis;
mod app;
mod audit;
mod capture;
mod crypto;
mod encrypted;
mod export;
mod hostile;
mod import;
mod ingest;
mod ios;
mod kind;
mod layers;
mod note;
mod party;
mod realworld;
mod recovery;
mod store;
mod suggest;
mod support;
mod table;
mod tamper;
mod thumb;
mod verify;
mod vocabulary;
mod wechat;
mod when;
mod zipcheck;
