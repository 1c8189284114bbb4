//! `dossier check`: the case against its rule pack, findings with their evidence.

use crate::i18n::Lang;
use crate::{Exit, fail, json, open_case};
use clap::Args;
use dossier_core::{Case, CaseError, analysis};
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The case folder.
    pub case: PathBuf,
    /// The rule pack: cn, us, or a pack file (.toml); defaults to the case's own.
    #[arg(long)]
    pub rules: Option<String>,
    /// Print the documented JSON schema (dossier.check/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Opens a case and reads it for analysis, with the pack to judge it by.
pub(crate) fn load_analysis(
    lang: Lang,
    path: &Path,
    rules: Option<&str>,
) -> Result<(Case, analysis::Data, analysis::Pack), Exit> {
    let case = open_case(lang, path)?;
    let pack = match rules {
        Some(name) => analysis::Pack::load(name).map_err(|e| {
            fail(lang.pack_error(&e));
            Exit::BadInput
        })?,
        None => analysis::Pack::builtin(case.info().rules),
    };
    let data = analysis::Data::load(&case).map_err(|e| {
        fail(lang.case_error(&CaseError::Sqlite {
            context: "reading the events",
            source: e,
        }));
        Exit::Integrity
    })?;
    Ok((case, data, pack))
}

pub(crate) fn check_cmd(lang: Lang, a: CheckArgs) -> Exit {
    let (case, data, pack) = match load_analysis(lang, &a.case, a.rules.as_deref()) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let report = analysis::check(&data, &pack);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let _ = json::write_check(&mut out, case.info(), &data, &report);
        return Exit::Success;
    }
    let case_arg = a.case.display().to_string();
    let _ = say_to!(
        out,
        "{}",
        lang.check_header(
            report.pack_name.get(lang),
            &report.pack,
            &report.time_zone,
            report.events,
            report.collection_contacts
        )
    );
    if report.collection_contacts == 0 {
        let _ = say_to!(out, "\n{}", lang.no_collection_parties(&case_arg));
    }
    let _ = say_to!(out, "{}", dossier_core::export::words::MARKS.get(lang));
    for result in &report.rules {
        let rule = &result.rule;
        let _ = say_to!(
            out,
            "\n{}",
            lang.rule_heading(
                &rule.id,
                rule.title.get(lang),
                rule.confidence.mark(),
                result.findings.len(),
                result.events()
            )
        );
        let sources: Vec<String> = rule
            .sources
            .iter()
            .map(|s| format!("{} [{}]", s.cite.get(lang), s.confidence.mark()))
            .collect();
        let _ = say_to!(out, "  {}", lang.sources_line(&sources));
        if let Some(summary) = &result.summary {
            let _ = say_to!(out, "  {}", summary.get(lang));
        }
        for f in &result.findings {
            let _ = say_to!(out, "  · {}", f.sentence.get(lang));
            let _ = say_to!(out, "    {}", lang.exhibits_line(&cited_exhibits(&data, f)));
        }
    }
    if !report.suspects.is_empty() {
        let _ = say_to!(out, "\n{}", lang.suspects_heading());
        for s in &report.suspects {
            let reasons: Vec<String> = s.reasons.iter().map(|r| r.describe(lang)).collect();
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            let _ = say_to!(out, "  · {} — {}", s.label(lang), reasons.join(sep));
            let _ = say_to!(
                out,
                "    {}",
                lang.suspect_hint(
                    &case_arg,
                    s.key
                        .as_deref()
                        .map(dossier_core::people::party::display_key)
                )
            );
        }
    }
    let sentences = report.patterns.sentences();
    if !sentences.is_empty() {
        let _ = say_to!(out, "\n{}", lang.patterns_heading());
        for s in &sentences {
            let _ = say_to!(out, "  · {}", s.get(lang));
        }
    }
    if !report.contradictions.is_empty() {
        let _ = say_to!(out, "\n{}", lang.contradictions_heading());
        for c in &report.contradictions {
            let _ = say_to!(out, "  · {}", c.sentence(&data).get(lang));
            let exhibits: Vec<String> = c.exhibits.iter().map(|x| format!("#{x}")).collect();
            let _ = say_to!(out, "    {}", lang.contradiction_exhibits(&exhibits));
        }
    }
    Exit::Success
}

/// The exhibits a finding cites with the first records of each.
pub(crate) fn cited_exhibits(
    data: &analysis::Data,
    f: &analysis::Finding,
) -> Vec<(i64, Vec<String>, usize)> {
    const SHOWN: usize = 4;
    let mut by_exhibit: std::collections::BTreeMap<i64, Vec<&str>> = Default::default();
    for &i in &f.events {
        for (exhibit, record) in data.sources(&data.events[i as usize]) {
            by_exhibit.entry(exhibit).or_default().push(record);
        }
    }
    by_exhibit
        .into_iter()
        .map(|(exhibit, records)| {
            let more = records.len().saturating_sub(SHOWN);
            (
                exhibit,
                records.into_iter().take(SHOWN).map(str::to_owned).collect(),
                more,
            )
        })
        .collect()
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "check",
        "",
        "按规则包检查案件：列出违规发现及证明它们的事件",
    ),
    ("check", "case", "案件文件夹"),
    (
        "check",
        "rules",
        "规则包：cn、us 或规则包文件（.toml）；默认为案件自己的规则包",
    ),
    (
        "check",
        "json",
        "输出文档中约定的 JSON（dossier.check/1）而不是文字",
    ),
];
