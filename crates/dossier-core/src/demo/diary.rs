//! The demo's typed notes: the borrower's and his sister's diary of calls,
//! visits and messages from memory, and the local times they are stated in.

use super::{AGENCY, COLLEAGUES, DEBTOR, LENDERS, SISTER, SISTER_NUMBER};
use crate::evidence::note::{Channel, NoteInput};
use crate::synth::Rng;
use crate::when::StatedTime;
use jiff::civil::{DateTime, date};
use jiff::tz::TimeZone;

pub(super) fn local(zone: &TimeZone, day: i8, hour: i8, minute: i8, second: i8) -> StatedTime {
    let civil: DateTime = date(2026, 3, day).at(hour, minute, second, 0);
    let zoned = civil.to_zoned_datetime(zone.clone()).unwrap_or_else(|_| {
        civil
            .to_zoned_datetime(TimeZone::UTC)
            .expect("UTC has no gaps")
    });
    StatedTime {
        at: zoned.timestamp(),
        offset: zoned.offset(),
    }
}

/// An hour weighted towards evenings and nights, when collectors call most.
pub(super) fn hour(rng: &mut Rng) -> i8 {
    *rng.pick(&[
        7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 21, 22, 22, 23, 23, 0, 1, 6,
    ])
}

/// The typed call diary: a few hundred entries over four weeks, heavier on
/// the paydays collectors favour (the 5th, 10th, 15th and 28th).
pub(super) fn diary(zone: &TimeZone, numbers: &[String], rng: &mut Rng) -> Vec<NoteInput> {
    let mut notes = Vec::new();
    for day in 1..=28i8 {
        let payday = matches!(day, 5 | 10 | 15 | 28);
        // Most calls are in the imported call log; the diary keeps what the
        // log cannot show: what was said.
        let calls = 1 + rng.below(2) + u64::from(payday);
        for _ in 0..calls {
            let num = rng.pick(numbers).clone();
            let lender = rng.pick(&LENDERS);
            let days = 30 + i64::from(day);
            let (channel, text) = match rng.below(12) {
                0 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，自称{lender}贷后部门，说我已经逾期{days}天，今天下午五点前不还就“走法律程序”。"
                    ),
                ),
                1 => (
                    Channel::Call,
                    format!("{num} 打来，对方语气很凶，说要把我欠款的事告诉我单位领导和同事。"),
                ),
                2 => (
                    Channel::Call,
                    format!("{num} 来电，说已经给我通讯录里的人都发了信息，让我“自己看着办”。"),
                ),
                3 | 4 => (
                    Channel::Call,
                    format!("未接来电 {num}，响一声就挂，随后又打来两次。"),
                ),
                5 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，自称{AGENCY}“法务部”，说已经“立案”，下周派人“上门送传票”。"
                    ),
                ),
                6 => (
                    Channel::Call,
                    format!("{num} 来电，接起来对方直接骂人，我挂断后又连续打了三次。"),
                ),
                7 => (
                    Channel::Call,
                    format!(
                        "{num} 来电，我说15号发工资后先还一部分，对方说不行，必须今天全额还清。"
                    ),
                ),
                8 => (
                    Channel::Message,
                    format!(
                        "收到 {num} 短信：“你已被列入失信黑名单，如不处理将在你所在小区张贴公告。”"
                    ),
                ),
                9 => (
                    Channel::Message,
                    format!("收到 {num} 短信：“通知你的紧急联系人和单位是你逼我们的，{lender}。”"),
                ),
                10 => (
                    Channel::Call,
                    format!("{num} 来电，说如果不还钱就去我老家找我父母。"),
                ),
                _ => (
                    Channel::Call,
                    format!("{num} 来电，要求我下载另一个借款App“以贷还贷”。"),
                ),
            };
            let minute = rng.below(60) as i8;
            let second = rng.below(60) as i8;
            notes.push(NoteInput {
                text,
                at: local(zone, day, hour(rng), minute, second),
                channel,
                party: Some(num),
                contributor: Some(DEBTOR.into()),
                reached: None,
            });
        }
        if day % 9 == 4 {
            notes.push(NoteInput {
                text: format!("两名男子到家门口，敲门十多分钟，自称{}外访人员，在门上贴了“催收通知单”，拍了照片。", LENDERS[0]),
                at: local(zone, day, 21, 40, 0),
                channel: Channel::Visit,
                party: None,
                contributor: Some(DEBTOR.into()),
                reached: None,
            });
        }
        if day % 7 == 3 {
            let num = rng.pick(numbers).clone();
            notes.push(NoteInput {
                text: format!("我（王芳）接到 {num} 来电，对方说我弟弟李明欠钱不还，让我替他还，否则“后果自负”。我从没借过钱，也不是担保人。"),
                at: local(zone, day, 22, 15 + (day % 30), 0),
                channel: Channel::Call,
                party: Some(num),
                contributor: Some(SISTER.into()),
                // Her account of a call to her phone: it reached her.
                reached: Some(SISTER_NUMBER.into()),
            });
        }
    }
    notes.push(NoteInput {
        text: "有人到我公司前台，说找我“谈还款的事”，前台和几位同事都听到了。".into(),
        at: local(zone, 16, 10, 20, 0),
        channel: Channel::Visit,
        party: None,
        contributor: Some(DEBTOR.into()),
        // What the colleagues heard is what this visit did: it reached them.
        reached: Some(COLLEAGUES.into()),
    });
    notes
}
