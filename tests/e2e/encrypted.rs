//! Encrypted cases through the command line: `init --encrypt`, every command
//! taking the passphrase from `DOSSIER_PASSPHRASE`, a wrong or missing one
//! refused with nothing changed, `passphrase` to change it, `encrypt` and
//! `decrypt` to convert — and `grep -r` over the folder finding neither a
//! known note's words nor a known file's SHA-256.

use crate::support::{Run, calls_xml};
use std::path::Path;
use std::process::Command;

const PASS: &str = "correct horse 电池";
const NOTE: &str = "催收员在楼下拍我家门牌号 QUOKKA-7781";

/// Runs `dossier ARGS…` in a session of its own (no controlling terminal,
/// so it can never stop to ask), with these variables.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let plain = crate::support::dossier();
    let mut cmd = Command::new("setsid");
    cmd.arg("-w").arg(plain.get_program()).args(args);
    same_env(&plain, &mut cmd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run dossier under setsid").into()
}

fn with_pass(args: &[&str]) -> Run {
    run(args, &[("DOSSIER_PASSPHRASE", PASS)])
}

/// Gives `cmd` the environment the program under test runs with, and no
/// passphrase from the developer's shell.
fn same_env(plain: &Command, cmd: &mut Command) {
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.env_remove("DOSSIER_PASSPHRASE")
        .env_remove("DOSSIER_NEW_PASSPHRASE");
}

/// `grep -r` over the folder: whether it finds `pattern` in any file.
fn grep_finds(dir: &Path, pattern: &str) -> bool {
    let out = Command::new("grep")
        .args(["-r", "-l", "-F", "-a", pattern])
        .arg(dir)
        .output()
        .expect("grep");
    assert!(out.status.code() != Some(2), "grep failed: {out:?}");
    out.status.success()
}

/// Every path under `dir`, as text.
fn names(dir: &Path) -> String {
    let out = Command::new("find").arg(dir).output().expect("find");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn sha_of(list_json: &str, index: usize) -> String {
    let v: serde_json::Value = serde_json::from_str(list_json).expect("json");
    v["exhibits"][index]["sha256"]
        .as_str()
        .expect("sha")
        .to_owned()
}

#[test]
fn an_encrypted_case_hides_its_contents_and_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().expect("tmp");
    let case = dir.path().join("secret.dossier");
    let c = case.to_str().expect("utf-8");
    let shot = dir.path().join("shot.png");
    std::fs::write(
        &shot,
        dossier_core::synth::screenshot(&mut dossier_core::synth::Rng(3)),
    )
    .expect("write");
    let calls = dir.path().join("calls.xml");
    std::fs::write(&calls, calls_xml(20, 1_772_715_791_000, 600_000)).expect("write");

    // No terminal and no variable: a clear refusal, no folder made.
    let r = run(&["init", c, "--encrypt"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("DOSSIER_PASSPHRASE"), "{}", r.stderr);
    assert!(!case.exists());
    let r = run(
        &["init", c, "--encrypt"],
        &[("DOSSIER_PASSPHRASE", "short")],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("at least 8"), "{}", r.stderr);
    assert!(!case.exists(), "a refused init leaves nothing");

    let r = with_pass(&["init", c, "--encrypt", "--title", "王女士 v. 催收公司"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("encrypted"), "{}", r.stdout);
    let r = with_pass(&["add", c, shot.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = with_pass(&[
        "note",
        c,
        "--at",
        "2026-03-05 23:10",
        "--channel",
        "visit",
        "--text",
        NOTE,
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = with_pass(&["import", c, calls.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = with_pass(&["list", c, "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let shot_sha = sha_of(&r.stdout, 0);
    let note_sha = sha_of(&r.stdout, 1);

    for pattern in [NOTE, "QUOKKA-7781", "王女士", &shot_sha, &note_sha] {
        assert!(!grep_finds(&case, pattern), "grep -r finds {pattern:?}");
    }
    let listing = names(&case);
    assert!(
        !listing.contains(&shot_sha) && !listing.contains(&note_sha),
        "{listing}"
    );

    // Without the passphrase, or with a wrong one: exit 2, nothing changed.
    let before = names(&case);
    let r = run(&["list", c], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("DOSSIER_PASSPHRASE"), "{}", r.stderr);
    let r = run(&["verify", c], &[("DOSSIER_PASSPHRASE", "wrong horse")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("wrong passphrase"), "{}", r.stderr);
    assert_eq!(names(&case), before);

    let r = with_pass(&["verify", c]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("all 3 exhibits"), "{}", r.stdout);
    let r = with_pass(&["timeline", c]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("2026-03-05"), "{}", r.stdout);

    // A new passphrase: the old one stops working, the blobs stay as they are.
    let blobs_before = names(&case.join("blobs"));
    let r = run(
        &["passphrase", c],
        &[
            ("DOSSIER_PASSPHRASE", PASS),
            ("DOSSIER_NEW_PASSPHRASE", "a brand new one"),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(with_pass(&["list", c]).code, 2);
    let r = run(&["verify", c], &[("DOSSIER_PASSPHRASE", "a brand new one")]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(names(&case.join("blobs")), blobs_before);

    // Decrypted, the same originals are back under their SHA-256.
    let r = run(
        &["decrypt", c],
        &[("DOSSIER_PASSPHRASE", "a brand new one")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(names(&case).contains(&shot_sha));
    assert!(grep_finds(&case, "QUOKKA-7781"));
    let r = run(&["verify", c], &[]);
    assert_eq!(r.code, 0, "{r:?}");

    // And encrypted again in place.
    let r = run(
        &["encrypt", c],
        &[("DOSSIER_NEW_PASSPHRASE", "third time lucky")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!grep_finds(&case, "QUOKKA-7781"));
    assert!(!names(&case).contains(&shot_sha));
    let r = run(
        &["verify", c],
        &[("DOSSIER_PASSPHRASE", "third time lucky")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run(
        &["encrypt", c],
        &[("DOSSIER_PASSPHRASE", "third time lucky")],
    );
    assert_eq!(r.code, 2, "already encrypted: {r:?}");
}

#[test]
fn a_sealed_export_opens_with_the_age_tool_and_verifies() {
    let dir = tempfile::tempdir().expect("tmp");
    let case = dir.path().join("secret.dossier");
    let c = case.to_str().expect("utf-8");
    assert_eq!(with_pass(&["init", c, "--encrypt"]).code, 0);
    let r = with_pass(&["note", c, "--at", "2026-03-05 23:10", "--text", NOTE]);
    assert_eq!(r.code, 0, "{r:?}");
    let pdf = dir.path().join("d.pdf");
    let bundle = dir.path().join("b.zip");
    let (p, b) = (
        pdf.to_str().expect("utf-8"),
        bundle.to_str().expect("utf-8"),
    );

    // Neither choice made: nothing written.
    let r = with_pass(&["export", c, "--pdf", p, "--bundle", b]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--seal") && r.stderr.contains("--plaintext"));
    assert!(std::fs::read_dir(dir.path()).expect("ls").count() == 1);

    let r = run(
        &["export", c, "--pdf", p, "--bundle", b, "--seal"],
        &[
            ("DOSSIER_PASSPHRASE", PASS),
            ("DOSSIER_EXPORT_PASSPHRASE", "tell them by phone"),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let sealed_pdf = dir.path().join("d.pdf.age");
    let sealed_bundle = dir.path().join("b.zip.age");
    assert!(
        sealed_pdf.is_file() && sealed_bundle.is_file(),
        "{}",
        r.stdout
    );
    assert!(!pdf.exists() && !bundle.exists(), "no plaintext written");
    for f in [&sealed_pdf, &sealed_bundle] {
        let bytes = std::fs::read(f).expect("read");
        assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
        assert!(
            !bytes.windows(4).any(|w| w == b"%PDF"),
            "{f:?} is not sealed"
        );
    }

    let out = age(
        &["-d", "-o", b, sealed_bundle.to_str().expect("utf-8")],
        &[("passphrase", "tell them by phone")],
    );
    assert_eq!(out.code, Some(0), "age -d: {}", out.screen);
    let r = crate::support::run(["verify", b]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("intact"), "{}", r.stdout);
    let out = age(
        &["-d", "-o", p, sealed_pdf.to_str().expect("utf-8")],
        &[("passphrase", "tell them by phone")],
    );
    assert_eq!(out.code, Some(0), "age -d: {}", out.screen);
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));

    // Dossier opens a sealed bundle itself too, beside it, then verifies it;
    // a wrong passphrase writes nothing.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).expect("mkdir");
    let copy = again.join("b.zip.age");
    std::fs::copy(&sealed_bundle, &copy).expect("copy");
    let c2 = copy.to_str().expect("utf-8");
    let r = run(
        &["verify", c2],
        &[("DOSSIER_EXPORT_PASSPHRASE", "not what I said")],
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("wrong passphrase"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_dir(&again).expect("ls").count(),
        1,
        "nothing written"
    );
    let r = run(
        &["verify", c2],
        &[("DOSSIER_EXPORT_PASSPHRASE", "tell them by phone")],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("intact"), "{}", r.stdout);
    assert!(again.join("b.zip").is_file());

    // The other way: a file the age tool sealed opens with Dossier's reader.
    let plain = dossier_core::synth::bytes(5, 200_000);
    let input = dir.path().join("r.bin");
    std::fs::write(&input, &plain).expect("write");
    let sealed_input = format!("{}.age", input.display());
    let out = age(
        &["-p", "-o", &sealed_input, input.to_str().expect("utf-8")],
        &[
            ("Enter passphrase", "pw from age"),
            ("Confirm", "pw from age"),
        ],
    );
    assert_eq!(out.code, Some(0), "age -p: {}", out.screen);
    let sealed = std::fs::File::open(dir.path().join("r.bin.age")).expect("open");
    let pass = dossier_core::case::crypto::Passphrase::new("pw from age".into());
    let mut reader = dossier_core::export::age::AgeReader::new(&pass, sealed).expect("header");
    let mut opened = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut opened).expect("payload");
    assert!(opened == plain);

    // --plaintext writes them unsealed, on purpose.
    let r = with_pass(&["export", c, "--pdf", p, "--bundle", b, "--plaintext"]);
    assert_eq!(r.code, 0, "{r:?}");
}

/// What a run on a terminal showed, and how it ended.
struct Shown {
    code: Option<i32>,
    screen: String,
}

/// Runs `dossier ARGS…` with a terminal (`script`); for each step, waits
/// until the screen shows the prompt, then types the answer (typing only
/// then, so that what the terminal would echo is the program's choice).
fn on_terminal(args: &[&str], steps: &[(&str, &str)]) -> Shown {
    let plain = crate::support::dossier();
    let program = plain.get_program().to_string_lossy().into_owned();
    terminal(&plain, &program, args, steps)
}

/// The standard `age` tool, on a terminal: it reads passphrases only there.
fn age(args: &[&str], steps: &[(&str, &str)]) -> Shown {
    terminal(&crate::support::dossier(), "age", args, steps)
}

/// Runs `program ARGS…` under `script` with `env_of`'s environment,
/// answering `steps` as [`on_terminal`] says.
fn terminal(env_of: &Command, program: &str, args: &[&str], steps: &[(&str, &str)]) -> Shown {
    use std::io::{Read, Write};
    let line = std::iter::once(program)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"]);
    same_env(env_of, &mut cmd);
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script(1) and age(1) are needed: apt-get install bsdutils age");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen: Vec<u8> = Vec::new();
    // Where the next prompt is looked for: after the last one answered.
    let mut from = 0;
    for (prompt, answer) in steps {
        loop {
            let text = String::from_utf8_lossy(&screen[from..]).into_owned();
            if let Some(at) = text.find(prompt) {
                from += text[..at + prompt.len()].len();
                break;
            }
            // A bound, not a pause: the prompt normally shows at once.
            match rx.recv_timeout(std::time::Duration::from_secs(120)) {
                Ok(chunk) => screen.extend(chunk),
                Err(e) => {
                    let _ = child.kill();
                    panic!(
                        "no {prompt:?} on the screen ({e}): {}",
                        String::from_utf8_lossy(&screen)
                    )
                }
            }
        }
        stdin
            .write_all(format!("{answer}\n").as_bytes())
            .expect("type");
    }
    drop(stdin);
    for chunk in rx {
        screen.extend(chunk);
    }
    reader.join().expect("reader");
    let code = child.wait().expect("dossier").code();
    Shown {
        code,
        screen: String::from_utf8_lossy(&screen).into_owned(),
    }
}

#[test]
fn the_terminal_asks_for_the_passphrase_without_echo() {
    let dir = tempfile::tempdir().expect("tmp");
    let case = dir.path().join("tty.dossier");
    let c = case.to_str().expect("utf-8");
    let new = [
        ("New passphrase", "typed passphrase"),
        ("again", "typed passphrase"),
    ];
    // Typed twice, differently: refused, nothing made.
    let out = on_terminal(
        &["init", c, "--encrypt"],
        &[("New passphrase", "first one!"), ("again", "second one")],
    );
    assert_eq!(out.code, Some(2), "{}", out.screen);
    assert!(out.screen.contains("differ"), "{}", out.screen);
    assert!(!case.exists());
    let out = on_terminal(&["init", c, "--encrypt"], &new);
    assert_eq!(out.code, Some(0), "{}", out.screen);
    assert!(
        !out.screen.contains("typed passphrase"),
        "echoed: {}",
        out.screen
    );
    let out = on_terminal(&["verify", c], &[("Passphrase for", "typed passphrase")]);
    assert_eq!(out.code, Some(0), "{}", out.screen);
    assert!(out.screen.contains("intact"), "{}", out.screen);
    assert!(
        !out.screen.contains("typed passphrase"),
        "echoed: {}",
        out.screen
    );
    let out = on_terminal(&["verify", c], &[("Passphrase for", "not it at all")]);
    assert_eq!(out.code, Some(2), "{}", out.screen);
    assert!(out.screen.contains("wrong passphrase"), "{}", out.screen);
}
