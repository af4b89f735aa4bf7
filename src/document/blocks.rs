//! A line-based pass that finds the Markdown blocks segments sit in (headings with their
//! `<a name>` anchors, list items, notes, table rows, paragraphs) and fenced code, whose
//! text is never scanned for spans.

use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
        /// The value of `<a name="…">` at the start of the heading, if any.
        anchor: Option<TextRange>,
    },
    ListItem,
    /// A block quote; `alert` is the `[!NOTE]`-style marker name when present.
    Note {
        alert: Option<String>,
    },
    TableRow,
    Paragraph,
    Code,
}

impl BlockKind {
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Heading { .. } => "heading",
            BlockKind::ListItem => "list item",
            BlockKind::Note { .. } => "note",
            BlockKind::TableRow => "table cell",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Code => "code block",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub range: TextRange,
}

pub(super) struct Layout {
    pub blocks: Vec<Block>,
}

impl Layout {
    /// The block holding `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let off = offset as u32;
        let i = self.blocks.partition_point(|b| b.range.start <= off);
        (i > 0 && self.blocks[i - 1].range.end > off).then(|| i - 1)
    }

    /// Fenced code blocks, in order (spans inside them are not segments).
    pub fn code_ranges(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Code)
            .map(|b| b.range)
    }
}

struct Open {
    kind: BlockKind,
    start: usize,
    end: usize,
}

pub(super) fn scan(text: &str, from: usize) -> Layout {
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut current: Option<Open> = None;
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start)
    let mut pos = from;
    let close = |current: &mut Option<Open>, blocks: &mut Vec<Block>| {
        if let Some(open) = current.take() {
            blocks.push(Block {
                kind: open.kind,
                range: TextRange::new(open.start, open.end),
            });
        }
    };
    while pos < bytes.len() {
        let start = pos;
        let (end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        pos = next;
        let line = &text[start..end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let content_start = start + indent;

        if let Some((ch, len, fence_start)) = fence {
            let t = trimmed.trim_end();
            if t.len() >= len && t.bytes().all(|b| b == ch) {
                blocks.push(Block {
                    kind: BlockKind::Code,
                    range: TextRange::new(fence_start, next),
                });
                fence = None;
            }
            continue;
        }
        if trimmed.trim_end().is_empty() {
            close(&mut current, &mut blocks);
            continue;
        }
        if let Some((ch, len)) = fence_opening(trimmed) {
            close(&mut current, &mut blocks);
            fence = Some((ch, len, start));
            continue;
        }
        let line_end = end - usize::from(line.ends_with('\r'));
        let kind = classify(trimmed, content_start);
        match kind {
            Some(BlockKind::Note { alert }) => {
                if matches!(
                    current,
                    Some(Open {
                        kind: BlockKind::Note { .. },
                        ..
                    })
                ) {
                    let open = current.as_mut().unwrap();
                    open.end = line_end;
                    if let (BlockKind::Note { alert: a @ None }, Some(new)) =
                        (&mut open.kind, alert)
                    {
                        *a = Some(new);
                    }
                } else {
                    close(&mut current, &mut blocks);
                    current = Some(Open {
                        kind: BlockKind::Note { alert },
                        start,
                        end: line_end,
                    });
                }
            }
            Some(kind @ BlockKind::Heading { .. }) | Some(kind @ BlockKind::TableRow) => {
                close(&mut current, &mut blocks);
                blocks.push(Block {
                    kind,
                    range: TextRange::new(start, line_end),
                });
            }
            Some(kind) => {
                close(&mut current, &mut blocks);
                current = Some(Open {
                    kind,
                    start,
                    end: line_end,
                });
            }
            None => match current.as_mut() {
                Some(open) => open.end = line_end,
                None => {
                    current = Some(Open {
                        kind: BlockKind::Paragraph,
                        start,
                        end: line_end,
                    })
                }
            },
        }
    }
    if let Some((_, _, fence_start)) = fence {
        blocks.push(Block {
            kind: BlockKind::Code,
            range: TextRange::new(fence_start, bytes.len()),
        });
    }
    close(&mut current, &mut blocks);
    blocks.sort_by_key(|b| b.range.start);
    Layout { blocks }
}

fn fence_opening(trimmed: &str) -> Option<(u8, usize)> {
    let b = trimmed.as_bytes();
    let ch = *b.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = b.iter().take_while(|&&c| c == ch).count();
    // A backtick fence's info string may not contain backticks (else it is inline code).
    (len >= 3 && (ch == b'~' || !trimmed[len..].contains('`'))).then_some((ch, len))
}

/// What kind of block a line opens, or None for a continuation/paragraph line.
fn classify(trimmed: &str, content_start: usize) -> Option<BlockKind> {
    let b = trimmed.as_bytes();
    match b[0] {
        b'#' => {
            let level = b.iter().take_while(|&&c| c == b'#').count();
            if level <= 6 && (b.len() == level || b[level] == b' ' || b[level] == b'\t') {
                let rest = trimmed[level..].trim_start();
                let rest_start = content_start + (trimmed.len() - rest.len());
                return Some(BlockKind::Heading {
                    level: level as u8,
                    anchor: anchor_name(rest, rest_start),
                });
            }
            None
        }
        b'>' => {
            let rest = trimmed[1..].trim_start();
            let alert = rest
                .strip_prefix("[!")
                .and_then(|r| r.find(']').map(|i| r[..i].to_string()));
            Some(BlockKind::Note { alert })
        }
        b'|' => Some(BlockKind::TableRow),
        b'-' | b'*' | b'+' if b.len() == 1 || b[1] == b' ' || b[1] == b'\t' => {
            // `---` and `***` alone are thematic breaks, not list items.
            let t = trimmed.trim_end();
            if t.len() >= 3 && t.bytes().all(|c| c == b[0] || c == b' ') {
                return Some(BlockKind::Paragraph);
            }
            Some(BlockKind::ListItem)
        }
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let ok = digits <= 9
                && b.len() > digits
                && (b[digits] == b'.' || b[digits] == b')')
                && (b.len() == digits + 1 || b[digits + 1] == b' ' || b[digits + 1] == b'\t');
            ok.then_some(BlockKind::ListItem)
        }
        _ => None,
    }
}

/// `<a name="x"></a>` (or `id=`) at the start of a heading's text: the range of `x`.
fn anchor_name(rest: &str, rest_start: usize) -> Option<TextRange> {
    let tag = rest.strip_prefix("<a ")?;
    let close = tag.find('>')?;
    let attrs = &tag[..close];
    for name in ["name=", "id="] {
        if let Some(i) = attrs.find(name) {
            let after = &attrs[i + name.len()..];
            let quote = after.chars().next()?;
            if quote != '"' && quote != '\'' {
                continue;
            }
            let len = after[1..].find(quote)?;
            let start = rest_start + 3 + i + name.len() + 1;
            return Some(TextRange::new(start, start + len));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks() {
        let text = "# <a name=\"dw\"></a>Title\n\ntext\nmore\n\n- item\n    > [!NOTE]\n    > note\n\n| a | b |\n```\n<span>\n```\n";
        let layout = scan(text, 0);
        let kinds: Vec<_> = layout.blocks.iter().map(|b| b.kind.name()).collect();
        assert_eq!(
            kinds,
            [
                "heading",
                "paragraph",
                "list item",
                "note",
                "table cell",
                "code block"
            ]
        );
        let BlockKind::Heading { level, anchor } = &layout.blocks[0].kind else {
            panic!()
        };
        assert_eq!(*level, 1);
        assert_eq!(anchor.unwrap().slice(text), "dw");
        assert_eq!(layout.blocks[1].range.slice(text), "text\nmore");
        assert_eq!(
            layout.blocks[3].kind,
            BlockKind::Note {
                alert: Some("NOTE".into())
            }
        );
        assert_eq!(layout.block_at(text.find("more").unwrap()), Some(1));
        assert_eq!(layout.block_at(text.find("\n\n").unwrap() + 1), None);
    }
}
