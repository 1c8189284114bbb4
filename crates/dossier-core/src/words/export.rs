//! Messages of `export` and of a received bundle's verification: the
//! dossier written, sealed, refused, and each fault of a bundle.

use super::*;

impl Lang {
    /// The folder an export was to be written into is gone.
    pub fn export_folder_missing(self, folder: &str) -> String {
        match self {
            Lang::Zh => format!("文件夹 {folder} 不存在——请重新选择保存位置"),
            Lang::En => format!("the folder {folder} does not exist — choose where to save again"),
        }
    }

    pub fn export_error(self, e: &crate::export::dossier::ExportError) -> String {
        use crate::export::dossier::ExportError;
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

    pub(crate) fn zip_fault(self, f: &crate::export::zipcheck::Fault) -> String {
        use crate::export::zipcheck::{Fault as F, Field, Record};
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

    pub(crate) fn bundle_refusal(self, r: &crate::export::bundle::Refusal) -> String {
        use crate::export::bundle::{MAX_MANIFEST, Refusal as R};
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

    pub fn bundle_problem(self, p: &crate::export::bundle::BundleProblem) -> String {
        use crate::export::bundle::BundleProblem as B;
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
                self.problem(&crate::case::verify::Problem::Audit(why.clone()))
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
                    self.problem(&crate::case::verify::Problem::Audit(why.clone()))
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
