//! Any bytes, read as a sealed export (an age file, with a tiny work-factor
//! ceiling so each input is cheap) and as a sealed original of an encrypted
//! case: the plaintext or an error, never a panic or a hang.
#![no_main]

use dossier_core::age::AgeReader;
use dossier_core::crypto::{DataKey, Opener, Passphrase};
use libfuzzer_sys::fuzz_target;
use std::io::Read;
use std::sync::OnceLock;

fn key() -> &'static DataKey {
    static KEY: OnceLock<DataKey> = OnceLock::new();
    KEY.get_or_init(|| DataKey::generate().expect("key"))
}

fuzz_target!(|data: &[u8]| {
    let pass = Passphrase::new("fuzz passphrase".into());
    if let Ok(mut r) = AgeReader::with_limit(&pass, data, 4) {
        let _ = r.read_to_end(&mut Vec::new());
    }
    let _ = Opener::new(key(), b"dossier blob", data).read_to_end(&mut Vec::new());
});
