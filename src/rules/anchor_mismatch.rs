use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::{BlockKind, Document, Segment};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Checks the `<a name="…"></a>` anchor of each heading that holds a segment. In these
    /// files the anchor is generated from the English heading (the source text of the
    /// heading's segments): lowercase, spaces to hyphens, other punctuation dropped. Reports
    /// (as an error) an anchor with non-ASCII, translated text; an anchor that differs from
    /// the English heading's slug, when the heading is plain text so the slug is certain; and
    /// a heading with no anchor in a file whose other headings have one. Where the slug is
    /// certain, a fix writes it (safe for a translated or missing anchor, unsafe when an old
    /// anchor may still be linked to).
    ///
    /// ## Why it matters
    /// Links into a page (`article#device-writeback`) use the English anchor in every
    /// language; a translated, changed or missing anchor silently breaks each of them.
    ///
    /// ## Example
    /// ```markdown
    /// # <a name="장치-쓰기-저장"></a><span data-ttu-id="d58e0-102">장치 쓰기 저장</span>…<span data-stu-id="d58e0-102">Device Writeback</span>…
    /// ```
    /// The anchor should be `device-writeback`.
    pub struct AnchorMismatch {
        name: "anchor-mismatch",
        category: Structure,
        severity: Warning,
        summary: "A heading's anchor is translated, differs from the English heading, or is missing.",
    }
}

/// The English heading's slug, when it is certain: the heading is only segments whose
/// sources are plain ASCII words with single spaces and punctuation the slug drops.
fn english_slug(doc: &Document<'_>, block: usize, segments: &[&Segment]) -> Option<String> {
    let text = doc.text;
    let range = doc.blocks[block].range;
    // A segment running past the heading line (an unclosed or multi-line span) is no
    // plain heading.
    if segments.iter().any(|s| s.range.end() > range.end()) {
        return None;
    }
    let mut english = Vec::new();
    // Text of the heading line outside the anchor tag and the segments.
    let mut outside = String::new();
    let mut at = range.start();
    for s in segments {
        outside.push_str(&text[at.min(s.range.start())..s.range.start()]);
        at = s.range.end();
        english.push(s.source.as_ref()?.raw(text));
    }
    outside.push_str(&text[at..range.end()]);
    let outside = outside.trim_start_matches(|c: char| c == '#' || c.is_whitespace());
    let outside = match outside.strip_prefix("<a ") {
        Some(rest) => rest.split_once("</a>")?.1,
        None => outside,
    };
    if !outside.trim().is_empty() {
        return None;
    }
    let english = english.join(" ");
    let english = english.trim();
    let plain = !english.is_empty()
        && !english.contains("  ")
        && english.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || c == ' '
                || c == '-'
                || matches!(
                    c,
                    '.' | ',' | ':' | ';' | '?' | '!' | '\'' | '"' | '/' | '+'
                )
        });
    if !plain {
        return None;
    }
    Some(
        english
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_ascii_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
    )
}

impl Rule for AnchorMismatch {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.document;
        let text = ctx.text();
        let headings: Vec<(usize, Option<TextRange>)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b.kind {
                BlockKind::Heading { anchor, .. } => Some((i, anchor)),
                _ => None,
            })
            .collect();
        if headings.is_empty() {
            return;
        }
        let anchored = headings.iter().filter(|(_, a)| a.is_some()).count();
        // The segments of each heading, gathered once.
        let mut in_block: std::collections::HashMap<usize, Vec<&Segment>> = headings
            .iter()
            .map(|&(block, _)| (block, Vec::new()))
            .collect();
        for s in &doc.segments {
            if let Some(list) = s.block.and_then(|b| in_block.get_mut(&b)) {
                list.push(s);
            }
        }
        for &(block, anchor) in &headings {
            let segments = in_block.get(&block).map_or(&[][..], Vec::as_slice);
            let Some(first) = segments.iter().find(|s| s.target.is_some()) else {
                continue;
            };
            let id = first.id_str(text);
            let slug = english_slug(doc, block, segments);
            let source_label = |d: Diagnostic| match first.source.as_ref() {
                Some(s) => d.with_label(s.content, "the English heading"),
                None => d,
            };
            match anchor {
                Some(a) => {
                    let name = a.slice(text);
                    if !name.is_ascii() {
                        let mut d = Diagnostic::new(
                            &Self::META,
                            a,
                            format!(
                                "the anchor `{name}` is translated; links to the English anchor{} will not find it",
                                slug.as_ref().map(|s| format!(" `#{s}`")).unwrap_or_default()
                            ),
                        )
                        .with_segment(id);
                        d.severity = Severity::Error;
                        if let Some(s) = &slug {
                            d = d.with_fix(Fix::replace(
                                format!("Use `{s}`"),
                                a,
                                s.clone(),
                                Applicability::Safe,
                            ));
                        }
                        out.push(source_label(d));
                    } else if let Some(s) = slug.as_ref().filter(|s| *s != name) {
                        let d = Diagnostic::new(
                            &Self::META,
                            a,
                            format!(
                                "the anchor `{name}` does not match the English heading; its slug is `{s}`"
                            ),
                        )
                        .with_segment(id)
                        .with_fix(Fix::replace(
                            format!("Use `{s}`"),
                            a,
                            s.clone(),
                            Applicability::Unsafe,
                        ));
                        out.push(source_label(d));
                    }
                }
                None => {
                    let heading = doc.blocks[block].range;
                    let before = &text[heading.start()..first.range.start()];
                    if anchored == 0 || before.contains("<a ") {
                        continue;
                    }
                    let marks = before.len() - before.trim_start().len()
                        + before
                            .trim_start()
                            .bytes()
                            .take_while(|&b| b == b'#')
                            .count();
                    let range = TextRange::new(heading.start(), heading.start() + marks);
                    let mut d = Diagnostic::new(
                        &Self::META,
                        range,
                        format!(
                            "this heading has no `<a name>` anchor, while {anchored} other heading{} in the file {}",
                            if anchored == 1 { "" } else { "s" },
                            if anchored == 1 { "has one" } else { "have one" }
                        ),
                    )
                    .with_segment(id);
                    if let Some(s) = &slug {
                        d = d.with_fix(Fix::replace(
                            format!("Add `<a name=\"{s}\"></a>`"),
                            TextRange::empty(first.range.start()),
                            format!("<a name=\"{s}\"></a>"),
                            Applicability::Safe,
                        ));
                    }
                    out.push(source_label(d));
                }
            }
        }
    }
}
