//! Markdown inlines inside one segment's text: links, code spans, emphasis markers,
//! inline HTML tags and numbers, each with its absolute range. Rules compare these
//! between target and source instead of re-reading the text.

use super::html;
use crate::text::TextRange;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// From `[` (or `![`, or `<`) to the closing `)` (or `>`).
    pub range: TextRange,
    /// The link text between the brackets.
    pub text: TextRange,
    /// The destination, without an optional title.
    pub url: TextRange,
    pub image: bool,
    /// `<https://…>`.
    pub autolink: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokenLinkKind {
    /// `[text] (url)`: a space between `]` and `(`.
    SpaceBeforeUrl,
    /// `[text](url` with no closing `)`.
    UnclosedUrl,
    /// `[text]` with no `(url)` after it.
    NoUrl,
    /// `text](url)` with no `[` before it.
    MissingOpenBracket,
    /// `[text` whose `]` never comes.
    UnclosedText,
    /// `[te] xt](url)` or `[text]](url)`: a `]` too many splits the link.
    ExtraBracket,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub kind: BrokenLinkKind,
    pub range: TextRange,
    /// The URL-looking part, where there is one.
    pub url: Option<TextRange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSpan {
    pub range: TextRange,
    pub content: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Emphasis {
    /// A run of `*` or `_`.
    pub range: TextRange,
    /// `b'*'` or `b'_'`.
    pub marker: u8,
    /// CommonMark's flanking rules allow the run to open emphasis.
    pub can_open: bool,
    /// CommonMark's flanking rules allow the run to close emphasis.
    pub can_close: bool,
}

/// A backslash escape: `\` and the ASCII punctuation character it makes literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escape {
    pub range: TextRange,
}

impl Escape {
    /// The escaped character.
    pub fn char(&self, text: &str) -> u8 {
        text.as_bytes()[self.range.start() + 1]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlTagKind {
    /// A known HTML element name (`<b>`, `</kbd>`, `<br/>`, `<a href="…">`).
    Element,
    /// A DocFX cross reference, `<xref:Some.Uid>`.
    Xref,
    /// Angle-bracketed text that is not an HTML element: `<email address>`,
    /// `<user@domain.com>`, `<사용자 이름>`.
    Placeholder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlTag {
    pub range: TextRange,
    /// The tag name (for a placeholder, its first word).
    pub name: TextRange,
    pub closing: bool,
    pub kind: HtmlTagKind,
}

/// One emphasis or strong span found by CommonMark's delimiter matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmphasisSpan {
    /// The opening delimiter characters used (one or two).
    pub open: TextRange,
    /// The closing delimiter characters used.
    pub close: TextRange,
    /// `**x**` / `__x__` (two characters) rather than `*x*` / `_x_`.
    pub strong: bool,
}

/// What CommonMark makes of a segment's emphasis runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolvedEmphasis {
    pub spans: Vec<EmphasisSpan>,
    /// Delimiter characters that match nothing and so show as literal `*`/`_`.
    pub literal: Vec<TextRange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberToken {
    pub range: TextRange,
}

/// The inline elements of a segment's text. Most segments have none: then this is a
/// null pointer and reads see empty lists ([`InlineLists`]), so a segment side costs 8
/// bytes for them, not the 168 of seven empty lists (a file of 200,000 segments).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Inlines(Option<Box<InlineLists>>);

impl std::ops::Deref for Inlines {
    type Target = InlineLists;

    fn deref(&self) -> &InlineLists {
        static NONE: InlineLists = InlineLists {
            links: Vec::new(),
            broken_links: Vec::new(),
            code: Vec::new(),
            emphasis: Vec::new(),
            html_tags: Vec::new(),
            numbers: Vec::new(),
            escapes: Vec::new(),
        };
        self.0.as_deref().unwrap_or(&NONE)
    }
}

impl From<InlineLists> for Inlines {
    fn from(lists: InlineLists) -> Inlines {
        let InlineLists {
            links,
            broken_links,
            code,
            emphasis,
            html_tags,
            numbers,
            escapes,
        } = &lists;
        let none = links.is_empty()
            && broken_links.is_empty()
            && code.is_empty()
            && emphasis.is_empty()
            && html_tags.is_empty()
            && numbers.is_empty()
            && escapes.is_empty();
        Inlines((!none).then(|| Box::new(lists)))
    }
}

impl std::fmt::Debug for Inlines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// The inline elements of a segment's text, by kind, each in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InlineLists {
    pub links: Vec<Link>,
    pub broken_links: Vec<BrokenLink>,
    pub code: Vec<CodeSpan>,
    pub emphasis: Vec<Emphasis>,
    pub html_tags: Vec<HtmlTag>,
    pub numbers: Vec<NumberToken>,
    pub escapes: Vec<Escape>,
}

fn is_urlish(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with("http://")
        || s.starts_with("https://")
        || s.starts_with("mailto:")
        || s.starts_with('/')
        || s.starts_with("./")
        || s.starts_with("../")
        || s.starts_with('#')
        || s.starts_with("www.")
}

struct Parser<'t> {
    text: &'t str,
    b: &'t [u8],
    base: usize,
    out: InlineLists,
    /// Link destinations to jump over when the scan reaches them: (from, order, to), the
    /// nearest first; a destination the scan jumped past is dropped when it passes it.
    skips: std::collections::BinaryHeap<std::cmp::Reverse<(usize, usize, usize)>>,
    skips_pushed: usize,
    /// `]` positions that closed a link text.
    matched_close: FxHashSet<usize>,
    /// Starts of the maximal backtick runs, by run length (ascending), so that finding
    /// where a code span closes is a lookup, not a scan to the end of the segment.
    runs_by_len: FxHashMap<usize, Vec<usize>>,
    /// The `]` matching each `[` met on one left-to-right pass over the segment (skipping
    /// code spans and escapes as [`Parser::matching_bracket`] does): `None` if unmatched.
    brackets: FxHashMap<usize, Option<usize>>,
    /// The last `]` of the segment.
    last_close: Option<usize>,
    /// The `)` matching each `(` on one pass over the segment (see `paren_pairs`), made
    /// when a link destination is first looked for.
    parens: std::cell::OnceCell<FxHashMap<usize, Option<usize>>>,
    /// The last `>` or line break looked for by `angle`: `(from, found)`, the answer for
    /// any start in `from..=found` (to the end when none was found), so that many `<`
    /// that close nothing cost one scan, not one each.
    angle_stop: Option<(usize, Option<usize>)>,
}

impl<'t> Parser<'t> {
    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.base + start, self.base + end)
    }

    /// End of the code span opening at `i`, if it closes.
    /// It closes at the first maximal backtick run after it of the same length.
    fn code_span_end(&self, i: usize) -> Option<(usize, usize)> {
        let run = self.b[i..].iter().take_while(|&&c| c == b'`').count();
        let starts = self.runs_by_len.get(&run)?;
        let k = starts.partition_point(|&s| s < i + run);
        starts.get(k).map(|&j| (run, j + run))
    }

    /// The maximal backtick runs of the text, by length.
    fn backtick_runs(b: &[u8]) -> FxHashMap<usize, Vec<usize>> {
        let mut runs: FxHashMap<usize, Vec<usize>> = Default::default();
        let mut p = 0;
        while let Some(j) = memchr::memchr(b'`', &b[p..]).map(|j| p + j) {
            let r = b[j..].iter().take_while(|&&c| c == b'`').count();
            runs.entry(r).or_default().push(j);
            p = j + r;
        }
        runs
    }

    /// Every `[` on one pass from the segment start paired with its `]` (a stack instead
    /// of a scan to the end per `[`: many unmatched `[` cost one pass, not one each).
    fn bracket_pairs(&mut self) {
        let mut stack: Vec<usize> = Vec::new();
        let mut p = 0;
        while p < self.b.len() {
            match self.b[p] {
                b'\\' => p += 1,
                b'`' => {
                    // A run that closes nothing is literal as a whole (as in `run`).
                    p = match self.code_span_end(p) {
                        Some((_, end)) => end,
                        None => p + self.b[p..].iter().take_while(|&&c| c == b'`').count(),
                    };
                    continue;
                }
                b'[' => stack.push(p),
                b']' => {
                    if let Some(open) = stack.pop() {
                        self.brackets.insert(open, Some(p));
                    }
                }
                _ => {}
            }
            p += 1;
        }
        for open in stack {
            self.brackets.insert(open, None);
        }
    }

    /// Jumps from `from` to `to` when the scan reaches `from`.
    fn skip(&mut self, from: usize, to: usize) {
        self.skips_pushed += 1;
        self.skips
            .push(std::cmp::Reverse((from, self.skips_pushed, to)));
    }

    /// The `]` matching the `[` at `open`, skipping code spans and escapes.
    fn matching_bracket(&self, open: usize) -> Option<usize> {
        if let Some(&found) = self.brackets.get(&open) {
            return found;
        }
        // A `[` the pass above did not meet (inside what it took for a code span): the
        // same walk from here.
        let mut depth = 0usize;
        let mut p = open;
        while p < self.b.len() {
            match self.b[p] {
                b'\\' => p += 1,
                b'`' => {
                    // A run that closes nothing is literal as a whole (as in `run`).
                    p = match self.code_span_end(p) {
                        Some((_, end)) => end,
                        None => p + self.b[p..].iter().take_while(|&&c| c == b'`').count(),
                    };
                    continue;
                }
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(p);
                    }
                }
                _ => {}
            }
            p += 1;
        }
        None
    }

    /// The `)` closing the destination that opens at `paren`, balancing inner parentheses;
    /// None when a blank line or the segment end comes first.
    fn matching_paren(&self, paren: usize) -> Option<usize> {
        let pairs = self.parens.get_or_init(|| paren_pairs(self.b));
        debug_assert!(
            pairs.contains_key(&paren),
            "a `(` the pass skipped: {paren}"
        );
        pairs.get(&paren).copied().flatten()
    }

    /// The URL inside `(…)`: leading/trailing space and a `"title"` removed.
    fn destination(&self, inner_start: usize, inner_end: usize) -> TextRange {
        let inner = &self.text[inner_start..inner_end];
        let lead = inner.len() - inner.trim_start().len();
        let t = inner.trim_start();
        let (start, len) = if let Some(rest) = t.strip_prefix('<') {
            (lead + 1, rest.find('>').unwrap_or(rest.len()))
        } else {
            (lead, t.find(char::is_whitespace).unwrap_or(t.len()))
        };
        self.range(inner_start + start, inner_start + start + len)
    }

    fn link(&mut self, open: usize, image: bool) {
        let start = if image { open - 1 } else { open };
        let Some(close) = self.matching_bracket(open) else {
            if !image && self.last_close.is_none_or(|c| c < open) {
                let end = open + self.text[open..].trim_end().len();
                self.out.broken_links.push(BrokenLink {
                    kind: BrokenLinkKind::UnclosedText,
                    range: self.range(open, end),
                    url: None,
                });
            }
            return;
        };
        let after = close + 1;
        match self.b.get(after) {
            Some(b'(') => match self.matching_paren(after) {
                Some(end) => {
                    self.matched_close.insert(close);
                    self.out.links.push(Link {
                        range: self.range(start, end + 1),
                        text: self.range(open + 1, close),
                        url: self.destination(after + 1, end),
                        image,
                        autolink: false,
                    });
                    self.skip(after, end + 1);
                }
                None => {
                    self.matched_close.insert(close);
                    let end = self.b.len();
                    let url = self.text[after + 1..end].trim_end();
                    self.out.broken_links.push(BrokenLink {
                        kind: BrokenLinkKind::UnclosedUrl,
                        range: self.range(start, after + 1 + url.len()),
                        url: (!url.is_empty())
                            .then(|| self.range(after + 1, after + 1 + url.len())),
                    });
                    self.skip(after, end);
                }
            },
            Some(b' ') if self.b.get(after + 1) == Some(&b'(') => {
                let paren = after + 1;
                match self.matching_paren(paren) {
                    Some(end) if is_urlish(&self.text[paren + 1..end]) => {
                        self.matched_close.insert(close);
                        self.out.broken_links.push(BrokenLink {
                            kind: BrokenLinkKind::SpaceBeforeUrl,
                            range: self.range(start, end + 1),
                            url: Some(self.destination(paren + 1, end)),
                        });
                        self.skip(paren, end + 1);
                    }
                    _ => {}
                }
            }
            // `[text][ref]` and `[ref]:` definitions are not broken inline links.
            Some(b'[') | Some(b':') => {
                self.matched_close.insert(close);
            }
            _ if !image => {
                self.matched_close.insert(close);
                self.out.broken_links.push(BrokenLink {
                    kind: BrokenLinkKind::NoUrl,
                    range: self.range(start, close + 1),
                    url: None,
                });
            }
            _ => {}
        }
    }

    /// `]( url )` with no `[` before it.
    fn orphan_close_bracket(&mut self, close: usize) {
        if self.matched_close.contains(&close) || self.b.get(close + 1) != Some(&b'(') {
            return;
        }
        if let Some(end) = self.matching_paren(close + 1)
            && is_urlish(&self.text[close + 2..end])
        {
            self.out.broken_links.push(BrokenLink {
                kind: BrokenLinkKind::MissingOpenBracket,
                range: self.range(close, end + 1),
                url: Some(self.destination(close + 2, end)),
            });
            self.skip(close + 1, end + 1);
        }
    }

    /// The first `>` or line break at or after `from`.
    fn angle_stop(&mut self, from: usize) -> Option<usize> {
        if let Some((at, found)) = self.angle_stop
            && at <= from
            && found.is_none_or(|f| from <= f)
        {
            return found;
        }
        let found = memchr::memchr2(b'>', b'\n', &self.b[from..]).map(|j| from + j);
        self.angle_stop = Some((from, found));
        found
    }

    /// `<https://…>` autolinks and `<tag …>` / `</tag>` / `<xref:…>`; returns where to resume.
    fn angle(&mut self, i: usize) -> usize {
        let Some(close) = self
            .angle_stop(i + 1)
            .filter(|&c| self.b[c] == b'>')
            .map(|c| c - (i + 1))
        else {
            return i + 1;
        };
        let rest = &self.text[i + 1..];
        let inner = &rest[..close];
        let end = i + 1 + close + 1;
        if (inner.starts_with("http://")
            || inner.starts_with("https://")
            || inner.starts_with("mailto:"))
            && !inner.contains(char::is_whitespace)
        {
            let url = self.range(i + 1, i + 1 + close);
            self.out.links.push(Link {
                range: self.range(i, end),
                text: url,
                url,
                image: false,
                autolink: true,
            });
            return end;
        }
        let closing = inner.starts_with('/');
        let name_start = i + 1 + usize::from(closing);
        let name_len = super::html::tag_name_len(&self.b[name_start..]);
        if name_len == 0 {
            return self.translated_placeholder(i, inner, end);
        }
        let name = &self.text[name_start..name_start + name_len];
        let after_name = self.b[name_start + name_len];
        let kind = if !closing
            && name.eq_ignore_ascii_case("xref")
            && inner.as_bytes().get(4) == Some(&b':')
        {
            HtmlTagKind::Xref
        } else if (html::is_inline_element(name)
            || (name.bytes().all(|b| !b.is_ascii_lowercase())
                && html::is_inline_element(&name.to_ascii_lowercase())))
            && matches!(after_name, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        {
            HtmlTagKind::Element
        } else {
            HtmlTagKind::Placeholder
        };
        self.out.html_tags.push(HtmlTag {
            range: self.range(i, end),
            name: self.range(name_start, name_start + name_len),
            closing,
            kind,
        });
        end
    }

    /// `<사용자 이름>`: a placeholder whose text was translated (it starts with a letter
    /// outside ASCII). Returns where to resume.
    fn translated_placeholder(&mut self, i: usize, inner: &str, end: usize) -> usize {
        let first = inner.chars().next();
        if !first.is_some_and(|c| !c.is_ascii() && c.is_alphabetic())
            || inner.len() > 80
            || inner.contains('<')
        {
            return i + 1;
        }
        let word = inner.find(char::is_whitespace).unwrap_or(inner.len());
        self.out.html_tags.push(HtmlTag {
            range: self.range(i, end),
            name: self.range(i + 1, i + 1 + word),
            closing: false,
            kind: HtmlTagKind::Placeholder,
        });
        end
    }

    fn emphasis(&mut self, i: usize) -> usize {
        let c = self.b[i];
        let run = self.b[i..].iter().take_while(|&&x| x == c).count();
        let end = i + run;
        let before = self.text[..i].chars().next_back();
        let after = self.text[end..].chars().next();
        let space_before = before.is_none_or(char::is_whitespace);
        let space_after = after.is_none_or(char::is_whitespace);
        // A marker with white space on both sides is a literal character.
        let mut is_marker = !(space_before && space_after);
        if c == b'_' {
            // Intraword underscores (snake_case) are not emphasis.
            let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
            is_marker &= !(word(before) && word(after));
        }
        if is_marker {
            // CommonMark's flanking rules; the ends of the segment count as white space.
            let punct_before = before.is_some_and(is_punctuation);
            let punct_after = after.is_some_and(is_punctuation);
            let left = !space_after
                && (!punct_after || flanking_exception(after) || space_before || punct_before);
            let right = !space_before
                && (!punct_before || flanking_exception(before) || space_after || punct_after);
            let (can_open, can_close) = if c == b'*' {
                (left, right)
            } else {
                (
                    left && (!right || punct_before),
                    right && (!left || punct_after),
                )
            };
            self.out.emphasis.push(Emphasis {
                range: self.range(i, end),
                marker: c,
                can_open,
                can_close,
            });
        }
        end
    }

    /// The end of the digits at `i`, with `.`/`,`-separated groups (1,000 / 2.5 / 10.0.19041):
    /// a separator counts only between digits.
    fn digits_end(&self, i: usize) -> usize {
        let mut end = i;
        loop {
            while end < self.b.len() && self.b[end].is_ascii_digit() {
                end += 1;
            }
            if end + 1 < self.b.len()
                && matches!(self.b[end], b'.' | b',')
                && self.b[end + 1].is_ascii_digit()
            {
                end += 1;
                continue;
            }
            return end;
        }
    }

    fn number(&mut self, i: usize) -> usize {
        let end = self.digits_end(i);
        self.out.numbers.push(NumberToken {
            range: self.range(i, end),
        });
        end
    }

    fn run(mut self) -> Inlines {
        let mut i = 0;
        while i < self.b.len() {
            let mut jump = None;
            while let Some(&std::cmp::Reverse((from, _, to))) = self.skips.peek()
                && from <= i
            {
                self.skips.pop();
                if from == i {
                    jump = Some(to);
                    break;
                }
            }
            if let Some(to) = jump {
                i = to;
                continue;
            }
            if !STARTS_INLINE[usize::from(self.b[i])] {
                // Nothing starts here: go on to the next byte that may start something, or
                // to the next destination to jump over, whichever comes first.
                let next = self.b[i + 1..]
                    .iter()
                    .position(|&b| STARTS_INLINE[usize::from(b)])
                    .map_or(self.b.len(), |j| i + 1 + j);
                i = self
                    .skips
                    .peek()
                    .map_or(next, |&std::cmp::Reverse((from, _, _))| from.min(next));
                continue;
            }
            i = match self.b[i] {
                b'\\' => {
                    if self.b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                        self.out.escapes.push(Escape {
                            range: self.range(i, i + 2),
                        });
                    }
                    i + 2
                }
                b'`' => match self.code_span_end(i) {
                    Some((run, end)) => {
                        self.out.code.push(CodeSpan {
                            range: self.range(i, end),
                            content: self.range(i + run, end - run),
                        });
                        end
                    }
                    None => i + self.b[i..].iter().take_while(|&&c| c == b'`').count(),
                },
                b'!' if self.b.get(i + 1) == Some(&b'[') => {
                    self.link(i + 1, true);
                    i + 2
                }
                b'[' => {
                    self.link(i, false);
                    i + 1
                }
                b']' => {
                    self.orphan_close_bracket(i);
                    i + 1
                }
                b'<' => self.angle(i),
                b'*' | b'_' => self.emphasis(i),
                b'0'..=b'9' => {
                    let prev_alnum = i > 0 && (self.b[i - 1].is_ascii_alphabetic());
                    if prev_alnum {
                        // Digits glued to Latin letters (`Office365`, `x64`, `v1.0`) are part
                        // of a name, with any `.`/`,`-separated digits after them.
                        self.digits_end(i)
                    } else {
                        self.number(i)
                    }
                }
                _ => i + 1,
            };
        }
        let mut out = self.out;
        out.links.sort_by_key(|l| l.range.start);
        merge_split_links(&mut out);
        out.into()
    }
}

/// The bytes at which `Parser::run` may find something: an escape, a code span, a link or
/// image, a `]` (of a link that lost its `[`), a tag or autolink, an emphasis marker or a
/// number. Any other byte is passed over.
const STARTS_INLINE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = true;
        b += 1;
    }
    let marks = *b"\\`![]<*_";
    let mut k = 0;
    while k < marks.len() {
        t[marks[k] as usize] = true;
        k += 1;
    }
    t
};

/// CommonMark's "Unicode punctuation character" (general categories P and S), as the
/// flanking rules of emphasis read it: one definition for the whole program, in
/// `locale::script`.
pub use crate::locale::script::is_punctuation;

/// Punctuation that markdig (the docs renderer) does not let stop a delimiter run from
/// opening or closing: `**a-**b` is bold there, although CommonMark's flanking rule alone
/// would leave the markers as text.
fn flanking_exception(c: Option<char>) -> bool {
    matches!(c, Some('-' | '†' | '‡' | '−'))
}

impl InlineLists {
    /// For each emphasis run, the link whose text holds it, innermost first (an index into
    /// `links`; autolinks have no text to hold one). Link texts are bracket pairs, so
    /// nested or apart: one sweep with a stack of the texts open at each run.
    fn link_text_scopes(&self) -> Vec<Option<usize>> {
        if self.links.is_empty() {
            return vec![None; self.emphasis.len()];
        }
        let mut texts: Vec<usize> = (0..self.links.len())
            .filter(|&k| !self.links[k].autolink)
            .collect();
        texts.sort_by_key(|&k| self.links[k].text.start);
        let mut next = 0;
        let mut open: Vec<usize> = Vec::new();
        let scopes: Vec<Option<usize>> = self
            .emphasis
            .iter()
            .map(|e| {
                let r = e.range;
                while next < texts.len() && self.links[texts[next]].text.start <= r.start {
                    open.push(texts[next]);
                    next += 1;
                }
                // A text that ends before this run holds no later run either; an inner
                // text ends before the text around it.
                while open
                    .last()
                    .is_some_and(|&k| self.links[k].text.end <= r.start)
                {
                    open.pop();
                }
                // The last one opened is the innermost (and the last of equal starts, as
                // a scan of every link in order would take it).
                open.iter()
                    .rev()
                    .find(|&&k| self.links[k].text.contains_range(r))
                    .copied()
            })
            .collect();
        debug_assert!(
            self.links.len() * self.emphasis.len() > 10_000
                || self.emphasis.iter().zip(&scopes).all(|(e, s)| {
                    let naive = self
                        .links
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| !l.autolink && l.text.contains_range(e.range))
                        .max_by_key(|(_, l)| l.text.start)
                        .map(|(k, _)| k);
                    naive == *s
                }),
            "link text scopes differ from the scan of every link"
        );
        scopes
    }

    /// Matches the emphasis runs as CommonMark (and markdig, the docs renderer) does:
    /// openers with closers of the same character, strong (`**`) before emphasis, the
    /// rule of three, and no matching across a link text's brackets. Allocates only when
    /// the segment has emphasis runs.
    pub fn resolve_emphasis(&self) -> ResolvedEmphasis {
        if self.emphasis.is_empty() {
            return ResolvedEmphasis::default();
        }
        struct Delim {
            ch: u8,
            lo: u32,
            hi: u32,
            orig: u32,
            can_open: bool,
            can_close: bool,
            scope: Option<usize>,
        }
        let scopes = self.link_text_scopes();
        let mut ds: Vec<Delim> = self
            .emphasis
            .iter()
            .zip(scopes)
            .map(|(e, scope)| Delim {
                ch: e.marker,
                lo: e.range.start,
                hi: e.range.end,
                orig: e.range.end - e.range.start,
                can_open: e.can_open,
                can_close: e.can_close,
                scope,
            })
            .collect();
        let mut out = ResolvedEmphasis::default();
        // The runs before the current one that may still open: able to open, with
        // characters left, and not between an earlier match's opener and closer; in
        // order. A run leaves it for good, so each search reads only live openers.
        let mut openers: Vec<usize> = Vec::new();
        // CommonMark's "openers bottom": whether an opener can take a closer depends on
        // the closer only through its character, whether it can open, its length modulo 3
        // and its link text; a search that failed for such a closer at run `c` need not
        // look below `c` again for another one like it.
        // Outside link texts (nearly every run) in an array; in a link text, by scope.
        let mut bottom = [0usize; 12];
        let mut bottom_in_link: std::collections::HashMap<(usize, usize), usize> =
            std::collections::HashMap::new();
        let slot = |d: &Delim| {
            usize::from(d.ch == b'_') * 6 + usize::from(d.can_open) * 3 + (d.orig % 3) as usize
        };
        let mut c = 0;
        while c < ds.len() {
            let closer = &ds[c];
            if !closer.can_close || closer.lo == closer.hi {
                if closer.can_open && closer.lo < closer.hi {
                    openers.push(c);
                }
                c += 1;
                continue;
            }
            let key = (slot(closer), closer.scope);
            let floor = match key {
                (k, None) => bottom[k],
                (k, Some(link)) => bottom_in_link.get(&(k, link)).copied().unwrap_or(0),
            };
            let found = openers
                .iter()
                .rposition(|&o| {
                    o < floor || {
                        let (op, cl) = (&ds[o], &ds[c]);
                        op.ch == cl.ch
                            && op.scope == cl.scope
                            && !((op.can_close || cl.can_open)
                                && (op.orig + cl.orig) % 3 == 0
                                && !(op.orig % 3 == 0 && cl.orig % 3 == 0))
                    }
                })
                .filter(|&k| openers[k] >= floor);
            match found {
                Some(k) => {
                    let o = openers[k];
                    let both = ds[o].hi - ds[o].lo >= 2 && ds[c].hi - ds[c].lo >= 2;
                    let used = if both { 2 } else { 1 };
                    out.spans.push(EmphasisSpan {
                        open: TextRange {
                            start: ds[o].hi - used,
                            end: ds[o].hi,
                        },
                        close: TextRange {
                            start: ds[c].lo,
                            end: ds[c].lo + used,
                        },
                        strong: both,
                    });
                    ds[o].hi -= used;
                    ds[c].lo += used;
                    // The runs between opener and closer can no longer open: CommonMark
                    // removes them from the stack, and only the stack is read again.
                    openers.truncate(k + 1);
                    if ds[o].lo == ds[o].hi {
                        openers.pop();
                    }
                    if ds[c].lo == ds[c].hi {
                        c += 1;
                    }
                }
                None => {
                    match key {
                        (k, None) => bottom[k] = c,
                        (k, Some(link)) => {
                            bottom_in_link.insert((k, link), c);
                        }
                    }
                    if ds[c].can_open {
                        openers.push(c);
                    }
                    c += 1;
                }
            }
        }
        out.literal = ds
            .iter()
            .filter(|d| d.lo < d.hi)
            .map(|d| TextRange {
                start: d.lo,
                end: d.hi,
            })
            .collect();
        out
    }
}

/// `[text]` without a URL followed by `](url)` without a `[` is one link split by an
/// extra `]`: report it once, as that.
fn merge_split_links(inl: &mut InlineLists) {
    if inl.broken_links.len() < 2 {
        return;
    }
    inl.broken_links.sort_by_key(|b| b.range.start);
    // Whether a link lies between two places: the links by start, with the nearest end
    // among each suffix of them (a segment may hold thousands of links and broken ones).
    let mut starts: Vec<(u32, u32)> = inl
        .links
        .iter()
        .map(|l| (l.range.start, l.range.end))
        .collect();
    starts.sort_unstable();
    let mut nearest_end = vec![u32::MAX; starts.len() + 1];
    for i in (0..starts.len()).rev() {
        nearest_end[i] = nearest_end[i + 1].min(starts[i].1);
    }
    let link_between =
        |from: u32, to: u32| nearest_end[starts.partition_point(|&(start, _)| start < from)] <= to;
    let mut merged: Vec<BrokenLink> = Vec::with_capacity(inl.broken_links.len());
    for b in inl.broken_links.drain(..) {
        if let Some(prev) = merged.last_mut()
            && prev.kind == BrokenLinkKind::NoUrl
            && b.kind == BrokenLinkKind::MissingOpenBracket
            && !link_between(prev.range.end, b.range.start)
        {
            *prev = BrokenLink {
                kind: BrokenLinkKind::ExtraBracket,
                range: prev.range.cover(b.range),
                url: b.url,
            };
            continue;
        }
        merged.push(b);
    }
    inl.broken_links = merged;
}

/// Every `(` of `b` paired with its `)` on one pass, inner pairs balanced, escapes skipped;
/// None for a `(` that a blank line or the end leaves open. A destination's `(` follows
/// `]` or a space, never a backslash, so the pass meets it as the scan from it would.
fn paren_pairs(b: &[u8]) -> FxHashMap<usize, Option<usize>> {
    let mut pairs = FxHashMap::default();
    let mut open: Vec<usize> = Vec::new();
    let mut p = 0;
    while p < b.len() {
        match b[p] {
            b'\\' => p += 1,
            b'(' => open.push(p),
            c if !matches!(c, b')' | b'\n') => {
                // Nothing to pair before the next parenthesis, escape or line break.
                p += b[p..]
                    .iter()
                    .position(|c| matches!(c, b'(' | b')' | b'\\' | b'\n'))
                    .unwrap_or(b.len() - p);
                continue;
            }
            b')' => {
                if let Some(o) = open.pop() {
                    pairs.insert(o, Some(p));
                }
            }
            b'\n' if b.get(p + 1) == Some(&b'\n') => {
                pairs.extend(open.drain(..).map(|o| (o, None)));
            }
            _ => {}
        }
        p += 1;
    }
    pairs.extend(open.into_iter().map(|o| (o, None)));
    pairs
}

/// Parses the inlines of a segment's text that starts at absolute offset `base`.
pub fn parse(text: &str, base: usize) -> Inlines {
    // Fast path: most segments are plain prose. A `!` starts an image only before a `[`,
    // which is looked for anyway.
    let interesting = text
        .bytes()
        .any(|b| b != b'!' && STARTS_INLINE[usize::from(b)]);
    if !interesting {
        return Inlines::default();
    }
    let b = text.as_bytes();
    let mut parser = Parser {
        text,
        b,
        base,
        out: InlineLists::default(),
        skips: Default::default(),
        skips_pushed: 0,
        matched_close: Default::default(),
        runs_by_len: Parser::backtick_runs(b),
        brackets: Default::default(),
        last_close: memchr::memrchr(b']', b),
        parens: Default::default(),
        angle_stop: None,
    };
    if memchr::memchr(b'[', b).is_some() {
        parser.bracket_pairs();
    }
    parser.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_has_no_inline_lists_and_reads_as_empty() {
        let plain = parse("장치 쓰기 저장", 0);
        assert!(plain.0.is_none());
        assert!(plain.links.is_empty() && plain.code.is_empty() && plain.numbers.is_empty());
        let some = parse("see `x` and [a](b)", 0);
        assert!(some.0.is_some());
        assert_eq!((some.links.len(), some.code.len()), (1, 1));
        // A parse that finds nothing keeps nothing either.
        assert!(parse("a * b", 0).0.is_none());
    }

    fn slices(text: &str, ranges: impl Iterator<Item = TextRange>) -> Vec<&str> {
        ranges.map(|r| r.slice(text)).collect()
    }

    #[test]
    fn what_a_destination_holds_is_passed_over_between_plain_bytes() {
        // Plain text before, inside and after destinations that hold markers, digits,
        // tags and brackets: only the links and what lies outside them are found.
        let t = "일반 [a](https://x/a_b_c/*d*/v2<x>/[e]) 가 ](https://y/f_g_9) 나 [b] (https://z/h_i_5) 다 _h_ 3";
        let inl = parse(t, 0);
        assert_eq!(
            slices(t, inl.links.iter().map(|l| l.url)),
            ["https://x/a_b_c/*d*/v2<x>/[e]"]
        );
        assert_eq!(
            slices(t, inl.broken_links.iter().filter_map(|b| b.url)),
            ["https://y/f_g_9", "https://z/h_i_5"]
        );
        assert_eq!(slices(t, inl.emphasis.iter().map(|e| e.range)), ["_", "_"]);
        assert_eq!(slices(t, inl.numbers.iter().map(|n| n.range)), ["3"]);
        assert!(inl.html_tags.is_empty() && inl.code.is_empty());
        // Parentheses are paired past plain bytes, but not past an escaped one or a
        // blank line.
        let t = "링크 [c](https://w/\\(x) 와 [d](https://v/a\n\nb) 끝";
        let inl = parse(t, 0);
        assert_eq!(
            slices(t, inl.links.iter().map(|l| l.url)),
            ["https://w/\\(x"]
        );
        let unclosed: Vec<_> = inl
            .broken_links
            .iter()
            .filter(|b| b.kind == BrokenLinkKind::UnclosedUrl)
            .collect();
        assert_eq!(unclosed.len(), 1, "{:?}", inl.broken_links);
    }

    #[test]
    fn links_and_urls() {
        let t = "see [A (b)](https://x/y_(z)) and ![img](a.png \"t\") <https://q>";
        let inl = parse(t, 0);
        assert_eq!(
            slices(t, inl.links.iter().map(|l| l.text)),
            ["A (b)", "img", "https://q"]
        );
        assert_eq!(
            slices(t, inl.links.iter().map(|l| l.url)),
            ["https://x/y_(z)", "a.png", "https://q"]
        );
        assert!(inl.links[1].image && inl.links[2].autolink);
        assert!(inl.emphasis.is_empty(), "{:?}", inl.emphasis);
    }

    #[test]
    fn broken_links() {
        let t = "a [x] (https://u) b [y](https://v c";
        let inl = parse(t, 10);
        let kinds: Vec<_> = inl.broken_links.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BrokenLinkKind::SpaceBeforeUrl, BrokenLinkKind::UnclosedUrl]
        );
        assert_eq!(inl.broken_links[0].range.offset(0).start(), 12);
        let t = "사용을 참조하세요.](https://u)";
        let inl = parse(t, 0);
        assert_eq!(inl.broken_links[0].kind, BrokenLinkKind::MissingOpenBracket);
        assert_eq!(inl.broken_links[0].url.unwrap().slice(t), "https://u");
        let t = "[Enable] it";
        assert_eq!(parse(t, 0).broken_links[0].kind, BrokenLinkKind::NoUrl);
        let t = "[電子郵件轉寄] 報告](/a/b) [Graph 總管]](https://x)";
        let inl = parse(t, 0);
        let got: Vec<_> = inl
            .broken_links
            .iter()
            .map(|b| (b.kind, b.range.slice(t)))
            .collect();
        assert_eq!(
            got,
            [
                (BrokenLinkKind::ExtraBracket, "[電子郵件轉寄] 報告](/a/b)"),
                (BrokenLinkKind::ExtraBracket, "[Graph 總管]](https://x)")
            ]
        );
        let t = "[Office 활성화 상태를 재설정하십시오.";
        assert_eq!(
            parse(t, 0).broken_links[0].kind,
            BrokenLinkKind::UnclosedText
        );
    }

    #[test]
    fn code_emphasis_html_numbers() {
        let t =
            "**Bold** `a_b [c](d) 5` snake_case <b>x</b> <xref:A.B> 2012 R2, 1,000.5 Office365 10%";
        let inl = parse(t, 0);
        assert_eq!(
            slices(t, inl.code.iter().map(|c| c.content)),
            ["a_b [c](d) 5"]
        );
        assert!(inl.links.is_empty());
        assert_eq!(
            slices(t, inl.emphasis.iter().map(|e| e.range)),
            ["**", "**"]
        );
        assert_eq!(
            slices(t, inl.html_tags.iter().map(|h| h.name)),
            ["b", "b", "xref"]
        );
        assert_eq!(
            slices(t, inl.numbers.iter().map(|n| n.range)),
            ["2012", "1,000.5", "10"]
        );
    }

    /// The matching as it was before the linear one: every closer searches all runs
    /// before it, every link holding a run is looked for among all links.
    fn reference_resolve(lists: &InlineLists) -> ResolvedEmphasis {
        let this = lists;
        if this.emphasis.is_empty() {
            return ResolvedEmphasis::default();
        }
        struct Delim {
            ch: u8,
            lo: u32,
            hi: u32,
            orig: u32,
            can_open: bool,
            can_close: bool,
            scope: Option<usize>,
            active: bool,
        }
        let scope_of = |r: TextRange| {
            this.links
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.autolink && l.text.contains_range(r))
                .max_by_key(|(_, l)| l.text.start)
                .map(|(k, _)| k)
        };
        let mut ds: Vec<Delim> = this
            .emphasis
            .iter()
            .map(|e| Delim {
                ch: e.marker,
                lo: e.range.start,
                hi: e.range.end,
                orig: e.range.end - e.range.start,
                can_open: e.can_open,
                can_close: e.can_close,
                scope: scope_of(e.range),
                active: true,
            })
            .collect();
        let mut out = ResolvedEmphasis::default();
        let mut c = 0;
        while c < ds.len() {
            let closer = &ds[c];
            if !closer.active || !closer.can_close || closer.lo == closer.hi {
                c += 1;
                continue;
            }
            let found = (0..c).rev().find(|&o| {
                let (op, cl) = (&ds[o], &ds[c]);
                op.active
                    && op.can_open
                    && op.lo < op.hi
                    && op.ch == cl.ch
                    && op.scope == cl.scope
                    && !((op.can_close || cl.can_open)
                        && (op.orig + cl.orig) % 3 == 0
                        && !(op.orig % 3 == 0 && cl.orig % 3 == 0))
            });
            match found {
                Some(o) => {
                    let both = ds[o].hi - ds[o].lo >= 2 && ds[c].hi - ds[c].lo >= 2;
                    let used = if both { 2 } else { 1 };
                    out.spans.push(EmphasisSpan {
                        open: TextRange {
                            start: ds[o].hi - used,
                            end: ds[o].hi,
                        },
                        close: TextRange {
                            start: ds[c].lo,
                            end: ds[c].lo + used,
                        },
                        strong: both,
                    });
                    ds[o].hi -= used;
                    ds[c].lo += used;
                    for d in &mut ds[o + 1..c] {
                        d.active = false;
                    }
                    if ds[c].lo == ds[c].hi {
                        c += 1;
                    }
                }
                None => {
                    if !ds[c].can_open {
                        ds[c].active = false;
                    }
                    c += 1;
                }
            }
        }
        out.literal = ds
            .iter()
            .filter(|d| d.lo < d.hi)
            .map(|d| TextRange {
                start: d.lo,
                end: d.hi,
            })
            .collect();
        out
    }

    #[test]
    fn linear_emphasis_matching_gives_what_the_full_search_gave() {
        // Random segments of emphasis runs, words, spaces, punctuation and links, where
        // the openers bottom and the live-opener stack must change nothing.
        let pieces = [
            "*", "**", "***", "_", "__", "a", "b", " ", " ", "-", ".", "[", "](x)", "]", "<b>",
            "가", "`", "\\*",
        ];
        let mut random = crate::random::Random::new(1);
        let mut next = |n: usize| random.below(n);
        let mut with_spans = 0;
        for _ in 0..20_000 {
            let len = 1 + next(40);
            let t: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let inl = parse(&t, 0);
            let got = inl.resolve_emphasis();
            assert_eq!(got, reference_resolve(&inl), "{t:?}");
            with_spans += usize::from(!got.spans.is_empty());
        }
        assert!(
            with_spans > 5_000,
            "only {with_spans} segments had emphasis"
        );
    }

    fn resolved(t: &str) -> (Vec<(&str, bool)>, Vec<&str>) {
        let inl = parse(t, 0);
        let r = inl.resolve_emphasis();
        let spans = r
            .spans
            .iter()
            .map(|s| (&t[s.open.end()..s.close.start()], s.strong))
            .collect();
        (spans, slices(t, r.literal.iter().copied()))
    }

    #[test]
    fn emphasis_matches_as_commonmark_does() {
        assert_eq!(
            resolved("**설정**을 선택하고 *x* 누릅니다"),
            (vec![("설정", true), ("x", false)], vec![])
        );
        // A closer after punctuation and before a letter is not right-flanking.
        assert_eq!(resolved("**[저장]**을 클릭"), (vec![], vec!["**", "**"]));
        assert_eq!(resolved("a **b** **c"), (vec![("b", true)], vec!["**"]));
        assert_eq!(
            resolved("***both***"),
            (vec![("both", true), ("**both**", false)], vec![])
        );
        assert_eq!(resolved("snake_case and 2 * 3"), (vec![], vec![]));
        // Emphasis does not match across a link text's brackets.
        assert_eq!(
            resolved("**a [b**](https://x) c"),
            (vec![], vec!["**", "**"])
        );
        assert_eq!(resolved("[**b**](https://x)"), (vec![("b", true)], vec![]));
    }

    #[test]
    fn flanking_reads_unicode_punctuation_of_every_script() {
        // Arabic comma, Devanagari danda, Greek ano teleia and question mark, a Thai
        // mark, guillemets and a symbol: punctuation after a closer lets it close.
        for t in [
            "حدد **إلى:**، ثم",
            "حدد **(Azure AD)**؛ ثم",
            "هل **(Azure AD)**؟",
            "चुनें **सेटिंग्स (Settings)**। फिर",
            "Επιλέξτε **Ρυθμίσεις (Settings)**· μετά",
            "Θέλετε **Ρυθμίσεις (Settings)**\u{37e}",
            "เลือก **(Settings)**๚",
            "Choisissez «**Paramètres (Settings)**» puis",
            "Add **Settings (x)**™ now",
        ] {
            let (spans, literal) = resolved(t);
            assert_eq!(spans.len(), 1, "{t}: {spans:?} {literal:?}");
            assert!(literal.is_empty(), "{t}: {literal:?}");
        }
        // A letter of any script after punctuation still stops the closer.
        for t in ["حدد **(Azure AD)**ثم", "เลือก **\"บันทึก\"**ให้"]
        {
            assert_eq!(resolved(t).0, vec![], "{t}");
        }
        // markdig lets a hyphen before a closer (or after an opener) pass.
        assert_eq!(resolved("**Add-**in"), (vec![("Add-", true)], vec![]));
    }

    #[test]
    fn escapes_and_tag_kinds() {
        let t = r"\*\* a\_b \> c \d <b>x</b> <email address> <xref:A.B> <사용자 이름> <br/>";
        let inl = parse(t, 0);
        assert_eq!(
            slices(t, inl.escapes.iter().map(|e| e.range)),
            [r"\*", r"\*", r"\_", r"\>"]
        );
        assert!(inl.emphasis.is_empty());
        let kinds: Vec<_> = inl
            .html_tags
            .iter()
            .map(|h| (h.range.slice(t), h.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("<b>", HtmlTagKind::Element),
                ("</b>", HtmlTagKind::Element),
                ("<email address>", HtmlTagKind::Placeholder),
                ("<xref:A.B>", HtmlTagKind::Xref),
                ("<사용자 이름>", HtmlTagKind::Placeholder),
                ("<br/>", HtmlTagKind::Element),
            ]
        );
        assert_eq!(
            slices(
                "v1.0 and 2.5",
                parse("v1.0 and 2.5", 0).numbers.iter().map(|n| n.range)
            ),
            ["2.5"]
        );
    }
}
