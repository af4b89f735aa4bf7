use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an English source span (`sxs-lookup` / `data-stu-id`) with no target span
    /// (`data-ttu-id`) right before it.
    ///
    /// A source whose target was cut by a blank line is `unclosed-span`'s finding.
    ///
    /// ## Why it matters
    /// The reader sees nothing in their language for this segment: the translation was
    /// deleted or the target tag was damaged, and the English text may show instead.
    ///
    /// ## Example
    /// ```html
    /// <span class="sxs-lookup"><span data-stu-id="d58e0-104">Enable Windows Hello</span></span>
    /// ```
    /// The `<span data-ttu-id="d58e0-104">…</span>` before it is missing.
    pub struct MissingTarget {
        name: "missing-target",
        category: Structure,
        severity: Error,
        summary: "A source span has no target segment before it.",
    }
}

impl Rule for MissingTarget {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (j, seg) in ctx.document.segments.iter().enumerate() {
            if super::unclosed_span::is_split_source(ctx.document, text, j) {
                continue;
            }
            if let (None, Some(source)) = (&seg.target, &seg.source) {
                let range = seg.lookup.map_or(source.open_tag, |l| {
                    crate::text::TextRange::new(l.start(), source.open_tag.end())
                });
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!(
                            "source segment {} has no target span (`<span data-ttu-id=…>`) before it",
                            seg.id_str(text)
                        ),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(source.content, "the English source"),
                );
            }
        }
    }
}
