use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::html::is_raw_html_tag;
use crate::document::{Escape, SegmentText};
use crate::rule::{Context, Rule};
use crate::text::{SortedRanges, TextRange};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a backslash escape of the source (`\*`, `\_`, `\<`, `\[`) that the target
    /// lost where losing it changes what is rendered: the character now opens emphasis,
    /// an HTML tag that swallows a placeholder such as `<username>`, or a link; or a
    /// space came between the backslash and its character (`\ *`), so the backslash
    /// shows. Escapes whose loss changes nothing (`\>` in the middle of a line) are not
    /// reported, nor the source's escaped `\*\*` around a label, which is a defect of the
    /// source that a target may well repair.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// Readers see text in italics that should not be, lose a placeholder from a command
    /// or path, or see a stray backslash.
    ///
    /// ## Example
    /// ```markdown
    /// C:\Users\<username>\AppData
    /// ```
    /// The source has `C:\Users\\<username\>\AppData`: unescaped, `<username>` is read as
    /// an HTML tag and disappears.
    pub struct EscapeMismatch {
        name: "escape-mismatch",
        category: Markup,
        severity: Warning,
        summary: "A source backslash escape is lost in the target where that changes rendering.",
    }
}

fn count(side: &SegmentText, text: &str, ch: u8) -> usize {
    side.inlines
        .escapes
        .iter()
        .filter(|e| e.char(text) == ch)
        .count()
}

/// The source's `\*\*` pairs (escaped markers around a label): a source defect.
fn doubled(side: &SegmentText, text: &str, ch: u8) -> bool {
    let es: Vec<&Escape> = side
        .inlines
        .escapes
        .iter()
        .filter(|e| e.char(text) == ch)
        .collect();
    es.windows(2).any(|w| w[0].range.end == w[1].range.start)
}

fn first_escape(side: &SegmentText, text: &str, ch: u8) -> Option<TextRange> {
    side.inlines
        .escapes
        .iter()
        .find(|e| e.char(text) == ch)
        .map(|e| e.range)
}

/// How many backslashes a reader sees: `\\` shows one, `\*` none, `\U` one.
fn shown_backslashes(prose: &str) -> usize {
    let b = prose.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            match b.get(i + 1) {
                Some(b'\\') => {
                    n += 1;
                    i += 2;
                    continue;
                }
                Some(c) if c.is_ascii_punctuation() => {
                    i += 2;
                    continue;
                }
                _ => n += 1,
            }
        }
        i += 1;
    }
    n
}

impl Rule for EscapeMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if source.inlines.escapes.is_empty() {
                continue;
            }
            let mut chars: Vec<u8> = source
                .inlines
                .escapes
                .iter()
                .map(|e| e.char(text))
                .collect();
            chars.sort_unstable();
            chars.dedup();
            let t_raw = target.raw(text);
            // A target may split thousands of escapes inside tags: each `\ ` is looked up
            // among the tags by binary search, not by scanning them.
            let tags = SortedRanges::new(
                target
                    .inlines
                    .html_tags
                    .iter()
                    .map(|t| (t.range.start(), t.range.end()))
                    .collect(),
            );
            let mut reported: Vec<TextRange> = Vec::new();
            for ch in chars {
                if count(target, text, ch) >= count(source, text, ch) {
                    continue;
                }
                let c = ch as char;
                let label = first_escape(source, text, ch);
                // `\ *`: the backslash now escapes a space and shows.
                let spaced = format!("\\ {c}");
                // Not the second half of `\\`, and not inside a tag or placeholder.
                let in_tag = |at: usize| tags.holds(at, at + 1);
                let split = t_raw.match_indices(&spaced).map(|(i, _)| i).find(|&i| {
                    ch != b'\\'
                        && !t_raw[..i].ends_with('\\')
                        && !in_tag(target.content.start() + i)
                });
                let found: Option<(TextRange, String)> = if let Some(i) = split {
                    let start = target.content.start() + i;
                    Some((
                        TextRange::new(start, start + spaced.len()),
                        format!(
                            "a space split the escape `\\{c}`: the backslash shows and `{c}` is no longer escaped"
                        ),
                    ))
                } else {
                    match ch {
                        b'*' | b'_' if !doubled(source, text, ch) => {
                            let spans = |s: &SegmentText| {
                                let r = s.inlines.resolve_emphasis();
                                r.spans
                                    .iter()
                                    .filter(|sp| sp.open.slice(text).as_bytes()[0] == ch)
                                    .map(|sp| sp.open.cover(sp.close))
                                    .collect::<Vec<_>>()
                            };
                            let (st, ss) = (spans(target), spans(source));
                            (st.len() > ss.len()).then(|| {
                                (
                                    st[0],
                                    format!(
                                        "`{c}` lost its escape `\\{c}` and now makes this text emphasis"
                                    ),
                                )
                            })
                        }
                        b'<' => {
                            let (tt, ts) = (&target.inlines.html_tags, &source.inlines.html_tags);
                            // Thousands of tags on each side: the source's are looked up
                            // by their text.
                            let source_tags: HashSet<&str> =
                                ts.iter().map(|s| s.range.slice(text)).collect();
                            let new_tag = tt.iter().find(|t| {
                                is_raw_html_tag(t.range.slice(text))
                                    && !source_tags.contains(t.range.slice(text))
                            });
                            new_tag.filter(|_| tt.len() > ts.len()).map(|tag| {
                                (
                                    tag.range,
                                    format!(
                                        "`<` lost its escape `\\<`: `{}` is now read as an HTML tag and not shown",
                                        tag.range.slice(text)
                                    ),
                                )
                            })
                        }
                        b'[' | b']' => {
                            let links = |s: &SegmentText| {
                                s.inlines.links.iter().filter(|l| !l.autolink).count()
                            };
                            (links(target) > links(source)).then(|| {
                                let link =
                                    target.inlines.links.iter().find(|l| !l.autolink).unwrap();
                                (
                                    link.range,
                                    format!("`{c}` lost its escape `\\{c}` and now makes a link"),
                                )
                            })
                        }
                        b'\\' => {
                            let (t, s) = (
                                shown_backslashes(&target.prose(text)),
                                shown_backslashes(&source.prose(text)),
                            );
                            (t < s).then(|| {
                                (
                                    target.trimmed_content(text),
                                    format!(
                                        "a backslash the source shows (`\\\\`) is lost: the target shows {t} backslash{} where the source shows {s}",
                                        if t == 1 { "" } else { "es" }
                                    ),
                                )
                            })
                        }
                        _ => None,
                    }
                };
                // `\[` and `\]` lost around one link: report it once.
                let found = found.filter(|(r, _)| !reported.contains(r));
                if let Some((range, message)) = found {
                    reported.push(range);
                    let mut d =
                        Diagnostic::new(&Self::META, range, message).with_segment(seg.id_str(text));
                    if let Some(l) = label {
                        d = d.with_label(l, "the source's escape");
                    }
                    out.push(d);
                }
            }
        }
    }
}
