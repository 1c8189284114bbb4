//! Bad input through the program: each failure named, the good files of a
//! batch stored, exit 1 for a partial batch and 2 when nothing was stored,
//! and the case exactly as it was for what failed.

use crate::support::Run;
use crate::support::{World, bytes, dossier};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The case's tmp/ holds nothing but the lock file.
fn tmp_is_clean(w: &World) {
    let left: Vec<String> = fs::read_dir(w.case().join("tmp"))
        .expect("ls")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [".lock"], "no temporary files are left behind");
}

#[test]
fn a_partial_batch_stores_the_rest_and_exits_one() {
    let w = World::new();
    let good = w.file("good.txt", b"the collector said he would come to my office");
    let empty = w.file("empty.txt", b"");
    let missing = w.dir.path().join("in/missing.jpg");
    let folder = w.dir.path().join("in");
    let r = w.run(
        "add",
        &[
            &good.display().to_string(),
            &empty.display().to_string(),
            &missing.display().to_string(),
            &folder.display().to_string(),
        ],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("empty.txt is empty (0 bytes)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("missing.jpg: no such file"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("is a folder — add --recursive"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("1 added, 0 already in the case, 3 failed"),
        "{}",
        r.stdout
    );
    assert_eq!(w.count("item"), 1);
    tmp_is_clean(&w);
}

#[test]
fn a_batch_where_everything_fails_exits_two_and_changes_nothing() {
    let w = World::new();
    let empty = w.file("empty.txt", b"");
    let audit_before = w.count("audit");
    let r = w.run(
        "add",
        &[&empty.display().to_string(), "/definitely/not/here.png"],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(
        w.count("audit"),
        audit_before,
        "no audit entry for a failed operation"
    );
    assert_eq!(w.count("item"), 0);
}

#[test]
fn a_pipe_is_not_a_file() {
    let w = World::new();
    let fifo = w.dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let r = w.run("add", &[&fifo.display().to_string()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);
}

/// Runs `dossier ARGS` unable to read files it does not own the permission
/// bits for. As root that means dropping the capabilities that bypass them.
fn run_without_read_override(args: &[String]) -> Run {
    let root = euid_is_root();
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--bounding-set", "-dac_override,-dac_read_search", "--"]);
        c.arg(env!("CARGO_BIN_EXE_dossier-under-test"));
        c.env("DOSSIER_LANG", "en");
        c
    } else {
        dossier()
    };
    cmd.args(args).output().expect("run").into()
}

/// Whether we run as root, read from /proc rather than through libc.
fn euid_is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_stored() {
    let w = World::new();
    let secret = w.file("locked.jpg", &bytes(3, 1000));
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).expect("chmod");
    let good = w.file("fine.txt", b"fine");
    let r = run_without_read_override(&[
        "add".into(),
        w.case_str(),
        secret.display().to_string(),
        good.display().to_string(),
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("locked.jpg: permission denied"),
        "{}",
        r.stderr
    );
    assert_eq!(w.count("item"), 1);
    tmp_is_clean(&w);
}

/// Runs `dossier ARGS` with files limited to `limit_kib`: a write past it
/// fails as on a full disk (EFBIG; the signal is ignored so the write errs).
fn run_with_file_limit(limit_kib: u64, args: &[String]) -> Run {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "ulimit -f {}; trap '' XFSZ; exec \"$0\" \"$@\"",
            limit_kib * 2
        ))
        .arg(env!("CARGO_BIN_EXE_dossier-under-test"))
        .args(args)
        .env("DOSSIER_LANG", "en");
    cmd.output().expect("run").into()
}

#[test]
fn a_write_that_fails_half_way_leaves_nothing_referenced() {
    let w = World::new();
    let big = w.file("big.wav", &bytes(4, 4 << 20));
    let small = w.file("small.txt", b"small enough");
    let path = |p: &Path| p.display().to_string();

    let r = run_with_file_limit(1024, &["add".into(), w.case_str(), path(&big)]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("not enough space to store") && r.stderr.contains("big.wav"),
        "{}",
        r.stderr
    );
    assert_eq!(w.count("item"), 0);
    tmp_is_clean(&w);

    let r = run_with_file_limit(
        1024,
        &["add".into(), w.case_str(), path(&big), path(&small)],
    );
    assert_eq!(
        r.code, 1,
        "the small file fits, the big one does not: {r:?}"
    );
    assert_eq!(w.count("item"), 1);
    tmp_is_clean(&w);
    let v = w.run("verify", &[]);
    assert_eq!(
        v.code, 0,
        "the case is consistent after the failed write: {v:?}"
    );
}

#[test]
fn a_full_disk_during_an_import_leaves_the_case_as_it_was() {
    let w = World::new();
    let log = w.file(
        "calls.xml",
        crate::support::calls_xml(20_000, 1_772_715_791_000, 60_000).as_bytes(),
    );
    let audit_before = w.count("audit");
    // The export (about 2.7 MB) does not fit under 1 MiB.
    let r = run_with_file_limit(
        1024,
        &["import".into(), w.case_str(), log.display().to_string()],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("calls.xml"),
        "the file is named: {}",
        r.stderr
    );
    assert_eq!(w.count("item"), 0);
    assert_eq!(w.count("event"), 0);
    assert_eq!(w.count("audit"), audit_before, "no change recorded");
    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "consistent after the failed import: {v:?}");
    tmp_is_clean(&w);
    // With room again, the same import goes through.
    let r = w.run("import", &[&log.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(w.count("event"), 20_000);
}

#[test]
fn a_full_disk_during_an_export_leaves_no_file_and_the_case_untouched() {
    let w = World::new();
    let big = w.file("recording.wav", &bytes(9, 3 << 20));
    assert_eq!(w.run("add", &[&big.display().to_string()]).code, 0);
    let out = w.dir.path().join("out");
    fs::create_dir_all(&out).expect("out");
    let (pdf, zip) = (out.join("dossier.pdf"), out.join("dossier.zip"));
    // The PDF fits under 2 MiB; the bundle, holding the 3 MiB recording, does not.
    let r = run_with_file_limit(
        2048,
        &[
            "export".into(),
            w.case_str(),
            "--pdf".into(),
            pdf.display().to_string(),
            "--bundle".into(),
            zip.display().to_string(),
        ],
    );
    assert_ne!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("dossier.zip"),
        "the file is named: {}",
        r.stderr
    );
    let left: Vec<String> = fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "neither file, nor a partial one: {left:?}");
    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "{v:?}");
    tmp_is_clean(&w);
}

/// A damaged export is refused in the user's language: a reader library's
/// own English (an XML parser's, a spreadsheet reader's, SQLite's) never
/// reaches a Chinese user, and nothing is stored.
#[test]
fn a_damaged_export_is_explained_in_chinese() {
    let w = World::new();
    let cases: [(&str, &[u8], &[&str], &str); 4] = [
        (
            "mismatch.xml",
            b"<?xml version=\"1.0\"?>\n<calls count=\"2\">\n<call number=\"1\" duration=\"1\" date=\"1772715791000\" type=\"1\"></sms>\n</calls>\n",
            &[],
            "标签不配对：此处的 </sms> 关闭的是 <call>",
        ),
        (
            "attribute.xml",
            b"<?xml version=\"1.0\"?>\n<calls count=\"1\">\n<call number=\"1\" duration=\"1\" date=\"1772715791000\" type=\"1\" &bogus; />\n</calls>\n",
            &[],
            "一个属性的写法有误",
        ),
        (
            "详单.xlsx",
            b"PK\x03\x04 not really a workbook",
            &[],
            "无法作为 Excel 工作簿读取：文件已损坏，或不是 Excel 文件",
        ),
        (
            "sms.db",
            b"SQLite format 3\0 and then nothing a database holds",
            &["--format", "ios-sms"],
            "这不是 SQLite 数据库文件",
        ),
    ];
    for (name, bytes, extra, expected) in cases {
        let path = w.file(name, bytes);
        let out = dossier()
            .env("DOSSIER_LANG", "zh")
            .arg("import")
            .arg(w.case())
            .arg(&path)
            .args(extra)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(stderr.contains("未导入任何内容"), "{name}: {stderr}");
        // What is left once the file's name, tags and product names are
        // taken out holds no English word.
        let rest = stderr
            .replace(&path.display().to_string(), "")
            .replace("dossier:", "")
            .replace("表 message", "")
            .replace("</sms>", "")
            .replace("<call>", "")
            .replace("SQLite", "")
            .replace("Excel", "")
            .replace("WPS", "")
            .replace(".xlsx", "");
        let english: Vec<&str> = rest
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .collect();
        assert!(
            english.is_empty(),
            "{name}: English words {english:?} in {stderr}"
        );
    }
    assert_eq!(w.count("item"), 0, "nothing refused is stored");
    tmp_is_clean(&w);
}
