use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, MarkupIssueKind};
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `<span …>` whose `</span>` never comes: the next segment tag, a blank line
    /// or the end of the file arrives first.
    ///
    /// A target span cut by a blank line (Markdown ends the paragraph there, so the
    /// `</span>` after it closes nothing) is reported once, here, with that reason.
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
            let split = issue
                .segment
                .and_then(|i| split_by_blank_line(ctx.document, text, i));
            let message = match split {
                Some(_) => format!(
                    "this {} is cut by a blank line: Markdown ends the paragraph there, so the `</span>` after it closes nothing and the source span is left alone",
                    role.describe()
                ),
                None => format!("this {} is never closed with `</span>`", role.describe()),
            };
            let mut d = Diagnostic::new(&Self::META, issue.range, message);
            if let Some(seg) = issue.segment.map(|i| &ctx.document.segments[i]) {
                d = d.with_segment(seg.id_str(text));
            }
            out.push(d);
        }
    }
}

/// A target span cut by a blank line (`…версии.\n\n\n</span><span class="sxs-lookup">…`):
/// Markdown ends the paragraph at the blank line, so the target is never closed and the
/// `</span>` after it closes nothing; the parser sees, under one ID, a target without its
/// source and then the source without its target. Returns the index of that source-only
/// segment. The one defect is reported once, here; `missing-source`, `missing-target`,
/// `duplicate-id` and `stray-span-close` leave it alone.
pub(super) fn split_by_blank_line(doc: &Document<'_>, text: &str, i: usize) -> Option<usize> {
    let a = doc.segments.get(i)?;
    let target = a.target.as_ref()?;
    if target.close_tag.is_some() || a.source.is_some() {
        return None;
    }
    let b = doc.segments.get(i + 1)?;
    if b.target.is_some() || b.source.is_none() || b.id_str(text) != a.id_str(text) {
        return None;
    }
    let between = text.get(target.open_tag.end()..b.range.start())?;
    between.contains("\n\n").then_some(i + 1)
}

/// Whether segment `j` is the source half of a target cut by a blank line.
pub(super) fn is_split_source(doc: &Document<'_>, text: &str, j: usize) -> bool {
    j > 0 && split_by_blank_line(doc, text, j - 1) == Some(j)
}
