//! Terminology data: per-locale glossaries of concepts (an English term, its preferred
//! rendering and known variants), embedded from `rules/terms/` and extendable by users.

use crate::document::Document;
use crate::locale::{self, LocaleProfile};
use crate::text::TextRange;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub locale: String,
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
    english: AhoCorasick,
    target: AhoCorasick,
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

pub struct Glossary {
    pub locale: String,
    pub boundary: Boundary,
    pub concepts: Vec<Concept>,
    /// All English terms and forms, for finding which concepts a source mentions.
    english_any: AhoCorasick,
    english_owner: Vec<usize>,
    english_patterns: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Glossary {
    pub fn from_yaml(yaml: &str) -> Result<Glossary, String> {
        let file: GlossaryFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        Glossary::new(file.locale, file.terms)
    }

    pub fn new(locale: String, entries: Vec<TermEntry>) -> Result<Glossary, String> {
        let profile = locale::builtin().resolve(&locale);
        let boundary = Boundary::for_profile(&profile);
        let latin = !profile.latin_is_foreign();
        let mut concepts = Vec::with_capacity(entries.len());
        let mut all_english = Vec::new();
        let mut english_owner = Vec::new();
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
            let mut renderings = vec![entry.preferred.clone()];
            for v in &entry.variants {
                if !renderings.contains(v) {
                    renderings.push(v.clone());
                }
            }
            for e in &english {
                all_english.push(e.clone());
                english_owner.push(concepts.len());
            }
            let english_ac = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(&english)
                .map_err(|e| e.to_string())?;
            let target_ac = AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(latin)
                .build(&renderings)
                .map_err(|e| e.to_string())?;
            concepts.push(Concept {
                term: entry.term,
                english_patterns: english,
                renderings,
                english: english_ac,
                target: target_ac,
            });
        }
        let english_any = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&all_english)
            .map_err(|e| e.to_string())?;
        Ok(Glossary {
            locale,
            boundary,
            concepts,
            english_any,
            english_owner,
            english_patterns: all_english,
        })
    }

    /// Concepts whose English term occurs in `source` (case-insensitive, on word
    /// boundaries, plural `-s`/`-es` accepted). Where terms overlap the longest wins, so
    /// "Device Manager" does not also count as "device". Sorted, without repeats.
    pub fn concepts_in_source(&self, source: &str) -> Vec<usize> {
        self.concepts_in(source, &[])
    }

    /// `concepts_in_source`, ignoring matches that overlap the `masked` ranges.
    fn concepts_in(&self, source: &str, masked: &[(usize, usize)]) -> Vec<usize> {
        let matches = self
            .english_any
            .find_overlapping_iter(source)
            .filter(|m| !masked.iter().any(|&(s, e)| m.start() < e && s < m.end()))
            .filter(|m| english_boundary(source, m.start(), m.end()))
            .filter(|m| {
                case_fits(
                    &self.english_patterns[m.pattern().as_usize()],
                    &source[m.start()..m.end()],
                )
            })
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.english_owner[m.pattern().as_usize()],
                )
            });
        let mut found: Vec<usize> = longest_first(matches).map(|(_, _, c)| c).collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// How often the English term of `concept` occurs in `source`.
    pub fn english_count(&self, concept: usize, source: &str) -> usize {
        let c = &self.concepts[concept];
        c.english
            .find_overlapping_iter(source)
            .filter(|m| english_boundary(source, m.start(), m.end()))
            .filter(|m| {
                case_fits(
                    &c.english_patterns[m.pattern().as_usize()],
                    &source[m.start()..m.end()],
                )
            })
            .count()
    }

    /// Renderings of `concept` in `target`: at word starts for Korean and Latin scripts,
    /// anywhere for Chinese and Japanese; where two overlap, the longer wins.
    pub fn renderings_in(&self, concept: usize, target: &str) -> Vec<TermMatch> {
        let candidates: Vec<TermMatch> = self.concepts[concept]
            .target
            .find_overlapping_iter(target)
            .filter(|m| self.target_boundary(target, m.start()))
            .map(|m| TermMatch {
                rendering: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        longest_first(candidates.into_iter().map(|m| (m.start, m.end, m)))
            .map(|(_, _, m)| m)
            .collect()
    }

    fn target_boundary(&self, text: &str, start: usize) -> bool {
        match self.boundary {
            Boundary::Anywhere => true,
            Boundary::WordStart => text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c)),
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
            let masks = source.masked_ranges();
            let concepts = self.concepts_in(source.raw(text), &masks);
            if concepts.is_empty() {
                continue;
            }
            let prose = target.prose(text);
            let found = concepts.into_iter().flat_map(|concept| {
                self.renderings_in(concept, &prose)
                    .into_iter()
                    .map(move |m| (m.start, m.end, (concept, m.rendering)))
            });
            // A rendering inside a longer one of another concept belongs to that one.
            for (start, end, (concept, rendering)) in longest_first(found) {
                if rendering != 0 && is_split_preferred(&prose, start, end, &self.concepts[concept])
                {
                    continue;
                }
                out.push(TermOccurrence {
                    concept,
                    rendering,
                    range: TextRange::new(start, end).offset(target.content.start()),
                    segment: index,
                });
            }
        }
        out.sort_by_key(|o| (o.range.start, o.concept));
        out
    }
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

/// Keeps non-overlapping spans, preferring the longest among those that overlap.
fn longest_first<T>(
    spans: impl Iterator<Item = (usize, usize, T)>,
) -> impl Iterator<Item = (usize, usize, T)> {
    let mut spans: Vec<_> = spans.collect();
    spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut kept: Vec<(usize, usize, T)> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.iter().all(|k| span.1 <= k.0 || span.0 >= k.1) {
            kept.push(span);
        }
    }
    kept.sort_by_key(|&(s, _, _)| s);
    kept.into_iter()
}

/// A capitalized glossary entry is a name and must match as written.
fn case_fits(pattern: &str, found: &str) -> bool {
    !pattern.bytes().any(|b| b.is_ascii_uppercase()) || pattern == found
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
        let found: Vec<_> = g
            .renderings_in(0, t)
            .iter()
            .map(|m| &t[m.start..m.end])
            .collect();
        assert_eq!(found, ["쓰기 기록", "쓰기 저장소"]);
        let found: Vec<_> = g
            .renderings_in(1, t)
            .iter()
            .map(|m| &t[m.start..m.end])
            .collect();
        assert_eq!(found, ["장치"]);
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
    fn locale_lookup() {
        assert_eq!(canonical_builtin("ko-kr"), Some("ko-KR"));
        assert_eq!(canonical_builtin("ko"), Some("ko-KR"));
        assert_eq!(canonical_builtin("zh-Hant"), Some("zh-TW"));
        assert_eq!(canonical_builtin("zh"), None);
        assert_eq!(canonical_builtin("fr-FR"), None);
    }
}
