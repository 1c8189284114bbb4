//! Numbers in their many written forms map to one party; parties are
//! labelled, named and grouped with an audit entry each.

use crate::support::{CLOCK, Fixture};
use dossier_core::Rules;
use dossier_core::model::phone::{Address, normalize};
use dossier_core::people::party::{self, PartyError, PartyUpdate, Role};

fn check(raw: &str, region: Rules, expected: Address) {
    assert_eq!(normalize(raw, region), expected, "{raw:?}");
}

fn number(n: &str) -> Address {
    Address::Number(n.to_owned())
}

#[test]
fn numbers_normalise_to_e164_where_they_can() {
    let cn = Rules::Cn;
    for raw in [
        "17055511020",
        "170 5551 1020",
        "170-5551-1020",
        "+86 170 5551 1020",
        "0086 17055511020",
        "8617055511020",
        "+86(170)55511020",
    ] {
        check(raw, cn, number("+8617055511020"));
    }
    check("010-6552 1234", cn, number("+861065521234"));
    check("0755-8888 1234", cn, number("+8675588881234"));
    check("+86 010 6552 1234", cn, number("+861065521234"));
    check("95555", cn, number("95555"));
    check("10086", cn, number("10086"));
    check("12378", cn, number("12378"));
    check("400-810-8888", cn, number("4008108888"));
    check("1065912345", cn, number("1065912345"));
    check("+1 (212) 555-0100", cn, number("+12125550100"));
    check("(212) 555-0100", Rules::Us, number("+12125550100"));
    check("1 212 555 0100", Rules::Us, number("+12125550100"));
    for hidden in ["", "-1", "-2", "Unknown", "Private", "隐藏号码", "000000"] {
        check(hidden, cn, Address::Hidden);
    }
    check("QingHeLoan", cn, Address::Other("QingHeLoan".into()));
    check("wxid_abc123", cn, Address::Other("wxid_abc123".into()));
}

#[test]
fn international_prefixes_and_shapes_make_one_party_per_line() {
    let cn = Rules::Cn;
    // 0086 and 86 in front of a mobile, written as plain digits.
    for raw in ["008617055511020", "8617055511020", "+8617055511020"] {
        check(raw, cn, number("+8617055511020"));
    }
    // A US number in a cn case: bare 10 digits, with its 1, or with +1.
    for raw in [
        "2125550100",
        "12125550100",
        "+1 212 555 0100",
        "0012125550100",
    ] {
        check(raw, cn, number("+12125550100"));
    }
    // In a us case, 011 is the international prefix, and 86 + a mobile is China.
    check("01186 170 5551 1020", Rules::Us, number("+8617055511020"));
    check("8617055511020", Rules::Us, number("+8617055511020"));
    // Service numbers and SMS gateways stay as dialled, never a mobile.
    check("10690000000", cn, number("10690000000"));
    check("1069012345678", cn, number("1069012345678"));
    check("95588", cn, number("95588"));
    // Landlines keep their area code.
    check("02165551234", cn, number("+862165551234"));
    check("862165551234", cn, number("+862165551234"));
}

#[test]
fn masked_numbers_are_never_real_numbers_and_full_masks_are_no_one() {
    let cn = Rules::Cn;
    for raw in ["***", "****", "对方号码", "＊＊＊"] {
        check(raw, cn, Address::Masked(None));
        assert_eq!(normalize(raw, cn).party_key(), None, "{raw}: no party");
        assert!(normalize(raw, cn).is_no_one());
    }
    for raw in [
        "138****1234",
        "138 **** 1234",
        "+86 138****1234",
        "138xxxx1234",
    ] {
        check(raw, cn, Address::Masked(Some("+86138****1234".into())));
    }
    let partial = normalize("138****1234", cn);
    assert_eq!(partial.party_key().as_deref(), Some("mask:+86138****1234"));
    assert!(!partial.is_no_one());
    assert_ne!(partial, normalize("13800001234", cn));
    // Names with x in them are not masks.
    check("xxx", cn, Address::Other("xxx".into()));
    check("wxid_x9", cn, Address::Other("wxid_x9".into()));
}

#[test]
fn a_party_is_labelled_named_and_grouped_with_an_audit_entry() {
    let mut f = Fixture::new();
    let update = PartyUpdate {
        role: Some(Role::Collector),
        name: Some("张经理".into()),
        group: Some("鼎信资产".into()),
        ..PartyUpdate::default()
    };
    let row = party::set(&mut f.case, "170 5551 1020", &update, &CLOCK, "lawyer").expect("set");
    assert_eq!(row.key, "tel:+8617055511020");
    assert_eq!(
        (row.role, row.name.as_deref(), row.group.as_deref()),
        (Some(Role::Collector), Some("张经理"), Some("鼎信资产"))
    );
    // Another written form of the same number reaches the same party; unset fields stay.
    let renamed = PartyUpdate {
        name: Some("张某".into()),
        ..PartyUpdate::default()
    };
    let row =
        party::set(&mut f.case, "+86 170-5551-1020", &renamed, &CLOCK, "lawyer").expect("rename");
    assert_eq!(
        (row.role, row.name.as_deref()),
        (Some(Role::Collector), Some("张某"))
    );
    assert_eq!(party::list(&f.case).expect("list").len(), 1);
    let log = dossier_core::case::audit::entries(f.case.conn()).expect("audit");
    assert_eq!(log.len(), 3, "each change is audited");
    let last = log[2].details_json().expect("json");
    assert_eq!(last["before"]["name"], "张经理");
    assert_eq!(last["after"]["name"], "张某");
    assert_eq!(log[2].actor, "lawyer");
}

#[test]
fn a_hidden_number_cannot_be_a_party() {
    let mut f = Fixture::new();
    let err = party::set(
        &mut f.case,
        "-2",
        &PartyUpdate {
            role: Some(Role::Collector),
            ..PartyUpdate::default()
        },
        &CLOCK,
        "t",
    );
    assert!(matches!(err, Err(PartyError::Hidden { .. })), "{err:?}");
    assert_eq!(
        dossier_core::case::audit::entries(f.case.conn())
            .expect("audit")
            .len(),
        1,
        "nothing changed"
    );
}
