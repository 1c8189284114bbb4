//! The dossier writer inside one process: two exports of the same case with
//! the same clock are the same bytes (the PDF library's own counters must
//! not leak into the file), and names are masked the way the cover says.

use crate::support::CLOCK;
use dossier_core::analysis::Lang;
use dossier_core::evidence::ingest::Silent;
use dossier_core::export::dossier::{ExportOptions, export, mask_name, mask_number};

#[test]
fn two_exports_in_one_process_are_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    let report =
        dossier_core::demo::build(&dir.path().join("demo"), &CLOCK, &mut Silent).expect("demo");
    let case = dossier_core::Case::open(&report.case_dir).expect("open");
    let options = ExportOptions {
        lang: Lang::Zh,
        redact: true,
        preparer: "测试".into(),
    };
    let (mut pdf_a, mut pdf_b) = (Vec::new(), Vec::new());
    let a = export(&case, &options, &CLOCK, &mut pdf_a).expect("export");
    let b = export(&case, &options, &CLOCK, &mut pdf_b).expect("export");
    assert!(pdf_a == pdf_b, "same case, same clock, same bytes");
    assert_eq!(a.pdf_bytes, pdf_a.len() as u64);
    assert_eq!(b.manifest, a.manifest);
    assert_eq!(
        a.manifest_sha256,
        dossier_core::hash::sha256_hex(&a.manifest)
    );
    assert!(a.pages > 10, "{} pages", a.pages);
}

/// The manifest the dossier writes is the typed `Manifest` that the app
/// reads back: every field read is written, and reading then writing gives
/// the same bytes.
#[test]
fn the_manifest_reads_back_as_written() {
    use dossier_core::export::manifest::{Manifest, SCHEMA};
    let dir = tempfile::tempdir().expect("tmp");
    let report =
        dossier_core::demo::build(&dir.path().join("demo"), &CLOCK, &mut Silent).expect("demo");
    let case = dossier_core::Case::open(&report.case_dir).expect("open");
    let options = ExportOptions {
        lang: Lang::En,
        redact: false,
        preparer: "test".into(),
    };
    let written = export(&case, &options, &CLOCK, &mut Vec::new()).expect("export");
    let manifest = Manifest::from_bytes(&written.manifest).expect("reads");
    assert_eq!(manifest.schema, SCHEMA);
    assert_eq!(manifest.to_bytes(), written.manifest, "same bytes again");
    let exhibits = dossier_core::query::list::exhibits(&case).expect("list");
    assert_eq!(manifest.exhibits.len(), exhibits.len());
    assert!(
        manifest
            .exhibits
            .iter()
            .all(|e| e.file.starts_with("originals/"))
    );
    assert!(!manifest.findings.is_empty(), "the demo has findings");
    assert!(
        manifest
            .findings
            .iter()
            .all(|f| !f.sentence.zh.is_empty() && !f.sentence.en.is_empty())
    );
    let chain = dossier_core::case::audit::entries(case.conn()).expect("audit");
    assert_eq!(
        manifest.audit.last().map(|a| &a.hash),
        chain.last().map(|a| &a.hash)
    );
    // The keys are sorted at every level, as before the manifest had a type.
    let text = String::from_utf8(written.manifest).expect("utf-8");
    let top: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \"") && l.contains("\":"))
        .map(|l| l.trim().split('"').nth(1).unwrap_or(""))
        .collect();
    let mut sorted = top.clone();
    sorted.sort();
    assert_eq!(top, sorted);
    assert!(Manifest::from_bytes(br#"{"schema":"other/1"}"#).is_err());
}

#[test]
fn masks_keep_the_first_and_last_digits_and_the_surname() {
    for (number, masked) in [
        ("+8613800138000", "138****8000"),
        ("13800138000", "138****8000"),
        ("+12125550100", "121****0100"),
        ("95555", "*****"),
    ] {
        assert_eq!(mask_number(number), masked, "{number}");
    }
    for (name, masked) in [
        ("王芳", "王*"),
        ("李建国", "李**"),
        ("Ann", "A**"),
        ("母", "*"),
    ] {
        assert_eq!(mask_name(name), masked, "{name}");
    }
}

/// A case holding good pictures and three it cannot show: a PNG cut in
/// half, a PNG bomb (a header claiming 30,000 × 30,000 pixels over a few
/// bytes) and a JPEG cut short.
fn broken_pictures() -> (crate::support::Fixture, Vec<u8>, Vec<u8>) {
    let mut f = crate::support::Fixture::new();
    let mut rng = dossier_core::synth::Rng(11);
    let good_png = dossier_core::synth::screenshot(&mut rng);
    let good_jpeg = dossier_core::synth::photo(&mut rng, "2026:03:01 10:00:00", None);
    let paths = [
        f.file("a-good.png", &good_png),
        f.file("b-good.jpg", &good_jpeg),
        f.file("c-truncated.png", &good_png[..good_png.len() / 2]),
        f.file("d-bomb.png", &dossier_core::synth::png_bomb(30_000, 30_000)),
        f.file("e-truncated.jpg", &good_jpeg[..good_jpeg.len() / 2]),
    ];
    let report = f.add(&paths, &Default::default());
    assert_eq!(report.added().count(), 5, "{:?}", report.outcomes);
    (f, good_png, good_jpeg)
}

#[test]
fn pictures_it_cannot_show_are_named_and_the_export_goes_on() {
    use dossier_core::export::picture::Unshowable;
    let (f, _, good_jpeg) = broken_pictures();
    let options = ExportOptions {
        lang: Lang::En,
        redact: true,
        preparer: "test".into(),
    };
    let mut pdf = Vec::new();
    let exported = export(&f.case, &options, &CLOCK, &mut pdf).expect("the export goes on");
    let unshown: Vec<i64> = exported.unshown.iter().map(|u| u.0).collect();
    assert_eq!(unshown, [3, 4, 5], "{:?}", exported.unshown);
    assert!(
        matches!(
            exported.unshown[1].1,
            Unshowable::TooLarge {
                width: 30_000,
                height: 30_000
            }
        ),
        "the bomb is refused for its size, before any pixel: {:?}",
        exported.unshown[1]
    );
    for (n, why) in &exported.unshown[..] {
        if *n != 4 {
            assert!(matches!(why, Unshowable::Damaged { .. }), "{n}: {why:?}");
        }
    }
    assert!(
        pdf.windows(good_jpeg.len())
            .any(|w| w == good_jpeg.as_slice()),
        "the good JPEG is still embedded as is"
    );
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(
        text.matches("/Subtype /Image").count() + text.matches("/Subtype/Image").count(),
        2,
        "the two good pictures are embedded, the three others are not"
    );
}

#[test]
fn a_stale_partial_file_is_removed_and_nothing_else_is_touched() {
    use dossier_core::export::files::{WriteError, write};
    let (f, _, _) = broken_pictures();
    let options = ExportOptions {
        lang: Lang::Zh,
        redact: true,
        preparer: "测试".into(),
    };
    let out = f.dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let (pdf, zip) = (out.join("x.pdf"), out.join("x.zip"));
    // What a killed export leaves: half-written files under the partial names.
    std::fs::write(out.join("x.pdf.partial"), b"%PDF-1.7 half").expect("stale");
    std::fs::write(out.join("x.zip.partial"), b"PK half").expect("stale");
    std::fs::write(out.join("x.pdf.partial.keep"), b"someone else's").expect("other");
    let written = write(
        &f.case,
        &options,
        &CLOCK,
        &pdf,
        Some(&zip),
        None,
        &mut Silent,
    )
    .expect("export over stale partial files");
    assert_eq!(written.exported.unshown.len(), 3);
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["x.pdf", "x.pdf.partial.keep", "x.zip"],
        "the stale partial files are gone, and only they"
    );
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));

    // A link under the partial name is not ours: it is neither followed
    // (its target would be overwritten) nor removed.
    #[cfg(unix)]
    {
        let target = out.join("x.pdf.partial.keep");
        std::os::unix::fs::symlink(&target, out.join("y.pdf.partial")).expect("link");
        let got = write(
            &f.case,
            &options,
            &CLOCK,
            &out.join("y.pdf"),
            None,
            None,
            &mut Silent,
        );
        assert!(matches!(got, Err(WriteError::InTheWay { .. })), "{got:?}");
        assert_eq!(std::fs::read(&target).expect("target"), b"someone else's");
        assert!(
            std::fs::symlink_metadata(out.join("y.pdf.partial")).is_ok(),
            "the link is left where it was"
        );
        assert!(!out.join("y.pdf").exists());
    }
}
