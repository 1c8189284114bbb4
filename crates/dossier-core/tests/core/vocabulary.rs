//! The vocabulary crosses serde in its one text form: what `as_str`
//! writes reads back as the same value, and an unknown word is refused
//! with the words it could have been.

use dossier_core::evidence::annotate::Kind as AnnotationKind;
use dossier_core::model::channel::Channel;
use dossier_core::model::direction::Direction;
use dossier_core::model::jurisdiction::Rules;
use dossier_core::model::lang::Lang;
use dossier_core::model::role::Role;
use dossier_core::people::party::Basis;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trips<T>(all: &[T], text: fn(&T) -> &'static str)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for value in all {
        let json = serde_json::to_string(value).expect("serialize");
        assert_eq!(json, format!("\"{}\"", text(value)));
        let back: T = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(&back, value);
    }
}

#[test]
fn every_word_reads_back_as_written() {
    round_trips(&Channel::ALL, |c| c.as_str());
    round_trips(&Direction::ALL, |d| d.as_str());
    round_trips(&Rules::ALL, |r| r.as_str());
    round_trips(&Lang::ALL, |l| l.as_str());
    round_trips(&Role::ALL, |r| r.as_str());
    round_trips(&Basis::ALL, |b| b.as_str());
    round_trips(&AnnotationKind::ALL, |k| k.as_str());
}

#[test]
fn an_unknown_word_is_refused_naming_the_known_ones() {
    let e = serde_json::from_str::<Channel>("\"fax\"").expect_err("fax is no channel");
    let text = e.to_string();
    assert!(text.contains("\"fax\""), "{text}");
    assert!(text.contains("call, sms, mms, chat"), "{text}");
    let e = serde_json::from_str::<Rules>("\"uk\"").expect_err("uk has no rules");
    assert!(e.to_string().contains("expected one of cn, us"), "{e}");
    // A word differing only in case is another word.
    assert!(serde_json::from_str::<Lang>("\"ZH\"").is_err());
    assert!(serde_json::from_str::<Role>("7").is_err());
}
