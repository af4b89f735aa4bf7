use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{HtmlTag, HtmlTagKind, SegmentText, html};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports inline HTML elements in a target that are not properly nested — a closing
    /// tag that closes an element while another opened inside it is still open, a closing
    /// tag with no opening one, an element never closed — where the source's elements are
    /// properly nested. The message shows how a browser actually builds the segment.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// Browsers repair broken nesting by rules of their own: `<b>a <i>b</b> c</i>` renders
    /// "c" in italics outside the bold, and an unclosed `<kbd>` swallows the rest of the
    /// paragraph. The reader sees formatting the source never had.
    ///
    /// ## Example
    /// Source `Press <kbd>Ctrl</kbd>+<kbd>C</kbd>`, target `<kbd>Ctrl+<kbd>C</kbd> 키를 누릅니다`.
    pub struct HtmlMisnested {
        name: "html-misnested",
        category: Markup,
        severity: Warning,
        summary: "Inline HTML elements in the target are mis-nested or unclosed.",
    }
}

/// The element tags a browser nests (not void elements, placeholders or xrefs).
fn nesting_tags<'d>(side: &'d SegmentText, text: &str) -> Vec<(&'d HtmlTag, String)> {
    side.inlines
        .html_tags
        .iter()
        .filter(|t| t.kind == HtmlTagKind::Element)
        .map(|t| (t, t.name.slice(text).to_ascii_lowercase()))
        .filter(|(_, name)| !html::is_void_element(name))
        .collect()
}

/// The first tag that breaks the nesting, and how.
fn first_problem(tags: &[(&HtmlTag, String)]) -> Option<(TextRange, String)> {
    let mut open: Vec<(&HtmlTag, &str)> = Vec::new();
    for (tag, name) in tags {
        if !tag.closing {
            open.push((tag, name));
            continue;
        }
        match open.iter().rposition(|(_, n)| n == name) {
            Some(i) if i + 1 == open.len() => {
                open.pop();
            }
            Some(i) => {
                let inner = open[i + 1].1;
                return Some((
                    tag.range,
                    format!(
                        "`</{name}>` closes `<{name}>` while `<{inner}>` opened inside it is still open"
                    ),
                ));
            }
            None => return Some((tag.range, format!("`</{name}>` closes no `<{name}>`"))),
        }
    }
    open.first()
        .map(|(tag, name)| (tag.range, format!("`<{name}>` is never closed")))
}

/// The most element tags of a segment whose browser rendering a finding shows.
const MAX_RENDERED_ELEMENTS: usize = 256;

impl Rule for HtmlMisnested {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.html_tags.is_empty() {
                continue;
            }
            let tags = nesting_tags(target, text);
            let Some((range, problem)) = first_problem(&tags) else {
                continue;
            };
            // A source with the same breakage passed it on; that is not the translation's.
            if first_problem(&nesting_tags(source, text)).is_some() {
                continue;
            }
            let base = target.content.start();
            let elements: Vec<_> = tags
                .iter()
                .map(|(t, _)| t.range.start() - base..t.range.end() - base)
                .collect();
            // What a browser builds, shown where the segment is of a sentence's size: the
            // tree builder's time grows faster than its input on thousands of nested
            // elements, and their tree is no help to a reader.
            let message = if elements.len() <= MAX_RENDERED_ELEMENTS {
                let rendered = html::repaired_markup(target.raw(text), &elements);
                let shown: String = rendered.chars().take(160).collect();
                let more = if shown.len() < rendered.len() {
                    "…"
                } else {
                    ""
                };
                format!("{problem}; a browser builds this segment as `{shown}{more}`")
            } else {
                format!("{problem}; a browser repairs its {} tags", elements.len())
            };
            out.push(
                Diagnostic::new(&Self::META, range, message)
                    .with_segment(seg.id_str(text))
                    .with_label(source.content, "the source's elements are nested properly"),
            );
        }
    }
}
