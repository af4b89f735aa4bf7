use super::cross_locale;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic, SegmentFacts};
use crate::rule::Rule;
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales, compares the English
    /// their segments hold. The locales whose English is the same (the same words in
    /// order, whatever the segmentation: a paragraph segment `p101` holding sentences 106
    /// and 107 is the same English) make the reference: the most locales, or on a tie
    /// those of the first locale tag. In a file outside it, each segment whose English the
    /// reference does not have is reported, and the reference's segments this file lacks
    /// are reported once together; when most segments differ, one finding says the file
    /// was built from another version of the article. A difference is reported once, in
    /// the file that differs, not once per other locale. Not reported: segmentation alone
    /// (the same English cut into other segments or numbered otherwise), and files whose
    /// front matter names another source version (`cross-locale-hash-mismatch` reports
    /// those once). No profile convention is read.
    ///
    /// ## Why it matters
    /// The locales of an article are generated from one English source. English only one
    /// locale has, or lacks, means the locale comes from another version of the source
    /// (a sentence added or dropped since), or a segment was added or dropped by hand.
    ///
    /// ## Example
    /// `ko-KR/device-writeback.md` and `zh-TW/device-writeback.md` end with segment 105
    /// "A subscription is required."; `fr-FR/device-writeback.md` also has segment 106
    /// "Licenses are assigned per user.": segment 106 is reported in the fr-FR file.
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
        for d in cross_locale::differing(project) {
            if d.version.is_some() {
                continue;
            }
            let here = &project.files[d.file];
            let there = &project.files[d.reference];
            let others = d.agreeing_locales(project);
            if d.wholesale(project) {
                let mut numbers: Vec<&SegmentFacts> = d
                    .changed
                    .iter()
                    .map(|&(k, _, _)| &here.segments[k])
                    .chain(d.extra.iter().map(|&k| &here.segments[k]))
                    .chain(d.missing.iter().map(|&t| &there.segments[t]))
                    .collect();
                numbers.sort_by_key(|s| s.key);
                numbers.dedup_by_key(|s| s.key);
                let first = here
                    .segments
                    .first()
                    .map_or(TextRange::empty(0), |s| s.range);
                let message = format!(
                    "the English of this article differs from {others} in {} of {} segments ({}): this locale was translated from another version of the article",
                    d.count(),
                    here.segments.len().max(there.segments.len()),
                    cross_locale::list_numbers(&numbers),
                );
                out.push(ProjectDiagnostic {
                    file: d.file,
                    diagnostic: Diagnostic::new(&Self::META, first, message),
                });
                continue;
            }
            for &k in &d.extra {
                let seg = &here.segments[k];
                let message = format!(
                    "segment {} (\"{}\") is not in {others}: their version of the article does not have this English",
                    seg.key,
                    cross_locale::quote(project, d.file, seg, 60),
                );
                out.push(ProjectDiagnostic {
                    file: d.file,
                    diagnostic: Diagnostic::new(&Self::META, seg.range, message)
                        .with_segment(&*seg.id),
                });
            }
            if let Some(&first_missing) = d.missing.first() {
                let missing: Vec<&SegmentFacts> =
                    d.missing.iter().map(|&t| &there.segments[t]).collect();
                // Shown at the segment the missing English would follow.
                let key = there.segments[first_missing].key;
                let at = here
                    .segments
                    .iter()
                    .filter(|s| s.key < key)
                    .max_by_key(|s| s.key)
                    .or(here.segments.first());
                let range = at.map_or(TextRange::empty(0), |s| s.range);
                let what = if missing.len() == 1 {
                    "segment"
                } else {
                    "segments"
                };
                let message = format!(
                    "{others} have {what} {} (\"{}\") that this file lacks: it was translated from another version of the article",
                    cross_locale::list_numbers(&missing),
                    cross_locale::quote(project, d.reference, missing[0], 60),
                );
                let mut diagnostic = Diagnostic::new(&Self::META, range, message);
                if let Some(s) = at {
                    diagnostic = diagnostic.with_segment(&*s.id);
                }
                out.push(ProjectDiagnostic {
                    file: d.file,
                    diagnostic,
                });
            }
        }
    }
}
