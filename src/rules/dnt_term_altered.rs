use super::english;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::dnt::{self, DntList, latin_boundary};
use crate::document::SegmentText;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a product or feature name from the do-not-translate list
    /// (`rules/do-not-translate.yaml`: Outlook, SharePoint Online, Microsoft Teams,
    /// Azure AD Premium, …) that the English source names but the target does not keep as
    /// written: translated (`Microsoft 팀`), partly translated (`SharePoint 온라인`),
    /// respelled or lowercased (`outlook`, `Sharepoint`), split or joined (`One Drive`).
    /// Names with an official localized form (`비즈니스용 Windows Hello` for *Windows Hello
    /// for Business*) accept that form. A fix restores the spelling when only letter case
    /// or spacing changed.
    ///
    /// ## Why it matters
    /// Product names are trademarks and what readers see in the product and search for;
    /// a translated or respelled name is a different, wrong name.
    ///
    /// ## Example
    /// `Microsoft 365 그룹 및 Microsoft 팀 작성자 제어` for *Control who can create
    /// Microsoft 365 Groups and Microsoft Teams*: `Microsoft Teams` became `Microsoft 팀`.
    pub struct DntTermAltered {
        name: "dnt-term-altered",
        category: Terminology,
        severity: Warning,
        summary: "A do-not-translate product name is translated, respelled or missing in the target.",
    }
}

/// Words that begin many names and say nothing about which one is meant.
const BRANDS: &[&str] = &[
    "Microsoft",
    "Office",
    "Windows",
    "Azure",
    "Outlook",
    "Power",
];

/// The first place where `name` occurs in `text` ignoring letter case and white space,
/// on word boundaries: (start, end) in `text`.
fn find_loose(text: &str, name: &str) -> Option<(usize, usize)> {
    let want: Vec<char> = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let have: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    if want.is_empty() || have.len() < want.len() {
        return None;
    }
    (0..=have.len() - want.len()).find_map(|k| {
        let hit = have[k..k + want.len()]
            .iter()
            .zip(&want)
            .all(|((_, a), b)| a == b);
        let (start, _) = have[k];
        let (last, c) = have[k + want.len() - 1];
        let end = last
            + text[last..]
                .chars()
                .next()
                .map_or(c.len_utf8(), char::len_utf8);
        // No line break inside, and only single spaces.
        (hit && !text[start..end].contains('\n') && latin_boundary(text, start, end))
            .then_some((start, end))
    })
}

/// Occurrences of `word` as written on word boundaries.
fn word_at(text: &str, word: &str) -> Option<(usize, usize)> {
    text.match_indices(word)
        .map(|(i, _)| (i, i + word.len()))
        .find(|&(s, e)| latin_boundary(text, s, e))
}

/// For a multi-word name the target lost, the word of it the target still has (a
/// capitalized one, preferring those that are not brands), as the occurrence that lines up
/// with the name's place in the source: (word, range in the target prose).
fn kept_word<'n>(
    name: &'n str,
    source: &str,
    name_start: usize,
    target: &str,
    target_names: &[dnt::DntMatch],
) -> Option<(&'n str, (usize, usize))> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let candidates = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase) && !BRANDS.contains(w))
        .chain(words.iter().filter(|w| BRANDS.contains(w)));
    for w in candidates {
        let occurrences: Vec<(usize, usize)> = target
            .match_indices(w)
            .map(|(i, _)| (i, i + w.len()))
            .filter(|&(s, e)| latin_boundary(target, s, e))
            // Not a word of a longer name the target keeps ("Microsoft" of "Microsoft 365").
            .filter(|&(s, e)| {
                !target_names
                    .iter()
                    .any(|m| m.start <= s && e <= m.end && m.end - m.start > e - s)
            })
            .collect();
        if occurrences.is_empty() {
            continue;
        }
        let before = source[..name_start]
            .match_indices(w)
            .filter(|&(i, _)| latin_boundary(source, i, i + w.len()))
            .count();
        let at = occurrences.get(before).unwrap_or(&occurrences[0]);
        return Some((w, *at));
    }
    None
}

/// The prose of a segment text with emphasis markers blanked too: `Azure **Active
/// Directory` still names Azure Active Directory.
fn without_emphasis<'t>(side: &'t SegmentText, text: &'t str) -> std::borrow::Cow<'t, str> {
    if side.inlines.emphasis.is_empty() {
        return side.prose(text);
    }
    let mut prose = side.prose(text).into_owned();
    for e in &side.inlines.emphasis {
        let (s, e) = (
            e.range.start() - side.content.start(),
            e.range.end() - side.content.start(),
        );
        if e <= prose.len() && prose.is_char_boundary(s) && prose.is_char_boundary(e) {
            prose.replace_range(s..e, &" ".repeat(e - s));
        }
    }
    std::borrow::Cow::Owned(prose)
}

/// Whether the word before `start` is capitalized (`Network Planner`, `Out Of Office`):
/// an ambiguous name there is part of a longer name or title, not the product.
fn after_capitalized_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    if before.len() == start {
        return false;
    }
    let word_start = before
        .rfind(|c: char| !dnt::is_latin_word_char(c))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    before[word_start..].starts_with(char::is_uppercase)
}

/// The names a source segment's prose gives, in order, each once.
fn source_names(list: &DntList, prose: &str, raw: &str) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for m in list.find(prose) {
        // `**Exchange**`: a UI label of its own, often the ordinary word.
        let emphasized =
            raw[..m.start].ends_with(['*', '_']) && raw[m.end..].starts_with(['*', '_']);
        if list.names[m.name].ambiguous
            && (dnt::is_sentence_start(prose, m.start)
                || after_capitalized_word(prose, m.start)
                || (m.start >= 7
                    && prose.as_bytes()[m.start - 7..m.start].eq_ignore_ascii_case(b"out of "))
                || emphasized)
        {
            continue;
        }
        if !out.iter().any(|o| o.0 == m.name) {
            out.push((m.name, m.start, m.end));
        }
    }
    out
}

impl Rule for DntTermAltered {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(locale) = ctx.locale else {
            return;
        };
        if locale
            .get(..2)
            .is_some_and(|p| p.eq_ignore_ascii_case("en"))
        {
            return;
        }
        let list = ctx.dnt;
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            // A blank target is empty-target's; an unchanged one untranslated-segment's.
            if target.plain(text).trim().is_empty()
                || target.plain(text).trim() == source.plain(text).trim()
            {
                continue;
            }
            let source_prose = without_emphasis(source, text);
            // Names first: most segments name none, and then the source need not be read.
            let names = source_names(list, &source_prose, source.raw(text));
            if names.is_empty() {
                continue;
            }
            // Whether the source reads as English, decided only once a name is missing.
            let mut english_source: Option<bool> = None;
            let prose = without_emphasis(target, text);
            let base = target.content.start();
            let target_names = list.find(&prose);
            let mut form_text: Option<dnt::FormText> = None;
            for (name, s_start, s_end) in names {
                let form_text = form_text.get_or_insert_with(|| dnt::FormText::new(&prose));
                if list.has_accepted_form_in(name, locale, form_text) != Some(false) {
                    continue;
                }
                if !*english_source.get_or_insert_with(|| english::looks_english(&source_prose)) {
                    continue;
                }
                let entry = &list.names[name];
                // "Microsoft Teams" kept as "Teams" (itself a listed name) is fine.
                if entry
                    .name
                    .strip_prefix("Microsoft ")
                    .is_some_and(|rest| word_at(&prose, rest).is_some())
                {
                    continue;
                }
                let label = TextRange::new(s_start, s_end).offset(source.content.start());
                let forms = list.accepted_forms(name, locale).unwrap_or_default();
                let loose = forms
                    .iter()
                    .find_map(|f| find_loose(&prose, f).map(|r| (*f, r)));
                let d = if let Some((form, (s, e))) = loose {
                    let found = &prose[s..e];
                    let range = TextRange::new(s, e).offset(base);
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!("\"{}\" is written \"{found}\"", entry.name),
                    )
                    .with_fix(Fix::replace(
                        format!("Write \"{form}\""),
                        range,
                        form.to_string(),
                        Applicability::Safe,
                    ))
                } else {
                    let kept =
                        kept_word(&entry.name, &source_prose, s_start, &prose, &target_names);
                    match kept {
                        Some((w, (s, e))) => Diagnostic::new(
                            &Self::META,
                            TextRange::new(s, e).offset(base),
                            format!(
                                "\"{}\" is partly translated: only \"{w}\" is kept",
                                entry.name
                            ),
                        ),
                        None => Diagnostic::new(
                            &Self::META,
                            target.trimmed_content(text),
                            format!("\"{}\" is missing: translated or dropped", entry.name),
                        ),
                    }
                };
                out.push(
                    d.with_segment(seg.id_str(text))
                        .with_label(label, "the name in the source"),
                );
            }
        }
    }
}
