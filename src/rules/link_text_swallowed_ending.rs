use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::Link;
use crate::locale::{self, LocaleProfile, Mark};
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a target link whose text swallowed the end of the sentence: the Korean
    /// "see" verb (`을 참조하세요.`, `를 참조하십시오.`, `참조합니다.`) or the sentence-final
    /// punctuation (`.`, `。`, `?`) inside the link text, at the end of the segment, where
    /// the source's link text (same URL) is a title without them and the source ends the
    /// sentence after the link. A closing quote or bracket whose opening one is outside
    /// the link goes with the mark (`(o haz clic [aquí).](…)`), and French keeps its
    /// no-break space before `?`. The fix moves the swallowed ending out of the link.
    ///
    /// It reads the profile: the sentence marks (`punctuation`: `.`, `。`, `؟`, Greek `;`;
    /// quiet where they are unknown, and in Thai, which ends sentences without one), the
    /// "see" phrases and their particles (`grammar.see_phrases`, `see_particles`), the
    /// quotation marks, and what makes a final mark the link text's own: an ellipsis, an
    /// abbreviation (`punctuation.abbreviations`: Russian `см.`, `2020 г.`), a question the
    /// link text opens (`punctuation.opening`: `¿…?`), a question title (the source's link
    /// text starts with a question word of the English profile, `punctuation.question_words`),
    /// or a sentence mark the target still has after the link.
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
        locale: "Reads `punctuation` (sentence marks, `sentence_period`, `opening`), `grammar.see_phrases`, `grammar.see_particles` and the English profile's `punctuation.question_words`. Quiet where the punctuation is unknown and where sentences end without a mark.",
    }
}

/// Where the swallowed ending starts in a link text: the particle before a "see" phrase
/// of the locale (`을 참조하세요`; or the phrase itself), else the final punctuation with
/// any closing quote or bracket whose opening one is outside the link (`aquí).`). None
/// when the text has neither, or when the final mark belongs to the text itself: an
/// ellipsis, an abbreviation of the locale (`см.`, `2020 г.`), a question that the link
/// text opens (`¿Qué …?`).
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
    if body.len() == trimmed.len() || body.trim().is_empty() {
        return None;
    }
    let marks = &trimmed[body.len()..];
    if marks.chars().count() > 1 || ends_with_abbreviation(profile, trimmed) {
        // `...`, `…`, `etc.`: not the sentence's own period.
        return None;
    }
    let mut buf = [0u8; 4];
    let last = marks.chars().next_back()?;
    if matches!(
        profile.mark_of(last.encode_utf8(&mut buf)),
        Some(Mark::Question | Mark::Exclamation)
    ) && opens_question(profile, body)
    {
        return None;
    }
    Some((body.len() - unbalanced_closers(profile, body), false))
}

/// The text ends with one of the locale's abbreviations (`см.`, `г.`, `p. ex.`), as a
/// word of its own.
pub(super) fn ends_with_abbreviation(profile: &LocaleProfile, text: &str) -> bool {
    let Some(p) = &profile.punctuation else {
        return false;
    };
    p.abbreviations.iter().any(|a| {
        a.ends_with('.')
            && text.len() >= a.len()
            && text.is_char_boundary(text.len() - a.len())
            && text[text.len() - a.len()..].eq_ignore_ascii_case(a)
            && !text[..text.len() - a.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The text holds a mark that opens a question or an exclamation in the locale (`¿`).
pub(super) fn opens_question(profile: &LocaleProfile, text: &str) -> bool {
    profile
        .punctuation
        .as_ref()
        .is_some_and(|p| p.opening.iter().any(|o| text.contains(o.as_str())))
}

/// Bytes of closing quotes and brackets at the end of `body` whose opening ones are not
/// in it (`aquí)` of `(o haz clic [aquí).](…)`): they were pulled in with the period.
pub(super) fn unbalanced_closers(profile: &LocaleProfile, body: &str) -> usize {
    let mut pairs: Vec<(&str, &str)> = vec![("(", ")"), ("（", "）"), ("\"", "\"")];
    pairs.extend(profile.quote_pairs());
    // A body may end with thousands of closers: a mark's count in each shorter prefix
    // comes from where its matches in the whole body end (a prefix's non-overlapping
    // matches are the body's that end in it), not from counting the prefix again.
    let mut match_ends: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut count_before = |mark, prefix_len: usize| {
        match_ends
            .entry(mark)
            .or_insert_with(|| body.match_indices(mark).map(|(i, m)| i + m.len()).collect())
            .partition_point(|&e| e <= prefix_len)
    };
    // A prefix is blank when it ends before the body's first non-space.
    let blank_up_to = body.len() - body.trim_start().len();
    let mut end = body.len();
    'outer: loop {
        let head = &body[..end];
        for &(open, close) in &pairs {
            if !head.ends_with(close) {
                continue;
            }
            let inner = &head[..head.len() - close.len()];
            let unmatched = if open == close {
                count_before(open, inner.len()) % 2 == 0
            } else {
                count_before(close, inner.len()) >= count_before(open, inner.len())
            };
            if unmatched && inner.len() > blank_up_to {
                end = inner.len();
                continue 'outer;
            }
        }
        return body.len() - end;
    }
}

/// The source's link text is a question title (`How do I …`), so a question mark after
/// its link is the title's.
fn source_is_question_title(source_text: &str) -> bool {
    let first = source_text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty());
    first.is_some_and(|w| locale::source().starts_question(w) == Some(true))
}

impl Rule for LinkTextSwallowedEnding {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            // A segment may hold thousands of links: the source's first link to each URL
            // is looked up, not searched for, and only once a link text swallowed an ending.
            let mut source_by_url: Option<HashMap<&str, &Link>> = None;
            for link in &target.inlines.links {
                if link.image || link.autolink {
                    continue;
                }
                let lt = link.text.slice(text);
                let Some((start, verb)) = swallowed_start(ctx.profile, lt) else {
                    continue;
                };
                let url = link.url.slice(text);
                let source_by_url = source_by_url.get_or_insert_with(|| {
                    super::link_url_mismatch::first_link_by_url(source, text)
                });
                let Some(&src) = source_by_url.get(url) else {
                    continue;
                };
                let st = src.text.slice(text).trim_end();
                if st.is_empty() || st.ends_with(['.', '!', '?', ':']) {
                    continue;
                }
                // The link ends the target segment: nothing readable follows it, and no
                // sentence mark either (then the link text's mark is its own: `[…?](…).`).
                let after_target = &text[link.range.end()..target.content.end()];
                if after_target
                    .chars()
                    .any(|c| c.is_alphanumeric() || ctx.profile.is_sentence_end(c))
                {
                    continue;
                }
                // The source's sentence goes on after its link (at least its period).
                let after_source = &text[src.range.end()..source.content.end()];
                if after_source.trim().is_empty() {
                    continue;
                }
                let last = lt.trim_end().chars().next_back();
                let mut buf = [0u8; 4];
                if !verb
                    && last.is_some_and(|c| {
                        ctx.profile.mark_of(c.encode_utf8(&mut buf)) == Some(Mark::Question)
                    })
                    && source_is_question_title(st)
                {
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
                let gap = &lt[keep_end..start];
                let spaced = swallowed
                    .chars()
                    .next()
                    .is_some_and(|c| ctx.profile.spaced_before(c) == Some(true));
                // A space before the verb when the particle did not go with it, and the
                // (no-break) space French sets before `?`: they move with the ending.
                let moved = if verb || spaced {
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
    use super::{swallowed_start, unbalanced_closers};
    use crate::locale;

    #[test]
    fn endings() {
        let ko = profile_of("ko-KR");
        let t = "사용을 참조하세요.";
        assert_eq!(swallowed_start(&ko, t), Some(("사용".len(), true)));
        let t = "Microsoft Edge Management를 참조합니다.";
        assert_eq!(
            swallowed_start(&ko, t).map(|(s, _)| &t[s..]),
            Some("를 참조합니다.")
        );
        assert_eq!(swallowed_start(&ko, "참조하세요."), None);
        let zh = profile_of("zh-TW");
        assert_eq!(
            swallowed_start(&zh, "保留原則一覽。"),
            Some(("保留原則一覽".len(), false))
        );
        assert_eq!(swallowed_start(&zh, "Enable Device Writeback"), None);
    }

    /// The built-in profile a tag resolves to.
    fn profile_of(tag: &str) -> std::sync::Arc<locale::LocaleProfile> {
        locale::builtin().resolve(tag)
    }

    fn swallowed<'t>(tag: &str, t: &'t str) -> Option<&'t str> {
        let p = profile_of(tag);
        swallowed_start(&p, t).map(|(s, _)| &t[s..])
    }

    #[test]
    fn marks_that_belong_to_the_link_text() {
        // A question the link text opens, an abbreviation, an ellipsis.
        assert_eq!(
            swallowed("es-ES", "¿Qué intentan detectar los tipos de información?"),
            None
        );
        assert_eq!(swallowed("es-ES", "es Teams Exploratory?"), Some("?"));
        assert_eq!(swallowed("ru-RU", "сведения см."), None);
        assert_eq!(swallowed("ru-RU", "с 14 января 2020 г."), None);
        assert_eq!(swallowed("ru-RU", "с 14 января 2020 года."), Some("."));
        assert_eq!(swallowed("fr-FR", "Plus d'options..."), None);
        assert_eq!(swallowed("fr-FR", "Plus d'options…"), None);
        assert_eq!(swallowed("pl-PL", "w 2020 r."), None);
        // An unknown locale: its sentence marks are not known, the rule stays quiet.
        assert_eq!(swallowed("xx-YY", "2020 r."), None);
    }

    /// `unbalanced_closers` as it was written first: each prefix counted again.
    fn plain_unbalanced_closers(profile: &locale::LocaleProfile, body: &str) -> usize {
        let mut pairs: Vec<(&str, &str)> = vec![("(", ")"), ("（", "）"), ("\"", "\"")];
        pairs.extend(profile.quote_pairs());
        let mut end = body.len();
        'outer: loop {
            let head = &body[..end];
            for &(open, close) in &pairs {
                if !head.ends_with(close) {
                    continue;
                }
                let inner = &head[..head.len() - close.len()];
                let unmatched = if open == close {
                    inner.matches(open).count() % 2 == 0
                } else {
                    inner.matches(close).count() >= inner.matches(open).count()
                };
                if unmatched && !inner.trim().is_empty() {
                    end = inner.len();
                    continue 'outer;
                }
            }
            return body.len() - end;
        }
    }

    #[test]
    fn closers_counted_once_answer_as_counting_each_prefix() {
        const PIECES: [&str; 20] = [
            "(", ")", "（", "）", "\"", "“", "”", "„", "«", "»", "« ", " »", "「", "」", "'", " ",
            "\u{a0}", "a", "가", "x)",
        ];
        let profiles = ["es-ES", "zh-CN", "fr-FR", "de-DE", "ja-JP", "ko-KR"].map(profile_of);
        let mut random = crate::random::Random::new(11);
        let mut stripped = 0;
        for _ in 0..30_000 {
            let profile = &profiles[random.below(profiles.len())];
            let body: String = (0..random.below(16))
                .map(|_| PIECES[random.below(PIECES.len())])
                .collect();
            let closers = unbalanced_closers(profile, &body);
            assert_eq!(
                closers,
                plain_unbalanced_closers(profile, &body),
                "{body:?}"
            );
            stripped += usize::from(closers > 0);
        }
        assert!(stripped > 3_000, "{stripped} bodies lost closers");
    }

    #[test]
    fn closers_whose_openers_are_outside_go_with_the_period() {
        assert_eq!(swallowed("es-ES", "aquí)."), Some(")."));
        assert_eq!(swallowed("es-ES", "Microsoft 365\"."), Some("\"."));
        assert_eq!(swallowed("es-ES", "\"Microsoft 365\"."), Some("."));
        assert_eq!(swallowed("zh-CN", "向用户分配许可证”。"), Some("”。"));
        assert_eq!(swallowed("zh-CN", "“测试自定义敏感信息类型”。"), Some("。"));
        assert_eq!(
            swallowed("fr-FR", "Azure Active Directory (Azure AD)."),
            Some(".")
        );
    }
}
