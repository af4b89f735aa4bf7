//! Facts kept from each checked file for the checks that compare files: segment numbers
//! with hashes of their source and target text, front matter hashes and glossary term
//! renderings. Only hashes and ranges are kept (not texts), so memory stays small on
//! thousands of files; the few texts a finding quotes are read back when it is reported.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::glossary::{Glossary, TermOccurrence};
use crate::text::TextRange;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A segment's number across locales: `d58e0-103` in ko-KR is `d1db2-103` in zh-TW.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentKey {
    pub number: u32,
    pub paragraph: bool,
}

impl std::fmt::Display for SegmentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.paragraph {
            write!(f, "p{}", self.number)
        } else {
            write!(f, "{}", self.number)
        }
    }
}

/// A segment ID kept without an allocation of its own: IDs such as `d58e0-103` fit in
/// place; a longer one (rare) is kept once for the whole run.
#[derive(Clone, Copy)]
pub struct SegId {
    len: u8,
    inline: [u8; SegId::INLINE],
    long: Option<&'static str>,
}

impl SegId {
    const INLINE: usize = 14;

    pub fn new(id: &str) -> SegId {
        if id.len() <= Self::INLINE {
            let mut inline = [0; Self::INLINE];
            inline[..id.len()].copy_from_slice(id.as_bytes());
            return SegId {
                len: id.len() as u8,
                inline,
                long: None,
            };
        }
        SegId {
            len: 0,
            inline: [0; Self::INLINE],
            long: Some(intern(id)),
        }
    }
}

impl std::ops::Deref for SegId {
    type Target = str;

    fn deref(&self) -> &str {
        match self.long {
            Some(s) => s,
            // The bytes are a copy of a whole `str` of this length.
            None => std::str::from_utf8(&self.inline[..self.len as usize]).unwrap_or(""),
        }
    }
}

impl std::fmt::Debug for SegId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// Keeps a text for the rest of the run, once however often it is asked for: locale tags
/// and the rare segment ID too long to keep in place. The set only grows with distinct
/// texts (a few dozen locales; IDs longer than 14 bytes, which the localization tools do
/// not write).
pub(crate) fn intern(s: &str) -> &'static str {
    static SEEN: Mutex<Option<std::collections::HashSet<&'static str>>> = Mutex::new(None);
    let mut seen = SEEN.lock().expect("interned texts");
    let seen = seen.get_or_insert_with(Default::default);
    if let Some(&known) = seen.get(s) {
        return known;
    }
    let kept: &'static str = Box::leak(s.into());
    seen.insert(kept);
    kept
}

pub struct SegmentFacts {
    pub key: SegmentKey,
    pub id: SegId,
    pub range: TextRange,
    pub source: TextRange,
    pub target: Option<TextRange>,
    /// Hash of the source's wording (words outside URLs and code, lowercased).
    pub source_hash: u64,
    /// Hash of the pages the source links to (locale parts of URLs set aside, a link
    /// around the whole segment included): the same English with a link to another page
    /// is another version of the source.
    pub source_markup_hash: u64,
    /// Hash of the target's wording, like `source_hash`.
    pub target_hash: Option<u64>,
    /// Words in the source (outside code and URLs).
    pub source_words: usize,
    /// Hash of the target's letters and digits alone, lowercased, with equivalent
    /// spellings folded: the same translation in other markup, punctuation or spacing
    /// hashes the same.
    pub target_letters_hash: Option<u64>,
}

pub struct FrontFacts {
    pub key: &'static str,
    pub value: String,
    pub range: TextRange,
}

pub struct FileFacts {
    pub path: PathBuf,
    pub locale: Option<&'static str>,
    pub glossary: Option<&'static Glossary>,
    pub segments: Box<[SegmentFacts]>,
    pub front: Box<[FrontFacts]>,
    pub terms: Box<[TermOccurrence]>,
    /// Segment IDs of `terms[i].segment`, kept by index into `segments`.
    pub term_segments: Box<[usize]>,
    /// The file's suppression comments, applied to the cross-file findings too.
    pub suppressions: Vec<crate::document::Suppression>,
}

/// FNV-1a: fast on short texts, and stable (these hashes only compare texts of one run).
#[derive(Clone)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes());
    }

    fn bytes(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.byte(b));
    }
}

/// Whether a character is part of a word. ASCII and the punctuation blocks are decided
/// by table; CJK and Hangul (most of the text here) are letters without a Unicode lookup.
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x80..=0xBF | 0x2000..=0x206F | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF0F => {
            false
        }
        0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 => false,
        0x2E80..=0xD7FF | 0xF900..=0xFAFF | 0xFF10..=0xFFDC => true,
        _ => crate::locale::script::is_alphanumeric(c),
    }
}

/// Hash of the words alone, lowercased: the same English wording hashes the same whatever
/// its markup (a link inside or outside the segment span, emphasis, punctuation). What
/// `side_facts` computes over a segment's prose.
#[cfg(test)]
fn wording_hash(s: &str) -> u64 {
    let mut h = WordHash::default();
    s.chars().for_each(|c| h.push(c));
    h.finish()
}

/// The wording hash, fed one character at a time: word characters lowercased (below the
/// CJK blocks), each word closed by a 0 byte, everything else a separator.
#[derive(Clone)]
struct WordHash {
    h: Fnv,
    in_word: bool,
}

impl Default for WordHash {
    fn default() -> WordHash {
        WordHash {
            h: Fnv::new(),
            in_word: false,
        }
    }
}

impl WordHash {
    fn push(&mut self, c: char) {
        if is_word_char(c) {
            if c.is_ascii() {
                self.h.byte(c.to_ascii_lowercase() as u8);
            } else if (c as u32) < 0x2E80 {
                crate::locale::script::for_lowercase(c, |l| self.h.char(l));
            } else {
                self.h.char(c);
            }
            self.in_word = true;
        } else if self.in_word {
            self.h.byte(0);
            self.in_word = false;
        }
    }

    fn finish(mut self) -> u64 {
        if self.in_word {
            self.h.byte(0);
        }
        self.h.0
    }
}

/// What the cross-file rules compare of one side of a segment.
#[derive(Debug, PartialEq)]
struct SideFacts {
    /// `wording_hash` of the prose.
    wording: u64,
    /// White-space-separated tokens with a letter in them.
    words: usize,
    /// `letters_hash` of the prose (when asked for).
    letters: u64,
}

/// The facts of one side of a segment, read in one pass over its raw text with link URLs,
/// code spans and HTML tags (`SegmentText::masked_ranges`) read as white space: the same
/// as `wording_hash`, a word count and `letters_hash` over `SegmentText::prose`, without
/// making the prose. A masked range reads as one space: every fact here treats a run of
/// white space like one.
fn side_facts(st: &crate::document::SegmentText, text: &str, with_letters: bool) -> SideFacts {
    let raw = st.raw(text);
    let mut acc = SideAccumulator::new(with_letters);
    let mut at = 0;
    for (start, end) in st.masked_ranges() {
        let end = end.min(raw.len());
        if end <= at.max(start) {
            continue;
        }
        match raw.get(at..start.max(at)) {
            Some(visible) => acc.feed(visible),
            // Ranges are markup, so on character boundaries; read a stray one whole.
            None => acc.feed(&raw[at..floor_boundary(raw, start.max(at))]),
        }
        acc.push_slow(' ');
        at = ceil_boundary(raw, end);
    }
    acc.feed(&raw[at..]);
    acc.finish()
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Letters that are their own lowercase, neither white space nor punctuation, and no Thai
/// vowel a NIKHAHIT folds with: most of the text of the corpus' scripts (Latin-1 and
/// Cyrillic lowercase, Arabic and Thai letters, CJK ideographs, Hangul syllables), which
/// the facts can then hash from their bytes without a Unicode look-up.
fn plain_letter(c: char) -> bool {
    matches!(
        c as u32,
        0x00DF..=0x00F6
            | 0x00F8..=0x00FF
            | 0x0430..=0x045F
            | 0x0621..=0x063A
            | 0x0641..=0x064A
            | 0x0E01..=0x0E30
            | 0x0E40..=0x0E45
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
    )
}

/// `side_facts`' state: the wording hash, the word count and the letters hash, fed one
/// character at a time (ASCII by table, the rest by `locale::script`).
#[derive(Clone)]
struct SideAccumulator {
    wording: WordHash,
    with_letters: bool,
    letters: Fnv,
    /// A white-space-separated token with a letter in it is a word.
    in_token: bool,
    token_letter: bool,
    words: usize,
    /// A Thai or Lao NIKHAHIT waiting for the AA it folds with (`ํา` is `ำ`).
    nikhahit: Option<char>,
}

impl SideAccumulator {
    fn new(with_letters: bool) -> SideAccumulator {
        SideAccumulator {
            wording: WordHash::default(),
            with_letters,
            letters: Fnv::new(),
            in_token: false,
            token_letter: false,
            words: 0,
            nikhahit: None,
        }
    }

    fn feed(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                self.push_ascii(b);
                i += 1;
            } else {
                let c = s[i..].chars().next().expect("on a character boundary");
                let len = c.len_utf8();
                if plain_letter(c) {
                    self.push_plain_letter(&bytes[i..i + len]);
                } else {
                    self.push_slow(c);
                }
                i += len;
            }
        }
    }

    /// A [`plain_letter`], as `push_slow` would take it without asking.
    #[inline(always)]
    fn push_plain_letter(&mut self, utf8: &[u8]) {
        self.wording.h.bytes(utf8);
        self.wording.in_word = true;
        self.count_words(false, || true);
        if self.with_letters {
            if let Some(n) = self.nikhahit.take() {
                self.letters.char(n);
            }
            self.letters.bytes(utf8);
        }
    }

    #[inline(always)]
    fn push_ascii(&mut self, b: u8) {
        let lower = b.to_ascii_lowercase();
        if b.is_ascii_alphanumeric() {
            self.wording.h.byte(lower);
            self.wording.in_word = true;
        } else if self.wording.in_word {
            self.wording.h.byte(0);
            self.wording.in_word = false;
        }
        // `char::is_whitespace` in ASCII: tab to carriage return and the space.
        let space = matches!(b, b'\t'..=b'\r' | b' ');
        self.count_words(space, || b.is_ascii_alphabetic());
        if self.with_letters {
            if let Some(n) = self.nikhahit.take() {
                self.letters.char(n);
            }
            // Every ASCII punctuation character is a Unicode punctuation or symbol.
            if !space && !b.is_ascii_punctuation() {
                self.letters.byte(lower);
            }
        }
    }

    /// A white space ends a token (a word if it had a letter); anything else extends it,
    /// asking whether it is a letter only until the token has one.
    #[inline(always)]
    fn count_words(&mut self, space: bool, is_letter: impl FnOnce() -> bool) {
        if space {
            self.words += usize::from(self.in_token && self.token_letter);
            self.in_token = false;
            self.token_letter = false;
        } else {
            self.in_token = true;
            self.token_letter = self.token_letter || is_letter();
        }
    }

    fn push_slow(&mut self, c: char) {
        use crate::locale::script;
        if c.is_ascii() {
            return self.push_ascii(c as u8);
        }
        self.wording.push(c);
        let space = script::is_whitespace(c);
        self.count_words(space, || script::is_alphabetic(c));
        if !self.with_letters {
            return;
        }
        if let Some(n) = self.nikhahit.take() {
            match (n, c) {
                ('\u{0E4D}', '\u{0E32}') => return self.letters.char('\u{0E33}'),
                ('\u{0ECD}', '\u{0EB2}') => return self.letters.char('\u{0EB3}'),
                _ => self.letters.char(n),
            }
        }
        if space || script::is_punctuation(c) {
            return;
        }
        if matches!(c, '\u{0E4D}' | '\u{0ECD}') {
            self.nikhahit = Some(c);
            return;
        }
        script::for_lowercase(c, |l| self.letters.char(l));
    }

    fn finish(mut self) -> SideFacts {
        self.words += usize::from(self.in_token && self.token_letter);
        if let Some(n) = self.nikhahit {
            self.letters.char(n);
        }
        SideFacts {
            wording: self.wording.finish(),
            words: self.words,
            letters: self.letters.0,
        }
    }
}

/// Hash of a text's letters, digits and marks alone, lowercased, Thai `ํา` folded to `ำ`:
/// what `side_facts` computes over a segment's prose.
#[cfg(test)]
fn letters_hash(s: &str) -> u64 {
    let s = crate::locale::script::fold_equivalents(s);
    let mut h = Fnv::new();
    for c in s.chars() {
        if c.is_whitespace() || crate::locale::script::is_punctuation(c) {
            continue;
        }
        if c.is_ascii() {
            h.byte(c.to_ascii_lowercase() as u8);
        } else {
            c.to_lowercase().for_each(|l| h.char(l));
        }
    }
    h.0
}

/// Whether a URL path part is a locale (`ko-KR`, `en-us`, `zh-Hant-TW`).
fn is_locale_part(p: &str) -> bool {
    let alpha = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    let mut parts = p.split('-');
    let (Some(l), Some(x)) = (parts.next(), parts.next()) else {
        return false;
    };
    let lang = (2..=3).contains(&l.len()) && alpha(l);
    match parts.next() {
        None => lang && x.len() == 2 && alpha(x),
        Some(r) => {
            lang && x.len() == 4 && alpha(x) && r.len() == 2 && alpha(r) && parts.next().is_none()
        }
    }
}

/// A link destination as a page: scheme, the docs host of relative links, locale parts
/// and a final `/` set aside, lowercased.
pub fn normalize_url(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(&url);
    let url = url.strip_prefix("docs.microsoft.com").unwrap_or(url);
    let (path, query) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let mut out: String = path
        .split('/')
        .filter(|p| !is_locale_part(p))
        .collect::<Vec<_>>()
        .join("/");
    while out.ends_with('/') {
        out.pop();
    }
    // An empty query or fragment (`…-94a7-87f8e95df3fe??`) is no other page.
    out + query.trim_end_matches(['?', '#', '&'])
}

/// The link destinations in a raw text (`](url)`), normalized.
pub fn link_destinations(raw: &str, out: &mut Vec<String>) {
    let mut rest = raw;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let dest = after[..end].split_whitespace().next().unwrap_or("");
        if !dest.is_empty() {
            out.push(normalize_url(dest));
        }
        rest = &after[end..];
    }
}

/// The pages a segment's source links to, with a link around the whole segment
/// (`[<span …>…</span>](url)`), sorted.
pub fn segment_links(text: &str, segment: TextRange, source_raw: &str) -> Vec<String> {
    let mut urls = Vec::new();
    link_destinations(source_raw, &mut urls);
    let before = text.get(..segment.start()).unwrap_or("");
    let after = text.get(segment.end()..).unwrap_or("");
    if before.ends_with('[') && after.starts_with("](") {
        let line = after.split('\n').next().unwrap_or("");
        let end = line.find(')').map_or(line.len(), |e| e + 1);
        link_destinations(&line[..end], &mut urls);
    }
    urls.sort();
    urls
}

fn links_hash(text: &str, segment: TextRange, source_raw: &str) -> u64 {
    let mut h = Fnv::new();
    for url in segment_links(text, segment, source_raw) {
        url.bytes().for_each(|b| h.byte(b));
        h.byte(0);
    }
    h.0
}

/// Front matter keys that must agree between the locales of one article.
pub const SHARED_KEYS: [&str; 2] = ["ms.openlocfilehash", "ms.sourcegitcommit"];

impl FileFacts {
    pub fn gather(
        path: &Path,
        doc: &Document<'_>,
        locale: Option<&str>,
        glossary: Option<&'static Glossary>,
        terms: &[TermOccurrence],
    ) -> FileFacts {
        let text = doc.text;
        let mut segments = Vec::with_capacity(doc.segments.len());
        let mut by_doc_index = vec![usize::MAX; doc.segments.len()];
        for (i, seg) in doc.segments.iter().enumerate() {
            let (Some(source), Some(number)) = (&seg.source, seg.id.number) else {
                continue;
            };
            by_doc_index[i] = segments.len();
            let source_facts = side_facts(source, text, false);
            let target_facts = seg.target.as_ref().map(|t| side_facts(t, text, true));
            segments.push(SegmentFacts {
                key: SegmentKey {
                    number,
                    paragraph: seg.id.paragraph,
                },
                id: SegId::new(seg.id_str(text)),
                range: seg.range,
                source: source.content,
                target: seg.target.as_ref().map(|t| t.content),
                source_hash: source_facts.wording,
                source_markup_hash: links_hash(text, seg.range, source.raw(text)),
                target_hash: target_facts.as_ref().map(|f| f.wording),
                source_words: source_facts.words,
                target_letters_hash: target_facts.map(|f| f.letters),
            });
        }
        let front = doc
            .front_matter
            .iter()
            .flat_map(|fm| {
                SHARED_KEYS.iter().filter_map(move |&key| {
                    let value = fm.scalar(key)?;
                    let range = fm.entry(key)?.value_range;
                    Some(FrontFacts { key, value, range })
                })
            })
            .collect();
        let (terms, term_segments): (Vec<_>, Vec<_>) = terms
            .iter()
            .filter(|t| by_doc_index[t.segment] != usize::MAX)
            .map(|t| (*t, by_doc_index[t.segment]))
            .unzip();
        FileFacts {
            path: path.to_path_buf(),
            locale: locale.map(intern),
            glossary,
            segments: segments.into_boxed_slice(),
            front,
            terms: terms.into_boxed_slice(),
            term_segments: term_segments.into_boxed_slice(),
            suppressions: doc.suppressions.clone(),
        }
    }

    /// A file's facts without segments, front matter, terms or suppressions.
    pub fn empty(
        path: PathBuf,
        locale: Option<&'static str>,
        glossary: Option<&'static Glossary>,
    ) -> FileFacts {
        FileFacts {
            path,
            locale,
            glossary,
            segments: Box::new([]),
            front: Box::new([]),
            terms: Box::new([]),
            term_segments: Box::new([]),
            suppressions: Vec::new(),
        }
    }

    /// Only some of the facts, for a comparison that needs no others: the segments and
    /// term occurrences at these indexes (sorted), with the segments those terms are in,
    /// and the suppressions (the front matter goes). What is kept keeps its order.
    pub fn restrict(mut self, segments: &[u32], terms: &[u32]) -> FileFacts {
        self.front = Box::new([]);
        let mut keep = vec![false; self.segments.len()];
        for &s in segments {
            if let Some(k) = keep.get_mut(s as usize) {
                *k = true;
            }
        }
        let terms: Vec<usize> = terms
            .iter()
            .map(|&t| t as usize)
            .filter(|&t| t < self.terms.len())
            .collect();
        for &t in &terms {
            if let Some(k) = keep.get_mut(self.term_segments[t]) {
                *k = true;
            }
        }
        // New index of each kept segment.
        let mut new_index = vec![usize::MAX; keep.len()];
        let mut kept = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                new_index[i] = kept;
                kept += 1;
            }
        }
        let old = std::mem::take(&mut self.segments).into_vec();
        self.segments = old
            .into_iter()
            .zip(keep)
            .filter_map(|(s, k)| k.then_some(s))
            .collect();
        self.term_segments = terms
            .iter()
            .map(|&t| new_index[self.term_segments[t]])
            .collect();
        self.terms = terms.iter().map(|&t| self.terms[t]).collect();
        self
    }

    /// The path with its locale part replaced, so the locales of one article share a key:
    /// `…/ko-KR/a/b.md` and `…/zh-TW/a/b.md`, or `b.ko-KR.md` and `b.zh-TW.md`.
    pub fn locale_neutral_path(&self) -> Option<String> {
        locale_neutral_path(&self.path, self.locale)
    }
}

/// The path with its locale part replaced, so the locales of one article share a key (see
/// `FileFacts::locale_neutral_path`).
pub fn locale_neutral_path(path: &Path, locale: Option<&str>) -> Option<String> {
    let locale = locale?;
    let path = path.to_string_lossy();
    let lower = path.to_ascii_lowercase();
    let needle = locale.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(&needle).map(|i| search + i) {
        let end = found + needle.len();
        let before = lower[..found].chars().next_back();
        let after = lower[end..].chars().next();
        let is_part = |c: Option<char>| c.is_none_or(|c| matches!(c, '/' | '\\' | '.'));
        if is_part(before) && is_part(after) {
            return Some(format!("{}{{locale}}{}", &path[..found], &path[end..]));
        }
        search = end;
    }
    None
}

/// A finding from a cross-file check, for the file at `file` (index into `Project::files`).
pub struct ProjectDiagnostic {
    pub file: usize,
    pub diagnostic: Diagnostic,
}

pub struct Project {
    pub files: Vec<FileFacts>,
}

impl Project {
    pub fn new(mut files: Vec<FileFacts>) -> Project {
        files.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        Project { files }
    }

    /// Text of a range in a file, read back from disk (for quoting in messages): the
    /// range alone is read, so quoting from thousands of files keeps none of them. (A file
    /// with facts was valid UTF-8 when it was checked; a range off its character
    /// boundaries, or past its end, quotes as `…`.)
    pub fn quote(&self, file: usize, range: TextRange, max_chars: usize) -> String {
        crate::engine::timing::time("(cross-file quotes)", || {
            let read = || -> Option<String> {
                use std::os::unix::fs::FileExt;
                let f = std::fs::File::open(&self.files[file].path).ok()?;
                let mut bytes = vec![0u8; range.len()];
                f.read_exact_at(&mut bytes, u64::from(range.start)).ok()?;
                String::from_utf8(bytes).ok()
            };
            let Some(s) = read() else {
                return String::from("…");
            };
            let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
            if folded.chars().count() > max_chars {
                folded.chars().take(max_chars).collect::<String>() + "…"
            } else {
                folded
            }
        })
    }

    pub fn display(&self, file: usize) -> String {
        self.files[file].path.to_string_lossy().replace('\\', "/")
    }

    /// Files that are the same article in several locales, grouped by locale-neutral path;
    /// each group sorted by locale, only groups with at least two locales.
    pub fn locale_groups(&self) -> Vec<Vec<usize>> {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if let Some(key) = f.locale_neutral_path() {
                groups.entry(key).or_default().push(i);
            }
        }
        let mut out: Vec<Vec<usize>> = groups
            .into_values()
            .filter(|g| g.len() >= 2)
            .map(|mut g| {
                g.sort_by(|&a, &b| self.files[a].locale.cmp(&self.files[b].locale));
                g.dedup_by(|a, b| self.files[*a].locale == self.files[*b].locale);
                g
            })
            .filter(|g| g.len() >= 2)
            .collect();
        out.sort();
        out
    }

    /// Files per locale, in path order.
    pub fn by_locale(&self) -> Vec<(String, Vec<usize>)> {
        let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if let Some(l) = f.locale {
                map.entry(l).or_default().push(i);
            }
        }
        let mut out: Vec<(String, Vec<usize>)> =
            map.into_iter().map(|(l, v)| (l.to_string(), v)).collect();
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(path: &str, locale: &str) -> FileFacts {
        FileFacts {
            path: PathBuf::from(path),
            locale: Some(intern(locale)),
            glossary: None,
            segments: Box::new([]),
            front: Box::new([]),
            terms: Box::new([]),
            term_segments: Box::new([]),
            suppressions: Vec::new(),
        }
    }

    #[test]
    fn wording_ignores_markup_case_and_punctuation() {
        assert_eq!(
            wording_hash("[Enable Device Writeback](   ) now."),
            wording_hash("enable **device writeback** now")
        );
        assert_ne!(
            wording_hash("Enable device"),
            wording_hash("Enable devices")
        );
        assert_eq!(
            wording_hash("裝置回寫：啟用"),
            wording_hash("裝置回寫 啟用")
        );
        assert_ne!(wording_hash("설치하는"), wording_hash("설치 하는"));
        assert_eq!(
            letters_hash("[送出的 **專案** ]"),
            letters_hash("送出的專案")
        );
        assert_eq!(letters_hash("การกําหนด"), letters_hash("การ**กำหนด**"));
        assert_ne!(
            letters_hash("以產品金鑰啟用"),
            letters_hash("使用產品金鑰啟動")
        );
        assert_eq!(
            normalize_url("https://support.microsoft.com/ko-KR/help/4026994"),
            normalize_url("https://support.microsoft.com/en-us/help/4026994/")
        );
        assert_eq!(
            normalize_url("https://x.com/a?"),
            normalize_url("https://x.com/a??")
        );
        assert_eq!(
            normalize_url("https://docs.microsoft.com/DeployEdge/channels#overview"),
            normalize_url("/deployedge/channels#overview")
        );
        assert_ne!(
            normalize_url("https://portal.office.com/Adminportal"),
            normalize_url("https://admin.microsoft.com/Adminportal")
        );
    }

    #[test]
    fn side_facts_read_the_prose_without_making_it() {
        let mut texts = vec![
            "<span data-ttu-id=\"a-1\">See [Enable Device](https://x/y) and `code x` now, 장치 3 — Ünïcode.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">See [Enable **Device**](https://x/y) <b>now</b>.</span></span>".to_string(),
            // Masks at both ends and side by side, control characters, Cyrillic capitals,
            // a NIKHAHIT before a mask.
            "<span data-ttu-id=\"a-3\">`x`<b>`y`</b>Ж\u{1}a\u{b}b\u{1c}ก\u{0E4D}`z` ẞ İ [t](u)</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-3\"><i>a</i></span></span>".to_string(),
            // A NIKHAHIT before a Hangul syllable and before an ideograph (the fast path).
            "<span data-ttu-id=\"a-4\">ก\u{0E4D}한 字\u{0E4D}漢 가</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-4\">x</span></span>".to_string(),
        ];
        for seed in ["device-writeback.ko-KR.md", "device-writeback.zh-TW.md"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(seed);
            texts.push(std::fs::read_to_string(path).unwrap());
        }
        let mut compared = 0;
        for text in &texts {
            let doc = Document::parse(text);
            for seg in &doc.segments {
                for st in seg.target.iter().chain(&seg.source) {
                    let prose = st.prose(text);
                    let words = prose
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphabetic))
                        .count();
                    let facts = side_facts(st, text, true);
                    assert_eq!((facts.wording, facts.words), (wording_hash(&prose), words));
                    assert_eq!(facts.letters, letters_hash(&prose), "{prose}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 30, "{compared}");
        let thai = "<span data-ttu-id=\"a-2\">การก\u{0E4D}\u{0E32}หนด **ค่า** \u{0E4D} [x](https://y)\u{0E4D}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Set</span></span>";
        let doc = Document::parse(thai);
        let st = doc.segments[0].target.as_ref().unwrap();
        let letters = side_facts(st, thai, true).letters;
        assert_eq!(letters, letters_hash(&st.prose(thai)));
        assert_eq!(letters, letters_hash("การกำหนดค่า\u{0E4D}x\u{0E4D}"));
    }

    /// Every character the facts hash from its bytes leaves the same state as the general
    /// path would, whatever comes before it (a word, a space, a pending NIKHAHIT) and after.
    #[test]
    fn plain_letters_hash_as_the_general_path_does() {
        let mut checked = 0;
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| plain_letter(c))
        {
            let mut buf = [0u8; 4];
            let utf8 = c.encode_utf8(&mut buf).as_bytes();
            for with_letters in [false, true] {
                for before in ["", "x", "x ", "한", "ก\u{0E4D}", ".", "1"] {
                    for after in ["", " y", "\u{0E32}", "Ж"] {
                        let mut start = SideAccumulator::new(with_letters);
                        start.feed(before);
                        let (mut fast, mut slow) = (start.clone(), start);
                        fast.push_plain_letter(utf8);
                        slow.push_slow(c);
                        fast.feed(after);
                        slow.feed(after);
                        assert_eq!(fast.finish(), slow.finish(), "{c:?} after {before:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn long_segment_ids_are_kept_whole() {
        for id in ["d58e0-103", "abcdef0123456789-p1234", ""] {
            assert_eq!(&*SegId::new(id), id);
        }
    }

    #[test]
    fn locale_neutral_paths() {
        assert_eq!(
            facts("corpus/ko-KR/AlchemyInsights/a.md", "ko-KR")
                .locale_neutral_path()
                .as_deref(),
            Some("corpus/{locale}/AlchemyInsights/a.md")
        );
        assert_eq!(
            facts("docs/a.zh-tw.md", "zh-TW")
                .locale_neutral_path()
                .as_deref(),
            Some("docs/a.{locale}.md")
        );
        assert_eq!(
            facts("docs/backup-ko-KRx/a.md", "ko-KR").locale_neutral_path(),
            None
        );
    }

    #[test]
    fn groups_need_two_locales() {
        let p = Project::new(vec![
            facts("c/ko-KR/a.md", "ko-KR"),
            facts("c/zh-TW/a.md", "zh-TW"),
            facts("c/ko-KR/b.md", "ko-KR"),
        ]);
        assert_eq!(p.locale_groups(), vec![vec![0, 2]]);
    }
}
