use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::suppress::Unused;

declare_rule! {
    /// ## What it does
    /// Reports a `<!-- loclint-disable… -->` comment, or a rule named in one, that
    /// suppressed no finding in this run, and a name in such a comment that is no rule or
    /// category.
    ///
    /// ## Why it matters
    /// A suppression outlives the finding it was written for: once the text is fixed, it
    /// silently hides the next real problem on that line. A misspelled rule name
    /// suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// `<!-- loclint-disable-next-line empty-link-text -->` above a line whose links all
    /// have text.
    pub struct UnusedSuppression {
        name: "unused-suppression",
        category: Suppression,
        severity: Warning,
        summary: "A suppression comment suppresses nothing or names no rule.",
    }
}

impl crate::rule::Rule for UnusedSuppression {
    super::rule_meta!();
    // Runs after every other rule, from the engine: see `crate::suppress`.
}

impl UnusedSuppression {
    pub fn diagnostic(unused: &Unused) -> Diagnostic {
        let message = match (&unused.name, unused.unknown) {
            (Some(name), true) => format!("`{name}` is not a loclint rule or category"),
            (Some(name), false) => format!("this suppression of `{name}` suppresses nothing"),
            (None, _) => "this suppression comment suppresses nothing".to_string(),
        };
        let d = Diagnostic::new(&Self::META, unused.range, message);
        if unused.name.is_none() {
            // Deleting a whole unused comment is safe; a rule name inside a list is left to the author.
            return d.with_fix(Fix::replace(
                "Remove the comment",
                unused.range,
                "",
                Applicability::Unsafe,
            ));
        }
        d
    }
}
