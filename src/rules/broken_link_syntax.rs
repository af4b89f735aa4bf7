use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{BrokenLink, BrokenLinkKind, Link, SegmentText};
use crate::rule::{Context, Rule};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a target link whose Markdown syntax broke in translation:
    /// `[text] (url)` with a space before the URL, `[text](url` never closed, an extra `]`
    /// splitting the text from its URL (`[te] xt](url)`), and — where the source has more
    /// links than the target — `[text]` with its `(url)` lost, `text](url)` with its `[`
    /// lost, or `[text` with its `](url)` lost. A break the source has as well (the
    /// same kind, as often) is the source's and is not reported.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
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

fn count(side: &SegmentText, kind: BrokenLinkKind) -> usize {
    side.inlines
        .broken_links
        .iter()
        .filter(|b| b.kind == kind)
        .count()
}

/// The target's broken links this rule reports, with their messages: breaks the source
/// does not share (an inherited defect is the source's), and lost link parts only where
/// the source has more links than the target.
pub(crate) fn reported_breaks<'d>(
    target: &'d SegmentText,
    source: &SegmentText,
    text: &str,
) -> Vec<(&'d BrokenLink, &'static str)> {
    if target.inlines.broken_links.is_empty() {
        return Vec::new();
    }
    let lost_links = source.inlines.links.len() > target.inlines.links.len();
    let source_raw = source.raw(text);
    // A segment may hold thousands of broken links: each side's kinds are counted once,
    // and the source is searched once per distinct broken text.
    const SHARED_KINDS: [BrokenLinkKind; 3] = [
        BrokenLinkKind::SpaceBeforeUrl,
        BrokenLinkKind::UnclosedUrl,
        BrokenLinkKind::ExtraBracket,
    ];
    let source_has_as_many = SHARED_KINDS.map(|kind| count(source, kind) >= count(target, kind));
    let mut in_source: HashMap<&str, bool> = HashMap::new();
    target
        .inlines
        .broken_links
        .iter()
        .filter_map(|broken| {
            let message = match broken.kind {
                BrokenLinkKind::SpaceBeforeUrl => "a space between `]` and `(` breaks this link",
                BrokenLinkKind::UnclosedUrl => "this link's `(url` is never closed with `)`",
                BrokenLinkKind::ExtraBracket => "an extra `]` splits this link's text from its URL",
                BrokenLinkKind::NoUrl if lost_links => "this link text lost its `(url)`",
                BrokenLinkKind::MissingOpenBracket if lost_links => {
                    "this link lost its opening `[`"
                }
                BrokenLinkKind::UnclosedText if lost_links => {
                    "this link text is never closed with `](url)`"
                }
                _ => return None,
            };
            // A break the source has too (`(https://…(v=exchg.141).` never closed there
            // either) is the source's, however the link text was translated.
            let kind_in_source = SHARED_KINDS
                .iter()
                .position(|&kind| kind == broken.kind)
                .is_some_and(|i| source_has_as_many[i]);
            // `](url)` alone is a fragment of every source link, not a shared defect.
            let inherited = kind_in_source
                || (broken.kind != BrokenLinkKind::MissingOpenBracket && {
                    let broken_text = broken.range.slice(text);
                    *in_source
                        .entry(broken_text)
                        .or_insert_with(|| source_raw.contains(broken_text))
                });
            (!inherited).then_some((broken, message))
        })
        .collect()
}

impl Rule for BrokenLinkSyntax {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            // The source's first link to each URL, looked up rather than searched for
            // per broken link.
            let mut source_by_url: Option<HashMap<&str, &Link>> = None;
            for (broken, message) in reported_breaks(target, source, text) {
                let mut d = Diagnostic::new(&Self::META, broken.range, message)
                    .with_segment(seg.id_str(text));
                let source_by_url = source_by_url.get_or_insert_with(|| {
                    super::link_url_mismatch::first_link_by_url(source, text)
                });
                let source_link = broken
                    .url
                    .and_then(|u| source_by_url.get(u.slice(text)).copied())
                    .or_else(|| source.inlines.links.first());
                if let Some(l) = source_link {
                    d = d.with_label(l.range, "the source's link");
                }
                out.push(d);
            }
        }
    }
}
