//! End-to-end tests: the `dossier` program run as a separate process, as a
//! user or a script would run it, including when it is killed mid-write.

mod analysis;
mod bad_input;
mod bundle;
mod cli;
mod concurrency;
mod crash;
mod demo;
mod encrypted;
mod export;
mod hostile;
mod import;
mod snapshot;
mod support;
mod tamper;
