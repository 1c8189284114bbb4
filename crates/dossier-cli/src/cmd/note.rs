//! `dossier note`: a typed account stored as an exhibit.

use crate::*;

pub(crate) fn note(lang: Lang, clock: &dyn Clock, a: args::NoteArgs) -> Exit {
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
    let channel = match a.channel {
        ChannelArg::Call => Channel::Call,
        ChannelArg::Message => Channel::Message,
        ChannelArg::Visit => Channel::Visit,
        ChannelArg::Letter => Channel::Letter,
        ChannelArg::Post => Channel::Post,
        ChannelArg::Other => Channel::Other,
    };
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
