//! Messages of `check` and `stats`: headings, rules, cited exhibits,
//! suspects, patterns, counts per day and hour, and rule pack errors.

use super::*;

impl Lang {
    pub fn pack_error(self, e: &crate::analysis::PackError) -> String {
        use crate::analysis::PackError;
        match (self, e) {
            (Lang::Zh, PackError::Unknown { name }) => {
                format!("{name}：没有这个规则包——请用 cn 或 us，或给出规则包文件的路径")
            }
            (Lang::Zh, PackError::Read { path, source }) => {
                format!("无法读取规则包 {path}：{source}")
            }
            (
                Lang::Zh,
                PackError::Syntax {
                    file,
                    line,
                    message,
                },
            ) => {
                format!("规则包 {file} 第 {line} 行格式错误：{message}")
            }
            (
                Lang::Zh,
                PackError::Invalid {
                    file,
                    place,
                    message,
                },
            ) => {
                format!("规则包 {file}（{place}）无效：{message}")
            }
            (Lang::Zh, PackError::Lexicon { file, source }) => {
                format!("规则包 {file} 的词库无效：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn check_header(
        self,
        pack: &str,
        id: &str,
        zone: &str,
        events: u64,
        contacts: u64,
    ) -> String {
        self.pick(
            format!("规则包：{pack}（{id}）· 时区 {zone} · 共 {events} 个事件，其中催收联系 {contacts} 个"),
            format!("Rule pack: {pack} ({id}) · time zone {zone} · {events} events, {contacts} of them collection contacts"),
        )
    }

    pub fn no_collection_parties(self, case: &str) -> String {
        self.pick(
            format!(
                "还没有号码被标注为贷款机构、催收机构或催收人员，所以没有事件计为催收联系。请先标注，例如：dossier party {case} set 号码 --role collector（下面的“疑似催收号码”可作参考）"
            ),
            format!(
                "No number is labelled as a lender, agency or collector yet, so no event counts as a collection contact. Label them first, e.g. dossier party {case} set NUMBER --role collector (see the suspected collectors below)"
            ),
        )
    }

    pub fn rule_heading(
        self,
        id: &str,
        title: &str,
        mark: &str,
        findings: usize,
        events: usize,
    ) -> String {
        match (self, findings) {
            (Lang::Zh, 0) => format!("{id} {title} [{mark}] —— 未发现"),
            (Lang::En, 0) => format!("{id} {title} [{mark}] — nothing found"),
            (Lang::Zh, n) => format!("{id} {title} [{mark}] —— {n} 项发现，涉及 {events} 个事件"),
            (Lang::En, 1) => format!("{id} {title} [{mark}] — 1 finding, {events} events"),
            (Lang::En, n) => format!("{id} {title} [{mark}] — {n} findings, {events} events"),
        }
    }

    pub fn sources_line(self, sources: &[String]) -> String {
        match self {
            Lang::Zh => format!("依据：{}", sources.join("；")),
            Lang::En => format!("Source: {}", sources.join("; ")),
        }
    }

    /// `证据 3（call #12、call #15）` for the exhibits a finding cites.
    pub fn exhibits_line(self, cited: &[(i64, Vec<String>, usize)]) -> String {
        let parts: Vec<String> = cited
            .iter()
            .map(|(exhibit, records, more)| {
                let mut list = records.join(self.pick("、".into(), ", ".into()).as_str());
                if *more > 0 {
                    list.push_str(
                        &self.pick(format!(" 等另 {more} 条"), format!(" and {more} more")),
                    );
                }
                self.pick(
                    format!("证据 {exhibit}（{list}）"),
                    format!("exhibit {exhibit} ({list})"),
                )
            })
            .collect();
        self.pick(
            format!("证据：{}", parts.join("；")),
            format!("Evidence: {}", parts.join("; ")),
        )
    }

    pub fn contradictions_heading(self) -> String {
        self.pick(
            "标注与记录不一致（不是认定结论；请先核实再依据这些标注）：".into(),
            "Labels the records contradict (not findings; check them before relying on the labels):".into(),
        )
    }

    pub fn contradiction_exhibits(self, exhibits: &[String]) -> String {
        self.pick(
            format!("见证据：{}", exhibits.join("、")),
            format!("See exhibits: {}", exhibits.join(", ")),
        )
    }

    pub fn suspects_heading(self) -> String {
        self.pick(
            "疑似催收号码（尚未计入任何规则；确认后请标注）：".into(),
            "Suspected collectors (not counted by any rule until you label them):".into(),
        )
    }

    pub fn suspect_hint(self, case: &str, key: Option<&str>) -> String {
        match key {
            Some(key) => self.pick(
                format!("确认是催收：dossier party {case} set {key} --role collector；不是：--role other"),
                format!("If it is a collector: dossier party {case} set {key} --role collector; if not: --role other"),
            ),
            None => self.pick(
                "隐藏号码无法标注；它们只计入“隐藏号码占比”。".into(),
                "Hidden numbers cannot be labelled; they count only in the share of hidden numbers.".into(),
            ),
        }
    }

    pub fn patterns_heading(self) -> String {
        self.pick(
            "催收手法（规律性事实，不是违规认定）：".into(),
            "The collectors' playbook (pattern facts, not violations):".into(),
        )
    }

    pub fn stats_header(self, zone: &str, events: u64, channels: &str) -> String {
        self.pick(
            format!("统计（时区 {zone}）：共 {events} 个事件（{channels}）"),
            format!("Statistics (time zone {zone}): {events} events ({channels})"),
        )
    }

    pub fn stats_contacts(self, contacts: u64, first: Option<&str>, last: Option<&str>) -> String {
        match (first, last) {
            (Some(first), Some(last)) => self.pick(
                format!("催收联系 {contacts} 次，首次 {first}，最近一次 {last}"),
                format!("{contacts} collection contacts, the first {first}, the last {last}"),
            ),
            _ => self.pick(
                "没有催收联系（尚无号码被标注为催收方）".into(),
                "No collection contacts (no number is labelled as a collector yet)".into(),
            ),
        }
    }

    pub fn stats_numbers(self, numbers: u64, collection: u64, hidden: u64, reached: u64) -> String {
        self.pick(
            format!("不同号码 {numbers} 个，其中催收方号码 {collection} 个；隐藏号码事件 {hidden} 个；催收方联系到的第三人 {reached} 位"),
            format!("{numbers} distinct numbers, {collection} of them collectors'; {hidden} events from hidden numbers; {reached} third parties reached by collectors"),
        )
    }

    pub fn stats_days_heading(self) -> String {
        self.pick(
            "每日：来电接通 / 未接 / 去电 · 收到 / 发出消息 · 其中催收联系".into(),
            "Per day: calls answered / unanswered / made · messages received / sent · collection contacts".into(),
        )
    }

    pub fn stats_day(self, date: &str, d: [u64; 7]) -> String {
        self.pick(
            format!(
                "{date}  来电 {}/{}/{}  消息 {}/{}  其他 {}  催收 {}",
                d[0], d[1], d[2], d[3], d[4], d[5], d[6]
            ),
            format!(
                "{date}  calls {}/{}/{}  messages {}/{}  other {}  collection {}",
                d[0], d[1], d[2], d[3], d[4], d[5], d[6]
            ),
        )
    }

    /// A local day with its weekday: `2026-03-05 周四`, `2026-03-05 Thu`.
    pub fn day(self, date: jiff::civil::Date) -> String {
        match self {
            Lang::Zh => {
                let names = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
                let weekday = names[date.weekday().to_monday_zero_offset() as usize];
                format!("{} {weekday}", date.strftime("%Y-%m-%d"))
            }
            Lang::En => date.strftime("%Y-%m-%d %a").to_string(),
        }
    }

    pub fn stats_hours_heading(self) -> String {
        self.pick(
            "按小时（收到的联系；* 为夜间；括号内为催收联系）：".into(),
            "By hour (contacts received; * marks night; collection contacts in brackets):".into(),
        )
    }

    pub fn stats_parties_heading(self) -> String {
        self.pick(
            "当事方（按事件数）：来电接通 / 未接 / 去电 · 收到 / 发出消息 · 通话时长".into(),
            "Parties (most events first): calls answered / unanswered / made · messages received / sent · talk time".into(),
        )
    }

    pub fn role_or_unlabelled(self, role: Option<crate::people::party::Role>) -> String {
        crate::analysis::render::role_name(role, self).to_owned()
    }
}
