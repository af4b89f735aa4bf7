use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::{EmphasisSpan, Link, SegmentText};
use crate::locale::{LocaleProfile, NameInflection};
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a word glued to bold, italic or a link in a target segment: no space
    /// between a closing `**`/`*`/`_` (or a link's closing `)`) and the next word, or
    /// between the word before and an opening marker (or a link's `[`), as in
    /// `Wählen Sie **Einstellungen**aus.` Only emphasis that renders counts (markers shown
    /// as text are `emphasis-not-rendered`'s).
    ///
    /// It reads the profile: only where words are separated by spaces (`separates_words`;
    /// quiet for Chinese, Japanese, Thai and for an unknown locale); not for a word of the
    /// locale's script attached after the markup where the grammar attaches particles
    /// (`grammar.suffixes_attach`: Korean `**설정**에서`); not for the short words the
    /// locale writes attached before the next word (`grammar.prefixes`: Arabic `و`,
    /// `ب`, `ال`, Hebrew `ב`). A suffix after an apostrophe or hyphen (`names.joiners`:
    /// Turkish `**Ayarlar**'ı`, Finnish `**Asetukset**-valikko`) has no letter next to
    /// the marker and is never reported. Where the source glues the same markup the same
    /// way (`**File**s`), the target is not reported. The fix inserts a space; it is
    /// marked unsafe where endings attach to names (`names.inflection`: Polish, Turkish,
    /// Finnish…), since a glued ending may want one of the locale's joiners instead.
    ///
    /// ## Why it matters
    /// The words run together on the rendered page (`Einstellungenaus`): bold and links
    /// do not show a gap that is not in the text. Machine translation often drops the
    /// space next to the markers it moves.
    ///
    /// ## Example
    /// ```markdown
    /// Wählen Sie **Einstellungen**aus.
    /// Weitere Informationen finden Sie unter[Geräterückschreibung](…).
    /// ```
    /// The sources are `Select **Settings**.` and `For more information, see [Device
    /// Writeback](…).`
    pub struct MissingSpaceAroundMarkup {
        name: "missing-space-around-markup",
        category: Markup,
        severity: Warning,
        summary: "No space between bold, italic or a link and the word next to it.",
        locale: "Reads `word_spaces`, `grammar.suffixes_attach`, `grammar.prefixes` and `punctuation`. Quiet where words are not separated by spaces and where the locale is unknown.",
    }
}

/// Which boundary of which markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Side {
    /// The word after a closing emphasis marker.
    EmphasisClose,
    /// The word before an opening emphasis marker.
    EmphasisOpen,
    /// The word after a link's `)`.
    LinkClose,
    /// The word before a link's `[`.
    LinkOpen,
}

const SIDES: [Side; 4] = [
    Side::EmphasisClose,
    Side::EmphasisOpen,
    Side::LinkClose,
    Side::LinkOpen,
];

/// A word glued to a markup boundary.
#[derive(Clone, Copy, Debug)]
struct Glue {
    side: Side,
    /// The index of the span or link among the side's spans or links.
    index: usize,
    /// Where a space is missing.
    at: usize,
    /// The markup delimiter at the boundary (`**`, `)`, `[`…).
    marker: TextRange,
    /// The glued word.
    word: TextRange,
}

/// The word (letters, digits and combining marks) that starts at `at`, or ends at `at`
/// when `backwards`.
fn word_at(text: &str, at: usize, lo: usize, hi: usize, backwards: bool) -> TextRange {
    let is_word = |c: char| c.is_alphanumeric() || is_mark(c);
    if backwards {
        let len: usize = text[lo..at]
            .chars()
            .rev()
            .take_while(|&c| is_word(c))
            .map(char::len_utf8)
            .sum();
        TextRange::new(at - len, at)
    } else {
        let len: usize = text[at..hi]
            .chars()
            .take_while(|&c| is_word(c))
            .map(char::len_utf8)
            .sum();
        TextRange::new(at, at + len)
    }
}

/// Combining marks (Arabic harakat, Devanagari vowel signs, Thai vowels): part of a word.
fn is_mark(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    !c.is_ascii()
        && matches!(
            get_general_category(c),
            G::NonspacingMark | G::SpacingMark | G::EnclosingMark
        )
}

/// Every word glued to markup in one side of a segment. `profile` is the side's own
/// (English for the source).
fn glued(
    side: &SegmentText,
    spans: &[EmphasisSpan],
    text: &str,
    profile: &LocaleProfile,
) -> Vec<Glue> {
    let inl = &side.inlines;
    let (lo, hi) = (side.content.start(), side.content.end());
    let mut out = Vec::new();
    let starts_word = |at: usize| {
        text[at..hi]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    let ends_word = |at: usize| {
        text[lo..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || is_mark(c))
    };
    let check = |side: Side, index: usize, marker: TextRange, out: &mut Vec<Glue>| {
        let closing = matches!(side, Side::EmphasisClose | Side::LinkClose);
        if closing {
            let at = marker.end();
            if !starts_word(at) {
                return;
            }
            let word = word_at(text, at, lo, hi, false);
            let first = word.slice(text).chars().next();
            // Korean particles attach to what they follow.
            if profile.grammar.suffixes_attach && first.is_some_and(|c| profile.is_native_letter(c))
            {
                return;
            }
            out.push(Glue {
                side,
                index,
                at,
                marker,
                word,
            });
        } else {
            let at = marker.start();
            if !ends_word(at) {
                return;
            }
            // Words glued to words: `SSPR[(셀프 서비스 …)]` is a gloss in parentheses.
            let inner = text[marker.end()..hi]
                .chars()
                .find(|&c| c != '*' && c != '_');
            if !inner.is_some_and(char::is_alphanumeric) {
                return;
            }
            let word = word_at(text, at, lo, hi, true);
            // Where endings attach, markup may start inside a word: `삭제***할 수***`.
            let before = text[lo..at].chars().next_back();
            if profile.grammar.suffixes_attach
                && before.is_some_and(|c| profile.is_native_letter(c))
                && inner.is_some_and(|c| profile.is_native_letter(c))
            {
                return;
            }
            // Arabic `و`/`ب`/`ال`, Hebrew `ב`: written attached to the next word.
            let w = word.slice(text);
            if profile.grammar.prefixes.iter().any(|p| p == w) {
                return;
            }
            out.push(Glue {
                side,
                index,
                at,
                marker,
                word,
            });
        }
    };
    // Nested spans share a boundary: the outermost marker run is the one next to words.
    let is_marker = |b: u8| b == b'*' || b == b'_';
    for (k, s) in spans.iter().enumerate() {
        let bytes = text.as_bytes();
        if s.close.end() < hi && is_marker(bytes[s.close.end()]) {
            // Part of a longer closing run: its end is checked with the outer span.
        } else {
            check(Side::EmphasisClose, k, s.close, &mut out);
        }
        if s.open.start() > lo && is_marker(bytes[s.open.start() - 1]) {
        } else {
            check(Side::EmphasisOpen, k, s.open, &mut out);
        }
    }
    let links = inl.links.iter().filter(|l| !l.autolink && !l.image);
    for (k, l) in links.enumerate() {
        // An empty link renders nothing, and a space at an end of the link text renders
        // as a space: no words run together there.
        let link_text = l.text.slice(text);
        if link_text.trim().is_empty() {
            continue;
        }
        let close = TextRange::new(l.range.end() - 1, l.range.end());
        let open = TextRange::new(l.range.start(), l.range.start() + 1);
        if !link_text.ends_with(char::is_whitespace) {
            check(Side::LinkClose, k, close, &mut out);
        }
        if !link_text.starts_with(char::is_whitespace) {
            check(Side::LinkOpen, k, open, &mut out);
        }
    }
    out
}

fn describe(side: Side) -> &'static str {
    match side {
        Side::EmphasisClose => "after the closing emphasis marker",
        Side::EmphasisOpen => "before the opening emphasis marker",
        Side::LinkClose => "after the link",
        Side::LinkOpen => "before the link",
    }
}

impl Rule for MissingSpaceAroundMarkup {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.profile.separates_words() != Some(true) {
            return;
        }
        let text = ctx.text();
        let english = crate::locale::source();
        for (seg, target, source) in ctx.document.pairs() {
            let t = &target.inlines;
            if t.emphasis.is_empty() && t.links.is_empty() {
                continue;
            }
            let rt = t.resolve_emphasis();
            let found = glued(target, &rt.spans, text, ctx.profile);
            if found.is_empty() {
                continue;
            }
            let rs = source.inlines.resolve_emphasis();
            let src = glued(source, &rs.spans, text, &english);
            let links = |side: &'_ SegmentText| -> Vec<Link> {
                side.inlines
                    .links
                    .iter()
                    .filter(|l| !l.autolink && !l.image)
                    .cloned()
                    .collect()
            };
            let (tl, sl) = (links(target), links(source));
            // The source's markup that goes with the target's: by order, when both
            // sides have as many.
            let counterpart = |side: Side, index: usize| -> Option<TextRange> {
                match side {
                    Side::EmphasisClose | Side::EmphasisOpen => (rt.spans.len() == rs.spans.len())
                        .then(|| rs.spans[index].open.cover(rs.spans[index].close)),
                    Side::LinkClose | Side::LinkOpen => {
                        (tl.len() == sl.len()).then(|| sl[index].range)
                    }
                }
            };
            // Counted once per side (a segment can hold thousands of glued markers).
            let counts =
                |glues: &[Glue]| SIDES.map(|side| glues.iter().filter(|x| x.side == side).count());
            let (found_per_side, src_per_side) = (counts(&found), counts(&src));
            let src_indices: std::collections::HashSet<(u8, usize)> =
                src.iter().map(|x| (x.side as u8, x.index)).collect();
            for g in &found {
                let partner = counterpart(g.side, g.index);
                // The source glues the same markup the same way (`**File**s`).
                let in_source = if partner.is_some() {
                    src_indices.contains(&(g.side as u8, g.index))
                } else {
                    src_per_side[g.side as usize] >= found_per_side[g.side as usize]
                };
                if in_source {
                    continue;
                }
                let closing = matches!(g.side, Side::EmphasisClose | Side::LinkClose);
                let range = if closing {
                    g.marker.cover(g.word)
                } else {
                    g.word.cover(g.marker)
                };
                let marker = g.marker.slice(text);
                let word = g.word.slice(text);
                // Where endings attach to names (`Outlooka`, `Outlook'ta`), what follows
                // the markup may be an ending that wants a joiner rather than a space.
                let ending = closing && ctx.profile.names.inflection != NameInflection::None;
                // Named in the order they stand in the text.
                let (first, second) = if closing {
                    (marker, word)
                } else {
                    (word, marker)
                };
                let mut message = format!(
                    "no space between `{first}` and `{second}`: the word is glued {}",
                    describe(g.side)
                );
                if closing
                    && ctx.profile.names.inflection == NameInflection::Joined
                    && !ctx.profile.names.joiners.is_empty()
                {
                    let joiners: Vec<String> = ctx
                        .profile
                        .names
                        .joiners
                        .iter()
                        .map(|j| format!("`{j}`"))
                        .collect();
                    message.push_str(&format!(
                        " (if it is an ending, it goes after a joiner: {})",
                        joiners.join(" ")
                    ));
                }
                let fix = Fix {
                    message: "Insert a space".into(),
                    edits: vec![Edit {
                        range: TextRange::empty(g.at),
                        content: " ".into(),
                    }],
                    applicability: if ending {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    },
                };
                out.push(
                    Diagnostic::new(&Self::META, range, message)
                        .with_segment(seg.id_str(text))
                        .with_label(
                            partner.unwrap_or_else(|| source.trimmed_content(text)),
                            if partner.is_some() {
                                "the same markup in the source"
                            } else {
                                "the source"
                            },
                        )
                        .with_fix(fix),
                );
            }
        }
    }
}
