//! Messages of `verify`, `demo`, the passphrase commands and sealed files,
//! and the errors of opening a case, in both languages.

use super::*;

impl Lang {
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

    pub fn head_confirmed(self, head: &crate::case::verify::Head) -> String {
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

    pub fn head_error(self, e: &crate::export::manifest::HeadError) -> String {
        use crate::export::manifest::HeadError;
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

    pub fn demo_done(self, program: &str, case: &str, report: &crate::demo::DemoReport) -> String {
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

    pub fn converted(self, case: &str, c: &crate::case::convert::Converted, size: &str) -> String {
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

    pub fn sealed_error(self, path: &str, e: &crate::export::age::AgeError) -> String {
        use crate::export::age::AgeError;
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
                use crate::case::NotACase;
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
                crate::case::crypto::MIN_PASSPHRASE
            ),
            CaseError::Crypto(detail) => format!("无法保护案件：{detail}"),
            CaseError::Stopped => "已停止——案件保持原样".to_owned(),
            CaseError::Io { path, source } => format!("{}：{source}", path.display()),
            CaseError::Sqlite { source, .. } => format!("案件数据库出错：{source}"),
        }
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

/// What is wrong with a stored key, in Chinese (English: its `Display`).
fn key_problem_zh(problem: &crate::case::crypto::KeyProblem) -> String {
    use crate::case::crypto::{Cost, KeyProblem};
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
