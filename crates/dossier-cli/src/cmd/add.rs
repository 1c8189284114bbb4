//! `dossier add`: files stored as exhibits.

use crate::*;

pub(crate) fn add(lang: Lang, clock: &dyn Clock, a: args::AddArgs) -> Exit {
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
