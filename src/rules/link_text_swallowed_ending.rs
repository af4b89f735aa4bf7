use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a target link whose text swallowed the end of the sentence: the Korean
    /// "see" verb (`을 참조하세요.`, `를 참조하십시오.`, `참조합니다.`) or the sentence-final
    /// punctuation (`.`, `。`, `?`) inside the link text, at the end of the segment, where
    /// the source's link text (same URL) is a title without them and the source ends the
    /// sentence after the link. The fix moves the swallowed ending out of the link.
    ///
    /// ## Why it matters
    /// The link then reads as "see …" or carries the period, and the title of the linked
    /// article is cut short or mixed with the sentence; readers click a sentence, not a
    /// title.
    ///
    /// ## Example
    /// `… 장치 쓰기 기록 [사용을 참조하세요.](…/how-to-connect-device-writeback)` for
    /// *see [Enable Device Writeback](…).*: `을 참조하세요.` belongs after the link.
    pub struct LinkTextSwallowedEnding {
        name: "link-text-swallowed-ending",
        category: Links,
        severity: Warning,
        summary: "A target link's text swallowed the sentence's ending (verb or final punctuation).",
    }
}

/// Where the swallowed ending starts in a link text: the particle before a "see" phrase
/// of the locale (`을 참조하세요`; or the phrase itself), else the final punctuation.
/// None when the text has neither.
fn swallowed_start(profile: &LocaleProfile, link_text: &str) -> Option<(usize, bool)> {
    let trimmed = link_text.trim_end();
    let body = trimmed.trim_end_matches(|c| profile.is_sentence_end(c));
    let grammar = &profile.grammar;
    if let Some(verb) = grammar
        .see_phrases
        .iter()
        .find(|v| body.ends_with(v.as_str()))
    {
        let mut start = body.len() - verb.len();
        let before = body[..start].trim_end_matches(' ');
        // `사용을 참조하세요`: the object particle goes out with the verb.
        if let Some(p) = grammar
            .see_particles
            .iter()
            .find(|p| before.ends_with(p.as_str()))
        {
            let particle_start = before.len() - p.len();
            // Keep a particle that is the whole word (nothing before it).
            if before[..particle_start]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace())
            {
                start = particle_start;
            }
        }
        if start == 0 {
            return None;
        }
        return Some((start, true));
    }
    (body.len() < trimmed.len() && !body.trim().is_empty()).then_some((body.len(), false))
}

impl Rule for LinkTextSwallowedEnding {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            for link in &target.inlines.links {
                if link.image || link.autolink {
                    continue;
                }
                let lt = link.text.slice(text);
                let Some((start, verb)) = swallowed_start(ctx.profile, lt) else {
                    continue;
                };
                let url = link.url.slice(text);
                let Some(src) = source
                    .inlines
                    .links
                    .iter()
                    .find(|l| l.url.slice(text) == url)
                else {
                    continue;
                };
                let st = src.text.slice(text).trim_end();
                if st.is_empty() || st.ends_with(|c| matches!(c, '.' | '!' | '?' | ':')) {
                    continue;
                }
                // The link ends the target segment: nothing readable follows it.
                let after_target = &text[link.range.end()..target.content.end()];
                if after_target.chars().any(char::is_alphanumeric) {
                    continue;
                }
                // The source's sentence goes on after its link (at least its period).
                let after_source = &text[src.range.end()..source.content.end()];
                if after_source.trim().is_empty() {
                    continue;
                }
                if verb
                    && ["see", "refer", "check"]
                        .iter()
                        .any(|w| st.to_lowercase().split_whitespace().any(|x| x == *w))
                {
                    continue;
                }
                let end = lt.trim_end().len();
                let range = TextRange::new(link.text.start() + start, link.text.start() + end);
                let swallowed = range.slice(text);
                let keep_end = lt[..start].trim_end().len();
                let moved = if verb {
                    // A space before the verb when the particle did not go with it.
                    let gap = &lt[keep_end..start];
                    format!("{gap}{swallowed}")
                } else {
                    swallowed.to_string()
                };
                let fix = Fix {
                    message: format!("Move \"{}\" after the link", moved.trim()),
                    edits: vec![
                        Edit {
                            range: TextRange::new(
                                link.text.start() + keep_end,
                                link.text.start() + end,
                            ),
                            content: String::new(),
                        },
                        Edit {
                            range: TextRange::empty(link.range.end()),
                            content: moved,
                        },
                    ],
                    applicability: if verb {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    },
                };
                let what = if verb {
                    "the sentence's verb"
                } else {
                    "the sentence-final punctuation"
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        range,
                        format!("link text swallowed {what} \"{swallowed}\""),
                    )
                    .with_segment(seg.id_str(text))
                    .with_label(src.text, "the source's link text")
                    .with_fix(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::swallowed_start;
    use crate::locale;

    #[test]
    fn endings() {
        let ko = locale::builtin().resolve("ko-KR");
        let t = "사용을 참조하세요.";
        assert_eq!(swallowed_start(&ko, t), Some(("사용".len(), true)));
        let t = "Microsoft Edge Management를 참조합니다.";
        assert_eq!(
            swallowed_start(&ko, t).map(|(s, _)| &t[s..]),
            Some("를 참조합니다.")
        );
        assert_eq!(swallowed_start(&ko, "참조하세요."), None);
        let zh = locale::builtin().resolve("zh-TW");
        assert_eq!(
            swallowed_start(&zh, "保留原則一覽。"),
            Some(("保留原則一覽".len(), false))
        );
        assert_eq!(swallowed_start(&zh, "Enable Device Writeback"), None);
    }
}
