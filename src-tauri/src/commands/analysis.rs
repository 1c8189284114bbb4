//! What the case shows: the timeline, the parties with suspected
//! collectors, and the rule findings.

use super::{actor, blocking, given};
use crate::convert;
use crate::dto::*;
use dossier_core::SystemClock;
use dossier_core::analysis::{self, Data, Pack};
use dossier_core::people::party::PartyUpdate;
use tauri::AppHandle;

/// The case read once, and the built-in pack checked over it.
fn analysed(case: &dossier_core::Case) -> Result<(Data, Pack, analysis::Report), AppError> {
    let data = Data::load(case).map_err(AppError::internal)?;
    let pack = Pack::builtin(case.info().rules);
    let report = analysis::check(&data, &pack);
    Ok((data, pack, report))
}

#[tauri::command]
pub async fn timeline(app: AppHandle) -> Result<tauri::ipc::Response, AppError> {
    blocking(app, |state| {
        state.with_case(|case, lang| {
            let (data, pack, report) = analysed(case)?;
            let timeline = convert::timeline(&data, &pack, &report, lang);
            // Sent as raw JSON: a hundred thousand events are not worth a
            // second pass through serde_json::Value.
            let json = serde_json::to_string(&timeline).map_err(AppError::internal)?;
            Ok(tauri::ipc::Response::new(json))
        })
    })
    .await
}

#[tauri::command]
pub async fn findings(app: AppHandle) -> Result<FindingsData, AppError> {
    blocking(app, |state| {
        state.with_case(|case, lang| {
            let (data, _, report) = analysed(case)?;
            let mut out = convert::findings(&data, &report, lang);
            out.cease_collectors =
                dossier_core::people::cease::collectors(case.conn()).map_err(AppError::internal)?;
            Ok(out)
        })
    })
    .await
}

#[tauri::command]
pub async fn parties(app: AppHandle) -> Result<PartiesData, AppError> {
    blocking(app, |state| {
        state.with_case(|case, lang| {
            let rows = dossier_core::people::party::list(case).map_err(AppError::internal)?;
            let (_, _, report) = analysed(case)?;
            Ok(PartiesData {
                parties: rows.iter().map(convert::party).collect(),
                suspects: report
                    .suspects
                    .iter()
                    .map(|s| convert::suspect(s, lang))
                    .collect(),
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn party_set(app: AppHandle, req: PartySetRequest) -> Result<(), AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            let basis = req
                .basis
                .map(|basis| dossier_core::people::party::LabelBasis {
                    basis,
                    source: given(req.basis_source),
                });
            let update = PartyUpdate {
                role: req.role,
                name: given(req.name),
                group: given(req.group),
                basis,
            };
            // Each party is its own audited change; a merge is several.
            for key in &req.keys {
                dossier_core::people::party::set_key(
                    case,
                    key,
                    key,
                    &update,
                    &SystemClock,
                    &actor(),
                )
                .map_err(|e| AppError::bad_input(lang.party_error(&e)))?;
            }
            Ok(())
        })
    })
    .await
}

/// Records the borrower's paydays; returns them as stored.
#[tauri::command]
pub async fn paydays_set(app: AppHandle, req: PaydaysRequest) -> Result<Vec<i8>, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            let days = dossier_core::people::payday::parse(&req.text)
                .map_err(|e| AppError::bad_input(lang.payday_error(&e)))?;
            dossier_core::people::payday::set(case, &days, &SystemClock, &actor())
                .map_err(|e| AppError::bad_input(lang.payday_error(&e)))
        })
    })
    .await
}

/// Records (or corrects) a written request to stop; returns every request.
#[tauri::command]
pub async fn cease_record(app: AppHandle, req: CeaseRequestDto) -> Result<Vec<CeaseDto>, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            use dossier_core::people::cease;
            let received = cease::parse_received(&req.received)
                .map_err(|e| AppError::bad_input(lang.cease_error(&e)))?;
            let request = cease::CeaseRequest {
                collector: req.collector,
                received,
                source: req.source,
            };
            cease::record(case, &request, &SystemClock, &actor())
                .map_err(|e| AppError::bad_input(lang.cease_error(&e)))?;
            cease_list(case)
        })
    })
    .await
}

/// Takes back a request recorded by mistake; returns every request left.
#[tauri::command]
pub async fn cease_withdraw(
    app: AppHandle,
    req: CeaseWithdrawRequest,
) -> Result<Vec<CeaseDto>, AppError> {
    blocking(app, move |state| {
        state.with_case(|case, lang| {
            dossier_core::people::cease::withdraw(case, &req.collector, &SystemClock, &actor())
                .map_err(|e| AppError::bad_input(lang.cease_error(&e)))?;
            cease_list(case)
        })
    })
    .await
}

fn cease_list(case: &dossier_core::Case) -> Result<Vec<CeaseDto>, AppError> {
    Ok(dossier_core::people::cease::list(case.conn())
        .map_err(AppError::internal)?
        .iter()
        .map(convert::cease)
        .collect())
}
