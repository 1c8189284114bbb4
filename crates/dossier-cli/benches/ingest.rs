//! Ingest benchmark: `dossier add` on 1 GiB of mixed files (a few of 128 MiB,
//! many of 4 MiB, a thousand of 40 KiB) against the best standalone tools on
//! the same files in the same run — `openssl dgst -sha256` over all of them,
//! and `cp -r` followed by `sync` — then the same `dossier add` into an
//! encrypted case (the cost of sealing every original), and the peak memory
//! of `dossier add` as a single file grows from 16 MiB to 1 GiB.
//!
//! Run with `cargo bench -p dossier-cli --bench ingest`. It needs about
//! 4 GiB of free disk in `DOSSIER_BENCH_DIR` (default: the system temp
//! folder). It prints figures; it asserts nothing about time.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;
const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

mod common;

use common::{measured, run};

fn main() {
    if common::is_measuring_child() {
        return;
    }
    let base = common::fresh_dir("dossier-bench");

    let corpus = base.join("corpus");
    let mut files = Vec::new();
    files.extend((0..3).map(|i| (format!("big/{i}.bin"), 128 * MIB)));
    files.extend((0..150).map(|i| (format!("mid/{i:03}.bin"), 4 * MIB)));
    files.extend((0..1000).map(|i| (format!("small/{i:04}.bin"), 40 * 1024)));
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    print!(
        "writing {} files, {:.2} GiB of random bytes... ",
        files.len(),
        total as f64 / (1024.0 * MIB as f64)
    );
    std::io::stdout().flush().ok();
    for (i, (name, size)) in files.iter().enumerate() {
        write_random(&corpus.join(name), *size, i as u64 + 1);
    }
    sh("sync");
    println!("done\n");

    let paths: Vec<PathBuf> = files.iter().map(|(n, _)| corpus.join(n)).collect();
    // Round 0 warms the page cache and the machine's memory and is not
    // counted; later rounds rotate the order, so that no tool always runs
    // first (on a fresh disk or in fresh memory) or last.
    const ROUNDS: usize = 4;
    let mut openssl_times = Vec::new();
    let mut cp_times = Vec::new();
    let mut add_times = Vec::new();
    let mut sealed_times = Vec::new();
    for round in 0..=ROUNDS {
        let mut times = [Duration::ZERO; 4];
        for step in 0..4 {
            let tool = (step + round) % 4;
            times[tool] = match tool {
                0 => time(
                    Command::new("openssl")
                        .args(["dgst", "-sha256", "-r"])
                        .args(&paths),
                ),
                1 => {
                    let copy_dir = base.join("copy");
                    let t = time(Command::new("sh").arg("-c").arg(format!(
                        "cp -r '{}' '{}' && sync",
                        corpus.display(),
                        copy_dir.display()
                    )));
                    let _ = fs::remove_dir_all(&copy_dir);
                    t
                }
                sealed => {
                    let case = base.join("bench.dossier");
                    let mut init = Command::new(DOSSIER);
                    init.arg("init").arg(&case);
                    let mut add = Command::new(DOSSIER);
                    add.arg("add").arg(&case).arg("--recursive").arg(&corpus);
                    if sealed == 3 {
                        init.arg("--encrypt");
                        for cmd in [&mut init, &mut add] {
                            cmd.env("DOSSIER_PASSPHRASE", "bench passphrase");
                        }
                    }
                    run(&mut init);
                    sh("sync");
                    let t = time(&mut add);
                    let _ = fs::remove_dir_all(&case);
                    t
                }
            };
            sh("sync");
        }
        let [openssl, cp, add, sealed] = times;
        println!(
            "round {round}{}: openssl dgst -sha256 {:>6.2} s | cp -r + sync {:>6.2} s | both {:>6.2} s | dossier add {:>6.2} s | encrypted {:>6.2} s",
            if round == 0 {
                " (warm-up, not counted)"
            } else {
                ""
            },
            secs(openssl),
            secs(cp),
            secs(openssl + cp),
            secs(add),
            secs(sealed)
        );
        if round > 0 {
            openssl_times.push(openssl);
            cp_times.push(cp);
            add_times.push(add);
            sealed_times.push(sealed);
        }
    }
    let both_times: Vec<Duration> = openssl_times
        .iter()
        .zip(&cp_times)
        .map(|(a, b)| *a + *b)
        .collect();
    let gib = total as f64 / (1024.0 * MIB as f64);
    println!("\nmedian of {ROUNDS} rounds over {gib:.2} GiB (best in brackets):");
    for (label, times) in [
        ("openssl dgst -sha256", &openssl_times),
        ("cp -r + sync", &cp_times),
        ("the two back to back", &both_times),
        ("dossier add (until durable)", &add_times),
        ("dossier add, encrypted case", &sealed_times),
    ] {
        let (median, best) = (
            median(times),
            times.iter().min().copied().unwrap_or_default(),
        );
        println!(
            "  {label:<28} {:>6.2} s  ({:>5.2} s)  {:>6.0} MiB/s",
            secs(median),
            secs(best),
            rate(total, median)
        );
    }
    println!(
        "  dossier add / (openssl + cp): median {:.2}, best {:.2}",
        median(&add_times).as_secs_f64() / median(&both_times).as_secs_f64(),
        add_times
            .iter()
            .min()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            / both_times
                .iter()
                .min()
                .copied()
                .unwrap_or_default()
                .as_secs_f64()
    );

    println!(
        "  encrypted / plain dossier add: median {:.2}",
        median(&sealed_times).as_secs_f64() / median(&add_times).as_secs_f64()
    );

    println!("\npeak memory of dossier add on one file:");
    for size in [16 * MIB, 128 * MIB, 1024 * MIB] {
        let file = base.join(format!("single-{}.bin", size / MIB));
        write_random(&file, size, size);
        let case = base.join("mem.dossier");
        run(Command::new(DOSSIER).arg("init").arg(&case));
        let (elapsed, max_rss_kib) = measured(&[
            DOSSIER,
            "add",
            &case.display().to_string(),
            &file.display().to_string(),
        ]);
        println!(
            "  {:>5} MiB file: peak RSS {:>6.1} MiB, {:>6.2} s",
            size / MIB,
            max_rss_kib as f64 / 1024.0,
            secs(elapsed)
        );
        let _ = fs::remove_dir_all(&case);
        let _ = fs::remove_file(&file);
    }
    let _ = fs::remove_dir_all(&base);
}

/// Writes `size` pseudo-random (incompressible) bytes.
fn write_random(path: &Path, size: u64, seed: u64) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let mut file = std::io::BufWriter::with_capacity(
        4 * MIB as usize,
        fs::File::create(path).expect("create"),
    );
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut chunk = vec![0u8; MIB as usize];
    let mut left = size;
    while left > 0 {
        for word in chunk.chunks_exact_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes());
        }
        let n = left.min(MIB) as usize;
        file.write_all(&chunk[..n]).expect("write");
        left -= n as u64;
    }
    file.flush().expect("flush");
}

fn sh(script: &str) {
    run(Command::new("sh").arg("-c").arg(script));
}

fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    run(cmd.stdout(std::process::Stdio::null()));
    start.elapsed()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let n = sorted.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn rate(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / MIB as f64 / d.as_secs_f64()
}
