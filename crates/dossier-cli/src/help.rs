//! The command line's help in Chinese: clap's help is the doc comments of
//! `args.rs` (English); a Chinese user's `--help` is all Chinese.

use crate::i18n::Lang;

/// Chinese help for the command line, by subcommand and argument id (an
/// empty id is the subcommand's own summary). The English help is the doc
/// comments in `args.rs`.
const ZH_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "把催收骚扰的证据逐字节原样保存、计算哈希并记入保管链；随时证明没有任何改动。",
    ),
    ("init", "", "创建新的案件文件夹"),
    (
        "init",
        "case",
        "要创建的案件文件夹（习惯上命名为 名字.dossier）",
    ),
    ("init", "title", "案件标题；默认为文件夹名"),
    (
        "init",
        "paydays",
        "借款人的发薪日（每月几号）：15，或 10,25",
    ),
    ("init", "rules", "适用的规则包：cn（中国）或 us（美国）"),
    (
        "init",
        "tz",
        "显示时区（IANA 名称）；cn 默认 Asia/Shanghai，us 默认 America/New_York",
    ),
    (
        "init",
        "encrypt",
        "用口令加密案件；口令在终端输入（或从环境变量 DOSSIER_PASSPHRASE 读取）",
    ),
    ("passphrase", "", "更改加密案件的口令（不会重写任何原件）"),
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
    ("encrypt", "", "就地加密一个未加密的案件，使用新口令"),
    (
        "encrypt",
        "case",
        "案件文件夹；不能同时在应用或其他命令中打开",
    ),
    ("decrypt", "", "就地解密加密案件：原件重新以明文保存"),
    (
        "decrypt",
        "case",
        "案件文件夹；不能同时在应用或其他命令中打开",
    ),
    (
        "passphrase",
        "case",
        "加密的案件文件夹。先询问旧口令（或读取 DOSSIER_PASSPHRASE），再输入两次新口令（或读取 DOSSIER_NEW_PASSPHRASE）",
    ),
    ("add", "", "把文件（截图、照片、录音、文档）保存为证据"),
    ("add", "case", "案件文件夹"),
    (
        "add",
        "files",
        "要保存的文件（加 --recursive 时也可以是文件夹）",
    ),
    ("add", "contributor", "提供人（借款人本人、亲属、律师）"),
    ("add", "note", "随每个文件记录的备注"),
    (
        "add",
        "at",
        "提供人陈述的文件产生时间；优先于文件自身记载的时间",
    ),
    (
        "add",
        "recursive",
        "遍历文件夹，添加其中所有文件（跳过隐藏文件）",
    ),
    ("note", "", "保存一条文字记录（上门、凭记忆记下的来电等）"),
    ("note", "case", "案件文件夹"),
    ("note", "text", "用自己的话写下发生了什么"),
    (
        "note",
        "at",
        "发生时间：2026-03-05 21:30（按案件时区）或 2026-03-05T21:30:00+08:00",
    ),
    ("note", "party", "涉及的对方：电话号码、账号或姓名"),
    (
        "note",
        "channel",
        "联系方式：call 电话、message 短信/消息、visit 上门、letter 信件、post 公开发布、other 其他",
    ),
    ("note", "contributor", "提供这条记录的人"),
    (
        "note",
        "reached",
        "这件事发生在谁身上：debtor（借款人本人）、电话号码、账号或已标注的姓名；不填时，提供人是案件中已标注的当事人就算他/她，否则算借款人本人",
    ),
    ("list", "", "列出证据及其哈希值和产生时间"),
    ("list", "case", "案件文件夹"),
    (
        "list",
        "json",
        "输出文档化的 JSON（dossier.list/1）而不是文字",
    ),
    (
        "verify",
        "",
        "重新计算每份原件的哈希，检查保管链、每一行记录和数据库结构",
    ),
    (
        "verify",
        "case",
        "案件文件夹，或 dossier export --bundle 生成的证据包（ZIP）；加密的证据包（.age）会先在旁边解开，口令取自 DOSSIER_EXPORT_PASSPHRASE 或在终端输入",
    ),
    (
        "verify",
        "json",
        "输出文档化的 JSON（dossier.verify/1）而不是文字",
    ),
    (
        "verify",
        "head",
        "之前保留的链头哈希（verify 打印的，或时间戳中的）：案件必须仍含有该保管链记录，证明其前的记录未被截去或替换",
    ),
    (
        "verify",
        "against",
        "本案件之前导出的 manifest.json 或证据包 .zip：其最后一条保管链记录必须仍在链中",
    ),
    (
        "demo",
        "",
        "在 DIR 中建立一个逼真的虚构演示案件，看看 Dossier 如何工作",
    ),
    ("demo", "dir", "一个新的或空的文件夹"),
    ("import", "", "导入手机的通话记录、短信/彩信或聊天导出文件"),
    ("import", "case", "案件文件夹"),
    ("import", "file", "导出文件"),
    ("import", "format", "导出文件的格式；不指定时按内容判断"),
    ("import", "contributor", "提供这个导出文件的人"),
    (
        "import",
        "mapping",
        "CSV 列表的列映射：内置映射（cn-carrier-calls、cn-carrier-sms、generic-calls、generic-messages）或映射文件（JSON）",
    ),
    (
        "import",
        "owner",
        "这是谁的手机：debtor（借款人本人），或一个号码/姓名（亲属的手机）",
    ),
    (
        "import",
        "json",
        "输出文档化的 JSON（dossier.import/1）而不是文字",
    ),
    ("timeline", "", "按时间顺序列出案件中的事件及其来源"),
    ("timeline", "case", "案件文件夹"),
    ("timeline", "from", "起始日期或时间（按案件时区，含）"),
    ("timeline", "to", "截止日期或时间（按案件时区，不含）"),
    (
        "timeline",
        "json",
        "输出文档化的 JSON（dossier.timeline/1）而不是文字",
    ),
    ("party", "", "标注、命名、归组号码和账号，或列出当事方"),
    ("party", "case", "案件文件夹"),
    ("party set", "", "标注号码或账号的身份、名称或所属机构"),
    ("party set", "who", "电话号码（常见写法均可）或账号"),
    ("party set", "role", "该当事方在案件中的身份"),
    ("party set", "name", "当事方的名称"),
    ("party set", "group", "该号码所属的催收机构或贷款机构"),
    (
        "party set",
        "basis",
        "标注的依据：user（你自己说明）、signature（短信署名【…】）、caller（来电者自称）、regulator（监管部门或放贷机构的书面答复）",
    ),
    (
        "party set",
        "source",
        "依据出自哪里，用你自己的话写：“3月3日的短信”“3月5日21:10的来电”",
    ),
    ("party list", "", "列出当事方及其事件数"),
    (
        "party list",
        "json",
        "输出有文档的 JSON 格式（dossier.parties/1），而不是文字",
    ),
    (
        "set",
        "",
        "修改案件中关于借款人的记录：发薪日、书面停止联系要求",
    ),
    ("set", "case", "案件文件夹"),
    (
        "set",
        "paydays",
        "借款人的发薪日（每月几号）：15，或 10,25；\"\" 表示清除",
    ),
    (
        "set",
        "cease",
        "记录借款人要求该催收方停止联系的书面通知（填本案催收方的名称或所属机构），并用 --received 给出收到日期",
    ),
    (
        "set",
        "received",
        "催收方收到书面要求的日期：2026-04-02、2026年4月2日",
    ),
    (
        "set",
        "source",
        "怎么知道对方已收到，用你自己的话写：“4月2日的回执”",
    ),
    ("set", "withdraw", "撤回误记的对 --cease 催收方 的书面要求"),
    (
        "check",
        "",
        "按规则包检查案件：列出违规发现及证明它们的事件",
    ),
    ("check", "case", "案件文件夹"),
    (
        "check",
        "rules",
        "规则包：cn、us 或规则包文件（.toml）；默认为案件自己的规则包",
    ),
    (
        "check",
        "json",
        "输出文档中约定的 JSON（dossier.check/1）而不是文字",
    ),
    (
        "stats",
        "",
        "统计：每日和每小时的联系次数、号码、当事方、被联系的第三人",
    ),
    ("stats", "case", "案件文件夹"),
    (
        "stats",
        "json",
        "输出文档中约定的 JSON（dossier.stats/1）而不是文字",
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

/// The command line's help in the given language.
pub fn localize_help(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    for &(sub, arg, text) in ZH_HELP {
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
    use super::ZH_HELP;

    /// Every command, subcommand and option of the command line has its
    /// Chinese help: a Chinese user's `--help` is all Chinese.
    #[test]
    fn every_command_and_option_has_chinese_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let has = |arg: &str| ZH_HELP.iter().any(|&(s, a, _)| s == path && a == arg);
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
