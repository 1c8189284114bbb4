//! The command-line contract: the commands, their output, JSON schemas and
//! exit codes.

use crate::support::{World, bytes, run};
use dossier_core::synth::{Rng, photo};

#[test]
fn init_add_list_verify_round_trip() {
    let w = World::new();
    let jpeg = w.file(
        "IMG_20260305_210311.jpg",
        &photo(&mut Rng(1), "2026:03:05 21:03:11", Some("+08:00")),
    );
    let doc = w.file("律师函.pdf", b"%PDF-1.4\n% a fake lawyer's letter\n");
    let r = w.run(
        "add",
        &[
            &jpeg.display().to_string(),
            &doc.display().to_string(),
            "--contributor",
            "李明",
            "--note",
            "门上贴的",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("exhibit 1:") && r.stdout.contains("time from EXIF DateTimeOriginal"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("exhibit 2:") && r.stdout.contains("律师函.pdf"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("2 added, 0 already in the case, 0 failed"),
        "{}",
        r.stdout
    );

    let list = w.list();
    assert_eq!(list["schema"], "dossier.list/1");
    assert_eq!(list["case"]["title"], "测试案件");
    assert_eq!(list["case"]["time_zone"], "Asia/Shanghai");
    let first = &list["exhibits"][0];
    assert_eq!(first["exhibit"], 1);
    assert_eq!(first["kind"], "image");
    assert_eq!(first["original_name"], "IMG_20260305_210311.jpg");
    assert_eq!(first["captured_at"], "2026-03-05T13:03:11.000Z");
    assert_eq!(first["captured_local"], "2026-03-05T21:03:11+08:00");
    assert_eq!(first["capture_basis"], "exif");
    assert_eq!(first["contributor"], "李明");
    assert_eq!(first["note"], "门上贴的");
    assert_eq!(list["exhibits"][1]["kind"], "document");

    let human = w.run("list", &[]);
    assert!(
        human.stdout.contains("IMG_20260305_210311.jpg")
            && human.stdout.contains("2026-03-05 21:03:11 +08:00"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains(first["sha256"].as_str().expect("sha")),
        "the list shows full hashes"
    );

    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "{v:?}");
    assert!(
        v.stdout.starts_with("Case intact: all 2 exhibits"),
        "{}",
        v.stdout
    );
    let v = w.run("verify", &["--json"]);
    let report: serde_json::Value = serde_json::from_str(&v.stdout).expect("json");
    assert_eq!(report["schema"], "dossier.verify/1");
    assert_eq!(report["intact"], true);
    assert_eq!(report["exhibits"], 2);
    assert_eq!(report["audit_entries"], 3);
}

#[test]
fn duplicates_name_the_exhibit_and_exit_zero() {
    let w = World::new();
    let a = w.file("a.bin", &bytes(1, 100));
    let b = w.file("b.bin", &bytes(1, 100));
    assert_eq!(w.run("add", &[&a.display().to_string()]).code, 0);
    let r = w.run("add", &[&b.display().to_string()]);
    assert_eq!(r.code, 0, "a duplicate is not a failure: {r:?}");
    assert!(
        r.stdout
            .contains("same bytes as exhibit 1, not stored again"),
        "{}",
        r.stdout
    );
    assert_eq!(w.count("item"), 1);
}

#[test]
fn notes_are_stored_with_their_stated_time() {
    let w = World::new();
    let r = w.run(
        "note",
        &[
            "--text",
            "两名男子到家门口敲门十分钟",
            "--at",
            "2026-03-05 23:10",
            "--party",
            "170 5551 1020",
            "--channel",
            "visit",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("note stored as exhibit 1"),
        "{}",
        r.stdout
    );
    let list = w.list();
    assert_eq!(list["exhibits"][0]["origin"], "note");
    assert_eq!(
        list["exhibits"][0]["captured_local"],
        "2026-03-05T23:10:00+08:00"
    );
    assert_eq!(list["exhibits"][0]["capture_basis"], "stated");
    let human = w.run("list", &[]).stdout;
    assert!(
        human.contains("note (visit): 两名男子到家门口敲门十分钟"),
        "{human}"
    );
}

#[test]
fn a_time_that_cannot_be_read_is_usage_error_and_stores_nothing() {
    let w = World::new();
    let r = w.run("note", &["--text", "x", "--at", "last tuesday"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("cannot read the time \"last tuesday\""),
        "{}",
        r.stderr
    );
    let input = w.file("a.txt", b"a");
    let r = w.run("add", &[&input.display().to_string(), "--at", "soon"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(w.count("item"), 0);
    assert_eq!(w.count("audit"), 1, "only the creation is in the log");
}

#[test]
fn messages_follow_the_language() {
    let w = World::new();
    let input = w.file("a.txt", "短信".as_bytes());
    let out = crate::support::dossier()
        .env("DOSSIER_LANG", "zh")
        .args(["add", &w.case_str(), &input.display().to_string()])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("证据 1") && stdout.contains("新增 1 件"),
        "{stdout}"
    );
    let out = crate::support::dossier()
        .env_remove("DOSSIER_LANG")
        .env("LANG", "zh_CN.UTF-8")
        .args(["verify", &w.case_str()])
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("案件完好"),
        "the system locale picks Chinese"
    );
}

#[test]
fn a_folder_that_is_not_a_case_is_usage_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("a.txt");
    std::fs::write(&input, b"a").expect("write");
    for cmd in ["add", "list", "verify"] {
        let mut args = vec![cmd.to_owned(), dir.path().display().to_string()];
        if cmd == "add" {
            args.push(input.display().to_string());
        }
        let r = run(args);
        assert_eq!(r.code, 2, "{cmd}: {r:?}");
        assert!(
            r.stderr.contains("is not a Dossier case folder"),
            "{cmd}: {}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "nothing was created"
    );
}

#[test]
fn init_refuses_to_overwrite_and_usage_errors_exit_two() {
    let w = World::new();
    let r = run(["init", &w.case_str()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("already exists and is not empty"),
        "{}",
        r.stderr
    );
    assert_eq!(
        run(["add", &w.case_str()]).code,
        2,
        "add needs at least one file"
    );
    assert_eq!(run(["frobnicate"]).code, 2);
    assert_eq!(run(["init", "x", "--rules", "mars"]).code, 2);
    let help = run(["--help"]);
    assert_eq!(help.code, 0);
    for cmd in ["init", "add", "note", "list", "verify", "demo"] {
        assert!(help.stdout.contains(cmd), "help lists {cmd}");
    }
}

#[test]
fn a_folder_is_walked_with_recursive_and_the_case_itself_is_never_added() {
    let w = World::new();
    w.file("phone/DCIM/a.txt", b"one");
    w.file("phone/Pictures/b.txt", b"two");
    w.file("phone/.thumbnails/c.txt", b"hidden");
    // The case folder beside the evidence, as when `add -r .` runs next to it.
    let case = w.dir.path().join("in/phone/inner.dossier");
    assert_eq!(run(["init", &case.display().to_string()]).code, 0);
    let r = run([
        "add",
        &case.display().to_string(),
        "--recursive",
        &w.dir.path().join("in/phone").display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("2 added"), "{}", r.stdout);
    assert!(r.stdout.contains("skipped 1 hidden files"), "{}", r.stdout);
    let inside = case.join("case.sqlite");
    let r = run([
        "add",
        &case.display().to_string(),
        &inside.display().to_string(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("is inside the case folder itself"),
        "{}",
        r.stderr
    );
}

#[test]
fn piped_output_carries_no_progress_bar() {
    let w = World::new();
    let big = w.file("big.bin", &bytes(9, 40 << 20));
    let r = w.run("add", &[&big.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stderr, "",
        "a large ingest prints nothing extra on a pipe"
    );
    assert!(
        !r.stdout.contains('\r') && !r.stdout.contains('\u{1b}'),
        "no control characters: {:?}",
        r.stdout
    );
}

#[test]
fn a_case_from_a_newer_program_is_refused_untouched() {
    let w = World::new();
    w.db()
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    let before = std::fs::read(w.case().join("case.sqlite")).expect("read");
    let input = w.file("a.txt", b"a");
    for args in [vec!["list"], vec!["add", input.to_str().expect("utf-8")]] {
        let r = w.run(args[0], &args[1..]);
        assert_eq!(r.code, 2, "{r:?}");
        assert!(
            r.stderr
                .contains("newer version of Dossier (schema 99; this program knows up to 8)"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read(w.case().join("case.sqlite")).expect("read"),
        before,
        "nothing was changed"
    );
}

#[cfg(unix)]
#[test]
fn links_inside_a_folder_are_listed_never_followed() {
    let w = World::new();
    w.file("phone/a.txt", b"evidence");
    let secret = w.file("elsewhere/secret.txt", b"not evidence: outside the folder");
    let elsewhere = secret.parent().expect("dir").to_path_buf();
    let phone = w.dir.path().join("in/phone");
    std::os::unix::fs::symlink(&secret, phone.join("b.lnk")).expect("file link");
    std::os::unix::fs::symlink(&elsewhere, phone.join("folder.lnk")).expect("folder link");
    std::os::unix::fs::symlink(phone.join("gone"), phone.join("dangling.lnk")).expect("dangling");
    let r = w.run("add", &["--recursive", &phone.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("1 added"),
        "only the real file: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("skipped 3 symbolic links"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("b.lnk → {}", secret.display())),
        "each link is named with where it points: {}",
        r.stdout
    );
    let listed = w.list();
    let names: Vec<&str> = listed["exhibits"]
        .as_array()
        .expect("exhibits")
        .iter()
        .map(|e| e["original_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["a.txt"], "nothing a link points to was stored");

    // A link named on the command line is the user's choice: followed.
    let r = w.run("add", &[&phone.join("b.lnk").display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("1 added"), "{}", r.stdout);

    // Chinese too.
    std::os::unix::fs::symlink(&secret, phone.join("c.lnk")).expect("link");
    let r = crate::support::dossier()
        .env("DOSSIER_LANG", "zh")
        .args(["add", &w.case_str(), "-r", &phone.display().to_string()])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(stdout.contains("跳过了 4 个符号链接"), "{stdout}");
}

#[test]
fn names_with_terminal_escapes_are_shown_escaped_and_kept_exact_in_json() {
    let w = World::new();
    let name = "\x1b[31mred\x1b]0;owned\x07\u{202e}gnp.txt";
    let path = w.file(name, b"a file with a hostile name");
    let r = w.run("add", &[&path.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    for (what, out) in [("add", &r.stdout), ("add's errors", &r.stderr)] {
        assert!(
            !out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{202e}'),
            "{what} prints no raw escape: {out:?}"
        );
    }
    assert!(
        r.stdout
            .contains("\\u{1b}[31mred\\u{1b}]0;owned\\u{7}\\u{202e}gnp.txt"),
        "the name is shown, escaped: {}",
        r.stdout
    );
    let list = w.run("list", &[]);
    assert_eq!(list.code, 0, "{list:?}");
    assert!(
        !list.stdout.contains('\x1b'),
        "list prints no raw ESC: {:?}",
        list.stdout
    );
    assert!(list.stdout.contains("\\u{1b}[31mred"), "{}", list.stdout);
    // JSON stays exact: the real name comes back.
    assert_eq!(w.list()["exhibits"][0]["original_name"], name);
    // A failure names the file escaped too.
    let missing = w.dir.path().join("in/\x1b[2Jgone.txt");
    let r = w.run("add", &[&missing.display().to_string()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!r.stderr.contains('\x1b'), "{:?}", r.stderr);
    assert!(r.stderr.contains("\\u{1b}[2Jgone.txt"), "{}", r.stderr);
    // And verify, naming a stray file in the case folder.
    let stray = w.case().join("blobs").join("\x1b[31mstray");
    std::fs::write(&stray, b"x").expect("stray");
    let r = w.run("verify", &[]);
    assert!(
        !r.stdout.contains('\x1b'),
        "verify prints no raw ESC: {:?}",
        r.stdout
    );
}
