//! The facts the cross-file rules need, kept for every file of a run in a compact encoding:
//! a run over a whole repository keeps them all until the last file is checked, so they
//! are stored as bytes (varints, ranges relative to the segment, IDs rebuilt from their
//! number where they follow the file's pattern) in large shared blocks, about 50 bytes per
//! segment (four hashes: the source's wording and links, the target's wording and
//! letters), and decoded into [`FileFacts`] only for the few files a cross-file check
//! compares at a time (one article's locales, or one locale's files).

use crate::document::{Suppression, SuppressionKind};
use crate::glossary::{Glossary, TermOccurrence};
use crate::project::{FileFacts, FrontFacts, SHARED_KEYS, SegId, SegmentFacts, SegmentKey};
use crate::text::TextRange;
use std::path::{Path, PathBuf};

/// Bytes per storage block: blocks are never reallocated, so memory grows in steps of one
/// block and holds no copies.
const BLOCK: usize = 1 << 20;

/// One file's stored facts.
pub struct Stored {
    /// The caller's index for the file.
    pub owner: usize,
    pub locale: Option<&'static str>,
    pub glossary: Option<&'static Glossary>,
    block: u32,
    offset: u32,
    len: u32,
}

/// The facts of every file of a run.
#[derive(Default)]
pub struct FactsStore {
    blocks: Vec<Vec<u8>>,
    pub files: Vec<Stored>,
    scratch: Vec<u8>,
}

impl FactsStore {
    /// Keeps a file's facts.
    pub fn push(&mut self, owner: usize, facts: &FileFacts) {
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        encode(facts, &mut bytes);
        let fits = self
            .blocks
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= bytes.len());
        if !fits {
            self.blocks.push(Vec::with_capacity(BLOCK.max(bytes.len())));
        }
        let block = self.blocks.len() - 1;
        let target = &mut self.blocks[block];
        let offset = target.len();
        target.extend_from_slice(&bytes);
        self.files.push(Stored {
            owner,
            locale: facts.locale,
            glossary: facts.glossary,
            block: block as u32,
            offset: offset as u32,
            len: bytes.len() as u32,
        });
        self.scratch = bytes;
    }

    /// The facts of `files[i]`, for the file at `path`.
    pub fn decode(&self, i: usize, path: &Path) -> FileFacts {
        let s = &self.files[i];
        let bytes = &self.blocks[s.block as usize][s.offset as usize..(s.offset + s.len) as usize];
        decode(bytes, path.to_path_buf(), s.locale, s.glossary)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.blocks.iter().map(Vec::capacity).sum::<usize>()
            + self.files.capacity() * std::mem::size_of::<Stored>()
    }
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
}
