//! Untrusted text (received headers and bodies, file contents) made safe for a terminal: control
//! characters, escape sequences and bidirectional overrides are shown escaped, never interpreted.

use std::borrow::Cow;

fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        // C0, DEL, C1 controls; bidi embeddings/overrides/isolates (Trojan Source).
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c, keep_newlines) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// For one-line fields: every control character escaped, newlines included.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// For multi-line text (a pretty body): newlines and tabs kept, everything else escaped.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Bytes that may not be UTF-8, as one safe line (invalid sequences become U+FFFD).
pub fn bytes_line(bytes: &[u8]) -> String {
    line(&String::from_utf8_lossy(bytes)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(line("ok"), "ok");
        assert_eq!(line("a\u{1b}[31mred"), "a\\e[31mred");
        assert_eq!(line("a\nb\r"), "a\\nb\\r");
        assert_eq!(block("a\nb\u{7}"), "a\nb\\x07");
        assert_eq!(line("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(line("\u{9b}"), "\\x9b");
        assert_eq!(bytes_line(b"\xff\x1b"), "\u{fffd}\\e");
    }
}
