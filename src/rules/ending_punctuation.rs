use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::document::{BlockKind, BrokenLinkKind, SegmentText};
use crate::locale::{self, LocaleProfile, SentencePeriod};
use crate::rule::{Context, Rule};
use crate::text::{SortedRanges, TextRange};

declare_rule! {
    /// ## What it does
    /// Compares the sentence-final punctuation of a target segment with its source's, after
    /// trailing emphasis markers, closing brackets and quotes, and link syntax (a link's text
    /// counts, its URL does not). The marks are read from the locale's profile
    /// (`punctuation`: `.`/`。`, `?`/`？`/`؟`, `;` as the Greek question mark, `।` in Hindi;
    /// the source is read as English). Reported: a heading that ends with `.`, `:`, `,` or
    /// `;` where the source heading has no final punctuation (the fix removes it); a period
    /// or colon the target lost; a colon, question mark or period turned into another mark
    /// (`:` ended with `。`); a question ending with a comma or semicolon, or, when the
    /// source's `?` ends its own sentence (not a linked or quoted title's) and that sentence
    /// starts with a question word of the source profile (`question_words`: `Do you…?`,
    /// `Q: …?`), with a period or nothing (a heading or a bold label may be rephrased as a
    /// title; `Verify you have assigned licenses?` is a stray mark). A question may become a
    /// statement that introduces what follows with a colon. A source period after a colon
    /// and debris (`steps: a.`, `archiving:.`) is read as the colon. The profile's
    /// conventions decide the rest: a sentence introducing a list may end with a period where
    /// the locale allows it (`list_intro`: Russian, Korean, Arabic, Japanese); a locale whose sentences
    /// end without a period (`sentence_period: none`: Thai) is not held to the source's `.`;
    /// Korean fragments ending with a noun need no period (`optional`); a question may be a
    /// statement where `question_as_statement` says so. Not compared: a source that ends
    /// with an ellipsis, an abbreviation of English or of the locale (`etc.`, `2021 r.`,
    /// `z. B.`, `т. е.`), a comma or a semicolon, or a period after which the English
    /// sentence goes on in the next segment (`In the **No.**` + `field, enter…`: the
    /// segmenter cut after an abbreviation), or after a field label's abbreviation in a
    /// table (`Table No.`); a linked title's own `?` or `!`
    /// (`[What is Intune?](url)`) for a source's `.` or `?`; a target that is one link (a
    /// list of links needs no period); a final mark that belongs to an emphasized label the
    /// source has too (`… **จาก:**` for `the **From:** address.`); the `;` of an HTML entity.
    /// Fixes write only the locale's own form of a mark, never a mark it does not use (no
    /// period in Thai), and no `?` or `!` where the locale opens questions (`¿`). A locale
    /// whose punctuation is unknown is not checked.
    ///
    /// ## Why it matters
    /// The final mark tells the reader what follows: a colon announces a list or a
    /// command, a question asks, a heading has none. A lost or changed mark is usually a
    /// sign of a truncated or reordered translation.
    ///
    /// ## Example
    /// `# 이 사이트에 액세스할 수 있는 권한이 필요합니다.` for the heading
    /// `You Need Permission to Access This Site`; `請執行下列動作。` for `Do the following:`.
    pub struct EndingPunctuation {
        name: "ending-punctuation",
        category: Punctuation,
        severity: Warning,
        summary: "The target's sentence-final punctuation does not correspond to the source's.",
        locale: "Reads `punctuation` (sentence marks, `sentence_period`, `list_intro`, `question_as_statement`, `opening`, `abbreviations`) and the English profile's `punctuation.question_words`. Quiet where the punctuation is unknown.",
    }
}

/// Stands for a code span, an image, an autolink or a bare URL in `visible_chars`.
pub(super) const OPAQUE: char = '\u{fffc}';

/// Options for `visible_chars`.
#[derive(Clone, Copy, Default)]
pub(super) struct Visibility {
    /// Leave out everything inside broken link syntax (its brackets are another rule's).
    pub skip_broken_links: bool,
}

/// The characters a reader sees in a segment, with their ranges: emphasis markers, HTML
/// tags, link syntax (`[`, `](url)`) and backslashes of escapes are left out; a code span,
/// an image, an autolink or a bare URL becomes one `OPAQUE` character covering its range.
pub(super) fn visible_chars(
    st: &SegmentText,
    text: &str,
    opts: Visibility,
) -> Vec<(char, TextRange)> {
    let mut v = Visible::default();
    v.read(st, text, opts);
    v.chars
}

/// The visible characters of one segment text at a time (see `visible_chars`), in buffers
/// kept from one segment to the next: a rule reading every segment of a document
/// allocates them once instead of twice per segment.
#[derive(Default)]
pub(super) struct Visible {
    /// Markup of the segment as (start, end, opaque), relative to its text; sorted.
    spans: Vec<(usize, usize, bool)>,
    /// The same spans for `read_tail`'s walk back, which may meet thousands of spaces
    /// inside markup (code spans with spaces): each is looked up by binary search.
    markup: SortedRanges,
    /// What the last `read` or `read_tail` found.
    pub chars: Vec<(char, TextRange)>,
}

impl Visible {
    /// Reads all the visible characters of `st` into `self.chars`.
    pub fn read(&mut self, st: &SegmentText, text: &str, opts: Visibility) {
        self.read_after(st, text, opts, None);
    }

    /// Reads the visible characters of the segment's end into `self.chars`: those after the
    /// last cut point (see `read_after`) that lies `tail` bytes or more before the end, or
    /// all of them where there is none. Returns whether they start at the segment's start.
    fn read_tail(&mut self, st: &SegmentText, text: &str, tail: usize) -> bool {
        self.read_after(st, text, Visibility::default(), Some(tail))
    }

    /// A cut point is right after a white space or a non-ASCII character outside any
    /// markup: the scan from the segment's start reaches such a character and reads it as
    /// itself (a bare URL is ASCII and ends at white space; an escape is ASCII), and what
    /// it reads after it depends only on the text from there. So the characters read from
    /// a cut point are exactly the end of all of them, and the character before the cut
    /// is visible, so what a reader sees before it never joins what comes after. Text
    /// without white space (Chinese) has cut points all along.
    fn read_after(
        &mut self,
        st: &SegmentText,
        text: &str,
        opts: Visibility,
        tail: Option<usize>,
    ) -> bool {
        let raw = st.raw(text);
        let base = st.content.start();
        let inl = &st.inlines;
        // (start, end, opaque) relative to the segment text.
        let rel = |r: TextRange| (r.start() - base, (r.end() - base).min(raw.len()));
        let spans = &mut self.spans;
        spans.clear();
        for l in &inl.links {
            if l.image || l.autolink {
                let (s, e) = rel(l.range);
                spans.push((s, e, true));
            } else {
                let (s, _) = rel(l.range);
                let (ts, te) = rel(l.text);
                let (_, e) = rel(l.range);
                spans.push((s, ts, false));
                spans.push((te, e, false));
            }
        }
        for c in &inl.code {
            let (s, e) = rel(c.range);
            spans.push((s, e, true));
        }
        for h in &inl.html_tags {
            let (s, e) = rel(h.range);
            spans.push((s, e, false));
        }
        for m in &inl.emphasis {
            let (s, e) = rel(m.range);
            spans.push((s, e, false));
        }
        for b in &inl.broken_links {
            if opts.skip_broken_links && b.kind == BrokenLinkKind::NoUrl {
                // `[設定]` (a UI label, or a link that lost its URL): only its brackets are
                // link syntax; the text between them is read.
                let (s, e) = rel(b.range);
                spans.push((s, s + 1, false));
                spans.push((e - 1, e, false));
            } else if opts.skip_broken_links {
                let (s, e) = rel(b.range);
                spans.push((s, e, false));
            } else if let Some(u) = b.url {
                let (s, e) = rel(u);
                spans.push((s, e, true));
            }
        }
        spans.retain(|&(s, e, _)| s < e);
        spans.sort_unstable();
        let spans = &*spans;
        let bytes = raw.as_bytes();
        let markup = &mut self.markup;
        let from = tail
            .and_then(|tail| {
                let mut q = raw.len().checked_sub(tail)?;
                markup.refill(spans.iter().map(|&(s, e, _)| (s, e)));
                let in_span = |q: usize| markup.holds(q, q + 1);
                while q > 0 {
                    q -= 1;
                    let b = bytes[q];
                    // A space, or the first byte of a non-ASCII character.
                    if (b == b' ' || b >= 0xC0) && !in_span(q) {
                        return Some(q + raw[q..].chars().next().map_or(1, char::len_utf8));
                    }
                }
                None
            })
            .unwrap_or(0);
        let out = &mut self.chars;
        out.clear();
        out.reserve((raw.len() - from) / 2);
        let mut i = from;
        let mut k = 0;
        while i < raw.len() {
            while k < spans.len() && spans[k].1 <= i {
                k += 1;
            }
            if let Some(&(s, e, opaque)) = spans.get(k).filter(|sp| sp.0 <= i) {
                if opaque && s == i {
                    out.push((OPAQUE, TextRange::new(base + s, base + e)));
                } else if opaque {
                    // Inside an opaque span entered through an overlap: skip it whole.
                }
                i = e.max(i + 1);
                while !raw.is_char_boundary(i) {
                    i += 1;
                }
                continue;
            }
            // Plain text up to the next span: no span needs looking at before it starts.
            let stop = spans.get(k).map_or(raw.len(), |sp| sp.0);
            while i < stop {
                let b = bytes[i];
                // The URL's end is looked for only where one may start: `_http://…` or
                // `5http://…` glued thousands of times would each scan to the end.
                if b == b'h'
                    && (i == 0 || !is_url_char(bytes[i - 1]))
                    && let Some(len) = bare_url_len(&raw[i..])
                {
                    out.push((OPAQUE, TextRange::new(base + i, base + i + len)));
                    i += len;
                    continue;
                }
                let c = if b < 0x80 {
                    b as char
                } else {
                    raw[i..].chars().next().expect("char boundary")
                };
                if c == '\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                    i += 1;
                    continue;
                }
                out.push((c, TextRange::new(base + i, base + i + c.len_utf8())));
                i += c.len_utf8();
            }
        }
        from == 0
    }
}

fn is_url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_' | b'%')
}

/// The length of a bare `http(s)://` URL at the start of `s`, as GitHub links them: up to
/// white space or a non-ASCII character, without trailing punctuation or an unbalanced `)`.
fn bare_url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let mut end = s
        .find(|c: char| c.is_whitespace() || !c.is_ascii() || c == '<')
        .unwrap_or(s.len());
    // Brackets in the URL, counted once and kept as characters are trimmed off its end.
    let count = |b: u8| s.as_bytes()[..end].iter().filter(|&&x| x == b).count();
    let (mut parens, mut brackets) = ((count(b'('), count(b')')), (count(b'['), count(b']')));
    loop {
        let last = s.as_bytes()[end - 1];
        let trim = match last {
            // `…/pstnconferencing(으)로`: a Korean particle in parentheses follows the URL.
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' | b'"' | b'\'' | b'(' => {
                true
            }
            b')' => parens.0 < parens.1,
            b']' => brackets.0 < brackets.1,
            _ => false,
        };
        if !trim || end <= "https://".len() {
            break;
        }
        match last {
            b'(' => parens.0 -= 1,
            b')' => parens.1 -= 1,
            b']' => brackets.1 -= 1,
            _ => {}
        }
        end -= 1;
    }
    Some(end)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Period,
    Colon,
    Question,
    Exclamation,
    Comma,
    Semicolon,
    Ellipsis,
    /// `etc.`, `e.g.`, `i.e.`: the period belongs to the word.
    Abbreviation,
    /// A `?` or `!` ending a link's text: it belongs to the linked title.
    Title,
    None,
}

impl Mark {
    fn name(self) -> &'static str {
        match self {
            Mark::Period => "a period",
            Mark::Colon => "a colon",
            Mark::Question => "a question mark",
            Mark::Exclamation => "an exclamation mark",
            Mark::Comma => "a comma",
            Mark::Semicolon => "a semicolon",
            Mark::Ellipsis => "an ellipsis",
            Mark::Abbreviation => "an abbreviation",
            Mark::Title => "a linked title",
            Mark::None => "no punctuation",
        }
    }

    /// The mark as a locale writes it (None: the locale has no such mark).
    fn written(self, profile: &LocaleProfile) -> Option<&str> {
        let kind = match self {
            Mark::Period => locale::Mark::FullStop,
            Mark::Colon => locale::Mark::Colon,
            Mark::Question => locale::Mark::Question,
            Mark::Exclamation => locale::Mark::Exclamation,
            Mark::Comma => locale::Mark::Comma,
            Mark::Semicolon => locale::Mark::Semicolon,
            _ => return None,
        };
        // Spanish opens a question with `¿`: a fix at the end alone would be half of it.
        if matches!(kind, locale::Mark::Question | locale::Mark::Exclamation)
            && profile
                .punctuation
                .as_ref()
                .is_some_and(|p| !p.opening.is_empty())
        {
            return None;
        }
        profile.write_mark(kind).filter(|m| !m.is_empty())
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '）'
            | '】'
            | '］'
            | '」'
            | '』'
            | '”'
            | '’'
            | '»'
            | '》'
            | '〉'
    )
}

/// What a segment ends with: its final mark, the range of the mark (or of the last visible
/// character when there is none) and the last visible character.
struct Ending {
    mark: Mark,
    range: TextRange,
    last: char,
}

fn ending(
    st: &SegmentText,
    text: &str,
    profile: &LocaleProfile,
    vis: &mut Visible,
) -> Option<Ending> {
    // Only the end is read: the last 16 characters before the final mark and the run of
    // ASCII letters an HTML entity may end with (which stop at any cut point).
    let trimmed = |chars: &[(char, TextRange)]| {
        let mut n = chars.len();
        // Literal (escaped or stray) `*` and `_` at the end are markup debris, not words.
        while n > 0
            && (chars[n - 1].0.is_whitespace()
                || is_closer(chars[n - 1].0)
                || "*_".contains(chars[n - 1].0))
        {
            n -= 1;
        }
        n
    };
    // A short tail first: 40 bytes, or 24 characters where they take more bytes (Hangul,
    // CJK and Thai take three a character: 40 bytes would leave fewer than the 17 needed,
    // and the end would be read twice). One that markup leaves too few characters (a long
    // URL at the end) is read again further back, and then whole.
    let raw = st.raw(text);
    let tail = raw
        .char_indices()
        .nth_back(23)
        .map_or(raw.len(), |(i, _)| raw.len() - i)
        .max(40);
    let mut whole = vis.read_tail(st, text, tail);
    let mut n = trimmed(&vis.chars);
    if !whole && n < 17 {
        whole = vis.read_tail(st, text, 200);
        n = trimmed(&vis.chars);
    }
    if !whole && n < 17 {
        vis.read(st, text, Visibility::default());
        n = trimmed(&vis.chars);
    }
    let chars = &vis.chars;
    let (c, range) = *chars[..n].last()?;
    let prev = |k: usize| n.checked_sub(k + 1).map(|i| chars[i].0);
    let mut buf = [0u8; 4];
    let mark = match profile.mark_of(c.encode_utf8(&mut buf)) {
        Some(locale::Mark::Ellipsis) => Mark::Ellipsis,
        Some(locale::Mark::FullStop) => {
            if prev(1) == Some('.') {
                Mark::Ellipsis
            } else {
                // The words before the period: `etc.`, `e.g.`, `2021 r.`, `z. B.`, `т. е.`,
                // in a buffer on the stack (16 characters of at most 4 bytes).
                let mut tail = [0u8; 64];
                let mut len = 0;
                for (c, _) in &chars[n.saturating_sub(16)..n] {
                    len += c.encode_utf8(&mut tail[len..]).len();
                }
                let tail = std::str::from_utf8(&tail[..len]).expect("UTF-8 just encoded");
                if profile.ends_with_abbreviation(tail) {
                    Mark::Abbreviation
                } else {
                    Mark::Period
                }
            }
        }
        // `&amp;`: the `;` ends an HTML entity.
        Some(locale::Mark::Semicolon) if ends_with_entity(&chars[..n]) => Mark::None,
        Some(locale::Mark::Colon) => Mark::Colon,
        Some(locale::Mark::Question) => Mark::Question,
        Some(locale::Mark::Exclamation) => Mark::Exclamation,
        Some(locale::Mark::Comma) => Mark::Comma,
        Some(locale::Mark::Semicolon) => Mark::Semicolon,
        None => Mark::None,
    };
    // `see [What is Intune?](url)`: the question mark is the linked title's.
    let in_link_text = st
        .inlines
        .links
        .iter()
        .any(|l| !l.image && l.text.contains_range(range));
    let mark = match mark {
        Mark::Question | Mark::Exclamation if in_link_text => Mark::Title,
        m => m,
    };
    Some(Ending {
        mark,
        range,
        last: c,
    })
}

/// Whether a source is a label of two to four capitalized words whose last, of at most
/// three letters, ends with the period (`Table No.`, `Item Ref.`): a field name in a
/// table, where the period is the abbreviation's. (`A: No.` and `Select Yes or No.` are
/// sentences.)
fn is_label_with_abbreviation(source: &str) -> bool {
    let Some(label) = source.trim().strip_suffix('.') else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    let capitalized =
        |w: &&str| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic);
    (2..=4).contains(&words.len())
        && words.iter().all(capitalized)
        && words.last().is_some_and(|w| w.chars().count() <= 3)
}

/// Whether the text before a source's final period ends with a colon and at most one
/// letter or digit after it (`steps: a`, `archiving:`): the period is debris.
fn colon_with_debris(before: &str) -> bool {
    let t = before.trim_end();
    if t.ends_with([':', '：']) {
        return true;
    }
    let mut it = t.chars().rev();
    match (it.next(), it.next(), it.next()) {
        (Some(a), Some(' '), Some(':' | '：')) if a.is_alphanumeric() => true,
        (Some(a), Some('：'), _) => a.is_alphanumeric(),
        _ => false,
    }
}

/// A segment that is one bold (or italic) span: `**Prerequisites**`.
fn is_bold_only(t: &str) -> bool {
    ["**", "__"].iter().any(|m| {
        t.len() > 2 * m.len()
            && t.starts_with(m)
            && t.ends_with(m)
            && !t[m.len()..t.len() - m.len()].contains(m)
    })
}

/// Whether the visible characters end with an HTML entity (`&amp;`, `&#38;`).
fn ends_with_entity(chars: &[(char, TextRange)]) -> bool {
    let body = chars[..chars.len().saturating_sub(1)]
        .iter()
        .rev()
        .take_while(|(c, _)| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    body > 0
        && chars
            .len()
            .checked_sub(body + 2)
            .is_some_and(|i| chars[i].0 == '&')
}

/// Whether the target's final mark belongs to an emphasized label and the source's label
/// has the same mark inside its emphasis too (`… **จาก:**` for `… the **From:** address.`):
/// the label keeps its own punctuation wherever the sentence puts it.
fn mark_in_label(
    target: &SegmentText,
    source: &SegmentText,
    text: &str,
    mark: TextRange,
    profile: &LocaleProfile,
) -> bool {
    let raw = target.raw(text);
    let base = target.content.start();
    let Some(rest) = raw.get(mark.end() - base..) else {
        return false;
    };
    let Some(marker) = ["**", "__", "*", "_"]
        .into_iter()
        .find(|m| rest.starts_with(m))
    else {
        return false;
    };
    let english = locale::source();
    let Some(form) = profile
        .mark_of(mark.slice(text))
        .and_then(|k| english.write_mark(k))
    else {
        return false;
    };
    source.raw(text).contains(&format!("{form}{marker}"))
}

/// Whether the source's last sentence (up to its final `?` at `mark`) starts with a word
/// that asks a question in English (`Do you…?`, `Q: …?`); None where the source profile
/// lists no question words.
fn question_starts(
    source: &SegmentText,
    text: &str,
    mark: TextRange,
    english: &LocaleProfile,
) -> Option<bool> {
    let before = text.get(source.content.start()..mark.start())?;
    let sentence = before
        .rfind(['.', '!', '?'])
        .map_or(before, |i| &before[i + 1..]);
    let first = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(['*', '_', '[', '(', '"', '“']))
        .find(|w| !w.is_empty())?;
    english.starts_question(first)
}

/// What a source's final `?` asks, as far as the target's ending can be compared with it.
#[derive(Clone, Copy, Default)]
struct Question {
    /// The `?` follows a word: the sentence itself asks (not a linked or quoted title, `see
    /// [What is X](url)?`, whose `?` the translation rightly drops).
    asks: bool,
    /// The target is one bold span, a label that may be rephrased as a title.
    label: bool,
}

/// Whether `(source, target)` final marks are a mismatch worth reporting in a locale;
/// `fragment`: the target ends with a word of a locale whose fragments need no period;
/// `question` is read only where the source ends with a question mark.
fn mismatch(
    src: Mark,
    tgt: Mark,
    heading: bool,
    profile: &LocaleProfile,
    fragment: bool,
    question: Question,
) -> bool {
    use Mark::*;
    // `see [What is Intune?](url)`: a linked title's own `?` or `!` ends the sentence.
    if tgt == Title && matches!(src, Period | Question | Exclamation) {
        return false;
    }
    let tgt = if tgt == Title { None } else { tgt };
    if src == tgt {
        return false;
    }
    let Some(p) = &profile.punctuation else {
        return false;
    };
    let list_intro_period = p.list_intro.contains(&locale::Mark::FullStop);
    let no_period = p.sentence_period == SentencePeriod::None;
    match src {
        Ellipsis | Abbreviation | Title | Comma | Semicolon | Exclamation => false,
        None => heading && matches!(tgt, Period | Colon | Comma | Semicolon),
        Period => match tgt {
            // Headings lose their period on purpose; Korean fragments end with a noun;
            // Thai ends sentences without one.
            None => !heading && !fragment && !no_period,
            Colon | Comma | Semicolon | Question => true,
            _ => false,
        },
        Colon => match tgt {
            Period => !list_intro_period,
            // A heading needs no colon (`## Tips` for `## Tips:`).
            None => !(heading || (no_period && list_intro_period)),
            Question | Comma | Semicolon | Exclamation => true,
            _ => false,
        },
        Question => {
            !p.question_as_statement
                && match tgt {
                    // A question rephrased as a statement may introduce what follows
                    // (`Are you seeing the following?` → `…следующие сведения:`).
                    Comma | Semicolon => true,
                    // A title may be rephrased (`Need help with X?` → `Help with X`).
                    Period => question.asks,
                    None => question.asks && !heading && !question.label,
                    _ => false,
                }
        }
    }
}

impl Rule for EndingPunctuation {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let profile = ctx.profile;
        if profile.punctuation.is_none() {
            return;
        }
        let english = locale::source();
        let mut vis = Visible::default();
        for (seg, target, source) in ctx.document.pairs() {
            // A link whose `(url` never closes swallows the end of the segment: the ending
            // cannot be read (broken-link-syntax reports the link).
            let unclosed = |st: &SegmentText| {
                st.inlines
                    .broken_links
                    .iter()
                    .any(|b| b.kind == BrokenLinkKind::UnclosedUrl)
            };
            if unclosed(target) || unclosed(source) {
                continue;
            }
            let (Some(mut t), Some(s)) = (
                ending(target, text, profile, &mut vis),
                ending(source, text, &english, &mut vis),
            ) else {
                continue;
            };
            // `…steps: a.`, `…archiving:.`: a colon with debris after it ends the source.
            let mut s = s;
            if s.mark == Mark::Period
                && colon_with_debris(&text[source.content.start()..s.range.start()])
            {
                s.mark = Mark::Colon;
            }
            // The translation may copy the debris (`: a.`, `：a.`).
            if t.mark == Mark::Period
                && s.mark == Mark::Colon
                && colon_with_debris(&text[target.content.start()..t.range.start()])
            {
                t.mark = Mark::Colon;
            }
            if matches!(
                t.mark,
                Mark::Period | Mark::Colon | Mark::Question | Mark::Exclamation
            ) && mark_in_label(target, source, text, t.range, profile)
            {
                continue;
            }
            // The segment is a link's text (`[<span…>Title</span>…](url)`): a linked title.
            if text[..target.open_tag.start()].ends_with('[') {
                continue;
            }
            let heading = matches!(
                ctx.document.block_of(seg).map(|b| &b.kind),
                Some(BlockKind::Heading { .. })
            );
            // `…버전이 있는지 확인`, `[구독 취소](url)`: Korean list items and fragments end
            // with a noun and no period.
            let fragment = profile.sentence_period() == Some(SentencePeriod::Optional)
                && profile.is_native_letter(t.last);
            // Read only for a source's `?`, the one mark `mismatch` asks it about.
            let question = if s.mark == Mark::Question {
                Question {
                    asks: text[..s.range.start()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && !text[s.range.end()..source.content.end()]
                            .chars()
                            .any(is_closer)
                        && question_starts(source, text, s.range, &english) != Some(false),
                    label: is_bold_only(target.raw(text).trim()),
                }
            } else {
                Question::default()
            };
            // `edit the **Package Tracking No.**` + `field, for example.`: the period is an
            // abbreviation's, the sentence goes on.
            if s.mark == Mark::Period && t.mark != Mark::Period && seg.continued {
                continue;
            }
            if !mismatch(s.mark, t.mark, heading, profile, fragment, question) {
                continue;
            }
            if t.mark == Mark::Title {
                t.mark = Mark::None;
            }
            let trimmed = target.raw(text).trim();
            // `[Policy packages in Teams](url)` for `[…](url).`: a list of links needs no
            // period.
            if s.mark == Mark::Period
                && t.mark == Mark::None
                && target
                    .inlines
                    .links
                    .iter()
                    .any(|l| !l.image && l.range.slice(text).len() == trimmed.len())
            {
                continue;
            }
            // `Table No.` heading a column: a field label ending with an abbreviation.
            if s.mark == Mark::Period
                && t.mark == Mark::None
                && seg.table_column.is_some()
                && is_label_with_abbreviation(source.plain(text))
            {
                continue;
            }
            let shown = |e: &Ending| e.range.slice(text).to_string();
            let (message, fix) = if s.mark == Mark::None {
                (
                    format!(
                        "the heading ends with `{}`; the source heading has no final punctuation",
                        shown(&t)
                    ),
                    Some(Fix::replace(
                        format!("Remove `{}`", shown(&t)),
                        t.range,
                        "",
                        Applicability::Safe,
                    )),
                )
            } else if t.mark == Mark::None {
                let raw = target.raw(text);
                let at = target.content.start() + raw.trim_end().len();
                (
                    format!(
                        "the target ends without {}; the source ends with `{}`",
                        s.mark.name(),
                        shown(&s)
                    ),
                    s.mark.written(profile).map(|mark| {
                        Fix::replace(
                            format!("Add `{mark}`"),
                            TextRange::empty(at),
                            mark,
                            Applicability::Unsafe,
                        )
                    }),
                )
            } else {
                (
                    format!(
                        "the target ends with {} `{}`; the source ends with {} `{}`",
                        t.mark.name(),
                        shown(&t),
                        s.mark.name(),
                        shown(&s)
                    ),
                    s.mark.written(profile).map(|mark| {
                        Fix::replace(
                            format!("Replace with `{mark}`"),
                            t.range,
                            mark,
                            Applicability::Unsafe,
                        )
                    }),
                )
            };
            let label = if s.mark == Mark::None {
                "the source heading ends here"
            } else {
                "the source's final punctuation"
            };
            let mut d = Diagnostic::new(&Self::META, t.range, message)
                .with_segment(seg.id_str(text))
                .with_label(s.range, label);
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn a_bare_url_ends_where_recounting_its_brackets_each_step_ends_it() {
        // The end as found before the counts were kept: brackets counted again per trim.
        fn recounted(s: &str) -> Option<usize> {
            if !(s.starts_with("http://") || s.starts_with("https://")) {
                return None;
            }
            let mut end = s
                .find(|c: char| c.is_whitespace() || !c.is_ascii() || c == '<')
                .unwrap_or(s.len());
            loop {
                let url = &s[..end];
                let trim = match url.as_bytes()[end - 1] {
                    b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' | b'"' | b'\''
                    | b'(' => true,
                    b')' => url.matches('(').count() < url.matches(')').count(),
                    b']' => url.matches('[').count() < url.matches(']').count(),
                    _ => false,
                };
                if !trim || end <= "https://".len() {
                    break;
                }
                end -= 1;
            }
            Some(end)
        }
        let pieces = ["(", ")", "[", "]", ".", ",", "a", "_", "/", " ", "가", "?"];
        let mut random = crate::random::Random::new(1);
        for _ in 0..20_000 {
            let scheme = ["http://", "https://"][random.below(2)];
            let mut s = String::from(scheme);
            for _ in 0..random.below(12) {
                s.push_str(pieces[random.below(pieces.len())]);
            }
            assert_eq!(bare_url_len(&s), recounted(&s), "{s:?}");
        }
    }

    /// The end read from a tail is the end of all the visible characters: over both seeds
    /// and segments whose markup holds white space near the end.
    #[test]
    fn a_tail_is_the_end_of_the_visible_characters() {
        let tricky = "---\nms.contentlocale: fr-FR\n---\n\n\
            <span data-ttu-id=\"a-101\">Voir `code with spaces` et [le lien](https://example.com/a b \"titre\") puis <a href=\"x y\">ici</a> https://example.com/url.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-101\">See it.</span></span>\n\
            <span data-ttu-id=\"a-102\">**Sélectionnez une option dans la liste déroulante** \\* &amp; fin   </span><span class=\"sxs-lookup\"><span data-stu-id=\"a-102\">Select.</span></span>\n";
        // Markup, bare URLs and escapes right against non-ASCII characters of several
        // scripts, where the tail may be cut.
        let scripts = "---\nms.contentlocale: ar-SA\n---\n\n\
            <span data-ttu-id=\"b-1\">انقر فوق `الإعدادات` ثم [الخيارات](https://example.com/مسار)https://example.com/a.b،ثم **تأكيد**؟</span><span class=\"sxs-lookup\"><span data-stu-id=\"b-1\">Click.</span></span>\n\
            <span data-ttu-id=\"b-2\">เลือก<a href=\"ก ข\">ตัวเลือก</a>จากรายการ\\*แล้วคลิก![รูป](x.png)บันทึก</span><span class=\"sxs-lookup\"><span data-stu-id=\"b-2\">Select.</span></span>\n\
            <span data-ttu-id=\"b-3\">在[设置](https://example.com/a（b）)中选择https://example.com/路径，然后单击`确定`按钮以保存更改。</span><span class=\"sxs-lookup\"><span data-stu-id=\"b-3\">Select.</span></span>\n\
            <span data-ttu-id=\"b-4\">Выберите **Параметры**\\_и_нажмите [кнопку «Сохранить»](url)т.е.</span><span class=\"sxs-lookup\"><span data-stu-id=\"b-4\">Select.</span></span>\n\
            <span data-ttu-id=\"b-5\">설정에서*옵션*을 선택한 다음<b>확인</b>을 클릭하세요&amp;[링크](https://example.com)입니다.</span><span class=\"sxs-lookup\"><span data-stu-id=\"b-5\">Select.</span></span>\n";
        let texts = [
            include_str!("../../examples/device-writeback.ko-KR.md"),
            include_str!("../../examples/device-writeback.zh-TW.md"),
            tricky,
            scripts,
        ];
        let mut compared = 0;
        for text in texts {
            let doc = Document::parse(text);
            for (_, target, source) in doc.pairs() {
                for st in [target, source] {
                    let all = visible_chars(st, text, Visibility::default());
                    for tail in [0, 1, 8, 24, 64] {
                        let mut vis = Visible::default();
                        let whole = vis.read_tail(st, text, tail);
                        let end = &vis.chars;
                        assert!(all.ends_with(end), "{:?}", st.raw(text));
                        if whole {
                            assert_eq!(end, &all);
                        } else {
                            // Cut right after visible white space or a non-ASCII character.
                            let before = all[all.len() - end.len() - 1].0;
                            assert!(before == ' ' || !before.is_ascii(), "{before:?}");
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }
}
