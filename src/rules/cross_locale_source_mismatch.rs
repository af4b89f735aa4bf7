use super::cross_locale::{self, Change};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic};
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales (the same relative path
    /// under `ko-KR/` and `zh-TW/`, or `a.ko-KR.md` and `a.zh-TW.md`), compares the English
    /// source of each segment number across them. The locales whose English is the same
    /// (the same words in order, whatever the segmentation, and links to the same pages,
    /// whatever the locale part of their URLs) make the reference: the most locales, or
    /// on a tie those of the first locale tag. In a file outside it, a segment whose
    /// English has words the reference does not have, or a link to another page, is
    /// reported once, in that file. Not reported: differences of white space, emphasis or
    /// where a link starts (inside or around the segment); files whose front matter names
    /// another source version (`cross-locale-hash-mismatch` reports those once), and files
    /// where most segments differ (`cross-locale-segments-mismatch` reports those once).
    /// No profile convention is read.
    ///
    /// ## Why it matters
    /// Every locale is translated from the same English article. Different English for one
    /// segment means this locale was built from an older or newer source: its translation
    /// says something else than the other locales', or sends readers to another page.
    ///
    /// ## Example
    /// Segment 103 in `fr-FR/device-writeback.md` has the source "Device writeback is used
    /// in these scenarios:" while `ko-KR/` and `zh-TW/device-writeback.md` have "Device
    /// Writeback is used in the following scenarios:".
    pub struct CrossLocaleSourceMismatch {
        name: "cross-locale-source-mismatch",
        category: Consistency,
        severity: Warning,
        summary: "A segment's English source differs between the locales of one article.",
    }
}

impl Rule for CrossLocaleSourceMismatch {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for d in cross_locale::differing(project) {
            if d.version.is_some() || d.wholesale(project) {
                continue;
            }
            for &(k, t, change) in &d.changed {
                let here = &project.files[d.file].segments[k];
                let there = &project.files[d.reference].segments[t];
                let what = match change {
                    Change::Wording => "differs from the English of",
                    Change::Link => "links to another page than in",
                };
                let message = format!(
                    "English source of segment {} {what} {}, which have \"{}\": this locale was translated from another version of the article",
                    here.key,
                    d.agreeing_locales(project),
                    cross_locale::quote(project, d.reference, there, 90),
                );
                out.push(ProjectDiagnostic {
                    file: d.file,
                    diagnostic: Diagnostic::new(&Self::META, here.source, message)
                        .with_segment(&*here.id),
                });
            }
        }
    }
}
