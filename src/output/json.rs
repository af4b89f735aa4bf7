//! `--format json`: one JSON document (schema in README.md).

use super::{Positions, Summary, display_path};
use crate::engine::FileReport;
use crate::text::TextRange;
use serde_json::{Value, json};

fn span(pos: &Positions<'_>, range: TextRange) -> (Value, Value, Value) {
    let (start, end) = pos.start_end(range);
    (
        json!({"line": start.line, "column": start.column}),
        json!({"line": end.line, "column": end.column}),
        json!([range.start, range.end]),
    )
}

pub fn render(reports: &[FileReport]) -> String {
    let summary = Summary::of(reports);
    let mut diagnostics = Vec::new();
    let mut file_errors = Vec::new();
    for report in reports {
        let path = display_path(report);
        if let Some(err) = &report.error {
            file_errors.push(json!({"path": path, "message": err}));
        }
        if report.diagnostics.is_empty() {
            continue;
        }
        let pos = Positions::new(&report.source);
        for d in &report.diagnostics {
            let (start, end, byte_range) = span(&pos, d.range);
            let labels: Vec<Value> = d
                .labels
                .iter()
                .map(|l| {
                    let (start, end, byte_range) = span(&pos, l.range);
                    json!({"message": l.message, "start": start, "end": end, "byte_range": byte_range})
                })
                .collect();
            let fix = d.fix.as_ref().map(|f| {
                let edits: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        let (start, end, byte_range) = span(&pos, e.range);
                        json!({"start": start, "end": end, "byte_range": byte_range, "content": e.content})
                    })
                    .collect();
                json!({"message": f.message, "applicability": f.applicability, "edits": edits})
            });
            diagnostics.push(json!({
                "rule": d.rule.name,
                "category": d.rule.category.as_str(),
                "severity": d.severity.as_str(),
                "path": path,
                "segment": d.segment,
                "message": d.message,
                "start": start,
                "end": end,
                "byte_range": byte_range,
                "labels": labels,
                "fix": fix,
            }));
        }
    }
    let doc = json!({
        "version": 1,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
        "diagnostics": diagnostics,
        "file_errors": file_errors,
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    out.push('\n');
    out
}
