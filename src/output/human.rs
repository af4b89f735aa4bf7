//! The default format: rustc-style snippets through codespan-reporting.
//!
//! A line is shown whole up to [`WHOLE_LINE`] bytes. On a longer line (a minified or
//! generated file) each finding shows a window around its labels, so the output grows with
//! the number of findings, not with findings × line length; a secondary label that does not
//! fit in the window becomes a note with its position.

use super::{FileView, Records, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{LineIndex, Places, TextRange, floor_char_boundary};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config};
use std::io::Write;
use std::ops::Range;

/// Lines up to this many bytes are shown whole.
const WHOLE_LINE: usize = 16 * 1024;
/// Bytes shown before and after the labels on a longer line.
const CONTEXT: usize = 160;
/// The most bytes of a longer line one finding shows.
const MAX_WINDOW: usize = 2 * 1024;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// The file as codespan sees it for one finding: lines longer than [`WHOLE_LINE`] are cut
/// to the finding's window; columns are the real ones.
struct Snippet<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
    places: &'a Places<'a>,
    /// (line, shown range) of the long lines this finding shows.
    windows: Vec<(usize, Range<usize>)>,
}

impl Snippet<'_> {
    fn full_line(&self, line: usize) -> Option<Range<usize>> {
        if line >= self.lines.line_count() {
            return None;
        }
        let start = self.lines.line_start(line);
        let end = if line + 1 < self.lines.line_count() {
            self.lines.line_start(line + 1)
        } else {
            self.text.len()
        };
        Some(start..end)
    }
}

impl<'a> Files<'a> for Snippet<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.lines.line_of(byte_index.min(self.text.len())))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.places.get(byte_index).chars + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let full = self.full_line(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.line_count().saturating_sub(1),
        })?;
        if full.len() <= WHOLE_LINE {
            return Ok(full);
        }
        if let Some((_, window)) = self.windows.iter().find(|(l, _)| *l == line_index) {
            return Ok(window.clone());
        }
        // A line inside a label that spans lines: its start.
        let end = ceil_boundary(self.text, full.start + CONTEXT.min(full.len()));
        Ok(full.start..end)
    }
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The windows of one finding on long lines, and the labels that fit in them (the primary
/// one first, cut to the window when it is longer); the others are returned as notes.
fn windows(
    text: &str,
    lines: &LineIndex,
    labels: &mut Vec<(Range<usize>, bool, String)>,
    places: &Places<'_>,
) -> (Vec<(usize, Range<usize>)>, Vec<String>) {
    let line_len = |line: usize| {
        let start = lines.line_start(line);
        let end = if line + 1 < lines.line_count() {
            lines.line_start(line + 1)
        } else {
            text.len()
        };
        end - start
    };
    // (line, lowest point, highest point) of the labels kept so far.
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut notes = Vec::new();
    let mut kept = Vec::with_capacity(labels.len());
    for (i, (range, primary, message)) in labels.drain(..).enumerate() {
        let mut range = range;
        let (first, last) = (lines.line_of(range.start), lines.line_of(range.end));
        if first == last && line_len(first) > WHOLE_LINE && range.len() > MAX_WINDOW - 2 * CONTEXT {
            // Show the start of a label longer than a window.
            range.end = floor_char_boundary(text, range.start + MAX_WINDOW - 2 * CONTEXT);
        }
        let points: Vec<(usize, usize)> = if first == last {
            vec![(first, range.start), (first, range.end)]
        } else {
            vec![(first, range.start), (last, range.end)]
        };
        let mut tentative = spans.clone();
        for &(line, at) in points.iter().filter(|(l, _)| line_len(*l) > WHOLE_LINE) {
            match tentative.iter_mut().find(|s| s.0 == line) {
                Some(s) => {
                    s.1 = s.1.min(at);
                    s.2 = s.2.max(at);
                }
                None => tentative.push((line, at, at)),
            }
        }
        let fits = tentative
            .iter()
            .all(|&(_, lo, hi)| hi - lo <= MAX_WINDOW - 2 * CONTEXT);
        if fits || (primary && i == 0) {
            spans = tentative;
            kept.push((range, primary, message));
        } else {
            let at = places.line_column(range.start);
            notes.push(format!(
                "{message} (line {}, column {})",
                at.line, at.column
            ));
        }
    }
    *labels = kept;
    let windows = spans
        .into_iter()
        .map(|(line, lo, hi)| {
            let start = lines.line_start(line);
            let end = start + line_len(line);
            let from = floor_char_boundary(text, lo.saturating_sub(CONTEXT).max(start));
            let to = ceil_boundary(text, (hi + CONTEXT).min(end));
            (line, from..to)
        })
        .collect();
    (windows, notes)
}

/// Renders one file's findings as snippets.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    color: bool,
    out: &mut Records,
) {
    let config = Config::default();
    let name = super::display(view.path);
    let text = view.text;
    let lines = LineIndex::new(text);
    let clamp = |r: TextRange| {
        let end = r.end().min(text.len());
        r.start().min(end)..end
    };
    let offsets = diagnostics.iter().flat_map(|d| {
        std::iter::once(d.range)
            .chain(d.labels.iter().map(|l| l.range))
            .map(|r| clamp(r).start)
    });
    let places = Places::new(text, offsets);
    for d in diagnostics {
        let mut message = d.message.clone();
        if let Some(id) = &d.segment {
            message = format!("{message} (segment {id})");
        }
        let mut labels: Vec<(Range<usize>, bool, String)> =
            vec![(clamp(d.range), true, String::new())];
        labels.extend(
            d.labels
                .iter()
                .map(|l| (clamp(l.range), false, l.message.clone())),
        );
        let (windows, dropped) = windows(text, &lines, &mut labels, &places);
        let labels = labels
            .into_iter()
            .map(|(range, primary, message)| {
                if primary {
                    Label::primary((), range)
                } else {
                    Label::secondary((), range).with_message(message)
                }
            })
            .collect();
        let mut notes = dropped;
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
        let snippet = Snippet {
            name: &name,
            text,
            lines: &lines,
            places: &places,
            windows,
        };
        let mut buffer = if color {
            term::termcolor::Buffer::ansi()
        } else {
            term::termcolor::Buffer::no_color()
        };
        out.push(d, |bytes| {
            // Rendering into memory fails only on a label outside the file, which the
            // clamping above rules out; the finding is then shown without its snippet.
            if term::emit_to_write_style(&mut buffer, &config, &snippet, &diagnostic).is_err() {
                buffer.clear();
                let _ = writeln!(
                    buffer,
                    "{}[{}]: {}",
                    d.severity.as_str(),
                    d.rule.name,
                    diagnostic.message
                );
            }
            bytes.extend_from_slice(buffer.as_slice());
        });
    }
}

/// The closing count line.
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
            format!("; {} could not be read", plural(s.unreadable, "file"))
        } else {
            String::new()
        }
    )
}

/// Writes every finding; `color` adds ANSI colors, `summary` the closing count line.
pub fn render(
    reports: &[crate::engine::FileReport],
    color: bool,
    summary: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    super::write_reports(&super::Style::Human { color, summary }, reports, out)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
