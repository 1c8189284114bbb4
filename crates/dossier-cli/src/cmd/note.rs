//! `dossier note`: a typed account stored as an exhibit.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The case folder.
    pub case: PathBuf,
    /// What happened, in your own words.
    #[arg(long)]
    pub text: String,
    /// When it happened: 2026-03-05 21:30 (case time zone) or 2026-03-05T21:30:00+08:00.
    #[arg(long)]
    pub at: String,
    /// Who it involved: a phone number, an account or a name.
    #[arg(long)]
    pub party: Option<String>,
    /// What kind of contact it was.
    #[arg(long, default_value = "other", value_parser = crate::args::words_of!(Channel::NOTED, Channel::parse_noted))]
    pub channel: Channel,
    /// Who is giving this account.
    #[arg(long)]
    pub contributor: Option<String>,
    /// Whom it happened to: debtor, a number, an account or a labelled name; when absent, the contributor if they are a labelled party, else the debtor.
    #[arg(long)]
    pub reached: Option<String>,
}

pub(crate) fn note(lang: Lang, clock: &dyn Clock, a: NoteArgs) -> Exit {
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let info = case.info();
    let at = match dossier_core::when::parse(&a.at, &info.time_zone, &info.time_zone_name) {
        Ok(at) => at,
        Err(e) => {
            fail(lang.time_error(&e));
            return Exit::BadInput;
        }
    };
    let channel = a.channel;
    let input = NoteInput {
        text: a.text,
        at,
        channel,
        party: a.party.filter(|p| !p.trim().is_empty()),
        contributor: a.contributor.filter(|c| !c.trim().is_empty()),
        reached: a.reached.filter(|r| !r.trim().is_empty()),
    };
    match dossier_core::evidence::note::add_note(&mut case, &input, clock, &default_actor()) {
        Ok(stored) => {
            say!(
                "{}\n    SHA-256 {}",
                lang.note_stored(stored.exhibit, stored.duplicate),
                stored.sha256
            );
            Exit::Success
        }
        Err(e) => {
            fail(lang.note_error(&e));
            Exit::BadInput
        }
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("note", "", "保存一条文字记录（上门、凭记忆记下的来电等）"),
    ("note", "case", "案件文件夹"),
    ("note", "text", "用自己的话写下发生了什么"),
    (
        "note",
        "at",
        "发生时间：2026-03-05 21:30（按案件时区）或 2026-03-05T21:30:00+08:00",
    ),
    ("note", "party", "涉及的对方：电话号码、账号或姓名"),
    (
        "note",
        "channel",
        "联系方式：call 电话、message 短信/消息、visit 上门、letter 信件、post 公开发布、other 其他",
    ),
    ("note", "contributor", "提供这条记录的人"),
    (
        "note",
        "reached",
        "这件事发生在谁身上：debtor（借款人本人）、电话号码、账号或已标注的姓名；不填时，提供人是案件中已标注的当事人就算他/她，否则算借款人本人",
    ),
];
