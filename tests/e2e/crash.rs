//! Power-cut safety of `dossier add`: the process is SIGKILLed at many points
//! of a multi-file ingest. After every kill, `verify` must pass, each file of
//! the batch must be either fully stored and referenced or absent, and what
//! the killed process left in `tmp/` must be gone once the case is opened.

use crate::support::{World, blob, bytes, dossier};
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Kills that must land while `add` is still running.
const KILLS: usize = 50;
/// Attempts at most; some kills land after the process has finished.
const MAX_ATTEMPTS: u64 = 150;

/// A batch of fresh files (new content each attempt): one larger than the
/// copy chunk, so the pipelined path is killed too, and many small ones.
fn batch(w: &World, attempt: u64) -> Vec<(PathBuf, String)> {
    (0..20u64)
        .map(|i| {
            let size = if i == 7 {
                (1 << 20) + 300_000
            } else {
                8_000 + (i as usize * 3_001)
            };
            let content = bytes(attempt * 1_000 + i, size);
            let path = w.file(&format!("attempt-{attempt}/f{i:02}.bin"), &content);
            (path, dossier_core::hash::sha256_hex(&content))
        })
        .collect()
}

fn add(w: &World, files: &[(PathBuf, String)], fsync: Fsync) -> std::process::Child {
    let mut cmd = dossier();
    if fsync == Fsync::PerFile {
        cmd.env("DOSSIER_FSYNC", "per-file");
    }
    cmd.arg("add")
        .arg(w.case())
        .args(files.iter().map(|(p, _)| p))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn add")
}

/// The two ways `add` makes files durable (see `blob::Syncer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fsync {
    /// One `syncfs` per group (the default on Linux).
    WholeFs,
    /// One fsync per file (elsewhere, or with `DOSSIER_FSYNC=per-file`).
    PerFile,
}

#[test]
fn killing_add_at_any_point_leaves_every_file_whole_or_absent() {
    kill_repeatedly(Fsync::WholeFs);
}

#[test]
fn killing_add_with_one_fsync_per_file_leaves_every_file_whole_or_absent() {
    kill_repeatedly(Fsync::PerFile);
}

fn kill_repeatedly(fsync: Fsync) {
    let w = World::new();
    // One uninterrupted run tells how long an ingest takes here, so the kill
    // points can be spread across it.
    let first = batch(&w, 0);
    let start = Instant::now();
    let status = add(&w, &first, fsync).wait().expect("wait");
    let full = start.elapsed().max(Duration::from_millis(5));
    assert!(status.success());

    let mut interrupted = 0;
    let mut attempt = 0;
    while interrupted < KILLS && attempt < MAX_ATTEMPTS {
        attempt += 1;
        let files = batch(&w, attempt);
        let mut child = add(&w, &files, fsync);
        // Kill points from the very start to just past the typical end.
        let fraction = (attempt % 24) as f64 / 22.0;
        std::thread::sleep(full.mul_f64(fraction));
        if child.try_wait().expect("try_wait").is_none() {
            interrupted += 1;
        }
        child.kill().expect("SIGKILL"); // no effect if it already exited
        child.wait().expect("reap");

        let v = w.run("verify", &["--json"]);
        assert_eq!(
            v.code, 0,
            "attempt {attempt}: verify after the kill: {}",
            v.stdout
        );
        let list = w.list();
        let referenced: HashSet<&str> = list["exhibits"]
            .as_array()
            .expect("exhibits")
            .iter()
            .map(|e| e["sha256"].as_str().expect("sha"))
            .collect();
        for (path, sha) in &files {
            let on_disk = blob(&w.case(), sha).exists();
            assert_eq!(
                on_disk,
                referenced.contains(sha.as_str()),
                "attempt {attempt}: {} must be stored and referenced, or absent",
                path.display()
            );
        }
        let tmp: Vec<String> = std::fs::read_dir(w.case().join("tmp"))
            .expect("tmp")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            tmp,
            [".lock"],
            "attempt {attempt}: leftovers are cleared when the case is next opened"
        );
    }
    eprintln!(
        "crash test: {interrupted} kills mid-ingest in {attempt} attempts; an uninterrupted ingest took {full:?}"
    );
    assert!(
        interrupted >= KILLS,
        "only {interrupted} of {attempt} kills landed mid-ingest (a run takes {full:?})"
    );
}
