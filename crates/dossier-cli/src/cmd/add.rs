//! `dossier add`: files stored as exhibits.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Files (or, with --recursive, folders) to store.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Who supplied the files (the borrower, a relative, a lawyer).
    #[arg(long)]
    pub contributor: Option<String>,
    /// A note kept with each file's acquisition.
    #[arg(long)]
    pub note: Option<String>,
    /// The time the files were made, as the contributor states it; overrides what the files say.
    #[arg(long)]
    pub at: Option<String>,
    /// Walk folders and add every file inside (hidden files are skipped).
    #[arg(long, short = 'r')]
    pub recursive: bool,
}

pub(crate) fn add(lang: Lang, clock: &dyn Clock, a: AddArgs) -> Exit {
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let at = match &a.at {
        Some(text) => {
            let info = case.info();
            match dossier_core::when::parse(text, &info.time_zone, &info.time_zone_name) {
                Ok(at) => Some(at),
                Err(e) => {
                    fail(lang.time_error(&e));
                    return Exit::BadInput;
                }
            }
        }
        None => None,
    };
    let options = AddOptions {
        contributor: a.contributor.clone().filter(|c| !c.trim().is_empty()),
        note: a.note.clone().filter(|n| !n.trim().is_empty()),
        at,
        recursive: if a.recursive {
            Recursion::Yes
        } else {
            Recursion::No
        },
    };
    let actor = default_actor();
    let mut bar = progress::Bar::default();
    let report = dossier_core::evidence::ingest::add_files(
        &mut case, &a.files, &options, clock, &actor, &mut bar,
    );

    let (mut added, mut duplicates, mut failed) = (0, 0, 0);
    let mut stdout = std::io::stdout().lock();
    for outcome in &report.outcomes {
        match outcome {
            Outcome::Added(item) => {
                added += 1;
                let line = lang.added(
                    item.exhibit,
                    &shown::path(&item.path),
                    item.kind,
                    &human_size(item.size),
                    item.basis,
                );
                let _ = say_to!(stdout, "{line}\n    SHA-256 {}", item.sha256);
            }
            Outcome::Duplicate {
                path,
                exhibit,
                recorded,
            } => {
                duplicates += 1;
                let _ = say_to!(
                    stdout,
                    "{}",
                    lang.duplicate(&shown::path(path), *exhibit, *recorded)
                );
            }
            Outcome::Failed(e) => {
                failed += 1;
                fail(format!(
                    "{}: {}",
                    lang.failed_prefix(),
                    lang.ingest_error(e)
                ));
            }
        }
    }
    if !report.skipped_hidden.is_empty() {
        let _ = say_to!(
            stdout,
            "{}",
            lang.skipped_hidden(report.skipped_hidden.len())
        );
    }
    if !report.skipped_links.is_empty() {
        let _ = say_to!(stdout, "{}", lang.skipped_links(report.skipped_links.len()));
        for skipped in &report.skipped_links {
            let target = skipped
                .target
                .as_deref()
                .map_or_else(|| "?".to_owned(), shown::path);
            let _ = say_to!(stdout, "  {} → {target}", shown::path(&skipped.link));
        }
    }
    let _ = say_to!(stdout, "{}", lang.add_summary(added, duplicates, failed));
    match (failed, added + duplicates) {
        (0, _) => Exit::Success,
        (_, 0) => Exit::BadInput,
        _ => Exit::Partial,
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("add", "", "把文件（截图、照片、录音、文档）保存为证据"),
    ("add", "case", "案件文件夹"),
    (
        "add",
        "files",
        "要保存的文件（加 --recursive 时也可以是文件夹）",
    ),
    ("add", "contributor", "提供人（借款人本人、亲属、律师）"),
    ("add", "note", "随每个文件记录的备注"),
    (
        "add",
        "at",
        "提供人陈述的文件产生时间；优先于文件自身记载的时间",
    ),
    (
        "add",
        "recursive",
        "遍历文件夹，添加其中所有文件（跳过隐藏文件）",
    ),
];
