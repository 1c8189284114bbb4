//! `dossier init`: a new case folder.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The case folder to create (conventionally NAME.dossier).
    pub case: PathBuf,
    /// The case title; defaults to the folder's name.
    #[arg(long)]
    pub title: Option<String>,
    /// The rule pack the case is judged under.
    #[arg(long, default_value = "cn", value_parser = crate::args::words_of!(Rules::ALL, Rules::parse))]
    pub rules: Rules,
    /// Display time zone (IANA name); defaults to Asia/Shanghai for cn, America/New_York for us.
    #[arg(long)]
    pub tz: Option<String>,
    /// Encrypt the case under a passphrase, asked for on the terminal (or read from DOSSIER_PASSPHRASE).
    #[arg(long)]
    pub encrypt: bool,
    /// The borrower's paydays, as days of the month: 15, or 10,25.
    #[arg(long)]
    pub paydays: Option<String>,
}

pub(crate) fn init(lang: Lang, clock: &dyn Clock, a: InitArgs) -> Exit {
    let rules = a.rules;
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

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("init", "", "创建新的案件文件夹"),
    (
        "init",
        "case",
        "要创建的案件文件夹（习惯上命名为 名字.dossier）",
    ),
    ("init", "title", "案件标题；默认为文件夹名"),
    (
        "init",
        "paydays",
        "借款人的发薪日（每月几号）：15，或 10,25",
    ),
    ("init", "rules", "适用的规则包：cn（中国）或 us（美国）"),
    (
        "init",
        "tz",
        "显示时区（IANA 名称）；cn 默认 Asia/Shanghai，us 默认 America/New_York",
    ),
    (
        "init",
        "encrypt",
        "用口令加密案件；口令在终端输入（或从环境变量 DOSSIER_PASSPHRASE 读取）",
    ),
];
