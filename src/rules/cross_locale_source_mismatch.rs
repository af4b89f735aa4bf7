use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::project::{Project, ProjectDiagnostic, SegmentKey};
use crate::rule::Rule;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// When one run covers the same article in several locales (the same relative path
    /// under `ko-KR/` and `zh-TW/`, or `a.ko-KR.md` and `a.zh-TW.md`), compares the English
    /// source text of each segment number across them. A segment whose English differs
    /// from the other locales' (the majority, or the first locale on a tie) is reported.
    ///
    /// ## Why it matters
    /// Every locale is translated from the same English article. Different English for one
    /// segment means one locale was built from an older or newer source: its translation
    /// is out of date, or the other locale's is.
    ///
    /// ## Example
    /// Segment 103 in `ko-KR/device-writeback.md` has the source "Device writeback is used
    /// in these scenarios:" while `zh-TW/device-writeback.md` has "Device Writeback is used
    /// in the following scenarios:".
    pub struct CrossLocaleSourceMismatch {
        name: "cross-locale-source-mismatch",
        category: Consistency,
        severity: Warning,
        summary: "A segment's English source differs between the locales of one article.",
    }
}

/// A value of a (file, segment) place: the hash compared across locales.
type Place<'a> = dyn Fn(&(usize, usize)) -> u64 + 'a;

impl Rule for CrossLocaleSourceMismatch {
    super::rule_meta!();

    fn needs_project(&self) -> bool {
        true
    }

    fn check_project(&self, project: &Project, out: &mut Vec<ProjectDiagnostic>) {
        for group in project.locale_groups() {
            // key -> [(file, segment index)] across the group's files.
            let mut by_key: HashMap<SegmentKey, Vec<(usize, usize)>> = HashMap::new();
            for &file in &group {
                for (i, seg) in project.files[file].segments.iter().enumerate() {
                    by_key.entry(seg.key).or_default().push((file, i));
                }
            }
            let mut keys: Vec<_> = by_key.keys().copied().collect();
            keys.sort();
            for key in keys {
                let places = &by_key[&key];
                let seg = |&(f, s): &(usize, usize)| &project.files[f].segments[s];
                let wording = |p: &(usize, usize)| seg(p).source_hash;
                let markup = |p: &(usize, usize)| seg(p).source_markup_hash;
                let (hash, what): (&Place<'_>, &str) =
                    if places.iter().any(|p| wording(p) != wording(&places[0])) {
                        (&wording, "wording")
                    } else {
                        (
                            &markup,
                            "markup (links, emphasis or code moved in or out of the segment)",
                        )
                    };
                let Some(reference) = majority(places, hash) else {
                    continue;
                };
                for p in places.iter().filter(|p| hash(p) != hash(&reference)) {
                    let (file, _) = *p;
                    let here = seg(p);
                    let message = format!(
                        "English source of segment {key} differs in {what} from {} ({}), which has \"{}\"; one of the two locales was built from another version of the article",
                        project.display(reference.0),
                        project.files[reference.0].locale.as_deref().unwrap_or("?"),
                        project.quote(reference.0, seg(&reference).source, 90),
                    );
                    out.push(ProjectDiagnostic {
                        file,
                        diagnostic: Diagnostic::new(&Self::META, here.source, message)
                            .with_segment(&*here.id),
                    });
                }
            }
        }
    }
}

/// The place whose value most places share (the first such place on a tie), or None
/// when all places agree.
fn majority(places: &[(usize, usize)], value: &Place<'_>) -> Option<(usize, usize)> {
    let count = |v: u64| places.iter().filter(|p| value(p) == v).count();
    if places.iter().all(|p| value(p) == value(&places[0])) {
        return None;
    }
    let top = places.iter().map(|p| count(value(p))).max()?;
    places.iter().find(|p| count(value(p)) == top).copied()
}
