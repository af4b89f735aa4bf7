use super::link_text_swallowed_ending::{
    ends_with_abbreviation, opens_question, unbalanced_closers,
};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::EmphasisSpan;
use crate::locale::{self, LocaleProfile, Mark};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports bold or italic whose closing marker took in the punctuation that the
    /// source keeps after it: source `Select **Settings**.`, target
    /// `Wählen Sie **Einstellungen aus.**`. Target and source spans are paired by order
    /// when both have as many; a target span is reported when its text ends with a
    /// full stop, question or exclamation mark, colon, semicolon or comma of the locale
    /// (profile `punctuation`: `。`, `؟`, French ` :`) whose kind is the mark right after
    /// the source's span, and the source's span does not end with it. A closing quote or
    /// bracket whose opening one is outside the span goes with the mark
    /// (`**"Einstellungen".**`). Marks that belong to the span's text stay: an ellipsis,
    /// an abbreviation of the locale (`etc.`, `см.`), a question the span opens (`¿`).
    /// For a locale whose punctuation is unknown the rule stays quiet. The fix moves the
    /// closing marker before the swallowed part.
    ///
    /// ## Why it matters
    /// The sentence's punctuation is set in bold as if it were part of the UI label, and
    /// the emphasis no longer marks what the source marks; it usually goes with words
    /// moved into the span by machine translation.
    ///
    /// ## Example
    /// ```markdown
    /// Wählen Sie **Einstellungen aus.**
    /// Sélectionnez **Enregistrer.**
    /// ```
    /// The sources are `Select **Settings**.` and `Select **Save**.`
    pub struct EmphasisSwallowedEnding {
        name: "emphasis-swallowed-ending",
        category: Markup,
        severity: Warning,
        summary: "Bold or italic took in the punctuation the source keeps after it.",
        locale: "Reads `punctuation` (the locale's full stop, question and exclamation marks, colon, semicolon, comma) and `punctuation.abbreviations`. Quiet where the punctuation is unknown.",
    }
}

const MARKS: [Mark; 6] = [
    Mark::FullStop,
    Mark::Question,
    Mark::Exclamation,
    Mark::Colon,
    Mark::Semicolon,
    Mark::Comma,
];

fn mark(profile: &LocaleProfile, c: char) -> Option<Mark> {
    let mut buf = [0u8; 4];
    profile
        .mark_of(c.encode_utf8(&mut buf))
        .filter(|m| MARKS.contains(m))
}

fn is_marker(b: u8) -> bool {
    b == b'*' || b == b'_'
}

/// Where the swallowed part of a span's text starts (absolute), and the mark it ends
/// with; None when the text does not end with a mark of its own locale that is the
/// sentence's.
fn swallowed(profile: &LocaleProfile, text: &str, span: &EmphasisSpan) -> Option<(usize, Mark)> {
    let (start, end) = (span.open.end(), span.close.start());
    let inner = &text[start..end];
    let last = inner.chars().next_back()?;
    let kind = mark(profile, last)?;
    let body = inner.trim_end_matches(|c| mark(profile, c).is_some());
    let marks = &inner[body.len()..];
    if marks.chars().count() > 1 || body.trim().is_empty() {
        // `?!`, `...`: not one sentence mark.
        return None;
    }
    if ends_with_abbreviation(profile, inner) {
        return None;
    }
    if matches!(kind, Mark::Question | Mark::Exclamation) && opens_question(profile, body) {
        return None;
    }
    let kept = body.len() - unbalanced_closers(profile, body);
    // French ` :`: the space before the mark goes out with it.
    let kept = body[..kept].trim_end().len();
    if kept == 0 || body[..kept].ends_with(['*', '_']) {
        return None;
    }
    Some((start + kept, kind))
}

impl Rule for EmphasisSwallowedEnding {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.profile.punctuation.is_none() {
            return;
        }
        let text = ctx.text();
        let english = locale::source();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.emphasis.is_empty() || source.inlines.emphasis.is_empty() {
                continue;
            }
            // Cheap first: a marker run that may close right after a mark (or a closing
            // quote or bracket after one).
            let candidate = target.inlines.emphasis.iter().any(|e| {
                e.can_close
                    && text[target.content.start()..e.range.start()]
                        .chars()
                        .rev()
                        .take(3)
                        .any(|c| mark(ctx.profile, c).is_some())
            });
            if !candidate {
                continue;
            }
            let rt = target.inlines.resolve_emphasis();
            if rt.spans.is_empty() {
                continue;
            }
            let rs = source.inlines.resolve_emphasis();
            if rs.spans.len() != rt.spans.len() {
                continue;
            }
            let bytes = text.as_bytes();
            for (t, s) in rt.spans.iter().zip(&rs.spans) {
                // The outer span of `***x.***` speaks for both.
                if t.close.end() < target.content.end() && is_marker(bytes[t.close.end()]) {
                    continue;
                }
                let Some((at, kind)) = swallowed(ctx.profile, text, t) else {
                    continue;
                };
                // The source keeps the same kind of mark right after its span…
                let after = text[s.close.end()..source.content.end()].chars().next();
                let Some(after) = after.filter(|&c| mark(&english, c) == Some(kind)) else {
                    continue;
                };
                // …and not inside it.
                let src_inner = &text[s.open.end()..s.close.start()];
                if src_inner
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| mark(&english, c).is_some())
                {
                    continue;
                }
                let range = TextRange::new(at, t.close.start());
                let part = range.slice(text);
                let marker = t.close.slice(text);
                let what = if t.strong { "bold" } else { "italic" };
                let nested = t.close.start() > 0 && is_marker(bytes[t.close.start() - 1]);
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!(
                        "the {what} text took in \"{}\", which the source keeps after its {what} text",
                        part.trim()
                    ),
                )
                .with_segment(seg.id_str(text))
                .with_label(
                    TextRange::new(s.close.end(), s.close.end() + after.len_utf8()),
                    "the source's mark after its emphasis",
                )
                .with_label(s.open.cover(s.close), format!("{what} in the source"));
                if !nested {
                    d = d.with_fix(Fix {
                        message: format!("Close the {what} text before \"{}\"", part.trim()),
                        edits: vec![
                            Edit {
                                range: TextRange::empty(at),
                                content: marker.to_string(),
                            },
                            Edit {
                                range: t.close,
                                content: String::new(),
                            },
                        ],
                        applicability: Applicability::Safe,
                    });
                }
                out.push(d);
            }
        }
    }
}
