use super::double_space::masked;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::locale::script;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// In locales written without spaces between words (profile `word_spaces: false`:
    /// Chinese, Japanese, Thai), reports a no-break space U+00A0 or a narrow no-break space
    /// U+202F that the locale's typography does not use (profile `punctuation.spaces`),
    /// typically copied from the English source (`Windows 10`, `100 GB`). Code spans,
    /// URLs, HTML tags and the `&nbsp;` entity, written on purpose, are not read. Locales
    /// that separate words by spaces are not checked, since many of them use these spaces
    /// (French before `:` and inside `« »`, German in `z. B.`, thousands separators), and
    /// neither are locales whose spaces are unknown. The safe fix removes the space between
    /// two ideographs, kana or full-width marks (which take no space) and next to other
    /// white space, and otherwise writes an ordinary space.
    ///
    /// ## Why it matters
    /// A no-break space looks like a space in an editor, but it is a different character:
    /// search and glossary tools do not match it, and in text that the locale wraps between
    /// any two characters it keeps words together in ways the reader does not expect.
    ///
    /// ## Example
    /// `在 Windows⟨U+00A0⟩10 中` should be `在 Windows 10 中`; `選取⟨U+00A0⟩[設定]` should be
    /// `選取 [設定]`.
    pub struct ForeignSpace {
        name: "foreign-space",
        category: Whitespace,
        severity: Warning,
        summary: "A no-break space the locale's typography does not use.",
        locale: "Reads `word_spaces` and `punctuation.spaces`. Checks only locales written without spaces between words; quiet where either is unknown.",
    }
}

fn name(c: char) -> &'static str {
    if c == '\u{a0}' {
        "no-break space U+00A0"
    } else {
        "narrow no-break space U+202F"
    }
}

/// Characters that take no space next to each other in the locale.
fn unspaced(c: Option<char>) -> bool {
    c.is_some_and(|c| script::is_ideograph_or_kana(c) || script::is_wide_punctuation(c))
}

impl Rule for ForeignSpace {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let profile = ctx.profile;
        if profile.separates_words() != Some(false) {
            return;
        }
        let foreign: Vec<char> = ['\u{a0}', '\u{202f}']
            .into_iter()
            .filter(|&c| profile.uses_space(c) == Some(false))
            .collect();
        if foreign.is_empty() {
            return;
        }
        let text = ctx.text();
        for (seg, target, _) in ctx.document.pairs() {
            let raw = target.raw(text);
            // Both characters start with a byte that ASCII text never has.
            if !raw.contains(foreign.as_slice()) {
                continue;
            }
            let base = target.content.start();
            let mask = masked(target);
            let mut chars = raw.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if !foreign.contains(&c) {
                    continue;
                }
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d != c {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let range = TextRange::new(base + i, base + end);
                if mask.overlaps(range.start(), range.end()) {
                    continue;
                }
                let before = raw[..i].chars().next_back();
                let after = raw[end..].chars().next();
                let space_near = |x: Option<char>| x.is_none_or(char::is_whitespace);
                let remove = (unspaced(before) && unspaced(after))
                    || space_near(before)
                    || space_near(after);
                let (message, content) = if remove {
                    ("Remove it".to_string(), "")
                } else {
                    ("Replace it with a space".to_string(), " ")
                };
                let count = raw[i..end].chars().count();
                let times = if count > 1 {
                    format!(" ({count} times)")
                } else {
                    String::new()
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!(
                            "{}{times}: the locale's typography does not use it",
                            name(c)
                        ),
                    )
                    .with_segment(seg.id_str(text))
                    .with_fix(Fix::replace(
                        message,
                        range,
                        content,
                        Applicability::Safe,
                    )),
                );
            }
        }
    }
}
