//! Any bytes, read as each import format in turn through the import
//! preview (which stores nothing): every outcome must be a preview or an
//! error, never a panic, a hang or unbounded memory.
#![no_main]

use dossier_core::import::{self, Format, ImportOptions};
use dossier_core::{Case, InitOptions, SystemClock};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

struct World {
    _dir: tempfile::TempDir,
    case: Case,
    input: std::path::PathBuf,
}

fn world() -> &'static Mutex<World> {
    static WORLD: OnceLock<Mutex<World>> = OnceLock::new();
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let case = Case::init(
            &dir.path().join("c.dossier"),
            &InitOptions::default(),
            &SystemClock,
            "fuzz",
        )
        .expect("a case");
        let input = dir.path().join("input");
        Mutex::new(World {
            _dir: dir,
            case,
            input,
        })
    })
}

const FORMATS: [Option<Format>; 7] = [
    None,
    Some(Format::AndroidCalls),
    Some(Format::AndroidSms),
    Some(Format::WeChatCsv),
    Some(Format::Csv),
    Some(Format::IosCalls),
    Some(Format::IosSms),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let world = world().lock().expect("lock");
    std::fs::write(&world.input, bytes).expect("write input");
    let options = ImportOptions {
        format: FORMATS[usize::from(pick) % FORMATS.len()],
        ..ImportOptions::default()
    };
    let _ = import::preview(&world.case, &world.input, &options, 20);
});
