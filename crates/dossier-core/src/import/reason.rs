//! Why an export cannot be read, in both languages: the importers' own
//! words, and a reader library's failure (the XML parser's, the spreadsheet
//! reader's, SQLite's, the file system's) described by its kind, so that a
//! Chinese user never sees the library's English.

/// Why an export cannot be read: in English, and in Chinese where the
/// importer words it so (a reader library's own message, an XML parser's
/// or a spreadsheet reader's, is put in the user's words here, never shown
/// to a Chinese user as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub en: String,
    /// `None`: the interface translates `en` itself.
    pub zh: Option<String>,
}

impl Reason {
    pub fn both(en: impl Into<String>, zh: impl Into<String>) -> Reason {
        Reason {
            en: en.into(),
            zh: Some(zh.into()),
        }
    }

    /// What an XML parser found wrong, in both languages. The parser's own
    /// words are kept in English only, after the importer's.
    pub(crate) fn xml(e: &quick_xml::Error) -> Reason {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let (en, zh): (String, String) = match e {
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
                format!("the tags do not nest: </{found}> closes <{expected}>"),
                format!("标签不配对：此处的 </{found}> 关闭的是 <{expected}>"),
            ),
            quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => (
                format!("</{name}> closes a tag that was never opened"),
                format!("</{name}> 关闭了一个从未打开的标签"),
            ),
            quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(name)) => (
                format!("<{name}> is never closed"),
                format!("<{name}> 一直没有关闭"),
            ),
            quick_xml::Error::IllFormed(_) => (
                format!("the XML is not well-formed ({e})"),
                "XML 结构有误".to_owned(),
            ),
            quick_xml::Error::Syntax(
                SyntaxError::UnclosedDoubleQuotedAttributeValue
                | SyntaxError::UnclosedSingleQuotedAttributeValue,
            ) => (
                "a quoted value is never closed".to_owned(),
                "一个带引号的值一直没有闭合".to_owned(),
            ),
            quick_xml::Error::Syntax(_) => (
                format!("this is not valid XML ({e})"),
                "这里不是有效的 XML（尖括号、引号或注释不完整）".to_owned(),
            ),
            quick_xml::Error::InvalidAttr(_) => (
                format!("an attribute is written wrongly ({e})"),
                "一个属性的写法有误（应为 名称=\"值\"）".to_owned(),
            ),
            quick_xml::Error::Escape(_) => (
                format!("an escape such as &amp; is wrong ({e})"),
                "一个转义字符（如 &amp;）有误".to_owned(),
            ),
            quick_xml::Error::Encoding(_) => (
                format!("the text is not in the encoding the file declares ({e})"),
                "文字不是文件声明的编码".to_owned(),
            ),
            quick_xml::Error::Io(io) => (
                format!("the file cannot be read: {io}"),
                format!("文件无法读取（{}）", io_words_zh(io.kind())),
            ),
            quick_xml::Error::Namespace(_) => (
                format!("an XML namespace is wrong ({e})"),
                "XML 命名空间有误".to_owned(),
            ),
        };
        Reason {
            en: format!("{en} — the export looks damaged or truncated; export it again"),
            zh: Some(format!("{zh}——导出文件似乎已损坏，请重新导出")),
        }
    }

    /// A workbook the spreadsheet reader cannot open (`detail`: its words).
    pub(crate) fn workbook(detail: &dyn std::fmt::Display) -> Reason {
        Reason::both(
            format!(
                "it cannot be read as an Excel workbook: {detail} — the file is damaged or not an Excel file; download the list again, or open it in Excel or WPS and save it as .xlsx"
            ),
            "无法作为 Excel 工作簿读取：文件已损坏，或不是 Excel 文件——请重新下载详单，或用 Excel、WPS 打开后另存为 .xlsx",
        )
    }

    /// An SQLite database that cannot be read.
    pub(crate) fn sqlite(e: &rusqlite::Error) -> Reason {
        let zh = match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => "这不是 SQLite 数据库文件",
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => "数据库已损坏",
            Some(rusqlite::ErrorCode::CannotOpen) => "数据库无法打开",
            _ => "数据库无法读取",
        };
        Reason::both(
            format!("{e} — import the file exactly as it came out of the backup"),
            format!("{zh}——请导入从备份中原样取出的文件"),
        )
    }

    /// A file that cannot be read, in both languages.
    pub(crate) fn io(e: &std::io::Error) -> Reason {
        Reason::both(
            format!("the file cannot be read: {e}"),
            format!("文件无法读取（{}）", io_words_zh(e.kind())),
        )
    }
}

/// The kind of an I/O failure in Chinese.
pub(crate) fn io_words_zh(kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => "文件不存在",
        K::PermissionDenied => "没有读取权限",
        K::UnexpectedEof => "文件提前结束",
        K::InvalidData => "数据无效",
        K::Interrupted => "读取被中断",
        K::OutOfMemory => "内存不足",
        _ => "输入输出错误",
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl From<String> for Reason {
    fn from(en: String) -> Reason {
        Reason { en, zh: None }
    }
}

impl From<&str> for Reason {
    fn from(en: &str) -> Reason {
        Reason {
            en: en.to_owned(),
            zh: None,
        }
    }
}
