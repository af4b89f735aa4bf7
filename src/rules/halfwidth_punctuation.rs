use super::ending_punctuation::{Visibility, visible_chars};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::locale::{Width, script};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// In locales whose profile writes punctuation full-width (`punctuation.width:
    /// fullwidth`: Chinese, Japanese; not Korean, which uses half-width punctuation),
    /// reports a half-width `,` `;` `:` `?` `!` written right after an ideograph, kana or
    /// full-width mark (emphasis markers between them do not count), and a pair of
    /// half-width parentheses around Chinese or Japanese text that touches it on both sides
    /// with no space (`何公用資料夾(包括行事曆)。`). Marks the locale's style guide writes
    /// half-width (`punctuation.halfwidth_allowed`: in Japanese, after Microsoft's Japanese
    /// style guide, `(` `)` `:` `?` `!`) are not reported. Half-width parentheses set off by
    /// spaces, or around English text or numbers (`ADFS (2012 R2 或更高)`), follow the
    /// Microsoft style guides and are not reported. Code, URLs and numbers (`1,000`,
    /// `10:30`) are ignored. Other locales, and locales whose width is unknown, are not
    /// checked. The safe fix writes the full-width form and drops the space after it.
    ///
    /// ## Why it matters
    /// Chinese and Japanese text uses full-width punctuation; a half-width comma or colon
    /// between ideographs looks cramped and unfinished, and is a typical leftover of machine
    /// translation or of editing with an English keyboard.
    ///
    /// ## Example
    /// `若要啟用自動登入;若要…` should be `…自動登入；若要…`, and `請參閱以下文章:` should
    /// end with `：`.
    pub struct HalfwidthPunctuation {
        name: "halfwidth-punctuation",
        category: Punctuation,
        severity: Warning,
        summary: "Half-width punctuation inside Chinese or Japanese text, where the locale writes it full-width.",
        locale: "Reads `punctuation.width` and `punctuation.halfwidth_allowed`. Checks only locales that write punctuation full-width; quiet where the width is unknown.",
    }
}

/// Ideographs, kana and the full-width punctuation written with them.
fn is_cjk(c: char) -> bool {
    script::is_ideograph_or_kana(c) || script::is_wide_punctuation(c)
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

impl Rule for HalfwidthPunctuation {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let profile = ctx.profile;
        if profile.width() != Some(Width::Fullwidth) {
            return;
        }
        let text = ctx.text();
        for seg in &ctx.document.segments {
            let Some(target) = seg.target.as_ref() else {
                continue;
            };
            let raw = target.raw(text);
            if !raw
                .bytes()
                .any(|b| matches!(b, b',' | b';' | b':' | b'?' | b'!' | b'('))
            {
                continue;
            }
            let chars = visible_chars(target, text, Visibility::default());
            let id = seg.id_str(text);
            // Ideographs or kana, and ASCII letters or digits, read so far inside open
            // parentheses; each open one keeps the counts after it. What a pair holds is
            // the difference, not read again for every pair (thousands of nested ones).
            let mut counts = (0usize, 0usize);
            let mut paren_stack: Vec<(usize, (usize, usize))> = Vec::new();
            for (i, &(c, range)) in chars.iter().enumerate() {
                let inside = counts;
                if !paren_stack.is_empty() {
                    counts.0 += usize::from(script::is_ideograph_or_kana(c));
                    counts.1 += usize::from(c.is_ascii_alphanumeric());
                }
                match c {
                    ',' | ';' | ':' | '?' | '!' if !profile.halfwidth_allowed(c) => {
                        let after_cjk = i > 0 && is_cjk(chars[i - 1].0);
                        // `?!`, `!!` and `::` runs are not sentence punctuation.
                        let run = chars.get(i + 1).is_some_and(|n| "?!:".contains(n.0))
                            || (i > 0 && "?!:".contains(chars[i - 1].0));
                        if !after_cjk || run {
                            continue;
                        }
                        out.push(self.report(text, &chars, i, range, c, id));
                    }
                    '(' if !profile.halfwidth_allowed('(') => paren_stack.push((i, counts)),
                    ')' => {
                        let Some((o, after_open)) = paren_stack.pop() else {
                            continue;
                        };
                        let cjk_inside = inside.0 > after_open.0 && inside.1 == after_open.1;
                        let glued_before = o > 0 && is_cjk(chars[o - 1].0);
                        let glued_after = chars.get(i + 1).is_some_and(|n| is_cjk(n.0));
                        if !(cjk_inside && glued_before && glued_after) {
                            continue;
                        }
                        let (open, close) = (chars[o].1, range);
                        out.push(
                            Diagnostic::new(
                                &Self::META,
                                open.cover(close),
                                "half-width parentheses around Chinese/Japanese text; use `（` `）`",
                            )
                            .with_segment(id)
                            .with_fix(Fix {
                                message: "Use full-width parentheses".into(),
                                edits: vec![
                                    Edit {
                                        range: open,
                                        content: "（".into(),
                                    },
                                    Edit {
                                        range: close,
                                        content: "）".into(),
                                    },
                                ],
                                applicability: Applicability::Safe,
                            }),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

impl HalfwidthPunctuation {
    fn report(
        &self,
        text: &str,
        chars: &[(char, TextRange)],
        i: usize,
        range: TextRange,
        c: char,
        id: &str,
    ) -> Diagnostic {
        let wide = full_width(c).expect("half-width mark");
        // Full-width marks carry their own spacing: one ASCII space after it goes too.
        let mut edit_range = range;
        if let Some(&(' ', sp)) = chars.get(i + 1)
            && sp.start() == range.end()
            && chars.get(i + 2).is_some_and(|n| !n.0.is_whitespace())
        {
            edit_range = range.cover(sp);
        }
        let before = chars[i - 1].1;
        Diagnostic::new(
            &Self::META,
            range,
            format!(
                "half-width `{c}` after `{}` in Chinese/Japanese text; use `{wide}`",
                before.slice(text)
            ),
        )
        .with_segment(id)
        .with_fix(Fix::replace(
            format!("Use `{wide}`"),
            edit_range,
            wide.to_string(),
            Applicability::Safe,
        ))
    }
}
