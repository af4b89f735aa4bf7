use super::ending_punctuation::{Visibility, visible_chars};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::locale::{Width, script};
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// In locales written without spaces between words that use full-width punctuation
    /// (profile `word_spaces: false` and `punctuation.width: fullwidth`: Chinese,
    /// Japanese), reports spaces between full-width punctuation (and the locale's own
    /// quotation marks, `“` `”` in Chinese) and an ideograph or kana: after a mark
    /// (`設定、 次に`, `完成。 然后`, `「 設定`, `“设置” 选项`) and before a mark that does not
    /// open (`設定 、`, `帳戶 」`, `“帐户” 。`); and between a mark that does not open and a Latin word, a
    /// number or a UI label's `[` (`设置， Outlook`, `次に、 [保存]`, `Outlook ，`).
    /// Full-width marks carry their own spacing. A space before an opening mark (`选择 “设置”`,
    /// `Outlook （`), a space next to a half-width symbol (`“设置” > “帐户”`) and the spaces
    /// the style guides put between Chinese or Japanese and Latin words or numbers
    /// (`在 Windows 10 中`) are not reported. Spaces at
    /// the segment's edges (line-leading list markup), in code spans, URLs and HTML tags, and
    /// the ideographic space U+3000 are not read, nor a space that emphasis needs to render
    /// (`**注意：** 无法`: emphasis ending with punctuation closes only before white space
    /// or punctuation). Other locales, and locales whose width or
    /// word spacing is unknown, are not checked. The safe fix removes the spaces.
    ///
    /// ## Why it matters
    /// A space next to full-width punctuation shows as a wide gap in Chinese and Japanese
    /// text; it is a typical leftover of machine translation, which copies the English
    /// spacing after `,` and `.`.
    ///
    /// ## Example
    /// `選取 [設定]， 然後選取 [帳戶]。` should be `選取 [設定]，然後選取 [帳戶]。`
    pub struct SpaceAroundFullwidthPunctuation {
        name: "space-around-fullwidth-punctuation",
        category: Whitespace,
        severity: Warning,
        summary: "A space next to full-width punctuation in Chinese or Japanese text.",
        locale: "Reads `word_spaces`, `punctuation.width` and `quotes`. Checks only locales without spaces between words that write punctuation full-width; quiet where either is unknown.",
    }
}

/// A full-width mark that opens (`「`, `（`, `【`): the text follows it.
fn opens(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    matches!(
        get_general_category(c),
        G::OpenPunctuation | G::InitialPunctuation
    ) || c == '〝'
}

/// Full-width punctuation, not the ideographic space.
fn is_mark(c: char) -> bool {
    c != '\u{3000}' && script::is_wide_punctuation(c)
}

impl Rule for SpaceAroundFullwidthPunctuation {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let profile = ctx.profile;
        if profile.separates_words() != Some(false) || profile.width() != Some(Width::Fullwidth) {
            return;
        }
        let text = ctx.text();
        // The locale's own quotation marks are full-width in its fonts (`“` `”` in Chinese).
        let quotes: Vec<char> = profile
            .quote_pairs()
            .iter()
            .flat_map(|(o, c)| [*o, *c])
            .filter_map(|q| {
                let mut it = q.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) if !c.is_ascii() => Some(c),
                    _ => None,
                }
            })
            .collect();
        for (seg, target, _) in ctx.document.pairs() {
            let raw = target.raw(text);
            if !raw.contains(' ') {
                continue;
            }
            let chars = visible_chars(target, text, Visibility::default());
            let mut i = 0;
            while i < chars.len() {
                if chars[i].0 != ' ' {
                    i += 1;
                    continue;
                }
                // A run of spaces, touching in the text, between two visible characters.
                let start = i;
                while i < chars.len()
                    && chars[i].0 == ' '
                    && (i == start || chars[i - 1].1.end() == chars[i].1.start())
                {
                    i += 1;
                }
                let (Some(&(before, _)), Some(&(after, _))) =
                    (start.checked_sub(1).map(|b| &chars[b]), chars.get(i))
                else {
                    continue;
                };
                let letter = |c: char| script::is_ideograph_or_kana(c);
                // Latin letters, digits and a UI label's `[`: full-width punctuation takes
                // no space next to them either (`设置， Outlook`, `次に、 [保存]`).
                let other = |c: char| c.is_ascii_alphanumeric() || c == '[';
                let mark = |c: char| is_mark(c) || quotes.contains(&c);
                // `設定、 次に`, `「 設定`, `“设置” 选项`: after a mark, before a letter.
                let after_mark =
                    mark(before) && (letter(after) || (!opens(before) && other(after)));
                // `設定 、`, `帳戶 」`: after a letter, before a mark that does not open.
                let before_mark =
                    (letter(before) || other(before) || (mark(before) && !opens(before)))
                        && mark(after)
                        && !opens(after);
                if !(after_mark || before_mark) {
                    continue;
                }
                let range = chars[start].1.cover(chars[i - 1].1);
                // `**注意：** 无法`: emphasis that ends with punctuation closes only before
                // white space or punctuation (CommonMark), so the space is needed there.
                let markup = if after_mark {
                    &text[chars[start - 1].1.end()..range.start()]
                } else {
                    &text[range.end()..chars[i].1.start()]
                };
                if markup.contains(['*', '_']) {
                    continue;
                }
                let shown = if after_mark { before } else { after };
                let side = if after_mark { "after" } else { "before" };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!("a space {side} the full-width `{shown}`; full-width punctuation takes no space"),
                    )
                    .with_segment(seg.id_str(text))
                    .with_fix(Fix::replace(
                        "Remove the space",
                        range,
                        "",
                        Applicability::Safe,
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_marks() {
        assert!(opens('「') && opens('（') && opens('【'));
        assert!(!opens('」') && !opens('、') && !opens('。'));
    }
}
