use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

/// Keys every localized article carries.
const REQUIRED: [&str; 3] = ["title", "ms.contentlocale", "ms.locfileid"];

declare_rule! {
    /// ## What it does
    /// Reports localized front matter (one that has `ms.*` keys) without `title`,
    /// `ms.contentlocale` or `ms.locfileid`, or with one of them empty. Files without
    /// front matter (includes, READMEs) are not checked.
    ///
    /// ## Why it matters
    /// `ms.contentlocale` tells the docs platform which language the page is in,
    /// `ms.locfileid` links it to its localization job, and `title` is what search
    /// results and the browser tab show.
    ///
    /// ## Example
    /// A front matter with `ms.locfileid: "50255172"` and `title` but no `ms.contentlocale`.
    pub struct FrontMatterMissingKey {
        name: "front-matter-missing-key",
        category: FrontMatter,
        severity: Warning,
        summary: "Front matter lacks title, ms.contentlocale or ms.locfileid.",
    }
}

impl Rule for FrontMatterMissingKey {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &ctx.document.front_matter else {
            return;
        };
        // Broken YAML is front-matter-invalid's; keys read from broken YAML are guesses.
        let Some(mapping) = &fm.mapping else {
            return;
        };
        if !fm.entries.iter().any(|e| e.key.starts_with("ms.")) {
            return;
        }
        let delimiter = TextRange::new(fm.range.start(), fm.range.start() + 3);
        for key in REQUIRED {
            match mapping.get(key) {
                None => out.push(Diagnostic::new(
                    &Self::META,
                    delimiter,
                    format!("front matter has no `{key}`"),
                )),
                Some(v) if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) => {
                    let range = fm.entry(key).map_or(delimiter, |e| e.key_range);
                    out.push(Diagnostic::new(
                        &Self::META,
                        range,
                        format!("`{key}` is empty"),
                    ));
                }
                Some(_) => {}
            }
        }
    }
}
