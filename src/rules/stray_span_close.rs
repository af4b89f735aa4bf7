use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::MarkupIssueKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `</span>` that closes no open span.
    ///
    /// The `</span>` of a target cut by a blank line is `unclosed-span`'s finding.
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
            // The close tag of a target cut by a blank line: unclosed-span's finding.
            let doc = ctx.document;
            let cut_close = (0..doc.segments.len()).any(|i| {
                super::unclosed_span::split_by_blank_line(doc, text, i).is_some_and(|j| {
                    let open = doc.segments[i].target.as_ref().map(|t| t.open_tag.end());
                    open.is_some_and(|o| o <= issue.range.start())
                        && issue.range.end() <= doc.segments[j].range.start()
                })
            });
            if cut_close {
                continue;
            }
            let seg = issue.segment.map(|i| &ctx.document.segments[i]);
            let inside = seg.and_then(|s| {
                [(&s.target, "target"), (&s.source, "source")]
                    .into_iter()
                    .find(|(side, _)| {
                        side.as_ref()
                            .is_some_and(|t| t.content.contains_range(issue.range))
                    })
                    .map(|(_, name)| name)
            });
            let message = match inside {
                Some(side) => format!(
                    "stray `</span>` inside the {side} text: it closes the span before the text ends"
                ),
                None => "this `</span>` closes no open span".to_string(),
            };
            let mut d = Diagnostic::new(&Self::META, issue.range, message);
            if let Some(seg) = seg {
                d = d.with_segment(seg.id_str(text));
                if inside.is_none() {
                    d = d.with_label(seg.range, "the segment before it is already closed");
                }
            }
            out.push(d);
        }
    }
}
