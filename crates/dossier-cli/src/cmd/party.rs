//! `dossier party`: numbers and accounts labelled, named and grouped, or listed.

use crate::i18n::Lang;
use crate::{Exit, default_actor, fail, json, open_case};
use clap::{Args, Subcommand};
use dossier_core::CaseError;
use dossier_core::clock::Clock;
use dossier_core::people::party::{Basis, Role};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PartyArgs {
    /// The case folder.
    pub case: PathBuf,
    #[command(subcommand)]
    pub action: PartyAction,
}

#[derive(Debug, Subcommand)]
pub enum PartyAction {
    /// Label a number or account, name it, or put it in a group.
    Set {
        /// A phone number (any common form) or an account.
        #[arg(allow_hyphen_values = true)]
        who: String,
        /// What the party is to the case.
        #[arg(long, value_parser = crate::args::words_of!(Role::ALL, Role::parse))]
        role: Option<Role>,
        /// A name for the party.
        #[arg(long)]
        name: Option<String>,
        /// The collector or agency this number belongs to.
        #[arg(long)]
        group: Option<String>,
        /// Why the label is true: user (you say so), signature (its SMS are signed 【…】),
        /// caller (the caller said so), regulator (a regulator's or the lender's written reply).
        #[arg(long, value_parser = crate::args::words_of!(Basis::ALL, Basis::parse))]
        basis: Option<Basis>,
        /// Where the basis is found, in your words: "SMS of 3 March", "call of 5 March, 21:10".
        #[arg(long, requires = "basis")]
        source: Option<String>,
    },
    /// List the parties with their event counts.
    List {
        /// Print the documented JSON schema (dossier.parties/1) instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn party_cmd(lang: Lang, clock: &dyn Clock, a: PartyArgs) -> Exit {
    use dossier_core::people::party::{self, PartyUpdate};
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    match a.action {
        PartyAction::Set {
            who,
            role,
            name,
            group,
            basis,
            source,
        } => {
            if role.is_none() && name.is_none() && group.is_none() && basis.is_none() {
                fail(lang.party_nothing_to_set());
                return Exit::BadInput;
            }
            let update = PartyUpdate {
                role,
                name: name.filter(|n| !n.trim().is_empty()),
                group: group.filter(|g| !g.trim().is_empty()),
                basis: basis.map(|b| party::LabelBasis {
                    basis: b,
                    source: source.filter(|s| !s.trim().is_empty()),
                }),
            };
            match party::set(&mut case, &who, &update, clock, &default_actor()) {
                Ok(row) => {
                    say!("{}", lang.party_line(&row));
                    Exit::Success
                }
                Err(e) => {
                    fail(lang.party_error(&e));
                    Exit::BadInput
                }
            }
        }
        PartyAction::List { json } => {
            let rows = match party::list(&case) {
                Ok(rows) => rows,
                Err(e) => {
                    fail(lang.case_error(&CaseError::Sqlite {
                        context: "reading the parties",
                        source: e,
                    }));
                    return Exit::Integrity;
                }
            };
            if json {
                println!("{}", json::parties(&rows));
            } else if rows.is_empty() {
                say!("{}", lang.parties_empty());
            } else {
                for row in &rows {
                    say!("{}", lang.party_line(row));
                }
            }
            // The written requests to stop, which bind these parties.
            if !json {
                match dossier_core::people::cease::list(case.conn()) {
                    Ok(requests) => {
                        for r in &requests {
                            say!("{}", lang.cease_line(r));
                        }
                    }
                    Err(e) => {
                        fail(lang.case_error(&CaseError::Sqlite {
                            context: "reading the requests to stop",
                            source: e,
                        }));
                        return Exit::Integrity;
                    }
                }
            }
            Exit::Success
        }
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("party", "", "标注、命名、归组号码和账号，或列出当事方"),
    ("party", "case", "案件文件夹"),
    ("party set", "", "标注号码或账号的身份、名称或所属机构"),
    ("party set", "who", "电话号码（常见写法均可）或账号"),
    ("party set", "role", "该当事方在案件中的身份"),
    ("party set", "name", "当事方的名称"),
    ("party set", "group", "该号码所属的催收机构或贷款机构"),
    (
        "party set",
        "basis",
        "标注的依据：user（你自己说明）、signature（短信署名【…】）、caller（来电者自称）、regulator（监管部门或放贷机构的书面答复）",
    ),
    (
        "party set",
        "source",
        "依据出自哪里，用你自己的话写：“3月3日的短信”“3月5日21:10的来电”",
    ),
    ("party list", "", "列出当事方及其事件数"),
    (
        "party list",
        "json",
        "输出有文档的 JSON 格式（dossier.parties/1），而不是文字",
    ),
];
