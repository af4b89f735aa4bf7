use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::SegmentText;
use crate::rule::{Context, Rule};
use crate::text::{SortedRanges, TextRange};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports two or more consecutive spaces (ASCII or no-break) inside a target segment's
    /// text where the English source has no such run next to the same character: a run
    /// copied from the source (`**Settings**  >  **Org Settings**` translated with the same
    /// spacing) is not reported. Runs at a line start or end (indentation, Markdown hard line
    /// breaks `  ⏎`), at the segment's edges, and inside code spans, URLs and HTML tags are
    /// ignored. The fix collapses the run to one space.
    ///
    /// ## Why it matters
    /// Double spaces are a classic machine-translation and editing artifact (`[설정]  >
    /// [보안]`); HTML hides them, but every tool that reads the Markdown sees them, and a
    /// run with no-break spaces shows as a visible gap.
    ///
    /// ## Example
    /// `새 블레이드에서 결제  방법을 선택하여` for `select the payment method in the new blade`.
    pub struct DoubleSpace {
        name: "double-space",
        category: Whitespace,
        severity: Info,
        summary: "Two or more consecutive spaces inside target text where the source has none.",
    }
}

/// Space characters a run is made of (tabs and line breaks are layout, not runs).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{3000}')
}

/// A run of 2+ spaces between two visible characters on one line.
struct Run {
    range: TextRange,
    before: char,
    after: char,
}

/// Ranges whose spaces are not prose: code spans, HTML tags, URLs, link titles, images.
/// A segment may hold thousands of them and of space runs: each run is looked up by
/// binary search, not by scanning the ranges.
pub(super) fn masked(st: &SegmentText) -> SortedRanges {
    let inl = &st.inlines;
    let m: Vec<(usize, usize)> = inl
        .links
        .iter()
        // `](url "title")`: the destination and its title are not prose.
        .map(|l| {
            if l.autolink || l.image {
                l.range
            } else {
                TextRange::new(l.text.end(), l.range.end())
            }
        })
        .chain(inl.code.iter().map(|c| c.range))
        .chain(inl.html_tags.iter().map(|h| h.range))
        .chain(inl.broken_links.iter().filter_map(|b| b.url))
        .map(|r| (r.start(), r.end()))
        .collect();
    SortedRanges::new(m)
}

fn runs(st: &SegmentText, text: &str) -> Vec<Run> {
    let raw = st.raw(text);
    // A run needs two spaces in a row, so two ASCII spaces or one of the others.
    if !raw.contains("  ") && !raw.contains(['\u{a0}', '\u{202f}', '\u{3000}']) {
        return Vec::new();
    }
    let base = st.content.start();
    let mask = masked(st);
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut run_start: Option<usize> = None;
    for (i, c) in raw.char_indices() {
        if is_space(c) {
            if run_start.is_none() {
                run_start = Some(i);
            }
            continue;
        }
        if let Some(s) = run_start.take() {
            let n = raw[s..i].chars().count();
            if let Some(before) = prev.filter(|&p| n >= 2 && p != '\n' && c != '\n' && c != '\r') {
                let range = TextRange::new(base + s, base + i);
                if !mask.overlaps(range.start(), range.end()) {
                    out.push(Run {
                        range,
                        before,
                        after: c,
                    });
                }
            }
        }
        prev = Some(c);
    }
    out
}

fn describe(run: &str) -> String {
    if run.chars().all(|c| c == ' ') {
        return format!("{} consecutive spaces", run.len());
    }
    super::whitespace_edge::describe_whitespace(run)
}

impl Rule for DoubleSpace {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            let target_runs = runs(target, text);
            if target_runs.is_empty() {
                continue;
            }
            let source_runs = runs(source, text);
            // The same spacing next to the same character in the source was copied. Each
            // target run is looked up by its characters, not against every source run.
            let before: HashSet<char> = source_runs.iter().map(|s| s.before).collect();
            let after: HashSet<char> = source_runs.iter().map(|s| s.after).collect();
            let found: Vec<Run> = target_runs
                .into_iter()
                .filter(|run| !before.contains(&run.before) && !after.contains(&run.after))
                .collect();
            let mut k = 0;
            while k < found.len() {
                let run = &found[k];
                // `  >  `: the runs on both sides of one character are one finding.
                let pair = found.get(k + 1).filter(|next| {
                    let between = &text[run.range.end()..next.range.start()];
                    between.chars().count() == 1
                });
                let group: Vec<&Run> = match pair {
                    Some(next) => vec![run, next],
                    None => vec![run],
                };
                k += group.len();
                let safe = group
                    .iter()
                    .all(|r| r.range.slice(text).bytes().all(|b| b == b' '));
                let applicability = if safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                };
                let edits = group
                    .iter()
                    .map(|r| Edit {
                        range: r.range,
                        content: " ".to_string(),
                    })
                    .collect();
                let (range, message) = match pair {
                    Some(next) => (
                        run.range.cover(next.range),
                        format!(
                            "{} before and {} after `{}`; the source has no such runs",
                            describe(run.range.slice(text)),
                            describe(next.range.slice(text)),
                            run.after
                        ),
                    ),
                    None => (
                        run.range,
                        format!(
                            "{} between `{}` and `{}`; the source has no such run",
                            describe(run.range.slice(text)),
                            run.before,
                            run.after
                        ),
                    ),
                };
                out.push(
                    Diagnostic::new(&Self::META, range, message)
                        .with_segment(seg.id_str(text))
                        .with_fix(Fix {
                            message: "Collapse to one space".into(),
                            edits,
                            applicability,
                        }),
                );
            }
        }
    }
}
