//! `dossier set`: the borrower's paydays and written requests to stop.

use crate::i18n::Lang;
use crate::{Exit, default_actor, fail, open_case};
use clap::Args;
use dossier_core::clock::Clock;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The borrower's paydays, as days of the month: 15, or 10,25; "" clears them.
    #[arg(long)]
    pub paydays: Option<String>,
    /// Record the borrower's written request that this collector stop contacting them
    /// (a name or group of the case's collection parties), with --received.
    #[arg(long, value_name = "COLLECTOR")]
    pub cease: Option<String>,
    /// The day the collector received the written request: 2026-04-02, 2026年4月2日.
    #[arg(long, requires = "cease", conflicts_with = "withdraw")]
    pub received: Option<String>,
    /// How the receipt is known, in your words: "return receipt of 2 April".
    #[arg(long, requires = "received")]
    pub source: Option<String>,
    /// Take back the request to --cease COLLECTOR, recorded by mistake.
    #[arg(long, requires = "cease")]
    pub withdraw: bool,
}

pub(crate) fn set_cmd(lang: Lang, clock: &dyn Clock, a: SetArgs) -> Exit {
    use dossier_core::people::{cease, payday};
    if a.paydays.is_none() && a.cease.is_none() {
        fail(lang.set_nothing());
        return Exit::BadInput;
    }
    // Everything typed is read before the case is touched.
    let days = match a.paydays.as_deref().map(payday::parse).transpose() {
        Ok(days) => days,
        Err(e) => {
            fail(lang.payday_error(&e));
            return Exit::BadInput;
        }
    };
    let request = match (&a.cease, &a.received, a.withdraw) {
        (Some(collector), Some(received), false) => match cease::parse_received(received) {
            Ok(received) => Some(cease::CeaseRequest {
                collector: collector.clone(),
                received,
                source: a.source.clone(),
            }),
            Err(e) => {
                fail(lang.cease_error(&e));
                return Exit::BadInput;
            }
        },
        (Some(_), None, false) => {
            fail(lang.cease_needs_received());
            return Exit::BadInput;
        }
        _ => None,
    };
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    if let Some(days) = days {
        match payday::set(&mut case, &days, clock, &default_actor()) {
            Ok(days) => say!("{}", lang.paydays_set(&days)),
            Err(e) => {
                fail(lang.payday_error(&e));
                return Exit::BadInput;
            }
        }
    }
    let done = match (&a.cease, request) {
        (_, Some(request)) => cease::record(&mut case, &request, clock, &default_actor())
            .map(|r| say!("{}", lang.cease_recorded(&r))),
        (Some(collector), None) => cease::withdraw(&mut case, collector, clock, &default_actor())
            .map(|r| say!("{}", lang.cease_withdrawn(&r))),
        (None, None) => Ok(()),
    };
    match done {
        Ok(()) => Exit::Success,
        Err(e) => {
            fail(lang.cease_error(&e));
            match e {
                cease::CeaseError::Record(_) => Exit::Integrity,
                _ => Exit::BadInput,
            }
        }
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "set",
        "",
        "修改案件中关于借款人的记录：发薪日、书面停止联系要求",
    ),
    ("set", "case", "案件文件夹"),
    (
        "set",
        "paydays",
        "借款人的发薪日（每月几号）：15，或 10,25；\"\" 表示清除",
    ),
    (
        "set",
        "cease",
        "记录借款人要求该催收方停止联系的书面通知（填本案催收方的名称或所属机构），并用 --received 给出收到日期",
    ),
    (
        "set",
        "received",
        "催收方收到书面要求的日期：2026-04-02、2026年4月2日",
    ),
    (
        "set",
        "source",
        "怎么知道对方已收到，用你自己的话写：“4月2日的回执”",
    ),
    ("set", "withdraw", "撤回误记的对 --cease 催收方 的书面要求"),
];
