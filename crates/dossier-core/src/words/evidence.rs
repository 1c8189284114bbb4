//! Messages of `init`, `add`, `note` and `list`, and the errors of
//! storing evidence and reading typed times.

use super::*;

impl Lang {
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

    /// The case has no exhibit of this number.
    pub fn exhibit_not_found(self, exhibit: i64) -> String {
        match self {
            Lang::Zh => format!("本案没有证据 {exhibit}"),
            Lang::En => format!("exhibit {exhibit} is not in this case"),
        }
    }

    pub fn detail_error(self, e: &crate::query::exhibit::DetailError) -> String {
        use crate::query::exhibit::DetailError;
        match (self, e) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, DetailError::Read(source)) => format!("无法读取案件：{source}"),
            (Lang::Zh, DetailError::Original { exhibit, source }) => {
                format!("无法读取证据 {exhibit} 的原件：{source}——请运行 dossier verify 核验案件")
            }
        }
    }

    pub fn annotate_error(self, e: &crate::evidence::annotate::AnnotateError) -> String {
        use crate::evidence::annotate::AnnotateError;
        match (self, e) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, AnnotateError::NoSuchExhibit { exhibit }) => {
                format!("案件中没有证据 {exhibit}")
            }
            (Lang::Zh, AnnotateError::Empty) => "内容是空的——请先写点什么".to_owned(),
            (Lang::Zh, AnnotateError::NoSuchTag { tag, .. }) => format!("这份证据没有标签“{tag}”"),
            (Lang::Zh, AnnotateError::Database(source)) => format!("无法写入案件数据库：{source}"),
        }
    }

    /// The app has no case open.
    pub fn no_case_open(self) -> &'static str {
        match self {
            Lang::Zh => "没有打开的案件——请先新建或打开一个案件",
            Lang::En => "No case is open — create or open a case first",
        }
    }

    /// Another long operation is running.
    pub fn busy(self) -> &'static str {
        match self {
            Lang::Zh => "另一项操作正在进行——请等它完成或停止它",
            Lang::En => "Another operation is running — wait for it to finish or stop it",
        }
    }

    /// A received bundle is open: nothing can be changed.
    pub fn read_only(self) -> &'static str {
        match self {
            Lang::Zh => "这是收到的证据包，只能查看，不能修改",
            Lang::En => "This is a received bundle: it can be viewed, not changed",
        }
    }

    /// The user stopped a long operation.
    pub fn stopped(self) -> &'static str {
        match self {
            Lang::Zh => "已停止——案件保持原样",
            Lang::En => "Stopped — the case is exactly as it was",
        }
    }
}
