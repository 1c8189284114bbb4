//! `dossier export`: the dossier PDF and the bundle.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Where to write the PDF.
    #[arg(long)]
    pub pdf: PathBuf,
    /// Also write the bundle: the PDF, every original, manifest.json and VERIFY.txt in one ZIP.
    #[arg(long)]
    pub bundle: Option<PathBuf>,
    /// The dossier's language; defaults to zh for cn cases and en for us cases.
    #[arg(long, value_parser = crate::args::words_of!(Lang::ALL, Lang::parse))]
    pub lang: Option<Lang>,
    /// Leave third parties' numbers and names unmasked (a lawyer's copy).
    #[arg(long, conflicts_with = "redact_third_parties")]
    pub no_redact: bool,
    /// Mask third parties' numbers and names (the default).
    #[arg(long)]
    pub redact_third_parties: bool,
    /// Who prepared the dossier, as printed on the cover; defaults to the system user.
    #[arg(long)]
    pub preparer: Option<String>,
    /// Seal the PDF and the bundle as age files under a passphrase for sending (asked for, or read from DOSSIER_EXPORT_PASSPHRASE); `.age` is added to their names.
    #[arg(long, conflicts_with = "plaintext")]
    pub seal: bool,
    /// Write an encrypted case's dossier and bundle unencrypted (required for an encrypted case unless --seal).
    #[arg(long)]
    pub plaintext: bool,
}

pub(crate) fn export_cmd(lang: Lang, clock: &dyn Clock, a: ExportArgs) -> Exit {
    use dossier_core::export::dossier::ExportOptions;
    let case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let dossier_lang = a
        .lang
        .unwrap_or_else(|| dossier_core::export::files::default_lang(case.info().rules));
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

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "export",
        "seal",
        "用口令把 PDF 和证据包加密为 age 文件以便发送（在终端输入口令，或读取 DOSSIER_EXPORT_PASSPHRASE）；文件名后加 .age",
    ),
    (
        "export",
        "plaintext",
        "不加密地导出加密案件的 PDF 和证据包（加密案件必须选择此项或 --seal）",
    ),
    (
        "export",
        "",
        "导出 PDF 卷宗：概要、违规发现、证据目录、时间线、证据详情、保管链",
    ),
    ("export", "case", "案件文件夹"),
    ("export", "pdf", "PDF 的保存位置"),
    (
        "export",
        "bundle",
        "同时写出证据包：PDF、全部原件、manifest.json 和 VERIFY.txt，打包为一个 ZIP",
    ),
    ("export", "lang", "卷宗语言；cn 案件默认 zh，us 案件默认 en"),
    (
        "export",
        "no_redact",
        "不遮盖第三人的号码和姓名（供律师使用的副本）",
    ),
    (
        "export",
        "redact_third_parties",
        "遮盖第三人的号码和姓名（默认）",
    ),
    (
        "export",
        "preparer",
        "卷宗制作人，印在封面上；默认为系统用户名",
    ),
];
