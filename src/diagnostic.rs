//! What a rule reports: a finding with an exact range, labels and an optional fix.

use crate::rule::RuleMeta;
use crate::text::TextRange;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A secondary range that explains the finding (for example the English source text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub range: TextRange,
    pub message: String,
}

/// One replacement of the text in `range`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(skip)]
    pub range: TextRange,
    pub content: String,
}

/// Whether a fix can be applied without a human looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning; applied by `--fix`.
    Safe,
    /// May change meaning; applied only with `--unsafe-fixes`.
    Unsafe,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn replace(
        message: impl Into<String>,
        range: TextRange,
        content: impl Into<String>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            message: message.into(),
            edits: vec![Edit {
                range,
                content: content.into(),
            }],
            applicability,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// The segment ID (such as `d58e0-108`) when the finding is about a segment.
    pub segment: Option<String>,
    pub labels: Vec<Label>,
    /// Boxed: most findings have none, and a file can have very many findings.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            range,
            message: message.into(),
            segment: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    pub fn with_segment(mut self, id: impl Into<String>) -> Self {
        self.segment = Some(id.into());
        self
    }

    pub fn with_label(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }
}
