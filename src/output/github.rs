//! `--format github`: GitHub Actions workflow commands, one line per finding, which the
//! Actions runner turns into annotations on the pull request:
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=loclint (RULE)::MESSAGE`
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. Lines and columns are
//! 1-based. GitHub documents `col` only as "column number, starting at 1"; its annotations
//! are drawn by a JavaScript UI that indexes lines in UTF-16 code units, so columns here
//! count UTF-16 code units (as in `--format sarif`, which GitHub code scanning reads as
//! UTF-16). Annotations carry columns only within one line, so a finding that spans lines
//! has `line`/`endLine` and no columns. A leading BOM is not a column.

use super::{FileView, RecordSink};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::FileReport;
use crate::output::sarif::utf16_span;
use crate::text::Places;
use std::io::Write;
use std::path::Path;

/// Escapes a command's message: `%`, CR and LF (as the Actions toolkit's `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus `:` and `,` (the toolkit's `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The path GitHub should annotate: relative to the current directory (the workspace)
/// when it is below it, else as given.
fn annotation_path(path: &Path, cwd: Option<&Path>) -> String {
    if path.is_absolute()
        && let Some(rel) = cwd.and_then(|cwd| path.strip_prefix(cwd).ok())
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    super::display(path)
}

/// One command per finding.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    cwd: Option<&Path>,
    out: &mut dyn RecordSink,
) {
    let file = escape_property(&annotation_path(view.path, cwd));
    let text = view.text;
    let offsets = diagnostics
        .iter()
        .flat_map(|d| super::sarif::span_offsets(text, d.range));
    let places = Places::new(text, offsets);
    for d in diagnostics {
        let ((line, col), (end_line, end_col)) = utf16_span(&places, text, d.range);
        let position = if line == end_line {
            format!("line={line},col={col},endLine={end_line},endColumn={end_col}")
        } else {
            format!("line={line},endLine={end_line}")
        };
        let mut message = d.message.clone();
        if let Some(id) = &d.segment {
            message = format!("{message} (segment {id})");
        }
        out.record(d, &mut |bytes| {
            let _ = writeln!(
                bytes,
                "::{} file={file},{position},title={}::{}",
                command(d.severity),
                escape_property(&format!("loclint ({})", d.rule.name)),
                escape_data(&message)
            );
        });
    }
}

/// What comes before a file's commands: its read error.
pub(super) fn file_start(
    path: &Path,
    error: Option<&str>,
    cwd: Option<&Path>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(err) = error {
        let file = escape_property(&annotation_path(path, cwd));
        writeln!(
            out,
            "::error file={file},title={}::{}",
            escape_property("loclint"),
            escape_data(&format!("could not read the file: {err}"))
        )?;
    }
    Ok(())
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let cwd = std::env::current_dir().ok();
    super::write_reports(&super::Style::Github { cwd }, reports, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
