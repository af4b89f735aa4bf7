use super::link_url_mismatch::normalize_url;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Link;
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::borrow::Cow;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a link in a target segment whose text is empty, `[](url)`, while the source
    /// gives that link text.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// A link with no text is invisible: readers cannot see or click it, and screen readers
    /// announce a bare URL. The words that should carry the link usually drifted elsewhere
    /// in the sentence during translation.
    ///
    /// ## Example
    /// ```markdown
    /// 조건부 액세스에 대한 자세한 [](https://docs.microsoft.com/…/overview) 내용은 …
    /// ```
    /// The source has `[Managing Risk with Conditional Access](https://docs.microsoft.com/…/overview)`.
    pub struct EmptyLinkText {
        name: "empty-link-text",
        category: Links,
        severity: Error,
        summary: "A target link has empty text where the source has text.",
    }
}

impl Rule for EmptyLinkText {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            // A segment may hold thousands of links: a link's place in the target and the
            // source's first link to its URL are looked up, built once an empty one shows.
            let mut place_by_range: Option<HashMap<TextRange, usize>> = None;
            let mut source_by_url: Option<HashMap<Cow<str>, &Link>> = None;
            for link in &target.inlines.links {
                if link.image || link.autolink || !link.text.slice(text).trim().is_empty() {
                    continue;
                }
                let place_by_range = place_by_range.get_or_insert_with(|| {
                    let mut first = HashMap::new();
                    for (i, l) in target.inlines.links.iter().enumerate() {
                        first.entry(l.range).or_insert(i);
                    }
                    first
                });
                let source_by_url = source_by_url.get_or_insert_with(|| {
                    let mut first = HashMap::new();
                    for l in &source.inlines.links {
                        first.entry(normalize_url(l.url.slice(text))).or_insert(l);
                    }
                    first
                });
                let url = link.url.slice(text);
                let wanted = normalize_url(url);
                // The source link with the same URL (locale folders aside), else the source
                // link at the same position when both sides have as many links.
                let links = &target.inlines.links;
                // The first link at its range is the first equal one, when it is equal.
                let position = match place_by_range.get(&link.range) {
                    Some(&i) if links[i] == *link => Some(i),
                    _ => links.iter().position(|l| l == link),
                };
                let same_count = source.inlines.links.len() == target.inlines.links.len();
                let source_link = source_by_url
                    .get(&wanted)
                    .copied()
                    .or_else(|| {
                        position
                            .filter(|_| same_count)
                            .and_then(|p| source.inlines.links.get(p))
                    })
                    .filter(|l| !l.text.slice(text).trim().is_empty());
                let Some(source_link) = source_link else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        link.range,
                        format!("link to `{url}` has empty text"),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(source_link.text, "the source's link text"),
                );
            }
        }
    }
}
