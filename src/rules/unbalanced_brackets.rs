use super::ending_punctuation::{Visibility, Visible};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::locale::{self, LocaleProfile};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a bracket or quotation mark in a target segment that is never closed, that
    /// closes nothing, or a closing one that comes before its opening one (`列出圖庫和非圖庫)
    /// (的所有`): `( )`, `[ ]`, `{ }`, `（ ）`, `【 】`, half- and full-width alike, and the
    /// quotation marks of the locale's profile (`quotes`): Polish `„…”`, German `„…“` (where
    /// `“` closes), Swedish and Finnish `”…”` (one mark for both), French and Russian `«…»`,
    /// Chinese and Japanese `「…」`. A locale whose quotes are unknown has no quotation
    /// marks checked. Only families the source segment has balanced are checked (its
    /// quotation marks read as English), so a quotation split over two source sentences, or
    /// a link that opens in another segment or never closes its URL in the source, is not
    /// blamed on the translation. Link syntax, code spans, URLs and HTML tags are ignored,
    /// and so is broken link syntax other than `[text]` (reported by `broken-link-syntax`). A
    /// list enumerator at the start of a segment (`а)`, `1)`) is not an unopened parenthesis.
    /// A pair opened full-width and closed half-width (`（…)`) is reported at info level.
    /// `’` is an apostrophe unless it closes an open quotation; a straight `"` may close a
    /// curly one.
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
        locale: "Reads `quotes` (primary and secondary quotation marks). Brackets are checked in every locale; where the quotes are unknown, no quotation mark is checked.",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Paren,
    Square,
    Curly,
    /// Quotation marks, as the locale pairs them (profile `quotes`).
    Quote,
}

impl Family {
    const ALL: [Family; 4] = [Family::Paren, Family::Square, Family::Curly, Family::Quote];

    /// The ASCII pair of a bracket family, as the raw text writes it.
    fn raw_pair(self) -> Option<(char, char)> {
        match self {
            Family::Paren => Some(('(', ')')),
            Family::Square => Some(('[', ']')),
            Family::Curly => Some(('{', '}')),
            Family::Quote => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Family::Paren => "parentheses",
            Family::Square => "square brackets",
            Family::Curly => "braces",
            Family::Quote => "quotation marks",
        }
    }
}

/// A locale's quotation pairs of single characters (`„` `”`), straight quotes left out:
/// a straight `"` is read apart, a `'` is an apostrophe.
struct Quotes {
    pairs: Vec<(char, char)>,
    /// The ASCII brackets, quotation marks and `"`, for `any_mark`.
    ascii: [bool; 128],
}

impl Quotes {
    fn of(profile: &LocaleProfile) -> Quotes {
        let one = |s: &str| {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) if c != '"' && c != '\'' => Some(c),
                _ => None,
            }
        };
        let mut pairs: Vec<(char, char)> = profile
            .quote_pairs()
            .into_iter()
            .filter_map(|(o, c)| Some((one(o)?, one(c)?)))
            .collect();
        pairs.dedup();
        let mut ascii = [false; 128];
        for c in "()[]{}\""
            .chars()
            .chain(pairs.iter().flat_map(|&(o, c)| [o, c]))
        {
            if c.is_ascii() {
                ascii[c as usize] = true;
            }
        }
        Quotes { pairs, ascii }
    }

    fn opens(&self, c: char) -> bool {
        self.pairs.iter().any(|p| p.0 == c)
    }

    fn closes(&self, c: char) -> bool {
        self.pairs.iter().any(|p| p.1 == c)
    }

    /// Whether `close` closes a quotation opened with `open`.
    fn pairs(&self, open: char, close: char) -> bool {
        self.pairs.contains(&(open, close))
    }

    fn has(&self, c: char) -> bool {
        self.opens(c) || self.closes(c)
    }

    /// Whether `raw` has a bracket, one of these quotation marks or a straight `"`: ASCII
    /// bytes are looked up in a table, only other characters are decoded.
    fn any_mark(&self, raw: &str) -> bool {
        let bytes = raw.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                if self.ascii[usize::from(bytes[i])] {
                    return true;
                }
                i += 1;
                continue;
            }
            let c = raw[i..].chars().next().expect("char boundary");
            if bracket(c).is_some() || self.has(c) {
                return true;
            }
            i += c.len_utf8();
        }
        false
    }
}

fn is_wide_quote(c: char) -> bool {
    matches!(c, '「' | '」' | '『' | '』' | '〝' | '〞' | '＂')
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

fn pair_up(chars: &[(char, TextRange)], family: Family, quotes: &Quotes) -> Pairing {
    if family == Family::Quote {
        return pair_quotes(chars, quotes);
    }
    let mut p = Pairing::default();
    let mut stack: Vec<(usize, bool)> = Vec::new();
    // Where the segment's text starts after white space (see `is_enumerator`).
    let lead = chars
        .iter()
        .position(|(c, _)| !c.is_whitespace())
        .unwrap_or(chars.len());
    for (i, &(c, _)) in chars.iter().enumerate() {
        let Some((f, opens, wide)) = bracket(c) else {
            continue;
        };
        if f != family {
            continue;
        }
        if opens {
            stack.push((i, wide));
            continue;
        }
        match stack.pop() {
            Some((o, open_wide)) => {
                if p.first_pair.is_none() {
                    p.first_pair = Some((o, i));
                }
                if open_wide != wide {
                    p.mixed.push((o, i));
                }
            }
            // `а)`, `1)`: a list enumerator at the start of the segment.
            None if family == Family::Paren && is_enumerator(chars.get(lead..i)) => {}
            None => p.unmatched.push((i, false)),
        }
    }
    p.unmatched
        .extend(stack.into_iter().map(|(i, _)| (i, true)));
    p.unmatched.sort_unstable();
    p
}

/// `а` in `а)`, `12` in `12)`: one to three letters or digits opening the segment; `word`
/// is what stands before the parenthesis after the segment's leading white space.
fn is_enumerator(word: Option<&[(char, TextRange)]>) -> bool {
    word.is_some_and(|w| (1..=3).contains(&w.len()) && w.iter().all(|(c, _)| c.is_alphanumeric()))
}

/// Quotation marks pair as the locale writes them: `„…”` in Polish, `„…“` in German,
/// `”…”` in Swedish, `«…»` in French. A mark that may open or close (`“` in German,
/// `”` in Swedish) closes the quotation open on top, else opens one. A closing mark of
/// another of the locale's pairs closes the open quotation too, as a mixed pair (`「…”`).
/// `’` is an apostrophe unless it closes a quotation and is not inside a word. A straight
/// `"` may stand for one curly mark.
fn pair_quotes(chars: &[(char, TextRange)], quotes: &Quotes) -> Pairing {
    let mut p = Pairing::default();
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut straight = 0usize;
    let letter = |k: Option<&(char, TextRange)>| k.is_some_and(|(c, _)| c.is_alphanumeric());
    for (i, &(c, _)) in chars.iter().enumerate() {
        if c == '"' {
            straight += 1;
            continue;
        }
        if !quotes.has(c) {
            continue;
        }
        let top = stack.last().map(|&(_, o)| o);
        let closes_top = top.is_some_and(|o| quotes.pairs(o, c));
        if c == '’' && !closes_top {
            // `don’t`, `Jones’`, and a `’` that closes no open quotation: apostrophes. One
            // that closes an open `‘` closes it, even before a letter (a Korean particle:
            // `‘관리자 권한으로 실행’을`).
            let after_letter = i > 0 && letter(chars.get(i - 1));
            if after_letter || !quotes.opens(c) {
                continue;
            }
        }
        let mixed_close = !closes_top
            && top.is_some()
            && quotes.closes(c)
            && !quotes.opens(c)
            && is_wide_quote(c) != top.is_some_and(is_wide_quote);
        if closes_top || mixed_close {
            let (o, _) = stack.pop().expect("an open quotation");
            if p.first_pair.is_none() {
                p.first_pair = Some((o, i));
            }
            if mixed_close {
                p.mixed.push((o, i));
            }
        } else if quotes.opens(c) {
            stack.push((i, c));
        } else {
            p.unmatched.push((i, false));
        }
    }
    p.unmatched
        .extend(stack.into_iter().map(|(i, _)| (i, true)));
    // A straight `"` standing in for one curly mark pairs with it.
    if straight % 2 == 1 && p.unmatched.len() == 1 {
        p.unmatched.clear();
    } else if straight % 2 == 1 && p.unmatched.is_empty() {
        p.unmatched.push((usize::MAX, true));
    }
    p.unmatched.sort_unstable();
    p
}

impl Rule for UnbalancedBrackets {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let opts = Visibility {
            skip_broken_links: true,
        };
        let quotes = Quotes::of(ctx.profile);
        let source_quotes = Quotes::of(&locale::source());
        // Buffers for the visible characters, kept from one segment to the next.
        let (mut tvis, mut svis) = (Visible::default(), Visible::default());
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            if !quotes.any_mark(raw) {
                continue;
            }
            tvis.read(target, text, opts);
            let tchars = &tvis.chars;
            // The families the visible text has marks of (link syntax is not visible, and
            // most segments have no bracket left); a family without marks pairs up, and
            // so do quotation marks where there is neither a locale's nor a straight one.
            let mut present = [false; 4];
            for &(c, _) in tchars {
                if let Some((f, _, _)) = bracket(c) {
                    present[f as usize] = true;
                } else if c == '"' || quotes.has(c) {
                    present[Family::Quote as usize] = true;
                }
            }
            // The source is read only when the target has something unbalanced.
            let mut source_read = false;
            for family in Family::ALL {
                if !present[family as usize] {
                    continue;
                }
                let t = pair_up(tchars, family, &quotes);
                if t.unmatched.is_empty() && t.mixed.is_empty() {
                    continue;
                }
                // A link that opens in another segment, or whose URL never closes, in the
                // source (`**Storage**](https://…)`): the source's raw text is unbalanced
                // too, and the translation copied it.
                if let Some((open, close)) = family.raw_pair()
                    && source.raw(text).matches(open).count()
                        != source.raw(text).matches(close).count()
                {
                    continue;
                }
                if !source_read {
                    svis.read(source, text, opts);
                    source_read = true;
                }
                let schars = &svis.chars;
                let s = pair_up(schars, family, &source_quotes);
                if !s.unmatched.is_empty() {
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
                    let width = |c: char| bracket(c).map_or(is_wide_quote(c), |b| b.2);
                    let reversed = unmatched
                        .get(k + 1)
                        .filter(|&&(j, o)| !opens && o && width(mark(j)) == width(mark(i)));
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
