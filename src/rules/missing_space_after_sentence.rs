use super::ending_punctuation::{Visibility, visible_chars};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::locale;
use crate::rule::{Context, Rule};
use crate::text::{CharSet, TextRange};

declare_rule! {
    /// ## What it does
    /// In locales that separate words by spaces (profile `word_spaces`), reports a
    /// sentence-final mark (the profile's full stop, question and exclamation marks: `.`
    /// `?` `!`, `؟` in Arabic, `।` in Hindi) glued to the next sentence
    /// (`Einstellungen.Wählen Sie`, `**Einstellungen.**Wählen`). The mark must follow a
    /// word of two or more letters and be followed by a capital letter (in scripts without
    /// case: a letter of the script after a letter of the script, unless the locale attaches
    /// particles to words, as Korean does: `[…입니까?](url)를`), with nothing but
    /// emphasis or link syntax between them. Not reported: names, domains and files
    /// (`Outlook.com`, `Microsoft.Graph`, `setup.exe`), versions and numbers (`1.5`),
    /// identifiers (`System.IO`, `Get-Item.PowerShell`), abbreviations of the locale or of
    /// English (`e.g.`, `z.B.`, `r.`, `т.е.`), code spans, URLs, text split by an HTML tag
    /// (`.<br>`), a glued word the source has too, and a segment whose source glues its
    /// own sentences (the translation did not add the defect). Scripts without spaces
    /// between words, and locales whose word spacing or punctuation is unknown, are not
    /// checked. The safe fix inserts a space before the next sentence.
    ///
    /// ## Why it matters
    /// Without the space the two sentences read as one word: search, spell checking and
    /// text-to-speech break on it, and it is a typical defect of machine translation around
    /// inline tags.
    ///
    /// ## Example
    /// `Öffnen Sie **Einstellungen**.Wählen Sie dann **Konto** aus.` should be
    /// `Öffnen Sie **Einstellungen**. Wählen Sie dann **Konto** aus.`
    pub struct MissingSpaceAfterSentence {
        name: "missing-space-after-sentence",
        category: Whitespace,
        severity: Warning,
        summary: "No space between a sentence-final mark and the next sentence.",
        locale: "Reads `word_spaces`, `punctuation` (sentence marks, `abbreviations`), `grammar.suffixes_attach` and the script's letters and case. Quiet where words are not separated by spaces or the punctuation is unknown.",
    }
}

/// Characters that continue a name, a file or a version around a period.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '\\' | '@' | '#')
}

/// A lowercase letter (or a closing bracket or quote: `(url).To`), a sentence-final mark
/// and an uppercase letter, glued: the source's own sentences are glued.
fn source_glues(src: &str) -> bool {
    let mut it = src.chars();
    let (mut a, mut b) = (it.next(), it.next());
    for c in it {
        if a.is_some_and(|a| a.is_lowercase() || matches!(a, ')' | ']' | '"' | '*' | '’' | '”'))
            && matches!(b, Some('.' | '?' | '!'))
            && c.is_uppercase()
        {
            return true;
        }
        (a, b) = (b, Some(c));
    }
    false
}

impl Rule for MissingSpaceAfterSentence {
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
        let english = locale::source();
        let ends = profile.sentence_end_chars();
        let end_set = CharSet::new(ends.iter().copied());
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            // Cheap test first: a sentence mark followed, through emphasis markers, by a
            // letter that is not lowercase, or by the end of a link's text (`.](`).
            let candidate = end_set.any_at(raw, |i, c| {
                let rest = &raw[i + c.len_utf8()..];
                if rest.starts_with("](") {
                    return true;
                }
                rest.trim_start_matches(['*', '_'])
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphabetic() && !n.is_lowercase())
            });
            if !candidate {
                continue;
            }
            let chars = visible_chars(target, text, Visibility::default());
            // Where the name, file or version around a mark starts and ends, read by two
            // cursors that only move forward: a segment of thousands of dot-joined words
            // (`ab.C` × 4,000) would otherwise be read whole at every period.
            let (mut scanned, mut token_start) = (0, 0);
            let mut token_end = 0;
            let mut glued_source: Option<bool> = None;
            let mut source_has: std::collections::HashMap<String, bool> = Default::default();
            for i in 1..chars.len().saturating_sub(1) {
                let (c, mark) = chars[i];
                if !ends.contains(&c) {
                    continue;
                }
                let (prev, next) = (chars[i - 1].0, chars[i + 1].0);
                // A capital before the mark is a sentence end only where markup closes the
                // word (`**OK**.Fermez`); bare, it may be a name (`ASP.Net`).
                let word_closed = chars[i - 1].1.end() < mark.start();
                let cased = next.is_uppercase() && (prev.is_lowercase() || word_closed);
                // Korean particles attach to a quoted sentence (`[…습니까?](url)를`).
                let uncased = !profile.grammar.suffixes_attach
                    && !next.is_lowercase()
                    && !next.is_uppercase()
                    && profile.is_native_letter(next)
                    && profile.is_native_letter(prev);
                if !(cased || uncased) {
                    continue;
                }
                // Only markup between the mark and the next word, no white space, no tag.
                let next_range = chars[i + 1].1;
                let between = &text[mark.end()..next_range.start()];
                if between.contains(|b: char| b.is_whitespace() || b == '<' || b == '>') {
                    continue;
                }
                // The word before: letters only, two or more (not `e.g`, `Outlook.com`,
                // `v1.5`, `C:\Windows`).
                while scanned < i {
                    if !is_token_char(chars[scanned].0) {
                        token_start = scanned + 1;
                    }
                    scanned += 1;
                }
                let word = &chars[token_start..i];
                // Read from the mark back: the first other character stops it, so no two
                // marks read the same characters.
                if word.len() < 2 || !word.iter().rev().all(|(c, _)| c.is_alphabetic()) {
                    continue;
                }
                // The word after: a word, not an identifier (`Graph.Client`, `PowerShell`,
                // `IO`, `V2`).
                // Where an earlier mark's word after ran past this mark, it ends there too.
                token_end = token_end.max(i + 1);
                while token_end < chars.len() && is_token_char(chars[token_end].0) {
                    token_end += 1;
                }
                let after_end = token_end;
                let after = &chars[i + 1..after_end];
                if !after.iter().all(|(c, _)| c.is_alphabetic())
                    || after.iter().skip(1).any(|(c, _)| c.is_uppercase())
                {
                    continue;
                }
                let upto = TextRange::new(word[0].1.start(), mark.end()).slice(text);
                if profile.ends_with_abbreviation(upto) || english.ends_with_abbreviation(upto) {
                    continue;
                }
                // The same glued text in the source is a name, not two sentences.
                let glued = TextRange::new(word[0].1.start(), chars[after_end - 1].1.end());
                let src = source.raw(text);
                let plain: String = word
                    .iter()
                    .chain(std::iter::once(&chars[i]))
                    .chain(after)
                    .map(|(c, _)| *c)
                    .collect();
                // Asked once per distinct text: a segment may glue thousands of sentences.
                let mut in_source = |needle: &str| {
                    *source_has
                        .entry(needle.to_string())
                        .or_insert_with(|| src.contains(needle))
                };
                if in_source(&plain) || in_source(glued.slice(text)) {
                    continue;
                }
                if *glued_source.get_or_insert_with(|| source_glues(src)) {
                    break;
                }
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        mark.cover(next_range),
                        format!(
                            "no space after `{c}` before the next sentence `{}`",
                            TextRange::new(next_range.start(), chars[after_end - 1].1.end())
                                .slice(text)
                        ),
                    )
                    .with_segment(seg.id_str(text))
                    .with_fix(Fix::replace(
                        "Insert a space",
                        TextRange::empty(next_range.start()),
                        " ",
                        Applicability::Safe,
                    )),
                );
            }
        }
    }
}
