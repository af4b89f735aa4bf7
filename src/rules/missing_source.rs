use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::MarkupIssueKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a target span (`data-ttu-id`) that is not followed by its English source:
    /// no `<span class="sxs-lookup">` after it, or a lookup span with no `data-stu-id` inside.
    ///
    /// A target cut by a blank line before its `</span>` is `unclosed-span`'s finding.
    ///
    /// ## Why it matters
    /// Reviewers and every pair check compare the target with its source; without the
    /// source the segment cannot be reviewed and the next handoff may drop it.
    ///
    /// ## Example
    /// ```html
    /// <span data-ttu-id="d58e0-103">장치 쓰기 저장은 …</span>
    /// ```
    /// Here the `<span class="sxs-lookup"><span data-stu-id="d58e0-103">…</span></span>` is missing.
    pub struct MissingSource {
        name: "missing-source",
        category: Structure,
        severity: Error,
        summary: "A target segment has no English source span after it.",
    }
}

impl Rule for MissingSource {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (i, seg) in ctx.document.segments.iter().enumerate() {
            if super::unclosed_span::split_by_blank_line(ctx.document, text, i).is_some() {
                continue;
            }
            if let (Some(target), None) = (&seg.target, &seg.source) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        target.open_tag,
                        format!(
                            "target segment {} has no source span (`<span class=\"sxs-lookup\"><span data-stu-id=…>`) after it",
                            seg.id_str(text)
                        ),
                    )
                    .with_segment(seg.id_str(text)),
                );
            }
        }
        for issue in &ctx.document.markup_issues {
            if issue.kind == MarkupIssueKind::EmptyLookup {
                let mut d = Diagnostic::new(
                    &Self::META,
                    issue.range,
                    "this sxs-lookup span holds no source span (`<span data-stu-id=…>`)",
                );
                if let Some(seg) = issue.segment.map(|i| &ctx.document.segments[i]) {
                    d = d.with_segment(seg.id_str(text));
                }
                out.push(d);
            }
        }
    }
}
