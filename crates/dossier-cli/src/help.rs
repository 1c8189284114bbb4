//! The command line's help in Chinese: clap's help is the doc comments of
//! `args.rs` (English); a Chinese user's `--help` is all Chinese.

use crate::i18n::Lang;

/// The program's own summary in Chinese; each command's help is beside it
/// in `cmd/` (`HELP_ZH`), and the English help is the doc comments there.
const TOP_ZH: &[(&str, &str, &str)] = &[(
    "",
    "",
    "把催收骚扰的证据逐字节原样保存、计算哈希并记入保管链；随时证明没有任何改动。",
)];

/// Every Chinese help text, by subcommand and argument id (an empty id is
/// the subcommand's own summary).
fn zh_help() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    use crate::cmd::*;
    [
        TOP_ZH,
        init::HELP_ZH,
        add::HELP_ZH,
        note::HELP_ZH,
        list::HELP_ZH,
        verify::HELP_ZH,
        import::HELP_ZH,
        timeline::HELP_ZH,
        party::HELP_ZH,
        set::HELP_ZH,
        check::HELP_ZH,
        stats::HELP_ZH,
        export::HELP_ZH,
        demo::HELP_ZH,
        protect::HELP_ZH,
    ]
    .into_iter()
    .flatten()
}

/// The command line's help in the given language.
pub fn localize_help(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    for &(sub, arg, text) in zh_help() {
        // `party set`: a subcommand of a subcommand.
        let (sub, nested) = sub.split_once(' ').unwrap_or((sub, ""));
        let localize = |c: clap::Command| match arg {
            "" => c.about(text),
            arg => c.mut_arg(arg, |a| a.help(text)),
        };
        cmd = match (sub, nested) {
            ("", _) => cmd.about(text).long_about(text),
            (sub, "") => cmd.mut_subcommand(sub, localize),
            (sub, nested) => cmd.mut_subcommand(sub, |c| c.mut_subcommand(nested, localize)),
        };
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::zh_help;

    /// Every command, subcommand and option of the command line has its
    /// Chinese help: a Chinese user's `--help` is all Chinese.
    #[test]
    fn every_command_and_option_has_chinese_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let has = |arg: &str| zh_help().any(|&(s, a, _)| s == path && a == arg);
            if !path.is_empty() && !has("") {
                missing.push(path.to_owned());
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if !path.is_empty() && !matches!(id, "help" | "version") && !has(id) {
                    missing.push(format!("{path} --{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                let name = match path {
                    "" => sub.get_name().to_owned(),
                    path => format!("{path} {}", sub.get_name()),
                };
                if sub.get_name() != "help" {
                    walk(sub, &name, missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk(
            &<crate::args::Cli as clap::CommandFactory>::command(),
            "",
            &mut missing,
        );
        assert!(missing.is_empty(), "without Chinese help: {missing:#?}");
    }
}
