use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Finds the ID prefix most segments in the file share (the `d58e0` of `d58e0-103`) and
    /// reports segments whose prefix differs.
    ///
    /// ## Why it matters
    /// Every segment of one file gets the same prefix from the localization pipeline. A
    /// different prefix means text was pasted from another article, with IDs that will not
    /// match this file's translation memory.
    ///
    /// ## Example
    /// In a file of `d58e0-…` segments, `<span data-ttu-id="a1b2c-110">` is reported.
    pub struct IdPrefixMismatch {
        name: "id-prefix-mismatch",
        category: Structure,
        severity: Warning,
        summary: "A segment ID prefix differs from the rest of the file.",
    }
}

impl Rule for IdPrefixMismatch {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let well_formed = || {
            ctx.document
                .segments
                .iter()
                .filter(|s| s.id.is_well_formed(text))
        };
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (order, seg) in well_formed().enumerate() {
            counts
                .entry(seg.id.prefix_str(text))
                .or_insert((0, order))
                .0 += 1;
        }
        if counts.len() < 2 {
            return;
        }
        // The most common prefix; on a tie, the one that comes first.
        let (&main, &(main_count, _)) = counts
            .iter()
            .max_by_key(|(_, (n, order))| (*n, std::cmp::Reverse(*order)))
            .expect("at least two prefixes");
        let main_first = well_formed()
            .find(|s| s.id.prefix_str(text) == main)
            .map(|s| s.id.prefix);
        for seg in well_formed() {
            let prefix = seg.id.prefix_str(text);
            if prefix == main {
                continue;
            }
            let mut d = Diagnostic::new(
                &Self::META,
                seg.id.prefix,
                format!("ID prefix `{prefix}` differs from `{main}`, used by {main_count} other segments in this file"),
            )
            .with_segment(seg.id_str(text));
            if let Some(r) = main_first {
                d = d.with_label(r, format!("`{main}` first used here"));
            }
            out.push(d);
        }
    }
}
