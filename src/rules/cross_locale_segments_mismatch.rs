use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic, SegmentKey};
use crate::rule::Rule;
use crate::text::TextRange;
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales, compares their sets of
    /// segment numbers and reports, in each file, the segments that another locale's file
    /// of the article does not have. When most segments differ (the article was
    /// renumbered), one finding per file pair says so instead of one per segment.
    ///
    /// ## Why it matters
    /// The locales of an article are generated from one English source with one set of
    /// segments. A segment only one locale has was added or dropped by hand, or the
    /// locales come from different versions of the source.
    ///
    /// ## Example
    /// `ko-KR/device-writeback.md` has segments 102–109 and `zh-TW/device-writeback.md`
    /// has 102–108: segment 109 is reported in the ko-KR file.
    pub struct CrossLocaleSegmentsMismatch {
        name: "cross-locale-segments-mismatch",
        category: Consistency,
        severity: Warning,
        summary: "The locales of one article do not have the same segments.",
    }
}

impl Rule for CrossLocaleSegmentsMismatch {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for group in project.locale_groups() {
            let sets: Vec<BTreeSet<SegmentKey>> = group
                .iter()
                .map(|&f| project.files[f].segments.iter().map(|s| s.key).collect())
                .collect();
            for (gi, &file) in group.iter().enumerate() {
                let facts = &project.files[file];
                for (oi, &other) in group.iter().enumerate() {
                    if oi == gi {
                        continue;
                    }
                    let extra: Vec<SegmentKey> = sets[gi].difference(&sets[oi]).copied().collect();
                    if extra.is_empty() {
                        continue;
                    }
                    let other_locale = project.files[other].locale.as_deref().unwrap_or("?");
                    if extra.len() * 2 > sets[gi].len().max(1) {
                        let missing = sets[oi].difference(&sets[gi]).count();
                        let first = facts
                            .segments
                            .first()
                            .map_or(TextRange::empty(0), |s| s.range);
                        let message = format!(
                            "segment numbers differ from {} ({other_locale}): {} of {} segments here are not there and {missing} there are not here; the locales come from different versions of the article",
                            project.display(other),
                            extra.len(),
                            sets[gi].len()
                        );
                        out.push(ProjectDiagnostic {
                            file,
                            diagnostic: Diagnostic::new(&Self::META, first, message),
                        });
                        continue;
                    }
                    for key in extra {
                        let Some(seg) = facts.segments.iter().find(|s| s.key == key) else {
                            continue;
                        };
                        let message = format!(
                            "segment {key} has no counterpart in {} ({other_locale})",
                            project.display(other)
                        );
                        out.push(ProjectDiagnostic {
                            file,
                            diagnostic: Diagnostic::new(&Self::META, seg.range, message)
                                .with_segment(&*seg.id),
                        });
                    }
                }
            }
        }
    }
}
