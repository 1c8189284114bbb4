//! Messages of `import`: what was imported, what an incomplete export
//! lost, records skipped, and why an export cannot be read, in Chinese
//! where the core's English names the place and the reason.

use super::*;

impl Lang {
    pub fn imported(self, path: &str, r: &crate::import::ImportReport) -> String {
        let stored = match (self, r.already_stored) {
            (Lang::Zh, false) => format!("导出文件已保存为证据 {}", r.exhibit),
            (Lang::Zh, true) => format!("导出文件与证据 {} 完全相同，未重复保存", r.exhibit),
            (Lang::En, false) => format!("the export is stored as exhibit {}", r.exhibit),
            (Lang::En, true) => format!(
                "the export is the same as exhibit {}, not stored again",
                r.exhibit
            ),
        };
        let extracted = r
            .extracted
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = self.pick(
            format!(
                "已导入 {path}（{}）：{stored}；{} 条记录，新增 {} 个事件，{} 个已在案件中",
                r.format.as_str(),
                r.records,
                r.new_events,
                r.known_events
            ),
            format!(
                "Imported {path} ({}): {stored}; {} records, {} new events, {} already known",
                r.format.as_str(),
                r.records,
                r.new_events,
                r.known_events
            ),
        );
        if !r.extracted.is_empty() {
            line.push_str(&self.pick(
                format!(
                    "；消息中的 {} 个附件（图片、录音等）保存为证据 {extracted}",
                    r.extracted.len()
                ),
                format!(
                    "; {} message attachments (pictures, recordings) stored as exhibits {extracted}",
                    r.extracted.len()
                ),
            ));
        }
        if !r.skipped.is_empty() {
            line.push_str(&self.pick(
                format!("；跳过 {} 条", r.skipped.len()),
                format!("; {} records passed over:", r.skipped.len()),
            ));
        }
        line
    }

    /// How many records of an import had a number the export masks.
    pub fn masked_records(self, n: u64) -> String {
        self.pick(
            format!(
                "  注意：{} 条记录的对方号码被导出文件遮盖（如 138****1234 或 ***）。完全遮盖的号码不会合并为同一个人，也不计入任何一方；部分遮盖的号码单独列出，不与任何完整号码合并",
                crate::import::group_digits(n)
            ),
            format!(
                "  Note: {} records have the other number masked by the export (like 138****1234 or ***). A fully masked number is never merged into one person or counted for anyone; a partly masked one is kept apart from every full number",
                crate::import::group_digits(n)
            ),
        )
    }

    /// What an export lost, and what that means for the records imported.
    pub fn import_gap(self, gap: &crate::import::Gap, records: u64) -> String {
        let what = gap.describe(records, self);
        match (gap, self) {
            (crate::import::Gap::Truncated { .. }, Lang::Zh) => format!(
                "  {what}如果手机还在，请重新导出一次再导入；原文件已原样保存为证据，并注明不完整"
            ),
            (crate::import::Gap::Truncated { .. }, Lang::En) => format!(
                "  {what} If you still have the phone, export again and import the new file; this file is stored as it is, marked incomplete"
            ),
            _ => format!("  {what}"),
        }
    }

    /// Said once when attachments a message names are not in the export.
    pub fn attachments_missing_hint(self) -> &'static str {
        match self {
            Lang::Zh => {
                "  附件没有随导出文件保存：如果有完整的 iPhone 备份文件夹，请导入整个文件夹（不要只导入其中的 sms.db），附件会作为证据一并保存"
            }
            Lang::En => {
                "  Attachments missing from the export: if you have the whole iPhone backup folder, import the folder (not the sms.db alone) and the attachments are stored as exhibits with their messages"
            }
        }
    }

    /// A record imported with something to check.
    pub fn import_flag(self, position: &str, flag: &crate::import::Flag) -> String {
        flag.describe(position, self)
    }

    pub fn skipped_record(self, position: &str, why: &str) -> String {
        match self {
            Lang::Zh => format!(
                "{}：{}",
                crate::import::record_words(position, Lang::Zh),
                self.skip_reason(why)
            ),
            Lang::En => format!("{position}: {why}"),
        }
    }

    /// Why a record was passed over, in the user's language.
    pub fn skip_reason(self, why: &str) -> String {
        match (self, why) {
            (Lang::Zh, "a draft, never sent") => "草稿，从未发出".to_owned(),
            (Lang::Zh, "a WeChat system notice") => "微信系统提示".to_owned(),
            (_, why) => why.to_owned(),
        }
    }

    pub fn import_error(self, e: &crate::import::ImportError) -> String {
        use crate::import::ImportError;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            ImportError::Source(e) => self.ingest_error(e),
            ImportError::Undetected { path, candidates } => {
                let could = if candidates.is_empty() {
                    String::new()
                } else {
                    format!("：可能是 {}", candidates.join(" 或 "))
                };
                format!(
                    "无法判断 {} 是哪种导出文件{could}——请用 --format 指定（{}）",
                    path.display(),
                    crate::import::Format::ALL
                        .map(crate::import::Format::as_str)
                        .join("、")
                )
            }
            ImportError::Malformed { path, at, reason } => format!(
                "无法导入 {}：{}：{}——未导入任何内容",
                path.display(),
                place_zh(at),
                reason.zh.clone().unwrap_or_else(|| reason_zh(&reason.en))
            ),
            ImportError::NeedsMapping { path } => format!(
                "{} 看起来是 CSV 列表，但内置的列映射（{}）都对不上它的列——请写一个映射文件，用 --mapping 文件 指定（见 docs/import.md）",
                path.display(),
                crate::import::PRESETS.join("、")
            ),
            ImportError::Owner { owner } => {
                format!("{owner:?} 不能作为手机主人：隐藏号码不是当事方——请用号码或姓名指明")
            }
            ImportError::Record { path, source } => format!(
                "无法在案件数据库中记录 {} 的导入：{source}——未导入任何内容",
                path.display()
            ),
            ImportError::Cancelled { path } => {
                format!("{} 的导入已停止——未导入任何内容", path.display())
            }
            ImportError::Schema {
                path,
                database,
                table,
                problem,
            } => format!(
                "无法导入 {}：这不像是 iPhone 的 {database}：表 {table}：{}——请导入从备份中原样取出的文件；未导入任何内容",
                path.display(),
                schema_problem_zh(problem)
            ),
            ImportError::TooLong { path, at, what } => {
                format!(
                    "无法导入 {}：{}：{}——未导入任何内容",
                    path.display(),
                    at_zh(at),
                    limit_zh(what)
                )
            }
            ImportError::Unterminated { path, line } => format!(
                "无法导入 {}：第 {line} 行：这里开始的引号一直没有闭合——列表被截断或格式有误；请重新导出，或补上引号——未导入任何内容",
                path.display()
            ),
        }
    }

    pub fn no_backup_databases(self, dir: &str) -> String {
        self.pick(
            format!("{dir} 中没有找到 iOS 备份里的通话记录或短信数据库（按备份文件 ID 查找）——请指向备份文件夹本身（含 Manifest.db 的那一层），或直接给出数据库文件"),
            format!("{dir} holds no iOS call history or sms.db (looked for by their backup file IDs) — point at the backup folder itself (the one with Manifest.db), or give the database file"),
        )
    }

    pub fn backup_encrypted(self, dir: &str) -> String {
        self.pick(
            format!("{dir} 是加密的 iOS 备份（备份时勾选了“加密本地备份”），无法读取——请在“访达”或 iTunes 中取消勾选“加密本地备份”（需要输入备份密码），再备份一次，然后导入新的备份"),
            format!("{dir} is an encrypted iOS backup (\"Encrypt local backup\" was on) and cannot be read — in Finder or iTunes turn \"Encrypt local backup\" off (it asks for the backup password), back up again, and import the new backup"),
        )
    }

    pub fn backup_lacks(self, dir: &str, format: crate::import::Format) -> String {
        let (zh, en, file) = match format {
            crate::import::Format::IosCalls => {
                ("通话记录", "call history", "CallHistory.storedata")
            }
            _ => ("短信数据库", "message database", "sms.db"),
        };
        self.pick(
            format!("{dir} 的 Manifest.db 列出了{zh}（{file}），但文件夹里没有这个文件：备份可能没有完成，或复制时漏掉了文件——请从原来的电脑重新复制整个备份文件夹，或重新备份一次"),
            format!("the Manifest.db of {dir} lists the {en} ({file}), but the folder lacks the file: the backup may not have finished, or the copy left files behind — copy the whole backup folder again from the computer it was made on, or back up again"),
        )
    }

    pub fn mapping_error(self, given: &str, message: &str) -> String {
        let presets = crate::import::PRESETS.join(", ");
        self.pick(
            format!("无法使用列映射 {given:?}：{message}——可用内置映射（{presets}）或一个 JSON 映射文件（见 docs/import.md）"),
            format!("cannot use the mapping {given:?}: {message} — give a built-in mapping ({presets}) or a JSON mapping file (see docs/import.md)"),
        )
    }
}

/// `line 12` as `第 12 行`; record names of databases (`message ROWID 7`)
/// are the database's own words and stay as they are.
fn at_zh(at: &str) -> String {
    match at.strip_prefix("line ") {
        Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => format!("第 {n} 行"),
        _ => at.to_owned(),
    }
}

fn schema_problem_zh(problem: &crate::import::SchemaProblem) -> String {
    use crate::import::SchemaProblem;
    match problem {
        SchemaProblem::Missing => "缺少这个表".to_owned(),
        SchemaProblem::NotATable { kind } => format!("它是 {kind}，不是普通的表"),
        SchemaProblem::WithoutRowid => "它是 WITHOUT ROWID 表".to_owned(),
        SchemaProblem::MissingColumn { column } => format!("缺少列 {column}"),
        SchemaProblem::Generated { column } => format!("列 {column} 是生成列或隐藏列"),
        SchemaProblem::ComputedDefault { column, default } => {
            format!("列 {column} 的默认值是计算表达式（{default}）")
        }
        SchemaProblem::Affinity {
            column,
            declared,
            expected,
        } => format!("列 {column} 声明为 {declared:?}，而手机上声明为 {expected}"),
        SchemaProblem::ShadowedRowid { column } => {
            format!("列 {column} 与行号（ROWID）同名，却不是表的 INTEGER PRIMARY KEY")
        }
        SchemaProblem::Duplicate { column, value } => {
            format!("{column} {value} 被不止一行使用")
        }
    }
}

fn limit_zh(limit: &crate::import::Limit) -> String {
    use crate::import::Limit;
    let size = |bytes: usize| match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} 字节"),
    };
    match *limit {
        Limit::Field {
            bytes,
            quoted: true,
        } => format!(
            "一个带引号的字段超过 {}——这一行开始的引号多半没有闭合；请补上引号，或重新导出列表",
            size(bytes)
        ),
        Limit::Field {
            bytes,
            quoted: false,
        } => format!(
            "一个字段超过 {}——这不是通话或短信列表；请确认选对了文件",
            size(bytes)
        ),
        Limit::Record { bytes } => format!(
            "一行超过 {}——这不是通话或短信列表；请确认选对了文件",
            size(bytes)
        ),
        Limit::Number { chars } => {
            format!("号码列超过 {chars} 个字符，不是电话号码——请检查映射把哪一列当作号码")
        }
        Limit::Text { column, bytes } => format!(
            "{column} 超过 {}——手机不会写出这样的内容；请导入从备份中原样取出的文件",
            size(bytes)
        ),
    }
}

/// Where in an export something is wrong, in Chinese: `line 12`, `byte
/// 26798`, `<call> #2`, `the header`.
fn place_zh(at: &str) -> String {
    let words = |s: &str| crate::import::record_words(s, crate::analysis::Lang::Zh);
    if let Some(n) = at.strip_prefix("byte ").and_then(|n| n.parse::<u64>().ok()) {
        return format!("第 {} 字节", crate::import::group_digits(n));
    }
    if let Some((element, rest)) = at.split_once(" at byte ") {
        return format!("{}（第 {rest} 字节）", element);
    }
    if let Some(rest) = at.strip_prefix('<')
        && let Some((name, n)) = rest.split_once("> #")
    {
        return words(&format!("{name} #{n}"));
    }
    if let Some(table) = at.strip_prefix("table ") {
        return format!("表 {table}");
    }
    match at {
        "the start" => "文件开头".to_owned(),
        "the header" => "表头".to_owned(),
        "the mapping" => "映射".to_owned(),
        "the workbook" => "工作簿".to_owned(),
        "the root element" => "根元素".to_owned(),
        "the database" => "数据库".to_owned(),
        other => words(other),
    }
}

/// Why an export cannot be read, in Chinese, for the reasons the importers
/// give; a reader's own technical detail (an XML parser's words) is kept
/// after them as written.
fn reason_zh(reason: &str) -> String {
    let mut text = reason.to_owned();
    for (en, zh) in [
        ("the time: ", "时间："),
        ("the direction: ", "方向："),
        ("the duration: ", "时长："),
    ] {
        if let Some(rest) = text.strip_prefix(en) {
            text = format!("{zh}{rest}");
        }
    }
    let replacements: [(&str, &str); 22] = [
        (
            " is not a time this importer reads (e.g. 2026年3月5日 21:03:11, 2026/03/05 21:03)",
            " 不是可识别的时间（可识别的写法如 2026年3月5日 21:03:11、2026/03/05 21:03）",
        ),
        (
            " has no year: give the mapping a \"year\"",
            " 没有年份：请在映射中写明 \"year\"",
        ),
        ("the time is empty", "时间为空"),
        (
            " is not in the mapping's \"directions\"",
            " 不在映射的 \"directions\" 中",
        ),
        (" is not Unix seconds", " 不是 Unix 秒数"),
        (" is not a time in milliseconds", " 不是毫秒时间戳"),
        (" is out of range", " 超出范围"),
        (" is not a number of seconds", " 不是秒数"),
        (" is not a call type (1 to 7)", " 不是通话类型（1 到 7）"),
        (" is not a message type (1 to 6)", " 不是短信类型（1 到 6）"),
        ("there is no header row", "没有表头行"),
        (
            "no row among the first 20 has the mapping's columns",
            "前 20 行中没有一行含有映射所列的列",
        ),
        (
            " — check the column names in the mapping",
            "——请检查映射中的列名",
        ),
        (
            "no sheet has the mapping's columns among its first 20 rows — check the column names",
            "没有一个工作表的前 20 行含有映射所列的列——请检查列名",
        ),
        (
            "it cannot be read as an Excel workbook: ",
            "无法作为 Excel 工作簿读取：",
        ),
        ("it is not a readable .xlsx: ", "不是可读取的 .xlsx："),
        (
            " — the export looks damaged or truncated; export it again",
            "——导出文件似乎已损坏，请重新导出",
        ),
        (
            " — the export is damaged; export it again",
            "——导出文件已损坏，请重新导出",
        ),
        ("a control byte ", "元素中有控制字节 "),
        (
            " inside an element, which XML does not allow",
            "，XML 不允许",
        ),
        ("its data cannot be decoded: ", "其数据无法解码："),
        ("unknown time zone ", "未知时区 "),
    ];
    for (en, zh) in replacements {
        text = text.replace(en, zh);
    }
    if let Some(rest) = text.strip_prefix("expected <")
        && let Some((want, found)) = rest.split_once(">, found <")
    {
        let (found, hint) = found.split_once('>').unwrap_or((found, ""));
        let hint = hint
            .replace(
                " — this is a call log: use --format android-calls",
                "——这是通话记录：请用 --format android-calls",
            )
            .replace(
                " — this is a message export: use --format android-sms",
                "——这是短信导出：请用 --format android-sms",
            );
        text = format!("应为 <{want}>，实为 <{found}>{hint}");
    }
    text
}
