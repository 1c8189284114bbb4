//! `dossier export`: the PDF a lawyer cites, checked with poppler and qpdf
//! as a reader would — the Chinese font embedded as a subset and its text
//! extracted exactly, sections in order, one exhibit-list row per exhibit,
//! page numbers that add up, the same bytes twice, third parties masked,
//! and JPEG originals embedded byte for byte.

use crate::support::{dossier, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The demo case, built once per test in a temporary folder.
fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("demo");
    let r = run(["demo", &target.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    (dir, target.join("demo.dossier").display().to_string())
}

fn export(case: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["export", case, "--pdf"];
    let out = out.display().to_string();
    args.push(&out);
    args.extend(extra);
    let r = run(args);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("Dossier exported"), "{}", r.stdout);
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(pdf: &Path) -> String {
    tool("pdftotext", &[&pdf.display().to_string(), "-"])
}

fn sha256s(case: &str) -> Vec<(i64, String)> {
    let listed: serde_json::Value =
        serde_json::from_str(&run(["list", case, "--json"]).stdout).expect("json");
    listed["exhibits"]
        .as_array()
        .expect("exhibits")
        .iter()
        .map(|e| {
            (
                e["exhibit"].as_i64().expect("n"),
                e["sha256"].as_str().expect("sha").to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_chinese_dossier_embeds_a_font_subset_and_reads_back_exactly() {
    let (dir, case) = demo();
    let pdf = dir.path().join("dossier.pdf");
    export(&case, &pdf, &["--lang", "zh"]);
    let fonts = tool("pdffonts", &[&pdf.display().to_string()]);
    let font = fonts
        .lines()
        .find(|l| l.contains("NotoSansCJKsc"))
        .unwrap_or_else(|| panic!("{fonts}"));
    let cols: Vec<&str> = font.split_whitespace().collect();
    assert_eq!(
        cols[1..6],
        ["CID", "Type", "0C", "Identity-H", "yes"],
        "embedded CID font: {font}"
    );
    assert_eq!(
        (cols[6], cols[7]),
        ("yes", "yes"),
        "a subset with a ToUnicode map: {font}"
    );
    assert_eq!(fonts.lines().count(), 3, "one font only: {fonts}");
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(
        size < 2_000_000,
        "the 16 MB font is subset, not embedded whole: {size} bytes"
    );
    tool("qpdf", &["--check", &pdf.display().to_string()]);

    let t = text(&pdf);
    for exact in [
        "证据卷宗",
        "演示案件：李明 遭受催收骚扰（虚构数据 / fictional data）",
        "按《最高人民法院关于民事诉讼证据的若干规定》第十九条的要求列明证据的名称、来源、证明对象及内容。",
        "CN-HOURS 夜间催收",
    ] {
        assert!(
            t.contains(exact),
            "{exact:?} comes back exactly from pdftotext"
        );
    }
    // Sections in the dossier's order (export/dossier/mod.rs).
    let at = |needle: &str| {
        t.find(needle)
            .unwrap_or_else(|| panic!("{needle} is in the dossier"))
    };
    let order = [
        "一、概要",
        "二、违规发现",
        "三、证据目录",
        "四、时间线",
        "五、证据详情",
        "六、保管链",
        "七、如何核验",
    ];
    let positions: Vec<usize> = order.iter().map(|s| at(s)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections in order: {positions:?}"
    );
    // One exhibit-list row per exhibit, each with its hash.
    let list = &t[at("三、证据目录")..at("四、时间线")];
    for (n, sha) in sha256s(&case) {
        assert!(
            list.contains(&sha[..20]),
            "exhibit {n}'s hash starts its row"
        );
    }
    // Page numbers 1..=N, N being the page count.
    let info = tool("pdfinfo", &[&pdf.display().to_string()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    for page in 1..=pages {
        assert!(
            t.contains(&format!("第 {page} 页 / 共 {pages} 页")),
            "page {page} of {pages} is numbered"
        );
    }
    assert!(!t.contains(&format!("共 {} 页", pages + 1)));
}

#[test]
fn the_same_case_and_clock_give_the_same_bytes() {
    let (dir, case) = demo();
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    export(&case, &a, &[]);
    export(&case, &b, &[]);
    assert!(
        std::fs::read(&a).expect("a") == std::fs::read(&b).expect("b"),
        "byte-identical exports"
    );
}

#[test]
fn third_parties_are_masked_unless_asked_not_to() {
    let (dir, case) = demo();
    let (masked, open) = (dir.path().join("masked.pdf"), dir.path().join("open.pdf"));
    export(&case, &masked, &[]);
    export(&case, &open, &["--no-redact"]);
    let forms = ["13800138000", "138 0013 8000", "138-0013-8000", "王芳"];
    let m = text(&masked);
    for form in forms {
        assert!(
            !m.contains(form),
            "{form} is masked in the redacted dossier"
        );
    }
    assert!(m.contains("138****8000"), "the masked form is shown");
    let o = text(&open);
    assert!(
        o.contains("13800138000") && o.contains("王芳"),
        "a lawyer's copy keeps them"
    );
}

#[test]
fn english_dossiers_and_jpeg_originals_byte_for_byte() {
    let (dir, case) = demo();
    let pdf = dir.path().join("en.pdf");
    export(&case, &pdf, &["--lang", "en"]);
    let t = text(&pdf);
    for exact in [
        "Evidence dossier",
        "3. Exhibit list",
        "7. How to verify",
        "certutil -hashfile FILE SHA256",
    ] {
        assert!(t.contains(exact), "{exact:?}");
    }
    let bytes = std::fs::read(&pdf).expect("pdf");
    let jpegs: Vec<PathBuf> =
        std::fs::read_dir(Path::new(&case).parent().expect("demo").join("phone"))
            .expect("phone")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
            .collect();
    assert!(!jpegs.is_empty());
    for jpeg in jpegs {
        let original = std::fs::read(&jpeg).expect("jpeg");
        assert!(
            bytes
                .windows(original.len())
                .any(|w| w == original.as_slice()),
            "{} is embedded as is, not re-encoded",
            jpeg.display()
        );
    }
}

#[test]
fn an_unwritable_target_is_named_and_leaves_nothing() {
    let (dir, case) = demo();
    let target = dir.path().join("no-such-folder").join("dossier.pdf");
    let r = dossier()
        .args(["export", &case, "--pdf", &target.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("dossier.pdf"),
        "{stderr}"
    );
    assert!(!target.exists());
}

/// A case with good pictures and three a PDF cannot show: a truncated PNG,
/// a PNG bomb (a valid header claiming 30,000 × 30,000 over a tiny zlib
/// stream) and a truncated JPEG.
fn broken_pictures() -> (crate::support::World, Vec<u8>) {
    let w = crate::support::World::new();
    let mut rng = dossier_core::synth::Rng(5);
    let png = dossier_core::synth::screenshot(&mut rng);
    let jpeg = dossier_core::synth::photo(&mut rng, "2026:03:02 09:00:00", None);
    let files = [
        w.file("1-good.png", &png),
        w.file("2-cut.png", &png[..png.len() * 2 / 3]),
        w.file("3-bomb.png", &dossier_core::synth::png_bomb(30_000, 30_000)),
        w.file("4-cut.jpg", &jpeg[..jpeg.len() - 200]),
        w.file("5-good.jpg", &jpeg),
    ];
    let mut args: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    args.insert(0, "--contributor".into());
    args.insert(1, "tester".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = w.run("add", &args);
    assert_eq!(r.code, 0, "{r:?}");
    (w, jpeg)
}

#[test]
fn pictures_it_cannot_show_become_a_notice_and_the_export_succeeds() {
    let (w, jpeg) = broken_pictures();
    for (lang, sentence) in [
        ("en", "this picture cannot be shown in the PDF"),
        ("zh", "此图片无法在 PDF 中显示"),
    ] {
        let pdf = w.dir.path().join(format!("{lang}.pdf"));
        let zip = w.dir.path().join(format!("{lang}.zip"));
        let r = run([
            "export",
            &w.case_str(),
            "--lang",
            lang,
            "--pdf",
            &pdf.display().to_string(),
            "--bundle",
            &zip.display().to_string(),
        ]);
        assert_eq!(r.code, 0, "{r:?}");
        if lang == "en" {
            assert!(
                r.stdout
                    .contains("3 picture(s) cannot be shown in the PDF (exhibit 2, 3, 4)"),
                "{}",
                r.stdout
            );
        }
        // pdftotext breaks lines where the layout did: compare without them.
        let flat: String = text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
        let flat_nospace: String = flat.replace(' ', "");
        for n in [2, 3, 4] {
            let named = match lang {
                "en" => format!("Exhibit {n}: {sentence}"),
                _ => format!("证据{n}：{}", sentence.replace(' ', "")),
            };
            let haystack = if lang == "en" { &flat } else { &flat_nospace };
            assert!(
                haystack.contains(&named),
                "{named:?} is in the {lang} dossier"
            );
        }
        let tail = match lang {
            "en" => "the original is in the bundle unchanged",
            _ => "原件已原样保存在证据包中",
        };
        assert_eq!(
            flat_nospace.matches(&tail.replace(' ', "")).count(),
            3,
            "one notice per bad picture"
        );
        if lang == "en" {
            assert!(
                flat.contains("30000 × 30000 pixels"),
                "the bomb's reason: its size"
            );
        }
        assert!(!pdf.with_extension("pdf.partial").exists());
        // The good JPEG is embedded as is; the good PNG is drawn.
        let bytes = std::fs::read(&pdf).expect("pdf");
        assert!(bytes.windows(jpeg.len()).any(|x| x == jpeg.as_slice()));
        let images = tool("pdfimages", &["-list", &pdf.display().to_string()]);
        assert_eq!(images.lines().count(), 2 + 2, "two images drawn:\n{images}");
        // The bundle holds every original, byte for byte.
        let r = run(["verify", &zip.display().to_string()]);
        assert_eq!(r.code, 0, "{r:?}");
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(&zip).expect("zip")).expect("read zip");
        let originals = (0..archive.len())
            .filter(|&i| {
                archive
                    .by_index(i)
                    .is_ok_and(|e| e.name().is_ok_and(|n| n.starts_with("originals/")))
            })
            .count();
        assert_eq!(
            originals, 5,
            "the bad pictures' originals are in the bundle too"
        );
    }
}

#[test]
fn a_stale_partial_file_is_removed_by_the_next_export() {
    let (dir, case) = demo();
    let pdf = dir.path().join("x.pdf");
    let zip = dir.path().join("x.zip");
    let stale_pdf = dir.path().join("x.pdf.partial");
    let stale_zip = dir.path().join("x.zip.partial");
    std::fs::write(&stale_pdf, b"%PDF-1.7 killed halfway").expect("stale");
    std::fs::write(&stale_zip, b"PK killed halfway").expect("stale");
    std::fs::write(dir.path().join("x.pdf.partial.bak"), b"not ours").expect("other");
    let r = run([
        "export",
        &case,
        "--pdf",
        &pdf.display().to_string(),
        "--bundle",
        &zip.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.is_empty(),
        "nothing alarming is said: {}",
        r.stderr
    );
    assert!(
        !stale_pdf.exists() && !stale_zip.exists(),
        "the stale partial files are gone"
    );
    assert!(
        dir.path().join("x.pdf.partial.bak").exists(),
        "nothing else is touched"
    );
    tool("qpdf", &["--check", &pdf.display().to_string()]);
}
