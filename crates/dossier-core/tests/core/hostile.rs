//! A bounded fuzz run on stable Rust, part of every test run: the hostile
//! corpus (`tests/hostile/`: among them an sms.db with a generated text
//! column, one whose `handle` has a ROWID-named column, a CSV whose quote
//! never closes) and valid inputs made by `synth`, each mutated
//! a few hundred times (bytes flipped, cut, repeated, spliced), fed to every
//! parser that reads what someone else made. Each must answer with a value
//! or an error; a panic fails the test. Longer runs, coverage-guided, are
//! `scripts/fuzz` (cargo-fuzz).

use crate::support::Fixture;
use dossier_core::import::{self, Format, ImportOptions};
use dossier_core::synth::{self, Rng};
use std::path::PathBuf;

/// Mutations of each seed.
const ROUNDS: usize = 400;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&corpus)
        .expect("tests/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x != "py"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    seeds.sort();
    let mut rng = Rng(5);
    seeds.push(("screenshot.png".into(), synth::screenshot(&mut rng)));
    seeds.push((
        "photo.jpg".into(),
        synth::photo(&mut rng, "2026:03:05 21:03:11", Some("+08:00")),
    ));
    let mut calls = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"3\">\n",
    );
    for i in 0..3 {
        calls.push_str(&format!(
            "  <call number=\"170 5551 102{i}\" duration=\"{i}\" date=\"177271579100{i}\" type=\"{}\" presentation=\"1\" contact_name=\"(Unknown)\" />\n",
            i + 1
        ));
    }
    calls.push_str("</calls>\n");
    seeds.push(("calls.xml".into(), calls.into_bytes()));
    // A call list through the generic mapping: quotes, a quoted line
    // break and Chinese text for the bounded CSV reader to be mutated on
    // (the corpus adds one whose quote never closes).
    seeds.push((
        "calls.csv".into(),
        "time,number,direction,duration\n2026-03-05 21:03:11,\"170 5551 1020\",in,5\n\
         2026-03-05 21:04:00,17055511021,\"out\",\"1分2秒\"\n2026-03-05 21:05:00,\"\"\"1705\n551\",missed,0\n"
            .as_bytes()
            .to_vec(),
    ));
    seeds.push((
        "wechat.csv".into(),
        "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n\
         1,1,1,0,0,1772715791,2,今天必须还款,2026-03-05 21:03:11,,催收,wxid_a\n"
            .as_bytes()
            .to_vec(),
    ));
    seeds
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len().max(1) as u64;
        let at = rng.below(len) as usize;
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.truncate(at),
            2 => {
                let end = (at + 1 + rng.below(64) as usize).min(out.len());
                let piece = out[at.min(end)..end].to_vec();
                for _ in 0..rng.below(50) {
                    let at = at.min(out.len());
                    out.splice(at..at, piece.iter().copied());
                }
            }
            3 => {
                let byte = *rng.pick(&[0u8, 0xFF, b'<', b'>', b'&', b'"', b',', b'\n', 0x80]);
                out.insert(at.min(out.len()), byte);
            }
            _ => {
                let from = rng.below(len) as usize;
                let end = (from + rng.below(256) as usize).min(out.len());
                let piece = out[from.min(end)..end].to_vec();
                let at = at.min(out.len());
                out.splice(at..at, piece);
            }
        }
    }
    out
}

/// A sealed export (age) and a sealed blob, as someone else may have made
/// them: read to the end or refused.
fn read_sealed(bytes: &[u8]) {
    use dossier_core::export::age::AgeReader;
    use std::io::Read;
    let pass = dossier_core::case::crypto::Passphrase::new("mutant passphrase".into());
    if let Ok(mut r) = AgeReader::with_limit(&pass, bytes, 4) {
        let _ = r.read_to_end(&mut Vec::new());
    }
    let key = sealing_key();
    let mut opener = dossier_core::case::crypto::Opener::new(key, b"dossier blob", bytes);
    let _ = opener.read_to_end(&mut Vec::new());
}

fn sealing_key() -> &'static dossier_core::case::crypto::DataKey {
    static KEY: std::sync::OnceLock<dossier_core::case::crypto::DataKey> =
        std::sync::OnceLock::new();
    KEY.get_or_init(|| dossier_core::case::crypto::DataKey::generate().expect("key"))
}

/// Valid sealed inputs to mutate: an age file and a sealed stream.
fn sealed_seeds() -> Vec<(String, Vec<u8>)> {
    use std::io::Write;
    let pass = dossier_core::case::crypto::Passphrase::new("mutant passphrase".into());
    let plain = dossier_core::synth::bytes(3, 70_000);
    let mut w = dossier_core::export::age::AgeWriter::new(&pass, 2, Vec::new()).expect("age");
    w.write_all(&plain).expect("write");
    let age = w.finish().expect("finish");
    let mut sealed = Vec::new();
    dossier_core::case::crypto::seal(sealing_key(), b"dossier blob", &plain[..], &mut sealed)
        .expect("seal");
    vec![("age".into(), age), ("sealed".into(), sealed)]
}

#[test]
fn mutated_inputs_end_in_a_value_or_an_error_in_every_parser() {
    let f = Fixture::new();
    let formats = [
        None,
        Some(Format::AndroidCalls),
        Some(Format::AndroidSms),
        Some(Format::WeChatCsv),
        Some(Format::Csv),
        Some(Format::IosSms),
        Some(Format::IosCalls),
    ];
    let input = f.dir.path().join("mutant");
    let mut rng = Rng(2026);
    let mut runs = 0usize;
    for (name, seed) in seeds().into_iter().chain(sealed_seeds()) {
        for round in 0..ROUNDS {
            let bytes = mutate(&mut rng, &seed);
            std::fs::write(&input, &bytes).expect("write");
            let what = format!("{name}, mutation {round}");
            let format = formats[round % formats.len()];
            let options = ImportOptions {
                format,
                ..ImportOptions::default()
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _ = import::preview(&f.case, &input, &options, 20);
                let _ = dossier_core::export::bundle::verify(&input);
                let _ =
                    dossier_core::evidence::capture::exif_time(&input, &jiff::tz::TimeZone::UTC);
                let _ = dossier_core::evidence::capture::media_info(&input, None);
                let _ = dossier_core::evidence::thumb::make(std::io::Cursor::new(&bytes), "mutant");
                read_sealed(&bytes);
            }));
            if outcome.is_err() {
                let kept = std::env::temp_dir().join(format!("dossier-mutant-{name}-{round}"));
                let _ = std::fs::write(&kept, &bytes);
                panic!("{what} panicked (bytes kept in {})", kept.display());
            }
            runs += 1;
        }
    }
    eprintln!("stable fuzz: {runs} mutated inputs through every parser");
    // Nothing was stored by any of it.
    let (items, events, _) = dossier_core::query::list::counts(&f.case).expect("counts");
    assert_eq!((items, events), (0, 0));
}
