//! The audit chain: the documented encoding, recomputed here independently,
//! and the triggers that make the log append-only.

use crate::support::{Fixture, bytes};
use dossier_core::case::audit::{GENESIS, check_chain, entries};
use dossier_core::evidence::ingest::AddOptions;
use sha2::{Digest, Sha256};

/// The encoding as ARCHITECTURE.md and `audit.rs` document it, written out
/// again from the text rather than by calling the library.
fn documented_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    details: &str,
    prev: &str,
) -> String {
    let mut text = format!("dossier-audit-v1\n{seq}\n{at}\n");
    for field in [actor, action, details] {
        text.push_str(&format!("{}:{field}\n", field.len()));
    }
    text.push_str(prev);
    text.push('\n');
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_entry_hashes_as_documented_and_chains_to_the_previous_one() {
    let mut f = Fixture::new();
    let inputs: Vec<_> = (0..3)
        .map(|i| f.file(&format!("{i}.bin"), &bytes(i, 100)))
        .collect();
    f.add(
        &inputs,
        &AddOptions {
            contributor: Some("王芳\n(sister)".into()),
            ..AddOptions::default()
        },
    );
    let log = entries(f.case.conn()).expect("entries");
    assert_eq!(log.len(), 4);
    let mut prev = GENESIS.to_owned();
    for (i, e) in log.iter().enumerate() {
        assert_eq!(
            e.seq,
            i as i64 + 1,
            "sequence numbers start at 1 and have no gaps"
        );
        assert_eq!(
            e.prev_hash, prev,
            "entry {} names the previous entry's hash",
            e.seq
        );
        assert_eq!(
            e.hash,
            documented_hash(e.seq, &e.at, &e.actor, &e.action, &e.details, &e.prev_hash),
            "entry {}",
            e.seq
        );
        assert!(
            e.at.ends_with('Z') && e.at.len() == 24,
            "UTC with milliseconds: {}",
            e.at
        );
        prev = e.hash.clone();
    }
    assert_eq!(
        log[1].actor, "王芳\n(sister)",
        "a line feed in a field cannot shift the encoding"
    );
    assert!(check_chain(&log).is_empty());
}

#[test]
fn details_are_compact_json_with_sorted_keys() {
    let f = Fixture::new();
    let created = &entries(f.case.conn()).expect("entries")[0];
    let value: serde_json::Value = serde_json::from_str(&created.details).expect("json");
    assert_eq!(
        created.details,
        value.to_string(),
        "stored text is the canonical serialisation"
    );
    let keys: Vec<&String> = value.as_object().expect("object").keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn the_log_and_the_exhibits_refuse_rewriting() {
    let mut f = Fixture::new();
    let input = f.file("a.bin", &bytes(1, 10));
    f.add(&[input], &AddOptions::default());
    let conn = f.case.conn();
    let refused = |sql: &str, why: &str| {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(err.to_string().contains(why), "{sql}: {err}");
    };
    refused(
        "UPDATE audit SET actor = 'someone else' WHERE seq = 1",
        "append-only",
    );
    refused("DELETE FROM audit WHERE seq = 2", "append-only");
    refused(
        "UPDATE item SET sha256 = 'ab' WHERE exhibit = 1",
        "never change",
    );
    refused(
        "UPDATE item SET exhibit = 9 WHERE exhibit = 1",
        "never change",
    );
    refused("DELETE FROM item", "never deleted");
    assert_eq!(
        entries(conn).expect("entries").len(),
        2,
        "both entries are still there"
    );
}
