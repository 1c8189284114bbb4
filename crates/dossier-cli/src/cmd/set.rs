//! `dossier set`: the borrower's paydays and written requests to stop.

use crate::args;
use crate::i18n::Lang;
use crate::{Exit, default_actor, fail, open_case};
use dossier_core::clock::Clock;

pub(crate) fn set_cmd(lang: Lang, clock: &dyn Clock, a: args::SetArgs) -> Exit {
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
