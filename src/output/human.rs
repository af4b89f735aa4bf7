//! The default format: rustc-style snippets, cut to the screen's width (`snippet`).

use super::snippet::{self, Lines, Style};
use super::{Summary, display_path};
use crate::diagnostic::Applicability;
use crate::engine::FileReport;
use std::io::Write;

/// Writes every finding; `color` adds ANSI colors, `width` is the screen's width in
/// columns, `summary` adds the closing count lines.
pub fn render(
    reports: &[FileReport],
    color: bool,
    width: usize,
    summary: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let style = Style { color, width };
    for report in reports {
        let path = display_path(report);
        if let Some(err) = &report.error {
            writeln!(out, "error: {path}: {err}")?;
        }
        if report.diagnostics.is_empty() {
            continue;
        }
        let lines = Lines::new(&report.source);
        for d in &report.diagnostics {
            snippet::write(out, &path, &lines, d, style)?;
        }
    }
    if !summary {
        return Ok(());
    }
    write_summary(reports, out)
}

/// The closing lines: what was checked and found, and what `--fix` (and
/// `--unsafe-fixes`) would fix.
pub fn write_summary(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
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
    )?;
    let (safe, unsafe_) = fixable(reports);
    match (safe, unsafe_) {
        (0, 0) => Ok(()),
        (0, u) => writeln!(out, "{} fixable with --unsafe-fixes", plural(u, "finding")),
        (n, 0) => writeln!(out, "{} fixable with --fix", plural(n, "finding")),
        (n, u) => writeln!(
            out,
            "{} fixable with --fix ({u} more with --unsafe-fixes)",
            plural(n, "finding")
        ),
    }
}

/// How many findings have a safe fix, and how many an unsafe one.
pub fn fixable(reports: &[FileReport]) -> (usize, usize) {
    let mut counts = (0, 0);
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => counts.0 += 1,
            Some(Applicability::Unsafe) => counts.1 += 1,
            None => {}
        }
    }
    counts
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
