//! Encrypted cases end to end: nothing in the folder gives away a note's
//! words, an original's bytes or its SHA-256; the passphrase opens it and a
//! wrong one changes nothing; a new passphrase rewrites no blob; verify,
//! thumbnails, imports and exports read through the key.

use crate::import::{Call, calls_xml};
use crate::support::{CLOCK, QUICK, encrypted_options, files_under, sha256};
use dossier_core::case::crypto::Passphrase;
use dossier_core::case::vault::Vault;
use dossier_core::case::verify;
use dossier_core::evidence::ingest::{self, AddOptions, Silent};
use dossier_core::evidence::note::{Channel, NoteInput, add_note};
use dossier_core::evidence::thumb;
use dossier_core::import::{self, ImportOptions};
use dossier_core::synth;
use dossier_core::{Case, CaseError, InitOptions};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const NOTE: &str = "催收员王某威胁要到我单位闹事，编号 ZX-4417-QUOKKA";
const NUMBER: &str = "17055519876";

fn pass(text: &str) -> Passphrase {
    Passphrase::new(text.to_owned())
}

fn encrypted(dir: &Path) -> Case {
    Case::init(
        &dir.join("secret.dossier"),
        &encrypted_options("correct horse 电池"),
        &CLOCK,
        "tester",
    )
    .expect("init an encrypted case")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The known note, about a visit on the evening of 5 March.
fn note_input(case: &Case, party: Option<&str>) -> NoteInput {
    let zone = case.info().time_zone.clone();
    NoteInput {
        text: NOTE.into(),
        at: dossier_core::when::parse("2026-03-05 23:10", &zone, "Asia/Shanghai").expect("time"),
        channel: Channel::Visit,
        party: party.map(Into::into),
        contributor: Some("李明".into()),
        reached: None,
    }
}

/// A case with a screenshot (and its thumbnail), a typed note and an
/// imported call log, closed again.
fn filled(dir: &Path) -> (PathBuf, Vec<u8>, String) {
    let mut case = encrypted(dir);
    let root = case.root().to_path_buf();
    let mut rng = synth::Rng(7);
    let shot = synth::screenshot(&mut rng);
    let shot_path = dir.join("shot.png");
    fs::write(&shot_path, &shot).expect("write");
    let report = ingest::add_files(
        &mut case,
        &[shot_path],
        &AddOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    );
    assert_eq!(report.added().count(), 1, "{report:?}");
    let sha = sha256(&shot);
    thumb::get(case.vault(), &sha).expect("a thumbnail from the sealed original");

    let note = note_input(&case, Some(NUMBER));
    add_note(&mut case, &note, &CLOCK, "tester").expect("note");

    let calls = dir.join("calls.xml");
    fs::write(
        &calls,
        calls_xml(&[Call::new(NUMBER, 1_772_715_791_000, 42, 1)]),
    )
    .expect("write");
    let imported = import::import(
        &mut case,
        &calls,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("import into an encrypted case");
    assert_eq!(imported.new_events, 1);
    (root, shot, sha)
}

#[test]
fn nothing_in_an_encrypted_case_folder_gives_away_what_is_inside() {
    let dir = tempfile::tempdir().expect("tmp");
    let (root, shot, sha) = filled(dir.path());
    let files = files_under(&root);
    assert!(root.join("key.json").is_file());
    assert!(
        files.keys().any(|p| p.starts_with(root.join("derived"))),
        "a thumbnail was kept: {files:?}"
    );
    let shot_middle = &shot[shot.len() / 2..shot.len() / 2 + 64];
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        assert!(!name.contains(&sha), "{name} names the SHA-256");
        assert!(
            !contains(bytes, NOTE.as_bytes()) && !contains(bytes, "王某".as_bytes()),
            "{name} holds the note's words"
        );
        assert!(
            !contains(bytes, NUMBER.as_bytes()),
            "{name} holds the number"
        );
        assert!(!contains(bytes, sha.as_bytes()), "{name} holds the SHA-256");
        assert!(!contains(bytes, shot_middle), "{name} holds the screenshot");
        assert!(
            !contains(bytes, b"SQLite format 3"),
            "{name} is a plain database"
        );
    }
    // SQLite itself, without the key, cannot read it.
    let raw = rusqlite::Connection::open(root.join("case.sqlite")).expect("open");
    assert!(
        raw.query_row("SELECT COUNT(*) FROM item", [], |r| r.get::<_, i64>(0))
            .is_err()
    );
}

#[test]
fn the_passphrase_opens_it_a_wrong_one_changes_nothing_and_a_new_one_rewrites_no_blob() {
    let dir = tempfile::tempdir().expect("tmp");
    let (root, shot, sha) = filled(dir.path());
    let before = files_under(&root);

    let locked = Case::open(&root).expect_err("no passphrase");
    assert!(matches!(locked, CaseError::Locked { .. }), "{locked}");
    let wrong = Case::open_with(&root, Some(&pass("wrong horse 电池"))).expect_err("wrong");
    assert!(
        matches!(wrong, CaseError::WrongPassphrase { .. }),
        "{wrong}"
    );
    assert!(wrong.to_string().contains("nothing was opened or changed"));
    let mut after = files_under(&root);
    after.retain(|p, _| !p.ends_with(".lock"));
    let mut expected = before.clone();
    expected.retain(|p, _| !p.ends_with(".lock"));
    assert!(after == expected, "a wrong passphrase changed the folder");

    let case = Case::open_with(&root, Some(&pass("correct horse 电池"))).expect("open");
    assert_eq!(case.vault().read_blob(&sha).expect("read"), shot);
    let report = verify::verify(&case, &mut Silent);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.blob_files, 3, "screenshot, note and call log");

    let short = case
        .change_passphrase(
            &pass("correct horse 电池"),
            &pass("short"),
            QUICK,
            &CLOCK,
            "tester",
        )
        .expect_err("too short");
    assert!(matches!(short, CaseError::WeakPassphrase), "{short}");
    let bad_old = case
        .change_passphrase(
            &pass("not the old one"),
            &pass("a new passphrase"),
            QUICK,
            &CLOCK,
            "tester",
        )
        .expect_err("wrong old");
    assert!(matches!(bad_old, CaseError::WrongPassphrase { .. }));
    case.change_passphrase(
        &pass("correct horse 电池"),
        &pass("a new passphrase"),
        QUICK,
        &CLOCK,
        "tester",
    )
    .expect("change");
    drop(case);

    let blobs_after = files_under(&root.join("blobs"));
    let blobs_before: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(p, _)| p.starts_with(root.join("blobs")))
        .collect();
    assert!(blobs_after == blobs_before, "no blob was rewritten");
    let old = Case::open_with(&root, Some(&pass("correct horse 电池"))).expect_err("old");
    assert!(matches!(old, CaseError::WrongPassphrase { .. }));
    let case = Case::open_with(&root, Some(&pass("a new passphrase"))).expect("new opens");
    let report = verify::verify(&case, &mut Silent);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let changed: i64 = case
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action = 'case.passphrase_changed'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(changed, 1);
}

#[test]
fn a_changed_sealed_blob_is_reported_and_a_plain_case_is_unchanged() {
    let dir = tempfile::tempdir().expect("tmp");
    let (root, _, sha) = filled(dir.path());
    let case = Case::open_with(&root, Some(&pass("correct horse 电池"))).expect("open");
    let path = case.vault().blob_path(&sha);
    drop(case);
    let mut bytes = fs::read(&path).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    let mut perms = fs::metadata(&path).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&path, perms).expect("writable");
    fs::write(&path, &bytes).expect("tamper");

    let case = Case::open_with(&root, Some(&pass("correct horse 电池"))).expect("open");
    let report = verify::verify(&case, &mut Silent);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let text = format!("{:?}", report.problems[0]);
    assert!(
        text.contains("does not open with this case's key"),
        "{text}"
    );

    // A plain case still names blobs by their SHA-256 and has no key file.
    let plain = Case::init(
        &dir.path().join("plain.dossier"),
        &InitOptions::default(),
        &CLOCK,
        "t",
    )
    .expect("plain");
    assert!(!Case::is_encrypted(plain.root()));
    let vault = Vault::plain(plain.root());
    assert!(
        vault
            .blob_path(&sha)
            .ends_with(format!("{}/{sha}", &sha[..2]))
    );
}

/// A plain case with a screenshot and a note, closed again.
fn plain_case(dir: &Path) -> (PathBuf, String) {
    let mut case = Case::init(
        &dir.join("plain.dossier"),
        &InitOptions::default(),
        &CLOCK,
        "tester",
    )
    .expect("init");
    let mut rng = synth::Rng(11);
    let shot = dir.join("shot.png");
    fs::write(&shot, synth::screenshot(&mut rng)).expect("write");
    ingest::add_files(
        &mut case,
        &[shot],
        &AddOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    );
    let note = note_input(&case, None);
    let note = add_note(&mut case, &note, &CLOCK, "tester").expect("note");
    (case.root().to_path_buf(), note.sha256)
}

#[test]
fn a_plain_case_is_encrypted_in_place_and_decrypted_again() {
    use dossier_core::case::convert;
    let dir = tempfile::tempdir().expect("tmp");
    let (root, note_sha) = plain_case(dir.path());
    let plain_blobs = files_under(&root.join("blobs"));

    let done = convert::encrypt(
        &root,
        &pass("correct horse 电池"),
        QUICK,
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("encrypt");
    assert!(done.encrypted);
    assert_eq!(done.exhibits, 2);
    assert!(Case::is_encrypted(&root));
    assert!(
        !dir.path().join("plain.dossier.converting").exists(),
        "the old plaintext folder is gone"
    );
    for (path, bytes) in files_under(&root) {
        let name = path.to_string_lossy();
        assert!(!name.contains(&note_sha), "{name} names the SHA-256");
        assert!(
            !contains(&bytes, "王某".as_bytes()),
            "{name} holds the note"
        );
    }
    let case = Case::open_with(&root, Some(&pass("correct horse 电池"))).expect("open");
    let report = verify::verify(&case, &mut Silent);
    assert!(report.is_intact(), "{:?}", report.problems);
    let actions: Vec<String> = case
        .conn()
        .prepare("SELECT action FROM audit ORDER BY seq")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("audit");
    assert_eq!(actions.last().map(String::as_str), Some("case.encrypted"));

    // Open elsewhere: refused, nothing changed.
    let before = files_under(&root.join("blobs"));
    let busy = convert::decrypt(
        &root,
        &pass("correct horse 电池"),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect_err("in use");
    assert!(matches!(busy, CaseError::InUse { .. }), "{busy}");
    assert!(files_under(&root.join("blobs")) == before);
    drop(case);

    let wrong = convert::decrypt(&root, &pass("wrong horse"), &CLOCK, "t", &mut Silent)
        .expect_err("wrong passphrase");
    assert!(
        matches!(wrong, CaseError::WrongPassphrase { .. }),
        "{wrong}"
    );
    convert::decrypt(
        &root,
        &pass("correct horse 电池"),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("decrypt");
    assert!(!Case::is_encrypted(&root));
    assert!(
        files_under(&root.join("blobs")) == plain_blobs,
        "the same originals under the same names as before"
    );
    let case = Case::open(&root).expect("plain again");
    assert!(verify::verify(&case, &mut Silent).is_intact());
}

#[test]
fn a_damaged_original_stops_a_conversion_and_leaves_the_case_as_it_was() {
    use dossier_core::case::convert;
    let dir = tempfile::tempdir().expect("tmp");
    let (root, note_sha) = plain_case(dir.path());
    let blob = Vault::plain(&root).blob_path(&note_sha);
    let mut perms = fs::metadata(&blob).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&blob, perms).expect("writable");
    fs::write(&blob, b"altered").expect("tamper");
    let before = files_under(&root);

    let err = convert::encrypt(
        &root,
        &pass("correct horse"),
        QUICK,
        &CLOCK,
        "t",
        &mut Silent,
    )
    .expect_err("a damaged case is not converted");
    assert!(matches!(err, CaseError::Damaged { .. }), "{err}");
    let mut after = files_under(&root);
    after.retain(|p, _| !p.ends_with(".lock"));
    let mut expected = before;
    expected.retain(|p, _| !p.ends_with(".lock"));
    assert!(after == expected, "the case is exactly as it was");
    assert!(!Case::is_encrypted(&root));
    assert!(!dir.path().join("plain.dossier.converting").exists());
}

/// `key.json` edited by `edit` (its JSON as a value), then opened with the
/// right passphrase.
fn open_with_key(
    edit: &dyn Fn(&mut serde_json::Value),
) -> (Result<Case, CaseError>, std::time::Duration) {
    let dir = tempfile::tempdir().expect("tmp");
    let root = encrypted(dir.path()).root().to_path_buf();
    let key = root.join("key.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&key).expect("key.json")).expect("json");
    edit(&mut json);
    fs::write(&key, json.to_string()).expect("write key.json");
    let before = files_under(&root);
    let started = std::time::Instant::now();
    let opened = Case::open_with(&root, Some(&pass("correct horse 电池")));
    let took = started.elapsed();
    if opened.is_err() {
        assert!(
            files_under(&root) == before,
            "a refused key.json changed the folder"
        );
    }
    (opened, took)
}

/// The problem named for a damaged key.json, which must not be a wrong
/// passphrase.
fn key_problem(edit: &dyn Fn(&mut serde_json::Value)) -> dossier_core::case::crypto::KeyProblem {
    match open_with_key(edit).0 {
        Err(CaseError::KeyDamaged { problem, path }) => {
            assert!(path.ends_with("key.json"), "{}", path.display());
            problem
        }
        Err(other) => panic!("a damaged key.json is reported as: {other}"),
        Ok(_) => panic!("a damaged key.json opened"),
    }
}

#[test]
fn key_json_costs_beyond_bounds_are_refused_before_argon2_runs() {
    use dossier_core::case::crypto::{Cost, KeyProblem};
    // What issue 15 found accepted: 16 GiB of memory, 4e9 passes; and each
    // bound alone, and both near their limits at once.
    for (memory_kib, passes, lanes) in [
        (16u64 * 1024 * 1024, 3u64, 1u64),
        (64 * 1024, 4_000_000_000, 1),
        (Cost::MAX_MEMORY_KIB as u64 + 1, 1, 1),
        (64 * 1024, Cost::MAX_PASSES as u64 + 1, 1),
        (64 * 1024, 3, 17),
        (Cost::MAX_MEMORY_KIB as u64, Cost::MAX_PASSES as u64, 1),
        (0, 1, 1),
        (1024, 0, 1),
    ] {
        let edit = |json: &mut serde_json::Value| {
            json["cost"] = serde_json::json!({
                "memory_kib": memory_kib, "passes": passes, "lanes": lanes
            });
            // Re-checksummed, as someone editing the file on purpose would:
            // the bounds hold on their own, not only through the checksum.
            let mut wrapped: dossier_core::case::crypto::WrappedKey =
                serde_json::from_value(json.clone()).expect("values within u32");
            wrapped.check = Some(wrapped.checksum());
            *json = serde_json::to_value(&wrapped).expect("json");
        };
        // Values beyond u32 do not even parse: that is damage too.
        let fits_u32 = memory_kib <= u64::from(u32::MAX) && passes <= u64::from(u32::MAX);
        if !fits_u32 {
            let problem = key_problem(&|json: &mut serde_json::Value| {
                json["cost"]["memory_kib"] = memory_kib.into();
                json["cost"]["passes"] = passes.into();
            });
            assert!(matches!(problem, KeyProblem::Unreadable(_)), "{problem:?}");
            continue;
        }
        let (opened, took) = open_with_key(&edit);
        match opened {
            Err(CaseError::KeyDamaged {
                problem: KeyProblem::Cost(_),
                ..
            }) => {}
            Err(other) => panic!("{memory_kib} KiB × {passes}: {other}"),
            Ok(_) => panic!("{memory_kib} KiB × {passes} was accepted"),
        }
        assert!(
            took < std::time::Duration::from_secs(2),
            "refused before Argon2 ran: {took:?}"
        );
    }
}

#[test]
fn a_damaged_key_json_is_not_a_wrong_passphrase() {
    use dossier_core::case::crypto::KeyProblem;
    let flip = |field: &'static str| {
        move |json: &mut serde_json::Value| {
            let text = json[field].as_str().expect("hex").to_owned();
            let first = if text.starts_with('0') { "1" } else { "0" };
            json[field] = format!("{first}{}", &text[1..]).into();
        }
    };
    for field in ["salt", "nonce", "sealed"] {
        assert_eq!(key_problem(&flip(field)), KeyProblem::Checksum, "{field}");
    }
    assert_eq!(
        key_problem(&|json| json["cost"]["passes"] = 2.into()),
        KeyProblem::Checksum
    );
    assert_eq!(
        key_problem(&|json| json["scheme"] = "rot13".into()),
        KeyProblem::Scheme("rot13".into())
    );
    // Without the checksum (files written before it existed) the shape is
    // still checked: lengths and hex, a multi-byte character included.
    for (field, value) in [("salt", "00ff"), ("nonce", "zz"), ("sealed", "aé0b")] {
        let problem = key_problem(&|json: &mut serde_json::Value| {
            json.as_object_mut().expect("object").remove("check");
            json[field] = value.into();
        });
        assert!(
            matches!(problem, KeyProblem::Field(_)),
            "{field}: {problem:?}"
        );
    }
    assert!(matches!(
        key_problem(&|json| *json = serde_json::json!({ "scheme": 1 })),
        KeyProblem::Unreadable(_)
    ));
    // A file written before the checksum still opens.
    let (opened, _) =
        open_with_key(&|json| drop(json.as_object_mut().expect("object").remove("check")));
    assert!(opened.is_ok(), "{:?}", opened.err());
    // A wrong passphrase is still just that.
    let dir = tempfile::tempdir().expect("tmp");
    let root = encrypted(dir.path()).root().to_path_buf();
    assert!(matches!(
        Case::open_with(&root, Some(&pass("not the passphrase"))),
        Err(CaseError::WrongPassphrase { .. })
    ));
}

#[test]
fn a_key_json_that_is_not_text_or_too_large_is_damage() {
    use dossier_core::case::crypto::KeyProblem;
    for bytes in [vec![0xFFu8, 0xFE, 0x00], vec![b' '; 200_000]] {
        let dir = tempfile::tempdir().expect("tmp");
        let root = encrypted(dir.path()).root().to_path_buf();
        fs::write(root.join("key.json"), &bytes).expect("write");
        match Case::open_with(&root, Some(&pass("correct horse 电池"))) {
            Err(CaseError::KeyDamaged {
                problem: KeyProblem::Unreadable(_),
                ..
            }) => {}
            other => panic!("{:?}", other.err()),
        }
    }
}

/// `Protection::Rekey`, as `dossier passphrase` calls it by the folder: a
/// wrong current passphrase changes nothing; the right one leaves every
/// original as it was and only the new passphrase opens the case.
#[test]
fn a_rekey_by_the_folder_rewrites_no_original() {
    use dossier_core::case::convert::{self, Protection};
    let dir = tempfile::tempdir().expect("tmp");
    let root = encrypted(dir.path()).root().to_path_buf();
    let before = files_under(&root.join("blobs"));
    let key_before = fs::read(root.join("key.json")).expect("key.json");

    let wrong = Protection::Rekey {
        current: pass("wrong horse"),
        new: pass("a new passphrase 新"),
    };
    let err = convert::convert(&root, &wrong, &CLOCK, "t", &mut Silent).expect_err("wrong");
    assert!(matches!(err, CaseError::WrongPassphrase { .. }), "{err}");
    assert_eq!(fs::read(root.join("key.json")).expect("key"), key_before);

    let right = Protection::Rekey {
        current: pass("correct horse 电池"),
        new: pass("a new passphrase 新"),
    };
    assert_eq!(right.before(), Some(&pass("correct horse 电池")));
    assert_eq!(right.after(), Some(&pass("a new passphrase 新")));
    let done = convert::convert(&root, &right, &CLOCK, "tester", &mut Silent).expect("rekey");
    assert_eq!((done.encrypted, done.exhibits, done.bytes), (true, 0, 0));
    assert!(
        files_under(&root.join("blobs")) == before,
        "no original rewritten"
    );
    assert!(Case::open_with(&root, Some(&pass("correct horse 电池"))).is_err());
    let case = Case::open_with(&root, Some(&pass("a new passphrase 新"))).expect("new opens");
    let last: String = case
        .conn()
        .query_row(
            "SELECT action FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(last, "case.passphrase_changed");
}
