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

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

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
