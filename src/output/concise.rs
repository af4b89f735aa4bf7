//! `--format concise`: one line per finding, for logs, scripts and editors' error
//! lists: `path:line:col: severity[rule] message (segment id)`, then the summary lines
//! of the human format (unless `--quiet`). Lines and columns are 1-based; columns count
//! Unicode scalar values, as in the JSON output.

use super::{FileView, RecordSink, display};
use crate::diagnostic::Diagnostic;
use crate::engine::FileReport;
use crate::text::Places;
use std::io::Write;
use std::path::Path;

/// A message on one line: line breaks become spaces.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

/// Renders one file's findings, a line each (positions found in one pass).
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    out: &mut dyn RecordSink,
) {
    let path = display(view.path);
    let places = Places::new(view.text, diagnostics.iter().map(|d| d.range.start()));
    for d in diagnostics {
        out.record(d, &mut |bytes| {
            let at = places.line_column(d.range.start());
            let _ = write!(
                bytes,
                "{path}:{}:{}: {}[{}] {}",
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule.name,
                one_line(&d.message)
            );
            let _ = match &d.segment {
                Some(id) => writeln!(bytes, " (segment {id})"),
                None => writeln!(bytes),
            };
        });
    }
}

/// What comes before a file's lines: its error, if it could not be read.
pub(super) fn file_start(
    path: &Path,
    error: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(err) = error {
        writeln!(out, "{}: error: {}", display(path), one_line(err))?;
    }
    Ok(())
}

pub fn write(reports: &[FileReport], summary: bool, out: &mut dyn Write) -> std::io::Result<()> {
    super::write_reports(&super::Style::Concise { summary }, reports, out)
}
