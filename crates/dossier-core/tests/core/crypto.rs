//! The cryptography of encrypted cases: the data key wrapped under a
//! passphrase and re-wrapped without touching anything sealed, sealed
//! streams that refuse any change, and blob names that reveal no hash.

use dossier_core::case::crypto::{self, CHUNK, CryptoError, DataKey};
use dossier_core::synth;

use crate::support::QUICK;

fn seal(key: &DataKey, context: &[u8], plain: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let n = crypto::seal(key, context, plain, &mut out).expect("seal");
    assert_eq!(n, plain.len() as u64);
    out
}

fn open(key: &DataKey, context: &[u8], sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::new();
    crypto::open(key, context, sealed, &mut out).map(|_| out)
}

#[test]
fn the_data_key_opens_with_its_passphrase_only_and_survives_a_new_one() {
    let key = DataKey::generate().expect("key");
    let wrapped = crypto::wrap(&key, "借据在我手里 2026", QUICK).expect("wrap");
    let opened = crypto::unwrap(&wrapped, "借据在我手里 2026").expect("unwrap");
    let sha = "ab".repeat(32);
    assert_eq!(opened.blob_name(&sha), key.blob_name(&sha), "the same key");
    assert!(matches!(
        crypto::unwrap(&wrapped, "借据在我手里 2025"),
        Err(CryptoError::WrongPassphrase)
    ));
    assert!(
        !format!("{key:?}").contains(&sha[..4]),
        "Debug shows no key bytes"
    );

    // A new passphrase: same data key, so what it sealed still opens.
    let sealed = seal(&key, b"x", b"recording");
    let rewrapped =
        crypto::rewrap(&wrapped, "借据在我手里 2026", "new words", QUICK).expect("rewrap");
    assert_ne!(rewrapped.salt, wrapped.salt, "a fresh salt");
    assert!(matches!(
        crypto::unwrap(&rewrapped, "借据在我手里 2026"),
        Err(CryptoError::WrongPassphrase)
    ));
    let again = crypto::unwrap(&rewrapped, "new words").expect("new passphrase");
    assert_eq!(open(&again, b"x", &sealed).expect("open"), b"recording");
    assert!(matches!(
        crypto::rewrap(&wrapped, "not it", "other", QUICK),
        Err(CryptoError::WrongPassphrase)
    ));

    // The stored form is plain JSON and reads back the same.
    let json = serde_json::to_string(&wrapped).expect("json");
    let back: crypto::WrappedKey = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, wrapped);
}

#[test]
fn streams_of_every_size_round_trip_and_hide_their_content() {
    let key = DataKey::generate().expect("key");
    for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5] {
        let plain = synth::bytes(size as u64, size);
        let sealed = seal(&key, b"blob", &plain);
        assert_eq!(
            open(&key, b"blob", &sealed).expect("open"),
            plain,
            "{size} bytes"
        );
        if size >= 64 {
            assert!(
                !sealed.windows(32).any(|w| w == &plain[..32]),
                "{size} bytes: no plaintext in the sealed form"
            );
        }
    }
    // Sealing twice gives different bytes (a fresh nonce each time).
    assert_ne!(seal(&key, b"blob", b"same"), seal(&key, b"blob", b"same"));
}

#[test]
fn any_change_to_a_sealed_stream_is_refused() {
    let key = DataKey::generate().expect("key");
    let plain = synth::bytes(7, 3 * CHUNK + 100);
    let sealed = seal(&key, b"blob-a", &plain);
    let header = 4 + 16;
    let piece = CHUNK + 16;
    let damaged = |what: &str, bytes: Vec<u8>| {
        assert!(
            matches!(open(&key, b"blob-a", &bytes), Err(CryptoError::Damaged)),
            "{what} is refused"
        );
    };

    let mut flipped = sealed.clone();
    flipped[header + piece + 100] ^= 1;
    damaged("a flipped bit", flipped);
    damaged(
        "a cut at a chunk boundary",
        sealed[..header + 2 * piece].to_vec(),
    );
    damaged("a cut inside a chunk", sealed[..sealed.len() - 1].to_vec());
    let mut swapped = sealed[..header].to_vec();
    swapped.extend_from_slice(&sealed[header + piece..header + 2 * piece]);
    swapped.extend_from_slice(&sealed[header..header + piece]);
    swapped.extend_from_slice(&sealed[header + 2 * piece..]);
    damaged("two chunks swapped", swapped);
    let mut extra = sealed.clone();
    extra.extend_from_slice(&[0; 40]);
    damaged("bytes added at the end", extra);
    damaged("an empty file", Vec::new());
    assert!(
        matches!(open(&key, b"blob-b", &sealed), Err(CryptoError::Damaged)),
        "a sealed file cannot be passed off as another blob"
    );
    let other = DataKey::generate().expect("key");
    assert!(
        matches!(open(&other, b"blob-a", &sealed), Err(CryptoError::Damaged)),
        "another case's key opens nothing"
    );
}

#[test]
fn blob_names_are_stable_per_case_and_reveal_no_hash() {
    let key = DataKey::generate().expect("key");
    let other = DataKey::generate().expect("key");
    let sha = dossier_core::hash::sha256_hex(b"a screenshot everyone has");
    let name = key.blob_name(&sha);
    assert_eq!(
        name,
        key.blob_name(&sha),
        "stable: duplicates are still found"
    );
    assert_ne!(name, sha);
    assert_ne!(
        name,
        other.blob_name(&sha),
        "another case names it otherwise"
    );
    assert_eq!(name.len(), 64);
    assert!(name.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn unusable_stored_settings_are_named() {
    use dossier_core::case::crypto::KeyProblem;
    let key = DataKey::generate().expect("key");
    let mut wrapped = crypto::wrap(&key, "p", QUICK).expect("wrap");
    wrapped.salt = "zz".into();
    assert!(matches!(
        crypto::unwrap(&wrapped, "p"),
        Err(CryptoError::KeyFile(KeyProblem::Checksum))
    ));
    wrapped.check = None;
    assert!(matches!(
        crypto::unwrap(&wrapped, "p"),
        Err(CryptoError::KeyFile(KeyProblem::Field("salt")))
    ));
    let mut wrapped = crypto::wrap(&key, "p", QUICK).expect("wrap");
    wrapped.scheme = "rot13".into();
    assert!(matches!(
        crypto::unwrap(&wrapped, "p"),
        Err(CryptoError::KeyFile(KeyProblem::Scheme(_)))
    ));
}
