//! Byte ranges into a file's text and their translation to lines and columns.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into a file's text.
///
/// Offsets are absolute within the file (a BOM, if any, is counted), so they
/// can be handed unchanged to editors, fixes and JSON consumers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "range start {start} after end {end}");
        TextRange {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn empty(at: usize) -> Self {
        Self::new(at, at)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn as_range(self) -> Range<usize> {
        self.start()..self.end()
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Shift a range relative to `base` into absolute offsets.
    pub fn offset(self, base: usize) -> TextRange {
        TextRange::new(self.start() + base, self.end() + base)
    }

    /// The text this range covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.as_range()]
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for TextRange {
    fn from(r: Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// Line starts of a text, for turning byte offsets into lines and columns.
///
/// Built only for files that have something to report, so clean files pay nothing.
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line]
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Where a 0-based line starts and where its content ends (at its `\n`, or the end of
    /// the text; a `\r` before the `\n` is content here). Panics past the last line.
    pub fn line_span(&self, text: &str, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        TextRange::new(start, end)
    }

    /// The 1-based line and column of `offset`; a BOM at the file start is not a column.
    /// An offset inside a multi-byte character is clamped to that character's start.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        if line == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = text[start..offset].chars().count() + 1;
        LineColumn {
            line: line + 1,
            column,
        }
    }

    /// The 0-based line and UTF-16 code-unit column of `offset` (what LSP clients expect).
    pub fn line_utf16(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let col = text[start..offset].chars().map(char::len_utf16).sum();
        (line, col)
    }

    /// The byte offset of a 0-based line and UTF-16 column, clamped to the line.
    pub fn offset_of_utf16(&self, text: &str, line: usize, col16: usize) -> usize {
        if line >= self.line_starts.len() {
            return text.len();
        }
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len());
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= col16 || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// Where one offset of a text is: its 0-based line and its column counted from the line's
/// start, both in Unicode scalar values and in UTF-16 code units (a BOM counts as one of
/// each here; the formats that leave it out subtract it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub chars: usize,
    pub utf16: usize,
}

/// The places of many offsets of one text, found in one forward pass over the sorted
/// offsets: the text between two consecutive offsets is read once, so the cost is linear in
/// the text up to the last offset, however many offsets share a line (a finding per span on
/// a 5 MB line costs what one does). Offsets are clamped to the text and moved down to a
/// character boundary, as [`LineIndex::line_column`] does.
pub struct Places<'t> {
    text: &'t str,
    offsets: Vec<usize>,
    places: Vec<Place>,
    /// Bytes read to find the places (for tests that check the cost stays linear).
    scanned: usize,
    /// The offsets found last, most recent first: a file's findings are asked for in
    /// order, so the next offset is often one of them or the one after.
    near: std::cell::Cell<[usize; 4]>,
}

/// Scalar values and UTF-16 code units in `bytes` (whole characters).
fn count_units(bytes: &[u8]) -> (usize, usize) {
    // Counted byte by byte without branches so the loop vectorizes: every byte that is not
    // a continuation byte starts a scalar value; a 4-byte lead byte adds a second UTF-16 unit.
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let astral = bytes.iter().filter(|&&b| b >= 0xF0).count();
    (chars, chars + astral)
}

impl<'t> Places<'t> {
    pub fn new(text: &'t str, offsets: impl IntoIterator<Item = usize>) -> Places<'t> {
        let mut offsets: Vec<usize> = offsets
            .into_iter()
            .map(|o| floor_char_boundary(text, o.min(text.len())))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let bytes = text.as_bytes();
        let mut places = Vec::with_capacity(offsets.len());
        let mut scanned = 0;
        let mut pos = 0;
        let mut here = Place::default();
        for &offset in &offsets {
            let between = &bytes[pos..offset];
            match memchr::memrchr(b'\n', between) {
                Some(last) => {
                    here.line += memchr::memchr_iter(b'\n', between).count();
                    let line_start = pos + last + 1;
                    let (chars, utf16) = count_units(&bytes[line_start..offset]);
                    here.chars = chars;
                    here.utf16 = utf16;
                    scanned += between.len() + (offset - line_start);
                }
                None => {
                    let (chars, utf16) = count_units(between);
                    here.chars += chars;
                    here.utf16 += utf16;
                    scanned += between.len();
                }
            }
            pos = offset;
            places.push(here);
        }
        Places {
            text,
            offsets,
            places,
            scanned,
            near: std::cell::Cell::new([0; 4]),
        }
    }

    /// Where `offset` is (or would be) among the sorted offsets, looked for first at and
    /// after the offsets found last.
    fn find(&self, offset: usize) -> Result<usize, usize> {
        let mut near = self.near.get();
        let hit = near
            .iter()
            .flat_map(|&h| [h, h + 1])
            .find(|&i| self.offsets.get(i) == Some(&offset));
        let found = match hit {
            Some(i) => Ok(i),
            None => self.offsets.binary_search(&offset),
        };
        if let Ok(i) = found {
            match near.iter().position(|&h| h == i) {
                Some(k) => near[..=k].rotate_right(1),
                None => {
                    near.rotate_right(1);
                    near[0] = i;
                }
            }
            self.near.set(near);
        }
        found
    }

    /// The place of an offset given to `new` (any other offset is found by reading on from
    /// the nearest given offset before it).
    pub fn get(&self, offset: usize) -> Place {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        match self.find(offset) {
            Ok(i) => self.places[i],
            Err(i) => {
                let (from, mut here) = match i.checked_sub(1) {
                    Some(prev) => (self.offsets[prev], self.places[prev]),
                    None => (0, Place::default()),
                };
                let between = &self.text.as_bytes()[from..offset];
                match memchr::memrchr(b'\n', between) {
                    Some(last) => {
                        here.line += memchr::memchr_iter(b'\n', between).count();
                        let (chars, utf16) = count_units(&between[last + 1..]);
                        here.chars = chars;
                        here.utf16 = utf16;
                    }
                    None => {
                        let (chars, utf16) = count_units(between);
                        here.chars += chars;
                        here.utf16 += utf16;
                    }
                }
                here
            }
        }
    }

    /// Whether the offset is on the first line after a BOM (which is not a column).
    fn after_bom(&self, offset: usize, place: Place) -> bool {
        place.line == 0
            && self.text.starts_with('\u{feff}')
            && floor_char_boundary(self.text, offset.min(self.text.len())) >= 3
    }

    /// 1-based line and column in scalar values; a BOM at the file start is not a column.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let place = self.get(offset);
        let bom = usize::from(self.after_bom(offset, place));
        LineColumn {
            line: place.line + 1,
            column: place.chars + 1 - bom,
        }
    }

    /// 1-based line and 1-based UTF-16 column; a BOM at the file start is not a column.
    pub fn utf16_line_column(&self, offset: usize) -> (usize, usize) {
        let place = self.get(offset);
        let bom = usize::from(self.after_bom(offset, place));
        (place.line + 1, place.utf16 + 1 - bom)
    }

    /// Bytes read while finding the places.
    pub fn scanned(&self) -> usize {
        self.scanned
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A few characters (a locale's punctuation marks), found in a text by their first UTF-8
/// byte: one table lookup per byte instead of decoding every character and comparing it
/// with each of the set.
#[derive(Clone, Debug)]
pub struct CharSet {
    first_bytes: [bool; 256],
    chars: Vec<char>,
    /// The ASCII characters of the set, as bytes.
    ascii: Vec<u8>,
    /// A searcher for each of the other characters' UTF-8 sequence.
    others: Vec<(char, memchr::memmem::Finder<'static>)>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet {
            first_bytes: [false; 256],
            chars: Vec::new(),
            ascii: Vec::new(),
            others: Vec::new(),
        };
        for c in chars {
            if set.chars.contains(&c) {
                continue;
            }
            let mut buf = [0u8; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            set.first_bytes[encoded[0] as usize] = true;
            set.chars.push(c);
            if c.is_ascii() {
                set.ascii.push(c as u8);
            } else {
                set.others
                    .push((c, memchr::memmem::Finder::new(encoded).into_owned()));
            }
        }
        set
    }

    pub fn contains(&self, c: char) -> bool {
        self.chars.contains(&c)
    }

    /// Whether some character of the set in `text` satisfies `at(offset, char)`: searched
    /// with SIMD, ASCII characters three at a time and each of the others by its bytes (a
    /// whole UTF-8 sequence matches only at a character boundary). The order of the calls
    /// is unspecified.
    pub fn any_at(&self, text: &str, mut at: impl FnMut(usize, char) -> bool) -> bool {
        let bytes = text.as_bytes();
        self.ascii.chunks(3).any(|needles| {
            let (a, b, c) = match *needles {
                [a] => (a, a, a),
                [a, b] => (a, b, b),
                [a, b, c] => (a, b, c),
                _ => unreachable!("chunks of one to three"),
            };
            memchr::memchr3_iter(a, b, c, bytes).any(|i| at(i, bytes[i] as char))
        }) || self
            .others
            .iter()
            .any(|(c, finder)| finder.find_iter(bytes).any(|i| at(i, *c)))
    }

    /// The characters of the set in `text`, with their byte offsets, in order.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (usize, char)> + 'a {
        text.bytes().enumerate().filter_map(move |(i, b)| {
            if !self.first_bytes[b as usize] {
                return None;
            }
            if b < 0x80 {
                return Some((i, b as char));
            }
            // A leading byte (never a continuation byte) starts a character at `i`.
            let c = text[i..].chars().next()?;
            self.chars.contains(&c).then_some((i, c))
        })
    }
}

/// Keeps non-overlapping spans `(start, end, value)`, preferring the longest among those
/// that overlap (the first by start among equally long ones), in text order.
pub fn keep_longest<T>(mut spans: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    if spans.len() <= 16 {
        // A few spans (nearly every text): a scan of the kept ones costs less than a map.
        let mut kept: Vec<(usize, usize, T)> = Vec::with_capacity(spans.len());
        for span in spans {
            if kept.iter().all(|k| span.1 <= k.0 || span.0 >= k.1) {
                kept.push(span);
            }
        }
        kept.sort_by_key(|&(s, _, _)| s);
        return kept;
    }
    // The kept spans never overlap: by start, the nearest before and after a span tell
    // whether it overlaps one (a look-up per span, not a scan of all kept: a text may
    // hold thousands of names or terms).
    let mut kept: std::collections::BTreeMap<usize, (usize, usize, T)> = Default::default();
    for span in spans {
        let (start, end) = (span.0, span.1);
        let free = kept
            .range(..=start)
            .next_back()
            .is_none_or(|(_, k)| start >= k.1)
            && kept.range(start..).next().is_none_or(|(_, k)| end <= k.0);
        if free {
            kept.insert(start, span);
        }
    }
    kept.into_values().collect()
}

/// Ranges by start, with the furthest end reached by each prefix of them: whether a span
/// overlaps one, or lies in one, is a binary search (a segment may have thousands).
#[derive(Default)]
pub struct SortedRanges {
    ranges: Vec<(usize, usize)>,
    reach: Vec<usize>,
}

impl SortedRanges {
    pub fn new(ranges: Vec<(usize, usize)>) -> SortedRanges {
        let mut sorted = SortedRanges {
            ranges,
            reach: Vec::new(),
        };
        sorted.index();
        sorted
    }

    /// Replaces the ranges, keeping the buffers: a reader of every segment of a document
    /// allocates them once.
    pub fn refill(&mut self, ranges: impl IntoIterator<Item = (usize, usize)>) {
        self.ranges.clear();
        self.ranges.extend(ranges);
        self.index();
    }

    fn index(&mut self) {
        self.ranges.sort_unstable();
        self.reach.clear();
        let mut far = 0;
        self.reach.extend(self.ranges.iter().map(|&(_, e)| {
            far = e.max(far);
            far
        }));
    }

    /// Whether a range overlaps `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let k = self.ranges.partition_point(|r| r.0 < end);
        k > 0 && self.reach[k - 1] > start
    }

    /// Whether a range holds `start..end`.
    pub fn holds(&self, start: usize, end: usize) -> bool {
        let k = self.ranges.partition_point(|r| r.0 <= start);
        k > 0 && self.reach[k - 1] >= end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_longest_keeps_what_a_scan_of_all_kept_spans_keeps() {
        let mut random = crate::random::Random::new(1);
        let mut next = |n: usize| random.below(n);
        for _ in 0..2_000 {
            let spans: Vec<(usize, usize, usize)> = (0..next(12))
                .map(|k| {
                    let s = next(40);
                    (s, s + 1 + next(8), k)
                })
                .collect();
            let mut by_length = spans.clone();
            by_length.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
            let mut scanned: Vec<(usize, usize, usize)> = Vec::new();
            for span in by_length {
                if scanned.iter().all(|k| span.1 <= k.0 || span.0 >= k.1) {
                    scanned.push(span);
                }
            }
            scanned.sort_by_key(|&(s, _, _)| s);
            let kept = keep_longest(spans);
            assert_eq!(kept, scanned);
        }
    }

    #[test]
    fn sorted_ranges_answer_as_a_scan_of_all_ranges() {
        let mut random = crate::random::Random::new(1);
        let mut next = |n: usize| random.below(n);
        for _ in 0..2_000 {
            let ranges: Vec<(usize, usize)> = (0..next(6))
                .map(|_| {
                    let s = next(30);
                    (s, s + next(8))
                })
                .collect();
            let sorted = SortedRanges::new(ranges.clone());
            // Refilled over other ranges, it answers as if new.
            let mut refilled = SortedRanges::new(vec![(next(30), 40)]);
            refilled.refill(ranges.iter().copied());
            for _ in 0..20 {
                let a = next(35);
                let b = a + next(6);
                let overlaps = ranges.iter().any(|&(s, e)| a < e && s < b);
                let holds = ranges.iter().any(|&(s, e)| s <= a && b <= e);
                assert_eq!(sorted.overlaps(a, b), overlaps, "{ranges:?} {a}..{b}");
                assert_eq!(sorted.holds(a, b), holds, "{ranges:?} {a}..{b}");
                assert_eq!(refilled.overlaps(a, b), overlaps, "{ranges:?} {a}..{b}");
                assert_eq!(refilled.holds(a, b), holds, "{ranges:?} {a}..{b}");
            }
        }
    }

    #[test]
    fn char_set_finds_what_decoding_finds() {
        let set = CharSet::new(['.', '،', '؟', '。', '!']);
        let text = "a. b، 장치? c؟ 。x!!\u{60c}";
        let decoded: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| set.contains(c))
            .collect();
        assert_eq!(set.find_iter(text).collect::<Vec<_>>(), decoded);
        assert_eq!(decoded.len(), 7);
        let mut seen = Vec::new();
        assert!(!set.any_at(text, |i, c| {
            seen.push((i, c));
            false
        }));
        seen.sort_unstable();
        assert_eq!(seen, decoded);
        let ascii = CharSet::new(['.', ',', ':', ';', '?', '!', '(']);
        let mut seen = Vec::new();
        ascii.any_at(text, |i, c| {
            seen.push((i, c));
            false
        });
        seen.sort_unstable();
        let decoded: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| ascii.contains(c))
            .collect();
        assert_eq!(seen, decoded);
        assert!(ascii.any_at(text, |_, c| c == '!'));
        // `؟` (U+061F) and `،` (U+060C) share their first byte with other Arabic letters.
        assert!(set.find_iter("عربي").next().is_none());
    }

    #[test]
    fn columns_count_scalar_values() {
        let text = "ab\n장치 쓰기\r\nx";
        let index = LineIndex::new(text);
        let pos = text.find('쓰').unwrap();
        assert_eq!(
            index.line_column(text, pos),
            LineColumn { line: 2, column: 4 }
        );
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_column(text, x),
            LineColumn { line: 3, column: 1 }
        );
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}abc";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 4).column, 2);
    }

    #[test]
    fn places_agree_with_the_line_index() {
        let text = "\u{feff}a😀b\n회x\r\n\nabc 장치 😀😀 z\n";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        let places = Places::new(text, offsets.iter().copied().rev());
        for &o in &offsets {
            assert_eq!(
                places.line_column(o),
                index.line_column(text, o),
                "offset {o}"
            );
            let (line, col) = index.line_utf16(text, o);
            let place = places.get(o);
            assert_eq!((place.line, place.utf16), (line, col), "offset {o}");
        }
        // Offsets that were not asked for are found too.
        let few = Places::new(text, [5]);
        for &o in &offsets {
            assert_eq!(few.line_column(o), index.line_column(text, o), "offset {o}");
        }
        assert_eq!(places.utf16_line_column(text.find('b').unwrap()), (1, 4));
    }

    #[test]
    fn places_cost_grows_linearly_with_findings_on_one_line() {
        // n findings on one long line: reading from the line start for each would cost
        // n × line; one pass over the sorted offsets costs the line once.
        let work = |n: usize| {
            let unit = "<span data-ttu-id=\"a-1\">장치 ";
            let text = unit.repeat(n);
            let offsets = (0..n).flat_map(|i| [i * unit.len(), i * unit.len() + 5]);
            let places = Places::new(&text, offsets);
            assert_eq!(
                places.line_column((n - 1) * unit.len()).column,
                (n - 1) * 27 + 1
            );
            places.scanned()
        };
        let (small, large) = (work(2_000), work(8_000));
        // Linear: 4× the findings on a 4× longer line reads about 4× the bytes; quadratic
        // would be 16×.
        assert!(
            large <= small * 5,
            "work grew from {small} to {large} bytes for 4× the input"
        );
    }

    #[test]
    fn utf16_round_trip() {
        let text = "a😀b\n回寫x";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(index.line_utf16(text, b), (0, 3));
        assert_eq!(index.offset_of_utf16(text, 0, 3), b);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_utf16(text, x), (1, 2));
        assert_eq!(index.offset_of_utf16(text, 1, 2), x);
    }
}
