//! `--format checkstyle`: Checkstyle's XML report, which CI plugins (Jenkins, reviewdog,
//! GitLab converters) read:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <checkstyle version="4.3">
//!   <file name="docs/a.ko-KR.md">
//!     <error line="32" column="311" severity="error" message="…" source="loclint.empty-link-text"/>
//!   </file>
//! </checkstyle>
//! ```
//!
//! Every checked file has a `<file>` element (an empty one when it is clean). Lines and
//! columns are 1-based; columns count UTF-16 code units, as Checkstyle itself (Java `char`s)
//! and its Java consumers do (a tab is one column). Severities are `error`, `warning` and
//! `info`. A file that could not be read gets one `error` with source `loclint.file-error`.

use super::{FileView, RecordSink};
use crate::diagnostic::Diagnostic;
use crate::engine::FileReport;
use crate::output::sarif::utf16_span;
use crate::text::Places;
use std::io::Write;
use std::path::Path;

/// Escapes text for an XML 1.0 attribute value in double quotes. Tabs and line breaks
/// become character references (a parser would otherwise normalize them to spaces); the
/// other control characters, which XML 1.0 cannot carry at all, become U+FFFD.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// One `<error>` element per finding.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    out: &mut dyn RecordSink,
) {
    let text = view.text;
    let offsets = diagnostics
        .iter()
        .flat_map(|d| super::sarif::span_offsets(text, d.range));
    let places = Places::new(text, offsets);
    for d in diagnostics {
        let ((line, column), _) = utf16_span(&places, text, d.range);
        let mut message = d.message.clone();
        if let Some(id) = &d.segment {
            message = format!("{message} (segment {id})");
        }
        out.record(d, &mut |bytes| {
            let _ = writeln!(
                bytes,
                r#"    <error line="{line}" column="{column}" severity="{}" message="{}" source="loclint.{}"/>"#,
                d.severity.as_str(),
                escape_attr(&message),
                escape_attr(d.rule.name)
            );
        });
    }
}

pub(super) fn begin(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)
}

/// The opening of a file's element (the whole element when it is clean) and its read
/// error; `count` records follow.
pub(super) fn file_start(
    path: &Path,
    error: Option<&str>,
    count: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let name = escape_attr(&super::display(path));
    if error.is_none() && count == 0 {
        return writeln!(out, r#"  <file name="{name}"/>"#);
    }
    writeln!(out, r#"  <file name="{name}">"#)?;
    if let Some(err) = error {
        writeln!(
            out,
            r#"    <error line="1" column="1" severity="error" message="{}" source="loclint.file-error"/>"#,
            escape_attr(&format!("could not read the file: {err}"))
        )?;
    }
    Ok(())
}

/// The end of a file's element (see [`file_start`]).
pub(super) fn file_end(
    error: Option<&str>,
    count: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if error.is_none() && count == 0 {
        return Ok(());
    }
    writeln!(out, "  </file>")
}

pub(super) fn end(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "</checkstyle>")
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    super::write_reports(&super::Style::Checkstyle, reports, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_escaping() {
        assert_eq!(
            escape_attr("a<b & \"c\" 'd'>\t\n\u{1}😀"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#9;&#10;\u{fffd}😀"
        );
    }
}
