//! The facts the cross-file rules need, kept for every file of a run in a compact encoding
//! and out of memory: a run over a whole repository keeps them until the last file is
//! checked, so each file's facts are encoded as one record (varints, ranges relative to the
//! segment, IDs rebuilt from their number where they follow the file's pattern; about 50
//! bytes per segment) and written to an unnamed temporary file as the file is checked. In
//! memory stay about 20 bytes a file (where its record is) and, for the comparisons, small
//! fixed-size keys ([`Key`]: what a fact is compared by, a hash of what it says, and where
//! it is), which are sorted out of memory too (runs of sorted keys in the temporary file,
//! merged as they are read). A comparison then reads back only the records it needs: the
//! locales of an article whose English differs, or in one locale the segments and term
//! occurrences whose key is shared by facts that say different things
//! ([`FileFacts::restrict`]). Every kind of fact (segments, front matter, term occurrences,
//! suppressions) is part of a file's record and spills the same way.

use crate::document::{Suppression, SuppressionKind};
use crate::glossary::{Glossary, TermOccurrence};
use crate::project::{FileFacts, FrontFacts, SHARED_KEYS, SegId, SegmentFacts, SegmentKey};
use crate::text::TextRange;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bytes per block of records: a block is written to the temporary file when it is full,
/// so memory holds one block however many files there are.
const BLOCK: usize = 1 << 20;

/// Keys sorted in memory at most (2 MB): past this, a sorted run goes to the temporary file.
const RUN_KEYS: usize = 1 << 16;

/// Bytes of a key in the temporary file.
const KEY_BYTES: usize = 28;

/// What the comparisons need keys for, from the enabled cross-file rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Keyed {
    /// The files of one article (paths that differ only in the locale), each with a
    /// fingerprint of its English: articles whose locales all have the same English are
    /// not read back.
    pub articles: bool,
    /// In each locale, segments with a target and at least this many source words, by the
    /// wording of their source, compared by the letters of their target.
    pub segments_by_source: Option<usize>,
    /// In each locale, glossary term occurrences by concept, compared by rendering.
    pub terms_by_concept: bool,
}

/// A kind of fact compared within one locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// `FileFacts::segments`.
    Segment,
    /// `FileFacts::terms`.
    Term,
}

const PARTS: [Part; 2] = [Part::Segment, Part::Term];

/// A fact's key, as sorted: facts with the same class and key are compared with each
/// other; `value` is a hash of what the fact says (facts that agree have the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    /// 0: a file of an article; else `1 + locale × parts + part`.
    pub class: u32,
    /// The article's path hash, the source's wording hash, the concept.
    pub key: u64,
    /// Index of the file in [`FactsStore::files`].
    pub file: u32,
    /// Index of the fact in its file (the segment, the term occurrence).
    pub item: u32,
    pub value: u64,
}

/// What a key's class says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Article,
    Locale { locale: u32, part: Part },
}

impl Key {
    pub fn class(&self) -> Class {
        match self.class {
            0 => Class::Article,
            c => Class::Locale {
                locale: (c - 1) / PARTS.len() as u32,
                part: PARTS[((c - 1) % PARTS.len() as u32) as usize],
            },
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.class.to_le_bytes());
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.file.to_le_bytes());
        out.extend_from_slice(&self.item.to_le_bytes());
        out.extend_from_slice(&self.value.to_le_bytes());
    }

    fn read(b: &[u8]) -> Key {
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"));
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        Key {
            class: u32_at(0),
            key: u64_at(4),
            file: u32_at(12),
            item: u32_at(16),
            value: u64_at(20),
        }
    }
}

/// One file's stored facts: where its record is (16 bytes; the record begins with the
/// index of the file's locale and glossary in `FactsStore::origins`).
pub struct Stored {
    /// The caller's index for the file.
    pub owner: u32,
    block: u32,
    offset: u32,
    len: u32,
}

/// A block of records: in memory while it is filled (or when the temporary file could
/// not be written), else in the temporary file.
enum Block {
    Memory(Vec<u8>),
    Disk { offset: u64 },
}

/// A run of sorted keys.
enum Run {
    Memory(Vec<Key>),
    Disk { offset: u64, count: u64 },
}

/// The facts of every file of a run.
pub struct FactsStore {
    keyed: Keyed,
    /// The temporary file of blocks and key runs; None before it is needed, or when it
    /// could not be created (then everything stays in memory: right, only larger).
    file: Option<File>,
    file_len: u64,
    file_failed: bool,
    blocks: Vec<Block>,
    pub files: Vec<Stored>,
    /// Distinct (locale, glossary) pairs of the files.
    origins: Vec<(Option<&'static str>, Option<&'static Glossary>)>,
    /// The locales seen, by index, with the first file (index into `files`) that has a
    /// glossary.
    locales: Vec<(&'static str, Option<u32>)>,
    keys: Vec<Key>,
    runs: Vec<Run>,
    scratch: Vec<u8>,
    /// [`BLOCK`] and [`RUN_KEYS`], smaller in tests so that a few files spill.
    block_bytes: usize,
    run_keys: usize,
    /// A read of the temporary file failed (reported by `take_error`).
    error: Mutex<Option<std::io::Error>>,
}

impl Default for FactsStore {
    fn default() -> FactsStore {
        FactsStore::new(Keyed::default())
    }
}

impl FactsStore {
    pub fn new(keyed: Keyed) -> FactsStore {
        FactsStore {
            keyed,
            file: None,
            file_len: 0,
            file_failed: false,
            blocks: Vec::new(),
            files: Vec::new(),
            origins: Vec::new(),
            locales: Vec::new(),
            keys: Vec::new(),
            runs: Vec::new(),
            scratch: Vec::new(),
            block_bytes: BLOCK,
            run_keys: RUN_KEYS,
            error: Mutex::new(None),
        }
    }

    /// A store whose blocks and key runs are this small.
    #[cfg(test)]
    fn with_limits(keyed: Keyed, block_bytes: usize, run_keys: usize) -> FactsStore {
        FactsStore {
            block_bytes,
            run_keys,
            ..FactsStore::new(keyed)
        }
    }

    /// Appends bytes to the temporary file; None when it cannot be written (the caller
    /// keeps them in memory).
    fn write_out(&mut self, bytes: &[u8]) -> Option<u64> {
        if self.file_failed {
            return None;
        }
        if self.file.is_none() {
            match tempfile::tempfile() {
                Ok(f) => self.file = Some(f),
                Err(_) => {
                    self.file_failed = true;
                    return None;
                }
            }
        }
        let file = self.file.as_mut().expect("created above");
        let offset = self.file_len;
        // Written at the end: a failed write leaves bytes nobody reads.
        match file.write_all_at(bytes, offset) {
            Ok(()) => {
                self.file_len += bytes.len() as u64;
                Some(offset)
            }
            Err(_) => {
                self.file_failed = true;
                None
            }
        }
    }

    /// Writes the block being filled to the temporary file (where it can).
    fn seal_block(&mut self) {
        let Some(Block::Memory(bytes)) = self.blocks.last_mut() else {
            return;
        };
        let bytes = std::mem::take(bytes);
        match self.write_out(&bytes) {
            Some(offset) => *self.blocks.last_mut().expect("a block") = Block::Disk { offset },
            None => *self.blocks.last_mut().expect("a block") = Block::Memory(bytes),
        }
    }

    fn locale_index(&mut self, locale: &'static str) -> u32 {
        match self.locales.iter().position(|(l, _)| *l == locale) {
            Some(i) => i as u32,
            None => {
                self.locales.push((locale, None));
                (self.locales.len() - 1) as u32
            }
        }
    }

    fn push_key(&mut self, key: Key) {
        self.keys.push(key);
        if self.keys.len() >= self.run_keys {
            self.spill_keys();
        }
    }

    /// Sorts the keys in memory into a run, written to the temporary file where it can.
    fn spill_keys(&mut self) {
        if self.keys.is_empty() {
            return;
        }
        self.keys.sort_unstable();
        let count = self.keys.len() as u64;
        let start = self.file_len;
        // Written 64 KB at a time: no second copy of the run.
        let mut bytes = Vec::with_capacity(64 << 10);
        let mut written = true;
        let keys = std::mem::take(&mut self.keys);
        for chunk in keys.chunks((64 << 10) / KEY_BYTES) {
            bytes.clear();
            chunk.iter().for_each(|k| k.write(&mut bytes));
            // Appended: the run's chunks follow each other from `start`.
            if self.write_out(&bytes).is_none() {
                written = false;
                break;
            }
        }
        if written {
            // Kept for the next run (while files are pushed).
            self.keys = keys;
            self.keys.clear();
            self.runs.push(Run::Disk {
                offset: start,
                count,
            });
        } else {
            self.runs.push(Run::Memory(keys));
        }
    }

    /// Room for this many files more.
    pub fn reserve(&mut self, files: usize) {
        self.files.reserve_exact(files);
    }

    /// Keeps a file's facts.
    pub fn push(&mut self, owner: usize, facts: &FileFacts) {
        let origin = (facts.locale, facts.glossary);
        let origin = match self.origins.iter().position(|o| {
            o.0 == origin.0 && o.1.map(std::ptr::from_ref) == origin.1.map(std::ptr::from_ref)
        }) {
            Some(i) => i,
            None => {
                self.origins.push(origin);
                self.origins.len() - 1
            }
        };
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        put(&mut bytes, origin as u64);
        encode(facts, &mut bytes);
        let fits = matches!(self.blocks.last(), Some(Block::Memory(b))
            if b.capacity() - b.len() >= bytes.len());
        if !fits {
            self.seal_block();
            self.blocks.push(Block::Memory(Vec::with_capacity(
                self.block_bytes.max(bytes.len()),
            )));
        }
        let block = self.blocks.len() - 1;
        let Some(Block::Memory(target)) = self.blocks.last_mut() else {
            unreachable!("a block in memory is being filled")
        };
        let offset = target.len();
        target.extend_from_slice(&bytes);
        let file = self.files.len() as u32;
        self.files.push(Stored {
            owner: owner as u32,
            block: block as u32,
            offset: offset as u32,
            len: bytes.len() as u32,
        });
        self.scratch = bytes;
        self.push_keys(file, facts);
    }

    /// The keys of a file's facts.
    fn push_keys(&mut self, file: u32, facts: &FileFacts) {
        let keyed = self.keyed;
        if keyed.articles
            && let Some(article) = facts.locale_neutral_path()
        {
            self.push_key(Key {
                class: 0,
                key: hash_of(&article),
                file,
                item: 0,
                value: english_fingerprint(facts),
            });
        }
        let Some(locale) = facts.locale else {
            return;
        };
        let locale = self.locale_index(locale);
        if facts.glossary.is_some() && self.locales[locale as usize].1.is_none() {
            self.locales[locale as usize].1 = Some(file);
        }
        let class = |part: Part| 1 + locale * PARTS.len() as u32 + part as u32;
        if let Some(min_words) = keyed.segments_by_source {
            for (i, s) in facts.segments.iter().enumerate() {
                if let Some(letters) = s.target_letters_hash
                    && s.source_words >= min_words
                {
                    self.push_key(Key {
                        class: class(Part::Segment),
                        key: s.source_hash,
                        file,
                        item: i as u32,
                        value: letters,
                    });
                }
            }
        }
        if keyed.terms_by_concept {
            for (i, t) in facts.terms.iter().enumerate() {
                self.push_key(Key {
                    class: class(Part::Term),
                    key: t.concept as u64,
                    file,
                    item: i as u32,
                    value: t.rendering as u64,
                });
            }
        }
    }

    /// Ends the pushing: writes what is still in memory to the temporary file (when there
    /// is more than one block or run: what fits in one stays in memory) and hands over the
    /// keys, for [`SortedKeys::read`].
    pub fn finish(&mut self) -> SortedKeys {
        if self.blocks.len() > 1 {
            self.seal_block();
        }
        if !self.runs.is_empty() {
            self.spill_keys();
            self.keys = Vec::new();
        }
        let mut sources = Vec::new();
        if !self.keys.is_empty() {
            self.keys.sort_unstable();
            sources.push(Source::Memory(std::mem::take(&mut self.keys).into_iter()));
        }
        let disk_runs = self
            .runs
            .iter()
            .filter(|r| matches!(r, Run::Disk { .. }))
            .count();
        // About 1 MB of read buffers in all, 4 to 64 KB a run.
        let buffer = ((1 << 20) / disk_runs.max(1)).clamp(4 << 10, 64 << 10) / KEY_BYTES;
        for run in std::mem::take(&mut self.runs) {
            sources.push(match run {
                Run::Memory(keys) => Source::Memory(keys.into_iter()),
                Run::Disk { offset, count } => Source::Disk {
                    at: offset,
                    left: count,
                    buffer: Vec::new(),
                    next: 0,
                    capacity: buffer.max(1),
                },
            });
        }
        SortedKeys { sources }
    }

    /// The facts of `files[i]`, for the file at `path`.
    pub fn decode(&self, i: usize, path: &Path) -> FileFacts {
        let s = &self.files[i];
        let (offset, len) = (s.offset as usize, s.len as usize);
        let decode = |bytes: &[u8]| {
            let mut r = Reader { bytes, at: 0 };
            let (locale, glossary) = self.origins[r.get() as usize];
            decode(&bytes[r.at..], path.into(), locale, glossary)
        };
        match &self.blocks[s.block as usize] {
            Block::Memory(b) => decode(&b[offset..offset + len]),
            Block::Disk { offset: at } => {
                thread_local! {
                    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
                }
                BUF.with_borrow_mut(|buf| {
                    buf.clear();
                    buf.resize(len, 0);
                    let read = self
                        .file
                        .as_ref()
                        .ok_or_else(|| std::io::Error::other("no temporary file"))
                        .and_then(|f| f.read_exact_at(buf, at + offset as u64));
                    match read {
                        Ok(()) => decode(buf),
                        Err(e) => {
                            self.fail(e);
                            FileFacts::empty(path.into(), None, None)
                        }
                    }
                })
            }
        }
    }

    fn fail(&self, e: std::io::Error) {
        let mut error = self.error.lock().expect("facts error");
        if error.is_none() {
            *error = Some(std::io::Error::new(
                e.kind(),
                format!("reading a temporary file: {e}"),
            ));
        }
    }

    /// A read of the temporary file that failed (the comparisons after it saw too little).
    pub fn take_error(&self) -> Option<std::io::Error> {
        self.error.lock().expect("facts error").take()
    }

    /// The first file (index into `files`) of the locale with index `locale` that has a
    /// glossary.
    pub fn first_with_glossary(&self, locale: u32) -> Option<usize> {
        self.locales
            .get(locale as usize)
            .and_then(|l| l.1)
            .map(|f| f as usize)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes held in memory.
    pub fn bytes(&self) -> usize {
        let blocks: usize = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Memory(v) => v.capacity(),
                Block::Disk { .. } => 0,
            })
            .sum();
        let runs: usize = self
            .runs
            .iter()
            .map(|r| match r {
                Run::Memory(v) => v.capacity() * std::mem::size_of::<Key>(),
                Run::Disk { .. } => 0,
            })
            .sum();
        blocks
            + runs
            + self.keys.capacity() * std::mem::size_of::<Key>()
            + self.files.capacity() * std::mem::size_of::<Stored>()
            + self.blocks.capacity() * std::mem::size_of::<Block>()
    }

    /// Bytes written to the temporary file.
    pub fn bytes_on_disk(&self) -> u64 {
        self.file_len
    }
}

/// Where a [`KeyStream`] reads from.
enum Source {
    Memory(std::vec::IntoIter<Key>),
    Disk {
        at: u64,
        left: u64,
        buffer: Vec<u8>,
        next: usize,
        /// Keys read at a time.
        capacity: usize,
    },
}

/// The keys of a [`FactsStore`], in sorted runs.
pub struct SortedKeys {
    sources: Vec<Source>,
}

impl SortedKeys {
    /// The keys in order (by class, key, file, item): the runs merged as they are read.
    pub fn read(self, store: &FactsStore) -> KeyStream<'_> {
        let mut stream = KeyStream {
            file: store.file.as_ref(),
            error: &store.error,
            sources: self.sources,
            heap: std::collections::BinaryHeap::new(),
        };
        for i in 0..stream.sources.len() {
            if let Some(k) = stream.pull(i) {
                stream.heap.push(std::cmp::Reverse((k, i)));
            }
        }
        stream
    }
}

/// The keys of a [`FactsStore`] in order: its sorted runs merged.
pub struct KeyStream<'s> {
    file: Option<&'s File>,
    error: &'s Mutex<Option<std::io::Error>>,
    sources: Vec<Source>,
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(Key, usize)>>,
}

impl KeyStream<'_> {
    fn pull(&mut self, i: usize) -> Option<Key> {
        match &mut self.sources[i] {
            Source::Memory(keys) => keys.next(),
            Source::Disk {
                at,
                left,
                buffer,
                next,
                capacity,
            } => {
                if *next >= buffer.len() {
                    if *left == 0 {
                        return None;
                    }
                    let n = (*capacity as u64).min(*left) as usize;
                    buffer.resize(n * KEY_BYTES, 0);
                    let read = self
                        .file
                        .ok_or_else(|| std::io::Error::other("no temporary file"))
                        .and_then(|f| f.read_exact_at(buffer, *at));
                    if let Err(e) = read {
                        let mut error = self.error.lock().expect("facts error");
                        if error.is_none() {
                            *error = Some(std::io::Error::new(
                                e.kind(),
                                format!("reading a temporary file: {e}"),
                            ));
                        }
                        *left = 0;
                        buffer.clear();
                        return None;
                    }
                    *at += buffer.len() as u64;
                    *left -= n as u64;
                    *next = 0;
                }
                let key = Key::read(&buffer[*next..*next + KEY_BYTES]);
                *next += KEY_BYTES;
                Some(key)
            }
        }
    }
}

impl Iterator for KeyStream<'_> {
    type Item = Key;

    fn next(&mut self) -> Option<Key> {
        let std::cmp::Reverse((key, i)) = self.heap.pop()?;
        if let Some(k) = self.pull(i) {
            self.heap.push(std::cmp::Reverse((k, i)));
        }
        Some(key)
    }
}

/// A stable hash of a text (the same in every run).
fn hash_of(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A hash of what the cross-locale comparison of an article looks at first: each segment's
/// number with the hashes of its source's wording and links, in order. Locales with the
/// same fingerprint have the same English.
pub fn english_fingerprint(facts: &FileFacts) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    facts.segments.len().hash(&mut h);
    for s in facts.segments.iter() {
        (s.key, s.source_hash, s.source_markup_hash).hash(&mut h);
    }
    h.finish()
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_range(out: &mut Vec<u8>, r: TextRange) {
    put(out, u64::from(r.start));
    put(out, u64::from(r.end - r.start));
}

/// A range relative to `base` (at or after it in the segments' own ranges; the sign is
/// kept for any other).
fn put_rel(out: &mut Vec<u8>, r: TextRange, base: u32) {
    let delta = i64::from(r.start) - i64::from(base);
    put(out, ((delta << 1) ^ (delta >> 63)) as u64);
    put(out, u64::from(r.end - r.start));
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn get(&mut self) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.bytes[self.at];
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    fn get_u64(&mut self) -> u64 {
        let v = u64::from_le_bytes(
            self.bytes[self.at..self.at + 8]
                .try_into()
                .expect("8 bytes"),
        );
        self.at += 8;
        v
    }

    fn get_str(&mut self) -> &str {
        let len = self.get() as usize;
        let s = &self.bytes[self.at..self.at + len];
        self.at += len;
        std::str::from_utf8(s).expect("stored from a str")
    }

    fn get_range(&mut self) -> TextRange {
        let start = self.get() as u32;
        let len = self.get() as u32;
        TextRange {
            start,
            end: start + len,
        }
    }

    fn get_rel(&mut self, base: u32) -> TextRange {
        let z = self.get();
        let delta = ((z >> 1) as i64) ^ -((z & 1) as i64);
        let start = (i64::from(base) + delta) as u32;
        let len = self.get() as u32;
        TextRange {
            start,
            end: start + len,
        }
    }
}

/// The ID a segment would have if it follows `prefix-[p]number`.
fn id_follows(id: &str, prefix: &str, key: SegmentKey) -> bool {
    let Some(rest) = id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let rest = if key.paragraph {
        match rest.strip_prefix('p') {
            Some(r) => r,
            None => return false,
        }
    } else {
        rest
    };
    // No leading zero: the number alone rebuilds the digits.
    rest == key.number.to_string()
}

fn build_id(prefix: &str, key: SegmentKey) -> String {
    format!(
        "{prefix}-{}{}",
        if key.paragraph { "p" } else { "" },
        key.number
    )
}

// Flags of a segment.
const TARGET: u64 = 1;
const TARGET_HASH: u64 = 2;
const OWN_ID: u64 = 4;
const LETTERS_HASH: u64 = 8;

fn encode(f: &FileFacts, out: &mut Vec<u8>) {
    // The ID prefix most segments share (the first segment's).
    let prefix = f
        .segments
        .first()
        .and_then(|s| s.id.rsplit_once('-').map(|(p, _)| p))
        .unwrap_or("");
    put_str(out, prefix);
    put(out, f.segments.len() as u64);
    let mut last_start = 0u32;
    for s in f.segments.iter() {
        let own_id = !id_follows(&s.id, prefix, s.key);
        let flags = u64::from(s.target.is_some()) * TARGET
            + u64::from(s.target_hash.is_some()) * TARGET_HASH
            + u64::from(own_id) * OWN_ID
            + u64::from(s.target_letters_hash.is_some()) * LETTERS_HASH;
        put(out, flags);
        put(
            out,
            (u64::from(s.key.number) << 1) | u64::from(s.key.paragraph),
        );
        if own_id {
            put_str(out, &s.id);
        }
        put_rel(out, s.range, last_start);
        last_start = s.range.start;
        put_rel(out, s.source, s.range.start);
        if let Some(t) = s.target {
            put_rel(out, t, s.range.start);
        }
        out.extend_from_slice(&s.source_hash.to_le_bytes());
        out.extend_from_slice(&s.source_markup_hash.to_le_bytes());
        if let Some(h) = s.target_hash {
            out.extend_from_slice(&h.to_le_bytes());
        }
        if let Some(h) = s.target_letters_hash {
            out.extend_from_slice(&h.to_le_bytes());
        }
        put(out, s.source_words as u64);
    }
    put(out, f.front.len() as u64);
    for fr in f.front.iter() {
        let key = SHARED_KEYS.iter().position(|k| *k == fr.key).unwrap_or(0);
        put(out, key as u64);
        put_str(out, &fr.value);
        put_range(out, fr.range);
    }
    put(out, f.terms.len() as u64);
    for (t, &seg) in f.terms.iter().zip(f.term_segments.iter()) {
        put(out, t.concept as u64);
        // The rendering with the label flag in its lowest bit.
        put(out, ((t.rendering as u64) << 1) | u64::from(t.label));
        put_range(out, t.range);
        put(out, t.segment as u64);
        put(out, seg as u64);
    }
    put(out, f.suppressions.len() as u64);
    for s in &f.suppressions {
        put(
            out,
            match s.kind {
                SuppressionKind::NextLine => 0,
                SuppressionKind::Disable => 1,
                SuppressionKind::Enable => 2,
            },
        );
        put_range(out, s.range);
        put(out, s.rules.len() as u64);
        for (name, range) in &s.rules {
            put_str(out, name);
            put_range(out, *range);
        }
    }
}

fn decode(
    bytes: &[u8],
    path: PathBuf,
    locale: Option<&'static str>,
    glossary: Option<&'static Glossary>,
) -> FileFacts {
    let mut r = Reader { bytes, at: 0 };
    let prefix = r.get_str().to_string();
    let n = r.get() as usize;
    let mut segments = Vec::with_capacity(n);
    let mut last_start = 0u32;
    for _ in 0..n {
        let flags = r.get();
        let k = r.get();
        let key = SegmentKey {
            number: (k >> 1) as u32,
            paragraph: k & 1 == 1,
        };
        let id = if flags & OWN_ID != 0 {
            SegId::new(r.get_str())
        } else {
            SegId::new(&build_id(&prefix, key))
        };
        let range = r.get_rel(last_start);
        last_start = range.start;
        let source = r.get_rel(range.start);
        let target = (flags & TARGET != 0).then(|| r.get_rel(range.start));
        let source_hash = r.get_u64();
        let source_markup_hash = r.get_u64();
        let target_hash = (flags & TARGET_HASH != 0).then(|| r.get_u64());
        let target_letters_hash = (flags & LETTERS_HASH != 0).then(|| r.get_u64());
        let source_words = r.get() as usize;
        segments.push(SegmentFacts {
            key,
            id,
            range,
            source,
            target,
            source_hash,
            source_markup_hash,
            target_hash,
            source_words,
            target_letters_hash,
        });
    }
    let front = (0..r.get())
        .map(|_| {
            let key = SHARED_KEYS[r.get() as usize];
            let value = r.get_str().to_string();
            let range = r.get_range();
            FrontFacts { key, value, range }
        })
        .collect();
    let mut terms = Vec::new();
    let mut term_segments = Vec::new();
    for _ in 0..r.get() {
        let concept = r.get() as usize;
        let rendering_and_label = r.get();
        let range = r.get_range();
        let segment = r.get() as usize;
        terms.push(TermOccurrence {
            concept,
            rendering: (rendering_and_label >> 1) as usize,
            range,
            segment,
            label: rendering_and_label & 1 == 1,
        });
        term_segments.push(r.get() as usize);
    }
    let suppressions = (0..r.get())
        .map(|_| {
            let kind = match r.get() {
                0 => SuppressionKind::NextLine,
                1 => SuppressionKind::Disable,
                _ => SuppressionKind::Enable,
            };
            let range = r.get_range();
            let rules = (0..r.get())
                .map(|_| (r.get_str().to_string(), r.get_range()))
                .collect();
            Suppression { kind, rules, range }
        })
        .collect();
    FileFacts {
        path,
        locale,
        glossary,
        segments: segments.into_boxed_slice(),
        front,
        terms: terms.into_boxed_slice(),
        term_segments: term_segments.into_boxed_slice(),
        suppressions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn facts_come_back_as_they_were_stored() {
        let text = "---\nms.openlocfilehash: abc123\nms.sourcegitcommit: 0f0f\n---\n\
            <!-- loclint-disable-next-line double-space -->\n\
            # <span data-ttu-id=\"d58e0-103\">장치 쓰기</span><span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-103\">Device writeback</span></span>\n\n\
            <span data-ttu-id=\"d58e0-p104\">x</span><span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-p104\">Enable it now</span></span>\n\
            <span data-ttu-id=\"other-0105\">y</span><span class=\"sxs-lookup\"><span data-stu-id=\"other-0105\">More words here</span></span>\n\
            <span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-106\">Only source</span></span>\n";
        let doc = Document::parse(text);
        let facts = FileFacts::gather(Path::new("a/ko-KR/x.md"), &doc, Some("ko-KR"), None, &[]);
        assert!(facts.segments.len() >= 3, "{}", facts.segments.len());
        assert_eq!(facts.front.len(), 2);
        let mut store = FactsStore::default();
        store.push(7, &facts);
        store.push(8, &facts);
        let back = store.decode(1, Path::new("a/ko-KR/x.md"));
        assert_eq!(store.files[1].owner, 8);
        assert_eq!(back.locale, Some("ko-KR"));
        assert_eq!(back.segments.len(), facts.segments.len());
        for (a, b) in facts.segments.iter().zip(back.segments.iter()) {
            assert_eq!(
                (a.key, &*a.id, a.range, a.source, a.target),
                (b.key, &*b.id, b.range, b.source, b.target)
            );
            assert_eq!(
                (
                    a.source_hash,
                    a.source_markup_hash,
                    a.target_hash,
                    a.source_words,
                    a.target_letters_hash
                ),
                (
                    b.source_hash,
                    b.source_markup_hash,
                    b.target_hash,
                    b.source_words,
                    b.target_letters_hash
                )
            );
        }
        for (a, b) in facts.front.iter().zip(back.front.iter()) {
            assert_eq!((a.key, &a.value, a.range), (b.key, &b.value, b.range));
        }
        assert_eq!(back.suppressions.len(), facts.suppressions.len());
        assert_eq!(back.suppressions[0].rules, facts.suppressions[0].rules);
        assert!(store.bytes() > 0);
    }

    /// Files of two locales, each with segments of its own wording and some shared ones.
    fn sample_facts() -> Vec<(PathBuf, FileFacts)> {
        let mut out = Vec::new();
        for f in 0..40 {
            for locale in ["ko-KR", "fr-FR"] {
                let mut text = format!("---\nms.contentlocale: {locale}\n---\n");
                for i in 0..(5 + f % 7) {
                    let (target, source) = if i % 3 == 0 {
                        (
                            format!("공유 {}", f % 4),
                            "Shared wording of a step".to_string(),
                        )
                    } else {
                        (
                            format!("대상 {f} {i}"),
                            format!("Source number {i} of file {f}"),
                        )
                    };
                    text.push_str(&format!(
                        "<span data-ttu-id=\"d58e0-{i}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-{i}\">{source}</span></span>\n\n"
                    ));
                }
                let path = PathBuf::from(format!("docs/{locale}/article-{f}.md"));
                let doc = Document::parse(&text);
                let facts = FileFacts::gather(&path, &doc, Some(locale), None, &[]);
                out.push((path, facts));
            }
        }
        out
    }

    /// Every key of a store in the order it reads them, and every file's facts back.
    fn read_back(mut store: FactsStore, files: &[(PathBuf, FileFacts)]) -> (Vec<Key>, FactsStore) {
        for (i, (_, facts)) in files.iter().enumerate() {
            store.push(i, facts);
        }
        let keys: Vec<Key> = store.finish().read(&store).collect();
        (keys, store)
    }

    fn keyed() -> Keyed {
        Keyed {
            articles: true,
            segments_by_source: Some(1),
            terms_by_concept: true,
        }
    }

    #[test]
    fn facts_spilled_to_the_temporary_file_come_back_sorted_and_whole() {
        let files = sample_facts();
        let (expected, in_memory) = read_back(FactsStore::new(keyed()), &files);
        assert_eq!(
            in_memory.bytes_on_disk(),
            0,
            "one block and one run stay in memory"
        );
        // Blocks of 300 bytes and runs of 7 keys: dozens of each go to the temporary file
        // and the runs are merged as they are read.
        let (keys, spilled) = read_back(FactsStore::with_limits(keyed(), 300, 7), &files);
        assert!(spilled.bytes_on_disk() > 0);
        assert!(spilled.take_error().is_none());
        assert!(expected.len() > 400, "{} keys", expected.len());
        assert!(expected.windows(2).all(|w| w[0] <= w[1]), "keys in order");
        assert_eq!(keys, expected);
        let articles = keys.iter().filter(|k| k.class() == Class::Article).count();
        assert_eq!(articles, files.len());
        for (i, (path, facts)) in files.iter().enumerate() {
            let back = spilled.decode(i, path);
            assert_eq!(spilled.files[i].owner as usize, i);
            assert_eq!(back.locale, facts.locale);
            let ids = |f: &FileFacts| -> Vec<(String, u64, Option<u64>)> {
                f.segments
                    .iter()
                    .map(|s| (s.id.to_string(), s.source_hash, s.target_letters_hash))
                    .collect()
            };
            assert_eq!(ids(&back), ids(facts), "{}", path.display());
        }
    }

    #[test]
    fn facts_stay_in_memory_when_the_temporary_file_cannot_be_written() {
        let files = sample_facts();
        let (expected, _) = read_back(FactsStore::new(keyed()), &files);
        let mut store = FactsStore::with_limits(keyed(), 300, 7);
        store.file_failed = true;
        let (keys, store) = read_back(store, &files);
        assert_eq!(store.bytes_on_disk(), 0);
        assert_eq!(keys, expected);
        let (path, facts) = &files[17];
        assert_eq!(store.decode(17, path).segments.len(), facts.segments.len());
    }
}
