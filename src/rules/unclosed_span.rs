use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::MarkupIssueKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `<span …>` whose `</span>` never comes: the next segment tag, a blank line
    /// or the end of the file arrives first.
    ///
    /// ## Why it matters
    /// An unclosed span swallows the text after it: browsers nest the rest of the paragraph
    /// inside the segment (often hidden inside `sxs-lookup`), and the pipeline can no
    /// longer tell where the segment ends.
    ///
    /// ## Example
    /// ```html
    /// <span data-ttu-id="d58e0-103">장치 쓰기 저장은 …<span class="sxs-lookup"><span data-stu-id="d58e0-103">…</span></span>
    /// ```
    /// The target span is not closed before the lookup span starts.
    pub struct UnclosedSpan {
        name: "unclosed-span",
        category: Structure,
        severity: Error,
        summary: "A span tag is never closed.",
    }
}

impl Rule for UnclosedSpan {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for issue in &ctx.document.markup_issues {
            let MarkupIssueKind::Unclosed(role) = issue.kind else {
                continue;
            };
            let mut d = Diagnostic::new(
                &Self::META,
                issue.range,
                format!("this {} is never closed with `</span>`", role.describe()),
            );
            if let Some(seg) = issue.segment.map(|i| &ctx.document.segments[i]) {
                d = d.with_segment(seg.id_str(text));
            }
            out.push(d);
        }
    }
}
