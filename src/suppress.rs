//! Applies a document's suppression comments to its findings and tells which parts of the
//! comments suppressed nothing (reported by the `unused-suppression` rule).

use crate::diagnostic::Diagnostic;
use crate::document::{Document, SuppressionKind};
use crate::engine::Selector;
use crate::rule::Rule;
use crate::text::{LineIndex, TextRange};

/// A rule name of a comment that suppressed nothing, or names no rule.
pub struct Unused {
    pub range: TextRange,
    pub name: Option<String>,
    pub unknown: bool,
}

struct Scope {
    /// Index into `doc.suppressions` and into its rules (None: every rule).
    comment: usize,
    rule: Option<usize>,
    selector: Option<Selector>,
    from: usize,
    to: usize,
    used: bool,
}

/// Removes suppressed findings; returns the unused suppressions among those naming rules
/// that ran (a comment for a rule that is turned off suppresses nothing by design).
pub fn apply(
    doc: &Document<'_>,
    rules: &[&'static dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Unused> {
    let text = doc.text;
    let lines = LineIndex::new(text);
    let mut scopes: Vec<Scope> = Vec::new();
    let mut unknown = Vec::new();
    let sups = &doc.suppressions;
    for (ci, s) in sups.iter().enumerate() {
        let (from, to) = match s.kind {
            SuppressionKind::Enable => continue,
            SuppressionKind::NextLine => {
                let next = lines.line_of(s.range.end()) + 1;
                if next >= lines.line_count() {
                    (text.len(), text.len())
                } else {
                    let end = if next + 1 < lines.line_count() {
                        lines.line_start(next + 1)
                    } else {
                        text.len()
                    };
                    (lines.line_start(next), end)
                }
            }
            SuppressionKind::Disable => (s.range.end(), text.len()),
        };
        let targets: Vec<(Option<usize>, Option<Selector>)> = if s.rules.is_empty() {
            vec![(None, None)]
        } else {
            s.rules
                .iter()
                .enumerate()
                .filter_map(|(ri, (name, range))| match Selector::parse(name) {
                    Ok(sel) => Some((Some(ri), Some(sel))),
                    Err(_) => {
                        unknown.push(Unused {
                            range: *range,
                            name: Some(name.clone()),
                            unknown: true,
                        });
                        None
                    }
                })
                .collect()
        };
        for (rule, selector) in targets {
            // A disable lasts until an enable that names the same rule, or every rule.
            let to = if s.kind == SuppressionKind::Disable {
                sups[ci + 1..]
                    .iter()
                    .find(|e| {
                        e.kind == SuppressionKind::Enable
                            && (e.rules.is_empty()
                                || rule.is_some_and(|ri| {
                                    e.rules.iter().any(|(n, _)| *n == s.rules[ri].0)
                                }))
                    })
                    .map_or(to, |e| e.range.start())
            } else {
                to
            };
            scopes.push(Scope {
                comment: ci,
                rule,
                selector,
                from,
                to,
                used: false,
            });
        }
    }
    diagnostics.retain(|d| {
        let start = d.range.start();
        let mut suppressed = false;
        for scope in scopes.iter_mut() {
            let matches = scope.selector.is_none_or(|sel| sel.matches_meta(d.rule));
            if matches && scope.from <= start && start < scope.to.max(scope.from + 1) {
                scope.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    let ran = |sel: Option<Selector>| {
        sel.is_none_or(|sel| rules.iter().any(|r| sel.matches_meta(r.meta())))
    };
    let mut unused: Vec<Unused> = scopes
        .iter()
        .filter(|s| !s.used && ran(s.selector))
        .map(|s| {
            let comment = &sups[s.comment];
            match s.rule {
                Some(ri) => Unused {
                    range: comment.rules[ri].1,
                    name: Some(comment.rules[ri].0.clone()),
                    unknown: false,
                },
                None => Unused {
                    range: comment.range,
                    name: None,
                    unknown: false,
                },
            }
        })
        .collect();
    unused.extend(unknown);
    unused.sort_by_key(|u| u.range);
    unused
}
