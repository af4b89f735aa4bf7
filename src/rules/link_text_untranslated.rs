use super::english::{self, Token};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt::{self, DntList};
use crate::document::{Link, SegmentText};
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

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

/// What the link texts of one segment are read against, made once per segment: every
/// link of a segment is judged against the same target and source, and reading them
/// again per link would cost the segment's length per link (quadratic in a segment of
/// thousands of links).
pub(super) struct SegmentLinks<'a> {
    profile: &'a LocaleProfile,
    list: &'a DntList,
    text: &'a str,
    source: &'a SegmentText,
    /// The target's prose, which starts at `base`.
    prose: &'a str,
    base: usize,
    /// Where the first letter of the locale's script starts in `prose`, and the last.
    natives: OnceCell<(Option<usize>, Option<usize>)>,
    /// Where each `)` or `）` of `prose` starts.
    closes: OnceCell<Vec<usize>>,
    source_prose: OnceCell<Cow<'a, str>>,
    source_english: OnceCell<bool>,
    source_lower: OnceCell<String>,
    /// Whether a lowercase word stands in the source as a word of its own, per word asked.
    in_source: RefCell<HashMap<String, bool>>,
    /// The first source link of each URL.
    source_links: OnceCell<HashMap<&'a str, &'a Link>>,
    /// Source links (by start) whose text is a name ([`Self::source_link_is_name`]).
    source_link_names: RefCell<HashMap<usize, bool>>,
}

impl<'a> SegmentLinks<'a> {
    /// `prose` is the target's (`SegmentText::prose`).
    pub fn new(
        profile: &'a LocaleProfile,
        list: &'a DntList,
        text: &'a str,
        target: &'a SegmentText,
        source: &'a SegmentText,
        prose: &'a str,
    ) -> SegmentLinks<'a> {
        SegmentLinks {
            profile,
            list,
            text,
            source,
            prose,
            base: target.content.start(),
            natives: OnceCell::new(),
            closes: OnceCell::new(),
            source_prose: OnceCell::new(),
            source_english: OnceCell::new(),
            source_lower: OnceCell::new(),
            in_source: RefCell::new(HashMap::new()),
            source_links: OnceCell::new(),
            source_link_names: RefCell::new(HashMap::new()),
        }
    }

    fn source_prose(&self) -> &str {
        self.source_prose
            .get_or_init(|| self.source.prose(self.text))
    }

    /// Whether the locale's script has a letter in `prose[..end]` or `prose[start..]`.
    fn native_outside(&self, end: usize, start: usize) -> bool {
        let (first, last) = *self.natives.get_or_init(|| {
            let native = |(_, c): &(usize, char)| self.profile.is_native_letter(*c);
            let first = self.prose.char_indices().find(native).map(|(i, _)| i);
            let last = self.prose.char_indices().rev().find(native).map(|(i, _)| i);
            (first, last)
        });
        first.is_some_and(|i| i < end) || last.is_some_and(|i| i >= start)
    }

    /// Whether `w` (lowercase) stands in the lowercased source on Latin word boundaries.
    fn in_source(&self, w: &str) -> bool {
        if let Some(&known) = self.in_source.borrow().get(w) {
            return known;
        }
        let lower = self
            .source_lower
            .get_or_init(|| self.source_prose().to_lowercase());
        let found = lower
            .match_indices(w)
            .any(|(i, _)| dnt::latin_boundary(lower, i, i + w.len()));
        self.in_source.borrow_mut().insert(w.to_string(), found);
        found
    }

    /// The translation given after the link in parentheses: `[Create and manage SharePoint
    /// groups](…)（创建并管理 SharePoint 组）`; the English title is a gloss.
    pub fn is_glossed(&self, link: &Link) -> bool {
        let from = link.range.end().saturating_sub(self.base);
        let after_link = self.prose.get(from..).unwrap_or("").trim_start_matches(' ');
        let Some(a) = after_link.strip_prefix(['(', '（']) else {
            return false;
        };
        // The text up to the next closing parenthesis (none: no gloss).
        let open_end = self.prose.len() - a.len();
        let closes = self.closes.get_or_init(|| {
            self.prose
                .char_indices()
                .filter(|&(_, c)| matches!(c, ')' | '）'))
                .map(|(i, _)| i)
                .collect()
        });
        let k = closes.partition_point(|&c| c < open_end);
        closes
            .get(k)
            .is_some_and(|&close| english::has_native(self.profile, &self.prose[open_end..close]))
    }

    /// The English part of a target link's text (absolute range) when the link text is
    /// left in English in an otherwise translated segment. Shared with
    /// `untranslated-words`, which leaves such link texts to this rule.
    pub fn english_link_text(&self, link: &Link) -> Option<TextRange> {
        if link.image || link.autolink || link.text.is_empty() {
            return None;
        }
        let (profile, list, text) = (self.profile, self.list, self.text);
        let prose = self.prose;
        let (ts, te) = (link.text.start() - self.base, link.text.end() - self.base);
        if !self.native_outside(ts, te) {
            return None;
        }
        let inside = &prose[ts..te];
        if self.is_glossed(link) {
            return None;
        }
        let mut shield: Vec<(usize, usize)> = list
            .find_ignore_case(inside)
            .iter()
            .map(|m| (m.start, m.end))
            .collect();
        shield.extend(english::kept_terms(profile, inside));
        let shielded = crate::text::SortedRanges::new(shield.clone());
        let words: Vec<Token> = english::tokens(inside)
            .into_iter()
            .filter(|t| t.is_word())
            .filter(|t| !shielded.overlaps(t.start, t.end))
            .collect();
        let common = words.iter().filter(|t| t.is_common()).count();
        if words.len() < 2 || common < 2 || words.len() <= english::native_words(profile, inside) {
            return None;
        }
        if !*self
            .source_english
            .get_or_init(|| english::looks_english(self.source_prose()))
        {
            return None;
        }
        // The English words come from the source: at least two of them are there.
        let from_source = words
            .iter()
            .filter(|t| self.in_source(&inside[t.start..t.end].to_lowercase()))
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
                && ends_with_name(list, outside_before);
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
            // A capitalized name inside a lowercase source link text (`Test Device
            // Registration Connectivity script`) is a name; a whole capitalized title is not.
            let source_link = self.source_link(link.url.slice(text))?;
            if self.source_link_is_name(source_link) {
                return None;
            }
        }
        Some(TextRange::new(first.start, last.end).offset(link.text.start()))
    }

    /// Whether a source link's text is a capitalized name: one inside a lowercase link
    /// text (`Test Device Registration Connectivity script`), or one that begins before
    /// the link (`Microsoft Open [License Program](…)`). Read once per source link: many
    /// target links may point where one long source link does.
    fn source_link_is_name(&self, source_link: &Link) -> bool {
        let key = source_link.range.start();
        if let Some(&named) = self.source_link_names.borrow().get(&key) {
            return named;
        }
        let source_prose = self.source_prose();
        let sb = self.source.content.start();
        let st = &source_prose[source_link.text.start() - sb..source_link.text.end() - sb];
        let lowercase_words = english::tokens(st).iter().any(|t| {
            t.is_word() && !t.is_capitalized(st) && !english::is_connector(&st[t.start..t.end])
        });
        let before = source_prose[..source_link.range.start() - sb].trim_end_matches(' ');
        let name_before = before.len() < source_link.range.start() - sb
            && english::last_token(before).is_some_and(|t| {
                t.end == before.len()
                    && (t.is_capitalized(before) || t.kind == english::WordKind::Neutral)
                    && !dnt::is_sentence_start(before, t.start)
            });
        let named = lowercase_words || name_before;
        self.source_link_names.borrow_mut().insert(key, named);
        named
    }

    /// The first source link to `url`.
    pub fn source_link(&self, url: &str) -> Option<&'a Link> {
        let text = self.text;
        self.source_links
            .get_or_init(|| {
                let mut by_url = HashMap::new();
                for l in &self.source.inlines.links {
                    by_url.entry(l.url.slice(text)).or_insert(l);
                }
                by_url
            })
            .get(url)
            .copied()
    }
}

/// Whether a do-not-translate name ends `s` (`Exchange` before `[Team Blog](…)`): looked
/// for in the end of `s` only, twice as long as the longest name and a character more, so
/// that a longer name overlapping it, which would win, is seen too.
fn ends_with_name(list: &DntList, s: &str) -> bool {
    let mut from = s.len().saturating_sub(2 * list.longest_name() + 4);
    while !s.is_char_boundary(from) {
        from -= 1;
    }
    let tail = &s[from..];
    list.find_ignore_case(tail)
        .iter()
        .any(|m| m.end == tail.len() && (m.start > 0 || from == 0))
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
            if target.inlines.links.is_empty() {
                continue;
            }
            let prose = target.prose(text);
            let links = SegmentLinks::new(ctx.profile, ctx.dnt, text, target, source, &prose);
            for link in &target.inlines.links {
                let Some(range) = links.english_link_text(link) else {
                    continue;
                };
                let url = link.url.slice(text);
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!("link text is left in English: \"{}\"", range.slice(text)),
                )
                .with_segment(seg.id_str(text));
                if let Some(s) = links.source_link(url) {
                    d = d.with_label(s.text, "the source's link text");
                }
                out.push(d);
            }
        }
    }
}
