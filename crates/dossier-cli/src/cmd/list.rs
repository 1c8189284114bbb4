//! `dossier list`: the exhibits with their hashes and capture times.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.list/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn list_cmd(lang: Lang, a: ListArgs) -> Exit {
    let case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let exhibits = match list::exhibits(&case) {
        Ok(rows) => rows,
        Err(e) => {
            fail(lang.case_error(&CaseError::Sqlite {
                context: "reading the exhibits",
                source: e,
            }));
            return Exit::Integrity;
        }
    };
    let info = case.info();
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", json::list(info, &exhibits));
        return Exit::Success;
    }
    if exhibits.is_empty() {
        let _ = say_to!(out, "{}", lang.list_empty());
        return Exit::Success;
    }
    let labels = lang.list_labels();
    let _ = say_to!(out, "{}", lang.list_summary(exhibits.len(), &info.title));
    for e in &exhibits {
        let name = match (&e.original_name, &e.note_text) {
            (Some(name), _) => shown::name(name).into_owned(),
            (None, Some(n)) => format!("{}{}{}", lang.note_label(&n.channel), labels.colon, n.text),
            (None, None) => format!("[{}]", e.origin),
        };
        let duration = e
            .duration_ms
            .map(|ms| format!("  {:.1} s", ms as f64 / 1000.0))
            .unwrap_or_default();
        let _ = say_to!(
            out,
            "\n{:>4}  {}  {}{duration}  {}",
            e.exhibit,
            lang.kind(e.kind),
            human_size(e.size),
            name
        );
        if let Some(party) = e.note_text.as_ref().and_then(|n| n.party.as_ref()) {
            let _ = say_to!(out, "      {}{}{party}", labels.party, labels.colon);
        }
        let mut basis = lang.basis(e.basis).to_owned();
        if e.zone_assumed {
            basis = format!(
                "{basis}{}{}",
                labels.comma,
                lang.zone_assumed(&info.time_zone_name)
            );
        }
        let _ = say_to!(
            out,
            "      {}{}{}{}{}{}{basis}{}{}{}",
            labels.time,
            labels.colon,
            local_time(e.captured_at, &info.time_zone),
            labels.open,
            labels.basis,
            labels.colon,
            labels.comma,
            e.capture_raw,
            labels.close,
        );
        let contributor = e
            .contributor
            .as_deref()
            .unwrap_or(lang.unknown_contributor());
        let _ = say_to!(
            out,
            "      {}{}{contributor}",
            labels.contributor,
            labels.colon
        );
        if !e.also_from.is_empty() {
            let names: Vec<&str> = e
                .also_from
                .iter()
                .map(|c| c.as_deref().unwrap_or(lang.unknown_contributor()))
                .collect();
            let _ = say_to!(
                out,
                "      {}{}{}",
                labels.also,
                labels.colon,
                names.join(labels.comma)
            );
        }
        if let Some(note) = &e.note {
            let _ = say_to!(out, "      {}{}{note}", labels.note, labels.colon);
        }
        let _ = say_to!(out, "      SHA-256 {}", e.sha256);
    }
    Exit::Success
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("list", "", "列出证据及其哈希值和产生时间"),
    ("list", "case", "案件文件夹"),
    (
        "list",
        "json",
        "输出文档化的 JSON（dossier.list/1）而不是文字",
    ),
];
