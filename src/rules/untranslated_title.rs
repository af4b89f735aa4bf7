use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::BlockKind;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a front matter `title` that is still the English title: equal to the source
    /// text of the article's first-level heading, while that heading itself was translated.
    ///
    /// ## Why it matters
    /// The title is what search results, the browser tab and the table of contents show;
    /// left in English, the localized page is hard to find and looks untranslated.
    ///
    /// ## Example
    /// `title: Device Writeback` above `# <span data-ttu-id="d58e0-102">장치 쓰기 저장</span>
    /// <span class="sxs-lookup"><span data-stu-id="d58e0-102">Device Writeback</span></span>`.
    pub struct UntranslatedTitle {
        name: "untranslated-title",
        category: FrontMatter,
        severity: Warning,
        summary: "The front matter title is the untranslated English heading.",
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Rule for UntranslatedTitle {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.document;
        let text = ctx.text();
        let (Some(fm), Some(h1)) = (&doc.front_matter, doc.h1) else {
            return;
        };
        let (Some(title), Some(entry)) = (fm.get_str("title"), fm.entry("title")) else {
            return;
        };
        let Some((seg, target, source)) = doc.pairs().find(|(s, _, _)| s.block == Some(h1)) else {
            return;
        };
        debug_assert!(matches!(
            doc.blocks[h1].kind,
            BlockKind::Heading { level: 1, .. }
        ));
        let english = normalize(source.plain(text));
        if normalize(title) == english && normalize(target.plain(text)) != english {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    entry.value_range,
                    format!("title \"{title}\" is the English heading; the heading is translated as \"{}\"", target.plain(text).trim()),
                )
                .with_segment(seg.id_str(text))
                .with_label(target.content, "translated heading"),
            );
        }
    }
}
