use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic};
use crate::rule::Rule;
use std::collections::HashMap;

/// Shorter segments (a word, a UI label) are legitimately translated by context.
const MIN_WORDS: usize = 4;

impl SegmentTranslatedInconsistently {
    /// Source words a segment needs to be compared (the engine keys only those).
    pub const MIN_WORDS: usize = MIN_WORDS;
}

declare_rule! {
    /// ## What it does
    /// Finds English segments of at least four words that occur in several files of one
    /// locale and are translated differently there. Reported once per English segment, at
    /// the first place that uses a less common translation, naming each translation with
    /// the number of files using it and some of those files. Translations are compared by
    /// their letters and digits: markup, punctuation, case, spacing (`[已发送 **邮件** ]` is
    /// `[已发送邮件]`; Korean `설치하는`/`설치 하는` is a spacing matter, not another
    /// translation) and equivalent spellings (Thai `ํา` = `ำ`) do not count. No profile
    /// convention is read.
    ///
    /// ## Why it matters
    /// The same sentence translated two ways across a documentation set reads as two
    /// different instructions, and translation memory should have made them identical:
    /// a difference usually means one copy was machine-translated or edited by hand.
    ///
    /// ## Example
    /// "Device Writeback is used in the following scenarios:" is "장치 쓰기 저장은 다음
    /// 시나리오에서 사용됩니다." in three ko-KR files and "장치 쓰기 기록은 다음과 같은
    /// 시나리오에서 사용됩니다." in one.
    pub struct SegmentTranslatedInconsistently {
        name: "segment-translated-inconsistently",
        category: Consistency,
        severity: Info,
        summary: "The same English segment is translated differently in files of one locale.",
    }
}

impl Rule for SegmentTranslatedInconsistently {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for (locale, files) in project.by_locale() {
            // source hash -> [(file, segment, target hash)], in path order.
            let mut by_source: HashMap<u64, Vec<(usize, usize, u64)>> = HashMap::new();
            for &file in &files {
                for (i, seg) in project.files[file].segments.iter().enumerate() {
                    let Some(target) = seg.target_letters_hash else {
                        continue;
                    };
                    if seg.source_words >= MIN_WORDS {
                        by_source
                            .entry(seg.source_hash)
                            .or_default()
                            .push((file, i, target));
                    }
                }
            }
            let mut groups: Vec<Vec<(usize, usize, u64)>> = by_source
                .into_values()
                .filter(|g| g.iter().any(|p| p.2 != g[0].2))
                .collect();
            groups.sort();
            for places in groups {
                // translation -> (files using it, first place)
                let mut usage: Vec<(u64, Vec<usize>, (usize, usize))> = Vec::new();
                for &(file, seg, t) in &places {
                    match usage.iter_mut().find(|u| u.0 == t) {
                        Some(u) => {
                            if !u.1.contains(&file) {
                                u.1.push(file)
                            }
                        }
                        None => usage.push((t, vec![file], (file, seg))),
                    }
                }
                usage.sort_by_key(|u| std::cmp::Reverse(u.1.len()));
                let (file, seg_index) = usage.last().expect("two translations").2;
                let seg = &project.files[file].segments[seg_index];
                let described: Vec<String> = usage
                    .iter()
                    .map(|(_, used_in, (f, s))| {
                        let quote = project.quote(
                            *f,
                            project.files[*f].segments[*s].target.unwrap_or_default(),
                            60,
                        );
                        let mut names: Vec<String> = used_in
                            .iter()
                            .take(3)
                            .map(|&u| project.display(u))
                            .collect();
                        if used_in.len() > 3 {
                            names.push(format!("{} more", used_in.len() - 3));
                        }
                        format!(
                            "\"{quote}\" ({} file{}: {})",
                            used_in.len(),
                            if used_in.len() == 1 { "" } else { "s" },
                            names.join(", ")
                        )
                    })
                    .collect();
                let message = format!(
                    "this English segment is translated {} ways in {locale} files: {}",
                    usage.len(),
                    described.join("; ")
                );
                let Some(target) = seg.target else { continue };
                out.push(ProjectDiagnostic {
                    file,
                    diagnostic: Diagnostic::new(&Self::META, target, message)
                        .with_segment(&*seg.id)
                        .with_label(seg.source, "the English segment"),
                });
            }
        }
    }
}
