use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a target whose `data-ttu-id` differs from the `data-stu-id` of the source
    /// that follows it.
    ///
    /// ## Why it matters
    /// IDs tie a translation to its source segment. A mismatch means segments were moved
    /// or merged by hand: the translation memory will attach this text to the wrong source.
    ///
    /// ## Example
    /// ```html
    /// <span data-ttu-id="d58e0-105">…</span><span class="sxs-lookup"><span data-stu-id="d58e0-106">…</span></span>
    /// ```
    pub struct IdMismatch {
        name: "id-mismatch",
        category: Structure,
        severity: Error,
        summary: "A target's data-ttu-id differs from its source's data-stu-id.",
    }
}

impl Rule for IdMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let (t, s) = (target.id.as_str(text), source.id.as_str(text));
            if t != s {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        source.id.range,
                        format!("source ID `{s}` does not match target ID `{t}`"),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(target.id.range, "target ID"),
                );
            }
        }
    }
}
