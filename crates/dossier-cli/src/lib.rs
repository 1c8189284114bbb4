//! The `dossier` command: parses arguments, calls dossier-core, and prints
//! human sentences (in the user's language) or the documented JSON. Exit
//! codes follow the contract in README.md ("Using it"): 0 success; 1 partial (some inputs failed, the rest
//! stored); 2 usage or bad input, nothing stored; 3 integrity failure.

mod args;
mod help;
/// The words, shared with the app.
pub use dossier_core::words as i18n;
mod json;
mod progress;
mod secret;
mod shown;

/// `println!` for human output: text from outside (file names, notes,
/// messages from imports) made safe for the terminal ([`shown::text`]).
/// JSON output is printed with `println!` as is.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::shown::text(&format!($($arg)*)))
    };
}

/// `writeln!` for human output, as [`say!`].
macro_rules! say_to {
    ($out:expr, $($arg:tt)*) => {
        writeln!($out, "{}", $crate::shown::text(&format!($($arg)*)))
    };
}

mod cmd;
use cmd::*;

use args::{Cli, Command};
use dossier_core::case::verify;
use dossier_core::clock::{Clock, FixedClock, SystemClock, parse_utc};
use dossier_core::evidence::ingest::{AddOptions, Outcome, Recursion};
use dossier_core::evidence::note::{Channel, NoteInput};
use dossier_core::query::list;
use dossier_core::{Case, CaseError, InitOptions, Rules, analysis};
use i18n::Lang;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Exit statuses of the CLI contract (README.md, "Using it").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Partial = 1,
    BadInput = 2,
    Integrity = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Runs the program with the process's arguments.
pub fn main() -> ExitCode {
    let lang = Lang::from_env();
    let command = help::localize_help(<Cli as clap::CommandFactory>::command(), lang);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| <Cli as clap::FromArgMatches>::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let clock = clock_from_env();
    let clock: &dyn Clock = match &clock {
        Ok(Some(fixed)) => fixed,
        Ok(None) => &SystemClock,
        Err(message) => {
            eprintln!("dossier: {message}");
            return Exit::BadInput.into();
        }
    };
    let exit = match cli.command {
        Command::Init(a) => init(lang, clock, a),
        Command::Add(a) => add(lang, clock, a),
        Command::Note(a) => note(lang, clock, a),
        Command::List(a) => list_cmd(lang, a),
        Command::Verify(a) => verify_cmd(lang, a),
        Command::Import(a) => import_cmd(lang, clock, a),
        Command::Timeline(a) => timeline_cmd(lang, a),
        Command::Party(a) => party_cmd(lang, clock, a),
        Command::Set(a) => set_cmd(lang, clock, a),
        Command::Check(a) => check_cmd(lang, a),
        Command::Stats(a) => stats_cmd(lang, a),
        Command::Export(a) => export_cmd(lang, clock, a),
        Command::Demo(a) => demo(lang, clock, a),
        Command::Passphrase(a) => passphrase_cmd(lang, clock, a),
        Command::Encrypt(a) => convert_cmd(lang, clock, a, true),
        Command::Decrypt(a) => convert_cmd(lang, clock, a, false),
    };
    exit.into()
}

/// `DOSSIER_NOW` fixes the clock (RFC 3339), for reproducible output and tests.
fn clock_from_env() -> Result<Option<FixedClock>, String> {
    match std::env::var("DOSSIER_NOW") {
        Ok(text) if !text.is_empty() => parse_utc(&text).map(|ts| Some(FixedClock(ts))).ok_or_else(
            || {
                format!(
                    "DOSSIER_NOW={text:?} is not an RFC 3339 instant such as 2026-03-05T13:00:00Z"
                )
            },
        ),
        _ => Ok(None),
    }
}

/// Who the audit log names when no contributor is given: the system user.
pub use dossier_core::case::audit::default_actor;

fn fail(message: impl AsRef<str>) {
    eprintln!("dossier: {}", shown::text(message.as_ref()));
}

fn open_case(lang: Lang, path: &Path) -> Result<Case, Exit> {
    open_unlocked(lang, path).map_err(|e| {
        let exit = match &e {
            Unopened::Case(CaseError::Damaged { .. } | CaseError::KeyDamaged { .. }) => {
                Exit::Integrity
            }
            _ => Exit::BadInput,
        };
        fail(e.message(lang));
        exit
    })
}

/// Why a case did not open: the case itself, or no passphrase to open it.
enum Unopened {
    Case(CaseError),
    Passphrase(secret::Missing),
}

impl Unopened {
    fn message(&self, lang: Lang) -> String {
        match self {
            Unopened::Case(e) => lang.case_error(e),
            Unopened::Passphrase(m) => m.message(lang),
        }
    }
}

/// Opens a case, asking for its passphrase when it is encrypted.
fn open_unlocked(lang: Lang, path: &Path) -> Result<Case, Unopened> {
    // Opening may upgrade a case made by an older version, with an audit
    // entry dated by this clock.
    let fixed = clock_from_env().ok().flatten();
    let clock: &dyn dossier_core::Clock = match &fixed {
        Some(c) => c,
        None => &dossier_core::SystemClock,
    };
    if !Case::is_encrypted(path) {
        return Case::open_at(path, None, clock).map_err(Unopened::Case);
    }
    let passphrase =
        secret::existing(lang, &path.display().to_string()).map_err(Unopened::Passphrase)?;
    Case::open_at(path, Some(&passphrase), clock).map_err(Unopened::Case)
}

/// `2026-03-05 21:03:11 +08:00` in the given zone.
fn local_time(ts: Timestamp, zone: &TimeZone) -> String {
    ts.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

/// A byte count for people: `812 B`, `22.4 KiB`, `1.3 GiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
