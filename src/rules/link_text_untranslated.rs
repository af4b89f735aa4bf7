use super::english::{self, Token};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt::{self, DntList};
use crate::document::{Link, SegmentText};
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a target link whose text was left in English, wholly or mostly (English
    /// words around a translated one), while the rest of the segment is translated. Names
    /// from the do-not-translate list, acronyms, code, URLs and file names in link text are
    /// not English words here; a link text of names only is not reported, nor a
    /// capitalized name (`Exchange [Team Blog](…)`, few ordinary words), nor an English
    /// title followed by its translation in parentheses. Runs only where the profile says
    /// the locale's letters are not Latin (`latin_is_foreign`: Korean, Chinese, Thai,
    /// Arabic, Cyrillic…) and skips the terms the locale keeps in Latin letters
    /// (`names.kept_english`); quiet in Latin-script and unknown locales.
    ///
    /// ## Why it matters
    /// Link text tells readers where a link goes; the title of the linked article left in
    /// English (or half-translated) in a translated sentence is unreadable for them and
    /// shows that machine translation skipped the link.
    ///
    /// ## Example
    /// `如需…的詳細資訊，請參閱 [Enable Device 回寫](…)。` for *see [Enable Device
    /// Writeback](…)*: `Enable Device` is left in English.
    pub struct LinkTextUntranslated {
        name: "link-text-untranslated",
        category: Links,
        severity: Warning,
        summary: "A target link's text is left in English in a translated segment.",
        locale: "Reads the writing system (whether its letters are Latin) and `names.kept_english`. Quiet in Latin-script and unknown locales.",
    }
}

/// The translation given after the link in parentheses: `[Create and manage SharePoint
/// groups](…)（创建并管理 SharePoint 组）`; the English title is a gloss. `prose` is the
/// target's prose, which starts at `base`.
pub(super) fn is_glossed(profile: &LocaleProfile, prose: &str, base: usize, link: &Link) -> bool {
    let after_link = prose
        .get(link.range.end().saturating_sub(base)..)
        .unwrap_or("")
        .trim_start_matches(' ');
    after_link.strip_prefix(['(', '（']).is_some_and(|a| {
        let inner = a.split([')', '）']).next().unwrap_or("");
        inner.len() < a.len() && english::has_native(profile, inner)
    })
}

/// The English part of a target link's text (absolute range) when the link text is left
/// in English in an otherwise translated segment. Shared with `untranslated-words`, which
/// leaves such link texts to this rule.
pub(super) fn english_link_text(
    profile: &LocaleProfile,
    list: &DntList,
    text: &str,
    target: &SegmentText,
    source: &SegmentText,
    link: &Link,
) -> Option<TextRange> {
    if link.image || link.autolink || link.text.is_empty() {
        return None;
    }
    let base = target.content.start();
    let prose = target.prose(text);
    let (ts, te) = (link.text.start() - base, link.text.end() - base);
    let outside = format!("{}{}", &prose[..ts], &prose[te..]);
    if !english::has_native(profile, &outside) {
        return None;
    }
    let inside = &prose[ts..te];
    if is_glossed(profile, &prose, base, link) {
        return None;
    }
    let mut shield: Vec<(usize, usize)> = list
        .find_ignore_case(inside)
        .iter()
        .map(|m| (m.start, m.end))
        .collect();
    shield.extend(english::kept_terms(profile, inside));
    let words: Vec<Token> = english::tokens(inside)
        .into_iter()
        .filter(|t| t.is_word())
        .filter(|t| !shield.iter().any(|&(s, e)| t.start < e && s < t.end))
        .collect();
    let common = words.iter().filter(|t| t.is_common()).count();
    if words.len() < 2 || common < 2 || words.len() <= english::native_words(profile, inside) {
        return None;
    }
    if !english::looks_english(&source.prose(text)) {
        return None;
    }
    // The English words come from the source: at least two of them are there.
    let source_lower = source.prose(text).to_lowercase();
    let from_source = words
        .iter()
        .filter(|t| {
            let w = inside[t.start..t.end].to_lowercase();
            source_lower
                .match_indices(&w)
                .any(|(i, _)| dnt::latin_boundary(&source_lower, i, i + w.len()))
        })
        .count();
    if from_source < 2 {
        return None;
    }
    let (first, last) = (words.first()?, words.last()?);
    let title_like = words
        .iter()
        .all(|t| t.is_capitalized(inside) || english::is_connector(&inside[t.start..t.end]));
    if title_like {
        // A capitalized name after a product name or acronym: `Microsoft Easy Fix`,
        // `Exchange Remote Connectivity Analyzer`, `AAD Domain Service`; also when the
        // product name stands just before the link (`Exchange [Team Blog](…)`).
        let before = inside[..first.start].trim_end_matches(' ');
        let after_name = before.len() < first.start
            && (shield.iter().any(|&(_, e)| e == before.len())
                || english::tokens(before).last().is_some_and(|t| {
                    t.end == before.len() && t.kind == english::WordKind::Neutral
                }));
        let outside_before = prose[..ts].trim_end_matches(['[', ' ']);
        let name_before_link = first.start == 0
            && outside_before.len() < ts
            && list
                .find_ignore_case(outside_before)
                .iter()
                .any(|m| m.end == outside_before.len());
        // A name of capitalized words has few ordinary words (`Video Interop for`); a
        // title has at least two (`Create a Flow`, `Purchase Services`).
        let ordinary = words
            .iter()
            .filter(|t| {
                t.is_common() && !english::is_connector(&inside[t.start..t.end].to_lowercase())
            })
            .count();
        if after_name || name_before_link || ordinary < 2 {
            return None;
        }
        // A capitalized name inside a lowercase source link text (`Test Device Registration
        // Connectivity script`) is a name; a whole capitalized title is not.
        let url = link.url.slice(text);
        let source_link = source
            .inlines
            .links
            .iter()
            .find(|l| l.url.slice(text) == url)?;
        let source_prose = source.prose(text);
        let sb = source.content.start();
        let st = &source_prose[source_link.text.start() - sb..source_link.text.end() - sb];
        let lowercase_words = english::tokens(st).iter().any(|t| {
            t.is_word() && !t.is_capitalized(st) && !english::is_connector(&st[t.start..t.end])
        });
        // `Microsoft Open [License Program](…)`: the name begins before the link.
        let before = source_prose[..source_link.range.start() - sb].trim_end_matches(' ');
        let name_before = before.len() < source_link.range.start() - sb
            && english::tokens(before).last().is_some_and(|t| {
                t.end == before.len()
                    && (t.is_capitalized(before) || t.kind == english::WordKind::Neutral)
                    && !dnt::is_sentence_start(before, t.start)
            });
        if lowercase_words || name_before {
            return None;
        }
    }
    Some(TextRange::new(first.start, last.end).offset(link.text.start()))
}

impl Rule for LinkTextUntranslated {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.profile.latin_is_foreign() {
            return;
        }
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            for link in &target.inlines.links {
                let Some(range) =
                    english_link_text(ctx.profile, ctx.dnt, text, target, source, link)
                else {
                    continue;
                };
                let url = link.url.slice(text);
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!("link text is left in English: \"{}\"", range.slice(text)),
                )
                .with_segment(seg.id_str(text));
                if let Some(s) = source
                    .inlines
                    .links
                    .iter()
                    .find(|l| l.url.slice(text) == url)
                {
                    d = d.with_label(s.text, "the source's link text");
                }
                out.push(d);
            }
        }
    }
}
