//! `dossier party`: numbers and accounts labelled, named and grouped, or listed.

use crate::args::{self, PartyAction, RoleArg};
use crate::i18n::Lang;
use crate::{Exit, default_actor, fail, json, open_case};
use dossier_core::CaseError;
use dossier_core::clock::Clock;

pub(crate) fn party_cmd(lang: Lang, clock: &dyn Clock, a: args::PartyArgs) -> Exit {
    use dossier_core::people::party::{self, PartyUpdate, Role};
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
                role: role.map(|r| match r {
                    RoleArg::Lender => Role::Lender,
                    RoleArg::Agency => Role::Agency,
                    RoleArg::Collector => Role::Collector,
                    RoleArg::Debtor => Role::Debtor,
                    RoleArg::Guarantor => Role::Guarantor,
                    RoleArg::Spouse => Role::Spouse,
                    RoleArg::Family => Role::Family,
                    RoleArg::Friend => Role::Friend,
                    RoleArg::Colleague => Role::Colleague,
                    RoleArg::Employer => Role::Employer,
                    RoleArg::Other => Role::Other,
                }),
                name: name.filter(|n| !n.trim().is_empty()),
                group: group.filter(|g| !g.trim().is_empty()),
                basis: basis.map(|b| party::LabelBasis {
                    basis: match b {
                        args::BasisArg::User => party::Basis::User,
                        args::BasisArg::Signature => party::Basis::Signature,
                        args::BasisArg::Caller => party::Basis::Caller,
                        args::BasisArg::Regulator => party::Basis::Regulator,
                    },
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
