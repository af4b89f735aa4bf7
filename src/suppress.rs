//! Applies a document's suppression comments to its findings and tells which parts of the
//! comments suppressed nothing (reported by the `unused-suppression` rule).

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Suppression, SuppressionKind};
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

/// Whether enabling `enable` ends a disable of `disabled` (None: every rule).
fn covers(enable: Selector, disabled: Option<Selector>) -> bool {
    match (enable, disabled) {
        (Selector::All, _) => true,
        (_, None) => false,
        (Selector::Rule(a), Some(Selector::Rule(b))) => a == b,
        (Selector::Category(c), Some(Selector::Rule(r))) => {
            crate::rules::find(r).is_some_and(|rule| rule.meta().category == c)
        }
        (Selector::Category(a), Some(Selector::Category(b))) => a == b,
        _ => false,
    }
}

/// Removes suppressed findings; returns the unused suppressions among those naming rules
/// that ran (a comment for a rule that is turned off suppresses nothing by design).
pub fn apply(
    doc: &Document<'_>,
    rules: &[&'static dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Unused> {
    apply_to(doc.text, &doc.suppressions, rules, diagnostics)
}

/// The findings of the cross-file rules, which come after the file's own check: only
/// removed where suppressed (whether a comment was used is decided with the file's rules).
pub fn apply_later(text: &str, sups: &[Suppression], diagnostics: &mut Vec<Diagnostic>) {
    apply_to(text, sups, &[], diagnostics);
}

fn apply_to(
    text: &str,
    sups: &[Suppression],
    rules: &[&'static dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Unused> {
    let lines = LineIndex::new(text);
    let mut scopes: Vec<Scope> = Vec::new();
    let mut unknown = Vec::new();
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
            // A disable lasts until an enable that covers what it disabled: every rule, its
            // category, or the same rule.
            let to = if s.kind == SuppressionKind::Disable {
                sups[ci + 1..]
                    .iter()
                    .find(|e| {
                        e.kind == SuppressionKind::Enable
                            && (e.rules.is_empty()
                                || e.rules
                                    .iter()
                                    .filter_map(|(n, _)| Selector::parse(n).ok())
                                    .any(|enable| covers(enable, selector)))
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
    // Cross-file rules report later; a comment for one is not unused here.
    let ran = |sel: Option<Selector>| {
        sel.is_none_or(|sel| {
            rules
                .iter()
                .any(|r| !r.needs_project() && sel.matches_meta(r.meta()))
        })
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
