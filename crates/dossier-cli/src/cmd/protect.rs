//! `dossier passphrase`, `encrypt` and `decrypt`: a case's protection changed.

use crate::*;
use clap::Args;
use dossier_core::case::convert::Protection;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// The encrypted case folder. The old passphrase is asked for (or read from DOSSIER_PASSPHRASE), then the new one twice (or read from DOSSIER_NEW_PASSPHRASE).
    pub case: PathBuf,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The case folder; it must not be open in the app or another command.
    pub case: PathBuf,
}

/// A new passphrase when `wanted` (from `vars`, or typed twice).
pub(crate) fn new_passphrase_if(
    lang: Lang,
    wanted: bool,
    vars: &[&'static str],
) -> Result<Option<dossier_core::case::crypto::Passphrase>, Exit> {
    if !wanted {
        return Ok(None);
    }
    secret::new(lang, vars).map(Some).map_err(|m| {
        fail(m.message(lang));
        Exit::BadInput
    })
}

/// `dossier passphrase CASE`: the same data key under a new passphrase.
pub(crate) fn passphrase_cmd(lang: Lang, clock: &dyn Clock, a: PassphraseArgs) -> Exit {
    if !Case::is_encrypted(&a.case) {
        let e = match Case::open(&a.case) {
            Ok(_) => CaseError::NotEncrypted {
                path: a.case.clone(),
            },
            Err(e) => e,
        };
        fail(lang.case_error(&e));
        return Exit::BadInput;
    }
    let old = match secret::existing(lang, &a.case.display().to_string()) {
        Ok(p) => p,
        Err(m) => {
            fail(m.message(lang));
            return Exit::BadInput;
        }
    };
    // A wrong passphrase is refused before the new one is asked for twice.
    match Case::open_with(&a.case, Some(&old)) {
        Ok(case) => drop(case),
        Err(e) => {
            fail(lang.case_error(&e));
            return Exit::BadInput;
        }
    };
    let new = match secret::new(lang, &[secret::NEW_PASSPHRASE_VAR]) {
        Ok(p) => p,
        Err(m) => {
            fail(m.message(lang));
            return Exit::BadInput;
        }
    };
    let protection = Protection::Rekey { current: old, new };
    let mut silent = dossier_core::progress::Silent;
    match dossier_core::case::convert::convert(
        &a.case,
        &protection,
        clock,
        &default_actor(),
        &mut silent,
    ) {
        Ok(_) => {
            say!("{}", lang.passphrase_changed(&a.case.display().to_string()));
            Exit::Success
        }
        Err(e) => {
            fail(lang.case_error(&e));
            Exit::BadInput
        }
    }
}

/// `dossier encrypt CASE` and `dossier decrypt CASE`.
pub(crate) fn convert_cmd(lang: Lang, clock: &dyn Clock, a: ConvertArgs, encrypt: bool) -> Exit {
    use dossier_core::case::convert;
    let case = a.case.display().to_string();
    let passphrase = if encrypt {
        if Case::is_encrypted(&a.case) {
            fail(lang.case_error(&CaseError::AlreadyEncrypted {
                path: a.case.clone(),
            }));
            return Exit::BadInput;
        }
        secret::new(lang, &[secret::PASSPHRASE_VAR, secret::NEW_PASSPHRASE_VAR])
    } else {
        if !Case::is_encrypted(&a.case) {
            fail(lang.case_error(&CaseError::NotEncrypted {
                path: a.case.clone(),
            }));
            return Exit::BadInput;
        }
        secret::existing(lang, &case)
    };
    let passphrase = match passphrase {
        Ok(p) => p,
        Err(m) => {
            fail(m.message(lang));
            return Exit::BadInput;
        }
    };
    let mut bar = progress::Bar::default();
    let actor = default_actor();
    let protection = if encrypt {
        Protection::Encrypt { new: passphrase }
    } else {
        Protection::Decrypt {
            current: passphrase,
        }
    };
    let done = convert::convert(&a.case, &protection, clock, &actor, &mut bar);
    match done {
        Ok(c) => {
            say!("{}", lang.converted(&case, &c, &human_size(c.bytes)));
            Exit::Success
        }
        Err(e) => {
            fail(lang.case_error(&e));
            match e {
                CaseError::Damaged { .. } | CaseError::KeyDamaged { .. } => Exit::Integrity,
                _ => Exit::BadInput,
            }
        }
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("passphrase", "", "更改加密案件的口令（不会重写任何原件）"),
    ("encrypt", "", "就地加密一个未加密的案件，使用新口令"),
    (
        "encrypt",
        "case",
        "案件文件夹；不能同时在应用或其他命令中打开",
    ),
    ("decrypt", "", "就地解密加密案件：原件重新以明文保存"),
    (
        "decrypt",
        "case",
        "案件文件夹；不能同时在应用或其他命令中打开",
    ),
    (
        "passphrase",
        "case",
        "加密的案件文件夹。先询问旧口令（或读取 DOSSIER_PASSPHRASE），再输入两次新口令（或读取 DOSSIER_NEW_PASSPHRASE）",
    ),
];
