use super::ending_punctuation::{Visibility, visible_chars};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a bracket or quotation mark in a target segment that is never closed, that
    /// closes nothing, or a closing one that comes before its opening one (`列出圖庫和非圖庫)
    /// (的所有`): `( )`, `[ ]`, `{ }`, `“ ”`, `‘ ’`, `「 」`, `『 』`, `（ ）`, `【 】`, half-
    /// and full-width alike. Only families the source segment has balanced are checked (for
    /// quotation marks, double and single alike), so a quotation split over two source
    /// sentences is not blamed on the translation. Link syntax, code spans, URLs and HTML
    /// tags are ignored, and so is broken link syntax other than `[text]` (reported by
    /// `broken-link-syntax`). A pair opened full-width and closed half-width (`（…)`) is
    /// reported at info level. `’` is only a closing quote after a `‘`: alone, it is an
    /// apostrophe; a straight `"` may close a curly one.
    ///
    /// ## Why it matters
    /// A lost or reversed bracket makes a sentence hard to parse and often means that words
    /// moved to the wrong side of it during translation; in UI paths (`[設定] > [帳戶]`) the
    /// reader cannot tell which words are the UI label.
    ///
    /// ## Example
    /// `도메인 이름(예: 을(를) **contoso.com.**` for `Enter the name of the domain, such as
    /// **contoso.com**.`: the first `(` is never closed.
    pub struct UnbalancedBrackets {
        name: "unbalanced-brackets",
        category: Punctuation,
        severity: Warning,
        summary: "A bracket or quotation mark in the target is unclosed, unopened or reversed.",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Paren,
    Square,
    Curly,
    Double,
    Single,
}

impl Family {
    const ALL: [Family; 5] = [
        Family::Paren,
        Family::Square,
        Family::Curly,
        Family::Double,
        Family::Single,
    ];

    fn name(self) -> &'static str {
        match self {
            Family::Paren => "parentheses",
            Family::Square => "square brackets",
            Family::Curly => "braces",
            Family::Double => "double quotation marks",
            Family::Single => "single quotation marks",
        }
    }
}

/// (family, opens, full-width/corner form).
fn bracket(c: char) -> Option<(Family, bool, bool)> {
    Some(match c {
        '(' => (Family::Paren, true, false),
        ')' => (Family::Paren, false, false),
        '（' => (Family::Paren, true, true),
        '）' => (Family::Paren, false, true),
        '[' => (Family::Square, true, false),
        ']' => (Family::Square, false, false),
        '【' | '［' => (Family::Square, true, true),
        '】' | '］' => (Family::Square, false, true),
        '{' => (Family::Curly, true, false),
        '}' => (Family::Curly, false, false),
        '｛' => (Family::Curly, true, true),
        '｝' => (Family::Curly, false, true),
        '“' => (Family::Double, true, false),
        '”' => (Family::Double, false, false),
        '「' => (Family::Double, true, true),
        '」' => (Family::Double, false, true),
        '‘' => (Family::Single, true, false),
        '’' => (Family::Single, false, false),
        '『' => (Family::Single, true, true),
        '』' => (Family::Single, false, true),
        _ => return None,
    })
}

/// How one family's marks pair up in a text.
#[derive(Default)]
struct Pairing {
    /// Unmatched marks: (index into the chars, opens).
    unmatched: Vec<(usize, bool)>,
    /// Pairs whose two marks have different widths: (open index, close index).
    mixed: Vec<(usize, usize)>,
    /// The first pair that matched, if any: (open index, close index).
    first_pair: Option<(usize, usize)>,
}

fn pair_up(chars: &[(char, TextRange)], family: Family) -> Pairing {
    let mut p = Pairing::default();
    let mut stack: Vec<(usize, char, bool)> = Vec::new();
    let mut straight = 0usize;
    for (i, &(c, _)) in chars.iter().enumerate() {
        if family == Family::Double && c == '"' {
            straight += 1;
            continue;
        }
        let Some((f, opens, wide)) = bracket(c) else {
            continue;
        };
        if f != family {
            continue;
        }
        if opens {
            stack.push((i, c, wide));
            continue;
        }
        if c == '’' {
            // An apostrophe unless it closes a `‘` and is not inside a word (don’t).
            let in_word = |k: Option<&(char, TextRange)>| k.is_some_and(|(c, _)| c.is_alphabetic());
            let closes_quote = stack.last().is_some_and(|&(_, o, _)| o == '‘');
            if !closes_quote || (i > 0 && in_word(chars.get(i - 1)) && in_word(chars.get(i + 1))) {
                continue;
            }
        }
        match stack.pop() {
            Some((o, _, open_wide)) => {
                if p.first_pair.is_none() {
                    p.first_pair = Some((o, i));
                }
                if open_wide != wide {
                    p.mixed.push((o, i));
                }
            }
            None => p.unmatched.push((i, false)),
        }
    }
    p.unmatched
        .extend(stack.into_iter().map(|(i, _, _)| (i, true)));
    // A straight `"` standing in for one curly mark pairs with it.
    if family == Family::Double && straight % 2 == 1 && p.unmatched.len() == 1 {
        p.unmatched.clear();
    } else if family == Family::Double && straight % 2 == 1 && p.unmatched.is_empty() {
        p.unmatched.push((usize::MAX, true));
    }
    p.unmatched.sort_unstable();
    p
}

impl Rule for UnbalancedBrackets {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let opts = Visibility {
            skip_broken_links: true,
        };
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            if !raw.chars().any(|c| bracket(c).is_some()) {
                continue;
            }
            let tchars = visible_chars(target, text, opts);
            // The source is read only when the target has something unbalanced.
            let mut source_chars = None;
            for family in Family::ALL {
                let t = pair_up(&tchars, family);
                if t.unmatched.is_empty() && t.mixed.is_empty() {
                    continue;
                }
                let schars = source_chars.get_or_insert_with(|| visible_chars(source, text, opts));
                let s = pair_up(schars, family);
                if !s.unmatched.is_empty() {
                    continue;
                }
                // Translations swap quotation styles (`"…"` becomes `‘…’` or `「…」`): a
                // quotation the source leaves open in either style excuses both.
                let quotes = [Family::Double, Family::Single];
                if quotes.contains(&family)
                    && quotes
                        .iter()
                        .any(|&q| !pair_up(schars, q).unmatched.is_empty())
                {
                    continue;
                }
                // The source's first pair of the family shows what the target lost.
                let label = |d: Diagnostic| match s.first_pair {
                    Some((o, c)) => d.with_label(
                        schars[o].1.cover(schars[c].1),
                        format!("the source's {}", family.name()),
                    ),
                    None => d,
                };
                let id = seg.id_str(text);
                let at = |i: usize| tchars[i].1;
                let mark = |i: usize| tchars[i].0;
                let unmatched: Vec<(usize, bool)> = t
                    .unmatched
                    .iter()
                    .copied()
                    .filter(|&(i, _)| i != usize::MAX)
                    .collect();
                let mut k = 0;
                while k < unmatched.len() {
                    let (i, opens) = unmatched[k];
                    // A close before an open of the same kind: reversed.
                    let reversed = unmatched.get(k + 1).filter(|&&(j, o)| {
                        !opens
                            && o
                            && bracket(mark(j)).map(|b| b.2) == bracket(mark(i)).map(|b| b.2)
                    });
                    let (range, message) = if let Some(&(j, _)) = reversed {
                        k += 1;
                        (
                            at(i).cover(at(j)),
                            format!(
                                "`{}` comes before its `{}`: the {} are reversed",
                                mark(i),
                                mark(j),
                                family.name()
                            ),
                        )
                    } else if opens {
                        (at(i), format!("`{}` is never closed", mark(i)))
                    } else {
                        (at(i), format!("`{}` closes nothing", mark(i)))
                    };
                    k += 1;
                    out.push(label(
                        Diagnostic::new(&Self::META, range, message).with_segment(id),
                    ));
                }
                // `(（如 Outlook) ）`: two mixed pairs nested in each other are one finding.
                let mut mixed = t.mixed.clone();
                mixed.sort_unstable();
                let mut m = 0;
                while m < mixed.len() {
                    let (o, c) = mixed[m];
                    let inner = mixed.get(m + 1).filter(|&&(o2, c2)| o < o2 && c2 < c);
                    m += 1 + usize::from(inner.is_some());
                    let message = match inner {
                        Some(&(o2, c2)) => format!(
                            "`{}` and `{}` are closed by `{}` and `{}`: nested {} of mixed width",
                            mark(o),
                            mark(o2),
                            mark(c2),
                            mark(c),
                            family.name()
                        ),
                        None => format!(
                            "`{}` is closed by `{}`: the {} do not match in width",
                            mark(o),
                            mark(c),
                            family.name()
                        ),
                    };
                    let mut d =
                        Diagnostic::new(&Self::META, at(o).cover(at(c)), message).with_segment(id);
                    d.severity = Severity::Info;
                    out.push(d);
                }
            }
        }
    }
}
