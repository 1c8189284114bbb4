//! What the benchmarks share: running a command from a fresh copy of the
//! benchmark binary so that its peak memory can be read on its own.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// Set in a child copy of a benchmark that only measures one command.
pub const MEASURE_ENV: &str = "DOSSIER_BENCH_MEASURE";

/// Call first in a benchmark's `main`: true when this process is the child
/// copy, which has then done its measuring.
pub fn is_measuring_child() -> bool {
    if std::env::var_os(MEASURE_ENV).is_none() {
        return false;
    }
    measure_child();
    true
}

/// Runs `argv` from a fresh copy of this benchmark, so that the copy's
/// children's peak resident size is exactly that one command's.
pub fn measured(argv: &[&str]) -> (Duration, i64) {
    let out = Command::new(std::env::current_exe().expect("self"))
        .env(MEASURE_ENV, "1")
        .args(argv)
        .output()
        .expect("measure");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let nanos: u64 = parts.next().and_then(|p| p.parse().ok()).expect("time");
    let rss: i64 = parts.next().and_then(|p| p.parse().ok()).expect("rss");
    (Duration::from_nanos(nanos), rss)
}

/// The child side of [`measured`]: runs the command given as arguments and
/// prints its wall time (ns) and peak resident size (KiB).
fn measure_child() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let start = Instant::now();
    let out = Command::new(&args[0])
        .args(&args[1..])
        .output()
        .expect("spawn");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{} {}", elapsed.as_nanos(), children_max_rss_kib());
}

#[allow(unsafe_code)]
fn children_max_rss_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes one rusage into the pointer it is given,
    // which points at a valid, initialised value of that type.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss
}

/// A fresh, empty folder for a benchmark's files: under
/// `DOSSIER_BENCH_DIR` when set (put it on the disk to measure), else the
/// system's temporary folder.
pub fn fresh_dir(name: &str) -> PathBuf {
    let base = std::env::var_os("DOSSIER_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
        .join(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("bench dir");
    base
}

/// Runs a command that must succeed.
pub fn run(cmd: &mut Command) {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
