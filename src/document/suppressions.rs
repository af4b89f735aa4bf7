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
    let mut code = layout.code_ranges().peekable();
    // Comments are met in order, so the line start, the code range and the `-->` looked
    // for last still answer for the next one until it passes them: a line of thousands
    // of `<!--` costs one scan, not one per comment.
    let mut scanned = 0;
    // Where the current line's indentation and `>` markers end.
    let lead_end = |line_start: usize| {
        line_start
            + bytes[line_start..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
                .count()
    };
    let mut lead = lead_end(0);
    let mut close: Option<Option<usize>> = None;
    for start in memchr::memmem::find_iter(&bytes[from..], b"<!--").map(|i| from + i) {
        while code.peek().is_some_and(|r| r.end() <= start) {
            code.next();
        }
        if code.peek().is_some_and(|r| r.start() <= start) {
            continue;
        }
        // A directive starts its line (after indentation or `>` quote markers), so a
        // comment quoted inside inline code is text, not a directive.
        if let Some(i) = memchr::memrchr(b'\n', &bytes[scanned..start]) {
            lead = lead_end(scanned + i + 1);
        }
        scanned = start;
        if lead < start {
            continue;
        }
        let end = match close {
            // The first `-->` after an earlier comment's start is the first after this
            // one's too, while it lies after this start; none then is none now.
            Some(found) if found.is_none_or(|e| e >= start + 4) => found,
            _ => memchr::memmem::find(&bytes[start + 4..], b"-->").map(|i| start + 4 + i),
        };
        close = Some(end);
        let Some(end) = end else {
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
