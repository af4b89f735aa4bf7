//! Terminology data: per-locale glossaries of concepts (an English term, its preferred
//! rendering and known variants), embedded from `rules/terms/` and extendable by users,
//! and glossaries learned from the aligned text (`loclint terms learn`, or on the fly by
//! `check`; see [`crate::terms`]).

use crate::document::Document;
use crate::locale::{self, LocaleProfile};
use crate::terms::target::Reader;
use crate::text::{SortedRanges, TextRange, keep_longest};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub locale: String,
    /// Written by `loclint terms learn`: renderings are matched as the locale's words
    /// (stems with their endings), and the entries add to a built-in glossary without
    /// replacing its terms.
    #[serde(default)]
    pub learned: bool,
    pub terms: Vec<TermEntry>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub term: String,
    #[serde(default)]
    pub forms: Vec<String>,
    pub preferred: String,
    #[serde(default)]
    pub variants: Vec<String>,
    /// Renderings a reviewer rejected (not translations of the term): never matched.
    #[serde(default)]
    pub wrong: Vec<String>,
    /// What learning saw (counts, examples); not read by the rules.
    #[serde(default)]
    pub seen: Option<serde_yaml::Value>,
    /// Learned (from a learned glossary file, or on the fly).
    #[serde(skip)]
    pub learned: bool,
    /// Learned on the fly by `check`: nobody chose the preferred rendering.
    #[serde(skip)]
    pub on_the_fly: bool,
}

impl TermEntry {
    pub fn new(term: String, preferred: String, variants: Vec<String>) -> TermEntry {
        TermEntry {
            term,
            forms: Vec::new(),
            preferred,
            variants,
            wrong: Vec::new(),
            seen: None,
            learned: false,
            on_the_fly: false,
        }
    }
}

/// Where a target-language rendering may start, from the locale's profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// No spaces between words (Chinese, Japanese, Thai): anywhere.
    Anywhere,
    /// At the start of a word; the rest of the word (a particle, an ending) may follow.
    /// Latin renderings match in any letter case.
    WordStart,
}

impl Boundary {
    pub fn for_profile(profile: &LocaleProfile) -> Boundary {
        match profile.separates_words() {
            Some(false) => Boundary::Anywhere,
            _ => Boundary::WordStart,
        }
    }
}

pub struct Concept {
    pub term: String,
    english_patterns: Vec<String>,
    /// Preferred first, then the variants.
    pub renderings: Vec<String>,
    /// Learned from the aligned text (see [`TermEntry::learned`]).
    pub learned: bool,
    /// Learned on the fly: the "preferred" rendering is only the most used one.
    pub on_the_fly: bool,
}

impl Concept {
    pub fn preferred(&self) -> &str {
        &self.renderings[0]
    }
}

/// A rendering found in a target text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermMatch {
    /// Index into `Concept::renderings` (0 is the preferred one).
    pub rendering: usize,
    /// Byte range within the searched text.
    pub start: usize,
    pub end: usize,
}

/// Learned renderings of languages that separate words: a word matches a rendering's word
/// when that is one of its stems (the word without one of the profile's prefixes and
/// endings), so `устройств` matches `устройства` and `устройством`, `장치` matches `장치를`.
/// A learned rendering indexed by its first word: (concept, rendering, its words with
/// their short stems).
type StemEntry = (usize, usize, Vec<(String, Option<String>)>);

struct StemIndex {
    reader: Reader,
    /// First word of a rendering → (concept, rendering, its words with their short stems).
    by_first: FxHashMap<String, Vec<StemEntry>>,
    hangul: bool,
}

impl StemIndex {
    fn word_of(&self, w: &str) -> (String, Option<String>) {
        let n = self.reader.normalize(w);
        // A rendering written in full (`устройство`) also matches by its stem, when that
        // keeps three letters or more.
        let short = self
            .reader
            .stem_candidates(&n)
            .into_iter()
            .find(|s| *s != n && s.chars().count() >= 3);
        (n, short)
    }

    fn add(&mut self, concept: usize, rendering: usize, text: &str) {
        let words: Vec<(String, Option<String>)> =
            text.split_whitespace().map(|w| self.word_of(w)).collect();
        if words.is_empty() {
            return;
        }
        let mut keys = vec![words[0].0.clone()];
        keys.extend(words[0].1.clone());
        for k in keys {
            self.by_first
                .entry(k)
                .or_default()
                .push((concept, rendering, words.clone()));
        }
    }

    /// Matches of the given concepts (sorted) in a text: (start, end, concept, rendering).
    fn find(&self, text: &str, concepts: &[usize], out: &mut Vec<(usize, usize, usize, usize)>) {
        let mut toks = Vec::new();
        self.reader.tokenize(text, &mut toks);
        if toks.is_empty() {
            return;
        }
        // Stems are computed only for the tokens a match needs.
        let mut stems: Vec<Option<Vec<String>>> = vec![None; toks.len()];
        let stems_of = |i: usize, stems: &mut Vec<Option<Vec<String>>>| {
            if stems[i].is_none() {
                let t = toks[i];
                stems[i] = Some(
                    self.reader.stem_candidates(
                        &self
                            .reader
                            .normalize(&text[t.start as usize..t.end as usize]),
                    ),
                );
            }
        };
        let mut seen = rustc_hash::FxHashSet::default();
        for i in 0..toks.len() {
            stems_of(i, &mut stems);
            let firsts = stems[i].clone().unwrap_or_default();
            for s in &firsts {
                let Some(list) = self.by_first.get(s) else {
                    continue;
                };
                for (concept, rendering, words) in list {
                    if concepts.binary_search(concept).is_err() {
                        continue;
                    }
                    let last = i + words.len() - 1;
                    if last >= toks.len() || toks[last].chunk != toks[i].chunk {
                        continue;
                    }
                    let fits = words.iter().enumerate().all(|(k, w)| {
                        stems_of(i + k, &mut stems);
                        stems[i + k]
                            .as_ref()
                            .is_some_and(|c| c.iter().any(|s| *s == w.0 || w.1.as_ref() == Some(s)))
                    });
                    if !fits {
                        continue;
                    }
                    let start = toks[i].start as usize;
                    let t = toks[last];
                    let mut end = t.end as usize;
                    if self.hangul {
                        // Korean: the particle after the word is not part of the term.
                        let w = &words[words.len() - 1].0;
                        let word = &text[t.start as usize..t.end as usize];
                        if word.starts_with(w.as_str()) {
                            end = t.start as usize + w.len();
                        }
                    }
                    if in_identifier(text, start, t.end as usize) {
                        continue;
                    }
                    if seen.insert((start, end, *concept, *rendering)) {
                        out.push((start, end, *concept, *rendering));
                    }
                }
            }
        }
    }
}

pub struct Glossary {
    pub locale: String,
    pub boundary: Boundary,
    pub concepts: Vec<Concept>,
    /// All English terms and forms, for finding which concepts a source mentions.
    english_any: AhoCorasick,
    english_owner: Vec<usize>,
    english_patterns: Vec<String>,
    /// All renderings matched as text: (concept, rendering) of each pattern.
    target: AhoCorasick,
    target_owner: Vec<(usize, usize)>,
    target_patterns: Vec<String>,
    /// Learned renderings matched as words (languages with spaces).
    stems: Option<StemIndex>,
    /// Hand-written Latin renderings match in any letter case only where Latin is the
    /// locale's own script.
    latin: bool,
}

/// Letters, digits and `_`, which joins the parts of an identifier
/// (`Regex_usa_bank_account_number`, `Keyword_usa_Bank_Account`): a term inside one is a
/// name to keep as written, not a word of the prose.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `start..end` is a part of an identifier (`Keyword_usa_Bank_Account`).
fn in_identifier(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('_') || text[end..].starts_with('_')
}

impl Glossary {
    pub fn from_yaml(yaml: &str) -> Result<Glossary, String> {
        let file: GlossaryFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        let learned = file.learned;
        let entries = file
            .terms
            .into_iter()
            .map(|mut e| {
                e.learned = learned;
                e
            })
            .collect();
        Glossary::new(file.locale, entries)
    }

    pub fn new(locale: String, entries: Vec<TermEntry>) -> Result<Glossary, String> {
        let profile = locale::builtin().resolve(&locale);
        let boundary = Boundary::for_profile(&profile);
        let latin = !profile.latin_is_foreign();
        let mut concepts = Vec::with_capacity(entries.len());
        let mut all_english = Vec::new();
        let mut english_owner = Vec::new();
        let mut target_patterns = Vec::new();
        let mut target_owner = Vec::new();
        let spaced = profile.separates_words() != Some(false);
        let mut stems: Option<StemIndex> = None;
        let mut reader: Option<Reader> = None;
        for entry in entries {
            if entry.term.trim().is_empty() || entry.preferred.trim().is_empty() {
                return Err(format!(
                    "a term in the {locale} glossary has an empty term or preferred rendering"
                ));
            }
            // Lowercase entries match any case; capitalized ones (product and UI names such
            // as "Device Manager") match only as written.
            let mut english: Vec<String> = vec![entry.term.clone()];
            english.extend(entry.forms.iter().cloned());
            if entry.learned {
                // `policy` also stands for `policies`.
                let extra: Vec<String> = english
                    .iter()
                    .filter(|e| !e.bytes().any(|b| b.is_ascii_uppercase()))
                    .filter_map(|e| {
                        let stem = e.strip_suffix('y')?;
                        (!stem.ends_with(['a', 'e', 'o', 'u'])).then(|| format!("{stem}ies"))
                    })
                    .collect();
                english.extend(extra);
            }
            let mut renderings = vec![entry.preferred.clone()];
            for v in &entry.variants {
                if !renderings.contains(v) && !entry.wrong.contains(v) {
                    renderings.push(v.clone());
                }
            }
            let c = concepts.len();
            for e in &english {
                all_english.push(e.clone());
                english_owner.push(c);
            }
            // A learned rendering that is another form of an earlier one (`αναφοράς εξόδων`
            // of `αναφορά εξόδων`, where the profile lists no endings) counts as that one,
            // as when learning on the fly.
            let same_as: Vec<usize> = if entry.learned && spaced {
                let reader = reader.get_or_insert_with(|| Reader::new(profile.clone()));
                same_renderings(&renderings, reader)
            } else {
                (0..renderings.len()).collect()
            };
            for (r, text) in renderings.iter().enumerate() {
                let r = same_as[r];
                if entry.learned && spaced {
                    stems
                        .get_or_insert_with(|| StemIndex {
                            reader: Reader::new(profile.clone()),
                            by_first: FxHashMap::default(),
                            hangul: profile.has_hangul_particles(),
                        })
                        .add(c, r, text);
                } else {
                    target_patterns.push(text.clone());
                    target_owner.push((c, r));
                    // Learned runs of characters join a name and a word with a space that
                    // the text may leave out (`Microsoft 團隊`, `Microsoft團隊`).
                    if entry.learned && text.contains(' ') {
                        target_patterns.push(text.replace(' ', ""));
                        target_owner.push((c, r));
                    }
                }
            }
            concepts.push(Concept {
                term: entry.term,
                english_patterns: english,
                renderings,
                learned: entry.learned,
                on_the_fly: entry.on_the_fly,
            });
        }
        let english_any = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&all_english)
            .map_err(|e| e.to_string())?;
        let target = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&target_patterns)
            .map_err(|e| e.to_string())?;
        Ok(Glossary {
            locale,
            boundary,
            concepts,
            english_any,
            english_owner,
            english_patterns: all_english,
            target,
            target_owner,
            target_patterns,
            stems,
            latin,
        })
    }

    /// The entries the glossary was built from (to build a bigger one).
    pub fn entries(&self) -> Vec<TermEntry> {
        self.concepts
            .iter()
            .map(|c| {
                let mut e = TermEntry::new(
                    c.term.clone(),
                    c.renderings[0].clone(),
                    c.renderings[1..].to_vec(),
                );
                e.forms = c.english_patterns[1..].to_vec();
                e.learned = c.learned;
                e.on_the_fly = c.on_the_fly;
                e
            })
            .collect()
    }

    /// Concepts whose English term occurs in `source` (case-insensitive, on word
    /// boundaries, plural `-s`/`-es` accepted). Where terms overlap the longest wins, so
    /// "Device Manager" does not also count as "device". Sorted, without repeats.
    pub fn concepts_in_source(&self, source: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .english_matches(source, &SortedRanges::new(Vec::new()))
            .into_iter()
            .map(|(_, _, c)| c)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// English matches (start, end, concept), longest first where they overlap, ignoring
    /// matches that overlap the `masked` ranges.
    fn english_matches(&self, source: &str, masked: &SortedRanges) -> Vec<(usize, usize, usize)> {
        let matches = self
            .english_any
            .find_overlapping_iter(source)
            .filter(|m| !masked.overlaps(m.start(), m.end()))
            .filter(|m| english_boundary(source, m.start(), m.end()))
            .filter(|m| {
                let c = self.english_owner[m.pattern().as_usize()];
                let pattern = &self.english_patterns[m.pattern().as_usize()];
                let found = &source[m.start()..m.end()];
                if self.concepts[c].learned {
                    learned_case_fits(pattern, found)
                } else {
                    case_fits(pattern, found)
                }
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.english_owner[m.pattern().as_usize()],
                )
            });
        keep_longest(matches.collect())
    }

    /// How often the English term of `concept` occurs in `source`.
    pub fn english_count(&self, concept: usize, source: &str) -> usize {
        let c = &self.concepts[concept];
        self.english_any
            .find_overlapping_iter(source)
            .filter(|m| self.english_owner[m.pattern().as_usize()] == concept)
            .filter(|m| english_boundary(source, m.start(), m.end()))
            .filter(|m| {
                let pattern = &self.english_patterns[m.pattern().as_usize()];
                let found = &source[m.start()..m.end()];
                if c.learned {
                    learned_case_fits(pattern, found)
                } else {
                    case_fits(pattern, found)
                }
            })
            .count()
    }

    /// Renderings of the given concepts in `target` (concept, match): text renderings at
    /// word starts for Korean and Latin scripts, anywhere for Chinese, Japanese and Thai;
    /// learned ones in languages with spaces as words. Where two of one concept overlap,
    /// the longer wins.
    fn target_matches(&self, concepts: &[usize], target: &str) -> Vec<(usize, TermMatch)> {
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        for m in self.target.find_overlapping_iter(target) {
            let (c, r) = self.target_owner[m.pattern().as_usize()];
            if concepts.binary_search(&c).is_err()
                || !self.target_boundary(target, m.start(), m.end())
            {
                continue;
            }
            if !self.latin
                && !self.concepts[c].learned
                && target[m.start()..m.end()] != self.target_patterns[m.pattern().as_usize()]
            {
                continue;
            }
            found.push((m.start(), m.end(), c, r));
        }
        if let Some(stems) = &self.stems
            && concepts.iter().any(|&c| self.concepts[c].learned)
        {
            stems.find(target, concepts, &mut found);
        }
        let mut out = Vec::new();
        let mut by_concept: FxHashMap<usize, Vec<(usize, usize, usize)>> = FxHashMap::default();
        for (s, e, c, r) in found {
            by_concept.entry(c).or_default().push((s, e, r));
        }
        let mut keys: Vec<usize> = by_concept.keys().copied().collect();
        keys.sort_unstable();
        for c in keys {
            let list = by_concept.remove(&c).unwrap_or_default();
            for (s, e, r) in keep_longest(list) {
                out.push((
                    c,
                    TermMatch {
                        rendering: r,
                        start: s,
                        end: e,
                    },
                ));
            }
        }
        out
    }

    /// Renderings of `concept` in `target`: at word starts for Korean and Latin scripts,
    /// anywhere for Chinese and Japanese; where two overlap, the longer wins.
    pub fn renderings_in(&self, concept: usize, target: &str) -> Vec<TermMatch> {
        self.target_matches(&[concept], target)
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    /// Whether a rendering found at `start..end` stands where one may: at a word start
    /// (or anywhere, where words are not spaced), and never inside an identifier.
    fn target_boundary(&self, text: &str, start: usize, end: usize) -> bool {
        if in_identifier(text, start, end) {
            return false;
        }
        let before = text[..start].chars().next_back();
        match self.boundary {
            // A Latin rendering (`Mailbox` among ideographs) still starts a word of its own.
            Boundary::Anywhere => {
                !text[start..].starts_with(|c: char| c.is_ascii_alphanumeric())
                    || before.is_none_or(|c| !c.is_ascii_alphanumeric())
            }
            Boundary::WordStart => before.is_none_or(|c| !is_word_char(c)),
        }
    }
}

/// One rendering of a glossary concept in a target segment whose source names the concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermOccurrence {
    pub concept: usize,
    /// Index into `Concept::renderings` (0 is the preferred one).
    pub rendering: usize,
    pub range: TextRange,
    /// Index into `Document::segments`.
    pub segment: usize,
    /// The source names the term only inside UI labels (bold, italic, link text): a
    /// label follows the UI, prose may say it otherwise.
    pub label: bool,
}

impl Glossary {
    /// Every rendering of every concept in the targets of segments whose source text
    /// (outside URLs and code) names that concept, in file order.
    pub fn occurrences(&self, doc: &Document<'_>) -> Vec<TermOccurrence> {
        let text = doc.text;
        let mut out = Vec::new();
        for (index, seg) in doc.segments.iter().enumerate() {
            let (Some(target), Some(source)) = (&seg.target, &seg.source) else {
                continue;
            };
            // The raw source, with matches in URLs and code dropped: no copy of the text.
            let masks = SortedRanges::new(source.masked_ranges());
            let raw = source.raw(text);
            let english = self.english_matches(raw, &masks);
            if english.is_empty() {
                continue;
            }
            let mut concepts: Vec<usize> = english.iter().map(|&(_, _, c)| c).collect();
            concepts.sort_unstable();
            concepts.dedup();
            // The concepts named somewhere outside a label.
            let labels = SortedRanges::new(label_ranges(source));
            let mut in_prose: Vec<usize> = english
                .iter()
                .filter(|&&(s, e, _)| !labels.holds(s, e))
                .map(|&(_, _, c)| c)
                .collect();
            in_prose.sort_unstable();
            let in_label = |c: usize| in_prose.binary_search(&c).is_err();
            let prose = target.prose(text);
            let found = self
                .target_matches(&concepts, &prose)
                .into_iter()
                .map(|(c, m)| (m.start, m.end, (c, m.rendering)));
            // A rendering inside a longer one of another concept belongs to that one.
            for (start, end, (concept, rendering)) in keep_longest(found.collect()) {
                if rendering != 0 && is_split_preferred(&prose, start, end, &self.concepts[concept])
                {
                    continue;
                }
                out.push(TermOccurrence {
                    concept,
                    rendering,
                    range: TextRange::new(start, end).offset(target.content.start()),
                    segment: index,
                    label: self.concepts[concept].learned && in_label(concept),
                });
            }
        }
        out.sort_by_key(|o| (o.range.start, o.concept));
        out
    }
}

/// UI labels of a source: bold and italic texts and link texts (relative to the text).
fn label_ranges(side: &crate::document::SegmentText) -> Vec<(usize, usize)> {
    let base = side.content.start();
    let mut out: Vec<(usize, usize)> = side
        .inlines
        .resolve_emphasis()
        .spans
        .iter()
        .filter(|s| s.open.start() >= base && s.open.end() <= s.close.start())
        .map(|s| (s.open.end() - base, s.close.start() - base))
        .collect();
    out.extend(
        side.inlines
            .links
            .iter()
            .filter(|l| !l.image && l.text.start() >= base)
            .map(|l| (l.text.start() - base, l.text.end() - base)),
    );
    out
}

/// Whether a variant is really the preferred rendering split by markup: `系統 **管理中心**`
/// is 系統管理中心 with bold on its second half, not the variant 管理中心.
fn is_split_preferred(prose: &str, start: usize, end: usize, concept: &Concept) -> bool {
    let preferred = concept.preferred();
    let variant = &prose[start..end];
    let Some(head) = preferred.strip_suffix(variant) else {
        return false;
    };
    let head = head.trim_end();
    let before: String = prose[..start]
        .chars()
        .rev()
        .filter(|c| !matches!(c, '*' | '_' | '[' | ']' | ' '))
        .take(head.chars().filter(|c| *c != ' ').count())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    !head.is_empty() && before == head.replace(' ', "")
}

/// A capitalized glossary entry is a name and must match as written.
fn case_fits(pattern: &str, found: &str) -> bool {
    !pattern.bytes().any(|b| b.is_ascii_uppercase()) || pattern == found
}

/// For each rendering of a learned term, the first one it is a form of (itself when none):
/// see [`crate::terms::findings::inflection`] and [`crate::terms::findings::holds_form`].
fn same_renderings(renderings: &[String], reader: &Reader) -> Vec<usize> {
    use crate::terms::findings::{holds_form, inflection};
    let mut same_as: Vec<usize> = Vec::with_capacity(renderings.len());
    for (r, text) in renderings.iter().enumerate() {
        let first = (0..r).find(|&k| {
            same_as[k] == k
                && (inflection(&renderings[k], text, reader)
                    || holds_form(&renderings[k], text, reader))
        });
        same_as.push(first.unwrap_or(r));
    }
    same_as
}

/// A learned term: its capitalized words (names) must be capitalized in the text; its
/// other words match in any case (`Azure information protection` and `Azure Information
/// Protection` are one name, `Teams` is not `teams`).
fn learned_case_fits(pattern: &str, found: &str) -> bool {
    pattern.split(' ').zip(found.split(' ')).all(|(p, f)| {
        !p.starts_with(|c: char| c.is_ascii_uppercase())
            || f.starts_with(|c: char| c.is_uppercase())
    })
}

fn english_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(is_word_char) {
        return false;
    }
    let rest = &text[end..];
    let rest = match rest.strip_prefix("es") {
        Some(after) if !after.starts_with(is_word_char) => after,
        _ => rest.strip_prefix('s').unwrap_or(rest),
    };
    !rest.starts_with(is_word_char)
}

/// The glossaries shipped in `rules/terms/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("ko-KR", include_str!("../rules/terms/ko-KR.yaml")),
    ("zh-TW", include_str!("../rules/terms/zh-TW.yaml")),
    ("zh-CN", include_str!("../rules/terms/zh-CN.yaml")),
    ("ja-JP", include_str!("../rules/terms/ja-JP.yaml")),
    ("de-DE", include_str!("../rules/terms/de-DE.yaml")),
];

/// Built-in glossaries, parsed on first use.
pub fn builtin(locale: &str) -> Option<&'static Glossary> {
    static CACHE: OnceLock<HashMap<&'static str, OnceLock<Option<Glossary>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| BUILTIN.iter().map(|(l, _)| (*l, OnceLock::new())).collect());
    let key = canonical_builtin(locale)?;
    let yaml = BUILTIN.iter().find(|(l, _)| *l == key)?.1;
    cache[key]
        .get_or_init(|| Glossary::from_yaml(yaml).ok())
        .as_ref()
}

/// The built-in glossary's locale for a tag: exact (case-insensitive), or by language
/// where one glossary serves it (`ko`, `ja`, `de`; Chinese needs its region or script).
pub fn canonical_builtin(locale: &str) -> Option<&'static str> {
    if let Some((l, _)) = BUILTIN.iter().find(|(l, _)| l.eq_ignore_ascii_case(locale)) {
        return Some(l);
    }
    let lower = locale.to_ascii_lowercase();
    let lang = lower.split(['-', '_']).next()?;
    match lang {
        "zh" => {
            if lower.contains("hant") || lower.ends_with("-hk") || lower.ends_with("-mo") {
                Some("zh-TW")
            } else if lower.contains("hans") || lower.ends_with("-sg") {
                Some("zh-CN")
            } else {
                None
            }
        }
        _ => BUILTIN
            .iter()
            .find(|(l, _)| l.split('-').next() == Some(lang))
            .map(|(l, _)| *l),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ko() -> Glossary {
        Glossary::from_yaml(
            "locale: ko-KR\nterms:\n- term: writeback\n  preferred: 쓰기 저장\n  variants: [쓰기백, 쓰기 기록, 쓰기 저장소]\n- term: device\n  preferred: 디바이스\n  variants: [장치]\n- term: sign in\n  forms: [sign-in]\n  preferred: 로그인\n",
        )
        .unwrap()
    }

    /// The texts of the renderings of `concept` found in `t`.
    fn texts<'t>(g: &Glossary, concept: usize, t: &'t str) -> Vec<&'t str> {
        g.renderings_in(concept, t)
            .iter()
            .map(|m| &t[m.start..m.end])
            .collect()
    }

    #[test]
    fn english_matches_words_and_plurals() {
        let g = ko();
        assert_eq!(g.concepts_in_source("Device Writeback is used"), vec![0, 1]);
        assert_eq!(g.concepts_in_source("trusted devices."), vec![1]);
        assert_eq!(
            g.concepts_in_source("devicesx deviceful"),
            Vec::<usize>::new()
        );
        assert_eq!(g.concepts_in_source("Sign-in fails; sign into"), vec![2]);
        assert_eq!(g.english_count(0, "writeback and Writebacks"), 2);
    }

    #[test]
    fn names_shield_generic_terms() {
        let g = Glossary::from_yaml(
            "locale: ko-KR\nterms:\n- term: device\n  preferred: 디바이스\n  variants: [장치]\n- term: Device Manager\n  preferred: 장치 관리자\n",
        )
        .unwrap();
        assert_eq!(g.concepts_in_source("Open Device Manager"), vec![1]);
        assert_eq!(g.concepts_in_source("the device manager"), vec![0]);
        let t = "장치 관리자를 엽니다";
        assert_eq!(g.renderings_in(1, t).len(), 1);
    }

    #[test]
    fn korean_matches_at_word_start_with_particles() {
        let g = ko();
        let t = "장치 쓰기 기록은 쓰기 저장소를 보조장치";
        assert_eq!(texts(&g, 0, t), ["쓰기 기록", "쓰기 저장소"]);
        assert_eq!(texts(&g, 1, t), ["장치"]);
    }

    #[test]
    fn a_preferred_rendering_split_by_markup_is_not_a_variant() {
        let g = Glossary::from_yaml("locale: zh-TW\nterms:\n- term: admin center\n  preferred: 系統管理中心\n  variants: [管理中心]\n").unwrap();
        let c = &g.concepts[0];
        let t = "移至 [系統 **管理中心**]";
        let m = g.renderings_in(0, t)[0];
        assert!(is_split_preferred(t, m.start, m.end, c));
        let t = "在管理中心中";
        let m = g.renderings_in(0, t)[0];
        assert!(!is_split_preferred(t, m.start, m.end, c));
    }

    #[test]
    fn cjk_matches_substrings() {
        let g = Glossary::from_yaml(
            "locale: zh-TW\nterms:\n- term: writeback\n  preferred: 回寫\n  variants: [寫回]\n",
        )
        .unwrap();
        let t = "啟用裝置回寫功能與密碼寫回";
        assert_eq!(g.renderings_in(0, t).len(), 2);
    }

    #[test]
    fn a_term_inside_an_identifier_is_no_term() {
        let g = Glossary::from_yaml(
            "locale: de-DE\nterms:\n- term: account\n  preferred: Konto\n  variants: [Account]\n",
        )
        .unwrap();
        // The source names the term once in its prose; the identifier is a name.
        let source = "Regex_usa_bank_account_number finds a bank account";
        assert_eq!(g.english_count(0, source), 1);
        assert_eq!(
            g.concepts_in_source("Keyword_usa_Bank_Account"),
            Vec::<usize>::new()
        );
        let t = "Keyword_usa_Bank_Account und Account_Nummer, aber ein Konto und ein Account";
        assert_eq!(texts(&g, 0, t), ["Konto", "Account"]);
        // Where words are not spaced, a Latin rendering still starts a word of its own.
        let g = Glossary::from_yaml(
            "locale: ja-JP\nterms:\n- term: mailbox\n  preferred: メールボックス\n  variants: [Mailbox]\n",
        )
        .unwrap();
        let t = "共有Mailboxと SharedMailbox と Shared_Mailbox";
        let found: Vec<_> = g
            .renderings_in(0, t)
            .iter()
            .map(|m| (m.start, &t[m.start..m.end]))
            .collect();
        assert_eq!(found, [(t.find("Mailbox").unwrap(), "Mailbox")]);
    }

    #[test]
    fn locale_lookup() {
        assert_eq!(canonical_builtin("ko-kr"), Some("ko-KR"));
        assert_eq!(canonical_builtin("ko"), Some("ko-KR"));
        assert_eq!(canonical_builtin("zh-Hant"), Some("zh-TW"));
        assert_eq!(canonical_builtin("zh"), None);
        assert_eq!(canonical_builtin("fr-FR"), None);
    }
}
