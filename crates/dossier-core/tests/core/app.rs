//! What the desktop app needs of the core beyond the command line: long
//! operations that stop cleanly when asked, an import preview that stores
//! nothing, notes and tags on exhibits, and export files that appear whole
//! or not at all.

use crate::import::{Call, calls_xml};
use crate::support::{CLOCK, Fixture, assert_tmp_clean};
use dossier_core::case::verify;
use dossier_core::evidence::annotate::{self, AnnotateError, Kind};
use dossier_core::evidence::ingest::{AddOptions, Progress, Silent};
use dossier_core::export::dossier::ExportOptions;
use dossier_core::export::files::{self, WriteError};
use dossier_core::import::{self, Format, ImportError, ImportOptions};
use std::cell::Cell;
use std::path::Path;

/// Asks to stop once `after` calls of `file`/`advance` have been heard.
struct StopAfter {
    seen: Cell<u32>,
    after: u32,
}

impl StopAfter {
    fn new(after: u32) -> StopAfter {
        StopAfter {
            seen: Cell::new(0),
            after,
        }
    }
}

impl Progress for StopAfter {
    fn file(&mut self, _: &Path) {
        self.seen.set(self.seen.get() + 1);
    }
    fn advance(&mut self, _: u64) {
        self.seen.set(self.seen.get() + 1);
    }
    fn cancelled(&self) -> bool {
        self.seen.get() >= self.after
    }
}

fn count(f: &Fixture, sql: &str) -> i64 {
    f.case.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn calls(n: usize) -> String {
    let list: Vec<Call> = (0..n)
        .map(|i| Call::new("17055511020", 1_772_715_791_000 + i as i64 * 60_000, 0, 3))
        .collect();
    calls_xml(&list)
}

#[test]
fn a_stopped_ingest_keeps_what_it_stored_and_names_the_rest() {
    let mut f = Fixture::new();
    let paths: Vec<_> = (0..5)
        .map(|i| f.file(&format!("f{i}.bin"), &dossier_core::synth::bytes(i, 1000)))
        .collect();
    let mut stop = StopAfter::new(4);
    let report = dossier_core::evidence::ingest::add_files(
        &mut f.case,
        &paths,
        &AddOptions::default(),
        &CLOCK,
        "tester",
        &mut stop,
    );
    let stored = report.added().count();
    assert!(
        (1..5).contains(&stored),
        "some files were stored before the stop ({stored})"
    );
    assert_eq!(
        stored + report.not_reached.len(),
        5,
        "every file was either stored or named as not reached"
    );
    assert_eq!(count(&f, "SELECT COUNT(*) FROM item") as usize, stored);
    assert!(
        verify::verify(&f.case, &mut Silent).is_intact(),
        "the case is whole"
    );
    assert_tmp_clean(&f.root());
}

#[test]
fn a_stopped_import_stores_nothing() {
    let mut f = Fixture::new();
    let path = f.file("calls.xml", calls(10_000).as_bytes());
    let mut stop = StopAfter::new(1);
    let err = import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut stop,
    )
    .expect_err("stopped");
    assert!(matches!(err, ImportError::Cancelled { .. }), "{err}");
    assert_eq!(count(&f, "SELECT COUNT(*) FROM item"), 0, "no exhibit");
    assert_eq!(count(&f, "SELECT COUNT(*) FROM event"), 0, "no event");
    assert_eq!(
        count(&f, "SELECT COUNT(*) FROM audit"),
        1,
        "only the creation entry"
    );
    assert_tmp_clean(&f.root());
}

#[test]
fn a_stopped_verify_says_so_and_is_not_intact() {
    let mut f = Fixture::new();
    let path = f.file("a.bin", b"evidence");
    f.add(&[path], &AddOptions::default());
    let report = verify::verify(&f.case, &mut StopAfter::new(0));
    assert!(report.stopped, "the check was stopped");
    assert!(!report.is_intact(), "a stopped check proves nothing");
}

#[test]
fn a_preview_reads_the_first_records_and_stores_nothing() {
    let f = Fixture::new();
    let path = f.file("calls.xml", calls(50).as_bytes());
    let preview = import::preview(&f.case, &path, &ImportOptions::default(), 5).expect("preview");
    assert_eq!(preview.format, Format::AndroidCalls);
    assert_eq!(preview.records.len(), 5, "only the first five");
    assert_eq!(preview.records[0].position, "call #1");
    assert_eq!(count(&f, "SELECT COUNT(*) FROM item"), 0, "no exhibit");
    assert_eq!(count(&f, "SELECT COUNT(*) FROM audit"), 1, "no audit entry");
    assert_tmp_clean(&f.root());
}

#[test]
fn a_csv_no_preset_fits_shows_its_rows_for_mapping() {
    let f = Fixture::new();
    let path = f.file(
        "list.csv",
        "when,who,what\n2026-03-05 21:03,17055511020,in\n".as_bytes(),
    );
    let preview = import::preview(&f.case, &path, &ImportOptions::default(), 5).expect("preview");
    assert!(
        preview.needs_mapping,
        "no built-in mapping knows these columns"
    );
    assert_eq!(preview.rows[0], ["when", "who", "what"]);
    assert!(preview.records.is_empty());
    let mapping = import::Mapping::from_json(
        r#"{"channel":"call","columns":{"time":"when","number":"who","direction":"what"},"directions":{"in":"in"}}"#,
    )
    .expect("mapping");
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let mapped = import::preview(&f.case, &path, &options, 5).expect("preview");
    assert_eq!(mapped.records.len(), 1, "the mapped row reads as a record");
    assert_tmp_clean(&f.root());
}

#[test]
fn notes_and_tags_are_audited_and_tags_come_off() {
    let mut f = Fixture::new();
    let path = f.file("a.png", b"\x89PNG\r\n\x1a\nnot really");
    f.add(&[path], &AddOptions::default());
    annotate::add(&mut f.case, 1, Kind::Note, "母亲收到的", &CLOCK, "tester").expect("note");
    annotate::add(&mut f.case, 1, Kind::Tag, "威胁", &CLOCK, "tester").expect("tag");
    annotate::add(&mut f.case, 1, Kind::Tag, "威胁", &CLOCK, "tester").expect("same tag again");
    let all = annotate::of(&f.case, 1).expect("read");
    assert_eq!(all.len(), 2, "a tag is on an exhibit once: {all:?}");
    annotate::remove_tag(&mut f.case, 1, "威胁", &CLOCK, "tester").expect("remove");
    let left = annotate::of(&f.case, 1).expect("read");
    assert_eq!(left.len(), 1, "the note stays, the tag is off");
    assert_eq!(
        count(&f, "SELECT COUNT(*) FROM annotation"),
        2,
        "the removed tag's row stays"
    );
    assert_eq!(
        count(
            &f,
            "SELECT COUNT(*) FROM audit WHERE action IN ('annotation.added', 'tag.removed')"
        ),
        3,
        "each change has its entry; the repeated tag changed nothing"
    );
    assert!(matches!(
        annotate::add(&mut f.case, 9, Kind::Tag, "x", &CLOCK, "tester"),
        Err(AnnotateError::NoSuchExhibit { exhibit: 9 })
    ));
    assert!(matches!(
        annotate::add(&mut f.case, 1, Kind::Note, "  ", &CLOCK, "tester"),
        Err(AnnotateError::Empty)
    ));
    assert!(
        verify::verify(&f.case, &mut Silent).is_intact(),
        "the chain holds"
    );
}

fn options() -> ExportOptions {
    ExportOptions {
        lang: dossier_core::analysis::Lang::Zh,
        redact: true,
        preparer: "tester".into(),
    }
}

#[test]
fn export_files_appear_whole() {
    let mut f = Fixture::new();
    let path = f.file("calls.xml", calls(20).as_bytes());
    import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("import");
    let out = f.dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let (pdf, bundle) = (out.join("d.pdf"), out.join("d.zip"));
    let written = files::write(
        &f.case,
        &options(),
        &CLOCK,
        &pdf,
        Some(&bundle),
        None,
        &mut Silent,
    )
    .expect("write");
    assert!(written.exported.pages > 0);
    let report = dossier_core::export::bundle::verify(&bundle).expect("read bundle");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let names: Vec<_> = std::fs::read_dir(&out)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only the two finished files: {names:?}");
}

#[test]
fn a_stopped_export_leaves_nothing() {
    let f = Fixture::new();
    let out = f.dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let (pdf, bundle) = (out.join("d.pdf"), out.join("d.zip"));
    for after in [0, 1, 3] {
        let err = files::write(
            &f.case,
            &options(),
            &CLOCK,
            &pdf,
            Some(&bundle),
            None,
            &mut StopAfter::new(after),
        )
        .expect_err("stopped");
        assert!(matches!(err, WriteError::Cancelled), "{err}");
        let left = std::fs::read_dir(&out).expect("list").count();
        assert_eq!(left, 0, "nothing is left after a stop at step {after}");
    }
}

#[test]
fn a_party_is_labelled_by_its_stored_key_whatever_its_kind() {
    let mut f = Fixture::new();
    let path = f.file("calls.xml", calls(3).as_bytes());
    let options = ImportOptions {
        owner: import::Owner::Party("王芳".into()),
        ..ImportOptions::default()
    };
    import::import(&mut f.case, &path, &options, &CLOCK, "tester", &mut Silent).expect("import");
    let before = dossier_core::people::party::list(&f.case).expect("list");
    let owner = before
        .iter()
        .find(|p| p.owned_events > 0)
        .expect("the relative's phone is a party")
        .key
        .clone();
    let update = dossier_core::people::party::PartyUpdate {
        role: Some(dossier_core::people::party::Role::Family),
        ..Default::default()
    };
    dossier_core::people::party::set_key(&mut f.case, &owner, &owner, &update, &CLOCK, "tester")
        .expect("label");
    let after = dossier_core::people::party::list(&f.case).expect("list");
    assert_eq!(
        after.len(),
        before.len(),
        "no second party is made from the key"
    );
    let labelled = after.iter().find(|p| p.key == owner).expect("still there");
    assert_eq!(
        labelled.role,
        Some(dossier_core::people::party::Role::Family)
    );
}

#[test]
fn an_exhibits_detail_carries_a_window_of_its_events_around_the_one_asked_for() {
    use dossier_core::query::exhibit::{WINDOW, detail};
    let mut f = Fixture::new();
    let path = f.file("calls.xml", calls(1_200).as_bytes());
    import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("import");
    annotate::add(&mut f.case, 1, Kind::Tag, "催收", &CLOCK, "tester").expect("tag");
    annotate::add(&mut f.case, 1, Kind::Note, "整月的通话", &CLOCK, "tester").expect("note");

    let whole = detail(&f.case, 1, None).expect("read").expect("exhibit 1");
    assert!(whole.imported, "an imported export");
    assert_eq!(whole.events_total, 1_200);
    assert_eq!(whole.events.len(), WINDOW, "one window, from the start");
    assert_eq!(whole.focus, None);
    let texts = |a: &[annotate::Annotation]| a.iter().map(|a| a.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&whole.tags), ["催收"]);
    assert_eq!(texts(&whole.notes), ["整月的通话"]);
    assert!(
        whole
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("<?xml")),
        "a small text original is read"
    );

    let late = whole.events.len() as i64 + 400;
    let around = detail(&f.case, 1, Some(late))
        .expect("read")
        .expect("exhibit 1");
    assert_eq!(around.focus, Some(late));
    let at = around
        .events
        .iter()
        .position(|e| e.id == late)
        .expect("the event asked for is in the window");
    assert_eq!(at, WINDOW / 2, "centred on it");
    let elsewhere = detail(&f.case, 1, Some(999_999))
        .expect("read")
        .expect("exhibit 1");
    assert_eq!(
        elsewhere.focus, None,
        "an event of no such exhibit centres nothing"
    );
    assert!(
        detail(&f.case, 2, None).expect("read").is_none(),
        "no exhibit 2"
    );
}

#[test]
fn an_export_into_a_folder_is_named_by_its_language_and_sealing() {
    use dossier_core::Rules;
    use dossier_core::analysis::Lang;
    use dossier_core::export::files::{default_lang, names_in, sealed_name};
    assert_eq!(default_lang(Rules::Cn), Lang::Zh);
    assert_eq!(default_lang(Rules::Us), Lang::En);
    let folder = Path::new("/out");
    assert_eq!(
        names_in(folder, Lang::Zh, true, false),
        (
            folder.join("dossier-zh.pdf"),
            Some(folder.join("dossier-zh-bundle.zip"))
        )
    );
    assert_eq!(
        names_in(folder, Lang::En, false, true),
        (folder.join("dossier-en.pdf.age"), None)
    );
    assert_eq!(
        sealed_name(Path::new("a.pdf.age"), true),
        Path::new("a.pdf.age")
    );
    assert_eq!(sealed_name(Path::new("a.pdf"), false), Path::new("a.pdf"));
}
