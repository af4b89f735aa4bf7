use super::english;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::dnt::{self, DntList, NameIssue, NameIssueKind, latin_boundary, target_boundary};
use crate::document::SegmentText;
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a product or feature name from the do-not-translate list
    /// (`rules/do-not-translate.yaml`: Outlook, SharePoint Online, Microsoft Teams,
    /// Azure AD Premium, …) that the English source names but the target does not keep as
    /// written: translated (`Microsoft 팀`), partly translated (`SharePoint 온라인`),
    /// lowercased or respaced (`outlook`, `Share Point`), reordered (`AD Azure`; `365
    /// Office` in right-to-left text, where it shows as `Office 365`), or written with
    /// the locale's own digits (`Microsoft ๓๖๕`). A fix restores the spelling when only
    /// letter case, spacing or digits changed, and (unsafe) the order of the words. A name
    /// one or two letters off, or with an ending glued on, is `dnt-name-misspelled`'s
    /// (each defect is reported once).
    ///
    /// It reads the locale profile: the official local forms of names (`names.localized`:
    /// `Майкрософт` for *Microsoft* in Russian, `비즈니스용 Windows Hello` in Korean, compared
    /// ignoring white space and the case of their first letter); the endings the language
    /// glues to names (`names.inflection`, `names.suffixes`, `names.joiners`,
    /// `names.dropped_final`: Polish `Outlooka`, `Skypie`, Turkish `Outlook'ta`, German
    /// genitive `s`); letter case rules (`case`: Turkish `İ`/`ı`) and native digits
    /// (`numbers.native_digits`). A name the list marks `localizable` is checked only in
    /// locales whose profile gives its local form. Where the locale's conventions are
    /// unknown, any ending glued to a name is accepted; with no locale at all, or in
    /// English, the rule is quiet.
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
        locale: "Reads `names.localized`, `names.inflection`, `names.suffixes`, `names.joiners`, `names.dropped_final`, `numbers.native_digits` and `case`. Quiet with no locale and in English; where the endings are unknown, any ending glued to a name is accepted.",
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

/// Whether `word` stands in a target as written, on the locale's word boundaries.
fn word_in(profile: &LocaleProfile, text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(i, _)| target_boundary(profile, text, i, i + word.len()))
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
        // Not a word of a longer name the target keeps ("Microsoft" of "Microsoft 365"):
        // looked up by binary search, as the target may keep thousands of names.
        let longer_names = crate::text::SortedRanges::new(
            (target_names.iter())
                .filter(|m| m.end - m.start > w.len())
                .map(|m| (m.start, m.end))
                .collect(),
        );
        let occurrences: Vec<(usize, usize)> = target
            .match_indices(w)
            .map(|(i, _)| (i, i + w.len()))
            .filter(|&(s, e)| latin_boundary(target, s, e))
            .filter(|&(s, e)| !longer_names.holds(s, e))
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

/// A name of two or three words whose every word the target keeps, in another order:
/// `AD Azure`, `Chrome Google`, or `365 Office` typed so in right-to-left text, where it
/// shows as `Office 365` but reads, is searched and is copied as `365 Office`. Not where
/// the run shares a word with a longer name the target keeps (`Windows 11 Windows 10`
/// holds `11 Windows`, whose `Windows` is one of `Windows 10`). (start, end) in `text`.
fn reordered(name: &str, text: &str, target_names: &[dnt::DntMatch]) -> Option<(usize, usize)> {
    let words: Vec<&str> = name.split(' ').collect();
    let orders: &[&[usize]] = match words.len() {
        2 => &[&[1, 0]],
        3 => &[&[0, 2, 1], &[1, 0, 2], &[1, 2, 0], &[2, 0, 1], &[2, 1, 0]],
        _ => return None,
    };
    orders.iter().find_map(|order| {
        let form = order
            .iter()
            .map(|&i| words[i])
            .collect::<Vec<_>>()
            .join(" ");
        if form == name {
            return None;
        }
        text.match_indices(form.as_str())
            .map(|(i, _)| (i, i + form.len()))
            .filter(|&(s, e)| latin_boundary(text, s, e))
            .find(|&(s, e)| {
                !target_names
                    .iter()
                    .any(|m| m.start < e && s < m.end && (m.start < s || e < m.end))
            })
    })
}

/// Every do-not-translate name that a source gives and its target does not keep, with
/// what the target has instead: computed once per file for `dnt-term-altered` and
/// `dnt-name-misspelled`, which report their own kinds.
pub(super) fn name_issues(ctx: &Context<'_>) -> Vec<NameIssue> {
    let mut out = Vec::new();
    let profile = ctx.profile;
    if ctx.locale.is_none() || profile.is_source_language() {
        return out;
    }
    let list = ctx.dnt;
    let text = ctx.text();
    for (seg, target, source) in ctx.document.pairs() {
        // A blank target is empty-target's; an unchanged one untranslated-segment's.
        let plain = target.plain(text).trim();
        if plain.is_empty() || plain == source.plain(text).trim() {
            continue;
        }
        let source_prose = without_emphasis(source, text);
        // Names first: most segments name none, and then the target need not be read.
        let names = source_names(list, &source_prose, source.raw(text));
        if names.is_empty() {
            continue;
        }
        // Whether the source reads as English, decided only once a name is missing.
        let mut english_source: Option<bool> = None;
        let prose = without_emphasis(target, text);
        let base = target.content.start();
        let kept = list.target(&prose);
        let mut target_names: Option<Vec<dnt::DntMatch>> = None;
        for (name, s_start, s_end) in names {
            if list.kept(name, profile, &kept) != Some(false) {
                continue;
            }
            let entry = &list.names[name];
            // "Microsoft Teams" kept as "Teams" (itself a listed name) is fine.
            if entry
                .name
                .strip_prefix("Microsoft ")
                .is_some_and(|rest| word_in(profile, &prose, rest))
            {
                continue;
            }
            let forms = list.accepted_forms(name, profile).unwrap_or_default();
            let at = |s: usize, e: usize| TextRange::new(s, e).offset(base);
            let kind = if let Some((form, (s, e))) = forms
                .iter()
                .find_map(|f| dnt::find_respelled(profile, &prose, f).map(|r| (*f, r)))
            {
                NameIssueKind::Respelled {
                    at: at(s, e),
                    form: form.to_string(),
                }
            } else if let Some((s, e, kind)) = forms
                .iter()
                .filter(|f| f.is_ascii())
                .find_map(|f| dnt::find_misspelled(list, profile, f, &prose))
            {
                NameIssueKind::Misspelled { at: at(s, e), kind }
            } else {
                // A name merely absent is a finding only where the source reads as English
                // prose; a respelled or misspelled name is evidence enough by itself.
                if !*english_source.get_or_insert_with(|| english::looks_english(&source_prose)) {
                    continue;
                }
                let target_names = target_names.get_or_insert_with(|| list.find(&prose));
                if let Some((s, e)) = reordered(&entry.name, &prose, target_names) {
                    NameIssueKind::Reordered {
                        at: at(s, e),
                        form: entry.name.clone(),
                    }
                } else if let Some((w, (s, e))) =
                    kept_word(&entry.name, &source_prose, s_start, &prose, target_names)
                {
                    NameIssueKind::Partly {
                        at: at(s, e),
                        word: w.to_string(),
                    }
                } else {
                    NameIssueKind::Missing {
                        at: target.trimmed_content(text),
                    }
                }
            };
            out.push(NameIssue {
                segment: seg.id.range,
                name,
                source: TextRange::new(s_start, s_end).offset(source.content.start()),
                kind,
            });
        }
    }
    out
}

impl Rule for DntTermAltered {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for issue in ctx.name_issues(name_issues) {
            let name = &ctx.dnt.names[issue.name].name;
            let d = match &issue.kind {
                NameIssueKind::Respelled { at, form } => {
                    let found = at.slice(text);
                    let digits = found.chars().any(|c| ctx.profile.native_digit(c).is_some());
                    let message = if digits {
                        format!("\"{name}\" is written \"{found}\": a name keeps its ASCII digits")
                    } else {
                        format!("\"{name}\" is written \"{found}\"")
                    };
                    Diagnostic::new(&Self::META, *at, message).with_fix(Fix::replace(
                        format!("Write \"{form}\""),
                        *at,
                        form.clone(),
                        Applicability::Safe,
                    ))
                }
                NameIssueKind::Reordered { at, form } => Diagnostic::new(
                    &Self::META,
                    *at,
                    format!(
                        "\"{name}\" is written \"{}\": its words are in another order",
                        at.slice(text)
                    ),
                )
                .with_fix(Fix::replace(
                    format!("Write \"{form}\""),
                    *at,
                    form.clone(),
                    Applicability::Unsafe,
                )),
                NameIssueKind::Partly { at, word } => Diagnostic::new(
                    &Self::META,
                    *at,
                    format!("\"{name}\" is partly translated: only \"{word}\" is kept"),
                ),
                NameIssueKind::Missing { at } => Diagnostic::new(
                    &Self::META,
                    *at,
                    format!("\"{name}\" is missing: translated or dropped"),
                ),
                // dnt-name-misspelled's.
                NameIssueKind::Misspelled { .. } => continue,
            };
            out.push(
                d.with_segment(issue.segment.slice(text))
                    .with_label(issue.source, "the name in the source"),
            );
        }
    }
}
