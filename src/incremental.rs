//! Checking a document again after an edit, as the language server does on every
//! keystroke, without checking it all again.
//!
//! The document is parsed again (its structure may change anywhere), the rules that look
//! at the whole document run again, but the rules that look at one segment at a time
//! ([`Rule::segment_local`]) check only the segments an edit may have changed: a segment
//! whose lines lie wholly before or wholly after the changed bytes, and which parses to
//! the same structure there (moved with the text after the edit), keeps its findings
//! (moved the same way). The outcome is exactly a full check's
//! ([`engine::check_bytes`]); the tests below compare the two over many random edits of
//! real articles.

use crate::diagnostic::Diagnostic;
use crate::document::{
    Block, BlockKind, BrokenLink, BrokenLinkKind, CodeSpan, Document, Emphasis, Escape, HtmlTag,
    HtmlTagKind, InlineLists, Inlines, Link, NumberToken, Segment, SegmentId, SegmentText,
};
use crate::engine::{self, FileSetup, Settings};
use crate::glossary::TermOccurrence;
use crate::locale::LocaleProfile;
use crate::rule::Rule;
use crate::text::TextRange;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One document's findings between checks.
#[derive(Default)]
pub struct Session {
    state: Option<State>,
    /// How many segments the last check checked again (for tests).
    checked_again: usize,
}

/// What the last check found and what it depended on.
struct State {
    key: Key,
    /// The text checked.
    text: String,
    /// Its segments, in order.
    entries: Vec<Entry>,
}

/// What the findings of a segment depend on besides the segment: when any of this
/// changes, every segment is checked again. The settings and the profile are held (not
/// only compared by address), so a new one cannot take the address of a freed one.
struct Key {
    path: PathBuf,
    settings: Arc<Settings>,
    rules: Vec<&'static str>,
    locale: Option<String>,
    profile: Arc<LocaleProfile>,
    glossary: Option<usize>,
    dnt: usize,
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.path == other.path
            && Arc::ptr_eq(&self.settings, &other.settings)
            && self.rules == other.rules
            && self.locale == other.locale
            && Arc::ptr_eq(&self.profile, &other.profile)
            && self.glossary == other.glossary
            && self.dnt == other.dnt
    }
}

/// What the segment-local rules found in one segment (each finding with its rule's
/// index), and the glossary terms in its target.
type Found = (Vec<(usize, Diagnostic)>, Vec<TermOccurrence>);

/// One segment of the checked text.
struct Entry {
    segment: Segment,
    block: Option<Block>,
    /// The lines the segment-local rules may read: the segment's and its block's lines,
    /// and the line before and after them.
    window: TextRange,
    /// The segment-local rules' findings, each with the index of its rule.
    findings: Vec<(usize, Diagnostic)>,
    /// The glossary terms in the target (`segment` is set when the document's are put
    /// together).
    occurrences: Vec<TermOccurrence>,
    /// Every finding lies inside the window. A rule that reports elsewhere breaks the
    /// promise of `segment_local`; such a segment is checked again every time.
    contained: bool,
}

impl Session {
    /// Checks `text` as [`engine::check_bytes`] does, with the per-file rules `rules`
    /// (none may need the project), reusing what the last check of this session found
    /// wherever the edit cannot have changed it. A panic in a rule is an error, and the
    /// next check starts afresh.
    pub fn check(
        &mut self,
        path: &Path,
        text: &str,
        rules: &[&'static dyn Rule],
        settings: &Arc<Settings>,
    ) -> Result<Vec<Diagnostic>, String> {
        let previous = self.state.take();
        if rules.iter().any(|r| r.needs_project()) {
            let checked = engine::check_bytes(path, text.as_bytes(), rules, settings)?;
            return Ok(checked.diagnostics);
        }
        match engine::catch_internal(|| check(previous, path, text, rules, settings)) {
            Ok((diagnostics, state, checked_again)) => {
                self.state = state;
                self.checked_again = checked_again;
                Ok(diagnostics)
            }
            Err(what) => Err(engine::checking_failed(&what)),
        }
    }
}

fn check(
    previous: Option<State>,
    path: &Path,
    text: &str,
    rules: &[&'static dyn Rule],
    settings: &Arc<Settings>,
) -> (Vec<Diagnostic>, Option<State>, usize) {
    let text = match engine::readable(path, text.as_bytes(), rules, settings) {
        Ok(text) => text,
        Err(checked) => return (checked.diagnostics, None, 0),
    };
    let mut document = engine::timing::time("(parse)", || Document::parse(text));
    let file = FileSetup::new(&document, path, settings);
    let key = Key {
        path: path.to_path_buf(),
        settings: Arc::clone(settings),
        rules: rules.iter().map(|r| r.meta().name).collect(),
        locale: file.locale.clone(),
        profile: Arc::clone(&file.profile),
        glossary: file.glossary.map(|g| g as *const _ as usize),
        dnt: settings.dnt() as *const _ as usize,
    };
    let previous = previous.filter(|p| p.key == key);
    let local: Vec<bool> = rules.iter().map(|r| r.segment_local()).collect();

    // Which of the old entries each segment keeps, and how far it moved.
    let windows: Vec<TextRange> = document
        .segments
        .iter()
        .map(|s| window(text, s, document.block_of(s)))
        .collect();
    let kept: Vec<Option<(usize, i64)>> = match &previous {
        Some(old) => engine::timing::time("(incremental: match)", || {
            matching(old, text, &document, &windows)
        }),
        None => vec![None; document.segments.len()],
    };
    let mut old: Vec<Option<Entry>> = previous
        .map(|p| p.entries.into_iter().map(Some).collect())
        .unwrap_or_default();

    // The segments no old entry covers, each checked on a document holding only it.
    let mut fresh: Vec<Option<Found>> = Vec::with_capacity(kept.len());
    engine::timing::time("(incremental: changed segments)", || {
        let mut all = std::mem::take(&mut document.segments);
        for (i, keep) in kept.iter().enumerate() {
            if keep.is_some() {
                fresh.push(None);
                continue;
            }
            document.segments = vec![std::mem::replace(&mut all[i], placeholder())];
            let ctx = file.context(path, &document, settings);
            let mut found = Vec::new();
            for (r, rule) in rules.iter().enumerate() {
                if local[r] {
                    let mut out = Vec::new();
                    engine::run_rule_timed(*rule, &ctx, settings, &mut out, false);
                    found.extend(out.into_iter().map(|d| (r, d)));
                }
            }
            let occurrences = if file.glossary.is_some() {
                ctx.term_occurrences().to_vec()
            } else {
                Vec::new()
            };
            drop(ctx);
            all[i] = document.segments.pop().expect("the one segment");
            fresh.push(Some((found, occurrences)));
        }
        document.segments = all;
    });

    // The entries of this text, in order: kept ones moved, fresh ones new.
    let mut entries = engine::timing::time("(incremental: move kept entries)", || {
        let mut entries: Vec<Entry> = Vec::with_capacity(kept.len());
        for (i, (keep, found)) in kept.iter().zip(fresh).enumerate() {
            let segment = &document.segments[i];
            let block = document.block_of(segment).cloned();
            let entry = match (keep, found) {
                (Some((o, by)), _) => {
                    let mut e = old[*o].take().expect("each old entry is kept once");
                    if *by != 0 {
                        for (_, d) in &mut e.findings {
                            move_finding(d, *by);
                        }
                        for o in &mut e.occurrences {
                            o.range = moved(o.range, *by);
                        }
                    }
                    e.block = block;
                    e.window = windows[i];
                    e
                }
                (None, Some((findings, occurrences))) => {
                    let w = windows[i];
                    let contained = findings.iter().all(|(_, d)| inside(d, w))
                        && occurrences.iter().all(|o| w.contains_range(o.range));
                    Entry {
                        segment: placeholder(),
                        block,
                        window: w,
                        findings,
                        occurrences,
                        contained,
                    }
                }
                (None, None) => unreachable!("a segment not kept was checked"),
            };
            entries.push(entry);
        }
        entries
    });

    // The whole-document rules, with the glossary terms put together from the segments'.
    let ctx = file.context(path, &document, settings);
    let mut by_rule: Vec<Vec<Diagnostic>> = vec![Vec::new(); rules.len()];
    engine::timing::time("(incremental: kept findings)", || {
        for e in &entries {
            for (r, d) in &e.findings {
                by_rule[*r].push(d.clone());
            }
        }
        if file.glossary.is_some() {
            let mut occurrences: Vec<TermOccurrence> = Vec::new();
            for (i, e) in entries.iter().enumerate() {
                occurrences.extend(
                    e.occurrences
                        .iter()
                        .map(|o| TermOccurrence { segment: i, ..*o }),
                );
            }
            // As `Glossary::occurrences` orders them (a stable sort of what is in order but
            // for ties inside one segment, which each segment's list has sorted already).
            occurrences.sort_by_key(|o| (o.range.start, o.concept));
            ctx.preset_term_occurrences(occurrences);
        }
    });
    let mut diagnostics = Vec::new();
    for (r, (rule, found)) in rules.iter().zip(by_rule).enumerate() {
        if local[r] {
            diagnostics.extend(found);
        } else {
            engine::run_rule(*rule, &ctx, settings, &mut diagnostics);
        }
    }
    drop(ctx);
    engine::timing::time("(incremental: suppressions, sort)", || {
        engine::after_rules(&document, rules, &mut diagnostics);
        engine::sort_findings(&mut diagnostics);
    });

    // What the next check needs: the segments as parsed here.
    let state = engine::timing::time("(incremental: keep state)", || {
        for (e, segment) in entries.iter_mut().zip(document.segments) {
            e.segment = segment;
        }
        State {
            key,
            text: text.to_string(),
            entries,
        }
    });
    let checked_again = kept.iter().filter(|k| k.is_none()).count();
    (diagnostics, Some(state), checked_again)
}

/// For each segment of the new document, the old entry it keeps and how far it moved:
/// its window lies wholly in the bytes before the change or wholly in those after it, and
/// the old entry at its place (moved as much) is the same segment in the same block.
fn matching(
    old: &State,
    text: &str,
    document: &Document<'_>,
    windows: &[TextRange],
) -> Vec<Option<(usize, i64)>> {
    let (a, b) = (old.text.as_bytes(), text.as_bytes());
    let prefix = common_prefix(a, b);
    let suffix = common_suffix(&a[prefix..], &b[prefix..]);
    let delta = b.len() as i64 - a.len() as i64;
    let after = b.len() - suffix;
    let mut taken = vec![false; old.entries.len()];
    document
        .segments
        .iter()
        .zip(windows)
        .map(|(segment, w)| {
            let by = if w.end() <= prefix {
                0
            } else if w.start() >= after {
                delta
            } else {
                return None;
            };
            let at = segment.range.start() as i64 - by;
            let i = old
                .entries
                .binary_search_by_key(&at, |e| e.segment.range.start() as i64)
                .ok()?;
            let e = &old.entries[i];
            let same = !taken[i]
                && e.contained
                && e.window.moved(w, by)
                && e.segment.moved(segment, by)
                && e.block.moved(&document.block_of(segment).cloned(), by);
            taken[i] |= same;
            same.then_some((i, by))
        })
        .collect()
}

/// The bytes the segment-local rules may read for a segment: from the line before the
/// segment's (or its block's) first line to the line after its last.
fn window(text: &str, segment: &Segment, block: Option<&Block>) -> TextRange {
    let bytes = text.as_bytes();
    let (mut lo, mut hi) = (segment.range.start(), segment.range.end());
    if let Some(b) = block {
        lo = lo.min(b.range.start());
        hi = hi.max(b.range.end());
    }
    let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let line_end =
        |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    // The start of the line before the first one, the end (after its line break) of the
    // line after the last one.
    let mut start = line_start(lo.min(bytes.len()));
    if start > 0 {
        start = line_start(start - 1);
    }
    let end = line_end(line_end(hi.min(bytes.len())));
    TextRange::new(start, end)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + CHUNK <= n && a[n - i - CHUNK..n - i] == b[n - i - CHUNK..n - i] {
        i += CHUNK;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

/// A segment with nothing in it, to hold a place while a segment is checked alone.
fn placeholder() -> Segment {
    let empty = TextRange::default();
    Segment {
        id: SegmentId {
            range: empty,
            prefix: empty,
            number: None,
            paragraph: false,
        },
        target: None,
        source: None,
        lookup: None,
        block: None,
        table_column: None,
        range: empty,
        continued: false,
    }
}

fn moved(range: TextRange, by: i64) -> TextRange {
    let shift = |o: usize| (o as i64 + by) as usize;
    TextRange::new(shift(range.start()), shift(range.end()))
}

/// Every range of a finding moved by `by` bytes.
fn move_finding(d: &mut Diagnostic, by: i64) {
    let Diagnostic {
        rule: _,
        severity: _,
        range,
        message: _,
        segment: _,
        labels,
        fix,
    } = d;
    *range = moved(*range, by);
    for label in labels {
        label.range = moved(label.range, by);
    }
    for edit in fix.iter_mut().flat_map(|f| &mut f.edits) {
        edit.range = moved(edit.range, by);
    }
}

/// Whether every range of a finding lies inside `w`.
fn inside(d: &Diagnostic, w: TextRange) -> bool {
    w.contains_range(d.range)
        && d.labels.iter().all(|l| w.contains_range(l.range))
        && d.fix
            .iter()
            .flat_map(|f| &f.edits)
            .all(|e| w.contains_range(e.range))
}

/// Parsed structures that are the same but for their place: each range of `other` is
/// this one's moved by `by` bytes, and everything else is equal. Written out field by
/// field with patterns that name every field, so a field added to a structure of the
/// document does not compile until it is compared here.
trait Moved {
    fn moved(&self, other: &Self, by: i64) -> bool;
}

impl Moved for TextRange {
    fn moved(&self, other: &Self, by: i64) -> bool {
        self.start as i64 + by == other.start as i64 && self.end as i64 + by == other.end as i64
    }
}

impl<T: Moved> Moved for Option<T> {
    fn moved(&self, other: &Self, by: i64) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.moved(b, by),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: Moved> Moved for Vec<T> {
    fn moved(&self, other: &Self, by: i64) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.moved(b, by))
    }
}

macro_rules! equal_anywhere {
    ($($t:ty),*) => {
        $(impl Moved for $t {
            fn moved(&self, other: &Self, _: i64) -> bool {
                self == other
            }
        })*
    };
}

equal_anywhere!(
    bool,
    u8,
    u32,
    usize,
    Box<str>,
    String,
    BrokenLinkKind,
    HtmlTagKind
);

macro_rules! moved_fields {
    ($($t:ident { $($f:ident),* $(,)? })*) => {
        $(impl Moved for $t {
            fn moved(&self, other: &Self, by: i64) -> bool {
                let $t { $($f),* } = self;
                true $(&& $f.moved(&other.$f, by))*
            }
        })*
    };
}

// Empty lists are compared through the same (static, empty) lists.
impl Moved for Inlines {
    fn moved(&self, other: &Self, by: i64) -> bool {
        (**self).moved(other, by)
    }
}

moved_fields! {
    SegmentId { range, prefix, number, paragraph }
    SegmentText { id, open_tag, close_tag, content, inlines, decoded }
    InlineLists { links, broken_links, code, emphasis, html_tags, numbers, escapes }
    Link { range, text, url, image, autolink }
    BrokenLink { kind, range, url }
    CodeSpan { range, content }
    Emphasis { range, marker, can_open, can_close }
    Escape { range }
    HtmlTag { range, name, closing, kind }
    NumberToken { range }
}

impl Moved for Segment {
    fn moved(&self, other: &Self, by: i64) -> bool {
        // `block` is an index, which blocks added before it change: the block itself is
        // compared instead (see `matching`).
        let Segment {
            id,
            target,
            source,
            lookup,
            block: _,
            table_column,
            range,
            continued,
        } = self;
        id.moved(&other.id, by)
            && target.moved(&other.target, by)
            && source.moved(&other.source, by)
            && lookup.moved(&other.lookup, by)
            && table_column.moved(&other.table_column, by)
            && range.moved(&other.range, by)
            && continued.moved(&other.continued, by)
    }
}

impl Moved for Block {
    fn moved(&self, other: &Self, by: i64) -> bool {
        let Block { kind, range } = self;
        range.moved(&other.range, by)
            && match (kind, &other.kind) {
                (
                    BlockKind::Heading { level, anchor },
                    BlockKind::Heading {
                        level: l,
                        anchor: a,
                    },
                ) => level == l && anchor.moved(a, by),
                (BlockKind::Note { alert }, BlockKind::Note { alert: a }) => alert == a,
                (a, b) => {
                    // The kinds without data: equal when they are the same kind.
                    matches!(
                        (a, b),
                        (BlockKind::ListItem, BlockKind::ListItem)
                            | (BlockKind::TableRow, BlockKind::TableRow)
                            | (BlockKind::Paragraph, BlockKind::Paragraph)
                            | (BlockKind::Code, BlockKind::Code)
                    )
                }
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// splitmix64: a reproducible stream of random numbers.
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }

        /// A character boundary of `text`.
        fn boundary(&mut self, text: &str) -> usize {
            let mut at = self.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        }
    }

    /// What can be typed: letters of several scripts, spaces, line breaks, punctuation,
    /// and the characters that make Markdown and sxs markup.
    const CHARS: &[&str] = &[
        "x",
        "e",
        "A",
        " ",
        " ",
        "\n",
        "\t",
        ".",
        "。",
        ",",
        "，",
        ":",
        "?",
        "!",
        "؟",
        "(",
        ")",
        "（",
        "[",
        "]",
        "<",
        ">",
        "*",
        "_",
        "`",
        "#",
        "-",
        "|",
        "\"",
        "“",
        "”",
        "'",
        "\\",
        "&",
        ";",
        "1",
        "2",
        "한",
        "中",
        "é",
        "ы",
        "ก",
        "ع",
        "\u{200b}",
        "\u{a0}",
        "Microsoft",
        "Teams",
    ];

    /// Pieces of markup an edit may add.
    const SNIPPETS: &[&str] = &[
        "</span>",
        "<span data-ttu-id=\"d58e0-999\">",
        "<span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-999\">Device writeback</span></span>",
        "**",
        "](",
        "](https://example.com)",
        "[",
        "\n\n",
        "```\n",
        "\n```\n",
        "> ",
        "> [!NOTE]\n> ",
        "- ",
        "# ",
        "| a | b |\n",
        "<!-- loclint-disable -->",
        "<!-- loclint-disable-next-line ending-punctuation -->\n",
        "<!-- loclint-enable -->",
        "&amp;",
        "&nbsp;",
        "<b>",
        "</b>",
        "<a name=\"x\"></a>",
        "  ",
        "1.5",
        "2,5",
        "Azure AD",
        "Microsoft 365",
    ];

    /// One random edit of `text`, as an editor might send it.
    fn edit(text: &mut String, random: &mut Random) {
        let at = random.boundary(text);
        match random.below(10) {
            // Typing a few characters at one place.
            0..=3 => {
                let mut at = at;
                for _ in 0..1 + random.below(3) {
                    let c = CHARS[random.below(CHARS.len())];
                    text.insert_str(at, c);
                    at += c.len();
                }
            }
            // Deleting a few characters.
            4 | 5 => {
                let mut end = (at + 1 + random.below(12)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, "");
            }
            // Markup.
            6 | 7 => text.insert_str(at, SNIPPETS[random.below(SNIPPETS.len())]),
            // A line copied elsewhere (a segment pasted twice, an ID used twice).
            8 => {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                let line = text[start..end].to_string();
                let to = random.boundary(text);
                let to = text[..to].rfind('\n').map_or(0, |i| i + 1);
                text.insert_str(to, &line);
            }
            // A line deleted.
            _ => {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                text.replace_range(start..end, "");
            }
        }
    }

    /// `text` with the number of every segment ID (`d58e0-103`) raised by `by`.
    fn renumbered(text: &str, by: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("tu-id=\"") {
            let value = at + "tu-id=\"".len();
            let end = value + rest[value..].find('"').unwrap_or(0);
            let id = &rest[value..end];
            out.push_str(&rest[..value]);
            match id
                .rsplit_once('-')
                .and_then(|(p, n)| Some((p, n.parse::<usize>().ok()?)))
            {
                Some((prefix, number)) => out.push_str(&format!("{prefix}-{}", number + by)),
                None => out.push_str(id),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// The seed articles (alone and each eight times over), and real articles of several
    /// scripts from the shared corpus when it is there (each a few articles put together).
    fn documents() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut docs = Vec::new();
        for name in ["device-writeback.ko-KR.md", "device-writeback.zh-TW.md"] {
            let text = std::fs::read_to_string(root.join("examples").join(name)).unwrap();
            // Seven segments are too few to tell checking a segment again from checking
            // the document: the body eight times over too, its segment numbers moved on
            // by 100 per copy so that the IDs stay unique.
            let body_at = text
                .match_indices("\n---\n")
                .next()
                .map_or(0, |(i, _)| i + 5);
            let mut long = text.clone();
            for copy in 1..8 {
                long.push('\n');
                long.push_str(&renumbered(&text[body_at..], copy * 100));
            }
            docs.push((format!("/tmp/loclint-incremental/{name}"), text));
            docs.push((format!("/tmp/loclint-incremental/long.{name}"), long));
        }
        // LOCLINT_CORPUS names the corpus (a folder that does not exist: the seeds alone).
        let corpus = match std::env::var_os("LOCLINT_CORPUS") {
            Some(dir) => vec![PathBuf::from(dir)],
            None => vec![
                root.join("../shared/corpus"),
                root.join("../../shared/corpus"),
            ],
        }
        .into_iter()
        .find(|p| p.is_dir());
        let Some(corpus) = corpus else {
            return docs;
        };
        let bytes: usize = std::env::var("LOCLINT_INCREMENTAL_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(12_000);
        for locale in [
            "ko-KR", "zh-TW", "zh-CN", "fr-FR", "es-ES", "pt-BR", "pl-PL", "ru-RU", "ar-SA",
            "th-TH",
        ] {
            let dir = corpus.join(locale).join("AlchemyInsights");
            let Ok(list) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = list.flatten().map(|e| e.path()).collect();
            files.sort();
            // Articles from the middle of the list, with glossary terms, names and links.
            let mut text = String::new();
            for f in files.iter().skip(files.len() / 3) {
                if text.len() >= bytes {
                    break;
                }
                text.push_str(&std::fs::read_to_string(f).unwrap_or_default());
            }
            docs.push((
                format!("/tmp/loclint-incremental/articles.{locale}.md"),
                text,
            ));
        }
        docs
    }

    #[test]
    fn incremental_checks_find_what_full_checks_find_after_random_edits() {
        let settings = Arc::new(Settings::default());
        let rules: Vec<&'static dyn Rule> = settings
            .enabled_rules()
            .into_iter()
            .filter(|r| !r.needs_project())
            .collect();
        assert!(
            rules.iter().filter(|r| r.segment_local()).count() >= 20,
            "most rules look at one segment at a time"
        );
        let edits: usize = std::env::var("LOCLINT_INCREMENTAL_EDITS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let seed: u64 = std::env::var("LOCLINT_INCREMENTAL_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0x5EED);
        let (mut segments, mut checked_again) = (0, 0);
        for (n, (path, original)) in documents().into_iter().enumerate() {
            let path = Path::new(&path);
            let mut random = Random(seed + n as u64);
            let mut session = Session::default();
            let mut text = original.clone();
            for step in 0..edits {
                let before = text.clone();
                // Now and then several edits at once (a burst the server checks once).
                for _ in 0..1 + usize::from(random.below(8) == 0) * 3 {
                    edit(&mut text, &mut random);
                }
                let incremental = session.check(path, &text, &rules, &settings).unwrap();
                let full = engine::check_bytes(path, text.as_bytes(), &rules, &settings)
                    .unwrap()
                    .diagnostics;
                let (a, b) = (format!("{incremental:#?}"), format!("{full:#?}"));
                if a != b {
                    let diff = similar::TextDiff::from_lines(&b, &a);
                    panic!(
                        "{} step {step}: incremental and full checks differ (- full, + incremental)\n{}\n\nthe edit, from:\n{before}\n\nto:\n{text}",
                        path.display(),
                        diff.unified_diff().context_radius(6)
                    );
                }
                if step > 0 {
                    let last = session.state.as_ref().map_or(0, |s| s.entries.len());
                    segments += last;
                    checked_again += session.checked_again;
                }
            }
        }
        // The test means something only if most segments were not checked again.
        assert!(segments > 0);
        assert!(
            checked_again * 4 < segments,
            "{checked_again} of {segments} segments checked again"
        );
    }

    #[test]
    fn new_settings_check_every_segment_again() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("examples/device-writeback.ko-KR.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let per_file = |s: &Settings| -> Vec<&'static dyn Rule> {
            s.enabled_rules()
                .into_iter()
                .filter(|r| !r.needs_project())
                .collect()
        };
        let all = Arc::new(Settings::default());
        let quiet = Arc::new(Settings {
            ignore: vec![engine::Selector::parse("punctuation").unwrap()],
            ..Settings::default()
        });
        let mut session = Session::default();
        for settings in [&all, &quiet, &all] {
            let rules = per_file(settings);
            let found = session.check(&path, &text, &rules, settings).unwrap();
            let full = engine::check_bytes(&path, text.as_bytes(), &rules, settings)
                .unwrap()
                .diagnostics;
            assert_eq!(format!("{found:?}"), format!("{full:?}"));
            assert_eq!(
                session.checked_again,
                session.state.as_ref().unwrap().entries.len()
            );
        }
        // The same text and settings again: nothing is checked again.
        let rules = per_file(&all);
        session.check(&path, &text, &rules, &all).unwrap();
        assert_eq!(session.checked_again, 0);
    }
}
