//! `dossier demo`: the synthetic demo case.

use crate::*;

pub(crate) fn demo(lang: Lang, clock: &dyn Clock, a: args::DemoArgs) -> Exit {
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
