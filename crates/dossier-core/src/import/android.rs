//! SMS Backup & Restore exports (Android): `calls-*.xml` and `sms-*.xml`.
//!
//! `<calls><call number duration date type presentation contact_name …/></calls>`:
//! `date` is epoch milliseconds, `duration` seconds; `type` 1 incoming,
//! 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked; `presentation`
//! 2, 3 and 4 (restricted, unknown, payphone) hide the number.
//! `readable_date` is for display only and is not read.
//!
//! `<smses><sms address date type body contact_name …/><mms date msg_box address …>
//! <parts><part ct name data …/></parts><addrs><addr address type/></addrs></mms></smses>`:
//! `sms` `type` 1 received, 2 sent, 3 draft (passed over), 4–6 outbox, failed,
//! queued (sent by the owner); `mms` `msg_box` likewise; `addr` `type` 137 is
//! the sender, 151/130/129 recipients. Media parts carry base64 `data`, which
//! is decoded while it is streamed into an exhibit of its own.
//!
//! The parser reads the stored copy one element at a time; attribute values
//! are unescaped by [`super::unescape_xml`], which also repairs the emoji the
//! app writes as surrogate-pair references.
//!
//! A file cut short (the phone died during the backup) ends cleanly in the
//! middle of a record or between records: every complete record is
//! imported and the cut is reported ([`Gap::Truncated`]); a part whose
//! base64 cannot be decoded is lost alone ([`Gap::Part`]). Markup broken in
//! the middle (end tags that do not match) is not a cut and is refused.
//!
//! Hostile files end in an error naming the byte: entities other than XML's
//! own are refused, never expanded (billion laughs, external entities);
//! control bytes XML forbids (a NUL) are refused; elements nested deeper
//! than [`MAX_DEPTH`] are refused; and an element longer than
//! [`MAX_ELEMENT`] is refused while it is read, before it fills memory.

use super::{
    Attachment, Direction, Gap, ImportError, Parsed, Reason, Record, Source, unescape_xml,
};
use crate::model::phone::{self, Address};
use jiff::Timestamp;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Read};

/// Element names and attributes of one element, unescaped.
struct Element {
    attrs: Vec<(&'static str, String)>,
}

impl Element {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Deepest nesting of elements accepted: a real export nests four deep
/// (`smses`, `mms`, `parts`, `part`).
const MAX_DEPTH: usize = 32;

/// Longest run of bytes without a `>` accepted: the XML reader holds a whole
/// element in memory, and a real element (an MMS part's base64 included,
/// MMS being limited to a few MB) is far shorter.
const MAX_ELEMENT: u64 = 64 << 20;

/// Reads through to the XML reader, failing once [`MAX_ELEMENT`] bytes have
/// passed without a `>` (no element can end without one).
struct Bounded<R> {
    inner: R,
    since_close: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.since_close = match chunk.iter().rposition(|&b| b == b'>') {
            Some(at) => (n - at - 1) as u64,
            None => self.since_close + n as u64,
        };
        if self.since_close > MAX_ELEMENT {
            return Err(std::io::Error::other(format!(
                "an element longer than {} MiB, which no real export holds",
                MAX_ELEMENT >> 20
            )));
        }
        Ok(n)
    }
}

/// The XML of one export, read an element at a time.
struct Xml<'s, 'c> {
    reader: Reader<BufReader<Bounded<crate::case::vault::Reader>>>,
    buf: Vec<u8>,
    src: &'s mut Source<'c>,
    /// The root element this format expects, and whether it was closed.
    root: &'static str,
    closed: bool,
    seen_root: bool,
    /// Elements open inside the root.
    depth: usize,
    /// The `count` the root element announces.
    declared: Option<u64>,
}

enum Step {
    Open(String, Element, bool),
    Close(String),
    End,
    /// The file ends before the root is closed, at this byte: a cut, with
    /// every record before it complete; `in_tag` when it ends inside a tag.
    Cut {
        at_byte: u64,
        in_tag: bool,
    },
}

impl<'s, 'c> Xml<'s, 'c> {
    fn open(src: &'s mut Source<'c>, root: &'static str) -> Result<Xml<'s, 'c>, ImportError> {
        let file = src
            .open_copy()
            .map_err(|e| ImportError::malformed(src.path, "the start", Reason::io(&e)))?;
        let bounded = Bounded {
            inner: file,
            since_close: 0,
        };
        let mut reader = Reader::from_reader(BufReader::with_capacity(1 << 16, bounded));
        reader.config_mut().check_end_names = true;
        Ok(Xml {
            reader,
            buf: Vec::with_capacity(1 << 16),
            src,
            root,
            closed: false,
            seen_root: false,
            depth: 0,
            declared: None,
        })
    }

    fn at(&self) -> String {
        format!("byte {}", self.reader.buffer_position())
    }

    /// Where the file ends: its length.
    fn end_byte(&self) -> u64 {
        self.src.copy_size.unwrap_or(self.reader.buffer_position())
    }

    /// Reports a cut: the records before it stay, `inside` is the record
    /// the file ends in, if any.
    fn cut(&mut self, at_byte: u64, inside: Option<String>) -> Result<(), ImportError> {
        let declared = self.declared;
        self.src.lost(Gap::Truncated {
            at_byte,
            inside,
            declared,
        })
    }

    fn fail(&self, at: impl Into<String>, reason: impl Into<Reason>) -> ImportError {
        ImportError::malformed(self.src.path, at, reason)
    }

    /// The next element opened or closed inside the root.
    fn next(&mut self) -> Result<Step, ImportError> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(quick_xml::Error::Syntax(
                    quick_xml::errors::SyntaxError::UnclosedTag
                    | quick_xml::errors::SyntaxError::UnclosedSingleQuotedAttributeValue
                    | quick_xml::errors::SyntaxError::UnclosedDoubleQuotedAttributeValue
                    | quick_xml::errors::SyntaxError::UnclosedComment
                    | quick_xml::errors::SyntaxError::UnclosedCData
                    | quick_xml::errors::SyntaxError::InvalidBangMarkup,
                )) if self.seen_root && !self.closed => {
                    // Only the end of the input leaves a tag unclosed; but a
                    // quote left open runs on to the end as well, over the
                    // rest of the file: the root's own end tag inside what
                    // was read says the file is whole, and malformed.
                    let end_tag = format!("</{}>", self.root);
                    if self
                        .buf
                        .windows(end_tag.len())
                        .any(|w| w == end_tag.as_bytes())
                    {
                        let at = format!("byte {}", self.reader.error_position());
                        return Err(ImportError::malformed(
                            self.src.path,
                            at,
                            Reason::both(
                                format!(
                                    "a quote that opens here is never closed, and the file goes on to its {end_tag}: it is not cut short but malformed — export it again"
                                ),
                                format!(
                                    "这里开始的引号一直没有闭合，而文件一直写到结尾的 {end_tag}：文件并非被截断，而是格式有误——请重新导出"
                                ),
                            ),
                        ));
                    }
                    return Ok(Step::Cut {
                        at_byte: self.end_byte(),
                        in_tag: true,
                    });
                }
                Err(e) => {
                    let at = format!("byte {}", self.reader.error_position());
                    return Err(ImportError::malformed(self.src.path, at, Reason::xml(&e)));
                }
            };
            let (start, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    let name = e.name().as_ref().to_owned();
                    if name == self.root {
                        self.closed = true;
                        continue;
                    }
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Step::Close(name));
                }
                Event::Eof => {
                    if !self.seen_root {
                        return Err(self.fail("the start", format!("no <{}> element: this is not an SMS Backup & Restore export of that kind", self.root)));
                    }
                    if !self.closed {
                        return Ok(Step::Cut {
                            at_byte: self.end_byte(),
                            in_tag: false,
                        });
                    }
                    return Ok(Step::End);
                }
                _ => continue,
            };
            if let Some(byte) = start
                .bytes()
                .find(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            {
                let at = format!("byte {}", self.reader.buffer_position());
                return Err(self.fail(at, format!("a control byte 0x{byte:02X} inside an element, which XML does not allow — the export is damaged; export it again")));
            }
            let name = start.name().as_ref().to_owned();
            if !self.seen_root {
                if name != self.root {
                    let hint = match name.as_str() {
                        "calls" => " — this is a call log: use --format android-calls",
                        "smses" => " — this is a message export: use --format android-sms",
                        _ => "",
                    };
                    return Err(self.fail(
                        "the root element",
                        format!("expected <{}>, found <{name}>{hint}", self.root),
                    ));
                }
                self.seen_root = true;
                self.closed = empty;
                self.declared = start
                    .try_get_attribute("count")
                    .ok()
                    .flatten()
                    .and_then(|a| a.value.trim().parse().ok());
                continue;
            }
            if self.closed {
                let at = self.at();
                return Err(self.fail(at, format!("<{name}> after the end of <{}>", self.root)));
            }
            if !empty {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    let at = self.at();
                    return Err(self.fail(at, format!("elements nested more than {MAX_DEPTH} deep — this is not an SMS Backup & Restore export")));
                }
            }
            let element = attributes(&start)
                .map_err(|reason| self.fail(format!("<{name}> at {}", self.at()), reason))?;
            return Ok(Step::Open(name, element, empty));
        }
    }
}

/// The attributes the importers read; others (`readable_date`,
/// `subscription_id`, …) are passed over without being decoded.
const READ: &[&str] = &[
    "number",
    "duration",
    "date",
    "type",
    "presentation",
    "contact_name",
    "address",
    "body",
    "msg_box",
    "ct",
    "name",
    "cl",
    "text",
    "data",
];

fn attributes(start: &BytesStart<'_>) -> Result<Element, Reason> {
    let mut attrs = Vec::with_capacity(8);
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| Reason::xml(&quick_xml::Error::InvalidAttr(e)))?;
        let Some(key) = READ.iter().copied().find(|k| *k == attr.key.as_ref()) else {
            continue;
        };
        let value = if key == "data" {
            attr.value.into_owned()
        } else {
            unescape_xml(&attr.value).map_err(Reason::from)?
        };
        attrs.push((key, value));
    }
    Ok(Element { attrs })
}

fn millis(value: Option<&str>, what: &str) -> Result<Timestamp, String> {
    let text = value.ok_or_else(|| format!("it has no {what}"))?;
    let ms: i64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{what}={text:?} is not a time in milliseconds"))?;
    Timestamp::from_millisecond(ms).map_err(|_| format!("{what}={text:?} is out of range"))
}

fn contact(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "(Unknown)" && *n != "null")
        .map(str::to_owned)
}

/// Reads a `calls-*.xml` export.
pub(super) fn calls(src: &mut Source<'_>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let mut xml = Xml::open(src, "calls")?;
    let parsed = Parsed::default();
    let mut n = 0u64;
    loop {
        match xml.next()? {
            Step::Open(name, element, _) if name == "call" => {
                n += 1;
                let position = format!("call #{n}");
                let fail = |reason: String| {
                    ImportError::malformed(xml.src.path, format!("<call> #{n}"), reason)
                };
                let at = millis(element.get("date"), "date").map_err(fail)?;
                let code = element.get("type").unwrap_or("");
                let direction = match code.trim() {
                    "1" | "7" => Direction::In,
                    "2" => Direction::Out,
                    "3" => Direction::Missed,
                    "4" => Direction::Voicemail,
                    "5" => Direction::Rejected,
                    "6" => Direction::Blocked,
                    other => {
                        return Err(fail(format!("type={other:?} is not a call type (1 to 7)")));
                    }
                };
                let seconds = element.get("duration").unwrap_or("0").trim();
                let seconds: u64 = seconds.parse().map_err(|_| {
                    fail(format!("duration={seconds:?} is not a number of seconds"))
                })?;
                let raw = element.get("number").unwrap_or("").to_owned();
                let hidden = matches!(
                    element.get("presentation").map(str::trim),
                    Some("2" | "3" | "4")
                );
                let address = if hidden {
                    Address::Hidden
                } else {
                    phone::normalize(&raw, region)
                };
                xml.src.emit(Record {
                    position,
                    channel: "call",
                    direction: Some(direction),
                    at,
                    address_raw: raw,
                    address,
                    contact_name: contact(element.get("contact_name")),
                    duration_ms: Some(seconds * 1000),
                    body: None,
                    recipients: Vec::new(),
                    source_id: None,
                    facetime: None,
                })?;
            }
            Step::Open(..) | Step::Close(_) => {}
            Step::End => return Ok(parsed),
            Step::Cut { at_byte, in_tag } => {
                let inside = in_tag.then(|| format!("call #{}", n + 1));
                xml.cut(at_byte, inside)?;
                return Ok(parsed);
            }
        }
    }
}

/// An MMS being read: its attributes, text parts, media parts and addresses.
#[derive(Default)]
struct Mms {
    n: u64,
    element: Option<Element>,
    texts: Vec<String>,
    parts: u64,
    attachments: Vec<Attachment>,
    addrs: Vec<(String, String)>,
}

/// Reads an `sms-*.xml` export, MMS included.
pub(super) fn messages(src: &mut Source<'_>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let mut xml = Xml::open(src, "smses")?;
    let mut parsed = Parsed::default();
    let (mut sms_n, mut mms_n) = (0u64, 0u64);
    let mut mms: Option<Mms> = None;
    loop {
        match xml.next()? {
            Step::Open(name, element, _) if name == "sms" && mms.is_none() => {
                sms_n += 1;
                let position = format!("sms #{sms_n}");
                let fail = |reason: String| {
                    ImportError::malformed(xml.src.path, format!("<sms> #{sms_n}"), reason)
                };
                let at = millis(element.get("date"), "date").map_err(fail)?;
                let code = element.get("type").unwrap_or("").trim().to_owned();
                let direction = match code.as_str() {
                    "1" => Direction::In,
                    "2" | "4" | "5" | "6" => Direction::Out,
                    "3" => {
                        xml.src.skip(position, "a draft, never sent");
                        continue;
                    }
                    other => {
                        return Err(fail(format!(
                            "type={other:?} is not a message type (1 to 6)"
                        )));
                    }
                };
                let raw = element.get("address").unwrap_or("").to_owned();
                xml.src.emit(Record {
                    position,
                    channel: "sms",
                    direction: Some(direction),
                    at,
                    address: phone::normalize(&raw, region),
                    address_raw: raw,
                    contact_name: contact(element.get("contact_name")),
                    duration_ms: None,
                    body: element.get("body").map(str::to_owned),
                    recipients: Vec::new(),
                    source_id: None,
                    facetime: None,
                })?;
            }
            Step::Open(name, element, empty) if name == "mms" => {
                if mms.is_some() {
                    let at = xml.at();
                    return Err(xml.fail(at, "an <mms> inside another <mms>"));
                }
                mms_n += 1;
                let m = Mms {
                    n: mms_n,
                    element: Some(element),
                    ..Mms::default()
                };
                if empty {
                    finish_mms(&mut xml, m, region, &mut parsed)?;
                } else {
                    mms = Some(m);
                }
            }
            Step::Open(name, element, _) if name == "part" => {
                let Some(m) = mms.as_mut() else { continue };
                m.parts += 1;
                let ct = element.get("ct").unwrap_or("").to_ascii_lowercase();
                if ct.starts_with("text/plain") {
                    if let Some(text) = element
                        .get("text")
                        .filter(|t| !t.is_empty() && *t != "null")
                    {
                        m.texts.push(text.to_owned());
                    }
                } else if ct != "application/smil"
                    && let Some(data) = element
                        .get("data")
                        .filter(|d| !d.is_empty() && *d != "null")
                {
                    let position = format!("mms #{}, part {}", m.n, m.parts);
                    let at = millis(m.element.as_ref().and_then(|e| e.get("date")), "date")
                        .map_err(|reason| {
                            ImportError::malformed(xml.src.path, format!("<mms> #{}", m.n), reason)
                        })?;
                    let staged = match stage_base64(xml.src, data, &position) {
                        Ok(staged) => staged,
                        // A damaged part is lost alone; its message stays.
                        Err(ImportError::Malformed { .. }) => {
                            let at_byte = Some(xml.reader.buffer_position());
                            xml.src.lost(Gap::Part { position, at_byte })?;
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    let name = element
                        .get("cl")
                        .or(element.get("name"))
                        .filter(|n| !n.is_empty() && *n != "null");
                    m.attachments.push(Attachment {
                        staged,
                        position,
                        name: name.map(str::to_owned),
                        at,
                    });
                }
            }
            Step::Open(name, element, _) if name == "addr" => {
                if let Some(m) = mms.as_mut() {
                    let address = element.get("address").unwrap_or("").to_owned();
                    let kind = element.get("type").unwrap_or("").trim().to_owned();
                    m.addrs.push((address, kind));
                }
            }
            Step::Close(name) if name == "mms" => {
                if let Some(m) = mms.take() {
                    finish_mms(&mut xml, m, region, &mut parsed)?;
                }
            }
            Step::Open(..) | Step::Close(_) => {}
            Step::End => {
                if let Some(m) = mms {
                    for a in &m.attachments {
                        a.staged.discard();
                    }
                }
                return Ok(parsed);
            }
            Step::Cut { at_byte, .. } => {
                // The message being read when the file ended is incomplete:
                // it is not imported, and its media are let go.
                let inside = match &mms {
                    Some(m) => {
                        for a in &m.attachments {
                            a.staged.discard();
                        }
                        Some(format!("mms #{}", m.n))
                    }
                    None => None,
                };
                xml.cut(at_byte, inside)?;
                return Ok(parsed);
            }
        }
    }
}

/// Decodes a part's base64 `data` straight into a staged file.
fn stage_base64(
    src: &mut Source<'_>,
    data: &str,
    position: &str,
) -> Result<crate::case::blob::Staged, ImportError> {
    let compact: std::borrow::Cow<'_, str> = if data.bytes().any(|b| b.is_ascii_whitespace()) {
        data.chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect::<String>()
            .into()
    } else {
        data.into()
    };
    let engine = base64::engine::general_purpose::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let mut reader = base64::read::DecoderReader::new(compact.as_bytes(), &engine);
    src.stage(&mut reader, position)
}

fn finish_mms(
    xml: &mut Xml<'_, '_>,
    m: Mms,
    region: crate::model::jurisdiction::Rules,
    parsed: &mut Parsed,
) -> Result<(), ImportError> {
    let position = format!("mms #{}", m.n);
    let element = m.element.unwrap_or(Element { attrs: Vec::new() });
    let fail =
        |reason: String| ImportError::malformed(xml.src.path, format!("<mms> #{}", m.n), reason);
    let at = match millis(element.get("date"), "date") {
        Ok(at) => at,
        Err(reason) => {
            for a in &m.attachments {
                a.staged.discard();
            }
            return Err(fail(reason));
        }
    };
    let direction = match element.get("msg_box").unwrap_or("1").trim() {
        "1" => Direction::In,
        "3" => {
            for a in &m.attachments {
                a.staged.discard();
            }
            xml.src.skip(position, "a draft, never sent");
            return Ok(());
        }
        _ => Direction::Out,
    };
    // The other side: the sender of what came in, the first recipient of
    // what went out; every other address is a further recipient.
    let mut addrs: Vec<(String, String)> = m.addrs;
    if addrs.is_empty() {
        let list = element.get("address").unwrap_or("");
        addrs = list
            .split('~')
            .map(|a| (a.to_owned(), String::new()))
            .collect();
    }
    let main = match direction {
        Direction::In => addrs.iter().position(|(_, t)| t == "137"),
        _ => addrs.iter().position(|(_, t)| t == "151"),
    }
    .unwrap_or(0);
    let (raw, _) = addrs.get(main).cloned().unwrap_or_default();
    let recipients: Vec<(String, Address)> = addrs
        .iter()
        .enumerate()
        .filter(|(i, (a, _))| *i != main && !a.is_empty() && *a != raw)
        .map(|(_, (a, _))| (a.clone(), phone::normalize(a, region)))
        .collect();
    let body = (!m.texts.is_empty()).then(|| m.texts.join("\n"));
    // A group message's contact_name lists everyone's names: it names no
    // one party.
    let group = !recipients.is_empty();
    xml.src.emit(Record {
        position,
        channel: "mms",
        direction: Some(direction),
        at,
        address: phone::normalize(&raw, region),
        address_raw: raw,
        contact_name: if group {
            None
        } else {
            contact(element.get("contact_name"))
        },
        duration_ms: None,
        body,
        recipients,
        source_id: None,
        facetime: None,
    })?;
    parsed.attachments.extend(m.attachments);
    Ok(())
}
