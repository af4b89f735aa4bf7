use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Link;
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports two target links with nothing between them, `[a](url1)[b](url2)`, where the
    /// source separates the same two links (by URL) with words such as *and* or *or*. An
    /// empty link (`[](url)`) joins nothing; `empty-link-text` reports it.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// Joined links read as one link whose text runs on, and the word that told readers how
    /// the two relate is lost; translation usually also swapped or split the link texts.
    ///
    /// ## Example
    /// `請參閱[使用 Azure Active Directory 裝置註冊](…/devices/overview)[管理具有條件存取的風險](…)`
    /// for *see [Managing Risk with Conditional Access](…) and [Setting up …](…)*.
    pub struct LinksFused {
        name: "links-fused",
        category: Links,
        severity: Error,
        summary: "Two target links are joined with nothing between them where the source separates them.",
    }
}

impl Rule for LinksFused {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let links: Vec<_> = target
                .inlines
                .links
                .iter()
                .filter(|l| !l.autolink)
                .collect();
            // A segment may hold thousands of links: the source's first link to each URL
            // is looked up, not searched for, and only once two links touch.
            let mut source_by_url: Option<HashMap<&str, &Link>> = None;
            for pair in links.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if a.range.end() != b.range.start() {
                    continue;
                }
                // An empty link renders nothing, so nothing is joined
                // (empty-link-text reports it).
                if a.text.slice(text).trim().is_empty() || b.text.slice(text).trim().is_empty() {
                    continue;
                }
                let (ua, ub) = (a.url.slice(text), b.url.slice(text));
                if ua == ub {
                    continue;
                }
                let source_by_url = source_by_url.get_or_insert_with(|| {
                    super::link_url_mismatch::first_link_by_url(source, text)
                });
                let (Some(&sa), Some(&sb)) = (source_by_url.get(ua), source_by_url.get(ub)) else {
                    continue;
                };
                let (first, second) = if sa.range.start() < sb.range.start() {
                    (sa, sb)
                } else {
                    (sb, sa)
                };
                if first.range.end() > second.range.start() {
                    continue;
                }
                let between = TextRange::new(first.range.end(), second.range.start());
                if !between.slice(text).chars().any(char::is_alphabetic) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        TextRange::new(a.range.end() - 1, b.range.start() + 1),
                        format!(
                            "links to `{ua}` and `{ub}` are joined with nothing between them; the source has \"{}\" between them",
                            between.slice(text).trim()
                        ),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(between, "what separates them in the source"),
                );
            }
        }
    }
}
