//! `dossier import`: a phone's or app's export read into events.

use crate::*;
use clap::Args;
use dossier_core::import::Format;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The export file, or an iOS backup folder.
    pub file: PathBuf,
    /// The export's format, detected from its content when left out: android-calls and android-sms
    /// (SMS Backup & Restore XML), ios-calls (CallHistory.storedata), ios-sms (sms.db), wechat-csv
    /// (a MemoTrace/留痕 export), csv (any CSV/TSV list, through --mapping), excel (.xls/.xlsx, a
    /// carrier 详单).
    #[arg(long, value_parser = crate::args::words_of!(Format::ALL, Format::parse))]
    pub format: Option<Format>,
    /// For a CSV list: a built-in mapping (cn-carrier-calls, cn-carrier-sms, generic-calls, generic-messages) or a mapping file (JSON).
    #[arg(long)]
    pub mapping: Option<String>,
    /// Who supplied the export.
    #[arg(long)]
    pub contributor: Option<String>,
    /// Whose phone it comes from: debtor (the borrower) or a number or name (a relative's phone).
    #[arg(long, default_value = "debtor")]
    pub owner: String,
    /// Print the documented JSON schema (dossier.import/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn import_cmd(lang: Lang, clock: &dyn Clock, a: ImportArgs) -> Exit {
    use dossier_core::import::{self, ImportOptions, Owner};
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let mapping = match a.mapping.as_deref().map(load_mapping) {
        None => None,
        Some(Ok(mapping)) => Some(mapping),
        Some(Err(message)) => {
            fail(lang.mapping_error(a.mapping.as_deref().unwrap_or(""), &message));
            return Exit::BadInput;
        }
    };
    let options = ImportOptions {
        format: a.format,
        mapping,
        contributor: a.contributor.filter(|c| !c.trim().is_empty()),
        owner: match a.owner.trim() {
            "" | "debtor" | "self" => Owner::Debtor,
            other => Owner::Party(other.to_owned()),
        },
    };
    // An iOS backup folder holds its databases under their backup file IDs.
    let sources = import::sources(&a.file, options.format);
    let missing = sources.missing.len();
    if sources.folder {
        let dir = a.file.display().to_string();
        if sources.encrypted {
            fail(lang.backup_encrypted(&dir));
            return Exit::BadInput;
        }
        // What the manifest lists and the folder lacks is named, never
        // passed over: the user may still have it somewhere.
        for format in &sources.missing {
            fail(lang.backup_lacks(&dir, *format));
        }
        if sources.files.is_empty() {
            if missing == 0 {
                fail(lang.no_backup_databases(&dir));
            }
            return Exit::BadInput;
        }
    }
    let folder = sources.folder;
    let files = sources.files;
    let mut reports = Vec::new();
    let (mut failed, mut incomplete) = (0, missing);
    for (file, format) in &files {
        let mut bar = progress::Bar::default();
        let options = ImportOptions {
            format: *format,
            ..options.clone()
        };
        match import::import(&mut case, file, &options, clock, &default_actor(), &mut bar) {
            Ok(report) => {
                if !a.json {
                    say!("{}", lang.imported(&file.display().to_string(), &report));
                    for (position, why) in &report.skipped {
                        say!("  - {}", lang.skipped_record(position, why));
                    }
                    if report.masked > 0 {
                        say!("{}", lang.masked_records(report.masked));
                    }
                    for gap in &report.gaps {
                        say!("{}", lang.import_gap(gap, report.records));
                    }
                    if report
                        .gaps
                        .iter()
                        .any(|g| matches!(g, dossier_core::import::Gap::Missing { .. }))
                    {
                        say!("{}", lang.attachments_missing_hint());
                    }
                    for (position, flag) in &report.flags {
                        say!("  - {}", lang.import_flag(position, flag));
                    }
                }
                if report.incomplete() {
                    incomplete += 1;
                }
                reports.push(report);
            }
            Err(e) => {
                failed += 1;
                fail(lang.import_error(&e));
            }
        }
    }
    if a.json {
        // A backup folder gives one report per database it holds.
        match reports.as_slice() {
            [one] if !folder => println!("{}", json::import(one)),
            many => println!(
                "{}",
                serde_json::Value::Array(many.iter().map(json::import).collect())
            ),
        }
    }
    // An export read only in part is a partial import: what was complete
    // is stored, and what was lost is named.
    match (failed, reports.len()) {
        (0, _) if incomplete == 0 => Exit::Success,
        (_, 0) => Exit::BadInput,
        _ => Exit::Partial,
    }
}

/// A built-in mapping by name, or a mapping file.
pub(crate) fn load_mapping(name_or_file: &str) -> Result<dossier_core::import::Mapping, String> {
    if let Some(mapping) = dossier_core::import::preset(name_or_file) {
        return Ok(mapping);
    }
    let text = std::fs::read_to_string(name_or_file).map_err(|e| e.to_string())?;
    dossier_core::import::Mapping::from_json(&text)
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("import", "", "导入手机的通话记录、短信/彩信或聊天导出文件"),
    ("import", "case", "案件文件夹"),
    ("import", "file", "导出文件"),
    (
        "import",
        "format",
        "导出文件的格式，不指定时按内容判断：android-calls 和 android-sms（SMS Backup & Restore 的 XML）、ios-calls（CallHistory.storedata）、ios-sms（sms.db）、wechat-csv（留痕/MemoTrace 导出）、csv（任意 CSV/TSV 列表，配合 --mapping）、excel（.xls/.xlsx，运营商详单）",
    ),
    ("import", "contributor", "提供这个导出文件的人"),
    (
        "import",
        "mapping",
        "CSV 列表的列映射：内置映射（cn-carrier-calls、cn-carrier-sms、generic-calls、generic-messages）或映射文件（JSON）",
    ),
    (
        "import",
        "owner",
        "这是谁的手机：debtor（借款人本人），或一个号码/姓名（亲属的手机）",
    ),
    (
        "import",
        "json",
        "输出文档化的 JSON（dossier.import/1）而不是文字",
    ),
];
