//! Running the program and reading a case behind its back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The program under test, with a predictable environment: English
/// messages, no locale from the machine, a fixed clock.
pub fn dossier() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier-under-test"));
    for var in [
        "LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "DOSSIER_LANG",
        "DOSSIER_NOW",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("DOSSIER_LANG", "en")
        .env("DOSSIER_NOW", "2026-04-01T02:00:00Z");
    cmd
}

/// What a finished run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Runs `dossier ARGS…` to completion.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    dossier().args(args).output().expect("run dossier").into()
}

/// A temporary folder with an initialised case at `case.dossier`.
pub struct World {
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("tmp");
        let world = World { dir };
        let r = run([
            "init".as_ref(),
            world.case().as_os_str(),
            "--title".as_ref(),
            "测试案件".as_ref(),
        ]);
        assert_eq!(r.code, 0, "init: {r:?}");
        world
    }

    pub fn case(&self) -> PathBuf {
        self.dir.path().join("case.dossier")
    }

    pub fn case_str(&self) -> String {
        self.case().display().to_string()
    }

    /// Writes an input file and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join("in").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// Runs a command on this case: `dossier CMD CASE ARGS…`.
    pub fn run(&self, cmd: &str, args: &[&str]) -> Run {
        let mut all = vec![cmd.to_owned(), self.case_str()];
        all.extend(args.iter().map(|s| s.to_string()));
        run(all)
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.case().join("case.sqlite")).expect("db")
    }

    pub fn count(&self, table: &str) -> i64 {
        self.db()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    }

    /// `dossier list --json`, parsed.
    pub fn list(&self) -> serde_json::Value {
        let r = self.run("list", &["--json"]);
        assert_eq!(r.code, 0, "{r:?}");
        serde_json::from_str(&r.stdout).expect("list json")
    }
}

pub use dossier_core::synth::bytes;

pub fn blob(case: &Path, sha: &str) -> PathBuf {
    case.join("blobs").join(&sha[..2]).join(sha)
}

/// An SMS Backup & Restore call log of `calls` calls from 30 numbers, one
/// every `step_ms` from `t0_ms` (epoch milliseconds), in, out and missed in
/// turn. Logs whose times do not overlap share no event.
pub fn calls_xml(calls: u64, t0_ms: u64, step_ms: u64) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"0\">\n",
    );
    for i in 0..calls {
        xml.push_str(&format!(
            "  <call number=\"170 5551 {:04}\" duration=\"{}\" date=\"{}\" type=\"{}\" presentation=\"1\" contact_name=\"(Unknown)\" />\n",
            1000 + i % 30,
            i % 120,
            t0_ms + i * step_ms,
            1 + i % 3
        ));
    }
    xml.push_str("</calls>\n");
    xml
}
