//! The dossier writer inside one process: two exports of the same case with
//! the same clock are the same bytes (the PDF library's own counters must
//! not leak into the file), and names are masked the way the cover says.

use crate::support::CLOCK;
use dossier_core::analysis::Lang;
use dossier_core::export::dossier::{ExportOptions, export, mask_name, mask_number};
use dossier_core::ingest::Silent;

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
