use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Emphasis, ResolvedEmphasis, SegmentText};
use crate::locale::script::is_punctuation;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports bold and italic markers in a target segment that Markdown does not render,
    /// so that readers see literal asterisks or underscores, where the source's emphasis
    /// renders: a `**` with no partner, a `**` that CommonMark's flanking rules stop from
    /// opening or closing (after punctuation and directly before a Korean or Chinese
    /// letter, as in `**[저장]**을`), and markers escaped as `\*\*`.
    ///
    /// The flanking rules read Unicode punctuation and symbols of every script (`،` `؟`
    /// `।` `·` `。` `«`) as markdig does (with its exceptions `-` `†` `‡` `−`), so no locale
    /// convention is read: the rule works the same in every locale, known or not. Markers
    /// the source also shows as text (`2 * 3`, a lone ` _ `) are not counted against the
    /// target.
    ///
    /// ## Why it matters
    /// The docs renderer (markdig) follows CommonMark: such markers print as `**` in the
    /// article, and the text meant to be bold is not.
    ///
    /// ## Example
    /// ```markdown
    /// 選取 [刪除]\*\*\*\*。
    /// 다음 **[저장]**을 클릭합니다.
    /// ```
    /// The source has `Select **Delete**.` and `Then click **[Save]**.`
    pub struct EmphasisNotRendered {
        name: "emphasis-not-rendered",
        category: Markup,
        severity: Error,
        summary: "Target bold/italic markers that render as literal asterisks.",
    }
}

/// What is wrong with a segment's emphasis markers.
pub(super) struct Unrendered {
    pub range: TextRange,
    pub message: String,
    pub others: Vec<TextRange>,
}

/// How many delimiter characters `ch` the resolution leaves as text.
fn literal_chars(r: &ResolvedEmphasis, text: &str, ch: u8) -> usize {
    r.literal
        .iter()
        .filter(|l| text.as_bytes()[l.start()] == ch)
        .map(|l| l.len())
        .sum()
}

/// Characters `ch` in runs with white space (or a segment end) on both sides: never
/// delimiters, they show as text (`2 * 3`, `… _`). Code and URLs are not counted.
fn spaced_chars(side: &SegmentText, text: &str, ch: u8) -> usize {
    let raw = side.raw(text);
    if !raw.as_bytes().contains(&ch) {
        return 0;
    }
    let prose = side.prose(text);
    let b = prose.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != ch || (i > 0 && b[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let run = b[i..].iter().take_while(|&&x| x == ch).count();
        let before = prose[..i].chars().next_back();
        let after = prose[i + run..].chars().next();
        if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
            n += run;
        }
        i += run;
    }
    n
}

fn escapes_of(side: &SegmentText, text: &str, ch: u8) -> usize {
    side.inlines
        .escapes
        .iter()
        .filter(|e| e.char(text) == ch)
        .count()
}

/// Groups `\*` escapes that follow each other (spaces allowed between) into runs.
fn escape_groups(side: &SegmentText, text: &str, ch: u8) -> Vec<TextRange> {
    let mut groups: Vec<TextRange> = Vec::new();
    for e in side.inlines.escapes.iter().filter(|e| e.char(text) == ch) {
        match groups.last_mut() {
            Some(g) if text[g.end()..e.range.start()].bytes().all(|b| b == b' ') => {
                *g = g.cover(e.range)
            }
            _ => groups.push(e.range),
        }
    }
    groups
}

/// The run of `runs` that holds `left`, a part of a run left as text. The runs are in text
/// order and apart, so only the last one starting at or before it may hold it: a segment
/// may leave thousands of runs as text, each looked up by binary search.
fn run_holding(runs: &[Emphasis], left: TextRange) -> Option<&Emphasis> {
    let after = runs.partition_point(|e| e.range.start <= left.start);
    runs[..after]
        .last()
        .filter(|e| e.range.contains_range(left))
}

/// Why `run` (of which `left` is left as text) matches nothing, as a message, and whether CommonMark's flanking rule (not
/// a missing partner) is the cause. `seg` is the segment's text range: its ends count as
/// white space, as they do for the parser.
fn why_literal(run: &Emphasis, left: TextRange, seg: TextRange, text: &str) -> (String, bool) {
    let marker = run.range.slice(text);
    let shown = left.slice(text);
    let before = text[seg.start()..run.range.start()].chars().next_back();
    let after = text[run.range.end()..seg.end()].chars().next();
    let letter = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c));
    let punct = |c: Option<char>| c.is_some_and(is_punctuation);
    let show = |c: Option<char>| c.map(String::from).unwrap_or_default();
    if !run.can_close && punct(before) && letter(after) {
        let m = format!(
            "`{marker}` after `{}` and directly before `{}` cannot close the emphasis \
             (CommonMark's flanking rule), so the markers show as literal `{marker}`",
            show(before),
            show(after)
        );
        (m, true)
    } else if !run.can_open && letter(before) && punct(after) {
        let m = format!(
            "`{marker}` directly after `{}` and before `{}` cannot open the emphasis \
             (CommonMark's flanking rule), so the markers show as literal `{marker}`",
            show(before),
            show(after)
        );
        (m, true)
    } else {
        let m = format!("`{shown}` has no matching marker, so it shows as literal `{shown}`");
        (m, false)
    }
}

/// The target's unrendered markers that the source does not share, if any.
pub(super) fn unrendered(
    target: &SegmentText,
    source: &SegmentText,
    text: &str,
) -> Option<Unrendered> {
    let t = &target.inlines;
    let has_marker_escape = t
        .escapes
        .iter()
        .any(|e| matches!(e.char(text), b'*' | b'_'));
    if t.emphasis.is_empty() && !has_marker_escape {
        return None;
    }
    let rt = t.resolve_emphasis();
    let rs = source.inlines.resolve_emphasis();
    // Marker characters left as text in the target more often than in the source.
    let excess: Vec<u8> = [b'*', b'_']
        .into_iter()
        .filter(|&ch| {
            let (lt, ls) = (literal_chars(&rt, text, ch), literal_chars(&rs, text, ch));
            lt > ls && lt + spaced_chars(target, text, ch) > ls + spaced_chars(source, text, ch)
        })
        .collect();
    if !excess.is_empty() && !rs.spans.is_empty() {
        // The first run that flanking stops, else the first unmatched one.
        let causes: Vec<(TextRange, String, bool)> = rt
            .literal
            .iter()
            .filter(|l| excess.contains(&text.as_bytes()[l.start()]))
            .filter_map(|l| {
                let run = run_holding(&t.emphasis, *l)?;
                let (message, flanking) = why_literal(run, *l, target.content, text);
                Some((*l, message, flanking))
            })
            .collect();
        let primary = causes.iter().position(|c| c.2).unwrap_or(0);
        let (range, message, _) = causes.get(primary)?.clone();
        let others = causes
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != primary)
            .map(|(_, c)| c.0)
            .collect();
        return Some(Unrendered {
            range,
            message,
            others,
        });
    }
    let strong = |r: &ResolvedEmphasis| r.spans.iter().filter(|s| s.strong).count();
    if rs.spans.len() > rt.spans.len() || strong(&rs) > strong(&rt) {
        for ch in [b'*', b'_'] {
            if escapes_of(target, text, ch) > escapes_of(source, text, ch) {
                let groups = escape_groups(target, text, ch);
                let range = groups[0];
                return Some(Unrendered {
                    range,
                    message: format!(
                        "`{}` is escaped, so it shows as literal `{}` where the source has emphasis",
                        range.slice(text),
                        (ch as char)
                            .to_string()
                            .repeat(range.slice(text).bytes().filter(|&b| b == ch).count())
                    ),
                    others: groups[1..].to_vec(),
                });
            }
        }
    }
    None
}

impl Rule for EmphasisNotRendered {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let Some(u) = unrendered(target, source, text) else {
                continue;
            };
            let mut d =
                Diagnostic::new(&Self::META, u.range, u.message).with_segment(seg.id_str(text));
            for r in u.others {
                d = d.with_label(r, "also shown as text");
            }
            if let Some(s) = source.inlines.resolve_emphasis().spans.first() {
                d = d.with_label(s.open.cover(s.close), "emphasis in the source");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn the_run_holding_a_literal_is_the_first_run_that_holds_it() {
        // Random targets of emphasis runs, words, spaces, punctuation, links and escapes.
        const PIECES: [&str; 16] = [
            "*", "**", "***", "_", "__", "a", "가", " ", " ", ".", "[", "](x)", "`", "\\*", "<b>",
            "*가",
        ];
        let mut random = crate::random::Random::new(3);
        let mut literals = 0;
        for _ in 0..5_000 {
            let target: String = (0..1 + random.below(30))
                .map(|_| PIECES[random.below(PIECES.len())])
                .collect();
            let text = format!(
                "---\nms.contentlocale: ko-KR\n---\n<span data-ttu-id=\"a-1\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Go.</span></span>\n"
            );
            let doc = Document::parse(&text);
            for (_, t, _) in doc.pairs() {
                let runs = &t.inlines.emphasis;
                for l in t.inlines.resolve_emphasis().literal {
                    literals += 1;
                    let first = runs.iter().find(|e| e.range.contains_range(l));
                    let at = |e: Option<&Emphasis>| e.map(|e| e as *const Emphasis);
                    assert_eq!(at(run_holding(runs, l)), at(first), "{target:?} {l:?}");
                }
            }
        }
        assert!(literals > 10_000, "{literals}");
    }
}
