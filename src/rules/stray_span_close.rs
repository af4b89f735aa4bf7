use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::MarkupIssueKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `</span>` that closes no open span.
    ///
    /// ## Why it matters
    /// A stray closing tag is left over from a damaged or hand-edited segment. Renderers
    /// drop it silently, but it shows that the markup around it was changed, and the next
    /// tool to rebuild the segments may pair the wrong tags.
    ///
    /// ## Example
    /// ```html
    /// <span data-ttu-id="x-101">…</span><span class="sxs-lookup"><span data-stu-id="x-101">…</span></span></span>
    /// ```
    pub struct StraySpanClose {
        name: "stray-span-close",
        category: Structure,
        severity: Error,
        summary: "A </span> closes nothing.",
    }
}

impl Rule for StraySpanClose {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for issue in &ctx.document.markup_issues {
            if issue.kind != MarkupIssueKind::StrayClose {
                continue;
            }
            let mut d = Diagnostic::new(&Self::META, issue.range, "this `</span>` closes no open span");
            if let Some(seg) = issue.segment.map(|i| &ctx.document.segments[i]) {
                d = d
                    .with_segment(seg.id_str(text))
                    .with_label(seg.range, "the segment before it is already closed");
            }
            out.push(d);
        }
    }
}
