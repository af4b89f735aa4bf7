use super::emphasis_not_rendered::unrendered;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{EmphasisSpan, SegmentText};
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Compares the bold and italic spans that a target segment renders with those of
    /// its source and reports a target with fewer (bold lost in translation) or more.
    /// Bold that the target turns into UI brackets (`**Save**` → `[儲存]`, the zh-TW
    /// convention for UI labels) counts as kept. Markers that render as literal asterisks
    /// are reported by `emphasis-not-rendered` instead.
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
    }
}

/// `[text]` brackets that are not a link's and `「…」` quotes: how zh-TW (and some ko-KR)
/// targets mark a UI label that the source makes bold (`**Save**` → `[儲存]`).
fn ui_brackets(side: &SegmentText, text: &str) -> usize {
    let raw = side.raw(text);
    let links = side.inlines.links.iter().filter(|l| !l.autolink).count();
    let escaped = side
        .inlines
        .escapes
        .iter()
        .filter(|e| e.char(text) == b'[')
        .count();
    let brackets = raw.matches('[').count().saturating_sub(links + escaped);
    brackets + raw.matches('「').count()
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

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.emphasis.is_empty() && source.inlines.emphasis.is_empty() {
                continue;
            }
            if unrendered(target, source, text).is_some() {
                continue;
            }
            let rs = source.inlines.resolve_emphasis();
            let rt = target.inlines.resolve_emphasis();
            let mut allowance = ui_brackets(target, text).saturating_sub(ui_brackets(source, text));
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
