//! `ui/src/lib/bindings.ts`, generated from [`crate::dto`]: the request and
//! response shapes the UI compiles against. The test below fails when the
//! committed file and the Rust types drift; `UPDATE_BINDINGS=1 cargo test
//! -p dossier-app bindings` writes it anew. `ui/src/lib/vocabulary.ts`, the
//! domain types and their words, is generated and checked the same way.

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
         // change the Rust types and run `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings`.\n\
         import type { AnnotationKind, DossierLang, Jurisdiction, LabelBasis, NotedChannel, Role } from \"./vocabulary\";\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(decl.trim_end());
        out.push('\n');
    }
    out
}

/// `ui/src/lib/vocabulary.ts`: the core's domain types as TypeScript unions
/// (each with the list of its values) and their names in both languages,
/// from the one table in the core (`Role::label`, `Kind::label`, …), under
/// the keys the UI's catalogues use (`role.lender`). The catalogues take
/// these words from here and write none of them again.
pub fn vocabulary() -> String {
    use dossier_core::Kind;
    use dossier_core::evidence::annotate::Kind as AnnotationKind;
    use dossier_core::evidence::capture::Basis;
    use dossier_core::model::channel::Channel;
    use dossier_core::model::direction::Direction;
    use dossier_core::model::jurisdiction::Rules;
    use dossier_core::model::lang::Lang;
    use dossier_core::model::role::Role;
    use dossier_core::people::party::Basis as LabelBasis;
    /// One union; `name` is the catalogue group its words go under, if the
    /// core names its values.
    struct Group {
        name: Option<&'static str>,
        list: &'static str,
        ty: &'static str,
        values: Vec<(&'static str, [&'static str; 2])>,
    }
    fn named<T: Copy>(
        name: &'static str,
        list: &'static str,
        ty: &'static str,
        all: &[T],
        text: fn(T) -> &'static str,
        label: fn(T, Lang) -> &'static str,
    ) -> Group {
        Group {
            name: Some(name),
            list,
            ty,
            values: all
                .iter()
                .map(|&v| (text(v), [label(v, Lang::Zh), label(v, Lang::En)]))
                .collect(),
        }
    }
    fn unnamed<T: Copy>(
        list: &'static str,
        ty: &'static str,
        all: &[T],
        text: fn(T) -> &'static str,
    ) -> Group {
        Group {
            name: None,
            list,
            ty,
            values: all.iter().map(|&v| (text(v), ["", ""])).collect(),
        }
    }
    let groups = [
        named(
            "role",
            "ROLES",
            "Role",
            &Role::ALL,
            Role::as_str,
            Role::label,
        ),
        named(
            "kind",
            "KINDS",
            "Kind",
            &Kind::ALL,
            Kind::as_str,
            Kind::label,
        ),
        named(
            "direction",
            "DIRECTIONS",
            "Direction",
            &Direction::ALL,
            Direction::as_str,
            Direction::label,
        ),
        named(
            "basis",
            "CAPTURE_BASES",
            "CaptureBasis",
            &Basis::ALL,
            Basis::as_str,
            Basis::label,
        ),
        // The two bases share the catalogue group: their values differ.
        named(
            "basis",
            "LABEL_BASES",
            "LabelBasis",
            &LabelBasis::ALL,
            LabelBasis::as_str,
            LabelBasis::label,
        ),
        named(
            "channel",
            "CHANNELS",
            "Channel",
            &Channel::ALL,
            Channel::as_str,
            Channel::label,
        ),
        unnamed(
            "NOTED_CHANNELS",
            "NotedChannel",
            &Channel::NOTED,
            Channel::as_str,
        ),
        unnamed("JURISDICTIONS", "Jurisdiction", &Rules::ALL, Rules::as_str),
        unnamed("DOSSIER_LANGS", "DossierLang", &Lang::ALL, Lang::as_str),
        unnamed(
            "ANNOTATION_KINDS",
            "AnnotationKind",
            &AnnotationKind::ALL,
            AnnotationKind::as_str,
        ),
    ];
    let quote = |s: &str| serde_json::to_string(s).expect("a string");
    let mut out = String::from(
        "// Generated from the core's types by src-tauri/src/bindings.rs. Do not edit:\n\
         // change the Rust types or their labels and run\n\
         // `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings`.\n",
    );
    for g in &groups {
        let values: Vec<String> = g.values.iter().map(|(v, _)| quote(v)).collect();
        out.push_str(&format!(
            "\nexport const {} = [{}] as const;\nexport type {} = (typeof {})[number];\n",
            g.list,
            values.join(", "),
            g.ty,
            g.list
        ));
    }
    for (lang, at) in [("zh", 0), ("en", 1)] {
        out.push_str(&format!(
            "\nexport const WORDS_{} = {{\n",
            lang.to_uppercase()
        ));
        for g in &groups {
            let Some(name) = g.name else { continue };
            for (value, names) in &g.values {
                out.push_str(&format!(
                    "  {}: {},\n",
                    quote(&format!("{name}.{value}")),
                    quote(names[at])
                ));
            }
        }
        out.push_str("} as const;\n");
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
    fn the_vocabulary_matches_the_core() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/vocabulary.ts");
        let generated = super::vocabulary();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write vocabulary.ts");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/vocabulary.ts differs from the core's types and their labels: the UI \
             would name a role, kind, direction, basis or channel otherwise than the CLI and the dossier. \
             Run `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings` and commit the result"
        );
        assert!(generated.contains("\"role.agency\": \"催收机构\""));
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
