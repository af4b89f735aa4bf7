//! The parsed model of one side-by-side file. Built once per file; rules only read it.

mod blocks;
mod front_matter;
pub mod html;
mod inline;
mod segments;
pub mod simple_yaml;
mod suppressions;

pub use blocks::{Block, BlockKind};
pub use front_matter::{FrontMatter, FrontMatterEntry, YamlError, YamlMap};
pub use inline::{
    BrokenLink, BrokenLinkKind, CodeSpan, Emphasis, EmphasisSpan, Escape, HtmlTag, HtmlTagKind,
    InlineLists, Inlines, Link, NumberToken, ResolvedEmphasis, is_punctuation,
};
pub use segments::{MarkupIssue, MarkupIssueKind, Segment, SegmentId, SegmentText, SpanRole};
pub use suppressions::{Suppression, SuppressionKind};

use crate::text::TextRange;

/// A side-by-side Markdown file: its front matter, block structure and segments.
pub struct Document<'a> {
    pub text: &'a str,
    /// Where the body starts: after a BOM and the front matter.
    pub body_start: usize,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
    pub segments: Vec<Segment>,
    /// Broken sxs markup found while scanning (unclosed or stray span tags).
    pub markup_issues: Vec<MarkupIssue>,
    /// The first level-1 heading's block index, if any.
    pub h1: Option<usize>,
    /// `<!-- loclint-… -->` comments.
    pub suppressions: Vec<Suppression>,
}

impl<'a> Document<'a> {
    pub fn parse(text: &'a str) -> Document<'a> {
        let content_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = front_matter::parse(text, content_start);
        let body_start = front_matter
            .as_ref()
            .map_or(content_start, |fm| fm.range.end());
        let layout = blocks::scan(text, body_start);
        let scan = segments::scan(text, body_start, &layout);
        let h1 = layout
            .blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { level: 1, .. }));
        let suppressions = suppressions::scan(text, body_start, &layout);
        Document {
            text,
            body_start,
            front_matter,
            blocks: layout.blocks,
            segments: scan.segments,
            markup_issues: scan.issues,
            h1,
            suppressions,
        }
    }

    pub fn slice(&self, range: TextRange) -> &'a str {
        range.slice(self.text)
    }

    pub fn block_of(&self, segment: &Segment) -> Option<&Block> {
        segment.block.map(|i| &self.blocks[i])
    }

    /// Segments whose target and source both exist.
    pub fn pairs(&self) -> impl Iterator<Item = (&Segment, &SegmentText, &SegmentText)> {
        self.segments
            .iter()
            .filter_map(|s| Some((s, s.target.as_ref()?, s.source.as_ref()?)))
    }

    /// The locale named by `ms.contentlocale`, if the front matter has one.
    pub fn locale(&self) -> Option<&str> {
        let fm = self.front_matter.as_ref()?;
        match &fm.mapping {
            Some(_) => fm.get_str("ms.contentlocale"),
            // Broken YAML elsewhere in the front matter does not hide the locale line.
            None => fm
                .raw_value(self.text, "ms.contentlocale")
                .filter(|v| !v.is_empty()),
        }
    }
}
