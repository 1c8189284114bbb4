//! Typed notes: stored and hashed like files, one event each.

use crate::support::{CLOCK, Fixture, blob};
use dossier_core::evidence::note::{Channel, NoteError, NoteInput, add_note};
use dossier_core::query::list;

fn input(f: &Fixture, text: &str, at: &str) -> NoteInput {
    let zone = f.case.info().time_zone.clone();
    NoteInput {
        text: text.into(),
        at: dossier_core::when::parse(at, &zone, "Asia/Shanghai").expect("time"),
        channel: Channel::Visit,
        party: Some("170 5551 1020".into()),
        contributor: Some("李明".into()),
        reached: None,
    }
}

#[test]
fn a_note_is_an_exhibit_with_one_event_at_the_stated_time() {
    let mut f = Fixture::new();
    let n = input(&f, "两名男子到家门口，要求还款。", "2026-03-05 23:10");
    let stored = add_note(&mut f.case, &n, &CLOCK, "tester").expect("note");
    assert!(!stored.duplicate);
    let text = std::fs::read_to_string(blob(&f.root(), &stored.sha256)).expect("blob");
    assert!(
        text.contains("两名男子到家门口，要求还款。"),
        "the stored original holds the words: {text}"
    );
    assert!(
        text.contains("time: 2026-03-05T23:10:00+08:00"),
        "and the stated time: {text}"
    );
    assert!(
        text.contains("channel: visit") && text.contains("party: 170 5551 1020"),
        "{text}"
    );

    let events = list::events(&f.case).expect("events");
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.exhibit, e.record.as_str(), e.channel.as_str()),
        (stored.exhibit, "note", "visit")
    );
    assert_eq!(e.occurred_at.to_string(), "2026-03-05T15:10:00Z");
    assert_eq!(e.body.as_deref(), Some("两名男子到家门口，要求还款。"));

    let row = &list::exhibits(&f.case).expect("list")[0];
    assert_eq!(row.origin, "note");
    assert_eq!(row.contributor.as_deref(), Some("李明"));
    let last = dossier_core::case::audit::entries(f.case.conn())
        .expect("audit")
        .pop()
        .expect("entry");
    assert_eq!(
        (last.action.as_str(), last.actor.as_str()),
        ("note.added", "李明")
    );
}

#[test]
fn the_same_words_at_another_time_are_another_note() {
    let mut f = Fixture::new();
    let a = {
        let n = input(&f, "又来电话了", "2026-03-05 23:10");
        add_note(&mut f.case, &n, &CLOCK, "t")
    }
    .expect("a");
    let b = {
        let n = input(&f, "又来电话了", "2026-03-06 23:10");
        add_note(&mut f.case, &n, &CLOCK, "t")
    }
    .expect("b");
    let again = {
        let n = input(&f, "又来电话了", "2026-03-06 23:10");
        add_note(&mut f.case, &n, &CLOCK, "t")
    }
    .expect("again");
    assert_ne!(a.exhibit, b.exhibit);
    assert!(
        again.duplicate && again.exhibit == b.exhibit,
        "the very same note is recognised: {again:?}"
    );
}

#[test]
fn an_empty_note_is_refused_and_stores_nothing() {
    let mut f = Fixture::new();
    let err = {
        let n = input(&f, "  \n ", "2026-03-05 23:10");
        add_note(&mut f.case, &n, &CLOCK, "t")
    }
    .expect_err("empty");
    assert!(matches!(err, NoteError::EmptyText));
    assert!(list::exhibits(&f.case).expect("list").is_empty());
    assert_eq!(
        dossier_core::case::audit::entries(f.case.conn())
            .expect("audit")
            .len(),
        1,
        "no audit entry either"
    );
}

#[test]
fn a_note_describes_only_what_a_person_can_tell() {
    // SMS, MMS and chat records come from exports; a message someone saw
    // is typed as a message.
    let mut f = Fixture::new();
    let mut n = input(&f, "收到短信说要上门", "2026-03-05 23:10");
    for channel in [Channel::Sms, Channel::Mms, Channel::Chat] {
        n.channel = channel;
        assert!(matches!(
            add_note(&mut f.case, &n, &CLOCK, "tester"),
            Err(NoteError::NotNoted(c)) if c == channel
        ));
        assert_eq!(Channel::parse_noted(channel.as_str()), None);
    }
    assert!(
        list::exhibits(&f.case).expect("list").is_empty(),
        "nothing stored"
    );
    for channel in Channel::NOTED {
        assert_eq!(Channel::parse_noted(channel.as_str()), Some(channel));
    }
    n.channel = Channel::Message;
    add_note(&mut f.case, &n, &CLOCK, "tester").expect("a message is a note");
}
