use super::emphasis_not_rendered::unrendered;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{EmphasisSpan, SegmentText};
use crate::rule::{Context, Rule};
use crate::text::SortedRanges;

declare_rule! {
    /// ## What it does
    /// Compares the bold and italic spans that a target segment renders with those of
    /// its source and reports a target with fewer (bold lost in translation) or more.
    /// A UI label that the target sets off with the locale's label marks instead of bold
    /// counts as kept: the profile's `quotes.ui_labels` (zh-TW `[儲存]`, zh-CN `“保存”`,
    /// ja-JP `[保存]` or `「保存」`, ru-RU `«Сохранить»`), and straight `"…"` where those
    /// marks are quotation marks, beyond the quotes and brackets the source has. Where
    /// the profile lists no label marks (or the locale is unknown), every lost span is
    /// reported. Markers that render as literal asterisks are reported by
    /// `emphasis-not-rendered` instead.
    ///
    /// ## Why it matters
    /// Bold marks the UI labels a reader must find on screen; machine translation often
    /// drops it or moves it onto the wrong words.
    ///
    /// ## Example
    /// ```markdown
    /// 브라우저에서 > **설정 개인 정보 및** 서비스로 이동합니다.
    /// ```
    /// The source `Go to **Settings** > **Privacy and services** in the browser.` has
    /// two bold spans; the target has one.
    pub struct EmphasisMismatch {
        name: "emphasis-mismatch",
        category: Markup,
        severity: Warning,
        summary: "The target has fewer or more bold/italic spans than the source.",
        locale: "Reads `quotes.ui_labels` and `quotes`: label marks that stand in for bold. Where none are listed, every lost span is reported.",
    }
}

/// Whether a mark is a quotation mark (not a bracket): `"` `“` `«` `„` `「`…
fn is_quotation(mark: &str) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    mark.chars().next().is_some_and(|c| {
        matches!(c, '"' | '\'' | '「' | '」' | '『' | '』')
            || matches!(
                get_general_category(c),
                G::InitialPunctuation | G::FinalPunctuation
            )
    })
}

/// How many UI labels one side sets off with `pairs` outside its emphasis spans (and
/// outside code, URLs and HTML tags): `[儲存]`, `“保存”`, `«Enregistrer»`. A `[` that
/// opens a link or is escaped is not a label's.
fn ui_marks(
    side: &SegmentText,
    text: &str,
    pairs: &[(&str, &str)],
    spans: &[EmphasisSpan],
    around_emphasis: bool,
) -> usize {
    let raw = side.raw(text);
    if !pairs
        .iter()
        .any(|(o, c)| raw.contains(o) && raw.contains(c))
    {
        return 0;
    }
    let prose = side.prose(text);
    let base = side.content.start();
    // Thousands of quotes and spans in one segment: each quote is looked up among the
    // spans by binary search, not by scanning them.
    let spans = SortedRanges::new(
        spans
            .iter()
            .map(|s| (s.open.start(), s.close.end()))
            .collect(),
    );
    let outside = |i: usize| !spans.holds(base + i, base + i + 1);
    // `“**Pending**”`: quotes right around emphasis set off the same label as the
    // emphasis; they count only when `around_emphasis`.
    let pb = prose.as_bytes();
    let marker = |b: u8| b == b'*' || b == b'_';
    let wraps = |i: usize, len: usize| {
        !around_emphasis
            && (pb.get(i + len).is_some_and(|&b| marker(b)) || (i > 0 && marker(pb[i - 1])))
    };
    let mut n = 0;
    for &(open, close) in pairs {
        let opens = prose
            .match_indices(open)
            .filter(|&(i, _)| outside(i) && !prose[..i].ends_with('\\') && !wraps(i, open.len()))
            .count();
        if open == close {
            n += opens / 2;
            continue;
        }
        let closes = prose
            .match_indices(close)
            .filter(|&(i, _)| outside(i) && !wraps(i, close.len()))
            .count();
        let mut pairs_found = opens.min(closes);
        if open == "[" {
            let links = side
                .inlines
                .links
                .iter()
                .filter(|l| !l.autolink && outside(l.range.start() - base))
                .count();
            pairs_found = pairs_found.saturating_sub(links);
        }
        n += pairs_found;
    }
    n
}

/// The marks that may set off a UI label in the target instead of bold: the profile's
/// `quotes.ui_labels`, and straight `"…"` where those are quotation marks (the quotes'
/// style is `halfwidth-punctuation`'s and the quote rules' business, not bold's).
fn label_pairs<'p>(ctx: &'p Context<'_>) -> Vec<(&'p str, &'p str)> {
    let mut pairs = ctx.profile.ui_label_pairs();
    if pairs.iter().any(|(o, _)| is_quotation(o)) && !pairs.contains(&("\"", "\"")) {
        pairs.push(("\"", "\""));
    }
    pairs
}

fn count(spans: &[EmphasisSpan], strong: bool) -> usize {
    spans.iter().filter(|s| s.strong == strong).count()
}

fn quote_spans(spans: &[EmphasisSpan], strong: bool, text: &str) -> String {
    let quoted: Vec<String> = spans
        .iter()
        .filter(|s| s.strong == strong)
        .map(|s| {
            let inner = text[s.open.end()..s.close.start()].trim_matches(['*', '_']);
            format!("`{inner}`")
        })
        .collect();
    quoted.join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word} span")
    } else {
        format!("{n} {word} spans")
    }
}

impl Rule for EmphasisMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let labels = label_pairs(ctx);
        // The source's own quotes and brackets: a quoted message or a `[placeholder]`
        // that the target keeps is not a label that replaced bold.
        let mut source_marks = labels.clone();
        for pair in [("\"", "\""), ("“", "”"), ("[", "]")] {
            if !source_marks.contains(&pair) {
                source_marks.push(pair);
            }
        }
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.emphasis.is_empty() && source.inlines.emphasis.is_empty() {
                continue;
            }
            if unrendered(target, source, text).is_some() {
                continue;
            }
            let rs = source.inlines.resolve_emphasis();
            let rt = target.inlines.resolve_emphasis();
            // Labels the target sets off with quotes or brackets, beyond the quotes and
            // brackets the source has, stand in for the source's bold (counted only when
            // the target has fewer spans).
            let lost = count(&rt.spans, true) < count(&rs.spans, true)
                || count(&rt.spans, false) < count(&rs.spans, false);
            let mut allowance = if labels.is_empty() || !lost {
                0
            } else {
                ui_marks(target, text, &labels, &rt.spans, true).saturating_sub(ui_marks(
                    source,
                    text,
                    &source_marks,
                    &[],
                    false,
                ))
            };
            let mut problems = Vec::new();
            for (strong, word) in [(true, "bold"), (false, "italic")] {
                let (s, t) = (count(&rs.spans, strong), count(&rt.spans, strong));
                if t < s {
                    let explained = allowance.min(s - t);
                    allowance -= explained;
                    if t + explained >= s {
                        continue;
                    }
                }
                if t == s {
                    continue;
                }
                let mut m = format!(
                    "the target has {} where the source has {}",
                    plural(t, word),
                    s
                );
                if s > 0 {
                    m.push_str(&format!(" ({})", quote_spans(&rs.spans, strong, text)));
                }
                problems.push((strong, m));
            }
            if problems.is_empty() {
                continue;
            }
            // `***x***` lost: one bold italic span, not a bold and an italic one.
            if problems.len() == 2
                && count(&rs.spans, true) == count(&rs.spans, false)
                && count(&rt.spans, true) == count(&rt.spans, false)
                && quote_spans(&rs.spans, true, text) == quote_spans(&rs.spans, false, text)
            {
                let (s, t) = (count(&rs.spans, true), count(&rt.spans, true));
                problems = vec![(
                    true,
                    format!(
                        "the target has {} where the source has {s} ({})",
                        plural(t, "bold italic"),
                        quote_spans(&rs.spans, true, text)
                    ),
                )];
            }
            let message = problems
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            let trimmed = target.raw(text).trim();
            let lead = target.raw(text).len() - target.raw(text).trim_start().len();
            let start = target.content.start() + lead;
            let range = crate::text::TextRange::new(start, start + trimmed.len());
            let mut d = Diagnostic::new(&Self::META, range, message).with_segment(seg.id_str(text));
            for s in rs
                .spans
                .iter()
                .filter(|s| problems.iter().any(|(strong, _)| *strong == s.strong))
            {
                let word = if s.strong { "bold" } else { "italic" };
                d = d.with_label(s.open.cover(s.close), format!("{word} in the source"));
            }
            out.push(d);
        }
    }
}
