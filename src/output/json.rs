//! `--format json`: one JSON document (schema in README.md), streamed from typed records.

use super::{Positions, Summary, display_path};
use crate::diagnostic::Applicability;
use crate::engine::FileReport;
use crate::text::{LineColumn, TextRange};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Span {
    start: LineColumn,
    end: LineColumn,
    byte_range: [u32; 2],
}

impl Span {
    fn new(pos: &Positions<'_>, range: TextRange) -> Span {
        let (start, end) = pos.start_end(range);
        Span {
            start,
            end,
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
    pos: &Positions<'_>,
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

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let summary = Summary::of(reports);
    let paths: Vec<String> = reports.iter().map(display_path).collect();
    let file_errors: Vec<FileErrorRecord> = reports
        .iter()
        .zip(&paths)
        .filter_map(|(report, path)| {
            Some(FileErrorRecord {
                path: path.clone(),
                message: report.error.as_deref()?,
            })
        })
        .collect();
    // Positions need each file's line index: built per file, in parallel.
    let diagnostics: Vec<DiagnosticRecord> = reports
        .par_iter()
        .zip(&paths)
        .filter(|(report, _)| !report.diagnostics.is_empty())
        .flat_map_iter(|(report, path)| {
            let pos = Positions::new(&report.source);
            report
                .diagnostics
                .iter()
                .map(move |d| record(d, path, &pos))
                .collect::<Vec<_>>()
        })
        .collect();
    let doc = Document {
        version: 1,
        summary: SummaryRecord {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
        diagnostics,
        file_errors,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The JSON document as a string (for tests and callers that need it whole).
pub fn render(reports: &[FileReport]) -> String {
    let mut buf = Vec::new();
    write(reports, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}
