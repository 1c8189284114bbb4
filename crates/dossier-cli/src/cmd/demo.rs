//! `dossier demo`: the synthetic demo case.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// A new or empty folder to build the demo in.
    pub dir: PathBuf,
}

pub(crate) fn demo(lang: Lang, clock: &dyn Clock, a: DemoArgs) -> Exit {
    let mut bar = progress::Bar::default();
    let report = match dossier_core::demo::build(&a.dir, clock, &mut bar) {
        Ok(report) => report,
        Err(e) => {
            fail(lang.demo_error(&e));
            return Exit::BadInput;
        }
    };
    // The next commands as this program was invoked, so that they work as
    // printed even when `dossier` is not on the PATH.
    let program = std::env::args()
        .next()
        .unwrap_or_else(|| "dossier".to_owned());
    let case = report.case_dir.display().to_string();
    say!("{}", lang.demo_done(&program, &case, &report));
    let opened = match Case::open(&report.case_dir) {
        Ok(opened) => opened,
        Err(e) => {
            fail(lang.case_error(&e));
            return Exit::Integrity;
        }
    };
    let check = verify::verify(&opened, &mut bar);
    if check.is_intact() {
        say!(
            "{}",
            lang.verify_ok(
                check.exhibits,
                &human_size(check.bytes_hashed),
                check.audit_entries,
                check.rows,
            )
        );
        // And its dossier, as the README promises for `dossier demo`: the
        // Chinese PDF (the case is judged under the cn pack) and its bundle.
        let options = dossier_core::export::dossier::ExportOptions {
            lang: analysis::Lang::Zh,
            redact: true,
            preparer: default_actor(),
        };
        write_dossier(
            lang,
            clock,
            &opened,
            &options,
            &a.dir.join("dossier.pdf"),
            Some(&a.dir.join("bundle.zip")),
            None,
        )
    } else {
        say!("{}", lang.verify_bad(check.problems.len()));
        for p in &check.problems {
            say!("  - {}", shown::name(&lang.problem(p)));
        }
        Exit::Integrity
    }
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "demo",
        "",
        "在 DIR 中建立一个逼真的虚构演示案件，看看 Dossier 如何工作",
    ),
    ("demo", "dir", "一个新的或空的文件夹"),
];
