use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic, SHARED_KEYS};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales, compares their
    /// `ms.openlocfilehash` and `ms.sourcegitcommit` front matter values, which name the
    /// English source version each locale was translated from. A file whose value differs
    /// from the other locales' (the majority, or the first locale on a tie) is reported.
    ///
    /// ## Why it matters
    /// Different values mean the locales were built from different versions of the English
    /// article: one of them lags behind and may miss or keep content the other does not.
    ///
    /// ## Example
    /// `ko-KR/a.md` has `ms.sourcegitcommit: 0470a72…` and `zh-TW/a.md` has
    /// `ms.sourcegitcommit: 9b3c1d0…`.
    pub struct CrossLocaleHashMismatch {
        name: "cross-locale-hash-mismatch",
        category: Consistency,
        severity: Warning,
        summary: "The locales of one article name different source versions in front matter.",
    }
}

impl Rule for CrossLocaleHashMismatch {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for group in project.locale_groups() {
            for key in SHARED_KEYS {
                let values: Vec<(usize, &crate::project::FrontFacts)> = group
                    .iter()
                    .filter_map(|&f| {
                        Some((f, project.files[f].front.iter().find(|v| v.key == key)?))
                    })
                    .collect();
                if values.len() < 2 {
                    continue;
                }
                let count = |v: &str| values.iter().filter(|(_, x)| x.value == v).count();
                let top = values
                    .iter()
                    .map(|(_, v)| count(&v.value))
                    .max()
                    .unwrap_or(0);
                let (ref_file, reference) = *values
                    .iter()
                    .find(|(_, v)| count(&v.value) == top)
                    .expect("a value has the top count");
                for (file, v) in values.iter().filter(|(_, v)| v.value != reference.value) {
                    let message = format!(
                        "`{key}` is `{}` here but `{}` in {} ({}): the locales were translated from different source versions",
                        v.value,
                        reference.value,
                        project.display(ref_file),
                        project.files[ref_file].locale.as_deref().unwrap_or("?")
                    );
                    out.push(ProjectDiagnostic {
                        file: *file,
                        diagnostic: Diagnostic::new(&Self::META, v.range, message),
                    });
                }
            }
        }
    }
}
