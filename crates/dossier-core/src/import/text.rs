//! Text as exports write it.

/// Unescapes an XML attribute value, as strict parsers do, except that a
/// UTF-16 surrogate pair written as two numeric references
/// (`&#55357;&#56846;`, as SMS Backup & Restore writes emoji) is combined into
/// the character it encodes. A lone surrogate becomes U+FFFD.
pub fn unescape_xml(raw: &str) -> Result<String, String> {
    if !raw.contains('&') {
        return Ok(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut high: Option<u32> = None;
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        if i > 0 {
            if high.take().is_some() {
                out.push('\u{fffd}');
            }
            out.push_str(&rest[..i]);
        }
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12).ok_or_else(|| {
            format!(
                "an '&' that starts no entity near {:?}",
                rest.chars().take(12).collect::<String>()
            )
        })?;
        let entity = &rest[1..end];
        rest = &rest[end + 1..];
        let code = match entity {
            "amp" => u32::from('&'),
            "lt" => u32::from('<'),
            "gt" => u32::from('>'),
            "quot" => u32::from('"'),
            "apos" => u32::from('\''),
            _ => {
                let number = entity
                    .strip_prefix('#')
                    .ok_or_else(|| format!("unknown entity &{entity};"))?;
                let parsed = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => number.parse(),
                };
                parsed.map_err(|_| format!("bad character reference &{entity};"))?
            }
        };
        match code {
            0xD800..=0xDBFF => {
                if high.replace(code).is_some() {
                    out.push('\u{fffd}');
                }
            }
            0xDC00..=0xDFFF => match high.take() {
                Some(h) => {
                    let c = 0x10000 + ((h - 0xD800) << 10) + (code - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                None => out.push('\u{fffd}'),
            },
            _ => {
                if high.take().is_some() {
                    out.push('\u{fffd}');
                }
                out.push(
                    char::from_u32(code).ok_or_else(|| format!("&{entity}; is not a character"))?,
                );
            }
        }
    }
    if high.is_some() {
        out.push('\u{fffd}');
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::unescape_xml;

    fn check(raw: &str, expected: &str) {
        assert_eq!(unescape_xml(raw).as_deref(), Ok(expected), "{raw}");
    }

    #[test]
    fn entities_and_surrogate_pairs() {
        check("plain", "plain");
        check(
            "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;",
            "a & b <c> \"d\" 'e'",
        );
        check("&#27605;&#x94B1;", "毕钱");
        check("&#55357;&#56846;", "😎");
        check("还钱&#55357;&#56880;!", "还钱😰!");
        check("&#55357;x", "\u{fffd}x");
        check("&#56846;", "\u{fffd}");
        check("&#55357;", "\u{fffd}");
    }

    #[test]
    fn broken_escapes_are_errors() {
        for raw in ["a & b", "&nbsp;", "&#xZZ;", "&#1114112;"] {
            assert!(unescape_xml(raw).is_err(), "{raw}");
        }
    }
}
