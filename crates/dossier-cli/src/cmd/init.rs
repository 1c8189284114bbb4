//! `dossier init`: a new case folder.

use crate::*;

pub(crate) fn init(lang: Lang, clock: &dyn Clock, a: args::InitArgs) -> Exit {
    let rules = match a.rules {
        RulesArg::Cn => Rules::Cn,
        RulesArg::Us => Rules::Us,
    };
    let vars = [secret::PASSPHRASE_VAR, secret::NEW_PASSPHRASE_VAR];
    let passphrase = match new_passphrase_if(lang, a.encrypt, &vars) {
        Ok(passphrase) => passphrase,
        Err(exit) => return exit,
    };
    let encrypted = passphrase.is_some();
    let paydays = match a
        .paydays
        .as_deref()
        .map(dossier_core::people::payday::parse)
    {
        None => Vec::new(),
        Some(Ok(days)) => days,
        Some(Err(e)) => {
            fail(lang.payday_error(&e));
            return Exit::BadInput;
        }
    };
    let options = InitOptions {
        title: a.title,
        rules,
        time_zone: a.tz,
        paydays,
        passphrase,
        ..InitOptions::default()
    };
    match Case::init(&a.case, &options, clock, &default_actor()) {
        Ok(case) => {
            let info = case.info();
            say!(
                "{}",
                lang.created(
                    &a.case.display().to_string(),
                    &info.title,
                    rules.as_str(),
                    &info.time_zone_name
                )
            );
            if encrypted {
                say!("{}", lang.created_encrypted());
            }
            if !options.paydays.is_empty() {
                say!("{}", lang.paydays_set(&options.paydays));
            }
            Exit::Success
        }
        Err(e) => {
            fail(lang.case_error(&e));
            Exit::BadInput
        }
    }
}
