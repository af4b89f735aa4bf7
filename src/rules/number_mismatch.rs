use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::SegmentText;
use crate::locale::{self, LocaleProfile};
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

declare_rule! {
    /// ## What it does
    /// Reports numbers of a source segment (versions, sizes, counts, percentages, error
    /// codes, years) that appear nowhere in the target, and points at the target number
    /// that replaced one when there is a candidate. Numbers are compared by value, so
    /// `5,000`/`5000`/`5 000`/`5.000`, `0.5`/`0,5`, full-width `５`, `100K`/`10만`/`10 萬`,
    /// `30 million`/`3000만` and `3:00 AM`/`오전 3시` match; a number may move anywhere in
    /// the sentence, repeat fewer times, or be spelled out when it is ten or less
    /// (`3 steps` → `세 가지`, `tres formas`, `2-step` → `dwuetapowa`). Ordinals
    /// (`3rd party` → `타사`), `1:1` (one-on-one), quarters (`Q1`), `100% available` (fully),
    /// and numbers in URLs, code and HTML tags are not compared.
    ///
    /// It reads the target's locale profile: the decimal separator (`numbers.decimal`: a
    /// comma in `0,5 GB` joins one number where the locale writes decimals so; a version
    /// after a name keeps its period: `TLS 1,2` is reported), native
    /// digits (`numbers.native_digits`: `๓๖๕` is 365), number words in all their forms
    /// (`numbers.words`, matched as whole words, or as the first part of a compound where
    /// the source has `2-step`; anywhere in scripts without spaces), and whether the
    /// grammar says "two" by itself (`numbers.dual`, Arabic `ساعتين`: a missing 2 is then
    /// reported only when another number took its place). Where the profile does not know
    /// these, numbers are compared as digits only.
    ///
    /// ## Why it matters
    /// A wrong version, size, limit or date in a translation is a factual error that
    /// readers act on, and machine translation drops or mangles numbers silently
    /// (`TLS 1.2` → `TLS 1。2`, `100K` → `10個`).
    ///
    /// ## Example
    /// Source `…on October 30, 2018…`, target `…2018 년 10 월 2018 15 일까 지…`: `30` is
    /// missing and the target has `15` instead.
    pub struct NumberMismatch {
        name: "number-mismatch",
        category: Numbers,
        severity: Warning,
        summary: "A number of the source is missing or changed in the target.",
        locale: "Reads `numbers.decimal`, `numbers.group`, `numbers.native_digits`, `numbers.words`, `grammar.suffixes_attach` and `case`. Where they are unknown, numbers are read with the English separators and ASCII digits, and no number words are accepted.",
    }
}

/// One number as written, with the values it may stand for.
#[derive(Debug)]
struct Num {
    /// Byte range relative to the segment's content.
    start: usize,
    end: usize,
    /// Digits and separators as written, full-width digits made ASCII.
    written: String,
    /// The number as the text shows it, with a multiplier (`100K`, `30 million`).
    shown: String,
    /// Canonical values (decimal strings) the number may mean.
    values: Vec<String>,
    /// `1st`, `2nd`, `3rd party`, `4th`.
    ordinal: bool,
    /// `h:mm`: the hour and the minutes.
    time: Option<(u32, u32)>,
    /// An integer without separators, multiplier or leading zero.
    small: Option<u32>,
    /// Followed by a hyphen and a letter (`2-step`, `3-day`): a number word may be the
    /// first part of a compound in the target (`dwuetapowa`, `двухфакторную`).
    compound: bool,
    /// Said in words by translations as a whole (`1:1` chat → one-on-one, `Q1` → first
    /// quarter, `100% available` → fully available): not compared.
    idiom: bool,
    /// `1.2` right after a capitalized word (`TLS 1.2`, `Windows 8.1`, `Build 8431.2094`):
    /// a version, whose period stays a period where the decimal separator is a comma.
    version: bool,
}

/// How a side's numbers are written: its decimal separator and native digits (from the
/// locale profile).
struct Style {
    /// The decimal separator is a comma (`0,5 GB`).
    decimal_comma: bool,
    /// The locale's own ten digits, if any (`๐`–`๙`).
    native: Option<[char; 10]>,
}

impl Style {
    fn of(profile: &LocaleProfile) -> Style {
        let native = profile
            .numbers
            .as_ref()
            .and_then(|n| n.native_digits.as_deref())
            .and_then(|d| <[char; 10]>::try_from(d.chars().collect::<Vec<_>>()).ok());
        Style {
            decimal_comma: profile.decimal_separator() == Some(','),
            native,
        }
    }

    /// The value of a digit: ASCII, full-width or the locale's own.
    fn digit(&self, c: char) -> Option<u8> {
        if let Some(d) = ascii_digit(c) {
            return Some(d);
        }
        if c.is_ascii() {
            return None;
        }
        self.native?.iter().position(|&n| n == c).map(|p| p as u8)
    }
}

fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// `12345` with `scale` more zeros, and a fractional part, as a canonical decimal string:
/// no leading zeros in the integer part, no trailing zeros in the fraction.
fn canonical(int: &str, frac: &str, zeros: usize) -> String {
    let mut digits = String::with_capacity(int.len() + frac.len() + zeros);
    digits.push_str(int);
    let moved = frac.len().min(zeros);
    digits.push_str(&frac[..moved]);
    digits.extend(std::iter::repeat_n('0', zeros - moved));
    let frac = frac[moved..].trim_end_matches('0');
    let int = digits.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// The ways a written number (`1,000.5`, `1.000`, `2.5`, `10.0.19041`) may be read.
fn readings(written: &str) -> Vec<(String, String)> {
    let parts: Vec<&str> = written.split(['.', ',']).collect();
    let seps: Vec<char> = written.chars().filter(|c| matches!(c, '.' | ',')).collect();
    let mut out = Vec::new();
    if seps.is_empty() {
        out.push((written.to_string(), String::new()));
        return out;
    }
    let grouped = |sep: char| {
        parts[0].len() <= 3
            && parts[1..].iter().all(|p| p.len() == 3)
            && seps.iter().all(|&s| s == sep)
    };
    // 1,000 / 1,000,000 (and 1.000 in locales that group with a dot).
    for sep in [',', '.'] {
        if grouped(sep) {
            out.push((parts.concat(), String::new()));
        }
    }
    // 1,000.5 (or 1.000,5).
    if seps.len() >= 2 {
        let last = *seps.last().unwrap();
        let head = &parts[..parts.len() - 1];
        if seps[..seps.len() - 1].iter().all(|&s| s != last)
            && head[0].len() <= 3
            && head[1..].iter().all(|p| p.len() == 3)
        {
            out.push((head.concat(), parts[parts.len() - 1].to_string()));
        }
    }
    // 2.5 (or 2,5).
    if seps.len() == 1 {
        out.push((parts[0].to_string(), parts[1].to_string()));
    }
    // Versions and addresses keep their dots.
    if seps.len() >= 2 {
        out.push((written.to_string(), "v".to_string()));
    }
    out
}

/// A multiplier word or suffix right after a number, and its number of zeros.
fn multiplier(after: &str) -> Option<(usize, usize)> {
    let trimmed = after.trim_start_matches([' ', '\u{a0}']);
    let skipped = after.len() - trimmed.len();
    let table: [(&str, usize, bool); 13] = [
        // (word, zeros, needs a word boundary after it)
        ("만", 4, false),
        ("萬", 4, false),
        ("万", 4, false),
        ("억", 8, false),
        ("億", 8, false),
        ("亿", 8, false),
        ("천", 3, false),
        ("千", 3, false),
        ("百万", 6, false),
        ("thousand", 3, true),
        ("million", 6, true),
        ("billion", 9, true),
        ("trillion", 12, true),
    ];
    for (word, zeros, boundary) in table {
        if trimmed.len() >= word.len()
            && trimmed.is_char_boundary(word.len())
            && trimmed[..word.len()].eq_ignore_ascii_case(word)
            && (!boundary
                || !trimmed[word.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic))
        {
            return Some((zeros, skipped + word.len()));
        }
    }
    // 100K, 5k users (not 100 KB).
    if skipped == 0 {
        let mut chars = after.chars();
        if let Some('K' | 'k') = chars.next()
            && !chars.next().is_some_and(char::is_alphanumeric)
        {
            return Some((3, 1));
        }
    }
    None
}

fn is_ordinal_suffix(after: &str) -> bool {
    let lower: String = after
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase();
    ["st", "nd", "rd", "th"].iter().any(|s| {
        lower.starts_with(s)
            && !lower[s.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
    })
}

/// Every number in `prose` (the segment's text with URLs, code and tags blanked), read
/// in the side's style.
fn numbers(prose: &str, style: &Style) -> Vec<Num> {
    let mut out = Vec::new();
    let mut iter = prose.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let Some(first) = style.digit(c) else {
            continue;
        };
        let hex = c == '0' && matches!(iter.peek(), Some((_, 'x' | 'X')));
        let mut written = String::new();
        written.push((b'0' + first) as char);
        let mut end = start + c.len_utf8();
        if hex {
            let (_, x) = iter.next().unwrap();
            written.push(x);
            end += 1;
            while let Some(&(i, h)) = iter.peek() {
                if !h.is_ascii_hexdigit() {
                    break;
                }
                written.push(h.to_ascii_lowercase());
                end = i + 1;
                iter.next();
            }
        } else {
            loop {
                match iter.peek() {
                    Some(&(i, d)) if style.digit(d).is_some() => {
                        written.push((b'0' + style.digit(d).unwrap()) as char);
                        end = i + d.len_utf8();
                        iter.next();
                    }
                    Some(&(i, s @ ('.' | ','))) => {
                        let next = prose[i + 1..].chars().next();
                        if next.and_then(|c| style.digit(c)).is_none() {
                            break;
                        }
                        // A comma groups thousands (`1,000`), or is the decimal separator
                        // where the locale's is one (`0,5`, `3,99`); `2013,2016` is a list.
                        let run = prose[i + 1..]
                            .chars()
                            .take_while(|&c| style.digit(c).is_some())
                            .count();
                        if s == ',' && run != 3 && !(style.decimal_comma && run <= 2) {
                            break;
                        }
                        written.push(s);
                        end = i + 1;
                        iter.next();
                    }
                    _ => break,
                }
            }
        }
        let after = &prose[end..];
        let mut time = None;
        if !hex && !written.contains(['.', ',']) {
            let b = after.as_bytes();
            if b.len() >= 3
                && b[0] == b':'
                && b[1].is_ascii_digit()
                && b[2].is_ascii_digit()
                && !b.get(3).is_some_and(u8::is_ascii_digit)
            {
                let hour: u32 = written.parse().unwrap_or(99);
                let minutes = (b[1] - b'0') as u32 * 10 + (b[2] - b'0') as u32;
                if hour < 24 {
                    time = Some((hour, minutes));
                    end += 3;
                    written.push_str(&after[..3]);
                    // The minutes are read with the hour; skip them.
                    while iter.peek().is_some_and(|&(i, _)| i < end) {
                        iter.next();
                    }
                }
            }
        }
        let after = &prose[end..];
        let ordinal = !hex && time.is_none() && is_ordinal_suffix(after);
        let mut values = Vec::new();
        if hex {
            values.push(written.clone());
        } else if time.is_none() {
            let leading_zero = written.len() > 2
                && written.starts_with('0')
                && !written.starts_with("0.")
                && !written.starts_with("0,");
            for (int, frac) in readings(&written) {
                if frac == "v" {
                    values.push(int);
                    continue;
                }
                if leading_zero {
                    values.push(written.clone());
                } else {
                    values.push(canonical(&int, &frac, 0));
                }
                if let Some((zeros, _)) = multiplier(after) {
                    values.push(canonical(&int, &frac, zeros));
                }
            }
        }
        let shown = match multiplier(after) {
            Some((_, len)) => {
                end += len;
                format!("{written}{}", &after[..len])
            }
            None => written.clone(),
        };
        let small = (!written.contains(['.', ',', ':']) && !written.starts_with('0'))
            .then(|| written.parse::<u32>().ok())
            .flatten()
            .filter(|&n| n <= 10);
        let rest = &prose[end..];
        let compound = rest.starts_with('-') && rest[1..].starts_with(char::is_alphabetic);
        let before = prose[..start].chars().next_back();
        // `1:1` (one-on-one); `Q1`–`Q4` (quarters).
        let one_to_one = written == "1"
            && rest.starts_with(":1")
            && !rest[2..].starts_with(|c: char| c.is_ascii_digit());
        let after_one = written == "1"
            && prose[..start].ends_with("1:")
            && !prose[..start - 2]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit());
        let quarter = before == Some('Q')
            && matches!(written.as_str(), "1" | "2" | "3" | "4")
            && !prose[..start - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && !rest.starts_with(char::is_alphanumeric);
        // `100% available`: "fully", said in words (not `100% of`, `100% CPU`).
        let fully = written == "100"
            && rest.strip_prefix('%').is_some_and(|r| {
                let word = r.trim_start_matches(' ');
                word.len() < r.len()
                    && word.starts_with(|c: char| c.is_ascii_lowercase())
                    && !word.starts_with("of ")
            });
        // Not the first word of a sentence (`Only 2.5-inch drives`).
        let version = written.matches('.').count() == 1 && !written.contains(',') && {
            let before = prose[..start].trim_end_matches(' ');
            let word = before
                .rsplit(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            before.len() < start
                && word.starts_with(|c: char| c.is_ascii_uppercase())
                && !crate::dnt::is_sentence_start(prose, before.len() - word.len())
        };
        out.push(Num {
            start,
            end,
            written,
            shown,
            values,
            ordinal,
            time,
            small,
            compound,
            idiom: one_to_one || after_one || quarter || fully,
            version,
        });
    }
    out
}

/// Whether `prose` has `word` (a number word of the profile) as a word: anywhere where
/// words are not separated by spaces; else at the start of a word (after one of the
/// short words the language writes attached, Arabic `و` `ال`), ending the word unless the
/// language attaches particles (Korean) or the source number starts a compound (`2-step`
/// → `dwuetapowa`).
fn has_word(profile: &LocaleProfile, prose: &Prose, word: &str, compound: bool) -> bool {
    if word.is_empty() {
        return false;
    }
    if profile.separates_words() == Some(false) {
        return prose.text.contains(word);
    }
    let prose = prose.lower(profile);
    let open_end = compound || profile.grammar.suffixes_attach;
    prose.match_indices(word).any(|(i, _)| {
        let word_start = prose[..i]
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(k, c)| k + c.len_utf8());
        let attached = &prose[word_start..i];
        let starts = attached.is_empty() || profile.grammar.prefixes.iter().any(|p| p == attached);
        let ends = open_end
            || !prose[i + word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        starts && ends
    })
}

/// A side's prose, lowercased by its locale when number words are first looked for, and
/// what was searched for in it: a segment may hold thousands of the same number, and the
/// prose is searched once per distinct one.
struct Prose<'a> {
    text: &'a str,
    lower: std::cell::OnceCell<std::borrow::Cow<'a, str>>,
    /// Integer → written with another thousands separator ([`regrouped`]).
    regrouped: RefCell<HashMap<String, bool>>,
    /// (number word, compound) → found ([`has_word`]).
    words: RefCell<HashMap<(String, bool), bool>>,
}

impl<'a> Prose<'a> {
    fn new(text: &'a str) -> Prose<'a> {
        Prose {
            text,
            lower: std::cell::OnceCell::new(),
            regrouped: RefCell::default(),
            words: RefCell::default(),
        }
    }

    fn has_regrouped(&self, int: &str) -> bool {
        if let Some(&found) = self.regrouped.borrow().get(int) {
            return found;
        }
        let found = regrouped(int, self.text);
        self.regrouped.borrow_mut().insert(int.to_string(), found);
        found
    }

    fn has_word(&self, profile: &LocaleProfile, word: &str, compound: bool) -> bool {
        let key = (word.to_string(), compound);
        if let Some(&found) = self.words.borrow().get(&key) {
            return found;
        }
        let found = has_word(profile, self, word, compound);
        self.words.borrow_mut().insert(key, found);
        found
    }

    fn lower(&self, profile: &LocaleProfile) -> &str {
        self.lower.get_or_init(|| {
            if self.text.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(profile.to_lowercase(self.text))
            } else {
                std::borrow::Cow::Borrowed(self.text)
            }
        })
    }
}

fn prose_of(side: &SegmentText, text: &str) -> String {
    side.prose(text).into_owned()
}

/// Where `prose` has `needle` with no digit right before or after it.
fn find_number(prose: &str, needle: &str) -> Option<usize> {
    let digit = |c: Option<char>| c.and_then(ascii_digit).is_some();
    prose.match_indices(needle).map(|(i, _)| i).find(|&i| {
        !digit(prose[..i].chars().next_back()) && !digit(prose[i + needle.len()..].chars().next())
    })
}

/// `1000` written with another thousands separator (`1 000`, `1.000`, `1'000`).
fn regrouped(int: &str, prose: &str) -> bool {
    if int.len() < 4 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    ["\u{a0}", "\u{202f}", "\u{2009}", " ", ".", "'"]
        .iter()
        .any(|sep| {
            let head = int.len() % 3;
            let mut groups: Vec<&str> = Vec::new();
            if head > 0 {
                groups.push(&int[..head]);
            }
            groups.extend((head..int.len()).step_by(3).map(|k| &int[k..k + 3]));
            find_number(prose, &groups.join(sep)).is_some()
        })
}

/// `1.2` written with another mark between its parts (`1。2`, `88，1`): the byte range
/// in the target's prose and the text found there.
fn broken_decimal(n: &Num, prose: &str) -> Option<(usize, usize)> {
    if !n.written.contains('.') || n.written.contains(',') {
        return None;
    }
    let parts: Vec<&str> = n.written.split('.').collect();
    ["。", "，", "、", "．", ". ", " .", " . ", ", "]
        .iter()
        .find_map(|sep| {
            let needle = parts.join(sep);
            find_number(prose, &needle).map(|i| (i, i + needle.len()))
        })
}

/// The numbers of one side, looked up by what [`found`] compares: a segment may hold
/// thousands of numbers, and each is looked up, not compared with every number of the
/// other side.
struct NumberIndex<'a> {
    /// Value → (some number has it, some number written without a comma has it).
    values: HashMap<&'a str, (bool, bool)>,
    written: HashSet<&'a str>,
    /// Times `h:mm` as (hour modulo 12, minutes).
    times: HashSet<(u32, u32)>,
    /// Integer values of numbers that are not times, modulo 12 (an hour without minutes).
    hours: HashSet<u32>,
}

impl<'a> NumberIndex<'a> {
    fn new(numbers: &'a [Num]) -> NumberIndex<'a> {
        let mut index = NumberIndex {
            values: HashMap::new(),
            written: HashSet::new(),
            times: HashSet::new(),
            hours: HashSet::new(),
        };
        for t in numbers {
            let comma = t.written.contains(',');
            for v in &t.values {
                let entry = index.values.entry(v.as_str()).or_default();
                entry.0 = true;
                entry.1 |= !comma;
            }
            index.written.insert(t.written.as_str());
            match t.time {
                Some((h, m)) => {
                    index.times.insert((h % 12, m));
                }
                None => index.hours.extend(
                    (t.values.iter())
                        .filter_map(|v| v.parse::<u32>().ok())
                        .map(|h| h % 12),
                ),
            }
        }
        index
    }
}

/// Whether the target has the source number `n` in some form (`profile`: the target's).
fn found(n: &Num, target: &NumberIndex, target_prose: &Prose, profile: &LocaleProfile) -> bool {
    if let Some((hour, minutes)) = n.time {
        return target.times.contains(&(hour % 12, minutes))
            || (minutes == 0 && target.hours.contains(&(hour % 12)));
    }
    // A version keeps its period (`TLS 1,2` is not `TLS 1.2`).
    if n.values.iter().any(|v| {
        target
            .values
            .get(v.as_str())
            .is_some_and(|&(any, without_comma)| if n.version { without_comma } else { any })
    }) {
        return true;
    }
    // `v1.0` may be read as a version only in one of the texts.
    if target.written.contains(n.written.as_str()) {
        return true;
    }
    if n.values.iter().any(|v| target_prose.has_regrouped(v)) {
        return true;
    }
    n.small.is_some_and(|k| {
        profile
            .number_words(k)
            .iter()
            .any(|w| target_prose.has_word(profile, w, n.compound))
    })
}

impl Rule for NumberMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let english = locale::source();
        let (source_style, target_style) = (Style::of(&english), Style::of(ctx.profile));
        let dual = ctx.profile.numbers.as_ref().is_some_and(|n| n.dual);
        for (seg, target, source) in ctx.document.pairs() {
            if source.inlines.numbers.is_empty()
                && !source.raw(text).bytes().any(|b| b.is_ascii_digit())
            {
                continue;
            }
            if target.raw(text) == source.raw(text) {
                continue;
            }
            let sp = prose_of(source, text);
            let src = numbers(&sp, &source_style);
            if src.is_empty() {
                continue;
            }
            let tp = prose_of(target, text);
            let tgt = numbers(&tp, &target_style);
            let (tp_words, sp_words) = (Prose::new(&tp), Prose::new(&sp));
            let tgt_index = NumberIndex::new(&tgt);
            let first_with_comma = OnceCell::new();
            let mut missing: Vec<&Num> = src
                .iter()
                .filter(|n| !n.ordinal && !n.idiom && !found(n, &tgt_index, &tp_words, ctx.profile))
                .collect();
            if missing.is_empty() {
                continue;
            }
            // Target numbers the source has nowhere: candidates for what replaced them.
            let src_index = NumberIndex::new(&src);
            let extra: Vec<&Num> = tgt
                .iter()
                .filter(|t| !t.ordinal && !t.idiom && !found(t, &src_index, &sp_words, &english))
                .collect();
            // Where the grammar says "two" by itself (Arabic, Hebrew dual), a 2 without a
            // number word is missing only if another number took its place.
            if dual && extra.is_empty() {
                missing.retain(|n| n.small != Some(2));
                if missing.is_empty() {
                    continue;
                }
            }
            let at = |n: &Num, side: &SegmentText| {
                TextRange::new(side.content.start() + n.start, side.content.start() + n.end)
            };
            let quote = |v: &[&Num]| {
                v.iter()
                    .map(|n| format!("`{}`", n.shown))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let names = if missing.len() == 1 {
                format!("the source's number {} is", quote(&missing))
            } else {
                format!("the source's numbers {} are", quote(&missing))
            };
            let mut message = format!("{names} missing from the target");
            // The target searched once per distinct decimal.
            let mut decimals_tried = HashSet::new();
            let broken = missing
                .iter()
                .filter(|n| decimals_tried.insert(n.written.as_str()))
                .find_map(|n| Some((n, broken_decimal(n, &tp)?)));
            // A version written with the decimal comma (`Windows 8,1`): the first target
            // number written with a comma that has one of its values.
            let comma_version = missing.iter().filter(|n| n.version).find_map(|n| {
                let first_with_comma = first_with_comma.get_or_init(|| {
                    let mut first: HashMap<&str, usize> = HashMap::new();
                    for (i, t) in tgt.iter().enumerate() {
                        if t.written.contains(',') {
                            for v in &t.values {
                                first.entry(v.as_str()).or_insert(i);
                            }
                        }
                    }
                    first
                });
                let i = (n.values.iter())
                    .filter_map(|v| first_with_comma.get(v.as_str()))
                    .min()?;
                Some((n, &tgt[*i]))
            });
            let range = if let Some((n, t)) = comma_version {
                message = format!(
                    "the source's version `{}` is written `{}` in the target: a version keeps its `.`",
                    n.written,
                    &tp[t.start..t.end]
                );
                if missing.len() > 1 {
                    let others: Vec<&Num> = missing
                        .iter()
                        .copied()
                        .filter(|m| m.start != n.start)
                        .collect();
                    message.push_str(&format!("; also missing: {}", quote(&others)));
                }
                at(t, target)
            } else if let Some((n, (start, end))) = broken {
                let written = &tp[start..end];
                let mark = written.trim_matches(|c: char| c.is_ascii_digit());
                message = format!(
                    "the source's `{}` is written `{written}` in the target: its `.` became `{mark}`",
                    n.written
                );
                if missing.len() > 1 {
                    let others: Vec<&Num> = missing
                        .iter()
                        .copied()
                        .filter(|m| m.start != n.start)
                        .collect();
                    message.push_str(&format!("; also missing: {}", quote(&others)));
                }
                TextRange::new(target.content.start() + start, target.content.start() + end)
            } else if let Some(first) = extra.first() {
                message.push_str(&format!("; the target has {} instead", quote(&extra)));
                at(first, target)
            } else {
                target.trimmed_content(text)
            };
            let mut d = Diagnostic::new(&Self::META, range, message).with_segment(seg.id_str(text));
            for n in &missing {
                d = d.with_label(at(n, source), "source number");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Random;

    /// [`found`] as it read before [`NumberIndex`]: every number of the other side compared.
    fn plain_found(n: &Num, target: &[Num], target_prose: &Prose, profile: &LocaleProfile) -> bool {
        if let Some((hour, minutes)) = n.time {
            return target.iter().any(|t| match t.time {
                Some((h, m)) => (h == hour || h % 12 == hour % 12) && m == minutes,
                None => {
                    minutes == 0
                        && t.values
                            .iter()
                            .any(|v| v.parse::<u32>().is_ok_and(|h| h % 12 == hour % 12))
                }
            });
        }
        target
            .iter()
            .filter(|t| !(n.version && t.written.contains(',')))
            .any(|t| t.values.iter().any(|v| n.values.contains(v)))
            || target.iter().any(|t| t.written == n.written)
            || n.values.iter().any(|v| regrouped(v, target_prose.text))
            || n.small.is_some_and(|k| {
                (profile.number_words(k).iter())
                    .any(|w| has_word(profile, target_prose, w, n.compound))
            })
    }

    #[test]
    fn looking_numbers_up_answers_as_comparing_each_did() {
        const PIECES: [&str; 22] = [
            "7 ",
            "5 ",
            "1 000 ",
            "1.000 ",
            "1000 ",
            "1,5 ",
            "1.5 ",
            "10:30 ",
            "22:30 ",
            "10 ",
            "12 ",
            "0 ",
            "두 ",
            "deux ",
            "TLS 1,2 ",
            "TLS 1.2 ",
            "Windows 8,1 ",
            "Windows 8.1 ",
            "2-step ",
            "1 234 567 ",
            "1234567 ",
            "x ",
        ];
        let mut random = Random::new(11);
        let mut compared = 0;
        for tag in ["ko-KR", "fr-FR", "zh-CN", "ar-SA"] {
            let profile = locale::builtin().resolve(tag);
            let english = locale::source();
            for _ in 0..2_000 {
                let mut text = || -> String {
                    (0..random.below(10))
                        .map(|_| PIECES[random.below(PIECES.len())])
                        .collect()
                };
                let (sp, tp) = (text(), text());
                let src = numbers(&sp, &Style::of(&english));
                let tgt = numbers(&tp, &Style::of(&profile));
                let (src_index, tgt_index) = (NumberIndex::new(&src), NumberIndex::new(&tgt));
                let (sw, tw) = (Prose::new(&sp), Prose::new(&tp));
                for n in &src {
                    compared += 1;
                    assert_eq!(
                        found(n, &tgt_index, &tw, &profile),
                        plain_found(n, &tgt, &tw, &profile),
                        "{tag}: {n:?} in {tp:?}"
                    );
                }
                for t in &tgt {
                    assert_eq!(
                        found(t, &src_index, &sw, &english),
                        plain_found(t, &src, &sw, &english),
                        "{tag}: {t:?} in {sp:?}"
                    );
                }
            }
        }
        assert!(compared > 20_000, "{compared} numbers compared");
    }
}
