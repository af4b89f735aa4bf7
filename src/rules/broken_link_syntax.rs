use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::BrokenLinkKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a target link whose Markdown syntax broke in translation:
    /// `[text] (url)` with a space before the URL, `[text](url` never closed, an extra `]`
    /// splitting the text from its URL (`[te] xt](url)`), and — where the source has more
    /// links than the target — `[text]` with its `(url)` lost, `text](url)` with its `[`
    /// lost, or `[text` with its `](url)` lost.
    ///
    /// ## Why it matters
    /// Markdown does not render a broken link: readers see brackets and a raw URL, or
    /// lose the link altogether.
    ///
    /// ## Example
    /// ```markdown
    /// 자세한 내용은 [장치 쓰기 저장 사용] (https://docs.microsoft.com/…)을 참조하세요.
    /// ```
    pub struct BrokenLinkSyntax {
        name: "broken-link-syntax",
        category: Links,
        severity: Error,
        summary: "A target link's Markdown syntax is broken.",
    }
}

impl Rule for BrokenLinkSyntax {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let lost_links = source.inlines.links.len() > target.inlines.links.len();
            for broken in &target.inlines.broken_links {
                let message = match broken.kind {
                    BrokenLinkKind::SpaceBeforeUrl => {
                        "a space between `]` and `(` breaks this link"
                    }
                    BrokenLinkKind::UnclosedUrl => "this link's `(url` is never closed with `)`",
                    BrokenLinkKind::NoUrl if lost_links => "this link text lost its `(url)`",
                    BrokenLinkKind::MissingOpenBracket if lost_links => {
                        "this link lost its opening `[`"
                    }
                    BrokenLinkKind::UnclosedText if lost_links => {
                        "this link text is never closed with `](url)`"
                    }
                    BrokenLinkKind::ExtraBracket => {
                        "an extra `]` splits this link's text from its URL"
                    }
                    _ => continue,
                };
                // Brackets the source writes the same way are text, not a broken link.
                let written = broken.range.slice(text);
                if matches!(broken.kind, BrokenLinkKind::NoUrl)
                    && source.raw(text).contains(written)
                {
                    continue;
                }
                let mut d = Diagnostic::new(&Self::META, broken.range, message)
                    .with_segment(seg.id_str(text));
                let url = broken.url.map(|u| u.slice(text));
                let source_link = source
                    .inlines
                    .links
                    .iter()
                    .find(|l| Some(l.url.slice(text)) == url)
                    .or_else(|| source.inlines.links.first());
                if let Some(l) = source_link {
                    d = d.with_label(l.range, "the source's link");
                }
                out.push(d);
            }
        }
    }
}
