//! The default format: rustc-style snippets, cut to the screen's width (`snippet`).
//!
//! Positions are found for all the findings of a file in one pass (`text::Places`), and
//! the layout of a marked line is kept while the next findings mark it too, so many
//! findings on one long line cost what the line costs once, not findings × line length.

use super::snippet::{self, Lines, Style};
use super::{FileView, RecordSink, Totals};
use crate::diagnostic::Diagnostic;
use crate::text::Places;
use std::io::Write;

/// Renders one file's findings as snippets; `width` is the screen's width in columns.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    color: bool,
    width: usize,
    out: &mut dyn RecordSink,
) {
    let path = super::display(view.path);
    let text = view.text;
    let offsets = diagnostics.iter().map(|d| d.range.start());
    let lines = Lines::with_places(text, Places::new(text, offsets));
    let style = Style { color, width };
    for d in diagnostics {
        out.record(d, &mut |bytes| {
            // Writing into memory does not fail.
            let _ = snippet::write(bytes, &path, &lines, d, style);
        });
    }
}

/// The closing lines: what was checked and found, and what `--fix` (and
/// `--unsafe-fixes`) would fix.
pub(super) fn summary(totals: &Totals, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &totals.summary;
    let with_findings = totals.with_findings;
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
            format!("; {} could not be checked", plural(s.unreadable, "file"))
        } else {
            String::new()
        }
    )?;
    let (safe, unsafe_) = totals.fixable;
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

/// Writes every finding; `color` adds ANSI colors, `width` is the screen's width in
/// columns, `summary` adds the closing count lines.
pub fn render(
    reports: &[crate::engine::FileReport],
    color: bool,
    width: usize,
    summary: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let style = super::Style::Human {
        color,
        width,
        summary,
    };
    super::write_reports(&style, reports, out)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
