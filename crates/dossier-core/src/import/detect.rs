//! Which format an export is, from its first bytes (and, for a workbook,
//! its name), and the column mapping a table export is read with.

use super::*;

/// Detects the format of an export from its first bytes.
pub fn detect(head: &[u8]) -> Result<Format, Vec<&'static str>> {
    if excel::is_excel(head) {
        return Ok(Format::Excel);
    }
    let Some(text) = head_text(head) else {
        return Err(Vec::new());
    };
    if text.contains("<calls") {
        return Ok(Format::AndroidCalls);
    }
    if text.contains("<smses") {
        return Ok(Format::AndroidSms);
    }
    if wechat::is_wechat(&text) {
        return Ok(Format::WeChatCsv);
    }
    if text.trim_start().starts_with('<') {
        return Err(vec![
            Format::AndroidCalls.as_str(),
            Format::AndroidSms.as_str(),
        ]);
    }
    // A list: some early line has several fields (title lines may come first).
    if text
        .lines()
        .take(20)
        .any(|l| l.matches(',').count() >= 2 || l.matches('\t').count() >= 2)
    {
        return Ok(Format::Csv);
    }
    Err(Vec::new())
}

/// [`detect`], and a file named as a workbook (`.xls`, `.xlsx`) that is a
/// ZIP or compound file but no workbook the detector recognises: read as
/// one, so that the user hears the workbook is damaged rather than that
/// its kind is unknown.
pub(crate) fn detect_file(path: &Path, head: &[u8]) -> Result<Format, Vec<&'static str>> {
    detect(head).or_else(|candidates| {
        let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["xls", "xlsx", "xlsm", "et"].contains(&e.to_ascii_lowercase().as_str())
        });
        let container = head.starts_with(b"PK\x03\x04")
            || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        if named && container {
            Ok(Format::Excel)
        } else {
            Err(candidates)
        }
    })
}

/// The start of a file as text, in whatever encoding it is, for detection
/// (a character cut off at the end of the head is dropped); `None` when it
/// is not text: no encoding fits, or it is full of control characters.
pub(crate) fn head_text(head: &[u8]) -> Option<String> {
    // Bytes that are not text in the declared encoding still leave the
    // format recognisable; the parser then names the byte that is wrong.
    let text = (0..4.min(head.len()))
        .find_map(|cut| decode::decode(&head[..head.len() - cut]).ok())
        .map(|d| d.1)
        .unwrap_or_else(|| String::from_utf8_lossy(head).into_owned());
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    (controls * 100 <= text.chars().count()).then_some(text)
}

/// The mapping to read a CSV with: the one given, or the first preset whose
/// columns the header has.
pub(crate) fn mapping_for(
    head: &[u8],
    options: &ImportOptions,
    path: &Path,
) -> Result<Mapping, ImportError> {
    if let Some(mapping) = &options.mapping {
        return Ok(mapping.clone());
    }
    let text = head_text(head).unwrap_or_default();
    PRESETS
        .iter()
        .filter_map(|name| preset(name))
        .find(|m| table::matches(&text, m))
        .ok_or_else(|| ImportError::NeedsMapping {
            path: path.to_path_buf(),
        })
}
