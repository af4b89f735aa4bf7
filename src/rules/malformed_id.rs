use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a segment ID that is not of the form `hex-number` (such as `d58e0-103`) or
    /// the paragraph form `hex-pnumber` (`d58e0-p101`), including an empty or missing ID.
    ///
    /// ## Why it matters
    /// Localization tools parse these IDs to match segments with their translation memory;
    /// a damaged ID (a lost digit, a typo, a translated character) detaches the segment.
    ///
    /// ## Example
    /// `<span data-ttu-id="d58e0-1O3">` (a letter O for a zero) or `<span data-ttu-id="">`.
    pub struct MalformedId {
        name: "malformed-id",
        category: Structure,
        severity: Error,
        summary: "A segment ID is not of the form hex-number.",
    }
}

impl Rule for MalformedId {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for seg in &ctx.document.segments {
            for side in [&seg.target, &seg.source].into_iter().flatten() {
                if side.id.is_well_formed(text) {
                    continue;
                }
                let id = side.id.as_str(text);
                let (range, message) = if id.is_empty() {
                    (
                        side.open_tag,
                        "segment span has an empty or missing ID".to_string(),
                    )
                } else {
                    (
                        side.id.range,
                        format!(
                            "segment ID `{id}` is not of the form `hex-number` (like `d58e0-103`)"
                        ),
                    )
                };
                let mut d = Diagnostic::new(&Self::META, range, message);
                if !id.is_empty() {
                    d = d.with_segment(id);
                }
                out.push(d);
            }
        }
    }
}
