//! The default format: rustc-style snippets through codespan-reporting.

use super::{Summary, display_path};
use crate::diagnostic::Severity;
use crate::engine::FileReport;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use std::io::Write;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// Writes every finding; `color` adds ANSI colors, `summary` the closing count line.
pub fn render(
    reports: &[FileReport],
    color: bool,
    summary: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let config = Config::default();
    for report in reports {
        let path = display_path(report);
        if let Some(err) = &report.error {
            writeln!(out, "error: {path}: {err}")?;
        }
        if report.diagnostics.is_empty() {
            continue;
        }
        let file = SimpleFile::new(path.as_str(), report.source.as_str());
        let clamp = |r: crate::text::TextRange| {
            let end = r.end().min(report.source.len());
            r.start().min(end)..end
        };
        for d in &report.diagnostics {
            let mut message = d.message.clone();
            if let Some(id) = &d.segment {
                message = format!("{message} (segment {id})");
            }
            let mut labels = vec![Label::primary((), clamp(d.range))];
            labels.extend(
                d.labels
                    .iter()
                    .map(|l| Label::secondary((), clamp(l.range)).with_message(&l.message)),
            );
            let mut notes = Vec::new();
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    crate::diagnostic::Applicability::Safe => "fix",
                    crate::diagnostic::Applicability::Unsafe => "unsafe fix",
                };
                notes.push(format!("{kind}: {}", fix.message));
            }
            let diagnostic = CsDiagnostic::new(severity(d.severity))
                .with_code(d.rule.name)
                .with_message(message)
                .with_labels(labels)
                .with_notes(notes);
            let mut buffer = if color {
                term::termcolor::Buffer::ansi()
            } else {
                term::termcolor::Buffer::no_color()
            };
            term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic)
                .map_err(std::io::Error::other)?;
            out.write_all(buffer.as_slice())?;
        }
    }
    if !summary {
        return Ok(());
    }
    let s = Summary::of(reports);
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    writeln!(
        out,
        "{} checked: {} error{}, {} warning{}, {} info in {} file{}{}",
        plural(s.files, "file"),
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
        s.infos,
        with_findings,
        if with_findings == 1 { "" } else { "s" },
        if s.unreadable > 0 {
            format!("; {} could not be read", plural(s.unreadable, "file"))
        } else {
            String::new()
        }
    )
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
