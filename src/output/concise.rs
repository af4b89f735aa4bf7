//! `--format concise`: one line per finding, for logs, scripts and editors' error
//! lists: `path:line:col: severity[rule] message (segment id)`, then the summary lines
//! of the human format (unless `--quiet`). Lines and columns are 1-based; columns count
//! Unicode scalar values, as in the JSON output.

use super::display_path;
use super::snippet::Lines;
use crate::engine::FileReport;
use std::io::Write;

/// A message on one line: line breaks become spaces.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

pub fn write(reports: &[FileReport], summary: bool, out: &mut dyn Write) -> std::io::Result<()> {
    for report in reports {
        let path = display_path(report);
        if let Some(err) = &report.error {
            writeln!(out, "{path}: error: {}", one_line(err))?;
        }
        if report.diagnostics.is_empty() {
            continue;
        }
        let lines = Lines::new(&report.source);
        for d in &report.diagnostics {
            let (line, column) = lines.line_column(d.range.start());
            write!(
                out,
                "{path}:{line}:{column}: {}[{}] {}",
                d.severity.as_str(),
                d.rule.name,
                one_line(&d.message)
            )?;
            match &d.segment {
                Some(id) => writeln!(out, " (segment {id})")?,
                None => writeln!(out)?,
            }
        }
    }
    if summary {
        super::human::write_summary(reports, out)?;
    }
    Ok(())
}
