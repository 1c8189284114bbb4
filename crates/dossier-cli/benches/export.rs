//! Export benchmark: `dossier export` of a case with 500 screenshots (JPEG
//! and PNG, 300–800 KB each) and 50,000 events, with the time, the peak
//! memory and the PDF's size against the images'. Targets (issue 5): under
//! 15 s, under 500 MB, and a PDF no larger than 1.1 × the images + 2 MB.
//!
//! Run with `cargo bench -p dossier-cli --bench export`. It prints figures;
//! it asserts nothing about time.

mod common;

use common::{measured, run};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");
const T0: i64 = 1_772_300_000_000;

fn main() {
    if common::is_measuring_child() {
        return;
    }
    let base = common::fresh_dir("dossier-export-bench");
    let shots = base.join("screenshots");
    fs::create_dir_all(&shots).expect("dir");
    let mut state = 0x1234_5678_9ABC_DEF1_u64;
    let mut images_bytes = 0u64;
    for i in 0..500u32 {
        let r = next(&mut state);
        // Noise does not compress: each file is about the size asked for.
        let target = 300_000 + (r % 500_000) as usize;
        let bytes = if i % 2 == 0 {
            jpeg(target, &mut state)
        } else {
            png(target, &mut state)
        };
        images_bytes += bytes.len() as u64;
        let ext = if i % 2 == 0 { "jpg" } else { "png" };
        fs::write(shots.join(format!("Screenshot_{i:03}.{ext}")), bytes).expect("write");
    }
    let case = base.join("bench.dossier");
    let case_arg = case.display().to_string();
    run(Command::new(DOSSIER).arg("init").arg(&case));
    run(Command::new(DOSSIER)
        .args(["add", &case_arg, "-r"])
        .arg(&shots));
    let calls = base.join("calls.xml");
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"49500\">\n",
    );
    for i in 0..49_500i64 {
        let _ = writeln!(
            xml,
            "  <call number=\"+86 170 5551 {:04}\" duration=\"{}\" date=\"{}\" type=\"{}\" presentation=\"1\" contact_name=\"(Unknown)\" />",
            1000 + i % 60,
            i % 200,
            T0 + i * 97_000,
            1 + i % 3
        );
    }
    xml.push_str("</calls>\n");
    fs::write(&calls, xml).expect("calls");
    run(Command::new(DOSSIER).arg("import").arg(&case).arg(&calls));
    for n in 0..40 {
        run(Command::new(DOSSIER).args([
            "party",
            &case_arg,
            "set",
            &format!("+86 170 5551 {:04}", 1000 + n),
            "--role",
            "collector",
            "--group",
            "青禾借款",
        ]));
    }
    println!(
        "case: 500 screenshots ({:.1} MiB), 50,000 events",
        images_bytes as f64 / (1 << 20) as f64
    );
    for round in 1..=2 {
        let pdf = base.join(format!("dossier-{round}.pdf"));
        let (elapsed, rss) = measured(&[
            DOSSIER,
            "export",
            &case_arg,
            "--pdf",
            &pdf.display().to_string(),
        ]);
        let size = fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
        let limit = images_bytes as f64 * 1.1 + 2.0 * (1 << 20) as f64;
        println!(
            "  round {round}: {:.2} s, peak RSS {:.0} MiB, PDF {:.1} MiB (limit {:.1} MiB: 1.1 × images + 2 MiB), {} pages",
            elapsed.as_secs_f64(),
            rss as f64 / 1024.0,
            size as f64 / (1 << 20) as f64,
            limit / (1 << 20) as f64,
            pages(&pdf)
        );
    }
    let _ = fs::remove_dir_all(&base);
}

fn pages(pdf: &Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_owned()))
        })
        .unwrap_or_else(|| "?".into())
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A noisy JPEG of about `target` bytes.
fn jpeg(target: usize, state: &mut u64) -> Vec<u8> {
    // About 1.9 bytes per pixel at quality 92 for noise.
    let side = ((target as f64 / 1.9).sqrt() as u16).max(64);
    let pixels: Vec<u8> = (0..usize::from(side) * usize::from(side) * 3)
        .map(|_| (next(state) >> 24) as u8)
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 92)
        .encode(&pixels, side, side, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    out
}

/// A noisy PNG of about `target` bytes (stored, not deflated).
fn png(target: usize, state: &mut u64) -> Vec<u8> {
    let w = 480u32;
    let h = (target / (w as usize * 3 + 1)).max(16) as u32;
    let mut raw = Vec::with_capacity((w as usize * 3 + 1) * h as usize);
    for _ in 0..h {
        raw.push(0);
        raw.extend((0..w * 3).map(|_| (next(state) >> 24) as u8));
    }
    dossier_core::synth::png(w, h, &raw)
}
