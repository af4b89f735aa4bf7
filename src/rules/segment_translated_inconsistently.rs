use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic};
use crate::rule::Rule;
use std::collections::HashMap;

/// Shorter segments (a word, a UI label) are legitimately translated by context.
const MIN_WORDS: usize = 4;

declare_rule! {
    /// ## What it does
    /// Finds English segments of at least four words that occur in several files of one
    /// locale and are translated differently there. Reported once per English segment, at
    /// the first place that uses a less common translation, naming each translation with
    /// the number of files using it and some of those files. Translations are compared by
    /// their words: markup, punctuation, case and equivalent spellings (Thai `ํา` = `ำ`) do
    /// not count, nor spaces where the profile says the locale does not separate words
    /// (Chinese, Japanese, Thai: `[已发送 **邮件** ]` is `[已发送邮件]`); where words are
    /// separated or unknown, spacing does count (Korean `설치하는`/`설치 하는`).
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

/// A target text as compared across files, like the wording hash that grouped it: its
/// words in lowercase, link destinations, markup and punctuation left out, equivalent
/// spellings folded (Thai `ํา` = `ำ`), and white space dropped where the locale does not
/// separate words by spaces (markup splits a Chinese or Thai word, a space does not make
/// two).
fn comparable(text: &str, spaced: Option<bool>) -> String {
    let text = crate::locale::script::fold_equivalents(text);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("](") {
            out.push(' ');
            rest = rest[2..].find(')').map_or("", |e| &rest[2 + e + 1..]);
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() || crate::locale::script::is_punctuation(c) {
            out.push(' ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if spaced == Some(false) {
        out.retain(|c| c != ' ');
        out
    } else {
        out.split_whitespace().collect::<Vec<_>>().join(" ")
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
                    let Some(target) = seg.target_hash else {
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
            let profile = crate::locale::builtin().resolve(&locale);
            for places in groups {
                // The same words in other markup or spacing are one translation: compare
                // the texts without emphasis and link syntax, and without spaces where
                // the locale does not separate words (Chinese, Thai).
                let keyed: Vec<(String, usize, usize)> = places
                    .iter()
                    .map(|&(file, seg, _)| {
                        let range = project.files[file].segments[seg].target.unwrap_or_default();
                        let text = project.quote(file, range, usize::MAX);
                        (comparable(&text, profile.separates_words()), file, seg)
                    })
                    .collect();
                if keyed.iter().all(|k| k.0 == keyed[0].0) {
                    continue;
                }
                // translation -> (files using it, first place)
                let mut usage: Vec<(String, Vec<usize>, (usize, usize))> = Vec::new();
                for (t, file, seg) in keyed {
                    let (file, seg) = (file, seg);
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
