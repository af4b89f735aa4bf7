use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports front matter that is not valid YAML (pointing at the position the YAML
    /// parser gave up), front matter that is not a key/value mapping, and a front matter
    /// block whose closing `---` is missing.
    ///
    /// ## Why it matters
    /// The docs build reads title, locale and metadata from the front matter; when it does
    /// not parse, the page loses its title and metadata, or the build fails.
    ///
    /// ## Example
    /// ```yaml
    /// title: Outlook: presence issues
    /// ```
    /// An unquoted `: ` inside a value; quote the value: `title: "Outlook: presence issues"`.
    pub struct FrontMatterInvalid {
        name: "front-matter-invalid",
        category: FrontMatter,
        severity: Error,
        summary: "The YAML front matter does not parse or is not closed.",
    }
}

impl Rule for FrontMatterInvalid {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &ctx.document.front_matter else {
            return;
        };
        if !fm.closed {
            let open = crate::text::TextRange::new(fm.range.start(), fm.range.start() + 3);
            out.push(Diagnostic::new(
                &Self::META,
                open,
                "front matter is not closed: no `---` line after it",
            ));
        }
        if let Some(err) = &fm.error {
            out.push(Diagnostic::new(
                &Self::META,
                err.range,
                if err.message.starts_with("front matter") {
                    err.message.clone()
                } else {
                    format!("front matter is not valid YAML: {}", err.message)
                },
            ));
        }
    }
}
