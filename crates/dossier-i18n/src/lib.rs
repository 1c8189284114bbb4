//! Dossier's words for people, in Chinese and English: every sentence the
//! command line prints and the desktop app shows from the Rust side comes
//! from here (the app's screens have their own catalogue in `ui/`). English
//! error sentences are the core errors' own `Display` (one source for
//! them); their Chinese forms are written out below, variant by variant.

use dossier_core::case::CaseError;
use dossier_core::case::verify::{Problem, SchemaChange};
use dossier_core::demo::DemoError;
use dossier_core::evidence::capture::Basis;
use dossier_core::evidence::ingest::IngestError;
use dossier_core::evidence::note::NoteError;
use dossier_core::when::TimeError;
use dossier_core::{Kind, case::audit::ChainBreak};

/// The language messages are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `DOSSIER_LANG` (zh/en) if set, else the system locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese for any `zh*` locale.
    pub fn from_env() -> Lang {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = get("DOSSIER_LANG") {
            return if v.to_ascii_lowercase().starts_with("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
        let locale = get("LC_ALL")
            .or_else(|| get("LC_MESSAGES"))
            .or_else(|| get("LANG"))
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    fn pick(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn kind(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Lang::Zh, Kind::Image) => "图片",
            (Lang::Zh, Kind::Audio) => "音频",
            (Lang::Zh, Kind::Video) => "视频",
            (Lang::Zh, Kind::Document) => "文档",
            (Lang::Zh, Kind::Text) => "文本",
            (Lang::Zh, Kind::Other) => "其他",
            (Lang::En, k) => k.as_str(),
        }
    }

    pub fn basis(self, basis: Basis) -> &'static str {
        // One wording for the terminal and the dossier.
        dossier_core::export::dossier::basis_name(basis, self.analysis())
    }

    pub fn zone_assumed(self, zone: &str) -> String {
        self.pick(
            format!("原始时间未注明时区，按案件时区 {zone} 理解"),
            format!("no zone in the source; read in the case time zone {zone}"),
        )
    }

    /// The label of a typed note by its channel.
    pub fn note_label(self, channel: &str) -> &'static str {
        match (self, channel) {
            (Lang::Zh, "call") => "文字记录（电话）",
            (Lang::Zh, "message") => "文字记录（短信/消息）",
            (Lang::Zh, "visit") => "文字记录（上门）",
            (Lang::Zh, "letter") => "文字记录（信件）",
            (Lang::Zh, "post") => "文字记录（公开发布）",
            (Lang::Zh, _) => "文字记录",
            (Lang::En, "call") => "note (call)",
            (Lang::En, "message") => "note (message)",
            (Lang::En, "visit") => "note (visit)",
            (Lang::En, "letter") => "note (letter)",
            (Lang::En, "post") => "note (public post)",
            (Lang::En, _) => "note",
        }
    }

    pub fn unknown_contributor(self) -> &'static str {
        match self {
            Lang::Zh => "（未注明）",
            Lang::En => "(not stated)",
        }
    }

    pub fn created(self, path: &str, title: &str, rules: &str, zone: &str) -> String {
        self.pick(
            format!("已创建案件 {path}：“{title}”，规则 {rules}，时区 {zone}"),
            format!("Created case {path}: \"{title}\", rules {rules}, time zone {zone}"),
        )
    }

    pub fn added(self, exhibit: i64, path: &str, kind: Kind, size: &str, basis: Basis) -> String {
        self.pick(
            format!(
                "证据 {exhibit}：{path}（{}，{size}，时间依据：{}）",
                self.kind(kind),
                self.basis(basis)
            ),
            format!(
                "exhibit {exhibit}: {path} ({}, {size}, time from {})",
                self.kind(kind),
                self.basis(basis)
            ),
        )
    }

    pub fn duplicate(self, path: &str, exhibit: i64, recorded: bool) -> String {
        match (self, recorded) {
            (Lang::Zh, false) => format!("{path}：与证据 {exhibit} 内容完全相同，未重复保存"),
            (Lang::Zh, true) => format!(
                "{path}：与证据 {exhibit} 内容完全相同，未重复保存；已记录该提供人也提交了此文件"
            ),
            (Lang::En, false) => {
                format!("{path}: same bytes as exhibit {exhibit}, not stored again")
            }
            (Lang::En, true) => {
                format!(
                    "{path}: same bytes as exhibit {exhibit}, not stored again; recorded that this contributor also supplied it"
                )
            }
        }
    }

    pub fn add_summary(self, added: usize, duplicates: usize, failed: usize) -> String {
        self.pick(
            format!("新增 {added} 件，已存在 {duplicates} 件，失败 {failed} 件"),
            format!("{added} added, {duplicates} already in the case, {failed} failed"),
        )
    }

    pub fn skipped_hidden(self, n: usize) -> String {
        self.pick(
            format!("跳过了 {n} 个隐藏文件（以 . 开头）"),
            format!("skipped {n} hidden files (names starting with .)"),
        )
    }

    /// Followed by one line per link: `  a/b.lnk → /etc/shadow`.
    pub fn skipped_links(self, n: usize) -> String {
        self.pick(
            format!(
                "跳过了 {n} 个符号链接（文件夹中的链接不会被跟随；如需添加链接指向的文件，请在命令行中直接给出该文件）："
            ),
            format!(
                "skipped {n} symbolic links (links inside a folder are not followed; to add what one points to, name that file on the command line):"
            ),
        )
    }

    pub fn failed_prefix(self) -> &'static str {
        match self {
            Lang::Zh => "失败",
            Lang::En => "failed",
        }
    }

    pub fn note_stored(self, exhibit: i64, duplicate: bool) -> String {
        match (self, duplicate) {
            (Lang::Zh, false) => format!("文字记录已保存为证据 {exhibit}"),
            (Lang::Zh, true) => format!("相同的文字记录已是证据 {exhibit}，未重复保存"),
            (Lang::En, false) => format!("note stored as exhibit {exhibit}"),
            (Lang::En, true) => {
                format!("the same note is already exhibit {exhibit}; not stored again")
            }
        }
    }

    pub fn list_empty(self) -> &'static str {
        match self {
            Lang::Zh => "案件中还没有证据。用 dossier add 或 dossier note 添加。",
            Lang::En => {
                "The case holds no exhibits yet. Add some with dossier add or dossier note."
            }
        }
    }

    pub fn list_labels(self) -> ListLabels {
        match self {
            Lang::Zh => ListLabels {
                colon: "：",
                comma: "，",
                open: "（",
                close: "）",
                party: "对方",
                time: "时间",
                basis: "依据",
                contributor: "提供人",
                note: "备注",
                also: "另由以下提供人提交",
            },
            Lang::En => ListLabels {
                colon: ": ",
                comma: ", ",
                open: "  (",
                close: ")",
                party: "party",
                time: "time",
                basis: "basis",
                contributor: "contributor",
                note: "note",
                also: "also supplied by",
            },
        }
    }

    pub fn list_summary(self, n: usize, title: &str) -> String {
        self.pick(
            format!("“{title}”：共 {n} 件证据"),
            format!("\"{title}\": {n} exhibits"),
        )
    }

    pub fn verify_ok(self, exhibits: u64, bytes: &str, entries: u64, rows: u64) -> String {
        self.pick(
            format!("案件完好：{exhibits} 件证据全部重新计算哈希一致（共 {bytes}），{entries} 条保管链记录连续未断，{rows} 行记录与封存它们的保管链记录一致，数据库结构与完整性检查通过。"),
            format!(
                "Case intact: all {exhibits} exhibits re-hashed and match ({bytes}), the audit chain of {entries} entries is unbroken, all {rows} rows match the entries that sealed them, and the database's schema and integrity check pass."
            ),
        )
    }

    /// What an intact verify can and cannot say: the chain is proven up to
    /// its head, and a cut tail shows only against a head kept elsewhere.
    pub fn verify_head(self, seq: i64, hash: &str, compared: bool) -> String {
        match (self, compared) {
            (Lang::Zh, false) => format!(
                "已证明完好的范围：截至第 {seq} 条记录，链头哈希 {hash}。文件夹本身无法证明末尾没有被截去：请把这个链头与已导出的 manifest、证据包或时间戳中的链头比对（dossier verify 案件 --against 证据包.zip 或 --head 哈希）。"
            ),
            (Lang::Zh, true) => format!("截至第 {seq} 条记录完好，链头哈希 {hash}。"),
            (Lang::En, false) => format!(
                "Proven intact up to entry #{seq}, head {hash}. Nothing inside the folder can prove that no tail was cut: compare this head with an exported manifest, a bundle or a timestamp (dossier verify CASE --against BUNDLE.zip or --head HASH)."
            ),
            (Lang::En, true) => format!("Intact up to entry #{seq}, head {hash}."),
        }
    }

    pub fn head_confirmed(self, head: &dossier_core::case::verify::Head) -> String {
        let seq = head
            .seq
            .map(|s| s.to_string())
            .unwrap_or_else(|| "?".into());
        self.pick(
            format!("链头比对一致：{} 记录的第 {seq} 条记录（{}）仍在保管链中，其前的记录未被截去或替换。", head.from, head.hash),
            format!(
                "Head confirmed: entry #{seq} ({}) recorded by {} is still in the chain, so nothing before it was cut or replaced.",
                head.hash, head.from
            ),
        )
    }

    pub fn bad_head(self, hash: &str) -> String {
        self.pick(
            format!("--head {hash:?} 不是 SHA-256 哈希值（应为 64 位十六进制数字）"),
            format!("--head {hash:?} is not a SHA-256 hash (64 hex digits expected)"),
        )
    }

    pub fn head_error(self, e: &dossier_core::export::manifest::HeadError) -> String {
        use dossier_core::export::manifest::HeadError;
        match (self, e) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, HeadError::Io { path, source }) => {
                format!("无法读取 {}：{source}", path.display())
            }
            (Lang::Zh, HeadError::NotAManifest { path, why }) => format!(
                "{} 既不是 dossier 的 manifest.json，也不是含有它的证据包（{why}）：请给出 dossier export 生成的 manifest.json 或证据包 .zip",
                path.display()
            ),
            (Lang::Zh, HeadError::Empty { path }) => {
                format!("{} 没有保管链记录，无法用来比对链头", path.display())
            }
        }
    }

    pub fn verify_bad(self, n: usize) -> String {
        self.pick(
            format!("发现 {n} 个问题——该案件已被改动或损坏。未做任何修改；请保留整个案件文件夹的副本："),
            format!("{n} problems found — the case has been altered or damaged. Nothing was changed; keep a copy of the whole case folder:"),
        )
    }

    pub fn demo_done(
        self,
        program: &str,
        case: &str,
        report: &dossier_core::demo::DemoReport,
    ) -> String {
        let (files, notes, records) = (report.files, report.notes, report.records);
        self.pick(
            format!(
                "演示案件已建成：{case}\n  {files} 个文件（照片、截图、录音）、从通话记录和短信导出中导入的 {records} 条记录、{notes} 条文字记录，全部为虚构数据。\n接下来可以试试：\n  {program} check {case}\n  {program} stats {case}\n  {program} timeline {case} --from 2026-03-05 --to 2026-03-06\n  {program} party {case} list\n  {program} list {case}\n  {program} verify {case}"
            ),
            format!(
                "Demo case built: {case}\n  {files} files (photos, screenshots, recordings), {records} records imported from call-log and SMS exports, and {notes} typed notes, all fictional.\nTry next:\n  {program} check {case}\n  {program} stats {case}\n  {program} timeline {case} --from 2026-03-05 --to 2026-03-06\n  {program} party {case} list\n  {program} list {case}\n  {program} verify {case}"
            ),
        )
    }

    pub fn created_encrypted(self) -> String {
        self.pick(
            "案件已加密：每次打开都需要口令。请把口令记在安全的地方——忘记口令，任何人（包括我们）都无法打开案件。".to_owned(),
            "The case is encrypted: every command asks for its passphrase. Keep the passphrase somewhere safe — without it nobody, us included, can open the case.".to_owned(),
        )
    }

    pub fn converted(
        self,
        case: &str,
        c: &dossier_core::case::convert::Converted,
        size: &str,
    ) -> String {
        let n = c.exhibits;
        match (self, c.encrypted) {
            (Lang::Zh, true) => format!(
                "{case} 已加密：{n} 件证据（{size}）已用新密钥重写并逐一核验无误，原来的明文副本已删除。今后每次打开都需要口令。\n注意：删除的明文可能仍可被数据恢复工具从磁盘上找回；如需更高保护，请在新建案件时就选择加密。"
            ),
            (Lang::En, true) => format!(
                "{case} is encrypted: {n} exhibits ({size}) rewritten under the new key and each verified; the plaintext copy is deleted. Every command now asks for the passphrase.\nNote: deleted plaintext may still be recoverable from the disk with forensic tools; for the strongest protection create cases encrypted from the start."
            ),
            (Lang::Zh, false) => format!(
                "{case} 已解密：{n} 件证据（{size}）已以明文保存并逐一核验无误。打开案件不再需要口令，任何能访问这台电脑的人都能读取。"
            ),
            (Lang::En, false) => format!(
                "{case} is decrypted: {n} exhibits ({size}) stored in plaintext and each verified. It no longer needs a passphrase: anyone with access to this computer can read it."
            ),
        }
    }

    pub fn export_needs_choice(self) -> String {
        self.pick(
            "这是加密案件：导出的 PDF 和证据包会包含证据内容。请选择 --seal（用口令加密导出文件，便于发送）或 --plaintext（明确要求不加密导出）；未写出任何文件".to_owned(),
            "this case is encrypted, and its dossier and bundle hold the evidence: choose --seal (encrypt them under a passphrase for sending) or --plaintext (write them unencrypted, on purpose); nothing was written".to_owned(),
        )
    }

    pub fn sealed_how_to_open(self) -> String {
        self.pick(
            "导出文件已用口令加密（age 格式）。请通过另一渠道把口令告诉收件人；收件人可用 age 工具打开：age -d -o bundle.zip bundle.zip.age".to_owned(),
            "The files are sealed under the passphrase (age format). Tell the recipient the passphrase another way; they open the files with the age tool: age -d -o bundle.zip bundle.zip.age".to_owned(),
        )
    }

    pub fn sealed_opened(self, path: &str) -> String {
        self.pick(
            format!("已用口令解开加密的证据包：{path}"),
            format!("The sealed bundle is opened into {path}"),
        )
    }

    pub fn sealed_error(self, path: &str, e: &dossier_core::export::age::AgeError) -> String {
        use dossier_core::export::age::AgeError;
        match (self, e) {
            (Lang::Zh, AgeError::WrongPassphrase) => {
                format!("{path} 的口令不正确：请向发件人确认口令；未写出任何文件")
            }
            (Lang::Zh, AgeError::Damaged) => {
                format!("{path} 已被改动或不完整：请让发件人重新发送；未写出任何文件")
            }
            (Lang::Zh, AgeError::Format(why)) => format!("{path} 无法打开：{why}"),
            (Lang::Zh, AgeError::Io(e)) => format!("{path}：{e}"),
            (Lang::En, AgeError::WrongPassphrase) => format!(
                "wrong passphrase for {path}: check it with the sender; nothing was written"
            ),
            (Lang::En, AgeError::Damaged) => format!(
                "{path} was changed or is incomplete: ask the sender to send it again; nothing was written"
            ),
            (Lang::En, AgeError::Format(why)) => format!("cannot open {path}: {why}"),
            (Lang::En, AgeError::Io(e)) => format!("{path}: {e}"),
        }
    }

    pub fn passphrase_changed(self, case: &str) -> String {
        self.pick(
            format!("{case} 的口令已更改；旧口令不再有效。"),
            format!("The passphrase of {case} is changed; the old one no longer opens it."),
        )
    }

    pub fn case_error(self, e: &CaseError) -> String {
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            CaseError::NotACase { path, reason } => {
                use dossier_core::case::NotACase;
                let reason = match reason {
                    NotACase::Missing => "该路径不存在".to_owned(),
                    NotACase::IsAFile => "这是一个文件，不是文件夹".to_owned(),
                    NotACase::NoDatabase => {
                        "其中没有 case.sqlite；请先用 dossier init 创建案件".to_owned()
                    }
                    NotACase::ForeignDatabase(db) => {
                        format!("{} 是其他程序的 SQLite 数据库", db.display())
                    }
                };
                format!("{} 不是 Dossier 案件文件夹：{reason}", path.display())
            }
            CaseError::AlreadyExists { path } => {
                format!("{} 已存在且不是空的：请换一个新的文件夹名", path.display())
            }
            CaseError::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{} 由更新版本的 Dossier 创建（数据格式 {found}，本程序最高支持 {supported}）：请升级 Dossier 后再打开；未做任何修改",
                path.display()
            ),
            CaseError::Damaged { path, detail } => format!(
                "{} 已损坏：{detail}。文件保持原样，未做任何修改；请先备份整个案件文件夹，再从备份或证据包恢复 case.sqlite",
                path.display()
            ),
            CaseError::UnknownTimeZone { zone } => {
                format!("未知时区 {zone:?}：请使用 Asia/Shanghai、America/New_York 这样的名称")
            }
            CaseError::NotADay { day } => {
                format!("{day} 不是每月的日期：发薪日请填 1 到 31 之间的数字")
            }
            CaseError::KeyDamaged { path, problem } => format!(
                "{} 已损坏或不是 Dossier 写入的：{}。未尝试口令，也未做任何修改；请从案件文件夹的副本恢复 key.json",
                path.display(),
                key_problem_zh(problem)
            ),
            CaseError::Locked { path } => format!(
                "{} 是加密案件：需要口令（终端会询问，或设置 DOSSIER_PASSPHRASE）",
                path.display()
            ),
            CaseError::WrongPassphrase { path } => {
                format!("{} 的口令不正确：未打开、也未修改任何内容", path.display())
            }
            CaseError::NotEncrypted { path } => {
                format!("{} 没有加密，没有可以核对或更改的口令", path.display())
            }
            CaseError::AlreadyEncrypted { path } => format!("{} 已经加密", path.display()),
            CaseError::InUse { path } => format!(
                "{} 正在被另一个程序使用（Dossier 应用或另一条命令）：请先在那里关闭，再重试；未做任何修改",
                path.display()
            ),
            CaseError::WeakPassphrase => format!(
                "口令太短：请至少使用 {} 个字符",
                dossier_core::case::crypto::MIN_PASSPHRASE
            ),
            CaseError::Crypto(detail) => format!("无法保护案件：{detail}"),
            CaseError::Stopped => "已停止——案件保持原样".to_owned(),
            CaseError::Io { path, source } => format!("{}：{source}", path.display()),
            CaseError::Sqlite { source, .. } => format!("案件数据库出错：{source}"),
        }
    }

    pub fn ingest_error(self, e: &IngestError) -> String {
        if self == Lang::En {
            return e.to_string();
        }
        let p = e.path().display();
        match e {
            IngestError::NotFound { .. } => format!("{p}：文件不存在——请检查路径"),
            IngestError::IsDirectory { .. } => {
                format!("{p} 是文件夹——加上 --recursive 可添加其中所有文件")
            }
            IngestError::NotAFile { .. } => {
                format!("{p} 不是普通文件（设备、管道或套接字）——请先把内容复制到一个文件")
            }
            IngestError::PermissionDenied { .. } => {
                format!("{p}：没有读取权限——请让当前用户可读该文件，或先复制到可读的位置")
            }
            IngestError::InsideCase { .. } => {
                format!("{p} 位于案件文件夹之内——请从案件文件夹以外添加文件")
            }
            IngestError::Empty { .. } => {
                format!("{p} 是空文件（0 字节）——空文件不能证明任何事，请重新导出或复制")
            }
            IngestError::ChangedWhileReading { .. } => {
                format!(
                    "{p} 在读取过程中发生了变化（大小或修改时间不同）——请等写入它的程序完成后再添加"
                )
            }
            IngestError::DiskFull { .. } => {
                format!("没有足够空间保存 {p}：磁盘已满——请腾出空间后重新添加")
            }
            IngestError::Read { source, .. } => format!("无法读取 {p}：{source}"),
            IngestError::Write { source, .. } => format!("无法把 {p} 写入案件：{source}"),
            IngestError::Record { source, .. } => format!("无法在案件数据库中记录 {p}：{source}"),
        }
    }

    pub fn note_error(self, e: &NoteError) -> String {
        match (self, e) {
            (Lang::Zh, NoteError::EmptyText) => {
                "文字记录没有内容——请写明发生了什么，例如 --text \"两名男子到家门口要求还款\""
                    .to_owned()
            }
            (Lang::Zh, NoteError::NotNoted(channel)) => format!(
                "文字记录不能是 {} 渠道：请用 call、message、visit、letter、post 或 other（短信、彩信和聊天记录请导入导出文件）",
                channel.as_str()
            ),
            (_, NoteError::Store(e)) => self.ingest_error(e),
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn time_error(self, e: &TimeError) -> String {
        self.pick(
            format!(
                "无法识别时间 {:?}：请写成 2026-03-05 21:30（按案件时区 {} 理解）、2026年3月5日 21:30，或 2026-03-05T21:30:00+08:00",
                e.input, e.zone
            ),
            e.to_string(),
        )
    }

    pub fn demo_error(self, e: &DemoError) -> String {
        match (self, e) {
            (_, DemoError::Case(e)) => self.case_error(e),
            (_, DemoError::Note(e)) => self.note_error(e),
            (Lang::Zh, DemoError::NotEmpty { path }) => format!(
                "{} 已存在且不是空的：请给 dossier demo 一个新的文件夹",
                path.display()
            ),
            (Lang::Zh, DemoError::Io { path, source }) => {
                format!("无法在 {} 写入演示文件：{source}", path.display())
            }
            (Lang::Zh, DemoError::Ingest(m)) => format!("演示文件未能保存：{m}"),
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn problem(self, p: &Problem) -> String {
        if self == Lang::En {
            return p.to_string();
        }
        match p {
            Problem::BlobMissing { exhibit, sha256 } => format!(
                "证据 {exhibit}：原件 blobs/{}/{sha256} 缺失",
                &sha256[..2.min(sha256.len())]
            ),
            Problem::BlobAltered {
                exhibit,
                expected,
                actual,
            } => {
                format!(
                    "证据 {exhibit}：原件已被改动——登记的 SHA-256 为 {expected}，现在的内容哈希为 {actual}"
                )
            }
            Problem::BlobSize {
                exhibit,
                expected,
                actual,
            } => format!("证据 {exhibit}：原件应为 {expected} 字节，现为 {actual} 字节"),
            Problem::BlobUnreadable { exhibit, detail } => {
                format!("证据 {exhibit}：原件无法读取：{detail}")
            }
            Problem::BlobUnreferenced { path } => {
                format!("{}：blobs/ 下有一个不属于任何证据的文件", path.display())
            }
            Problem::StrayFile { path } => format!(
                "{}：不应出现在 blobs/ 下（文件名不是 SHA-256）",
                path.display()
            ),
            Problem::ExhibitAuditMissing { exhibit, seq } => {
                format!("证据 {exhibit}：登记它的保管链记录 #{seq} 缺失")
            }
            Problem::ExhibitAuditMismatch {
                exhibit,
                seq,
                field,
                recorded,
                current,
            } => {
                let field = match *field {
                    "SHA-256" => "SHA-256",
                    "size" => "大小",
                    _ => "编号",
                };
                format!(
                    "证据 {exhibit}：数据库中的{field}为 {current}，但保管链记录 #{seq} 登记的是 {recorded}"
                )
            }
            Problem::ExhibitMissing { exhibit, seq } => {
                format!("证据 {exhibit}：保管链记录 #{seq} 登记过它，但数据库中已没有")
            }
            Problem::Audit(ChainBreak::Gap { expected, found }) => {
                format!(
                    "保管链：记录 #{expected} 至 #{} 缺失（下一条是 #{found}）",
                    found - 1
                )
            }
            Problem::Audit(ChainBreak::PrevMismatch {
                seq,
                expected,
                found,
            }) => {
                format!(
                    "保管链记录 #{seq}：链条在此断开——它记载的上一条哈希为 {found}，而上一条的实际哈希为 {expected}"
                )
            }
            Problem::Audit(ChainBreak::HashMismatch {
                seq,
                stored,
                computed,
            }) => {
                format!(
                    "保管链记录 #{seq}：内容被改动——登记的哈希为 {stored}，按内容计算为 {computed}"
                )
            }
            Problem::RowsChanged {
                seq,
                action,
                table,
                recorded,
                current,
            } => {
                if recorded == current {
                    format!(
                        "表 {table}：保管链记录 #{seq}（{action}）写入的行被改动——它封存了 {recorded} 行，数据库中仍有 {current} 行，但内容不同"
                    )
                } else {
                    format!(
                        "表 {table}：保管链记录 #{seq}（{action}）写入的行被删除或增加——它封存了 {recorded} 行，数据库中现有 {current} 行"
                    )
                }
            }
            Problem::RowsUnsealed {
                table,
                rowids,
                count,
            } => {
                let shown: Vec<String> = rowids.iter().map(i64::to_string).collect();
                let more = if *count > rowids.len() as u64 {
                    "、…"
                } else {
                    ""
                };
                format!(
                    "表 {table}：有 {count} 行不是由任何记入保管链的操作写入的（行 {}{more}）",
                    shown.join("、")
                )
            }
            Problem::RowsOrphaned { table, seq, count } => {
                format!("表 {table}：有 {count} 行声称由保管链记录 #{seq} 写入，但该记录不存在")
            }
            Problem::Schema { change, kind, name } => {
                let kind = match kind.as_str() {
                    "table" => "表",
                    "index" => "索引",
                    "trigger" => "触发器",
                    "view" => "视图",
                    other => other,
                };
                match change {
                    SchemaChange::Added => {
                        format!("case.sqlite：{kind} {name} 是被人另外加入的——本程序从不创建它")
                    }
                    SchemaChange::Removed => {
                        format!("case.sqlite：本程序创建的{kind} {name} 缺失")
                    }
                    SchemaChange::Changed => {
                        format!("case.sqlite：{kind} {name} 与本程序创建的不同")
                    }
                }
            }
            Problem::HeadMissing { seq, hash, from } => match seq {
                Some(seq) => format!(
                    "保管链：{from} 记录的第 {seq} 条记录（哈希 {hash}）已不在链中——此后有记录被删除或替换"
                ),
                None => format!(
                    "保管链：没有哈希为 {hash}（来自 {from}）的记录——此后有记录被删除或替换"
                ),
            },
            Problem::Database { detail } => format!("case.sqlite：{detail}"),
        }
    }
}

impl Lang {
    pub fn imported(self, path: &str, r: &dossier_core::import::ImportReport) -> String {
        let stored = match (self, r.already_stored) {
            (Lang::Zh, false) => format!("导出文件已保存为证据 {}", r.exhibit),
            (Lang::Zh, true) => format!("导出文件与证据 {} 完全相同，未重复保存", r.exhibit),
            (Lang::En, false) => format!("the export is stored as exhibit {}", r.exhibit),
            (Lang::En, true) => format!(
                "the export is the same as exhibit {}, not stored again",
                r.exhibit
            ),
        };
        let extracted = r
            .extracted
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = self.pick(
            format!(
                "已导入 {path}（{}）：{stored}；{} 条记录，新增 {} 个事件，{} 个已在案件中",
                r.format.as_str(),
                r.records,
                r.new_events,
                r.known_events
            ),
            format!(
                "Imported {path} ({}): {stored}; {} records, {} new events, {} already known",
                r.format.as_str(),
                r.records,
                r.new_events,
                r.known_events
            ),
        );
        if !r.extracted.is_empty() {
            line.push_str(&self.pick(
                format!(
                    "；消息中的 {} 个附件（图片、录音等）保存为证据 {extracted}",
                    r.extracted.len()
                ),
                format!(
                    "; {} message attachments (pictures, recordings) stored as exhibits {extracted}",
                    r.extracted.len()
                ),
            ));
        }
        if !r.skipped.is_empty() {
            line.push_str(&self.pick(
                format!("；跳过 {} 条", r.skipped.len()),
                format!("; {} records passed over:", r.skipped.len()),
            ));
        }
        line
    }

    /// How many records of an import had a number the export masks.
    pub fn masked_records(self, n: u64) -> String {
        self.pick(
            format!(
                "  注意：{} 条记录的对方号码被导出文件遮盖（如 138****1234 或 ***）。完全遮盖的号码不会合并为同一个人，也不计入任何一方；部分遮盖的号码单独列出，不与任何完整号码合并",
                dossier_core::import::group_digits(n)
            ),
            format!(
                "  Note: {} records have the other number masked by the export (like 138****1234 or ***). A fully masked number is never merged into one person or counted for anyone; a partly masked one is kept apart from every full number",
                dossier_core::import::group_digits(n)
            ),
        )
    }

    /// What an export lost, and what that means for the records imported.
    pub fn import_gap(self, gap: &dossier_core::import::Gap, records: u64) -> String {
        let what = gap.describe(records, self.analysis());
        match (gap, self) {
            (dossier_core::import::Gap::Truncated { .. }, Lang::Zh) => format!(
                "  {what}如果手机还在，请重新导出一次再导入；原文件已原样保存为证据，并注明不完整"
            ),
            (dossier_core::import::Gap::Truncated { .. }, Lang::En) => format!(
                "  {what} If you still have the phone, export again and import the new file; this file is stored as it is, marked incomplete"
            ),
            _ => format!("  {what}"),
        }
    }

    /// Said once when attachments a message names are not in the export.
    pub fn attachments_missing_hint(self) -> &'static str {
        match self {
            Lang::Zh => {
                "  附件没有随导出文件保存：如果有完整的 iPhone 备份文件夹，请导入整个文件夹（不要只导入其中的 sms.db），附件会作为证据一并保存"
            }
            Lang::En => {
                "  Attachments missing from the export: if you have the whole iPhone backup folder, import the folder (not the sms.db alone) and the attachments are stored as exhibits with their messages"
            }
        }
    }

    /// A record imported with something to check.
    pub fn import_flag(self, position: &str, flag: &dossier_core::import::Flag) -> String {
        flag.describe(position, self.analysis())
    }

    pub fn skipped_record(self, position: &str, why: &str) -> String {
        match self {
            Lang::Zh => format!(
                "{}：{}",
                dossier_core::import::record_words(position, Lang::Zh.analysis()),
                self.skip_reason(why)
            ),
            Lang::En => format!("{position}: {why}"),
        }
    }

    /// Why a record was passed over, in the user's language.
    pub fn skip_reason(self, why: &str) -> String {
        match (self, why) {
            (Lang::Zh, "a draft, never sent") => "草稿，从未发出".to_owned(),
            (Lang::Zh, "a WeChat system notice") => "微信系统提示".to_owned(),
            (_, why) => why.to_owned(),
        }
    }

    pub fn import_error(self, e: &dossier_core::import::ImportError) -> String {
        use dossier_core::import::ImportError;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            ImportError::Source(e) => self.ingest_error(e),
            ImportError::Undetected { path, candidates } => {
                let could = if candidates.is_empty() {
                    String::new()
                } else {
                    format!("：可能是 {}", candidates.join(" 或 "))
                };
                format!(
                    "无法判断 {} 是哪种导出文件{could}——请用 --format 指定（{}）",
                    path.display(),
                    dossier_core::import::Format::ALL
                        .map(dossier_core::import::Format::as_str)
                        .join("、")
                )
            }
            ImportError::Malformed { path, at, reason } => format!(
                "无法导入 {}：{}：{}——未导入任何内容",
                path.display(),
                place_zh(at),
                reason.zh.clone().unwrap_or_else(|| reason_zh(&reason.en))
            ),
            ImportError::NeedsMapping { path } => format!(
                "{} 看起来是 CSV 列表，但内置的列映射（{}）都对不上它的列——请写一个映射文件，用 --mapping 文件 指定（见 docs/import.md）",
                path.display(),
                dossier_core::import::PRESETS.join("、")
            ),
            ImportError::Owner { owner } => {
                format!("{owner:?} 不能作为手机主人：隐藏号码不是当事方——请用号码或姓名指明")
            }
            ImportError::Record { path, source } => format!(
                "无法在案件数据库中记录 {} 的导入：{source}——未导入任何内容",
                path.display()
            ),
            ImportError::Cancelled { path } => {
                format!("{} 的导入已停止——未导入任何内容", path.display())
            }
            ImportError::Schema {
                path,
                database,
                table,
                problem,
            } => format!(
                "无法导入 {}：这不像是 iPhone 的 {database}：表 {table}：{}——请导入从备份中原样取出的文件；未导入任何内容",
                path.display(),
                schema_problem_zh(problem)
            ),
            ImportError::TooLong { path, at, what } => {
                format!(
                    "无法导入 {}：{}：{}——未导入任何内容",
                    path.display(),
                    at_zh(at),
                    limit_zh(what)
                )
            }
            ImportError::Unterminated { path, line } => format!(
                "无法导入 {}：第 {line} 行：这里开始的引号一直没有闭合——列表被截断或格式有误；请重新导出，或补上引号——未导入任何内容",
                path.display()
            ),
        }
    }

    pub fn no_backup_databases(self, dir: &str) -> String {
        self.pick(
            format!("{dir} 中没有找到 iOS 备份里的通话记录或短信数据库（按备份文件 ID 查找）——请指向备份文件夹本身（含 Manifest.db 的那一层），或直接给出数据库文件"),
            format!("{dir} holds no iOS call history or sms.db (looked for by their backup file IDs) — point at the backup folder itself (the one with Manifest.db), or give the database file"),
        )
    }

    pub fn backup_encrypted(self, dir: &str) -> String {
        self.pick(
            format!("{dir} 是加密的 iOS 备份（备份时勾选了“加密本地备份”），无法读取——请在“访达”或 iTunes 中取消勾选“加密本地备份”（需要输入备份密码），再备份一次，然后导入新的备份"),
            format!("{dir} is an encrypted iOS backup (\"Encrypt local backup\" was on) and cannot be read — in Finder or iTunes turn \"Encrypt local backup\" off (it asks for the backup password), back up again, and import the new backup"),
        )
    }

    pub fn backup_lacks(self, dir: &str, format: dossier_core::import::Format) -> String {
        let (zh, en, file) = match format {
            dossier_core::import::Format::IosCalls => {
                ("通话记录", "call history", "CallHistory.storedata")
            }
            _ => ("短信数据库", "message database", "sms.db"),
        };
        self.pick(
            format!("{dir} 的 Manifest.db 列出了{zh}（{file}），但文件夹里没有这个文件：备份可能没有完成，或复制时漏掉了文件——请从原来的电脑重新复制整个备份文件夹，或重新备份一次"),
            format!("the Manifest.db of {dir} lists the {en} ({file}), but the folder lacks the file: the backup may not have finished, or the copy left files behind — copy the whole backup folder again from the computer it was made on, or back up again"),
        )
    }

    pub fn mapping_error(self, given: &str, message: &str) -> String {
        let presets = dossier_core::import::PRESETS.join(", ");
        self.pick(
            format!("无法使用列映射 {given:?}：{message}——可用内置映射（{presets}）或一个 JSON 映射文件（见 docs/import.md）"),
            format!("cannot use the mapping {given:?}: {message} — give a built-in mapping ({presets}) or a JSON mapping file (see docs/import.md)"),
        )
    }

    pub fn timeline_empty(self) -> &'static str {
        match self {
            Lang::Zh => "这段时间内没有事件。",
            Lang::En => "No events in that period.",
        }
    }

    fn channel(self, channel: &str) -> String {
        let zh = match channel {
            "call" => "电话",
            "sms" => "短信",
            "mms" => "彩信",
            "chat" => "聊天",
            "visit" => "上门",
            "message" => "消息",
            "letter" => "信件",
            "post" => "公开发布",
            "image" => "图片",
            "recording" => "录音",
            "video" => "视频",
            "document" => "文档",
            "text" => "文本",
            "note" => "文字记录",
            other => other,
        };
        match self {
            Lang::Zh => zh.to_owned(),
            Lang::En => channel.to_owned(),
        }
    }

    fn direction(self, d: dossier_core::import::Direction) -> &'static str {
        use dossier_core::import::Direction::*;
        match (self, d) {
            (Lang::Zh, In) => "呼入/收到",
            (Lang::Zh, Out) => "呼出/发出",
            (Lang::Zh, Missed) => "未接",
            (Lang::Zh, Rejected) => "拒接",
            (Lang::Zh, Blocked) => "已拦截",
            (Lang::Zh, Voicemail) => "语音信箱",
            (Lang::En, d) => d.as_str(),
        }
    }

    fn role(self, role: dossier_core::people::party::Role) -> &'static str {
        use dossier_core::people::party::Role::*;
        match (self, role) {
            (Lang::Zh, Lender) => "放贷方",
            (Lang::Zh, Agency) => "催收机构",
            (Lang::Zh, Collector) => "催收员",
            (Lang::Zh, Debtor) => "借款人",
            (Lang::Zh, Guarantor) => "担保人",
            (Lang::Zh, Spouse) => "配偶",
            (Lang::Zh, Family) => "家人",
            (Lang::Zh, Friend) => "朋友",
            (Lang::Zh, Colleague) => "同事",
            (Lang::Zh, Employer) => "单位",
            (Lang::Zh, Other) => "其他",
            (Lang::En, r) => r.as_str(),
        }
    }

    pub fn timeline_line(self, time: &str, e: &dossier_core::query::timeline::Entry) -> String {
        let mut line = format!("  {time}  {}", self.channel(&e.channel));
        if let Some(kind) = e.facetime {
            line.push_str(&format!(" ({})", self.facetime(kind)));
        }
        if let Some(d) = e.direction {
            line.push_str(&format!(" {}", self.direction(d)));
        }
        let who = if e.hidden {
            Some(self.pick("隐藏号码".into(), "hidden number".into()))
        } else if e.masked {
            Some(self.pick(
                "号码被导出文件遮盖".into(),
                "number masked in the export".into(),
            ))
        } else {
            e.party_key
                .as_deref()
                .map(dossier_core::people::party::display_key)
                .or(e.party_raw.as_deref())
                .map(str::to_owned)
        };
        if let Some(who) = who {
            let mut tags: Vec<String> = Vec::new();
            if let Some(name) = &e.party_name {
                tags.push(name.clone());
            }
            if let Some(role) = e.party_role {
                tags.push(self.role(role).to_owned());
            }
            line.push_str(&format!("  {who}"));
            if !tags.is_empty() {
                line.push_str(&format!(" ({})", tags.join(", ")));
            }
        }
        if let Some(ms) = e.duration_ms.filter(|&ms| ms > 0) {
            let s = ms / 1000;
            line.push_str(&format!("  {}:{:02}", s / 60, s % 60));
        }
        if let Some(body) = &e.body {
            let short: String = body.chars().take(60).collect();
            let ellipsis = if body.chars().count() > 60 { "…" } else { "" };
            line.push_str(&format!("  “{}{ellipsis}”", short.replace('\n', " ")));
        }
        let sources: Vec<String> = e
            .sources
            .iter()
            .map(|s| {
                self.pick(
                    format!("证据 {}：{}", s.exhibit, s.record),
                    format!("exhibit {}: {}", s.exhibit, s.record),
                )
            })
            .collect();
        line.push_str(&format!("  [{}]", sources.join("; ")));
        if !e.attachments.is_empty() {
            let list: Vec<String> = e.attachments.iter().map(|x| format!("#{x}")).collect();
            line.push_str(&self.pick(
                format!("  附件：证据 {}", list.join("、")),
                format!("  attachments: exhibit {}", list.join(", ")),
            ));
        }
        line
    }

    /// A FaceTime call, as the timeline names it.
    pub fn facetime(self, kind: dossier_core::import::FaceTime) -> &'static str {
        dossier_core::export::dossier::facetime_name(kind, self.analysis())
    }

    pub fn party_nothing_to_set(self) -> &'static str {
        match self {
            Lang::Zh => "请至少给出 --role、--name、--group 或 --basis 之一",
            Lang::En => "give at least one of --role, --name, --group or --basis",
        }
    }

    pub fn parties_empty(self) -> &'static str {
        match self {
            Lang::Zh => "案件中还没有当事方。导入通话记录或短信后，号码会出现在这里。",
            Lang::En => {
                "The case has no parties yet. Numbers appear here once call logs or messages are imported."
            }
        }
    }

    pub fn party_line(self, p: &dossier_core::people::party::PartyRow) -> String {
        let mut line = dossier_core::people::party::display_key(&p.key).to_owned();
        if p.key == dossier_core::people::party::SELF_KEY {
            line = self.pick("借款人本人".into(), "the debtor".into());
        }
        let mut tags = Vec::new();
        if let Some(role) = p.role {
            tags.push(self.role(role).to_owned());
        }
        if let Some(name) = &p.name {
            tags.push(name.clone());
        }
        if let Some(group) = &p.group {
            tags.push(self.pick(format!("归属：{group}"), format!("group: {group}")));
        }
        if let Some(b) = &p.basis {
            let (zh, en) = b.basis.describe();
            let source = b.source.as_deref().unwrap_or("");
            tags.push(match (self, source.is_empty()) {
                (Lang::Zh, true) => format!("依据：{zh}"),
                (Lang::Zh, false) => format!("依据：{zh}（{source}）"),
                (Lang::En, true) => format!("basis: {en}"),
                (Lang::En, false) => format!("basis: {en} ({source})"),
            });
        }
        if !tags.is_empty() {
            line.push_str(&format!("  ({})", tags.join(", ")));
        }
        line.push_str(&self.pick(
            format!("  事件 {}", p.events),
            format!("  {} events", p.events),
        ));
        if p.owned_events > 0 {
            line.push_str(&self.pick(
                format!("，其手机记录 {}", p.owned_events),
                format!(", {} recorded on its phone", p.owned_events),
            ));
        }
        line
    }

    pub fn set_nothing(self) -> &'static str {
        match self {
            Lang::Zh => {
                "请给出要修改的内容，例如 --paydays 15，或 --cease 催收公司 --received 2026-04-02"
            }
            Lang::En => {
                "say what to change, such as --paydays 15, or --cease COLLECTOR --received 2026-04-02"
            }
        }
    }

    pub fn cease_needs_received(self) -> &'static str {
        match self {
            Lang::Zh => {
                "请用 --received 给出催收方收到书面停止联系要求的日期（例如回执上的日期 2026-04-02），或用 --withdraw 撤回已记录的要求"
            }
            Lang::En => {
                "give the day the collector received the written request with --received (the date on the return receipt, such as 2026-04-02), or take a recorded one back with --withdraw"
            }
        }
    }

    pub fn cease_line(self, r: &dossier_core::people::cease::CeaseRequest) -> String {
        let source = r.source.as_deref().map_or(String::new(), |s| match self {
            Lang::Zh => format!("（{s}）"),
            Lang::En => format!(" ({s})"),
        });
        self.pick(
            format!(
                "书面停止联系要求：{} 于 {} 收到{source}",
                r.collector, r.received
            ),
            format!(
                "Written request to cease: received by {} on {}{source}",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_recorded(self, r: &dossier_core::people::cease::CeaseRequest) -> String {
        self.pick(
            format!(
                "已记录：{} 于 {} 收到借款人的书面停止联系要求；此后它的联系将在美国规则的检查中列出（dossier check --rules us）",
                r.collector, r.received
            ),
            format!(
                "Recorded: {} received the borrower's written request to cease on {}; what it sent afterwards is listed by the US rules (dossier check --rules us)",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_withdrawn(self, r: &dossier_core::people::cease::CeaseRequest) -> String {
        self.pick(
            format!(
                "已撤回对 {} 的书面停止联系要求（原记录 {} 收到；撤回记入审计日志）",
                r.collector, r.received
            ),
            format!(
                "The written request to {} (recorded as received on {}) is withdrawn; the audit log keeps both",
                r.collector, r.received
            ),
        )
    }

    pub fn cease_error(self, e: &dossier_core::people::cease::CeaseError) -> String {
        use dossier_core::people::cease::CeaseError;
        match (self, e) {
            (Lang::Zh, CeaseError::UnknownCollector { name, known }) => {
                let known = if known.is_empty() {
                    String::new()
                } else {
                    format!("（案件中已有：{}）", known.join("、"))
                };
                format!(
                    "{name:?} 不是本案的催收方：没有标为放贷机构、催收机构或催收人员的号码或账号叫这个名字，也没有催收人员归属于它{known}——请先标注催收方的号码（dossier party set 号码 --role agency --name 名称）"
                )
            }
            (Lang::Zh, CeaseError::NotADate { text }) => format!(
                "{text:?} 不是日期：请给出催收方收到要求的日期，例如 2026-04-02 或 2026年4月2日"
            ),
            (Lang::Zh, CeaseError::Future { date, today }) => {
                format!("{date} 晚于今天（{today}）：请给出催收方收到要求的日期")
            }
            (Lang::Zh, CeaseError::NotRecorded { name }) => {
                format!("没有记录过给 {name:?} 的书面停止联系要求，无可撤回")
            }
            (Lang::Zh, CeaseError::Record(source)) => {
                format!("无法在案件数据库中记录书面停止联系要求：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn paydays_set(self, days: &[i8]) -> String {
        let list: Vec<String> = days.iter().map(i8::to_string).collect();
        match (self, days.is_empty()) {
            (Lang::Zh, true) => "已清除借款人的发薪日".into(),
            (Lang::En, true) => "The borrower's paydays are cleared".into(),
            (Lang::Zh, false) => format!("借款人的发薪日：每月 {} 日", list.join("、")),
            (Lang::En, false) => format!(
                "The borrower's paydays: day {} of the month",
                list.join(", ")
            ),
        }
    }

    pub fn unknown_role(self, name: &str) -> String {
        self.pick(
            format!("未知的身份 {name:?}：可选 lender、agency、collector、debtor、guarantor、family、friend、colleague、employer、other"),
            format!("unknown role {name:?}: use lender, agency, collector, debtor, guarantor, family, friend, colleague, employer or other"),
        )
    }

    pub fn unknown_basis(self, name: &str) -> String {
        self.pick(
            format!("未知的标注依据 {name:?}：可选 user（用户自述）、signature（短信签名）、caller（对方自称）、regulator（书面答复）"),
            format!("unknown label basis {name:?}: use user, signature, caller or regulator"),
        )
    }

    pub fn payday_error(self, e: &dossier_core::people::payday::PaydayError) -> String {
        use dossier_core::people::payday::PaydayError;
        match (self, e) {
            (Lang::Zh, PaydayError::NotADay { text }) => {
                format!("{text:?} 不是每月的日期：请填 1 到 31 之间的数字，例如 15 或 10,25")
            }
            (Lang::Zh, PaydayError::Record(source)) => {
                format!("无法在案件数据库中记录发薪日：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn party_error(self, e: &dossier_core::people::party::PartyError) -> String {
        use dossier_core::people::party::PartyError;
        match (self, e) {
            (Lang::Zh, PartyError::Hidden { input }) => format!(
                "{input:?} 是隐藏或未知号码：隐藏号码永远不会被合并为一个当事方，因此不能标注"
            ),
            (Lang::Zh, PartyError::Record(source)) => {
                format!("无法在案件数据库中记录当事方：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }
}

/// Field labels of `dossier list`.
#[derive(Debug, Clone, Copy)]
pub struct ListLabels {
    pub colon: &'static str,
    pub comma: &'static str,
    pub open: &'static str,
    pub close: &'static str,
    pub party: &'static str,
    pub time: &'static str,
    pub basis: &'static str,
    pub contributor: &'static str,
    pub note: &'static str,
    pub also: &'static str,
}

/// The words of `dossier check` and `dossier stats`. Rule titles, sentences
/// and sources come from the rule pack, in both languages.
impl Lang {
    /// The analysis layer's language for pack texts.
    pub fn analysis(self) -> dossier_core::analysis::Lang {
        match self {
            Lang::Zh => dossier_core::analysis::Lang::Zh,
            Lang::En => dossier_core::analysis::Lang::En,
        }
    }

    pub fn pack_error(self, e: &dossier_core::analysis::PackError) -> String {
        use dossier_core::analysis::PackError;
        match (self, e) {
            (Lang::Zh, PackError::Unknown { name }) => {
                format!("{name}：没有这个规则包——请用 cn 或 us，或给出规则包文件的路径")
            }
            (Lang::Zh, PackError::Read { path, source }) => {
                format!("无法读取规则包 {path}：{source}")
            }
            (
                Lang::Zh,
                PackError::Syntax {
                    file,
                    line,
                    message,
                },
            ) => {
                format!("规则包 {file} 第 {line} 行格式错误：{message}")
            }
            (
                Lang::Zh,
                PackError::Invalid {
                    file,
                    place,
                    message,
                },
            ) => {
                format!("规则包 {file}（{place}）无效：{message}")
            }
            (Lang::Zh, PackError::Lexicon { file, source }) => {
                format!("规则包 {file} 的词库无效：{source}")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn check_header(
        self,
        pack: &str,
        id: &str,
        zone: &str,
        events: u64,
        contacts: u64,
    ) -> String {
        self.pick(
            format!("规则包：{pack}（{id}）· 时区 {zone} · 共 {events} 个事件，其中催收联系 {contacts} 个"),
            format!("Rule pack: {pack} ({id}) · time zone {zone} · {events} events, {contacts} of them collection contacts"),
        )
    }

    pub fn no_collection_parties(self, case: &str) -> String {
        self.pick(
            format!(
                "还没有号码被标注为贷款机构、催收机构或催收人员，所以没有事件计为催收联系。请先标注，例如：dossier party {case} set 号码 --role collector（下面的“疑似催收号码”可作参考）"
            ),
            format!(
                "No number is labelled as a lender, agency or collector yet, so no event counts as a collection contact. Label them first, e.g. dossier party {case} set NUMBER --role collector (see the suspected collectors below)"
            ),
        )
    }

    pub fn rule_heading(
        self,
        id: &str,
        title: &str,
        mark: &str,
        findings: usize,
        events: usize,
    ) -> String {
        match (self, findings) {
            (Lang::Zh, 0) => format!("{id} {title} [{mark}] —— 未发现"),
            (Lang::En, 0) => format!("{id} {title} [{mark}] — nothing found"),
            (Lang::Zh, n) => format!("{id} {title} [{mark}] —— {n} 项发现，涉及 {events} 个事件"),
            (Lang::En, 1) => format!("{id} {title} [{mark}] — 1 finding, {events} events"),
            (Lang::En, n) => format!("{id} {title} [{mark}] — {n} findings, {events} events"),
        }
    }

    pub fn sources_line(self, sources: &[String]) -> String {
        match self {
            Lang::Zh => format!("依据：{}", sources.join("；")),
            Lang::En => format!("Source: {}", sources.join("; ")),
        }
    }

    /// `证据 3（call #12、call #15）` for the exhibits a finding cites.
    pub fn exhibits_line(self, cited: &[(i64, Vec<String>, usize)]) -> String {
        let parts: Vec<String> = cited
            .iter()
            .map(|(exhibit, records, more)| {
                let mut list = records.join(self.pick("、".into(), ", ".into()).as_str());
                if *more > 0 {
                    list.push_str(
                        &self.pick(format!(" 等另 {more} 条"), format!(" and {more} more")),
                    );
                }
                self.pick(
                    format!("证据 {exhibit}（{list}）"),
                    format!("exhibit {exhibit} ({list})"),
                )
            })
            .collect();
        self.pick(
            format!("证据：{}", parts.join("；")),
            format!("Evidence: {}", parts.join("; ")),
        )
    }

    pub fn contradictions_heading(self) -> String {
        self.pick(
            "标注与记录不一致（不是认定结论；请先核实再依据这些标注）：".into(),
            "Labels the records contradict (not findings; check them before relying on the labels):".into(),
        )
    }

    pub fn contradiction_exhibits(self, exhibits: &[String]) -> String {
        self.pick(
            format!("见证据：{}", exhibits.join("、")),
            format!("See exhibits: {}", exhibits.join(", ")),
        )
    }

    pub fn suspects_heading(self) -> String {
        self.pick(
            "疑似催收号码（尚未计入任何规则；确认后请标注）：".into(),
            "Suspected collectors (not counted by any rule until you label them):".into(),
        )
    }

    pub fn suspect_hint(self, case: &str, key: Option<&str>) -> String {
        match key {
            Some(key) => self.pick(
                format!("确认是催收：dossier party {case} set {key} --role collector；不是：--role other"),
                format!("If it is a collector: dossier party {case} set {key} --role collector; if not: --role other"),
            ),
            None => self.pick(
                "隐藏号码无法标注；它们只计入“隐藏号码占比”。".into(),
                "Hidden numbers cannot be labelled; they count only in the share of hidden numbers.".into(),
            ),
        }
    }

    pub fn patterns_heading(self) -> String {
        self.pick(
            "催收手法（规律性事实，不是违规认定）：".into(),
            "The collectors' playbook (pattern facts, not violations):".into(),
        )
    }

    pub fn stats_header(self, zone: &str, events: u64, channels: &str) -> String {
        self.pick(
            format!("统计（时区 {zone}）：共 {events} 个事件（{channels}）"),
            format!("Statistics (time zone {zone}): {events} events ({channels})"),
        )
    }

    pub fn stats_contacts(self, contacts: u64, first: Option<&str>, last: Option<&str>) -> String {
        match (first, last) {
            (Some(first), Some(last)) => self.pick(
                format!("催收联系 {contacts} 次，首次 {first}，最近一次 {last}"),
                format!("{contacts} collection contacts, the first {first}, the last {last}"),
            ),
            _ => self.pick(
                "没有催收联系（尚无号码被标注为催收方）".into(),
                "No collection contacts (no number is labelled as a collector yet)".into(),
            ),
        }
    }

    pub fn stats_numbers(self, numbers: u64, collection: u64, hidden: u64, reached: u64) -> String {
        self.pick(
            format!("不同号码 {numbers} 个，其中催收方号码 {collection} 个；隐藏号码事件 {hidden} 个；催收方联系到的第三人 {reached} 位"),
            format!("{numbers} distinct numbers, {collection} of them collectors'; {hidden} events from hidden numbers; {reached} third parties reached by collectors"),
        )
    }

    pub fn stats_days_heading(self) -> String {
        self.pick(
            "每日：来电接通 / 未接 / 去电 · 收到 / 发出消息 · 其中催收联系".into(),
            "Per day: calls answered / unanswered / made · messages received / sent · collection contacts".into(),
        )
    }

    pub fn stats_day(self, date: &str, d: [u64; 7]) -> String {
        self.pick(
            format!(
                "{date}  来电 {}/{}/{}  消息 {}/{}  其他 {}  催收 {}",
                d[0], d[1], d[2], d[3], d[4], d[5], d[6]
            ),
            format!(
                "{date}  calls {}/{}/{}  messages {}/{}  other {}  collection {}",
                d[0], d[1], d[2], d[3], d[4], d[5], d[6]
            ),
        )
    }

    /// A local day with its weekday: `2026-03-05 周四`, `2026-03-05 Thu`.
    pub fn day(self, date: jiff::civil::Date) -> String {
        match self {
            Lang::Zh => {
                let names = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
                let weekday = names[date.weekday().to_monday_zero_offset() as usize];
                format!("{} {weekday}", date.strftime("%Y-%m-%d"))
            }
            Lang::En => date.strftime("%Y-%m-%d %a").to_string(),
        }
    }

    pub fn stats_hours_heading(self) -> String {
        self.pick(
            "按小时（收到的联系；* 为夜间；括号内为催收联系）：".into(),
            "By hour (contacts received; * marks night; collection contacts in brackets):".into(),
        )
    }

    pub fn stats_parties_heading(self) -> String {
        self.pick(
            "当事方（按事件数）：来电接通 / 未接 / 去电 · 收到 / 发出消息 · 通话时长".into(),
            "Parties (most events first): calls answered / unanswered / made · messages received / sent · talk time".into(),
        )
    }

    pub fn role_or_unlabelled(self, role: Option<dossier_core::people::party::Role>) -> String {
        dossier_core::analysis::render::role_name(role, self.analysis()).to_owned()
    }

    pub fn export_error(self, e: &dossier_core::export::dossier::ExportError) -> String {
        use dossier_core::export::dossier::ExportError;
        match (self, e) {
            (Lang::Zh, ExportError::Read(e)) => format!("无法读取案件：{e}"),
            (Lang::Zh, ExportError::Write(e)) => format!("无法写入 PDF：{e}"),
            (
                Lang::Zh,
                ExportError::Blob {
                    exhibit,
                    path,
                    source,
                },
            ) => {
                format!("无法读取证据 {exhibit}（{path}）：{source}——请运行 dossier verify")
            }
            (Lang::En, e) => e.to_string(),
        }
    }

    pub fn export_write_error(self, path: &str, e: &std::io::Error) -> String {
        self.pick(
            format!("无法写入 {path}：{e}——请换一个可写的位置"),
            format!("cannot write {path}: {e} — choose a folder you can write to"),
        )
    }

    pub fn export_in_the_way(self, path: &str) -> String {
        self.pick(
            format!("{path} 已存在，且不是 Dossier 留下的文件：请把它移走后再导出"),
            format!(
                "{path} is in the way and is not a file Dossier left behind: move it away and export again"
            ),
        )
    }

    /// Pictures the PDF could not show: said plainly, not as a failure.
    pub fn pictures_not_shown(self, exhibits: &[i64]) -> String {
        let list: Vec<String> = exhibits.iter().map(i64::to_string).collect();
        self.pick(
            format!(
                "  {} 张图片无法在 PDF 中显示（证据 {}）：卷宗中各自写明了原因，原件已原样保存在证据包中",
                exhibits.len(),
                list.join("、")
            ),
            format!(
                "  {} picture(s) cannot be shown in the PDF (exhibit {}): the dossier says why for each; the originals are in the bundle unchanged",
                exhibits.len(),
                list.join(", ")
            ),
        )
    }

    pub fn exported(self, path: &str, pages: usize, manifest: &str) -> String {
        self.pick(
            format!("卷宗已导出：{path}（{pages} 页）\n  清单 SHA-256：{manifest}"),
            format!("Dossier exported: {path} ({pages} pages)\n  manifest SHA-256: {manifest}"),
        )
    }

    pub fn bundle_written(self, path: &str, files: usize) -> String {
        self.pick(
            format!("证据包已写出：{path}（{files} 个原件）"),
            format!("Bundle written: {path} ({files} originals)"),
        )
    }

    pub fn bundle_ok(self, originals: usize, entries: usize) -> String {
        self.pick(
            format!("证据包完好：{originals} 个原件与清单一致，清单与 PDF 所印哈希一致，保管链 {entries} 条记录完整"),
            format!("The bundle is intact: {originals} originals match the manifest, the manifest matches the hash in the PDF, and the {entries}-entry chain of custody holds"),
        )
    }

    /// What a bundle's own contents cannot prove, with the values to
    /// compare: printed after every bundle verification that read the
    /// manifest.
    pub fn bundle_provenance(self, manifest: &str, head: Option<&(i64, String)>) -> String {
        let head_zh = head.map_or_else(
            || "无".to_owned(),
            |(seq, hash)| format!("第 {seq} 条，哈希 {hash}"),
        );
        let head_en = head.map_or_else(
            || "none".to_owned(),
            |(seq, hash)| format!("entry {seq}, hash {hash}"),
        );
        self.pick(
            format!("  清单 SHA-256：{manifest}\n  保管链末条：{head_zh}\n  以上只说明证据包内部一致；它不能证明这就是对方发出的那个证据包，也不能证明保管链末尾没有被截去：请将清单 SHA-256 与另行收到的值核对（例如发送人另行告知的，或卷宗打印件封面上的）。"),
            format!("  manifest SHA-256: {manifest}\n  chain head: {head_en}\n  This shows the bundle is consistent in itself; it cannot show that it is the bundle that was sent, or that no entries were cut from the end of the chain: compare the manifest SHA-256 with one received separately (e.g. from the sender, or the dossier's printed cover)."),
        )
    }

    pub fn bundle_read_error(self, path: &str, e: &std::io::Error) -> String {
        self.pick(
            format!("无法读取 {path}：{e}"),
            format!("cannot read {path}: {e}"),
        )
    }

    fn zip_fault(self, f: &dossier_core::export::zipcheck::Fault) -> String {
        use dossier_core::export::zipcheck::{Fault as F, Field, Record};
        if self == Lang::En {
            return f.to_string();
        }
        let record = |r: &Record| match r {
            Record::LocalHeader => "本地文件头",
            Record::CentralHeader => "中央目录项",
            Record::EndRecord => "中央目录结束记录",
            Record::Zip64EndRecord => "ZIP64 结束记录",
            Record::Zip64Locator => "ZIP64 结束记录定位器",
            Record::DataDescriptor => "数据描述符",
            Record::ExtraField => "扩展字段",
            Record::EntryData => "条目数据",
        };
        let field = |x: &Field| match x {
            Field::Name => "文件名",
            Field::Flags => "标志位",
            Field::Method => "压缩方式",
            Field::Time => "修改时间",
            Field::Crc => "CRC-32",
            Field::CompressedSize => "存储大小",
            Field::Size => "大小",
        };
        match f {
            F::NoEnd => "不是可读的 ZIP 压缩包：文件末尾没有结束记录（文件被截断、末尾被追加了数据，或根本不是 ZIP）".to_owned(),
            F::CutShort { what, at } => {
                format!("第 {at} 字节处的{}超出了文件末尾：压缩包被截断", record(what))
            }
            F::NotARecord { what, at } => format!("第 {at} 字节处应是{}，但不是", record(what)),
            F::Disagree { name, field: x } => {
                format!("{name:?}：中央目录与本地文件头的{}不一致", field(x))
            }
            F::Count { declared, found } => {
                format!("结束记录称有 {declared} 个条目，中央目录中实有 {found} 个")
            }
            F::DirectoryPlace => "结束记录所指的中央目录位置不对".to_owned(),
            F::Prefix { len } => format!("第一个条目之前有 {len} 个不属于任何条目的字节"),
            F::Trailing { len } => {
                format!("压缩包结束之后还有 {len} 个字节（压缩包注释或追加的数据）")
            }
            F::Gap { at, len } => format!("第 {at} 字节处有 {len} 个不属于任何条目的字节"),
            F::Overlap { name } => format!("{name:?}：其本地文件头不在上一个条目结束之处"),
            F::Twice { name } => format!("{name:?}：同一文件名出现两次"),
            F::MultiDisk => "分卷压缩包".to_owned(),
            F::Encrypted { name } => format!("{name:?}：加密的条目"),
            F::NameEncoding { index } => {
                format!("第 {index} 个条目：文件名未标明为 UTF-8（其他程序会读出另一个名字）")
            }
            F::Renamed { name } => format!("{name:?}：有一个为条目另起名字的扩展字段"),
            F::EntryComment { name } => format!("{name:?}：条目带有注释"),
        }
    }

    fn bundle_refusal(self, r: &dossier_core::export::bundle::Refusal) -> String {
        use dossier_core::export::bundle::{MAX_MANIFEST, Refusal as R};
        if self == Lang::En {
            return r.to_string();
        }
        match r {
            R::AbsolutePath(name) => format!("{name:?}：绝对路径"),
            R::Climbs(name) => format!("{name:?}：用 .. 跳出目录的路径"),
            R::ControlCharacter(name) => {
                format!("{name:?}：文件名含控制字符（其他程序会截断或改动它）")
            }
            R::Symlink(name) => format!("{name:?}：符号链接"),
            R::TooLarge(name) => format!("{name:?}：解开后超过 8 GiB 的条目"),
            R::ClaimsMore(name) => format!("{name:?}：声称的字节数超过整个压缩包"),
            R::Compressed(name) => format!("{name:?}：压缩过的条目（Dossier 一律原样存放文件）"),
            R::ManifestTooLarge { size } => format!(
                "manifest.json 有 {size} 字节，超过证据包清单允许的 {} MiB，未予读取",
                MAX_MANIFEST >> 20
            ),
            R::ManifestInvalid(why) => format!("manifest.json 不是 Dossier 的清单（{why}）"),
        }
    }

    pub fn bundle_problem(self, p: &dossier_core::export::bundle::BundleProblem) -> String {
        use dossier_core::export::bundle::BundleProblem as B;
        let zh = match p {
            B::Structure(f) if f.is_damage() => {
                format!("证据包已损坏：{}", self.zip_fault(f))
            }
            B::Structure(f) => format!(
                "拒绝处理该证据包：{}——Dossier 从不这样写；压缩包在制作之后被改动过",
                self.zip_fault(f)
            ),
            B::Refused(why) => format!("拒绝处理该证据包：{}", self.bundle_refusal(why)),
            B::Damaged(name) => {
                format!("条目 {name} 已损坏：其内容与 CRC-32 校验值不符——请向发送人索取新的副本")
            }
            B::Missing(name) => format!("{name}：清单中列出，但证据包中没有"),
            B::Unexpected(name) => format!("{name}：证据包中有，但清单中没有"),
            B::Altered {
                name,
                expected,
                actual,
            } => format!("{name}：SHA-256 为 {actual}，清单记载为 {expected}——文件已被改动"),
            B::ManifestMismatch { printed, actual } => format!(
                "manifest.json：SHA-256 为 {actual}，dossier.pdf 所印为 {printed}——清单已被改动"
            ),
            B::PdfUnreadable(why) => format!("dossier.pdf 不是可读的 PDF（{why}）"),
            B::PdfPage {
                page,
                printed: Some(printed),
            } => format!(
                "dossier.pdf 第 {page} 页所印的清单哈希是 {printed}，不是本清单的——该 PDF 属于另一份清单"
            ),
            B::PdfPage {
                page,
                printed: None,
            } => format!("dossier.pdf 第 {page} 页没有印出本清单的 SHA-256——该 PDF 属于另一份清单"),
            B::Chain(why) => format!(
                "清单中的保管链：{}",
                self.problem(&dossier_core::case::verify::Problem::Audit(why.clone()))
            ),
            B::Rows(problem) => format!("manifest.json：{}", self.problem(problem)),
            B::RowsUnreadable(why) => format!("manifest.json：其中的数据行无法核对：{why}"),
            B::ChainEmpty => "清单中的保管链是空的——已被截去".to_owned(),
            B::Unlisted { exhibit, seq } => {
                format!("证据 {exhibit}：保管链第 {seq} 条记录了它，但清单中没有列出——它已被移除")
            }
            B::ListedDifferently {
                exhibit,
                seq,
                field,
                recorded,
                listed,
            } => {
                let field = if *field == "size" { "大小" } else { field };
                format!(
                    "证据 {exhibit}：清单所列{field}为 {listed}，保管链第 {seq} 条记载为 {recorded}——清单已被改动"
                )
            }
            B::Unrecorded { exhibit } => format!(
                "证据 {exhibit}：清单中列出，但保管链中没有添加它的记录——保管链被截去或清单被改动"
            ),
            B::Misfiled { exhibit, file } => {
                format!("证据 {exhibit}：清单所记文件名 {file:?} 不是该证据在证据包中的位置")
            }
            B::Events {
                exhibit,
                recorded,
                listed,
            } => format!(
                "证据 {exhibit}：保管链记载其中有 {recorded} 条事件，清单中有 {listed} 条——事件被删除或添加"
            ),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => match p {
                B::Chain(why) => format!(
                    "audit chain in the manifest: {}",
                    self.problem(&dossier_core::case::verify::Problem::Audit(why.clone()))
                ),
                p => p.to_string(),
            },
        }
    }

    pub fn bundle_bad(self, problems: usize) -> String {
        self.pick(
            format!("发现 {problems} 处问题——该证据包与制作时不一致，不能作为原样证据使用："),
            format!("{problems} problems found — this bundle is not as it was made and cannot be relied on as is:"),
        )
    }

    /// The heading when every problem looks like damage in transit.
    pub fn bundle_damaged(self, problems: usize) -> String {
        self.pick(
            format!("证据包已损坏（{problems} 处问题），多半是传输或存储中损坏的——请向发送人索取新的副本："),
            format!("The bundle is damaged ({problems} problems), most likely in transit or storage — ask the sender for a new copy:"),
        )
    }
}

/// What is wrong with a stored key, in Chinese (English: its `Display`).
fn key_problem_zh(problem: &dossier_core::case::crypto::KeyProblem) -> String {
    use dossier_core::case::crypto::{Cost, KeyProblem};
    match problem {
        KeyProblem::Unreadable(e) => format!("无法作为密钥文件读取（{e}）"),
        KeyProblem::Scheme(s) => format!("密钥方案 {s:?} 未知"),
        KeyProblem::Cost(c) => format!(
            "其中的 Argon2 参数（{} KiB、{} 遍、{} 路）超出 Dossier 写入的范围（最多 {} MiB、{} 遍、{} 路）",
            c.memory_kib,
            c.passes,
            c.lanes,
            Cost::MAX_MEMORY_KIB / 1024,
            Cost::MAX_PASSES,
            Cost::MAX_LANES
        ),
        KeyProblem::Field(name) => format!("其中的 {name} 字段不是 Dossier 写入的格式"),
        KeyProblem::Checksum => "其校验和与内容不符".to_owned(),
    }
}

/// `line 12` as `第 12 行`; record names of databases (`message ROWID 7`)
/// are the database's own words and stay as they are.
fn at_zh(at: &str) -> String {
    match at.strip_prefix("line ") {
        Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => format!("第 {n} 行"),
        _ => at.to_owned(),
    }
}

fn schema_problem_zh(problem: &dossier_core::import::SchemaProblem) -> String {
    use dossier_core::import::SchemaProblem;
    match problem {
        SchemaProblem::Missing => "缺少这个表".to_owned(),
        SchemaProblem::NotATable { kind } => format!("它是 {kind}，不是普通的表"),
        SchemaProblem::WithoutRowid => "它是 WITHOUT ROWID 表".to_owned(),
        SchemaProblem::MissingColumn { column } => format!("缺少列 {column}"),
        SchemaProblem::Generated { column } => format!("列 {column} 是生成列或隐藏列"),
        SchemaProblem::ComputedDefault { column, default } => {
            format!("列 {column} 的默认值是计算表达式（{default}）")
        }
        SchemaProblem::Affinity {
            column,
            declared,
            expected,
        } => format!("列 {column} 声明为 {declared:?}，而手机上声明为 {expected}"),
        SchemaProblem::ShadowedRowid { column } => {
            format!("列 {column} 与行号（ROWID）同名，却不是表的 INTEGER PRIMARY KEY")
        }
        SchemaProblem::Duplicate { column, value } => {
            format!("{column} {value} 被不止一行使用")
        }
    }
}

fn limit_zh(limit: &dossier_core::import::Limit) -> String {
    use dossier_core::import::Limit;
    let size = |bytes: usize| match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} 字节"),
    };
    match *limit {
        Limit::Field {
            bytes,
            quoted: true,
        } => format!(
            "一个带引号的字段超过 {}——这一行开始的引号多半没有闭合；请补上引号，或重新导出列表",
            size(bytes)
        ),
        Limit::Field {
            bytes,
            quoted: false,
        } => format!(
            "一个字段超过 {}——这不是通话或短信列表；请确认选对了文件",
            size(bytes)
        ),
        Limit::Record { bytes } => format!(
            "一行超过 {}——这不是通话或短信列表；请确认选对了文件",
            size(bytes)
        ),
        Limit::Number { chars } => {
            format!("号码列超过 {chars} 个字符，不是电话号码——请检查映射把哪一列当作号码")
        }
        Limit::Text { column, bytes } => format!(
            "{column} 超过 {}——手机不会写出这样的内容；请导入从备份中原样取出的文件",
            size(bytes)
        ),
    }
}

/// Where in an export something is wrong, in Chinese: `line 12`, `byte
/// 26798`, `<call> #2`, `the header`.
fn place_zh(at: &str) -> String {
    let words = |s: &str| dossier_core::import::record_words(s, dossier_core::analysis::Lang::Zh);
    if let Some(n) = at.strip_prefix("byte ").and_then(|n| n.parse::<u64>().ok()) {
        return format!("第 {} 字节", dossier_core::import::group_digits(n));
    }
    if let Some((element, rest)) = at.split_once(" at byte ") {
        return format!("{}（第 {rest} 字节）", element);
    }
    if let Some(rest) = at.strip_prefix('<')
        && let Some((name, n)) = rest.split_once("> #")
    {
        return words(&format!("{name} #{n}"));
    }
    if let Some(table) = at.strip_prefix("table ") {
        return format!("表 {table}");
    }
    match at {
        "the start" => "文件开头".to_owned(),
        "the header" => "表头".to_owned(),
        "the mapping" => "映射".to_owned(),
        "the workbook" => "工作簿".to_owned(),
        "the root element" => "根元素".to_owned(),
        "the database" => "数据库".to_owned(),
        other => words(other),
    }
}

/// Why an export cannot be read, in Chinese, for the reasons the importers
/// give; a reader's own technical detail (an XML parser's words) is kept
/// after them as written.
fn reason_zh(reason: &str) -> String {
    let mut text = reason.to_owned();
    for (en, zh) in [
        ("the time: ", "时间："),
        ("the direction: ", "方向："),
        ("the duration: ", "时长："),
    ] {
        if let Some(rest) = text.strip_prefix(en) {
            text = format!("{zh}{rest}");
        }
    }
    let replacements: [(&str, &str); 22] = [
        (
            " is not a time this importer reads (e.g. 2026年3月5日 21:03:11, 2026/03/05 21:03)",
            " 不是可识别的时间（可识别的写法如 2026年3月5日 21:03:11、2026/03/05 21:03）",
        ),
        (
            " has no year: give the mapping a \"year\"",
            " 没有年份：请在映射中写明 \"year\"",
        ),
        ("the time is empty", "时间为空"),
        (
            " is not in the mapping's \"directions\"",
            " 不在映射的 \"directions\" 中",
        ),
        (" is not Unix seconds", " 不是 Unix 秒数"),
        (" is not a time in milliseconds", " 不是毫秒时间戳"),
        (" is out of range", " 超出范围"),
        (" is not a number of seconds", " 不是秒数"),
        (" is not a call type (1 to 7)", " 不是通话类型（1 到 7）"),
        (" is not a message type (1 to 6)", " 不是短信类型（1 到 6）"),
        ("there is no header row", "没有表头行"),
        (
            "no row among the first 20 has the mapping's columns",
            "前 20 行中没有一行含有映射所列的列",
        ),
        (
            " — check the column names in the mapping",
            "——请检查映射中的列名",
        ),
        (
            "no sheet has the mapping's columns among its first 20 rows — check the column names",
            "没有一个工作表的前 20 行含有映射所列的列——请检查列名",
        ),
        (
            "it cannot be read as an Excel workbook: ",
            "无法作为 Excel 工作簿读取：",
        ),
        ("it is not a readable .xlsx: ", "不是可读取的 .xlsx："),
        (
            " — the export looks damaged or truncated; export it again",
            "——导出文件似乎已损坏，请重新导出",
        ),
        (
            " — the export is damaged; export it again",
            "——导出文件已损坏，请重新导出",
        ),
        ("a control byte ", "元素中有控制字节 "),
        (
            " inside an element, which XML does not allow",
            "，XML 不允许",
        ),
        ("its data cannot be decoded: ", "其数据无法解码："),
        ("unknown time zone ", "未知时区 "),
    ];
    for (en, zh) in replacements {
        text = text.replace(en, zh);
    }
    if let Some(rest) = text.strip_prefix("expected <")
        && let Some((want, found)) = rest.split_once(">, found <")
    {
        let (found, hint) = found.split_once('>').unwrap_or((found, ""));
        let hint = hint
            .replace(
                " — this is a call log: use --format android-calls",
                "——这是通话记录：请用 --format android-calls",
            )
            .replace(
                " — this is a message export: use --format android-sms",
                "——这是短信导出：请用 --format android-sms",
            );
        text = format!("应为 <{want}>，实为 <{found}>{hint}");
    }
    text
}
