use super::ending_punctuation::{OPAQUE, Visibility, visible_chars};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::locale::Mark;
use crate::rule::{Context, Rule};
use crate::text::{CharSet, TextRange};

declare_rule! {
    /// ## What it does
    /// In locales that separate words by spaces (profile `word_spaces`), reports white space
    /// between a word and the comma, full stop, colon, semicolon, question or exclamation
    /// mark after it (`**Impostazioni** ,`, `Einstellungen :`, `الإعدادات ،`), as the
    /// profile's `punctuation` writes these marks (`،` `؛` `؟` in Arabic, `;` as the Greek
    /// question mark). Marks the profile spaces (`punctuation.space_before`: French `:` `;`
    /// `!` `?`, with a space, U+00A0 or U+202F) are not reported, and neither is a missing
    /// space before them (typography guides disagree on it). Only a mark between a word (a
    /// letter, a digit or a closing bracket or quote) and white space, a closing bracket or
    /// the end of the segment counts, so opening marks (`¿`, `«`, `(`), ellipses (` ...`),
    /// dashes, emoticons (` :)`), file extensions (` .docx`), decimals (` ,5`), code spans,
    /// URLs, list bullets, table pipes and HTML are left alone. A mark that the source also
    /// writes after white space (`Ctrl + ,`) is not reported. Locales whose word spacing or
    /// punctuation is unknown, and scripts without spaces between words, are not checked.
    /// The safe fix removes the white space.
    ///
    /// ## Why it matters
    /// Machine translation often leaves a space where an inline tag was (`**Impostazioni** ,`).
    /// The mark then starts a line on its own when the text wraps, and the text looks
    /// unedited to a reader of the language.
    ///
    /// ## Example
    /// `Selezionare **Impostazioni** , quindi **Account**.` should be
    /// `Selezionare **Impostazioni**, quindi **Account**.`
    pub struct SpaceBeforePunctuation {
        name: "space-before-punctuation",
        category: Punctuation,
        severity: Warning,
        summary: "White space before a punctuation mark that the locale writes without one.",
        locale: "Reads `word_spaces`, `punctuation` and `punctuation.space_before`. Quiet where words are not separated by spaces or the punctuation is unknown.",
    }
}

/// The white space this rule reads before a mark.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// A closing bracket or quotation mark.
pub(super) fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '»' | '”' | '’' | '」' | '』' | '）' | '］' | '›'
    )
}

impl Rule for SpaceBeforePunctuation {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let profile = ctx.profile;
        if profile.separates_words() != Some(true) || profile.punctuation.is_none() {
            return;
        }
        let text = ctx.text();
        // The one-character marks checked: the locale's forms of the six marks, less those
        // it spaces.
        let marks: Vec<char> = profile
            .mark_chars(&[
                Mark::FullStop,
                Mark::Comma,
                Mark::Colon,
                Mark::Semicolon,
                Mark::Question,
                Mark::Exclamation,
            ])
            .into_iter()
            .filter(|&c| profile.spaced_before(c) != Some(true))
            .collect();
        let mark_set = CharSet::new(marks.iter().copied());
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            // Cheap test first: white space right before one of the marks.
            let candidate = mark_set.any_at(raw, |i, _| {
                raw[..i].chars().next_back().is_some_and(is_space)
            });
            if !candidate {
                continue;
            }
            let chars = visible_chars(target, text, Visibility::default());
            let src = source.raw(text);
            let mut spaced_in_source = std::collections::HashMap::new();
            for i in 1..chars.len() {
                let c = chars[i].0;
                if c.is_alphanumeric() || is_space(c) || !chars[i - 1].0.is_whitespace() {
                    continue;
                }
                if !marks.contains(&c) {
                    continue;
                }
                // The white space right before the mark, all of it touching in the text.
                let mut k = i;
                while k > 0
                    && is_space(chars[k - 1].0)
                    && chars[k - 1].1.end() == chars[k].1.start()
                {
                    k -= 1;
                }
                if k == i || k == 0 || chars[k - 1].0.is_whitespace() {
                    continue;
                }
                let before = chars[k - 1].0;
                if before == OPAQUE || !(before.is_alphanumeric() || is_closing(before)) {
                    continue;
                }
                let next = chars.get(i + 1).map(|n| n.0);
                let next_ok = match next {
                    None => true,
                    Some(n) if n.is_whitespace() => true,
                    // ` :)` is an emoticon.
                    Some(n) => is_closing(n) && !matches!(c, ':' | ';'),
                };
                if !next_ok {
                    continue;
                }
                // The source writes the mark after white space too (`Ctrl + ,`): asked once
                // per mark, as a segment may hold thousands of them.
                let spaced_in_source = *spaced_in_source.entry(c).or_insert_with(|| {
                    src.match_indices(c)
                        .any(|(j, _)| src[..j].ends_with(is_space))
                });
                if spaced_in_source {
                    continue;
                }
                let space = chars[k].1.cover(chars[i - 1].1);
                let word_start = chars[..k]
                    .iter()
                    .rposition(|(c, _)| !c.is_alphanumeric())
                    .map_or(0, |p| p + 1)
                    .min(k - 1);
                let word =
                    TextRange::new(chars[word_start].1.start(), chars[k - 1].1.end()).slice(text);
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        space,
                        format!(
                            "white space before `{c}` after `{word}`; the locale writes `{c}` right after the word"
                        ),
                    )
                    .with_segment(seg.id_str(text))
                    .with_fix(Fix::replace(
                        format!("Remove the white space before `{c}`"),
                        space,
                        "",
                        Applicability::Safe,
                    )),
                );
            }
        }
    }
}
