use super::english;
use super::link_text_untranslated::english_link_text;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports English words left untranslated in a Korean, Chinese or Japanese target:
    /// a run of English words, copied from the source, with at least one ordinary English
    /// word in it (`the`, `results`, `On-premises`, `sign-in`). Not reported: names from
    /// the do-not-translate list, capitalized names and titles (`Azure AD Premium`,
    /// `Office Home and Business`), acronyms, code, URLs, file names, and link texts left
    /// in English (those are `link-text-untranslated`).
    ///
    /// ## Why it matters
    /// Machine translation leaves words it did not recognize in English; a Korean or
    /// Chinese reader stumbles on them, and the sentence often lost their meaning.
    ///
    /// ## Example
    /// `[On-premises 조건부 액세스를 설정하는 방법을 참조하세요.](…)` for *Setting up
    /// On-premises Conditional Access…*: `On-premises` is left in English.
    pub struct UntranslatedWords {
        name: "untranslated-words",
        category: Untranslated,
        severity: Warning,
        summary: "English words are left untranslated in a Korean, Chinese or Japanese target.",
    }
}

impl Rule for UntranslatedWords {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.locale.is_some_and(english::is_cjk_locale) {
            return;
        }
        let text = ctx.text();
        let list = dnt::builtin();
        for (seg, target, source) in ctx.document.pairs() {
            let plain = target.plain(text).trim();
            if plain == source.plain(text).trim() || !english::has_cjk(plain) {
                continue;
            }
            let prose = target.prose(text);
            let base = target.content.start();
            let mut shield: Vec<(usize, usize)> = list
                .find_ignore_case(&prose)
                .iter()
                .map(|m| (m.start, m.end))
                .collect();
            shield.extend(
                target
                    .inlines
                    .links
                    .iter()
                    .filter(|l| english_link_text(text, target, source, l).is_some())
                    .map(|l| (l.text.start() - base, l.text.end() - base)),
            );
            let source_prose = source.prose(text);
            let source_lower = source_prose.to_lowercase();
            let in_source = |w: &str| {
                let w = w.to_lowercase();
                source_lower
                    .match_indices(&w)
                    .any(|(i, _)| dnt::latin_boundary(&source_lower, i, i + w.len()))
            };
            for run in english::runs(&prose, &shield) {
                // Every strong word is one the source has: a leftover, not an addition.
                let strong: Vec<&str> = run
                    .tokens
                    .iter()
                    .filter(|t| t.is_strong(&prose))
                    .map(|t| &prose[t.start..t.end])
                    .collect();
                if strong.is_empty() || !strong.iter().all(|w| in_source(w)) {
                    continue;
                }
                let words = &prose[run.start()..run.end()];
                let range = TextRange::new(run.start(), run.end()).offset(base);
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!("English left untranslated: \"{words}\""),
                )
                .with_segment(seg.id_str(text));
                let lower = words.to_lowercase();
                let same_offsets = source_lower.len() == source_prose.len();
                if let Some(i) = source_lower
                    .match_indices(&lower)
                    .map(|(i, _)| i)
                    .find(|&i| dnt::latin_boundary(&source_lower, i, i + lower.len()))
                    .filter(|_| same_offsets)
                {
                    let at = source.content.start() + i;
                    d = d.with_label(TextRange::new(at, at + lower.len()), "in the source");
                }
                out.push(d);
            }
        }
    }
}
