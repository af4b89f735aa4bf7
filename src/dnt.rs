//! The do-not-translate list: product and feature names that translations keep in Latin
//! script as written, embedded from `rules/do-not-translate.yaml` (its header documents
//! the schema). Official local forms of names live in the locale profiles
//! (`names.localized` in `rules/locales/<tag>.yaml`), and so do the rules of how a
//! language glues endings to names; this module matches names in a target by them.

use crate::locale::{CaseRule, LocaleProfile, NameInflection, Resolution, script};
use crate::text::TextRange;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use serde::Deserialize;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DntFile {
    names: Vec<DntName>,
}

/// One name of the list.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DntName {
    pub name: String,
    /// Other accepted spellings (`ADFS` for `AD FS`).
    #[serde(default)]
    pub also: Vec<String>,
    /// Also an ordinary English word: in the source it counts only inside a sentence.
    #[serde(default)]
    pub ambiguous: bool,
    /// The name has official local forms in some languages (`Outlook for Mac` →
    /// `Mac용 Outlook`): it is checked only in locales whose profile lists them
    /// (`names.localized`), as its official form elsewhere is unknown.
    #[serde(default)]
    pub localizable: bool,
    /// Other forms a target may use in every locale (`Azure Active Directory` for
    /// `Azure AD`); not looked for in the source.
    #[serde(default)]
    pub accept: Vec<String>,
    /// False for a longer name listed only so that its words are not taken for shorter
    /// names; it is not checked itself.
    #[serde(default = "yes")]
    pub check: bool,
}

fn yes() -> bool {
    true
}

/// A name found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DntMatch {
    /// Index into `DntList::names`.
    pub name: usize,
    /// Byte range within the searched text.
    pub start: usize,
    pub end: usize,
}

pub struct DntList {
    pub names: Vec<DntName>,
    /// Every name and spelling, matched as written.
    exact: AhoCorasick,
    /// The same, ASCII case-insensitively.
    folded: AhoCorasick,
    /// Where a search of each may begin (None when a spelling is too short to tell).
    exact_starts: Option<SpellingStarts>,
    folded_starts: Option<SpellingStarts>,
    owner: Vec<usize>,
    /// Per name: the listed names its `accept` forms are (`Azure AD` ↔ `Azure Active
    /// Directory`), and the forms that are no listed name.
    accept_names: Vec<Vec<usize>>,
    accept_other: Vec<Vec<String>>,
}

/// A character that continues a Latin word: ASCII letters and digits, Latin letters with
/// diacritics, `_` (`script::is_latin_word_char`). Hangul, Cyrillic, Thai and CJK are not
/// (a Korean particle may follow a name directly).
pub fn is_latin_word_char(c: char) -> bool {
    script::is_latin_word_char(c)
}

/// A Latin letter (not a digit or `_`).
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && script::is_latin_word_char(c)
}

/// Whether `text[start..end]` stands as a whole Latin word sequence: no word character
/// glued to it, and no `.`/`@`/`/` joining it to a longer token (`Outlook.com`). This is
/// the strict test for English text; targets are read with `target_boundary`.
pub fn latin_boundary(text: &str, start: usize, end: usize) -> bool {
    let mut back = text[..start].chars().rev();
    match back.next() {
        Some(c) if is_latin_word_char(c) => return false,
        // `non-Microsoft`, `x.Outlook`: joined to a Latin word before it.
        Some('.' | '@' | '/' | '\\' | '-') if back.next().is_some_and(is_latin_word_char) => {
            return false;
        }
        _ => {}
    }
    let mut rest = text[end..].chars();
    match rest.next() {
        Some(c) if is_latin_word_char(c) => false,
        Some('.' | '@' | '/' | '\\') => !rest.next().is_some_and(is_latin_word_char),
        _ => true,
    }
}

/// Whether the profile knows the locale's conventions (a profile of its own or of its
/// language), not only its script.
pub fn conventions_known(profile: &LocaleProfile) -> bool {
    matches!(
        profile.resolution,
        Resolution::Exact | Resolution::Language { .. }
    )
}

/// Whether `rest`, the Latin letters right after a name in a target, is an ending the
/// locale glues to names (`Outlooka` in Polish, `Outlook'ta` in Turkish, the German
/// genitive `s`). Where the locale's conventions are unknown any ending is allowed.
pub fn ending_allowed(profile: &LocaleProfile, rest: &str) -> bool {
    !conventions_known(profile) || profile.name_ending_allowed(rest)
}

/// Whether a name at `text[start..end]` of a target stands as the name by the locale's
/// conventions: not glued after a Latin letter (a digit, hyphen or period before it is
/// fine: `1.Azure`, `my-Outlook`), and followed by no Latin word character, by a joiner
/// (`Azure-Portal`, `Outlook'ta`) or by an ending the locale glues to names. A period or
/// `@` followed by a letter makes another name (`Outlook.com`).
pub fn target_boundary(profile: &LocaleProfile, text: &str, start: usize, end: usize) -> bool {
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(is_latin_letter)
    {
        return false;
    }
    let rest = &text[end..];
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if is_latin_letter(c) => ending_allowed(profile, rest),
        Some(c) if is_latin_word_char(c) => false,
        Some('.' | '@') => !chars.next().is_some_and(is_latin_word_char),
        Some(_) => true,
    }
}

/// Whether the word at `start` begins a sentence: nothing but markup, quotes or white
/// space since the start of the text or a sentence-final `.`, `!`, `?` or `:`.
pub fn is_sentence_start(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            c if c.is_whitespace() => {}
            '*' | '_' | '[' | '(' | '"' | '\'' | '“' | '‘' | '>' | '#' | '-' | '|' => {}
            '.' | '!' | '?' | ':' | '。' | '：' => return true,
            _ => return false,
        }
    }
    true
}

/// A character as names are compared in a locale ignoring letter case: lowercased by the
/// locale's rules with the dotted and dotless i folded together (`İntune` = `Intune` in
/// Turkish), and the locale's native digits read as ASCII digits (`๓๖๕` = `365`).
pub fn fold_char(profile: &LocaleProfile, c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if let Some(d) = profile.native_digit(c) {
        return char::from(b'0' + d as u8);
    }
    match (profile.case, c) {
        (_, 'İ') => 'i',
        (CaseRule::Turkic, 'ı') => 'i',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The text without white space and inline markup (`[`, `]`, `*`, `_`), which may split a
/// localized name (`엔터프라이즈용 [Microsoft 365 앱](…)`).
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '*' | '_'))
        .collect()
}

/// Whether a squeezed text holds a local form of `name`, as written or, when the form
/// does not begin with a word of the name, with its first letter in the other case
/// (`servicios de federación` mid-sentence; but `outlook 網頁版` is not `Outlook 網頁版`).
fn holds_local_form(squeezed: &str, name: &str, form: &str) -> bool {
    let form_squeezed = squeeze(form);
    if squeezed.contains(&form_squeezed) {
        return true;
    }
    let first_word = form.split_whitespace().next().unwrap_or("");
    if name.split(' ').any(|w| first_word.starts_with(w)) {
        return false;
    }
    let mut chars = form_squeezed.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let flipped: String = if first.is_uppercase() {
        first.to_lowercase().chain(chars).collect()
    } else {
        first.to_uppercase().chain(chars).collect()
    };
    squeezed.contains(&flipped)
}

/// White space runs folded to one space and link brackets left out, as a reader sees
/// the words (`Office [365 connected groups](…)` shows `Office 365`); borrowed when there
/// is nothing to fold.
fn fold_space(text: &str) -> Cow<'_, str> {
    if !needs_folding(text) {
        return Cow::Borrowed(text);
    }
    // One pass by bytes, copying the runs between white space and brackets whole: a run of
    // white space becomes one space between two words, and brackets count as word
    // characters for that (`a [ b` gives `a  b`) before they are left out.
    let bytes = text.as_bytes();
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        word_seen: false,
        space_pending: false,
    };
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        let (len, space) = match bytes[i] {
            b' ' | b'\t'..=b'\r' => (1, true),
            b'[' | b']' => (1, false),
            0xC2 | 0xE1..=0xE3 => {
                let c = text[i..]
                    .chars()
                    .next()
                    .expect("a lead byte starts a character");
                if !c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                }
                (c.len_utf8(), true)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if copied < i {
            out.word(&text[copied..i]);
        }
        if space {
            out.space_pending = out.word_seen;
        } else {
            out.word("");
        }
        i += len;
        copied = i;
    }
    if copied < bytes.len() {
        out.word(&text[copied..]);
    }
    Cow::Owned(out.text)
}

/// `fold_space`'s output so far.
struct Folded {
    text: String,
    word_seen: bool,
    /// White space since the last word, after a first one.
    space_pending: bool,
}

impl Folded {
    fn word(&mut self, part: &str) {
        if self.space_pending {
            self.text.push(' ');
            self.space_pending = false;
        }
        self.text.push_str(part);
        self.word_seen = true;
    }
}

/// Whether `fold_space` changes `text`: two spaces in a row, a white space other than the
/// space, or a bracket. Read by bytes, as every segment's target passes here: only the
/// lead bytes of the non-ASCII white spaces (U+0085 to U+3000) need a character read.
fn needs_folding(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' if bytes.get(i + 1) == Some(&b' ') => return true,
            b'\t'..=b'\r' | b'[' | b']' => return true,
            0xC2 | 0xE1..=0xE3 => {
                let c = text[i..]
                    .chars()
                    .next()
                    .expect("a lead byte starts a character");
                if c.is_whitespace() {
                    return true;
                }
                i += c.len_utf8();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The byte pairs that begin spellings (their first and second bytes) and that follow
/// those (their second and third): a spelling occurs only where a text has both, which
/// a scan tells at a fraction of a search's cost.
struct SpellingStarts {
    /// Bit sets of 2^16 pairs.
    first: Vec<u64>,
    second: Vec<u64>,
    /// ASCII case-insensitively: pairs and text are lowercased.
    folded: bool,
}

impl SpellingStarts {
    /// None when a spelling is shorter than three bytes.
    fn new(patterns: &[String], folded: bool) -> Option<SpellingStarts> {
        let mut starts = SpellingStarts {
            first: vec![0; 1 << 10],
            second: vec![0; 1 << 10],
            folded,
        };
        for p in patterns {
            let &[a, b, c, ..] = p.as_bytes() else {
                return None;
            };
            let (a, b, c) = (starts.key(a), starts.key(b), starts.key(c));
            let (i, j) = (pair(a, b), pair(b, c));
            starts.first[i >> 6] |= 1 << (i & 63);
            starts.second[j >> 6] |= 1 << (j & 63);
        }
        Some(starts)
    }

    fn key(&self, b: u8) -> u8 {
        if self.folded {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    /// The first offset in `text` where a spelling may begin; with `word_start`, only
    /// where no ASCII letter, digit or `_` comes before (`latin_boundary` refuses those).
    fn first(&self, text: &str, word_start: bool) -> Option<usize> {
        let bytes = text.as_bytes();
        let has = |set: &[u64], i: usize| set[i >> 6] & (1 << (i & 63)) != 0;
        bytes.windows(3).enumerate().find_map(|(i, w)| {
            let (a, b, c) = (self.key(w[0]), self.key(w[1]), self.key(w[2]));
            let begins = has(&self.first, pair(a, b))
                && has(&self.second, pair(b, c))
                && !(word_start
                    && i > 0
                    && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
            begins.then_some(i)
        })
    }
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

/// A target text prepared once for every name its source gives.
pub struct TargetText<'t> {
    /// The text with white space runs folded and link brackets left out (`Office 365`
    /// across a line break, a no-break space or a link's edge is the name).
    spaced: Cow<'t, str>,
    /// Every spelling of a listed name in `spaced`, overlapping, whatever surrounds it.
    found: Vec<DntMatch>,
    /// For localized forms, built when first needed.
    squeezed: OnceCell<String>,
}

/// How a target spells a name it does not keep as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misspelling {
    /// One or two letters off (`SharePoint Onlien`, `Microsoft Temas`, `Intun1`).
    Typo,
    /// The name with an ending the locale does not glue to names (`Identitys`); the
    /// ending's length in bytes.
    Suffix(usize),
}

/// A do-not-translate name that the English source of a segment gives and its target
/// does not keep in an accepted form (`dnt-term-altered` and `dnt-name-misspelled` report
/// these, each its own kinds, so one defect is reported once).
#[derive(Clone, Debug)]
pub struct NameIssue {
    /// The segment's ID.
    pub segment: TextRange,
    /// Index into `DntList::names`.
    pub name: usize,
    /// The name in the source.
    pub source: TextRange,
    pub kind: NameIssueKind,
}

#[derive(Clone, Debug)]
pub enum NameIssueKind {
    /// Written with other letter case, spacing or digits (`sharepoint`, `Share Point`,
    /// `Microsoft ๓๖๕`): `form` restores it.
    Respelled { at: TextRange, form: String },
    /// Misspelled, or with an ending glued on that the locale does not glue to names.
    Misspelled { at: TextRange, kind: Misspelling },
    /// Every word kept, in another order (`365 Office`, `AD Azure`): `form` restores it.
    Reordered { at: TextRange, form: String },
    /// Only one word of a longer name is left (`Microsoft 팀`).
    Partly { at: TextRange, word: String },
    /// Translated or dropped: the whole target.
    Missing { at: TextRange },
}

impl DntList {
    pub fn from_yaml(yaml: &str) -> Result<DntList, String> {
        let file: DntFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        DntList::new(file.names)
    }

    pub fn new(names: Vec<DntName>) -> Result<DntList, String> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, n) in names.iter().enumerate() {
            if n.name.trim().is_empty() {
                return Err("a do-not-translate entry has an empty name".into());
            }
            for p in std::iter::once(&n.name).chain(&n.also) {
                patterns.push(p.clone());
                owner.push(i);
            }
        }
        let build = |fold: bool| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold)
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .map_err(|e| e.to_string())
        };
        let mut accept_names = Vec::with_capacity(names.len());
        let mut accept_other = Vec::with_capacity(names.len());
        for n in &names {
            let (mut listed, mut other) = (Vec::new(), Vec::new());
            for a in &n.accept {
                match patterns.iter().position(|p| p == a) {
                    Some(k) => listed.push(owner[k]),
                    None => other.push(a.clone()),
                }
            }
            accept_names.push(listed);
            accept_other.push(other);
        }
        Ok(DntList {
            exact: build(false)?,
            folded: build(true)?,
            exact_starts: SpellingStarts::new(&patterns, false),
            folded_starts: SpellingStarts::new(&patterns, true),
            names,
            owner,
            accept_names,
            accept_other,
        })
    }

    fn search(
        &self,
        ac: &AhoCorasick,
        starts: Option<&SpellingStarts>,
        text: &str,
    ) -> Vec<DntMatch> {
        // Most texts name nothing: no spelling begins on a word boundary before `from`.
        let from = match starts.map(|s| s.first(text, true)) {
            None => 0,
            Some(Some(from)) => from,
            Some(None) => return Vec::new(),
        };
        let mut found: Vec<DntMatch> = ac
            .find_overlapping_iter(Input::new(text).span(from..text.len()))
            .filter(|m| latin_boundary(text, m.start(), m.end()))
            .map(|m| DntMatch {
                name: self.owner[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect();
        longest_first(&mut found);
        found
    }

    /// Names in `text` as written, on word boundaries, longest first where they overlap.
    pub fn find(&self, text: &str) -> Vec<DntMatch> {
        self.search(&self.exact, self.exact_starts.as_ref(), text)
    }

    /// The length in bytes of the longest name or spelling: no match is longer.
    pub fn longest_name(&self) -> usize {
        self.names
            .iter()
            .flat_map(|n| std::iter::once(&n.name).chain(&n.also))
            .map(String::len)
            .max()
            .unwrap_or(0)
    }

    /// Names in `text` in any letter case (`outlook`, `Sharepoint Online`).
    pub fn find_ignore_case(&self, text: &str) -> Vec<DntMatch> {
        self.search(&self.folded, self.folded_starts.as_ref(), text)
    }

    /// Prepares a target's text (its prose) for `kept`.
    pub fn target<'t>(&self, prose: &'t str) -> TargetText<'t> {
        let spaced = fold_space(prose);
        let text = spaced.as_ref();
        // No spelling begins before `from`.
        let from = match self.exact_starts.as_ref().map(|s| s.first(text, false)) {
            None => Some(0),
            Some(from) => from,
        };
        let found = from
            .into_iter()
            .flat_map(|from| {
                self.exact
                    .find_overlapping_iter(Input::new(text).span(from..text.len()))
            })
            .map(|m| DntMatch {
                name: self.owner[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect();
        TargetText {
            spaced,
            found,
            squeezed: OnceCell::new(),
        }
    }

    /// The forms a target in this locale may write a name in: the name, its other
    /// spellings and accepted forms, and its official local forms from the profile. None
    /// when the name is not checked there (`check: false`, or `localizable` with no local
    /// form known for the locale).
    pub fn accepted_forms<'a>(
        &'a self,
        name: usize,
        profile: &'a LocaleProfile,
    ) -> Option<Vec<&'a str>> {
        let n = &self.names[name];
        let local = profile.localized_names(&n.name);
        if !n.check || (n.localizable && local.is_empty()) {
            return None;
        }
        Some(
            std::iter::once(&n.name)
                .chain(&n.also)
                .chain(&n.accept)
                .chain(local)
                .map(String::as_str)
                .collect(),
        )
    }

    /// Whether the target keeps a name in an accepted form, by the locale's conventions:
    /// a spelling as written on the locale's word boundaries (with the endings it glues to
    /// names), or a local form ignoring white space and the case of its first letter. None
    /// when the name is not checked in this locale.
    pub fn kept(&self, name: usize, profile: &LocaleProfile, t: &TargetText) -> Option<bool> {
        let n = &self.names[name];
        let local = profile.localized_names(&n.name);
        if !n.check || (n.localizable && local.is_empty()) {
            return None;
        }
        let text = t.spaced.as_ref();
        let listed = |i: usize| {
            t.found
                .iter()
                .any(|m| m.name == i && target_boundary(profile, text, m.start, m.end))
        };
        if listed(name) || self.accept_names[name].iter().any(|&i| listed(i)) {
            return Some(true);
        }
        let written = |f: &str| {
            text.match_indices(f)
                .any(|(i, _)| target_boundary(profile, text, i, i + f.len()))
        };
        if self.accept_other[name].iter().any(|f| written(f)) || stem_kept(profile, &n.name, text) {
            return Some(true);
        }
        if local.is_empty() {
            return Some(false);
        }
        let squeezed = t.squeezed.get_or_init(|| squeeze(text));
        Some(local.iter().any(|f| holds_local_form(squeezed, &n.name, f)))
    }
}

/// Keeps the longest of overlapping matches, in text order.
fn longest_first(found: &mut Vec<DntMatch>) {
    let spans = found.drain(..).map(|m| (m.start, m.end, m.name)).collect();
    found.extend(
        crate::text::keep_longest(spans)
            .into_iter()
            .map(|(start, end, name)| DntMatch { name, start, end }),
    );
}

/// A name whose final letter an ending replaced, where the locale inflects names so
/// (Polish `Skypie` for `Skype`).
fn stem_kept(profile: &LocaleProfile, name: &str, text: &str) -> bool {
    if profile.names.inflection != NameInflection::Suffix {
        return false;
    }
    profile.names.dropped_final.iter().any(|d| {
        let Some(stem) = name.strip_suffix(d.as_str()) else {
            return false;
        };
        !stem.is_empty()
            && text.match_indices(stem).any(|(i, _)| {
                let rest = &text[i + stem.len()..];
                !rest.starts_with(d.as_str())
                    && rest.starts_with(is_latin_letter)
                    && target_boundary(profile, text, i, i + stem.len())
            })
    })
}

/// The first place where `form` occurs in a target ignoring letter case (by the locale's
/// rules), white space and the digits' script, on the locale's word boundaries:
/// `sharepoint`, `Share Point`, `Microsoft ๓๖๕`, `outlook'ta`. (start, end) in `text`.
pub fn find_respelled(profile: &LocaleProfile, text: &str, form: &str) -> Option<(usize, usize)> {
    let want: Vec<char> = form
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| fold_char(profile, c))
        .collect();
    let first = *want.first()?;
    let have: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (i, fold_char(profile, c)))
        .collect();
    if have.len() < want.len() {
        return None;
    }
    (0..=have.len() - want.len()).find_map(|k| {
        if have[k].1 != first {
            return None;
        }
        let hit = have[k..k + want.len()]
            .iter()
            .zip(&want)
            .all(|((_, a), b)| a == b);
        if !hit {
            return None;
        }
        let (start, _) = have[k];
        let (last, _) = have[k + want.len() - 1];
        let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
        // No line break inside.
        (!text[start..end].contains('\n') && target_boundary(profile, text, start, end))
            .then_some((start, end))
    })
}

/// Letters in a name (white space left out): what the edit distance allows depends on it.
fn letter_count(name: &str) -> usize {
    name.chars().filter(|c| !c.is_whitespace()).count()
}

/// Names shorter than this are not looked for misspelled: too many words are one letter
/// off `Word`, `Edge` or `Mac`.
const MIN_FUZZY_LETTERS: usize = 5;

/// The edits a misspelling may have: one in names of up to eight letters, two in longer.
fn max_edits(name: &str) -> usize {
    if letter_count(name) <= 8 { 1 } else { 2 }
}

/// The optimal string alignment distance (Damerau–Levenshtein with adjacent
/// transpositions) between `a` and `b`, or None when it is above `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// Where a target misspells a name it does not keep: the name with an ending the locale
/// does not glue to names (`Defender for Identitys`, `Outlookta` in Turkish, where the
/// ending needs an apostrophe), else a run of Latin words as many as the name's, with the
/// same first letter, one or two letters off (`SharePoint Onlien`, `Microsoft Temas`,
/// `Intun1`). Runs that are listed names (`Windows 11` for `Windows 10`) and runs whose
/// digits differ from the name's (`Office 2019`: a number, not a spelling) are not
/// misspellings. Names of fewer than five letters are not looked for. (start, end, kind)
/// in `text`.
pub fn find_misspelled(
    list: &DntList,
    profile: &LocaleProfile,
    name: &str,
    text: &str,
) -> Option<(usize, usize, Misspelling)> {
    if letter_count(name) < MIN_FUZZY_LETTERS || !name.is_ascii() {
        return None;
    }
    // The name as written with an ending glued on.
    if conventions_known(profile) {
        for (i, _) in text.match_indices(name) {
            let end = i + name.len();
            let rest = &text[end..];
            let ending = rest
                .char_indices()
                .find(|&(_, c)| !is_latin_word_char(c))
                .map_or(rest.len(), |(k, _)| k);
            // Endings are lowercase letters (`TeamsMessagingPolicy` is another word).
            if ending > 0
                && rest[..ending]
                    .chars()
                    .all(|c| is_latin_letter(c) && !c.is_uppercase())
                && !text[..i].chars().next_back().is_some_and(is_latin_letter)
                && !ending_allowed(profile, rest)
            {
                return Some((i, end + ending, Misspelling::Suffix(ending)));
            }
        }
    }
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .map(|c| {
                if c.is_whitespace() {
                    ' '
                } else {
                    fold_char(profile, c)
                }
            })
            .collect()
    };
    let want = fold(name);
    let first = name.chars().next()?;
    let words = name
        .split(|c: char| !is_latin_word_char(c))
        .filter(|w| !w.is_empty())
        .count();
    // What stands between the name's words (` `, `.`): a run's words must be joined so
    // too (`Office [365` is a link, not a misspelling).
    let separators: Vec<&str> = name
        .split(is_latin_word_char)
        .filter(|w| !w.is_empty())
        .map(str::trim)
        .collect();
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let name_digits = digits(name);
    let max = max_edits(name);
    // Latin words of the text: (start, end).
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_latin_word_char(c), open) {
            (true, None) => open = Some(i),
            (false, Some(s)) => {
                tokens.push((s, i));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        tokens.push((s, text.len()));
    }
    let same_first = |c: char| {
        c == first
            || (fold_char(profile, c) == fold_char(profile, first)
                && c.is_uppercase() == first.is_uppercase())
    };
    for k in 0..tokens.len().saturating_sub(words - 1) {
        let (start, _) = tokens[k];
        let (_, end) = tokens[k + words - 1];
        let run = &text[start..end];
        if !run.chars().next().is_some_and(same_first) || run.contains('\n') {
            continue;
        }
        let joined = (0..words - 1).all(|w| {
            let between = text[tokens[k + w].1..tokens[k + w + 1].0].trim();
            between == separators.get(w).copied().unwrap_or("")
        });
        if !joined {
            continue;
        }
        if !name_digits.is_empty() && digits(run) != name_digits {
            continue;
        }
        let got = fold(&run.split_whitespace().collect::<Vec<_>>().join(" "));
        // The name itself (in another case), or with an ending: not a typo.
        if got.starts_with(&want) {
            continue;
        }
        if edit_distance(&got, &want, max).is_none() {
            continue;
        }
        // Another listed name (`Windows 11`, `Office 365 E3`) is not a misspelling.
        if list
            .find(run)
            .iter()
            .any(|m| m.start == 0 && m.end == run.len())
        {
            continue;
        }
        return Some((start, end, Misspelling::Typo));
    }
    None
}

const BUILTIN_YAML: &str = include_str!("../rules/do-not-translate.yaml");

/// The built-in list, parsed on first use.
pub fn builtin() -> &'static DntList {
    static LIST: OnceLock<DntList> = OnceLock::new();
    LIST.get_or_init(|| DntList::from_yaml(BUILTIN_YAML).expect("rules/do-not-translate.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_needed_exactly_where_the_character_test_says() {
        let by_chars = |t: &str| {
            t.contains("  ")
                || t.contains(|c: char| (c.is_whitespace() && c != ' ') || c == '[')
                || t.contains(']')
        };
        let mut folded = 0;
        for c in (0..0x3100).chain(0xFF00..0xFF10).filter_map(char::from_u32) {
            for t in [
                format!("a{c}b"),
                format!("{c}"),
                format!("가 {c}"),
                format!("{c} "),
            ] {
                assert_eq!(needs_folding(&t), by_chars(&t), "{t:?}");
                folded += usize::from(needs_folding(&t));
            }
        }
        // The ASCII controls, the brackets and the 19 other white spaces, each four times,
        // and the space where it doubles one (`가  `, `  `).
        assert_eq!(folded, 4 * (5 + 2 + 19) + 2);
        assert!(needs_folding("Office  365") && !needs_folding("Office 365 "));
    }

    #[test]
    fn fold_space_joins_words_with_one_space_then_drops_brackets() {
        let by_words = |t: &str| {
            let words: Vec<&str> = t
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect();
            words.join(" ").replace(['[', ']'], "")
        };
        let pieces = [
            "a", "[", "]", " ", "  ", "\n", "\u{a0}", "\u{3000}", "가", "[b]",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        // And every character up to U+3100 (all the white spaces) among words.
        for c in (0..0x3100).filter_map(char::from_u32) {
            texts.extend([
                format!("a{c}b"),
                format!("{c}"),
                format!("가 {c}[ "),
                format!(" {c}{c}x"),
            ]);
        }
        for t in &texts {
            let want = if needs_folding(t) {
                by_words(t)
            } else {
                t.clone()
            };
            assert_eq!(fold_space(t), want, "{t:?}");
        }
        assert_eq!(fold_space("a [ b"), "a  b");
        assert_eq!(fold_space(" Office\n [365] "), "Office 365");
    }

    #[test]
    fn spelling_starts_never_skip_a_name() {
        let l = builtin();
        assert!(l.exact_starts.is_some() && l.folded_starts.is_some());
        // Every spelling anywhere, whatever surrounds it.
        let everywhere = |t: &str| -> Vec<(usize, usize, usize)> {
            let mut v: Vec<_> = (l.exact.find_overlapping_iter(t))
                .map(|m| (m.start(), m.end(), l.owner[m.pattern().as_usize()]))
                .collect();
            v.sort_unstable();
            v
        };
        let spellings = l
            .names
            .iter()
            .flat_map(|n| std::iter::once(&n.name).chain(&n.also));
        for p in spellings {
            let upper = p.to_uppercase();
            for t in [
                p.clone(),
                format!("x {p}"),
                format!("x{p}, {p}"),
                format!("가{p}요"),
                format!("x.{upper} or x {upper}"),
            ] {
                assert_eq!(l.find(&t), l.search(&l.exact, None, &t), "{t:?}");
                assert_eq!(
                    l.find_ignore_case(&t),
                    l.search(&l.folded, None, &t),
                    "{t:?}"
                );
                let mut target: Vec<_> = (l.target(&t).found.iter())
                    .map(|m| (m.start, m.end, m.name))
                    .collect();
                target.sort_unstable();
                assert_eq!(target, everywhere(&t), "{t:?}");
            }
        }
        // A text that names nothing is not searched.
        let starts = l.exact_starts.as_ref().unwrap();
        assert_eq!(starts.first("the settings xMicrosoft", true), None);
        assert_eq!(starts.first("the settings xMicrosoft", false), Some(14));
    }

    #[test]
    fn builtin_list_parses_and_has_enough_names() {
        assert!(builtin().names.len() >= 60);
    }

    #[test]
    fn longest_name_wins_on_word_boundaries() {
        let l = builtin();
        let t = "Use SharePoint Online, Outlook.com and Outlook에서 ADFS";
        let got: Vec<&str> = l
            .find(t)
            .iter()
            .map(|m| l.names[m.name].name.as_str())
            .collect();
        assert_eq!(
            got,
            ["SharePoint Online", "Outlook.com", "Outlook", "AD FS"]
        );
        assert!(l.find("outlook Outlookish NonOutlook").is_empty());
        assert_eq!(l.find_ignore_case("outlook 및 sharepoint").len(), 2);
    }

    fn profile(tag: &str) -> std::sync::Arc<LocaleProfile> {
        crate::locale::builtin().resolve(tag)
    }

    fn kept(name: &str, tag: &str, text: &str) -> Option<bool> {
        let l = builtin();
        let i = l.names.iter().position(|n| n.name == name).unwrap();
        l.kept(i, &profile(tag), &l.target(text))
    }

    #[test]
    fn localized_forms_come_from_the_profile() {
        let whfb = "Windows Hello for Business";
        assert_eq!(
            kept(whfb, "ko-KR", "비즈니스용 Windows Hello를 사용"),
            Some(true)
        );
        assert_eq!(kept(whfb, "zh-TW", "Windows Hello 企業版"), Some(true));
        assert_eq!(kept(whfb, "zh-TW", "Windows Hello 商務"), Some(false));
        // Localizable, and no local form known for German: not checked.
        assert_eq!(kept(whfb, "de-DE", "x"), None);
        assert_eq!(kept("Outlook", "de-DE", "outlook"), Some(false));
        assert_eq!(
            kept("Outlook on the web", "zh-TW", "outlook 網頁版"),
            Some(false)
        );
        assert_eq!(
            kept("Microsoft", "ru-RU", "учетная запись Майкрософт"),
            Some(true)
        );
        assert_eq!(
            kept("Microsoft", "uk-UA", "обліковий запис Майкрософт"),
            Some(false)
        );
        // Local forms ignore white space, and the case of a first letter that does not
        // begin a word of the name.
        assert_eq!(
            kept(
                "Active Directory Federation Services",
                "es-ES",
                "con los servicios de federación de Active Directory (AD FS)"
            ),
            Some(true)
        );
    }

    #[test]
    fn targets_glue_endings_by_the_locale() {
        assert_eq!(kept("Outlook", "pl-PL", "w Outlooku"), Some(true));
        assert_eq!(kept("Skype", "pl-PL", "w Skypie"), Some(true));
        assert_eq!(kept("Outlook", "tr-TR", "Outlook'ta"), Some(true));
        assert_eq!(kept("Outlook", "de-DE", "des Outlooks"), Some(true));
        assert_eq!(kept("Outlook", "fr-FR", "les Outlooks"), Some(false));
        assert_eq!(kept("Outlook", "fi-FI", "Outlookissa"), Some(true));
        // Digits, hyphens and periods before a name, hyphens and slashes after it.
        assert_eq!(kept("Azure", "ko-KR", "1.Azure 포털"), Some(true));
        assert_eq!(kept("Azure", "de-DE", "im Azure-Portal"), Some(true));
        assert_eq!(kept("Outlook", "ko-KR", "my-Outlook에서"), Some(true));
        assert_eq!(
            kept("Microsoft 365", "pt-BR", "do Microsoft 365/Teams"),
            Some(true)
        );
        assert_eq!(kept("Outlook", "fr-FR", "NonOutlook"), Some(false));
        // Across a line break or a no-break space.
        assert_eq!(kept("Office 365", "fr-FR", "Office\u{a0}365"), Some(true));
        assert_eq!(
            kept("Office 365", "zh-CN", "Office [365 连接组]"),
            Some(true)
        );
    }

    #[test]
    fn respelled_names_ignore_case_space_and_native_digits() {
        let th = profile("th-TH");
        let t = "ใน Microsoft ๓๖๕และ";
        let (s, e) = find_respelled(&th, t, "Microsoft 365").unwrap();
        assert_eq!(&t[s..e], "Microsoft ๓๖๕");
        let tr = profile("tr-TR");
        let t = "İNTUNE'u açın";
        let (s, e) = find_respelled(&tr, t, "Intune").unwrap();
        assert_eq!(&t[s..e], "İNTUNE");
        assert!(find_respelled(&tr, "ıntune", "Intune").is_some());
        let fr = profile("fr-FR");
        assert!(find_respelled(&fr, "Share Point", "SharePoint").is_some());
    }

    #[test]
    fn misspellings_are_near_the_name() {
        let l = builtin();
        let miss = |tag: &str, name: &str, text: &str| {
            find_misspelled(l, &profile(tag), name, text)
                .map(|(s, e, k)| (text[s..e].to_string(), k))
        };
        assert_eq!(
            miss("es-ES", "SharePoint Online", "Abra SharePoint Onlien."),
            Some(("SharePoint Onlien".into(), Misspelling::Typo))
        );
        assert_eq!(
            miss("it-IT", "Microsoft Teams", "Apri Microsoft Temas."),
            Some(("Microsoft Temas".into(), Misspelling::Typo))
        );
        assert_eq!(
            miss("th-TH", "Intune", "ภายนอก Intun1 สามารถ"),
            Some(("Intun1".into(), Misspelling::Typo))
        );
        assert_eq!(
            miss("fr-FR", "Outlook", "les Outlooks"),
            Some(("Outlooks".into(), Misspelling::Suffix(1)))
        );
        assert_eq!(
            miss("tr-TR", "Outlook", "Outlookta açın"),
            Some(("Outlookta".into(), Misspelling::Suffix(2)))
        );
        // Another listed name, a changed number, a different first letter, a short name.
        assert_eq!(miss("de-DE", "Windows 10", "unter Windows 11"), None);
        assert_eq!(miss("de-DE", "Office 2016", "in Office 2019"), None);
        assert_eq!(miss("es-ES", "Teams", "los temas"), None);
        assert_eq!(miss("de-DE", "Word", "Work"), None);
        // Unknown conventions: no ending is known to be wrong.
        assert_eq!(miss("qq-ZZ", "Outlook", "Outlooks"), None);
    }

    #[test]
    fn edit_distance_is_bounded() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("teams"), &c("temas"), 1), Some(1));
        assert_eq!(edit_distance(&c("online"), &c("onlien"), 2), Some(1));
        assert_eq!(edit_distance(&c("outlook"), &c("outlock"), 1), Some(1));
        assert_eq!(edit_distance(&c("intune"), &c("in"), 2), None);
        assert_eq!(edit_distance(&c("abc"), &c("xyz"), 2), None);
        assert_eq!(edit_distance(&c(""), &c("a"), 1), Some(1));
    }

    #[test]
    fn sentence_starts() {
        let t = "Teams can. **Teams** in Teams";
        assert!(is_sentence_start(t, 0));
        assert!(is_sentence_start(t, 13));
        assert!(!is_sentence_start(t, 25));
    }
}
