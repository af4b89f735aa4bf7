use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a file that is not UTF-8 text: bytes that are not valid UTF-8, or NUL bytes
    /// that mark a binary file. Nothing else is checked in such a file.
    ///
    /// ## Why it matters
    /// Docs pipelines expect UTF-8; a file saved in a legacy code page (EUC-KR, Big5) or
    /// damaged in transfer shows mojibake to readers and breaks every tool after it.
    ///
    /// ## Example
    /// A Korean article saved as EUC-KR: the first non-ASCII byte is reported with its
    /// offset, so the encoding can be fixed before anything else.
    pub struct InvalidEncoding {
        name: "invalid-encoding",
        category: Encoding,
        severity: Error,
        summary: "The file is not UTF-8 text (invalid bytes or a binary file).",
    }
}

impl Rule for InvalidEncoding {
    super::rule_meta!();

    fn check_bytes(&self, bytes: &[u8], out: &mut Vec<Diagnostic>) {
        if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(8192)]) {
            out.push(Diagnostic::new(
                &Self::META,
                TextRange::new(nul, nul + 1),
                "binary file: NUL byte found; the file is not Markdown text",
            ));
            return;
        }
        // simdutf8 says whether the bytes are valid several times faster; std says where
        // they are not.
        if simdutf8::basic::from_utf8(bytes).is_err()
            && let Err(err) = std::str::from_utf8(bytes)
        {
            let start = err.valid_up_to();
            let len = err.error_len().unwrap_or(bytes.len() - start).max(1);
            let shown: Vec<String> = bytes[start..start + len]
                .iter()
                .map(|b| format!("0x{b:02X}"))
                .collect();
            out.push(Diagnostic::new(
                &Self::META,
                TextRange::new(start, start + len),
                format!(
                    "invalid UTF-8 (byte {} at offset {start}); save the file as UTF-8",
                    shown.join(" ")
                ),
            ));
        }
    }
}
