//! Text from outside the program made safe to print on a terminal. File
//! names and what users typed come from whoever sent the evidence: a name
//! holding `ESC [ 2 J` or an OSC sequence would clear the screen, retitle
//! the window or forge lines of output, and a right-to-left override makes
//! `gnp.exe` read as `exe.png`. In human output every such character is
//! shown as a visible escape (`\u{1b}`), so the name is still readable and
//! still tells the files apart. `--json` output is exact (serde escapes
//! what JSON must), because a program reading it wants the real bytes.

use std::borrow::Cow;

/// Whether `c` is something a terminal acts on or that reorders the text
/// around it: C0 controls, DEL, C1 controls, and the bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
fn unsafe_char(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A file name or a path, one line: every unsafe character escaped, line
/// breaks and tabs included.
pub fn name(text: &str) -> Cow<'_, str> {
    escape(text, unsafe_char)
}

/// A path as [`name`].
pub fn path(path: &std::path::Path) -> String {
    name(&path.to_string_lossy()).into_owned()
}

/// Text that may run over lines (a typed note, a message the program
/// built around names): line breaks are kept, everything else unsafe is
/// escaped.
pub fn text(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && unsafe_char(c))
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_are_shown_not_obeyed() {
        for (input, shown) in [
            ("photo.png", "photo.png"),
            ("截图 1.png", "截图 1.png"),
            ("\x1b[31mred.png", "\\u{1b}[31mred.png"),
            ("a\nb", "a\\u{a}b"),
            ("tab\there", "tab\\u{9}here"),
            ("del\x7f", "del\\u{7f}"),
            ("c1\u{9b}2J", "c1\\u{9b}2J"),
            ("invoice\u{202e}gnp.exe", "invoice\\u{202e}gnp.exe"),
            ("iso\u{2066}late\u{2069}", "iso\\u{2066}late\\u{2069}"),
        ] {
            assert_eq!(name(input), shown, "{input:?}");
        }
        assert_eq!(
            text("line one\nline\x1b]0;two"),
            "line one\nline\\u{1b}]0;two"
        );
    }
}
