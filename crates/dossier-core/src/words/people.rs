//! Messages of `timeline`, `party` and `set`: events as lines, parties
//! and their labels, paydays and written requests to stop.

use super::*;

impl Lang {
    pub fn timeline_empty(self) -> &'static str {
        match self {
            Lang::Zh => "这段时间内没有事件。",
            Lang::En => "No events in that period.",
        }
    }

    /// An event's channel as stored: a contact's channel by its one name,
    /// a file's by the name of its kind.
    pub(crate) fn channel(self, channel: &str) -> String {
        use crate::model::channel::Channel;
        use crate::model::kind::Kind;
        let kind = match channel {
            "image" => Some(Kind::Image),
            "recording" => Some(Kind::Audio),
            "video" => Some(Kind::Video),
            "document" => Some(Kind::Document),
            "text" => Some(Kind::Text),
            "file" => Some(Kind::Other),
            _ => None,
        };
        let known = Channel::ALL.into_iter().find(|c| c.as_str() == channel);
        match (kind, known, channel) {
            (Some(kind), _, _) => kind.label(self).to_owned(),
            (None, Some(c), _) => c.label(self).to_owned(),
            (None, None, "note") if self == Lang::Zh => "文字记录".to_owned(),
            (None, None, other) => other.to_owned(),
        }
    }

    pub(crate) fn direction(self, d: crate::import::Direction) -> &'static str {
        d.label(self)
    }

    pub(crate) fn role(self, role: crate::people::party::Role) -> &'static str {
        role.label(self)
    }

    pub fn timeline_line(self, time: &str, e: &crate::query::timeline::Entry) -> String {
        let mut line = format!("  {time}  {}", self.channel(&e.channel));
        if let Some(kind) = e.facetime {
            line.push_str(&format!(" ({})", self.facetime(kind)));
        }
        if let Some(d) = e.direction {
            line.push_str(&format!(" {}", self.direction(d)));
        }
        let who = if e.hidden {
            Some(self.pick("隐藏号码".into(), "hidden number".into()))
        } else if e.masked {
            Some(self.pick(
                "号码被导出文件遮盖".into(),
                "number masked in the export".into(),
            ))
        } else {
            e.party_key
                .as_deref()
                .map(crate::people::party::display_key)
                .or(e.party_raw.as_deref())
                .map(str::to_owned)
        };
        if let Some(who) = who {
            let mut tags: Vec<String> = Vec::new();
            if let Some(name) = &e.party_name {
                tags.push(name.clone());
            }
            if let Some(role) = e.party_role {
                tags.push(self.role(role).to_owned());
            }
            line.push_str(&format!("  {who}"));
            if !tags.is_empty() {
                line.push_str(&format!(" ({})", tags.join(", ")));
            }
        }
        if let Some(ms) = e.duration_ms.filter(|&ms| ms > 0) {
            let s = ms / 1000;
            line.push_str(&format!("  {}:{:02}", s / 60, s % 60));
        }
        if let Some(body) = &e.body {
            let short: String = body.chars().take(60).collect();
            let ellipsis = if body.chars().count() > 60 { "…" } else { "" };
            line.push_str(&format!("  “{}{ellipsis}”", short.replace('\n', " ")));
        }
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|s| {
                self.pick(
                    format!("证据 {}：{}", s.exhibit, s.record),
                    format!("exhibit {}: {}", s.exhibit, s.record),
                )
            })
            .collect();
        line.push_str(&format!("  [{}]", sources.join("; ")));
        if !e.attachments.is_empty() {
            let list: Vec<String> = e.attachments.iter().map(|x| format!("#{x}")).collect();
            line.push_str(&self.pick(
                format!("  附件：证据 {}", list.join("、")),
                format!("  attachments: exhibit {}", list.join(", ")),
            ));
        }
        line
    }

    /// A FaceTime call, as the timeline names it.
    pub fn facetime(self, kind: crate::import::FaceTime) -> &'static str {
        kind.label(self)
    }

    pub fn party_nothing_to_set(self) -> &'static str {
        match self {
            Lang::Zh => "请至少给出 --role、--name、--group 或 --basis 之一",
            Lang::En => "give at least one of --role, --name, --group or --basis",
        }
    }

    pub fn parties_empty(self) -> &'static str {
        match self {
            Lang::Zh => "案件中还没有当事方。导入通话记录或短信后，号码会出现在这里。",
            Lang::En => {
                "The case has no parties yet. Numbers appear here once call logs or messages are imported."
            }
        }
    }

    pub fn party_line(self, p: &crate::people::party::PartyRow) -> String {
        let mut line = crate::people::party::display_key(&p.key).to_owned();
        if p.key == crate::people::party::SELF_KEY {
            line = self.pick("借款人本人".into(), "the debtor".into());
        }
        let mut tags = Vec::new();
        if let Some(role) = p.role {
            tags.push(self.role(role).to_owned());
        }
        if let Some(name) = &p.name {
            tags.push(name.clone());
        }
        if let Some(group) = &p.group {
            tags.push(self.pick(format!("归属：{group}"), format!("group: {group}")));
        }
        if let Some(b) = &p.basis {
            let (zh, en) = b.basis.describe();
            let source = b.source.as_deref().unwrap_or("");
            tags.push(match (self, source.is_empty()) {
                (Lang::Zh, true) => format!("依据：{zh}"),
                (Lang::Zh, false) => format!("依据：{zh}（{source}）"),
                (Lang::En, true) => format!("basis: {en}"),
                (Lang::En, false) => format!("basis: {en} ({source})"),
            });
        }
        if !tags.is_empty() {
            line.push_str(&format!("  ({})", tags.join(", ")));
        }
        line.push_str(&self.pick(
            format!("  事件 {}", p.events),
            format!("  {} events", p.events),
        ));
        if p.owned_events > 0 {
            line.push_str(&self.pick(
                format!("，其手机记录 {}", p.owned_events),
                format!(", {} recorded on its phone", p.owned_events),
            ));
        }
        line
    }

    pub fn set_nothing(self) -> &'static str {
        match self {
            Lang::Zh => {
                "请给出要修改的内容，例如 --paydays 15，或 --cease 催收机构名称 --received 2026-04-02"
            }
            Lang::En => {
                "say what to change, such as --paydays 15, or --cease COLLECTOR --received 2026-04-02"
            }
        }
    }

    pub fn cease_needs_received(self) -> &'static str {
        match self {
            Lang::Zh => {
                "请用 --received 给出催收方收到书面停止联系要求的日期（例如回执上的日期 2026-04-02），或用 --withdraw 撤回已记录的要求"
            }
            Lang::En => {
                "give the day the collector received the written request with --received (the date on the return receipt, such as 2026-04-02), or take a recorded one back with --withdraw"
            }
        }
    }

    pub fn cease_line(self, r: &crate::people::cease::CeaseRequest) -> String {
        let source = r.source.as_deref().map_or(String::new(), |s| match self {
            Lang::Zh => format!("（{s}）"),
            Lang::En => format!(" ({s})"),
        });
        self.pick(
            format!(
                "书面停止联系要求：{} 于 {} 收到{source}",
                r.collector, r.received
            ),
            format!(
                "Written request to cease: received by {} on {}{source}",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_recorded(self, r: &crate::people::cease::CeaseRequest) -> String {
        self.pick(
            format!(
                "已记录：{} 于 {} 收到借款人的书面停止联系要求；此后它的联系将在美国规则的检查中列出（dossier check --rules us）",
                r.collector, r.received
            ),
            format!(
                "Recorded: {} received the borrower's written request to cease on {}; what it sent afterwards is listed by the US rules (dossier check --rules us)",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_withdrawn(self, r: &crate::people::cease::CeaseRequest) -> String {
        self.pick(
            format!(
                "已撤回对 {} 的书面停止联系要求（原记录 {} 收到；撤回记入审计日志）",
                r.collector, r.received
            ),
            format!(
                "The written request to {} (recorded as received on {}) is withdrawn; the audit log keeps both",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_error(self, e: &crate::people::cease::CeaseError) -> String {
        use crate::people::cease::CeaseError;
        match (self, e) {
            (Lang::Zh, CeaseError::UnknownCollector { name, known }) => {
                let known = if known.is_empty() {
                    String::new()
                } else {
                    format!("（案件中已有：{}）", known.join("、"))
                };
                format!(
                    "{name:?} 不是本案的催收方：没有标为贷款机构、催收机构或催收人员的号码或账号叫这个名字，也没有催收人员归属于它{known}——请先标注催收方的号码（dossier party set 号码 --role agency --name 名称）"
                )
            }
            (Lang::Zh, CeaseError::NotADate { text }) => format!(
                "{text:?} 不是日期：请给出催收方收到要求的日期，例如 2026-04-02 或 2026年4月2日"
            ),
            (Lang::Zh, CeaseError::Future { date, today }) => {
                format!("{date} 晚于今天（{today}）：请给出催收方收到要求的日期")
            }
            (Lang::Zh, CeaseError::NotRecorded { name }) => {
                format!("没有记录过给 {name:?} 的书面停止联系要求，无可撤回")
            }
            (Lang::Zh, CeaseError::Record(source)) => {
                format!("无法在案件数据库中记录书面停止联系要求：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn paydays_set(self, days: &[i8]) -> String {
        let list: Vec<String> = days.iter().map(i8::to_string).collect();
        match (self, days.is_empty()) {
            (Lang::Zh, true) => "已清除借款人的发薪日".into(),
            (Lang::En, true) => "The borrower's paydays are cleared".into(),
            (Lang::Zh, false) => format!("借款人的发薪日：每月 {} 日", list.join("、")),
            (Lang::En, false) => format!(
                "The borrower's paydays: day {} of the month",
                list.join(", ")
            ),
        }
    }

    pub fn payday_error(self, e: &crate::people::payday::PaydayError) -> String {
        use crate::people::payday::PaydayError;
        match (self, e) {
            (Lang::Zh, PaydayError::NotADay { text }) => {
                format!("{text:?} 不是每月的日期：请填 1 到 31 之间的数字，例如 15 或 10,25")
            }
            (Lang::Zh, PaydayError::Record(source)) => {
                format!("无法在案件数据库中记录发薪日：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn party_error(self, e: &crate::people::party::PartyError) -> String {
        use crate::people::party::PartyError;
        match (self, e) {
            (Lang::Zh, PartyError::Hidden { input }) => format!(
                "{input:?} 是隐藏或未知号码：隐藏号码永远不会被合并为一个当事方，因此不能标注"
            ),
            (Lang::Zh, PartyError::Record(source)) => {
                format!("无法在案件数据库中记录当事方：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }
}
