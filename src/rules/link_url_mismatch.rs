use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Link, SegmentText};
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

declare_rule! {
    /// ## What it does
    /// Compares the link and image URLs of a target segment with those of its source, as
    /// multisets (order may change in translation), and reports the URLs that are missing
    /// from the target and the ones it has in excess. A locale folder in the URL
    /// (`/en-us/` in the source, `/ko-kr/` in the target) counts as the same URL.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// A changed, truncated or swapped URL sends readers to the wrong page or to a 404,
    /// and nothing in the rendered article shows it.
    ///
    /// ## Example
    /// Source `see [Enable Device Writeback](https://docs.microsoft.com/a/how-to)`, target
    /// `[…](https://docs.microsoft.com/a/how-t)`: `https://docs.microsoft.com/a/how-to` is
    /// missing and `https://docs.microsoft.com/a/how-t` is extra.
    pub struct LinkUrlMismatch {
        name: "link-url-mismatch",
        category: Links,
        severity: Error,
        summary: "The target's link URLs differ from the source's.",
    }
}

/// The URL with a locale path segment (`en-us`, `ko-kr`, `zh-hant-tw`) made neutral.
pub(crate) fn normalize_url(url: &str) -> Cow<'_, str> {
    let url = url.trim();
    // Markdown decodes character references in destinations: `&amp;` is `&`.
    if url.contains('&')
        && let Some(decoded) = crate::document::html::decode_entities(url)
    {
        return Cow::Owned(normalize_url(&decoded).into_owned());
    }
    let (head, path) = match url.find("://") {
        Some(i) => {
            let after = i + 3;
            let slash = url[after..].find('/').map_or(url.len(), |j| after + j);
            (&url[..slash], &url[slash..])
        }
        None => ("", url),
    };
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or("");
    let second = segments.next();
    let is_locale = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        (2..=3).contains(&parts.len())
            && parts[0].len() == 2
            && parts
                .iter()
                .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()))
    };
    match second {
        Some(seg) if first.is_empty() && is_locale(seg) => {
            let rest = &path[1 + seg.len()..];
            Cow::Owned(format!("{head}/{{locale}}{rest}"))
        }
        _ => Cow::Borrowed(url),
    }
}

/// Each URL of a side's links (as written) with its first link: a segment may hold
/// thousands of links, and a rule asking for the link to a URL looks it up here rather
/// than scanning them.
pub(crate) fn first_link_by_url<'d>(
    side: &'d SegmentText,
    text: &'d str,
) -> HashMap<&'d str, &'d Link> {
    let mut first = HashMap::new();
    for link in &side.inlines.links {
        first.entry(link.url.slice(text)).or_insert(link);
    }
    first
}

fn urls<'t>(side: &SegmentText, text: &'t str) -> Vec<(Cow<'t, str>, TextRange)> {
    side.inlines
        .links
        .iter()
        .map(|l| (normalize_url(l.url.slice(text)), l.url))
        .collect()
}

/// Pairs each target URL with the first unpaired source URL equal to it, the source's
/// list losing a paired URL by a swap with its last one; returns the unpaired source URLs
/// (indices, in that list's final order) and the unpaired target URLs.
///
/// A segment may hold thousands of links: the first one of a URL comes from the positions
/// of each URL in the list, kept as it changes, not from scanning the list.
fn unpaired(
    source: &[(Cow<'_, str>, TextRange)],
    target: &[(Cow<'_, str>, TextRange)],
) -> (Vec<usize>, Vec<usize>) {
    let mut list: Vec<usize> = (0..source.len()).collect();
    let mut positions: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for (i, (url, _)) in source.iter().enumerate() {
        positions.entry(url.as_ref()).or_default().insert(i);
    }
    let mut extra = Vec::new();
    for (t, (url, _)) in target.iter().enumerate() {
        let Some(at) = positions
            .get_mut(url.as_ref())
            .and_then(BTreeSet::pop_first)
        else {
            extra.push(t);
            continue;
        };
        let last = list.len() - 1;
        if at != last {
            let moved = positions
                .get_mut(source[list[last]].0.as_ref())
                .expect("every listed URL has its positions");
            moved.remove(&last);
            moved.insert(at);
        }
        list.swap_remove(at);
    }
    (list, extra)
}

impl Rule for LinkUrlMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.links.is_empty() && source.inlines.links.is_empty() {
                continue;
            }
            // An empty target is empty-target's; a broken link is broken-link-syntax's.
            if target.plain(text).trim().is_empty()
                || !super::broken_link_syntax::reported_breaks(target, source, text).is_empty()
            {
                continue;
            }
            let source_urls = urls(source, text);
            let target_urls = urls(target, text);
            let (missing, extra) = unpaired(&source_urls, &target_urls);
            let mut missing: Vec<_> = missing.into_iter().map(|i| &source_urls[i]).collect();
            let extra: Vec<_> = extra.into_iter().map(|i| &target_urls[i]).collect();
            if missing.is_empty() && extra.is_empty() {
                continue;
            }
            missing.sort_by_key(|(_, r)| *r);
            let quote = |v: &[&(Cow<str>, TextRange)]| {
                v.iter()
                    .map(|(_, r)| format!("`{}`", r.slice(text)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let message = match (missing.is_empty(), extra.is_empty()) {
                (false, false) => format!(
                    "link URL differs from the source: missing {}, extra {}",
                    quote(&missing),
                    quote(&extra)
                ),
                (false, true) => format!("target lacks the source's link URL {}", quote(&missing)),
                (true, false) => format!(
                    "target has a link URL the source does not: {}",
                    quote(&extra)
                ),
                (true, true) => unreachable!(),
            };
            let range = extra.first().map_or(target.content, |(_, r)| *r);
            let mut d = Diagnostic::new(&Self::META, range, message).with_segment(seg.id_str(text));
            for (_, r) in &extra[extra.len().min(1)..] {
                d = d.with_label(*r, "extra URL");
            }
            for (_, r) in &missing {
                d = d.with_label(*r, "source URL missing from the target");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize_url, unpaired};
    use crate::random::Random;
    use crate::text::TextRange;
    use std::borrow::Cow;

    /// The pairing as it was written first: a scan of the source list per target URL.
    fn plain_unpaired(
        source: &[(Cow<'_, str>, TextRange)],
        target: &[(Cow<'_, str>, TextRange)],
    ) -> (Vec<usize>, Vec<usize>) {
        let mut missing: Vec<usize> = (0..source.len()).collect();
        let mut extra = Vec::new();
        for (t, (url, _)) in target.iter().enumerate() {
            match missing.iter().position(|&m| source[m].0 == *url) {
                Some(i) => {
                    missing.swap_remove(i);
                }
                None => extra.push(t),
            }
        }
        (missing, extra)
    }

    #[test]
    fn pairing_by_positions_answers_as_scanning_the_list() {
        let mut random = Random::new(5);
        let side = |random: &mut Random| -> Vec<(Cow<'static, str>, TextRange)> {
            (0..random.below(12))
                .map(|i| {
                    (
                        Cow::Borrowed(["a", "b", "c", "d"][random.below(4)]),
                        TextRange::empty(i),
                    )
                })
                .collect()
        };
        let mut reordered = 0;
        for _ in 0..20_000 {
            let (source, target) = (side(&mut random), side(&mut random));
            let (missing, extra) = unpaired(&source, &target);
            assert_eq!(
                (missing.clone(), extra),
                plain_unpaired(&source, &target),
                "{source:?} {target:?}"
            );
            reordered += usize::from(missing.windows(2).any(|w| w[0] > w[1]));
        }
        assert!(reordered > 1_000, "{reordered} reordered lists");
    }

    #[test]
    fn locale_folders_are_neutral() {
        assert_eq!(
            normalize_url("https://docs.microsoft.com/en-us/azure/x"),
            "https://docs.microsoft.com/{locale}/azure/x"
        );
        assert_eq!(
            normalize_url("https://support.office.com/ko-kr/article"),
            "https://support.office.com/{locale}/article"
        );
        assert_eq!(normalize_url("/zh-tw/azure"), "/{locale}/azure");
        assert_eq!(
            normalize_url("https://aka.ms/mfasetup"),
            "https://aka.ms/mfasetup"
        );
        assert_eq!(
            normalize_url("https://x.com/azure/en-us"),
            "https://x.com/azure/en-us"
        );
        assert_eq!(
            normalize_url("https://x.com/a?b=1&amp;c=2"),
            "https://x.com/a?b=1&c=2"
        );
    }
}
