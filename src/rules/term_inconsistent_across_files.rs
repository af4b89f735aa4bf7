use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic};
use crate::rule::Rule;
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it does
    /// Counts, over all files of one locale in the run, how each glossary concept is
    /// rendered (in segments whose English names it) and reports a concept rendered in
    /// more than one way — once per concept, at the first place that uses a rendering other
    /// than the preferred one, with each rendering's count and number of files. With
    /// `--learn`, terms learned from the files (no glossary lists them) are reported the same
    /// way, at `info` (see `term-inconsistent`): only renderings used in other files where
    /// the English context does not tell them apart count.
    ///
    /// ## Why it matters
    /// Readers move between articles: a term that is 디바이스 in one article and 장치 in
    /// the next looks like two different things, and search finds only half of them.
    /// `term-inconsistent` finds this inside one file; this rule finds it across the set.
    ///
    /// ## Example
    /// "device" in ko-KR: "장치" (952× in 310 files), "디바이스" (135× in 61 files).
    pub struct TermInconsistentAcrossFiles {
        name: "term-inconsistent-across-files",
        category: Consistency,
        severity: Info,
        summary: "A glossary term is rendered differently across files of one locale.",
        locale: "Reads the profile of the glossary's locale: `word_spaces` (without spaces, renderings match anywhere; otherwise at the start of a word) and the writing system. The renderings come from the locale's glossary.",
    }
}

/// How one rendering of a concept is used: count, files (in order), first (file, term).
type Usage = (usize, Vec<usize>, (usize, usize));

impl Rule for TermInconsistentAcrossFiles {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for (locale, files) in project.by_locale() {
            let Some(glossary) = files.iter().find_map(|&f| project.files[f].glossary) else {
                continue;
            };
            let mut usage: BTreeMap<usize, BTreeMap<usize, Usage>> = BTreeMap::new();
            for &file in &files {
                if !project.files[file]
                    .glossary
                    .is_some_and(|g| std::ptr::eq(g, glossary))
                {
                    continue;
                }
                for (ti, t) in project.files[file].terms.iter().enumerate() {
                    let entry = usage
                        .entry(t.concept)
                        .or_default()
                        .entry(t.rendering)
                        .or_insert((0, Vec::new(), (file, ti)));
                    entry.0 += 1;
                    if entry.1.last() != Some(&file) {
                        entry.1.push(file);
                    }
                }
            }
            for (concept, renderings) in usage {
                // Across files: two different files must use two different renderings
                // (one file mixing them is term-inconsistent's finding).
                let across = renderings.iter().any(|(r1, u1)| {
                    renderings.iter().any(|(r2, u2)| {
                        r1 != r2 && u1.1.iter().any(|f1| u2.1.iter().any(|f2| f1 != f2))
                    })
                });
                if !across {
                    continue;
                }
                let c = &glossary.concepts[concept];
                let mut list: Vec<(usize, &Usage)> =
                    renderings.iter().map(|(r, u)| (*r, u)).collect();
                list.sort_by_key(|(r, u)| (std::cmp::Reverse(u.0), *r));
                // Point at a rendering that is not the preferred one (or, when the preferred
                // one is not used, not the most common one).
                let dominant = if renderings.contains_key(&0) {
                    0
                } else {
                    list[0].0
                };
                let Some(&(_, &(_, _, (file, ti)))) =
                    list.iter().rev().find(|(r, _)| *r != dominant)
                else {
                    continue;
                };
                let facts = &project.files[file];
                let term = facts.terms[ti];
                let seg = &facts.segments[facts.term_segments[ti]];
                let described: Vec<String> = list
                    .iter()
                    .map(|(r, (n, used_in, _))| {
                        format!(
                            "\"{}\" ({n}× in {} file{})",
                            c.renderings[*r],
                            used_in.len(),
                            if used_in.len() == 1 { "" } else { "s" }
                        )
                    })
                    .collect();
                let message = format!(
                    "\"{}\" is rendered {} ways across {locale} files: {} (preferred: \"{}\")",
                    c.term,
                    list.len(),
                    described.join(", "),
                    c.preferred()
                );
                let mut diagnostic =
                    Diagnostic::new(&Self::META, term.range, message).with_segment(&*seg.id);
                if c.on_the_fly {
                    diagnostic.severity = super::term_inconsistent::LEARNED_SEVERITY;
                }
                out.push(ProjectDiagnostic { file, diagnostic });
            }
        }
    }
}
