use super::cross_locale;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic, SegmentFacts};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales, finds the files built
    /// from another version of the English article than the others, and reports each once:
    /// its `ms.openlocfilehash` or `ms.sourcegitcommit` front matter value (which names the
    /// English source version) differs from the reference locales' (those whose English is
    /// the same, the most locales or on a tie those of the first locale tag), and so does
    /// its English: words, segments or link destinations. The message counts and lists the
    /// segments that differ. A version value that differs while every segment's English is
    /// the same (the English file changed outside the translated text) is not reported.
    /// No profile convention is read.
    ///
    /// ## Why it matters
    /// A locale translated from another version of the English article says something
    /// else than the others: sentences added since are missing, removed ones are still
    /// there, links go to old pages. The whole file needs to be localized again.
    ///
    /// ## Example
    /// `ko-KR/a.md` and `fr-FR/a.md` have `ms.sourcegitcommit: 0470a72…` and the same
    /// English; `zh-TW/a.md` has `ms.sourcegitcommit: 9b3c1d0…` and a segment 103 in other
    /// words.
    pub struct CrossLocaleHashMismatch {
        name: "cross-locale-hash-mismatch",
        category: Consistency,
        severity: Warning,
        summary: "A locale of an article was translated from another version of its English source.",
    }
}

impl Rule for CrossLocaleHashMismatch {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for d in cross_locale::differing(project) {
            let Some((key, here_value, there_value, range)) = &d.version else {
                continue;
            };
            let here = &project.files[d.file];
            let there = &project.files[d.reference];
            let mut parts = Vec::new();
            let list = |segs: Vec<&SegmentFacts>| cross_locale::list_numbers(&segs);
            if !d.changed.is_empty() {
                parts.push(format!(
                    "{} with other English or links ({})",
                    d.changed.len(),
                    list(
                        d.changed
                            .iter()
                            .map(|&(k, _, _)| &here.segments[k])
                            .collect()
                    )
                ));
            }
            if !d.extra.is_empty() {
                parts.push(format!(
                    "{} only here ({})",
                    d.extra.len(),
                    list(d.extra.iter().map(|&k| &here.segments[k]).collect())
                ));
            }
            if !d.missing.is_empty() {
                parts.push(format!(
                    "{} missing here ({})",
                    d.missing.len(),
                    list(d.missing.iter().map(|&t| &there.segments[t]).collect())
                ));
            }
            let message = format!(
                "translated from another version of the English article than {}: `{key}` is `{}` here, `{}` there, and segments differ: {}",
                d.agreeing_locales(project),
                cross_locale::short(here_value),
                cross_locale::short(there_value),
                parts.join("; "),
            );
            out.push(ProjectDiagnostic {
                file: d.file,
                diagnostic: Diagnostic::new(&Self::META, *range, message),
            });
        }
    }
}
