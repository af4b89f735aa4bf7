//! Output formats: each is a view of the same file reports.

pub mod checkstyle;
pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod statistics;

use crate::diagnostic::Severity;
use crate::engine::FileReport;
use crate::text::{LineColumn, LineIndex, TextRange};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.iter().filter(|r| r.error.is_none()).count(),
            ..Summary::default()
        };
        for r in reports {
            s.errors += r.count(Severity::Error);
            s.warnings += r.count(Severity::Warning);
            s.infos += r.count(Severity::Info);
            s.unreadable += usize::from(r.error.is_some());
        }
        s
    }
}

/// Line/column positions of ranges in one file, built only when a file has findings.
pub struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn start_end(&self, range: TextRange) -> (LineColumn, LineColumn) {
        (
            self.index.line_column(self.text, range.start()),
            self.index.line_column(self.text, range.end()),
        )
    }
}

/// The path as the user gave it, with `/` separators on every platform.
pub fn display_path(report: &FileReport) -> String {
    let s = report.path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}
