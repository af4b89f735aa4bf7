use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports white space at the start or the end of a target segment's text when the
    /// English source has none there, such as `…存取) </span>` for a source that ends in
    /// `trusts)</span>`. The fix removes exactly the extra white space. A source with edge
    /// white space that the target dropped is not reported: trimming it is harmless.
    ///
    /// ## Why it matters
    /// Edge white space inside a span is an artifact of machine translation or of editing.
    /// It ends up in translation memories, doubles the space between sentences and, next to
    /// Chinese or Japanese punctuation, shows as a visible gap.
    ///
    /// ## Example
    /// ```markdown
    /// <span data-ttu-id="d1db2-105">… (信賴憑證者信任，啟用條件式存取) </span>
    /// ```
    /// The source `… protected applications (relying party trusts)` ends without a space.
    pub struct WhitespaceEdge {
        name: "whitespace-edge",
        category: Whitespace,
        severity: Info,
        summary: "A target segment starts or ends with white space the source does not have.",
    }
}

/// "a space", "2 spaces", "a no-break space (U+00A0)", "a line break and 12 spaces".
pub(super) fn describe_whitespace(ws: &str) -> String {
    let name = |c: char, plural: bool| {
        let s = match c {
            ' ' => "space",
            '\t' => "tab",
            '\n' => "line break",
            '\u{a0}' => "no-break space (U+00A0)",
            '\u{202f}' => "narrow no-break space (U+202F)",
            '\u{3000}' => "ideographic space (U+3000)",
            _ => "white-space character",
        };
        match (plural, s.split_once(" (")) {
            (false, _) => s.to_string(),
            (true, Some((word, code))) => format!("{word}s ({code}"),
            (true, None) => format!("{s}s"),
        }
    };
    // Runs of the same character, in order: [(char, count)].
    let mut groups: Vec<(char, usize)> = Vec::new();
    for c in ws.chars().filter(|&c| c != '\r') {
        match groups.last_mut() {
            Some((g, n)) if *g == c => *n += 1,
            _ => groups.push((c, 1)),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|&(c, n)| match n {
            1 => format!("a {}", name(c, false)),
            n => format!("{n} {}", name(c, true)),
        })
        .collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

impl Rule for WhitespaceEdge {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            let src = source.raw(text);
            if raw.trim().is_empty() || src.trim().is_empty() {
                continue;
            }
            let start = target.content.start();
            let lead = raw.len() - raw.trim_start().len();
            if lead > 0 && !src.starts_with(char::is_whitespace) {
                let range = TextRange::new(start, start + lead);
                let first = src.chars().next().map_or(0, char::len_utf8);
                out.push(edge(
                    range,
                    "starts",
                    &raw[..lead],
                    seg.id_str(text),
                    TextRange::new(source.content.start(), source.content.start() + first),
                    "the source starts here",
                ));
            }
            let trail = raw.len() - raw.trim_end().len();
            if trail > 0 && !src.ends_with(char::is_whitespace) {
                let end = target.content.end();
                let range = TextRange::new(end - trail, end);
                let last = src.chars().next_back().map_or(0, char::len_utf8);
                out.push(edge(
                    range,
                    "ends",
                    &raw[raw.len() - trail..],
                    seg.id_str(text),
                    TextRange::new(source.content.end() - last, source.content.end()),
                    "the source ends here",
                ));
            }
        }
    }
}

fn edge(
    range: TextRange,
    side: &str,
    ws: &str,
    id: &str,
    label: TextRange,
    label_msg: &str,
) -> Diagnostic {
    let what = describe_whitespace(ws);
    Diagnostic::new(
        &WhitespaceEdge::META,
        range,
        format!("the target {side} with {what} that the source does not have"),
    )
    .with_segment(id)
    .with_label(label, label_msg)
    .with_fix(Fix::replace(
        format!("Remove {what}"),
        range,
        "",
        Applicability::Safe,
    ))
}
