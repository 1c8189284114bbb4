//! `dossier demo`: a realistic, entirely synthetic case built from code, so a
//! new user sees the tool working in one command. A borrower (李明) harassed
//! over four weeks by collectors for two fictional lenders: photos with EXIF
//! times, chat screenshots, call recordings, a written call diary, and what
//! his sister received because she was in his contact list. Every name and
//! number is invented; the case title says so.

mod diary;
use crate::case::{Case, CaseError, InitOptions, Rules};
use crate::clock::Clock;
use crate::evidence::ingest::{self, AddOptions, Progress, Recursion};
use crate::evidence::note::{self, NoteError};
use crate::import::{self, ImportOptions, Owner};
use crate::people::party::{self, Basis, LabelBasis, PartyUpdate, Role};
use crate::synth::{Rng, photo, screenshot, wav};
use crate::when::StatedTime;
use diary::{diary, hour, local};
use jiff::civil::date;
use jiff::tz::TimeZone;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{} already exists and is not empty: give `dossier demo` a new folder", path.display())]
    NotEmpty { path: PathBuf },
    #[error("cannot write the demo's files under {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("a demo file could not be stored: {0}")]
    Ingest(String),
    #[error(transparent)]
    Note(#[from] NoteError),
}

/// What the demo made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub case_dir: PathBuf,
    pub phone_dir: PathBuf,
    pub sister_dir: PathBuf,
    pub files: usize,
    pub notes: usize,
    /// Call and message records imported from the synthetic exports.
    pub records: u64,
}

const DEBTOR: &str = "李明（借款人）";
const SISTER: &str = "王芳（李明的姐姐）";
const LENDERS: [&str; 2] = ["青禾借款", "易速花"];
const AGENCY: &str = "鼎信资产管理";
const SISTER_NUMBER: &str = "138 0013 8000";
/// The people at the borrower's workplace who heard a collector's visit.
const COLLEAGUES: &str = "公司前台和同事";
const MOTHER_NUMBER: &str = "139 0139 0000";
const LENDER_SMS: &str = "1065912345";
/// The WeChat account of a collector (fictional).
const WECHAT_COLLECTOR: &str = "wxid_demo_collector7";

/// Builds the demo under `dir`: the synthetic phone files and the case.
pub fn build(
    dir: &Path,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<DemoReport, DemoError> {
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(DemoError::NotEmpty {
            path: dir.to_path_buf(),
        });
    }
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DemoError::Io { path, source }
    };
    let phone = dir.join("phone");
    let sister = dir.join("sister-phone");
    for d in [&phone, &sister] {
        fs::create_dir_all(d).map_err(io_err(d))?;
    }
    let zone = TimeZone::get("Asia/Shanghai").map_err(|_| CaseError::UnknownTimeZone {
        zone: "Asia/Shanghai".into(),
    })?;
    let mut rng = Rng(0x00D0_551E_2026_0301);
    let numbers: Vec<String> = (0..10)
        .map(|i| format!("170 5551 {:04}", 1020 + i * 7))
        .collect();
    let files = write_files(&phone, &sister, &zone, &numbers, &mut rng)?;

    let case_dir = dir.join("demo.dossier");
    let mut case = Case::init(
        &case_dir,
        &InitOptions {
            title: Some("演示案件：李明 遭受催收骚扰（虚构数据 / fictional data）".into()),
            rules: Rules::Cn,
            time_zone: Some("Asia/Shanghai".into()),
            // His diary says he is paid on the 15th ("15号发工资").
            paydays: vec![15],
            ..InitOptions::default()
        },
        clock,
        DEBTOR,
    )?;
    for (folder, contributor) in [(&phone, DEBTOR), (&sister, SISTER)] {
        let options = AddOptions {
            contributor: Some(contributor.into()),
            recursive: Recursion::Yes,
            ..AddOptions::default()
        };
        let report = ingest::add_files(
            &mut case,
            std::slice::from_ref(folder),
            &options,
            clock,
            contributor,
            progress,
        );
        if let Some(e) = report.failures().next() {
            return Err(DemoError::Ingest(e.to_string()));
        }
    }
    let exports = dir.join("exports");
    fs::create_dir_all(&exports).map_err(io_err(&exports))?;
    let mut records = 0;
    for (path, owner, contributor) in write_exports(&exports, &zone, &numbers, &mut rng)? {
        let options = ImportOptions {
            contributor: Some(contributor.into()),
            owner: owner.map_or(Owner::Debtor, |o| Owner::Party(o.into())),
            ..ImportOptions::default()
        };
        let report = import::import(&mut case, &path, &options, clock, contributor, progress)
            .map_err(|e| DemoError::Ingest(e.to_string()))?;
        records += report.records;
    }
    let label = |role, name: Option<&str>, group: Option<&str>| PartyUpdate {
        role: Some(role),
        name: name.map(str::to_owned),
        group: group.map(str::to_owned),
        basis: None,
    };
    let with_basis = |update: PartyUpdate, basis, source: &str| PartyUpdate {
        basis: Some(LabelBasis {
            basis,
            source: Some(source.to_owned()),
        }),
        ..update
    };
    // The last number is left unlabelled, as a user would not yet have
    // labelled a collector's newest number: `check` offers it as a suspect.
    for (i, number) in numbers
        .iter()
        .enumerate()
        .take(numbers.len().saturating_sub(1))
    {
        let group = if i < 6 { AGENCY } else { LENDERS[1] };
        party::set(
            &mut case,
            number,
            &label(Role::Collector, None, Some(group)),
            clock,
            DEBTOR,
        )
        .map_err(|e| DemoError::Ingest(e.to_string()))?;
    }
    party::set(
        &mut case,
        WECHAT_COLLECTOR,
        &with_basis(
            label(Role::Collector, Some("催收-赵"), Some(AGENCY)),
            Basis::Caller,
            "微信聊天记录第1条：自称鼎信资产管理的催收专员",
        ),
        clock,
        DEBTOR,
    )
    .map_err(|e| DemoError::Ingest(e.to_string()))?;
    party::set(
        &mut case,
        SISTER_NUMBER,
        &label(Role::Family, Some("王芳"), None),
        clock,
        DEBTOR,
    )
    .map_err(|e| DemoError::Ingest(e.to_string()))?;
    party::set(
        &mut case,
        LENDER_SMS,
        &with_basis(
            label(Role::Lender, Some(LENDERS[0]), Some(LENDERS[0])),
            Basis::Signature,
            "短信签名【青禾借款】",
        ),
        clock,
        DEBTOR,
    )
    .map_err(|e| DemoError::Ingest(e.to_string()))?;

    // The colleagues the workplace visit reached, as the borrower's note
    // names them.
    party::set(
        &mut case,
        COLLEAGUES,
        &label(Role::Colleague, None, None),
        clock,
        DEBTOR,
    )
    .map_err(|e| DemoError::Ingest(e.to_string()))?;
    // He wrote to the agency on 18 March asking it to stop; the EMS return
    // receipt says it arrived on the 20th. China's rules read no such
    // request; the US pack's 1692c(c) does (`check --rules us`).
    crate::people::cease::store(
        &mut case,
        crate::people::cease::CeaseRequest {
            collector: AGENCY.into(),
            received: date(2026, 3, 20),
            source: Some("EMS 挂号信回执：3月18日寄出，3月20日签收".into()),
        },
        clock,
        DEBTOR,
    )
    .map_err(|e| DemoError::Ingest(e.to_string()))?;
    let notes = diary(&zone, &numbers, &mut rng);
    for n in &notes {
        note::add_note(
            &mut case,
            n,
            clock,
            n.contributor.as_deref().unwrap_or(DEBTOR),
        )?;
    }
    Ok(DemoReport {
        case_dir,
        phone_dir: phone,
        sister_dir: sister,
        files,
        notes: notes.len(),
        records,
    })
}

/// Writes the synthetic phone files and returns how many.
fn write_files(
    phone: &Path,
    sister: &Path,
    zone: &TimeZone,
    numbers: &[String],
    rng: &mut Rng,
) -> Result<usize, DemoError> {
    let mut count = 0;
    let write =
        |path: PathBuf, bytes: &[u8], modified: Option<StatedTime>| -> Result<(), DemoError> {
            let err = |source| DemoError::Io {
                path: path.clone(),
                source,
            };
            fs::write(&path, bytes).map_err(err)?;
            if let Some(t) = modified {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(err)?;
                let time = std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs(t.at.as_second().max(0) as u64);
                file.set_modified(time).map_err(err)?;
            }
            Ok(())
        };
    // Photos: the notice taped to the door, the stairwell, the letter.
    for (i, day) in [4i8, 7, 13, 13, 16, 22, 25, 28].into_iter().enumerate() {
        let t = local(zone, day, 21, 42 + i as i8, (i * 7) as i8);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let jpeg = photo(
            rng,
            &civil.strftime("%Y:%m:%d %H:%M:%S").to_string(),
            Some("+08:00"),
        );
        let name = format!("IMG_{}.jpg", civil.strftime("%Y%m%d_%H%M%S"));
        write(phone.join(name), &jpeg, None)?;
        count += 1;
    }
    // Chat and SMS screenshots: PNG without EXIF; the file time says when.
    for day in (1..=28i8).step_by(2) {
        let t = local(
            zone,
            day,
            hour(rng),
            rng.below(60) as i8,
            rng.below(60) as i8,
        );
        let civil = t.at.to_zoned_datetime(zone.clone());
        let name = format!("Screenshot_{}.png", civil.strftime("%Y%m%d-%H%M%S"));
        write(phone.join(name), &screenshot(rng), Some(t))?;
        count += 1;
    }
    // Call recordings: WAV carries no date, so the file time is the basis.
    for (i, day) in [5i8, 10, 15, 28].into_iter().enumerate() {
        let t = local(zone, day, 22, 31 + i as i8, 5);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let num = numbers[i * 2].replace(' ', "");
        let name = format!("通话录音 {num} {}.wav", civil.strftime("%Y%m%d_%H%M"));
        write(phone.join(name), &wav(rng, 20 + 10 * i as u32), Some(t))?;
        count += 1;
    }
    // The sister's own evidence: screenshots of what she was sent.
    for day in [3i8, 10, 17, 24] {
        let t = local(zone, day, 22, 20, 0);
        let civil = t.at.to_zoned_datetime(zone.clone());
        let name = format!("Screenshot_{}.png", civil.strftime("%Y%m%d-%H%M%S"));
        write(sister.join(name), &screenshot(rng), Some(t))?;
        count += 1;
    }
    Ok(count)
}

/// XML attribute text as SMS Backup & Restore writes it: entities, and
/// characters beyond the BMP as surrogate-pair references.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if u32::from(c) > 0xFFFF => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("&#{unit};"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// An export file's text: its records in time order inside `<root>`.
fn export(root: &str, mut records: Vec<(i64, String)>) -> String {
    records.sort_by_key(|(at, _)| *at);
    let mut xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<{root} count=\"{}\" backup_set=\"demo\" type=\"full\">\n",
        records.len()
    );
    for (_, line) in &records {
        xml.push_str(line);
    }
    xml.push_str(&format!("</{root}>\n"));
    xml
}

/// The phones' own records as SMS Backup & Restore exports them: the
/// borrower's call log and messages, and his sister's call log. Returns each
/// file with its owner (None: the borrower) and contributor.
#[allow(clippy::type_complexity)]
fn write_exports(
    dir: &Path,
    zone: &TimeZone,
    numbers: &[String],
    rng: &mut Rng,
) -> Result<Vec<(PathBuf, Option<&'static str>, &'static str)>, DemoError> {
    let ms = |t: StatedTime| t.at.as_millisecond();
    let call = |number: &str,
                at: i64,
                duration: u64,
                kind: u8,
                presentation: u8,
                name: &str|
     -> String {
        format!(
            "  <call number=\"{number}\" duration=\"{duration}\" date=\"{at}\" type=\"{kind}\" presentation=\"{presentation}\" subscription_id=\"1\" readable_date=\"\" contact_name=\"{name}\" />\n"
        )
    };
    // The borrower's call log: collectors all day and night, heavier on paydays.
    let mut calls = Vec::new();
    for day in 1..=28i8 {
        let payday = matches!(day, 5 | 10 | 15 | 28);
        let n = 10 + rng.below(8) + if payday { 14 } else { 0 };
        for _ in 0..n {
            let at = ms(local(
                zone,
                day,
                hour(rng),
                rng.below(60) as i8,
                rng.below(60) as i8,
            ));
            let (kind, duration) = match rng.below(20) {
                0..=4 => (1, 15 + rng.below(240)),
                5..=13 => (3, 0),
                14..=17 => (5, 0),
                _ => (2, 5 + rng.below(60)),
            };
            let line = if rng.below(12) == 0 {
                call("", at, duration, kind, 2, "(Unknown)")
            } else {
                call(
                    rng.pick(numbers).as_str(),
                    at,
                    duration,
                    kind,
                    1,
                    "(Unknown)",
                )
            };
            calls.push((at, line));
        }
        if day % 3 == 0 {
            let at = ms(local(zone, day, 20, 5, 0));
            calls.push((
                at,
                call(SISTER_NUMBER, at, 180 + rng.below(300), 2, 1, "王芳"),
            ));
            let at = ms(local(zone, day, 12, 30, 0));
            calls.push((
                at,
                call(MOTHER_NUMBER, at, 60 + rng.below(200), 1, 1, "妈妈"),
            ));
        }
    }
    let xml = export("calls", calls);
    let mut files = Vec::new();
    let write = |name: &str, text: &str| -> Result<PathBuf, DemoError> {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|source| DemoError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    };
    files.push((write("calls-20260329.xml", &xml)?, None, DEBTOR));

    // The messages: the lender's notices, the collectors' threats, one MMS
    // with a photo of the notice they taped to the door.
    let texts = [
        "【青禾借款】您的借款已逾期，请于今日18:00前还款，否则将上报征信并移交法务处理。",
        "你已被列入失信黑名单😡，再不处理就在你小区张贴公告，让你邻居都知道。",
        "通知你的紧急联系人和单位是你逼我们的，你自己看着办。",
        "法务部通知：你的案件已立案，三日内不处理将有人上门送达传票。",
        "我们已经联系了你的父母，他们说会让你还钱。",
    ];
    let mut messages = Vec::new();
    for day in 1..=28i8 {
        for _ in 0..1 + rng.below(3) {
            let at = ms(local(
                zone,
                day,
                hour(rng),
                rng.below(60) as i8,
                rng.below(60) as i8,
            ));
            let (from, body) = match rng.below(5) {
                0 => (LENDER_SMS.to_owned(), texts[0]),
                i => (rng.pick(numbers).clone(), texts[i as usize]),
            };
            messages.push((at, format!(
                "  <sms protocol=\"0\" address=\"{from}\" date=\"{at}\" type=\"1\" subject=\"null\" body=\"{}\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" readable_date=\"\" contact_name=\"(Unknown)\" />\n",
                xml_text(body)
            )));
        }
    }
    use base64::Engine as _;
    let photo_at = local(zone, 13, 21, 50, 0);
    let civil = photo_at.at.to_zoned_datetime(zone.clone());
    let picture = photo(
        rng,
        &civil.strftime("%Y:%m:%d %H:%M:%S").to_string(),
        Some("+08:00"),
    );
    let at = ms(photo_at);
    messages.push((at, format!(
        "  <mms date=\"{at}\" msg_box=\"1\" address=\"{n}\" m_type=\"132\" contact_name=\"(Unknown)\">\n    <parts>\n      <part seq=\"0\" ct=\"image/jpeg\" name=\"door.jpg\" cl=\"door.jpg\" data=\"{}\" />\n      <part seq=\"0\" ct=\"text/plain\" text=\"{}\" />\n    </parts>\n    <addrs><addr address=\"{n}\" type=\"137\" charset=\"106\" /></addrs>\n  </mms>\n",
        base64::engine::general_purpose::STANDARD.encode(&picture),
        xml_text("看看你家门口，下次就不是贴纸条了。"),
        n = numbers[0]
    )));
    let xml = export("smses", messages);
    files.push((write("sms-20260329.xml", &xml)?, None, DEBTOR));

    // The sister's call log: collectors calling her about her brother's debt.
    let mut sister = Vec::new();
    for day in (2..=28i8).step_by(2) {
        for _ in 0..1 + rng.below(3) {
            let at = ms(local(zone, day, hour(rng), rng.below(60) as i8, 0));
            let (kind, duration) = if rng.below(2) == 0 {
                (1, 20 + rng.below(120))
            } else {
                (3, 0)
            };
            sister.push((
                at,
                call(
                    rng.pick(numbers).as_str(),
                    at,
                    duration,
                    kind,
                    1,
                    "(Unknown)",
                ),
            ));
        }
    }
    let xml = export("calls", sister);
    files.push((
        write("sister-calls-20260329.xml", &xml)?,
        Some(SISTER_NUMBER),
        SISTER,
    ));

    // The sister's messages: her phone died during the backup, so the file
    // ends in the middle of a message. Every complete one is imported.
    let to_sister = [
        "你是李明的姐姐吧？他欠我们钱不还，你让他马上处理。",
        "你弟弟的事你不管，我们就去你单位找你。",
        "再联系不上李明，我们就把他的事发到你们家族群里。",
    ];
    let mut sms = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"4\" backup_set=\"demo-sister\" type=\"full\">\n",
    );
    for (i, text) in to_sister.iter().enumerate() {
        let at = ms(local(zone, 9 + 5 * i as i8, 21, 30, 0));
        sms.push_str(&format!(
            "  <sms protocol=\"0\" address=\"{}\" date=\"{at}\" type=\"1\" subject=\"null\" body=\"{}\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" readable_date=\"\" contact_name=\"(Unknown)\" />\n",
            numbers[2 + i],
            xml_text(text)
        ));
    }
    sms.push_str("  <sms protocol=\"0\" address=\"170 5551 1041\" date=\"");
    files.push((
        write("sister-sms-20260329.xml", &sms)?,
        Some(SISTER_NUMBER),
        SISTER,
    ));

    // A collector's WeChat chat, exported from the borrower's computer with
    // PyWxDump: the server's message ids make a later export's overlap known.
    let chat = [
        (
            0,
            "李明，我是鼎信资产管理的催收专员，你的欠款已经逾期，今天必须处理。",
        ),
        (0, "不接电话是吧？我们已经在你公司楼下了。"),
        (1, "我下周发工资就还，请不要再打给我同事。"),
        (0, "你同事都知道你是老赖了，还要脸吗？"),
        (0, "今晚12点前不还，明天就给你所有联系人发信息。"),
    ];
    let mut csv =
        String::from("id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n");
    for (i, (outgoing, text)) in chat.iter().enumerate() {
        let day = 6 + 4 * i as i8;
        let at = local(zone, day, 23, 10 + i as i8, 0)
            .at
            .to_zoned_datetime(zone.clone());
        let talker = if *outgoing == 1 {
            "wxid_demo_liming"
        } else {
            WECHAT_COLLECTOR
        };
        csv.push_str(&format!(
            "{},{},文本,{outgoing},{talker},{WECHAT_COLLECTOR},{text},,{}\n",
            i + 1,
            7_300_000_000_000_000_000u64 + i as u64 * 7919,
            at.strftime("%Y-%m-%d %H:%M:%S")
        ));
    }
    files.push((write("wechat-催收-20260329.csv", &csv)?, None, DEBTOR));

    // The carrier's list for the last day of February, before the phone's
    // own log begins: the carrier masks the other numbers.
    let list = "通话详单 2026年02月\n对方号码,起始时间,通话类型,通话时长\n\
***,2026-02-28 22:41:05,被叫,1分12秒\n\
***,2026-02-28 23:15:40,被叫,0秒\n";
    files.push((write("详单-202602.csv", list)?, None, DEBTOR));
    Ok(files)
}
