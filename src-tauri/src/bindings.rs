//! `ui/src/lib/bindings.ts`, generated from [`crate::dto`]: the request and
//! response shapes the UI compiles against. The test below fails when the
//! committed file and the Rust types drift; `UPDATE_BINDINGS=1 cargo test
//! -p dossier-app bindings` writes it anew.

use crate::dto::*;
use ts_rs::{Config, TS};

/// The whole file.
pub fn typescript() -> String {
    // Numbers cross as JSON numbers; no exhibit count or byte size comes
    // near 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        AppError::decl(&cfg),
        ErrorCode::decl(&cfg),
        AppInfo::decl(&cfg),
        RecentCase::decl(&cfg),
        CreateCase::decl(&cfg),
        CaseSummary::decl(&cfg),
        PickKind::decl(&cfg),
        ProgressEvent::decl(&cfg),
        ExhibitRow::decl(&cfg),
        AddRequest::decl(&cfg),
        AddResult::decl(&cfg),
        Failure::decl(&cfg),
        NoteRequest::decl(&cfg),
        ImportRequest::decl(&cfg),
        ColumnMapping::decl(&cfg),
        ImportPreview::decl(&cfg),
        MappingSuggestion::decl(&cfg),
        PreviewRecord::decl(&cfg),
        BackupView::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ImportResult::decl(&cfg),
        Skipped::decl(&cfg),
        TimelineData::decl(&cfg),
        PartyRef::decl(&cfg),
        TimelineEvent::decl(&cfg),
        RuleRef::decl(&cfg),
        ExhibitDetail::decl(&cfg),
        AnnotationDto::decl(&cfg),
        LinkedEvent::decl(&cfg),
        AnnotateRequest::decl(&cfg),
        PartiesData::decl(&cfg),
        PartyDto::decl(&cfg),
        SuspectDto::decl(&cfg),
        PartySetRequest::decl(&cfg),
        PaydaysRequest::decl(&cfg),
        CeaseRequestDto::decl(&cfg),
        CeaseDto::decl(&cfg),
        CeaseWithdrawRequest::decl(&cfg),
        ContradictionDto::decl(&cfg),
        FindingsData::decl(&cfg),
        RuleDto::decl(&cfg),
        FindingDto::decl(&cfg),
        QuoteDto::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportResult::decl(&cfg),
        VerifyResult::decl(&cfg),
        ProblemDto::decl(&cfg),
        BundleView::decl(&cfg),
        BundleExhibit::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs by src-tauri/src/bindings.rs. Do not edit:\n\
         // change the Rust types and run `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings`.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(decl.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    fn committed() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")
    }

    #[test]
    fn bindings_match_the_rust_types() {
        let generated = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(committed(), &generated).expect("write bindings.ts");
        }
        let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/bindings.ts differs from the types in src-tauri/src/dto.rs: the UI would \
             compile against shapes the app no longer sends. Run \
             `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings` and commit the result"
        );
    }
}
