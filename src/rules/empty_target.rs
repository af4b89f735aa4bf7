use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a target segment that is empty (or only white space and invisible characters
    /// such as zero-width spaces) while its English source has text.
    ///
    /// ## Why it matters
    /// The reader sees nothing where the source says something: a sentence, a step or a
    /// heading has silently disappeared from the localized article.
    ///
    /// ## Example
    /// ```html
    /// <span data-ttu-id="d58e0-107"></span><span class="sxs-lookup"><span data-stu-id="d58e0-107">This provides additional security.</span></span>
    /// ```
    pub struct EmptyTarget {
        name: "empty-target",
        category: Structure,
        severity: Error,
        summary: "A target segment is empty while its source is not.",
    }
}

/// White space and invisible characters only (zero-width spaces and joiners, BOM).
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
    })
}

impl Rule for EmptyTarget {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if is_blank(target.plain(text)) && !is_blank(source.plain(text)) {
                let range = if target.content.is_empty() {
                    target
                        .open_tag
                        .cover(target.close_tag.unwrap_or(target.open_tag))
                } else {
                    target.content
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!("target segment {} is empty", seg.id_str(text)),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(source.content, "the source has text"),
                );
            }
        }
    }
}
