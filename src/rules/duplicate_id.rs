use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a target segment ID (`data-ttu-id`) that already appeared earlier in the file.
    ///
    /// The source half of a target cut by a blank line is not a second use of its ID
    /// (`unclosed-span` reports that defect).
    ///
    /// ## Why it matters
    /// Segment IDs are keys: when two segments share one, the next translation update
    /// writes both from one entry and one of them silently gets the wrong text.
    ///
    /// ## Example
    /// Two paragraphs both tagged `data-ttu-id="d58e0-107"`: the second is reported, with a
    /// label on the first.
    pub struct DuplicateId {
        name: "duplicate-id",
        category: Structure,
        severity: Error,
        summary: "A segment ID appears more than once in the file.",
    }
}

impl Rule for DuplicateId {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let mut first = HashMap::new();
        for (j, seg) in ctx.document.segments.iter().enumerate() {
            let id = seg.id_str(text);
            if id.is_empty() || super::unclosed_span::is_split_source(ctx.document, text, j) {
                continue;
            }
            match first.get(id) {
                None => {
                    first.insert(id, seg.id.range);
                }
                Some(&earlier) => out.push(
                    Diagnostic::new(
                        &Self::META,
                        seg.id.range,
                        format!("segment ID `{id}` is used more than once"),
                    )
                    .with_segment(id)
                    .with_label(earlier, "first used here"),
                ),
            }
        }
    }
}
