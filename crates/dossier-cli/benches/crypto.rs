//! Encryption benchmark (issue 7): the time one passphrase guess costs
//! (Argon2id at the default settings), and sealing and opening 256 MiB as
//! originals will be sealed, next to SHA-256 over the same bytes (what every
//! ingest already does). The data stay in memory, so this is the cost of the
//! cryptography alone, not of the disk.
//!
//! Run with `cargo bench -p dossier-cli --bench crypto`. It prints figures;
//! it asserts nothing about time.

use dossier_core::case::crypto::{self, Cost, DataKey};
use std::time::Instant;

const SIZE: usize = 256 << 20;

fn main() {
    let key = DataKey::generate().expect("key");
    let mut guesses = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let wrapped = crypto::wrap(&key, "a passphrase", Cost::DEFAULT).expect("wrap");
        let _ = crypto::unwrap(&wrapped, "a passphrase").expect("unwrap");
        guesses.push(t.elapsed().as_secs_f64() / 2.0);
    }
    guesses.sort_by(f64::total_cmp);
    println!(
        "Argon2id at {} MiB, {} passes: {:.2} s per derivation (median of 3)",
        Cost::DEFAULT.memory_kib / 1024,
        Cost::DEFAULT.passes,
        guesses[1]
    );

    let plain = dossier_core::synth::bytes(1, SIZE);
    let mib = SIZE as f64 / (1 << 20) as f64;
    let t = Instant::now();
    let sha = dossier_core::hash::sha256_hex(&plain);
    let hashing = t.elapsed().as_secs_f64();
    let mut sealed = Vec::with_capacity(SIZE + SIZE / 1000 + 64);
    let t = Instant::now();
    crypto::seal(&key, sha.as_bytes(), &plain[..], &mut sealed).expect("seal");
    let sealing = t.elapsed().as_secs_f64();
    let mut opened = Vec::with_capacity(SIZE);
    let t = Instant::now();
    crypto::open(&key, sha.as_bytes(), &sealed[..], &mut opened).expect("open");
    let opening = t.elapsed().as_secs_f64();
    assert!(opened == plain, "the round trip gives the bytes back");
    println!("SHA-256 of 256 MiB: {:.0} MiB/s", mib / hashing);
    println!(
        "sealing (XChaCha20-Poly1305, 64 KiB chunks): {:.0} MiB/s; opening: {:.0} MiB/s; {} bytes added",
        mib / sealing,
        mib / opening,
        sealed.len() - SIZE
    );
}
