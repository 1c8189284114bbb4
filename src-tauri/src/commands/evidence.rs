//! Evidence in: files, typed notes, imports (with their preview); and the
//! exhibits out: the list, one exhibit in full, its notes and tags.

use super::case::refresh_scope;
use super::{actor, blocking, given};
use crate::convert;
use crate::dto::*;
use crate::progress::ChannelProgress;
use dossier_core::SystemClock;
use dossier_core::evidence::annotate;
use dossier_core::evidence::ingest::{AddOptions, Outcome};
use dossier_core::import::{ImportOptions, Mapping, Owner};
use dossier_core::words::Lang;
use std::path::PathBuf;
use tauri::AppHandle;
use tauri::ipc::Channel;

#[tauri::command]
pub async fn evidence_list(app: AppHandle) -> Result<Vec<ExhibitRow>, AppError> {
    blocking(app, |state| {
        state.with_case(|case, _| {
            let zone = case.info().time_zone.clone();
            let exhibits = dossier_core::query::list::exhibits(case).map_err(AppError::internal)?;
            let counts =
                dossier_core::query::list::event_counts(case).map_err(AppError::internal)?;
            let imports = dossier_core::query::list::imports(case).map_err(AppError::internal)?;
            Ok(exhibits
                .iter()
                .map(|e| {
                    let events = counts.get(&e.exhibit).copied().unwrap_or(0);
                    convert::exhibit_row(e, &zone, events, imports.contains(&e.exhibit))
                })
                .collect())
        })
    })
    .await
}

#[tauri::command]
pub async fn add_files(
    app: AppHandle,
    req: AddRequest,
    on_progress: Channel<ProgressEvent>,
) -> Result<AddResult, AppError> {
    blocking(app, move |state| {
        state.long(|| {
            state.with_case(|case, lang| {
                let paths: Vec<PathBuf> = req.paths.iter().map(PathBuf::from).collect();
                let options = AddOptions {
                    contributor: given(req.contributor),
                    recursive: dossier_core::evidence::ingest::Recursion::Yes,
                    ..AddOptions::default()
                };
                let mut progress = ChannelProgress::new(on_progress, state.stop.clone());
                let report = dossier_core::evidence::ingest::add_files(
                    case,
                    &paths,
                    &options,
                    &SystemClock,
                    &actor(),
                    &mut progress,
                );
                refresh_scope(state, case)?;
                let mut result = AddResult {
                    added: Vec::new(),
                    duplicates: Vec::new(),
                    failed: Vec::new(),
                    not_reached: report
                        .not_reached
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect(),
                };
                for outcome in &report.outcomes {
                    match outcome {
                        Outcome::Added(a) => result.added.push(a.exhibit),
                        Outcome::Duplicate { exhibit, .. } => result.duplicates.push(*exhibit),
                        Outcome::Failed(e) => result.failed.push(Failure {
                            path: e.path().display().to_string(),
                            message: lang.ingest_error(e),
                        }),
                    }
                }
                Ok(result)
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn add_note(app: AppHandle, req: NoteRequest) -> Result<i64, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            let info = case.info().clone();
            let at = match given(req.at) {
                Some(typed) => {
                    dossier_core::when::parse(&typed, &info.time_zone, &info.time_zone_name)
                        .map_err(|e| AppError::bad_input(lang.time_error(&e)))?
                }
                None => dossier_core::when::StatedTime {
                    at: jiff::Timestamp::now(),
                    offset: info.time_zone.to_offset(jiff::Timestamp::now()),
                },
            };
            let input = dossier_core::evidence::note::NoteInput {
                text: req.text,
                at,
                channel: req.channel,
                party: given(req.party),
                contributor: given(req.contributor),
                reached: given(req.reached),
            };
            let stored =
                dossier_core::evidence::note::add_note(case, &input, &SystemClock, &actor())
                    .map_err(|e| AppError::bad_input(lang.note_error(&e)))?;
            refresh_scope(state, case)?;
            Ok(stored.exhibit)
        })
    })
    .await
}

/// The core's import options from the wizard's choices.
fn import_options(req: &ImportRequest) -> Result<ImportOptions, AppError> {
    let format = match &req.format {
        Some(name) => Some(
            dossier_core::import::Format::parse(name)
                .ok_or_else(|| AppError::bad_input(format!("unknown format {name:?}")))?,
        ),
        None => None,
    };
    let mapping = match &req.mapping {
        Some(m) => Some(mapping(m)?),
        None => None,
    };
    Ok(ImportOptions {
        format,
        mapping,
        contributor: given(req.contributor.clone()),
        owner: given(req.owner.clone()).map_or(Owner::Debtor, Owner::Party),
    })
}

/// The wizard's column choices, checked the way a mapping file is.
fn mapping(m: &ColumnMapping) -> Result<Mapping, AppError> {
    let one = |c: &Option<String>| given(c.clone()).map(serde_json::Value::String);
    let mut columns = serde_json::Map::new();
    for (name, value) in [
        ("time", one(&m.time)),
        ("date", one(&m.date)),
        ("clock", one(&m.clock)),
        ("number", Some(serde_json::Value::String(m.number.clone()))),
        ("direction", one(&m.direction)),
        ("duration", one(&m.duration)),
        ("body", one(&m.body)),
    ] {
        if let Some(value) = value {
            columns.insert(name.to_owned(), value);
        }
    }
    let json = serde_json::json!({
        "name": "app",
        "channel": m.channel,
        "columns": columns,
        "directions": m.directions.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect::<serde_json::Map<String, serde_json::Value>>(),
    });
    Mapping::from_json(&json.to_string()).map_err(AppError::bad_input)
}

/// The files one pick names, each with the format it is read as: the file
/// itself, or the databases of an iPhone backup folder, with a sentence for
/// each database the folder's `Manifest.db` lists and the folder lacks.
struct Picked {
    files: Vec<(PathBuf, Option<dossier_core::import::Format>)>,
    backup: Option<BackupView>,
}

fn picked(path: &str, options: &ImportOptions, lang: Lang) -> Result<Picked, AppError> {
    let sources = dossier_core::import::sources(std::path::Path::new(path), options.format);
    if !sources.folder {
        return Ok(Picked {
            files: sources.files,
            backup: None,
        });
    }
    if sources.encrypted {
        return Err(AppError::bad_input(lang.backup_encrypted(path)));
    }
    let missing: Vec<String> = sources
        .missing
        .iter()
        .map(|f| lang.backup_lacks(path, *f))
        .collect();
    if sources.files.is_empty() {
        return Err(AppError::bad_input(if missing.is_empty() {
            lang.no_backup_databases(path)
        } else {
            missing.join("\n")
        }));
    }
    Ok(Picked {
        backup: Some(BackupView {
            databases: sources
                .files
                .iter()
                .filter_map(|(_, f)| f.map(|f| f.as_str().to_owned()))
                .collect(),
            missing,
        }),
        files: sources.files,
    })
}

#[tauri::command]
pub async fn import_preview(app: AppHandle, req: ImportRequest) -> Result<ImportPreview, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            let options = import_options(&req)?;
            let zone = case.info().time_zone.clone();
            let picked = picked(&req.path, &options, lang)?;
            let mut shown: Option<ImportPreview> = None;
            // A backup folder's databases are previewed one after the other.
            for (file, format) in &picked.files {
                let options = ImportOptions {
                    format: *format,
                    ..options.clone()
                };
                let preview = dossier_core::import::preview(case, file, &options, 20)
                    .map_err(|e| AppError::import(lang, &e))?;
                let records = preview
                    .records
                    .iter()
                    .map(|r| convert::preview_record(r, &zone));
                if let Some(shown) = &mut shown {
                    shown.records.extend(records);
                    continue;
                }
                shown = Some(ImportPreview {
                    format: if picked.backup.is_some() {
                        "ios-backup".to_owned()
                    } else {
                        preview.format.as_str().to_owned()
                    },
                    mapping: preview.mapping,
                    records: records.collect(),
                    rows: preview.rows,
                    needs_mapping: preview.needs_mapping,
                    suggested: preview.suggested.map(|s| MappingSuggestion {
                        header_row: s.header_row,
                        channel: s.channel,
                        time: s.time,
                        date: s.date,
                        clock: s.clock,
                        number: s.number,
                        direction: s.direction,
                        duration: s.duration,
                        body: s.body,
                        directions: s.directions.into_iter().collect(),
                    }),
                    backup: None,
                });
            }
            let mut shown = shown.ok_or_else(|| AppError::internal("nothing was picked"))?;
            shown.backup = picked.backup;
            Ok(shown)
        })
    })
    .await
}

#[tauri::command]
pub async fn import_run(
    app: AppHandle,
    req: ImportRequest,
    on_progress: Channel<ProgressEvent>,
) -> Result<ImportOutcome, AppError> {
    blocking(app, move |state| {
        state.long(|| {
            state.with_case(|case, lang| {
                let options = import_options(&req)?;
                let picked = picked(&req.path, &options, lang)?;
                let mut progress = ChannelProgress::new(on_progress, state.stop.clone());
                let mut results = Vec::new();
                // Each database of a backup is an import of its own: one
                // that fails leaves those before it stored, and says so.
                let mut failed = None;
                for (file, format) in &picked.files {
                    let options = ImportOptions {
                        format: *format,
                        ..options.clone()
                    };
                    match dossier_core::import::import(
                        case,
                        file,
                        &options,
                        &SystemClock,
                        &actor(),
                        &mut progress,
                    ) {
                        Ok(report) => results.push(convert::import_result(&report, lang)),
                        Err(e) => {
                            failed = Some(AppError::import(lang, &e));
                            break;
                        }
                    }
                }
                refresh_scope(state, case)?;
                match failed {
                    Some(e) if results.is_empty() => Err(e),
                    failed => {
                        let mut missing = picked.backup.map(|b| b.missing).unwrap_or_default();
                        missing.extend(failed.map(|e| e.message));
                        Ok(ImportOutcome { results, missing })
                    }
                }
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn exhibit(
    app: AppHandle,
    exhibit: i64,
    event: Option<i64>,
) -> Result<ExhibitDetail, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            use dossier_core::query::exhibit::{self as detail, DetailError};
            let zone = case.info().time_zone.clone();
            let d = match detail::detail(case, exhibit, event) {
                Ok(Some(d)) => d,
                Ok(None) => {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        lang.exhibit_not_found(exhibit),
                    ));
                }
                Err(e @ DetailError::Original { .. }) => {
                    return Err(AppError::new(ErrorCode::Damaged, lang.detail_error(&e)));
                }
                Err(e) => return Err(AppError::internal(e)),
            };
            let e = &d.exhibit;
            let note = |a: &dossier_core::evidence::annotate::Annotation| AnnotationDto {
                text: a.text.clone(),
                added_at: dossier_core::clock::parse_utc(&a.added_at)
                    .map(|t| convert::local(t, &zone))
                    .unwrap_or_else(|| a.added_at.clone()),
            };
            Ok(ExhibitDetail {
                row: convert::exhibit_row(e, &zone, d.events_total as u64, d.imported),
                original_name: e.original_name.clone(),
                basis_text: lang.basis(e.basis).to_owned(),
                capture_raw: e.capture_raw.clone(),
                zone_assumed: e.zone_assumed,
                duration_s: convert::seconds(e.duration_ms),
                added_at: convert::local(e.added_at, &zone),
                added_note: e.note.clone(),
                also_from: e.also_from.iter().flatten().cloned().collect(),
                text: d.text.clone(),
                notes: d.notes.iter().map(note).collect(),
                tags: d.tags.iter().map(|a| a.text.clone()).collect(),
                events: d.events.iter().map(|x| convert::linked(x, &zone)).collect(),
                events_total: u32::try_from(d.events_total).unwrap_or(u32::MAX),
                focus: d.focus,
                extracted_from: d.extracted_from,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn annotate(app: AppHandle, req: AnnotateRequest) -> Result<(), AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            annotate::add(
                case,
                req.exhibit,
                req.kind,
                &req.text,
                &SystemClock,
                &actor(),
            )
            .map_err(|e| annotate_error(lang, &e))
        })
    })
    .await
}

#[tauri::command]
pub async fn remove_tag(app: AppHandle, exhibit: i64, tag: String) -> Result<(), AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            annotate::remove_tag(case, exhibit, &tag, &SystemClock, &actor())
                .map_err(|e| annotate_error(lang, &e))
        })
    })
    .await
}

fn annotate_error(lang: dossier_core::words::Lang, e: &annotate::AnnotateError) -> AppError {
    use annotate::AnnotateError;
    let message = lang.annotate_error(e);
    match e {
        AnnotateError::NoSuchExhibit { .. } | AnnotateError::NoSuchTag { .. } => {
            AppError::new(ErrorCode::NotFound, message)
        }
        AnnotateError::Empty => AppError::bad_input(message),
        AnnotateError::Database(_) => AppError::internal(e),
    }
}
