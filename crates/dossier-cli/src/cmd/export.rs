//! `dossier export`: the dossier PDF and the bundle.

use crate::*;

pub(crate) fn export_cmd(lang: Lang, clock: &dyn Clock, a: args::ExportArgs) -> Exit {
    use dossier_core::export::dossier::ExportOptions;
    let case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let dossier_lang = match a.lang {
        Some(args::LangArg::Zh) => analysis::Lang::Zh,
        Some(args::LangArg::En) => analysis::Lang::En,
        None => dossier_core::export::files::default_lang(case.info().rules),
    };
    // An encrypted case's evidence leaves it in plaintext only when the
    // user says so.
    if case.vault().is_encrypted() && !a.plaintext && !a.seal {
        fail(lang.export_needs_choice());
        return Exit::BadInput;
    }
    let seal = match new_passphrase_if(lang, a.seal, &[secret::EXPORT_PASSPHRASE_VAR]) {
        Ok(seal) => seal,
        Err(exit) => return exit,
    };
    let sealed_name = |path: &Path| dossier_core::export::files::sealed_name(path, seal.is_some());
    let pdf = sealed_name(&a.pdf);
    let bundle = a.bundle.as_deref().map(sealed_name);
    let options = ExportOptions {
        lang: dossier_lang,
        redact: !a.no_redact,
        preparer: a.preparer.unwrap_or_else(default_actor),
    };
    let exit = write_dossier(
        lang,
        clock,
        &case,
        &options,
        &pdf,
        bundle.as_deref(),
        seal.as_ref(),
    );
    if exit == Exit::Success && seal.is_some() {
        say!("{}", lang.sealed_how_to_open());
    }
    exit
}

/// Writes a case's dossier to `pdf` (and its bundle when asked), each
/// beside its target and renamed into place: never half a file.
pub(crate) fn write_dossier(
    lang: Lang,
    clock: &dyn Clock,
    case: &Case,
    options: &dossier_core::export::dossier::ExportOptions,
    pdf: &Path,
    bundle: Option<&Path>,
    seal: Option<&dossier_core::case::crypto::Passphrase>,
) -> Exit {
    use dossier_core::export::files::{WriteError, write};
    let mut silent = dossier_core::evidence::ingest::Silent;
    match write(case, options, clock, pdf, bundle, seal, &mut silent) {
        Ok(written) => {
            say!(
                "{}",
                lang.exported(
                    &pdf.display().to_string(),
                    written.exported.pages,
                    &written.exported.manifest_sha256
                )
            );
            if !written.exported.unshown.is_empty() {
                let exhibits: Vec<i64> = written.exported.unshown.iter().map(|u| u.0).collect();
                say!("{}", lang.pictures_not_shown(&exhibits));
            }
            if let Some(bundle) = bundle {
                say!(
                    "{}",
                    lang.bundle_written(
                        &bundle.display().to_string(),
                        written.exported.exhibits.len()
                    )
                );
            }
            Exit::Success
        }
        Err(WriteError::Export(e)) => {
            fail(lang.export_error(&e));
            Exit::BadInput
        }
        Err(WriteError::File { path, source }) => {
            fail(lang.export_write_error(&path.display().to_string(), &source));
            Exit::BadInput
        }
        Err(WriteError::InTheWay { path }) => {
            fail(lang.export_in_the_way(&path.display().to_string()));
            Exit::BadInput
        }
        Err(WriteError::Cancelled) => Exit::BadInput,
    }
}
