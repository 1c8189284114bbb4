//! Passphrases on the command line: from the environment when a script set
//! one (`DOSSIER_PASSPHRASE`, and `DOSSIER_NEW_PASSPHRASE` for a new one),
//! otherwise asked for on the terminal with echo off. A passphrase is never
//! taken from an argument: arguments are visible to every user of the
//! machine in the process list and are kept in shell history.

use crate::i18n::Lang;
use dossier_core::case::crypto::Passphrase;
use std::io;

/// The environment variable holding the passphrase of the case.
pub const PASSPHRASE_VAR: &str = "DOSSIER_PASSPHRASE";
/// The environment variable holding a new passphrase (`init --encrypt`
/// also accepts [`PASSPHRASE_VAR`]).
pub const NEW_PASSPHRASE_VAR: &str = "DOSSIER_NEW_PASSPHRASE";

/// The environment variable holding the passphrase a sealed export is
/// sealed with (`export --seal`).
pub const EXPORT_PASSPHRASE_VAR: &str = "DOSSIER_EXPORT_PASSPHRASE";

/// Why no passphrase could be had.
#[derive(Debug)]
pub enum Missing {
    /// No variable set and no terminal to ask on.
    NoTerminal {
        var: &'static str,
    },
    /// The two entries of a new passphrase differ.
    Mismatch,
    Io(io::Error),
}

impl Missing {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Missing::NoTerminal { var }, Lang::Zh) => {
                format!("这是加密案件，需要口令：请在终端中运行，或设置环境变量 {var}")
            }
            (Missing::NoTerminal { var }, Lang::En) => format!(
                "this needs a passphrase: run it in a terminal, or set the environment variable {var}"
            ),
            (Missing::Mismatch, Lang::Zh) => "两次输入的口令不一致；未做任何修改".to_owned(),
            (Missing::Mismatch, Lang::En) => {
                "the two passphrases typed differ; nothing was changed".to_owned()
            }
            (Missing::Io(e), Lang::Zh) => format!("无法读取口令：{e}"),
            (Missing::Io(e), Lang::En) => format!("could not read the passphrase: {e}"),
        }
    }
}

/// The passphrase of an existing case: `DOSSIER_PASSPHRASE`, or asked once.
pub fn existing(lang: Lang, case: &str) -> Result<Passphrase, Missing> {
    existing_from(lang, case, &[PASSPHRASE_VAR])
}

/// The passphrase of `what`: the first of `vars` that is set, or asked once.
pub fn existing_from(lang: Lang, case: &str, vars: &[&'static str]) -> Result<Passphrase, Missing> {
    if let Some(p) = vars.iter().find_map(|v| from_env(v)) {
        return Ok(p);
    }
    let prompt = match lang {
        Lang::Zh => format!("{case} 的口令："),
        Lang::En => format!("Passphrase for {case}: "),
    };
    let var = vars.first().copied().unwrap_or(PASSPHRASE_VAR);
    ask(&prompt).map_err(|e| missing(e, var))
}

/// A new passphrase: from `var` (or, for a new case, `DOSSIER_PASSPHRASE`),
/// or typed twice.
pub fn new(lang: Lang, vars: &[&'static str]) -> Result<Passphrase, Missing> {
    if let Some(p) = vars.iter().find_map(|v| from_env(v)) {
        return Ok(p);
    }
    let (first, again) = match lang {
        Lang::Zh => (
            "设置新口令（至少 8 个字符；忘记口令将无法打开案件）：",
            "再输入一次：",
        ),
        Lang::En => (
            "New passphrase (8 characters or more; without it the case cannot be opened): ",
            "Type it again: ",
        ),
    };
    let var = vars.first().copied().unwrap_or(PASSPHRASE_VAR);
    let one = ask(first).map_err(|e| missing(e, var))?;
    let two = ask(again).map_err(|e| missing(e, var))?;
    if one != two {
        return Err(Missing::Mismatch);
    }
    Ok(one)
}

fn from_env(var: &str) -> Option<Passphrase> {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Passphrase::new)
}

fn missing(e: io::Error, var: &'static str) -> Missing {
    if e.kind() == io::ErrorKind::NotFound {
        Missing::NoTerminal { var }
    } else {
        Missing::Io(e)
    }
}

/// Asks on the controlling terminal with echo off; `NotFound` when there
/// is none.
#[cfg(unix)]
fn ask(prompt: &str) -> io::Result<Passphrase> {
    use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
    use std::io::{BufRead, Write};
    use zeroize::Zeroize;
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| io::Error::new(io::ErrorKind::NotFound, "no terminal"))?;
    let saved = tcgetattr(&tty).map_err(io::Error::from)?;
    let mut quiet = saved.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    quiet.local_modes.insert(LocalModes::ECHONL);
    // Echo goes off before the prompt shows: an answer typed once the
    // prompt is there is never echoed, nor thrown away with the typeahead.
    tcsetattr(&tty, OptionalActions::Flush, &quiet).map_err(io::Error::from)?;
    let shown = (&tty)
        .write_all(prompt.as_bytes())
        .and_then(|()| (&tty).flush());
    if let Err(e) = shown {
        let _ = tcsetattr(&tty, OptionalActions::Now, &saved);
        return Err(e);
    }
    let mut line = String::new();
    let read = io::BufReader::new(&tty).read_line(&mut line);
    let restored = tcsetattr(&tty, OptionalActions::Now, &saved).map_err(io::Error::from);
    read?;
    restored?;
    let text = line.trim_end_matches(['\n', '\r']).to_owned();
    line.zeroize();
    Ok(Passphrase::new(text))
}

#[cfg(not(unix))]
fn ask(_prompt: &str) -> io::Result<Passphrase> {
    Err(io::Error::new(io::ErrorKind::NotFound, "no terminal"))
}
