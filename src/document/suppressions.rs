//! Inline suppression comments: `<!-- loclint-disable-next-line RULE -->`,
//! `<!-- loclint-disable RULE -->` … `<!-- loclint-enable RULE -->`. RULE is a rule name
//! or category, several separated by commas or spaces; none means every rule. A directive
//! starts its line.

use super::blocks::Layout;
use crate::text::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionKind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Clone, Debug)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The names as written, with their ranges; empty for "every rule".
    pub rules: Vec<(String, TextRange)>,
    /// The whole comment.
    pub range: TextRange,
}

const PREFIX: &str = "loclint-";

pub(super) fn scan(text: &str, from: usize, layout: &Layout) -> Vec<Suppression> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let code: Vec<TextRange> = layout.code_ranges().collect();
    for start in memchr::memmem::find_iter(&bytes[from..], b"<!--").map(|i| from + i) {
        if code.iter().any(|r| r.start() <= start && start < r.end()) {
            continue;
        }
        // A directive starts its line (after indentation or `>` quote markers), so a
        // comment quoted inside inline code is text, not a directive.
        let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
        if !bytes[line_start..start]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'>'))
        {
            continue;
        }
        let Some(end) = memchr::memmem::find(&bytes[start + 4..], b"-->").map(|i| start + 4 + i)
        else {
            continue;
        };
        let inner = &text[start + 4..end];
        let lead = inner.len() - inner.trim_start().len();
        let body = inner.trim();
        let Some(directive) = body.strip_prefix(PREFIX) else {
            continue;
        };
        let (kind, rest) = if let Some(r) = directive.strip_prefix("disable-next-line") {
            (SuppressionKind::NextLine, r)
        } else if let Some(r) = directive.strip_prefix("disable") {
            (SuppressionKind::Disable, r)
        } else if let Some(r) = directive.strip_prefix("enable") {
            (SuppressionKind::Enable, r)
        } else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let rest_start = start + 4 + lead + PREFIX.len() + (directive.len() - rest.len());
        let mut rules = Vec::new();
        let mut offset = 0;
        for part in rest.split([',', ' ', '\t', '\n', '\r']) {
            let at = rest_start + offset;
            offset += part.len() + 1;
            if !part.is_empty() {
                rules.push((part.to_string(), TextRange::new(at, at + part.len())));
            }
        }
        out.push(Suppression {
            kind,
            rules,
            range: TextRange::new(start, end + 3),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, SuppressionKind};

    #[test]
    fn parses_directives_with_ranges() {
        let text = "a\n<!-- loclint-disable-next-line term-not-preferred, links -->\nb\n<!--loclint-disable-->\n```\n<!-- loclint-enable -->\n```\n<!-- loclint-enabled x -->";
        let doc = Document::parse(text);
        let s = &doc.suppressions;
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].kind, SuppressionKind::NextLine);
        let names: Vec<_> = s[0]
            .rules
            .iter()
            .map(|(n, r)| (n.as_str(), r.slice(text)))
            .collect();
        assert_eq!(
            names,
            [
                ("term-not-preferred", "term-not-preferred"),
                ("links", "links")
            ]
        );
        assert_eq!(s[1].kind, SuppressionKind::Disable);
        assert!(s[1].rules.is_empty());
    }
}
