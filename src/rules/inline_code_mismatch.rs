use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::CodeSpan;
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::borrow::Cow;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Compares the inline code spans of a target segment with those of its source, as
    /// multisets (their order may change), and reports a code span whose text changed, one
    /// that is missing from the target and one the source does not have. Code is compared
    /// as CommonMark renders it: ``` `` `x` `` ``` and `` `x` `` differ only in their
    /// backticks.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// Code spans hold commands, parameters, paths and values that readers copy: a
    /// translated or altered one does not work, and a lost one leaves a gap in the
    /// instructions.
    ///
    /// ## Example
    /// ```markdown
    /// `Get-Mailbox -Identity <사서함>`를 실행합니다.
    /// ```
    /// The source has `` `Get-Mailbox -Identity <mailbox>` ``.
    pub struct InlineCodeMismatch {
        name: "inline-code-mismatch",
        category: Markup,
        severity: Error,
        summary: "A target code span differs from the source's.",
    }
}

/// The code as rendered: one space stripped from each end when both ends have one and the
/// code is not all spaces; line endings read as spaces.
fn rendered<'t>(code: &CodeSpan, text: &'t str) -> std::borrow::Cow<'t, str> {
    let raw = code.content.slice(text);
    let inner = if raw.len() >= 2
        && raw.starts_with(' ')
        && raw.ends_with(' ')
        && !raw.bytes().all(|b| b == b' ')
    {
        &raw[1..raw.len() - 1]
    } else {
        raw
    };
    if inner.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(inner.replace("\r\n", " ").replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(inner)
    }
}

impl Rule for InlineCodeMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.code.is_empty() && source.inlines.code.is_empty() {
                continue;
            }
            let mut extra: Vec<&CodeSpan> = Vec::new();
            let missing: Vec<&CodeSpan> = if source.inlines.code.len() <= 16 {
                let mut missing: Vec<&CodeSpan> = source.inlines.code.iter().collect();
                for code in &target.inlines.code {
                    let r = rendered(code, text);
                    match missing.iter().position(|m| rendered(m, text) == r) {
                        Some(i) => {
                            missing.remove(i);
                        }
                        None => extra.push(code),
                    }
                }
                missing
            } else {
                // The same pairing (each target span takes the first unpaired source span
                // with its text) through a map: many spans in one segment stay linear.
                let mut by_text: HashMap<_, std::collections::VecDeque<usize>> = HashMap::new();
                for (i, m) in source.inlines.code.iter().enumerate() {
                    by_text.entry(rendered(m, text)).or_default().push_back(i);
                }
                let mut paired = vec![false; source.inlines.code.len()];
                for code in &target.inlines.code {
                    match by_text
                        .get_mut(&rendered(code, text))
                        .and_then(|q| q.pop_front())
                    {
                        Some(i) => paired[i] = true,
                        None => extra.push(code),
                    }
                }
                source
                    .inlines
                    .code
                    .iter()
                    .zip(paired)
                    .filter(|(_, p)| !p)
                    .map(|(c, _)| c)
                    .collect()
            };
            let id = seg.id_str(text);
            // A changed code span: pair missing and extra ones in order.
            let pairs = missing.len().min(extra.len());
            for (m, x) in missing.iter().zip(&extra) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.range,
                        format!(
                            "code `{}` differs from the source's `{}`",
                            rendered(x, text),
                            rendered(m, text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.range, "the source's code"),
                );
            }
            // Many spans may miss with the same code: the other side is searched once per
            // distinct code, not once per span.
            let mut found_in_target: HashMap<Cow<str>, Option<usize>> = HashMap::new();
            for m in &missing[pairs..] {
                let code = rendered(m, text);
                let found = *found_in_target
                    .entry(code.clone())
                    .or_insert_with(|| target.raw(text).find(code.as_ref()));
                let (range, message) = match found {
                    Some(i) if !code.trim().is_empty() => {
                        let start = target.content.start() + i;
                        (
                            TextRange::new(start, start + code.len()),
                            format!("code `{code}` lost its backticks in the target"),
                        )
                    }
                    _ => (
                        target.trimmed_content(text),
                        format!("the target lacks the source's code `{code}`"),
                    ),
                };
                out.push(
                    Diagnostic::new(&Self::META, range, message)
                        .with_segment(id)
                        .with_label(m.range, "the source's code"),
                );
            }
            let mut found_in_source: HashMap<Cow<str>, bool> = HashMap::new();
            for x in &extra[pairs..] {
                // Backticks added around text the source has as is change no content.
                let code = rendered(x, text);
                if *found_in_source
                    .entry(code.clone())
                    .or_insert_with(|| source.raw(text).contains(code.as_ref()))
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.range,
                        format!(
                            "the target has code `{}` that the source does not",
                            rendered(x, text)
                        ),
                    )
                    .with_segment(id),
                );
            }
        }
    }
}
