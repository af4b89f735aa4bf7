//! The side-by-side scanner: one pass over the `<` bytes of the body finds every span tag,
//! then the tag list is folded into target/source segment pairs with exact ranges.

use super::blocks::{BlockKind, Layout};
use super::html;
use super::inline::{self, Inlines};
use crate::text::TextRange;

/// A segment ID such as `d58e0-103` (or the paragraph form `d58e0-p101`).
#[derive(Clone, Debug)]
pub struct SegmentId {
    /// The attribute value.
    pub range: TextRange,
    /// The part before the last `-`.
    pub prefix: TextRange,
    /// The number after `-` (and after `p` in paragraph IDs), if it is one.
    pub number: Option<u32>,
    /// True for `…-p101` paragraph IDs.
    pub paragraph: bool,
}

impl SegmentId {
    fn parse(range: TextRange, text: &str) -> SegmentId {
        let value = range.slice(text);
        let (prefix_len, tail) = match value.rfind('-') {
            Some(i) => (i, &value[i + 1..]),
            None => (value.len(), ""),
        };
        let (paragraph, digits) = match tail.strip_prefix('p') {
            Some(rest) => (true, rest),
            None => (false, tail),
        };
        let number = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        };
        SegmentId {
            range,
            prefix: TextRange::new(range.start(), range.start() + prefix_len),
            number,
            paragraph,
        }
    }

    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        self.range.slice(text)
    }

    pub fn prefix_str<'t>(&self, text: &'t str) -> &'t str {
        self.prefix.slice(text)
    }

    /// `hex-digits` `-` [`p`] `digits`, as the localization tools write them.
    pub fn is_well_formed(&self, text: &str) -> bool {
        let prefix = self.prefix_str(text);
        self.number.is_some()
            && !prefix.is_empty()
            && prefix
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

/// The text of one side of a segment.
#[derive(Clone, Debug)]
pub struct SegmentText {
    pub id: SegmentId,
    pub open_tag: TextRange,
    /// None when the span is not closed.
    pub close_tag: Option<TextRange>,
    pub content: TextRange,
    pub inlines: Inlines,
    /// The text with HTML entities decoded, when that differs from the raw text.
    pub decoded: Option<Box<str>>,
}

impl SegmentText {
    pub fn raw<'t>(&self, text: &'t str) -> &'t str {
        self.content.slice(text)
    }

    /// The text's range without the white space around it: where a finding about the
    /// segment as a whole points.
    pub fn trimmed_content(&self, text: &str) -> TextRange {
        let raw = self.raw(text);
        let start = self.content.start() + (raw.len() - raw.trim_start().len());
        TextRange::new(start, start + raw.trim().len())
    }

    /// The text for comparisons: entities decoded.
    pub fn plain<'t>(&'t self, text: &'t str) -> &'t str {
        self.decoded.as_deref().unwrap_or_else(|| self.raw(text))
    }

    /// The ranges (relative to the text) that are not words a reader reads: link URLs,
    /// autolinks, code spans, HTML tags; sorted.
    pub fn masked_ranges(&self) -> Vec<(usize, usize)> {
        let inl = &self.inlines;
        let len = self.content.len();
        let mut ranges: Vec<(usize, usize)> = inl
            .links
            .iter()
            .map(|l| if l.autolink { l.range } else { l.url })
            .chain(inl.code.iter().map(|c| c.range))
            .chain(inl.html_tags.iter().map(|h| h.range))
            .chain(inl.broken_links.iter().filter_map(|b| b.url))
            .map(|r| {
                let start = r.start() - self.content.start();
                (start, (r.end() - self.content.start()).min(len))
            })
            .collect();
        ranges.sort_unstable();
        ranges
    }

    /// The raw text with link URLs, code spans and HTML tags blanked out (replaced by
    /// spaces, so offsets stay the same): the words a reader reads.
    pub fn prose<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let raw = self.raw(text);
        let ranges = self.masked_ranges();
        if ranges.is_empty() {
            return std::borrow::Cow::Borrowed(raw);
        }
        // Whole characters are replaced by as many ASCII spaces as they had bytes.
        let mut out = String::with_capacity(raw.len());
        let mut copied = 0;
        for (start, end) in ranges {
            let start = start.max(copied);
            if end <= start {
                continue;
            }
            out.push_str(&raw[copied..start]);
            out.extend(std::iter::repeat_n(' ', end - start));
            copied = end;
        }
        out.push_str(&raw[copied..]);
        std::borrow::Cow::Owned(out)
    }
}

#[derive(Clone, Debug)]
pub struct Segment {
    /// The target's ID, or the source's when there is no target.
    pub id: SegmentId,
    pub target: Option<SegmentText>,
    pub source: Option<SegmentText>,
    /// The `<span class="sxs-lookup">` wrapper, from its open tag to its close tag.
    pub lookup: Option<TextRange>,
    /// Index into `Document::blocks`.
    pub block: Option<usize>,
    /// 0-based cell index when the segment sits in a table row.
    pub table_column: Option<usize>,
    /// From the first tag to the last.
    pub range: TextRange,
    /// The English sentence goes on in the next segment: it follows this one in the same
    /// block and cell with only white space between, its source starting with a lowercase
    /// letter (`In the **No.**` + `field, enter…`: the segmenter cut after an
    /// abbreviation's period).
    pub continued: bool,
}

impl Segment {
    pub fn id_str<'t>(&self, text: &'t str) -> &'t str {
        self.id.as_str(text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanRole {
    Target,
    Lookup,
    Source,
    Other,
}

impl SpanRole {
    pub fn describe(self) -> &'static str {
        match self {
            SpanRole::Target => "target span (data-ttu-id)",
            SpanRole::Lookup => "sxs-lookup span",
            SpanRole::Source => "source span (data-stu-id)",
            SpanRole::Other => "span",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkupIssueKind {
    /// An open tag without its `</span>`.
    Unclosed(SpanRole),
    /// A `</span>` that closes nothing.
    StrayClose,
    /// An `sxs-lookup` wrapper with no `data-stu-id` span inside.
    EmptyLookup,
}

#[derive(Clone, Debug)]
pub struct MarkupIssue {
    pub kind: MarkupIssueKind,
    /// The offending tag.
    pub range: TextRange,
    /// The segment the tag belongs to, if any (index into `Document::segments`).
    pub segment: Option<usize>,
}

pub(super) struct Scan {
    pub segments: Vec<Segment>,
    pub issues: Vec<MarkupIssue>,
}

#[derive(Clone, Copy, Debug)]
enum Tok {
    Open {
        role: SpanRole,
        tag: TextRange,
        id: Option<TextRange>,
    },
    Close {
        tag: TextRange,
    },
}

impl Tok {
    fn range(&self) -> TextRange {
        match *self {
            Tok::Open { tag, .. } | Tok::Close { tag } => tag,
        }
    }
}

/// Every `<span …>` and `</span>` outside fenced code, in order.
fn tokenize(text: &str, from: usize, layout: &Layout) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let mut code = layout.code_ranges().peekable();
    let mut pos = from;
    let mut backticks = Backticks::default();
    while let Some(i) = memchr::memchr2(b'<', b'`', &bytes[pos..]).map(|i| pos + i) {
        pos = i + 1;
        while code.peek().is_some_and(|r| r.end() <= i) {
            code.next();
        }
        if let Some(r) = code.peek()
            && r.start() <= i
        {
            pos = r.end();
            continue;
        }
        if bytes[i] == b'`' {
            pos = backticks.skip_code_span(text, i);
            continue;
        }
        if bytes[i + 1..].starts_with(b"!--") {
            // Tags inside an HTML comment are not markup.
            pos = memchr::memmem::find(&bytes[i + 4..], b"-->")
                .map_or(bytes.len(), |j| i + 4 + j + 3);
            continue;
        }
        let rest = &bytes[i + 1..];
        if rest.len() >= 5 && rest[0] == b'/' && rest[1..5].eq_ignore_ascii_case(b"span") {
            let after = &rest[5..];
            let ws = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if after.get(ws) == Some(&b'>') {
                let end = i + 1 + 5 + ws + 1;
                toks.push(Tok::Close {
                    tag: TextRange::new(i, end),
                });
                pos = end;
            }
        } else if rest.len() >= 5
            && rest[..4].eq_ignore_ascii_case(b"span")
            && (rest[4] == b'>' || rest[4].is_ascii_whitespace())
            && let Some(tok) = open_tag(text, i)
        {
            pos = tok.range().end();
            toks.push(tok);
        }
    }
    toks
}

/// What [`tokenize`] learns about a text's backticks once, so that each backtick run costs
/// a lookup instead of a scan to the end of its paragraph (many runs that close nothing on
/// one long line would be quadratic).
#[derive(Default)]
struct Backticks {
    /// Starts of the maximal backtick runs, by run length; made at the first backtick.
    runs: Option<std::collections::HashMap<usize, Vec<usize>>>,
    /// The last paragraph end found: `(from, end)`, the answer for any offset in
    /// `from..=end` (`end` is the text length when no blank line follows).
    paragraph: Option<(usize, usize)>,
}

impl Backticks {
    /// The end of the paragraph holding `at` (the first blank line after it).
    fn paragraph_end(&mut self, text: &str, at: usize) -> usize {
        if let Some((from, end)) = self.paragraph
            && from <= at
            && at <= end
        {
            return end;
        }
        let end = blank_line_in(text, at, text.len()).unwrap_or(text.len());
        self.paragraph = Some((at, end));
        end
    }

    /// Where scanning resumes after the backtick run at `at`: after the inline code span it
    /// opens, or after the run when it opens none. A span ends at its paragraph, and one
    /// that would swallow a segment boundary (`class="sxs-lookup"`) is an unbalanced
    /// backtick, not code, so the segments around it are still read.
    fn skip_code_span(&mut self, text: &str, at: usize) -> usize {
        let bytes = text.as_bytes();
        let run = bytes[at..].iter().take_while(|&&b| b == b'`').count();
        let limit = self.paragraph_end(text, at);
        let runs = self.runs.get_or_insert_with(|| {
            let mut runs: std::collections::HashMap<usize, Vec<usize>> = Default::default();
            let mut p = 0;
            while let Some(j) = memchr::memchr(b'`', &bytes[p..]).map(|j| p + j) {
                let r = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                runs.entry(r).or_default().push(j);
                p = j + r;
            }
            runs
        });
        // The closing run: the first run of the same length after this one, in the
        // paragraph (runs never cross a line end, so none crosses the limit).
        let close = runs.get(&run).and_then(|starts| {
            let k = starts.partition_point(|&s| s < at + run);
            starts.get(k).copied().filter(|&j| j < limit)
        });
        match close {
            Some(j) if memchr::memmem::find(&bytes[at + run..j], b"sxs-lookup").is_none() => {
                j + run
            }
            _ => at + run,
        }
    }
}

/// Parses `<span attrs>` starting at `at`; quoted values may hold `>`.
fn open_tag(text: &str, at: usize) -> Option<Tok> {
    let bytes = text.as_bytes();
    let mut p = at + 5;
    let mut role = SpanRole::Other;
    let mut id = None;
    loop {
        while p < bytes.len() && bytes[p].is_ascii_whitespace() {
            p += 1;
        }
        match bytes.get(p)? {
            b'>' => break,
            b'/' => {
                p += 1;
                continue;
            }
            _ => {}
        }
        let name_start = p;
        while p < bytes.len()
            && !matches!(bytes[p], b'=' | b'>' | b'/')
            && !bytes[p].is_ascii_whitespace()
        {
            p += 1;
        }
        let name = &text[name_start..p];
        let mut value = None;
        let mut eq = p;
        while eq < bytes.len() && bytes[eq].is_ascii_whitespace() {
            eq += 1;
        }
        if bytes.get(eq) == Some(&b'=') {
            p = eq + 1;
            while p < bytes.len() && bytes[p].is_ascii_whitespace() {
                p += 1;
            }
            match bytes.get(p)? {
                q @ (b'"' | b'\'') => {
                    let close = memchr::memchr(*q, &bytes[p + 1..])?;
                    value = Some(TextRange::new(p + 1, p + 1 + close));
                    p += close + 2;
                }
                _ => {
                    let start = p;
                    while p < bytes.len() && bytes[p] != b'>' && !bytes[p].is_ascii_whitespace() {
                        p += 1;
                    }
                    value = Some(TextRange::new(start, p));
                }
            }
        }
        if name.eq_ignore_ascii_case("data-ttu-id") {
            role = SpanRole::Target;
            id = value;
        } else if name.eq_ignore_ascii_case("data-stu-id") {
            role = SpanRole::Source;
            id = value;
        } else if name.eq_ignore_ascii_case("class")
            && role == SpanRole::Other
            && value.is_some_and(|v| {
                v.slice(text)
                    .split_ascii_whitespace()
                    .any(|c| c == "sxs-lookup")
            })
        {
            role = SpanRole::Lookup;
        }
    }
    Some(Tok::Open {
        role,
        tag: TextRange::new(at, p + 1),
        id,
    })
}

/// The first blank line in `text[from..to]`: where a paragraph, and so any inline span, ends.
fn blank_line_in(text: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[..to];
    let mut p = from;
    while let Some(nl) = memchr::memchr(b'\n', &bytes[p..]).map(|i| p + i) {
        let mut q = nl + 1;
        while q < bytes.len() && matches!(bytes[q], b' ' | b'\t' | b'\r') {
            q += 1;
        }
        if q < bytes.len() && bytes[q] == b'\n' {
            return Some(if nl > 0 && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            });
        }
        if q >= bytes.len() {
            return None;
        }
        p = nl + 1;
    }
    None
}

enum Closing {
    /// The index of the matching `</span>`.
    Closed(usize),
    /// Not closed: the content ends at `end`, scanning resumes at token `next`.
    Open { end: usize, next: usize },
}

struct Folder<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    layout: &'t Layout,
    segments: Vec<Segment>,
    issues: Vec<MarkupIssue>,
}

impl<'t> Folder<'t> {
    /// Whether only layout separates two tags of one segment: white space within one
    /// paragraph, and the `>` markers of a block quote the segment continues in.
    fn gap_is_blank(&self, from: usize, to: usize) -> bool {
        let gap = &self.text[from..to];
        let mut newlines = 0;
        let mut line_start = false;
        for b in gap.bytes() {
            match b {
                b'\n' => {
                    newlines += 1;
                    line_start = true;
                }
                b'>' if line_start => {}
                b' ' | b'\t' | b'\r' => {}
                _ => return false,
            }
        }
        newlines <= 1
    }

    /// The `</span>` matching the open tag at `i`; a structural open tag, a blank line or
    /// the end of the file first means it is unclosed.
    fn find_close(&self, i: usize) -> Closing {
        let mut depth = 1usize;
        let mut prev_end = self.toks[i].range().end();
        for k in i + 1..self.toks.len() {
            let tok = self.toks[k];
            if let Some(b) = blank_line_in(self.text, prev_end, tok.range().start()) {
                return Closing::Open { end: b, next: k };
            }
            match tok {
                Tok::Open {
                    role: SpanRole::Other,
                    ..
                } => depth += 1,
                Tok::Open { tag, .. } => {
                    return Closing::Open {
                        end: tag.start(),
                        next: k,
                    };
                }
                Tok::Close { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        return Closing::Closed(k);
                    }
                }
            }
            prev_end = tok.range().end();
        }
        let end = blank_line_in(self.text, prev_end, self.text.len()).unwrap_or_else(|| {
            let t = &self.text[prev_end..];
            prev_end + t.trim_end().len()
        });
        Closing::Open {
            end,
            next: self.toks.len(),
        }
    }

    /// Whether token `k` continues the segment the way a well-formed file does after a
    /// target (`<span class="sxs-lookup">`) or a source (the lookup's `</span>`).
    fn continues(&self, role: SpanRole, prev_end: usize, k: usize) -> bool {
        match self.toks.get(k) {
            Some(Tok::Open {
                role: SpanRole::Lookup,
                tag,
                ..
            }) => role == SpanRole::Target && self.gap_is_blank(prev_end, tag.start()),
            Some(Tok::Close { tag }) => {
                role == SpanRole::Source && self.gap_is_blank(prev_end, tag.start())
            }
            _ => false,
        }
    }

    /// A `</span>` copied into the middle of a segment's text closes the span early; the
    /// text after it and the real `</span>` follow. When a run of `</span>` tags in the same
    /// paragraph ends where the segment's continuation starts, the last one before it is
    /// the real close and the earlier ones are stray (reported as such, with the segment).
    fn absorb_stray_closes(
        &self,
        role: SpanRole,
        k: usize,
        pending: &mut Vec<MarkupIssue>,
    ) -> usize {
        if !matches!(role, SpanRole::Target | SpanRole::Source) {
            return k;
        }
        let after = |t: usize| self.toks[t].range().end();
        if self.continues(role, after(k), k + 1) {
            return k;
        }
        let mut m = k;
        while let Some(Tok::Close { tag }) = self.toks.get(m + 1) {
            if blank_line_in(self.text, after(m), tag.start()).is_some() {
                break;
            }
            m += 1;
            // The source's real close is followed by the lookup's close.
            let real = if role == SpanRole::Source {
                m.checked_sub(1)
            } else {
                Some(m)
            };
            let Some(real) = real.filter(|&r| r > k) else {
                continue;
            };
            if self.continues(role, after(real), real + 1) {
                for stray in k..real {
                    pending.push(MarkupIssue {
                        kind: MarkupIssueKind::StrayClose,
                        range: self.toks[stray].range(),
                        segment: None,
                    });
                }
                return real;
            }
        }
        k
    }

    /// Reads a target or source span at token `i`; returns it and the next token index.
    fn read_text(&mut self, i: usize, pending: &mut Vec<MarkupIssue>) -> (SegmentText, usize) {
        let Tok::Open { role, tag, id } = self.toks[i] else {
            unreachable!("read_text on a close tag")
        };
        let id = SegmentId::parse(id.unwrap_or(TextRange::empty(tag.end())), self.text);
        let (content, close_tag, next) = match self.find_close(i) {
            Closing::Closed(k) => {
                let k = self.absorb_stray_closes(role, k, pending);
                let close = self.toks[k].range();
                (TextRange::new(tag.end(), close.start()), Some(close), k + 1)
            }
            Closing::Open { end, next } => {
                pending.push(MarkupIssue {
                    kind: MarkupIssueKind::Unclosed(role),
                    range: tag,
                    segment: None,
                });
                // Trailing white space before the next tag is layout, not content.
                let raw = &self.text[tag.end()..end.max(tag.end())];
                (
                    TextRange::new(tag.end(), tag.end() + raw.trim_end().len()),
                    None,
                    next,
                )
            }
        };
        let raw = content.slice(self.text);
        let inlines = inline::parse(raw, content.start());
        let decoded = html::decode_entities(raw).map(String::into_boxed_str);
        (
            SegmentText {
                id,
                open_tag: tag,
                close_tag,
                content,
                inlines,
                decoded,
            },
            next,
        )
    }

    /// Reads `<span class="sxs-lookup"><span data-stu-id>…</span></span>` at token `j`.
    fn read_lookup(
        &mut self,
        j: usize,
        pending: &mut Vec<MarkupIssue>,
    ) -> (Option<SegmentText>, TextRange, usize) {
        let lookup_tag = self.toks[j].range();
        let inner = j + 1;
        let source_follows = matches!(
            self.toks.get(inner),
            Some(Tok::Open { role: SpanRole::Source, tag, .. })
                if self.gap_is_blank(lookup_tag.end(), tag.start())
        );
        if !source_follows {
            pending.push(MarkupIssue {
                kind: MarkupIssueKind::EmptyLookup,
                range: lookup_tag,
                segment: None,
            });
            return match self.find_close(j) {
                Closing::Closed(k) => (None, lookup_tag.cover(self.toks[k].range()), k + 1),
                Closing::Open { next, .. } => (None, lookup_tag, next),
            };
        }
        let (source, next) = self.read_text(inner, pending);
        let after_source = source.close_tag.map_or(source.content.end(), |t| t.end());
        match self.toks.get(next) {
            Some(Tok::Close { tag }) if self.gap_is_blank(after_source, tag.start()) => {
                (Some(source), lookup_tag.cover(*tag), next + 1)
            }
            _ => {
                if source.close_tag.is_some() {
                    pending.push(MarkupIssue {
                        kind: MarkupIssueKind::Unclosed(SpanRole::Lookup),
                        range: lookup_tag,
                        segment: None,
                    });
                }
                (Some(source), lookup_tag, next)
            }
        }
    }

    fn push_segment(
        &mut self,
        target: Option<SegmentText>,
        source: Option<SegmentText>,
        lookup: Option<TextRange>,
        pending: Vec<MarkupIssue>,
    ) {
        let first = target
            .as_ref()
            .or(source.as_ref())
            .expect("a segment has a side");
        let id = first.id.clone();
        let start = target
            .as_ref()
            .map(|t| t.open_tag)
            .or(lookup)
            .unwrap_or(first.open_tag)
            .start();
        let end = [
            lookup.map(|l| l.end()),
            source
                .as_ref()
                .map(|s| s.close_tag.map_or(s.content.end(), |t| t.end())),
            target
                .as_ref()
                .map(|t| t.close_tag.map_or(t.content.end(), |c| c.end())),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(start);
        let block = self.layout.block_at(start);
        let table_column = block.and_then(|b| {
            let blk = &self.layout.blocks[b];
            (blk.kind == BlockKind::TableRow)
                .then(|| count_cells(&self.text[blk.range.start()..start]))
        });
        let index = self.segments.len();
        self.issues.extend(pending.into_iter().map(|mut issue| {
            issue.segment = Some(index);
            issue
        }));
        self.segments.push(Segment {
            id,
            target,
            source,
            lookup,
            block,
            table_column,
            range: TextRange::new(start, end),
            continued: false,
        });
    }

    fn run(mut self) -> Scan {
        let mut i = 0;
        while i < self.toks.len() {
            let tok = self.toks[i];
            let mut pending = Vec::new();
            match tok {
                Tok::Open {
                    role: SpanRole::Target,
                    ..
                } => {
                    let (target, next) = self.read_text(i, &mut pending);
                    let after = target.close_tag.map_or(target.content.end(), |t| t.end());
                    let lookup_next = matches!(
                        self.toks.get(next),
                        Some(Tok::Open { role: SpanRole::Lookup, tag, .. })
                            if self.gap_is_blank(after, tag.start())
                    );
                    if lookup_next {
                        let (source, lookup, n) = self.read_lookup(next, &mut pending);
                        self.push_segment(Some(target), source, Some(lookup), pending);
                        i = n;
                    } else {
                        self.push_segment(Some(target), None, None, pending);
                        i = next;
                    }
                }
                Tok::Open {
                    role: SpanRole::Lookup,
                    ..
                } => {
                    let (source, lookup, n) = self.read_lookup(i, &mut pending);
                    if source.is_some() {
                        self.push_segment(None, source, Some(lookup), pending);
                    } else {
                        self.issues.extend(pending);
                    }
                    i = n;
                }
                Tok::Open {
                    role: SpanRole::Source,
                    ..
                } => {
                    let (source, n) = self.read_text(i, &mut pending);
                    self.push_segment(None, Some(source), None, pending);
                    i = n;
                }
                Tok::Open {
                    role: SpanRole::Other,
                    tag,
                    ..
                } => match self.find_close(i) {
                    Closing::Closed(k) => i = k + 1,
                    Closing::Open { next, .. } => {
                        self.issues.push(MarkupIssue {
                            kind: MarkupIssueKind::Unclosed(SpanRole::Other),
                            range: tag,
                            segment: None,
                        });
                        i = next;
                    }
                },
                Tok::Close { tag } => {
                    let segment = self
                        .segments
                        .last()
                        .filter(|s| self.gap_is_blank(s.range.end(), tag.start()))
                        .map(|_| self.segments.len() - 1);
                    self.issues.push(MarkupIssue {
                        kind: MarkupIssueKind::StrayClose,
                        range: tag,
                        segment,
                    });
                    i += 1;
                }
            }
        }
        for i in 1..self.segments.len() {
            let (seg, next) = (&self.segments[i - 1], &self.segments[i]);
            let continued = seg.block.is_some()
                && next.block == seg.block
                && next.table_column == seg.table_column
                && seg.range.end() <= next.range.start()
                && self.gap_is_blank(seg.range.end(), next.range.start())
                && next.source.as_ref().is_some_and(|source| {
                    source
                        .raw(self.text)
                        .trim_start_matches(|c: char| c.is_whitespace() || "*_`([".contains(c))
                        .starts_with(char::is_lowercase)
                });
            self.segments[i - 1].continued = continued;
        }
        Scan {
            segments: self.segments,
            issues: self.issues,
        }
    }
}

/// Table cells before `prefix`'s end: unescaped `|` outside inline code, minus the leading pipe.
fn count_cells(prefix: &str) -> usize {
    let prefix = prefix.trim_start();
    let prefix = prefix.strip_prefix('|').unwrap_or(prefix);
    let mut cells = 0usize;
    let mut in_code = false;
    let mut escaped = false;
    for c in prefix.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' if !escaped => in_code = !in_code,
            '|' if !escaped && !in_code => cells += 1,
            _ => {}
        }
        escaped = false;
    }
    cells
}

pub(super) fn scan(text: &str, from: usize, layout: &Layout) -> Scan {
    let toks = tokenize(text, from, layout);
    // Every segment has a target or a source tag: at most this many segments, reserved
    // at once so that a file of many segments is not copied as the list grows (only the
    // part of the reservation that is used is touched).
    let sides = toks
        .iter()
        .filter(|t| {
            matches!(
                t,
                Tok::Open {
                    role: SpanRole::Target | SpanRole::Source,
                    ..
                }
            )
        })
        .count();
    Folder {
        text,
        segments: Vec::with_capacity(sides),
        toks,
        layout,
        issues: Vec::new(),
    }
    .run()
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, MarkupIssueKind, SpanRole};

    fn pair(id: &str, target: &str, source: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{source}</span></span>"
        )
    }

    #[test]
    fn pairs_with_exact_ranges() {
        let text = format!(
            "# {}\r\n\r\n- {}\n",
            pair("d58e0-102", "장치", "Device"),
            pair("d58e0-p103", "a\nb", "A\nB")
        );
        let doc = Document::parse(&text);
        assert!(doc.markup_issues.is_empty(), "{:?}", doc.markup_issues);
        assert_eq!(doc.segments.len(), 2);
        let s = &doc.segments[0];
        assert_eq!(s.target.as_ref().unwrap().raw(&text), "장치");
        assert_eq!(s.source.as_ref().unwrap().raw(&text), "Device");
        assert_eq!(s.id.prefix_str(&text), "d58e0");
        assert_eq!(s.id.number, Some(102));
        assert_eq!(doc.blocks[s.block.unwrap()].kind.name(), "heading");
        let s = &doc.segments[1];
        assert!(s.id.paragraph && s.id.number == Some(103));
        assert_eq!(s.target.as_ref().unwrap().raw(&text), "a\nb");
        assert_eq!(doc.blocks[s.block.unwrap()].kind.name(), "list item");
        assert_eq!(s.range.slice(&text), pair("d58e0-p103", "a\nb", "A\nB"));
    }

    #[test]
    fn a_segment_is_continued_where_the_english_sentence_goes_on() {
        let text = format!(
            "1. {} {}\n2. {} {}\n\n{}\n\n{}\n\n| {} | {} |\n",
            pair("a-1", "Dans le champ **N°**,", "In the **No.**"),
            pair("a-2", "saisissez le numéro.", "field, enter the number."),
            pair("a-3", "Choisissez **OK**.", "Choose **OK**."),
            pair("a-4", "Puis fermez.", "Then close."),
            pair("a-5", "Le champ **N°**", "The **No.**"),
            pair("a-6", "suivant.", "field follows."),
            pair("a-7", "N° table", "Table No."),
            pair("a-8", "identifiant", "identifier"),
        );
        let doc = Document::parse(&text);
        let continued: Vec<bool> = doc.segments.iter().map(|s| s.continued).collect();
        // Another list item, another paragraph and another cell are no continuation.
        assert_eq!(
            continued,
            [true, false, false, false, false, false, false, false]
        );
    }

    #[test]
    fn unclosed_target_ends_at_the_lookup() {
        let text = "<span data-ttu-id=\"x-1\">open <span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">S</span></span>";
        let doc = Document::parse(text);
        assert_eq!(doc.segments.len(), 1);
        let seg = &doc.segments[0];
        assert_eq!(seg.target.as_ref().unwrap().raw(text), "open");
        assert!(seg.source.is_some());
        assert_eq!(doc.markup_issues.len(), 1);
        assert_eq!(
            doc.markup_issues[0].kind,
            MarkupIssueKind::Unclosed(SpanRole::Target)
        );
    }

    #[test]
    fn stray_close_inside_both_sides_is_reported_once_each() {
        let text = "<span data-ttu-id=\"x-2\">A </span> B</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-2\">C</span> D</span></span>\n\nnext";
        let doc = Document::parse(text);
        assert_eq!(doc.segments.len(), 1);
        let seg = &doc.segments[0];
        assert_eq!(seg.target.as_ref().unwrap().raw(text), "A </span> B");
        assert_eq!(seg.source.as_ref().unwrap().raw(text), "C</span> D");
        let kinds: Vec<_> = doc
            .markup_issues
            .iter()
            .map(|i| (&i.kind, i.segment))
            .collect();
        assert_eq!(
            kinds,
            [
                (&MarkupIssueKind::StrayClose, Some(0)),
                (&MarkupIssueKind::StrayClose, Some(0))
            ]
        );
    }

    #[test]
    fn code_spans_comments_and_quoted_continuations() {
        let text = format!(
            "{}\n<!-- <span class=\"no-loc\"> -->\n\n> <span data-ttu-id=\"x-2\">t</span>\n> <span class=\"sxs-lookup\"><span data-stu-id=\"x-2\">s</span></span>\n\n<span data-ttu-id = \"x-3\">a</span>\n\n<span class=\"sxs-lookup\"><span data-stu-id=\"x-3\">b</span></span>",
            pair("x-1", "`</span>` 태그", "the `</span>` tag")
        );
        let doc = Document::parse(&text);
        assert!(doc.markup_issues.is_empty(), "{:?}", doc.markup_issues);
        let shape: Vec<_> = doc
            .segments
            .iter()
            .map(|s| (s.id_str(&text), s.target.is_some(), s.source.is_some()))
            .collect();
        // x-3's target and source sit in different paragraphs: two halves, not a pair.
        assert_eq!(
            shape,
            [
                ("x-1", true, true),
                ("x-2", true, true),
                ("x-3", true, false),
                ("x-3", false, true)
            ]
        );
        assert_eq!(
            doc.segments[0].target.as_ref().unwrap().raw(&text),
            "`</span>` 태그"
        );
    }

    #[test]
    fn orphans_strays_and_code_fences() {
        let text = format!(
            "<span class=\"sxs-lookup\"><span data-stu-id=\"x-3\">S</span></span>\n\n</span>\n\n```html\n<span data-ttu-id=\"x-9\">\n```\n<span data-ttu-id=\"x-4\">T</span>\n\n{}",
            pair("x-5", "t", "s")
        );
        let doc = Document::parse(&text);
        let shape: Vec<_> = doc
            .segments
            .iter()
            .map(|s| (s.id_str(&text), s.target.is_some(), s.source.is_some()))
            .collect();
        assert_eq!(
            shape,
            [
                ("x-3", false, true),
                ("x-4", true, false),
                ("x-5", true, true)
            ]
        );
        assert_eq!(doc.markup_issues.len(), 1);
        assert_eq!(doc.markup_issues[0].kind, MarkupIssueKind::StrayClose);
    }

    #[test]
    fn blank_line_ends_an_unclosed_span() {
        let text = "<span data-ttu-id=\"x-1\">never closed\n\n<span data-ttu-id=\"x-2\">t</span>";
        let doc = Document::parse(text);
        assert_eq!(
            doc.segments[0].target.as_ref().unwrap().raw(text),
            "never closed"
        );
        assert_eq!(doc.segments.len(), 2);
    }
}
