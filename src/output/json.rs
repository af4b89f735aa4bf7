//! `--format json`: one JSON document (schema in README.md), streamed from typed records:
//! each file's findings are rendered while its text is at hand and written in file order.

use super::{FileView, RecordSink, Totals, display};
use crate::diagnostic::Applicability;
use crate::engine::FileReport;
use crate::text::{LineColumn, Places, TextRange};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Span {
    start: LineColumn,
    end: LineColumn,
    byte_range: [u32; 2],
}

impl Span {
    fn new(pos: &Places<'_>, range: TextRange) -> Span {
        Span {
            start: pos.line_column(range.start()),
            end: pos.line_column(range.end()),
            byte_range: [range.start, range.end],
        }
    }
}

#[derive(Serialize)]
struct LabelRecord<'a> {
    message: &'a str,
    #[serde(flatten)]
    span: Span,
}

#[derive(Serialize)]
struct EditRecord<'a> {
    #[serde(flatten)]
    span: Span,
    content: &'a str,
}

#[derive(Serialize)]
struct FixRecord<'a> {
    message: &'a str,
    applicability: Applicability,
    edits: Vec<EditRecord<'a>>,
}

#[derive(Serialize)]
struct DiagnosticRecord<'a> {
    rule: &'static str,
    category: &'static str,
    severity: &'static str,
    path: &'a str,
    segment: Option<&'a str>,
    message: &'a str,
    #[serde(flatten)]
    span: Span,
    labels: Vec<LabelRecord<'a>>,
    fix: Option<FixRecord<'a>>,
}

#[derive(Serialize)]
struct SummaryRecord {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct FileErrorRecord<'a> {
    path: String,
    message: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: SummaryRecord,
    diagnostics: Vec<DiagnosticRecord<'a>>,
    file_errors: Vec<FileErrorRecord<'a>>,
}

fn record<'a>(
    d: &'a crate::diagnostic::Diagnostic,
    path: &'a str,
    pos: &Places<'_>,
) -> DiagnosticRecord<'a> {
    DiagnosticRecord {
        rule: d.rule.name,
        category: d.rule.category.as_str(),
        severity: d.severity.as_str(),
        path,
        segment: d.segment.as_deref(),
        message: &d.message,
        span: Span::new(pos, d.range),
        labels: d
            .labels
            .iter()
            .map(|l| LabelRecord {
                message: &l.message,
                span: Span::new(pos, l.range),
            })
            .collect(),
        fix: d.fix.as_ref().map(|f| FixRecord {
            message: &f.message,
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| EditRecord {
                    span: Span::new(pos, e.range),
                    content: &e.content,
                })
                .collect(),
        }),
    }
}

/// Renders one file's findings: the objects of the `diagnostics` list, as they appear in
/// the document.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[crate::diagnostic::Diagnostic],
    out: &mut dyn RecordSink,
) {
    let path = display(view.path);
    // Every position of the file in one pass over its text.
    let offsets = diagnostics.iter().flat_map(|d| {
        let labels = d.labels.iter().map(|l| l.range);
        let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.range));
        std::iter::once(d.range)
            .chain(labels)
            .chain(edits)
            .flat_map(|r| [r.start(), r.end()])
    });
    let pos = Places::new(view.text, offsets);
    for d in diagnostics {
        out.record(d, &mut |bytes| {
            super::write_indented_json(&record(d, &path, &pos), 4, bytes)
        });
    }
}

/// The document with an empty `diagnostics` list, split at the list: what comes before the
/// records and what comes after them.
pub(super) fn frame(totals: &Totals) -> (Vec<u8>, Vec<u8>) {
    let summary = &totals.summary;
    let paths: Vec<String> = totals.file_errors.iter().map(|(p, _)| display(p)).collect();
    let doc = Document {
        version: 1,
        summary: SummaryRecord {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
        diagnostics: Vec::new(),
        file_errors: totals
            .file_errors
            .iter()
            .zip(paths)
            .map(|((_, message), path)| FileErrorRecord { path, message })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("serializable");
    text.push('\n');
    super::split_at_empty_list(text, "diagnostics")
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    super::write_reports(&super::Style::Json, reports, out)
}

/// The JSON document as a string (for tests and callers that need it whole).
pub fn render(reports: &[FileReport]) -> String {
    let mut buf = Vec::new();
    write(reports, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}
