//! The dossier's labels in Chinese and English. Layout code takes every
//! word it prints from here (or from the rule pack); none is written inline.

use crate::analysis::Lang;

/// A label in both languages.
#[derive(Debug, Clone, Copy)]
pub struct W(pub &'static str, pub &'static str);

impl W {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.0,
            Lang::En => self.1,
        }
    }
}

pub const DOSSIER: W = W("证据卷宗", "Evidence dossier");
pub const SUBTITLE: W = W(
    "债务催收骚扰证据材料（原件均保存并可核验）",
    "Evidence of debt-collection harassment (every original kept and verifiable)",
);
pub const CASE: W = W("案件", "Case");
pub const PERIOD: W = W("证据所涉期间", "Period covered");
pub const PARTIES: W = W("当事方", "Parties");
pub const DEBTOR: W = W("债务人（本人）", "Debtor");
pub const COLLECTION_SIDE: W = W(
    "贷款机构、催收机构及催收人员",
    "Lenders, agencies and collectors",
);
pub const THIRD_PARTIES: W = W("被联系的第三人", "Third parties contacted");
pub const PREPARER: W = W("制作人", "Prepared by");
pub const GENERATED: W = W("生成时间", "Generated");
pub const PROGRAM: W = W("制作程序", "Program");
pub const MANIFEST: W = W(
    "清单（manifest.json）SHA-256",
    "Manifest (manifest.json) SHA-256",
);
pub const REDACTED_NOTE: W = W(
    "依《个人信息保护法》，本卷宗已遮盖第三人的号码和姓名；原件未作任何改动。",
    "Third parties' numbers and names are masked in this dossier (PIPL); the originals are unaltered.",
);
pub const UNREDACTED_NOTE: W = W(
    "本副本未遮盖第三人信息，仅供律师及办案机关使用。",
    "This copy is not redacted; for lawyers and authorities only.",
);
pub const CONTENTS: W = W("目录", "Contents");

pub const SUMMARY: W = W("一、概要", "1. Summary");
pub const FINDINGS: W = W("二、违规发现", "2. Findings");
pub const EXHIBIT_LIST: W = W("三、证据目录", "3. Exhibit list");
pub const TIMELINE: W = W("四、时间线", "4. Timeline");
pub const EXHIBITS: W = W("五、证据详情", "5. Exhibits");
pub const CUSTODY: W = W("六、保管链（审计日志）", "6. Chain of custody (audit log)");
pub const VERIFY: W = W("七、如何核验", "7. How to verify");

pub const EVENTS: W = W("事件", "Events");
pub const COLLECTION_CONTACTS: W = W("催收联系", "Collection contacts");
pub const EXHIBITS_COUNT: W = W("证据", "Exhibits");
pub const NUMBERS: W = W("不同号码", "Distinct numbers");
pub const COLLECTION_NUMBERS: W = W("催收方号码", "Collectors' numbers");
pub const PEOPLE_REACHED: W = W("被联系的第三人", "Third parties reached");
pub const CALLS_PER_DAY: W = W("每日催收联系次数", "Collection contacts per day");
pub const BY_HOUR: W = W(
    "按小时的催收联系（深色为夜间）",
    "Collection contacts by hour of day (dark: night)",
);
pub const HEADLINES: W = W("主要事实", "Headline facts");
pub const CONTRADICTIONS: W = W(
    "标注与记录不一致之处（不是认定结论，请先核实）",
    "Labels the records contradict (not findings: check them first)",
);

pub const PATTERNS: W = W(
    "催收手法（规律性事实）",
    "The collectors' playbook (pattern facts)",
);

pub const RULE: W = W("规则", "Rule");
pub const SOURCE: W = W("依据", "Source");
pub const COUNT: W = W("发现", "Findings");
pub const CITED: W = W("所引证据", "Exhibits cited");
pub const NOTHING_FOUND: W = W(
    "本案未发现违反规则的情形。",
    "No rule was found to be broken.",
);
pub const EVIDENCE: W = W("证据", "Evidence");
pub const MARKS: W = W(
    "来源标记：[P] 已核对原文；[S] 据二手资料（报道、评注），原文未核对。引文中〔〕内是规则所匹配的文字；“据文字记录”表示内容来自当事人或证人事后写下的经过。",
    "Source marks: [P] the primary text was read; [S] secondary sources (press, commentary) agree on it, the primary text was not read. In quotes, 〔…〕 marks the words a rule matched; \"as recorded in a typed note\" means the words are a party's or witness's later account.",
);

pub const NUMBER: W = W("编号", "No.");
pub const NAME: W = W("证据名称", "Name");
pub const TYPE: W = W("类型", "Type");
pub const ORIGIN: W = W("来源", "Source");
pub const PROVES: W = W("证明对象", "What it proves");
pub const SHA256: W = W("SHA-256", "SHA-256");
pub const EXHIBIT_LIST_NOTE: W = W(
    "按《最高人民法院关于民事诉讼证据的若干规定》第十九条的要求列明证据的名称、来源、证明对象及内容。",
    "Listed in the form of Article 19 of the Supreme People's Court Provisions on Evidence in Civil Procedure.",
);

pub const TIME: W = W("时间", "Time");
pub const CHANNEL: W = W("方式", "Channel");
pub const OTHER_SIDE: W = W("对方", "Other side");
pub const CONTENT: W = W("内容", "Content");
pub const RECORD: W = W("出处", "Record");

pub const ORIGINAL_NAME: W = W("原文件名", "Original file name");
pub const SIZE: W = W("大小", "Size");
pub const CAPTURED: W = W("形成时间", "Made at");
pub const BASIS: W = W("时间依据", "Time basis");
pub const CONTRIBUTOR: W = W("提供人", "Contributor");
pub const ADDED: W = W("入库时间", "Stored at");
pub const DURATION: W = W("时长", "Duration");
pub const TEXT: W = W("内容", "Text");
pub const PICTURE_NOT_SHOWN: W = W(
    "证据 {exhibit}：此图片无法在 PDF 中显示：{reason}；原件已原样保存在证据包中。",
    "Exhibit {exhibit}: this picture cannot be shown in the PDF: {reason}; the original is in the bundle unchanged.",
);
pub const EXPORT_RECORDS: W = W("导出文件中的记录", "Records in the export");

pub const SEQ: W = W("序号", "No.");
pub const ACTOR: W = W("操作人", "By");
pub const ACTION: W = W("操作", "Action");
pub const ENTRY_HASH: W = W("记录哈希", "Entry hash");

pub const PAGE: W = W("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}");

pub const HOW_TO_VERIFY: W = W(
    "每件证据的原件都以其 SHA-256 哈希值标识。收到证据包（ZIP）后，可对任一原件计算哈希，并与本卷宗“证据目录”中的值比对；一致即说明该文件与制作卷宗时完全相同，未被改动。\n\
     Linux：sha256sum 文件名\n\
     macOS：shasum -a 256 文件名\n\
     Windows：certutil -hashfile 文件名 SHA256\n\
     安装 Dossier 后，也可以运行 dossier verify 证据包.zip：它核对每个文件、清单（manifest.json）与本卷宗所印清单哈希是否一致，并核验保管链。\n\
     保管链中每条记录都包含上一条记录的哈希；任何一条被改动、删除或插入，其后所有哈希都会对不上。",
    "Every original is identified by its SHA-256 hash. With the bundle (ZIP), compute the hash of any original and compare it with the value in the exhibit list of this dossier; if they are equal, the file is exactly as it was when the dossier was made.\n\
     Linux: sha256sum FILE\n\
     macOS: shasum -a 256 FILE\n\
     Windows: certutil -hashfile FILE SHA256\n\
     With Dossier installed, run dossier verify BUNDLE.zip: it checks every file, the manifest (manifest.json) against the manifest hash printed in this dossier, and the chain of custody.\n\
     Each entry of the chain of custody holds the hash of the entry before it; changing, deleting or inserting any entry breaks every hash after it.",
);
