//! Shared by the untranslated and link-text rules: English words and runs of them in a
//! target text, told apart from names, code-like tokens and acronyms.

use crate::dnt::is_latin_word_char;
use crate::locale::{LocaleProfile, script};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Common English words (rules/english-words.txt, which says how the list was made).
const VOCABULARY: &str = include_str!("../../rules/english-words.txt");

fn vocabulary() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        VOCABULARY
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// Whether a lowercase word is a common English word.
pub fn is_common_word(lower: &str) -> bool {
    vocabulary().contains(lower)
}

/// Short words that join the words of a title or a name ("Skype for Business").
pub fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "of"
            | "for"
            | "in"
            | "on"
            | "to"
            | "with"
            | "at"
            | "by"
            | "from"
            | "as"
            | "into"
            | "via"
    )
}

/// English function words: a run of words with two of them is English, not a word of a
/// Latin-script language that English borrowed or shares (`page`, `service`, `date`),
/// unless the language writes them too (`grammar.english_homographs`).
pub fn is_function_word(lower: &str) -> bool {
    matches!(
        lower,
        "the"
            | "and"
            | "of"
            | "to"
            | "with"
            | "your"
            | "you"
            | "this"
            | "that"
            | "from"
            | "which"
            | "will"
            | "should"
            | "can"
            | "are"
            | "is"
            | "for"
            | "it"
            | "be"
            | "have"
            | "has"
            | "not"
            | "if"
            | "then"
            | "when"
            | "on"
            | "in"
            | "or"
            | "by"
    )
}

/// How many English function words (other than `shared`) a text has, counted cheaply:
/// ASCII words only, lowercased on the stack.
pub fn count_function_words(text: &str, shared: &[String]) -> usize {
    let mut n = 0;
    // Bytes, not characters: an ASCII letter is never part of a multi-byte character.
    for w in text.as_bytes().split(|b| !b.is_ascii_alphabetic()) {
        if w.is_empty() || w.len() > 6 {
            continue;
        }
        let mut buf = [0u8; 6];
        buf[..w.len()].copy_from_slice(w);
        buf[..w.len()].make_ascii_lowercase();
        let lower = std::str::from_utf8(&buf[..w.len()]).unwrap_or("");
        if is_function_word(lower) && !shared.iter().any(|s| s == lower) {
            n += 1;
        }
    }
    n
}

/// Whether `s` has a letter of the locale's own (non-Latin) script: text translated into
/// the locale, around which Latin words stand out.
pub fn has_native(profile: &LocaleProfile, s: &str) -> bool {
    s.chars().any(|c| profile.is_native_letter(c))
}

/// How many words of the locale's language a text has: space-separated words with a
/// letter of its script, or one word per two letters where words are not separated.
pub fn native_words(profile: &LocaleProfile, s: &str) -> usize {
    if profile.separates_words() == Some(false) {
        s.chars()
            .filter(|&c| profile.is_native_letter(c))
            .count()
            .div_ceil(2)
    } else {
        s.split_whitespace()
            .filter(|w| w.chars().any(|c| profile.is_native_letter(c)))
            .count()
    }
}

/// Ranges of the English terms the locale keeps in Latin letters (`names.kept_english`:
/// Thai `Add-in`), which are not English left untranslated there.
pub fn kept_terms(profile: &LocaleProfile, text: &str) -> Vec<(usize, usize)> {
    let kept = &profile.names.kept_english;
    if kept.is_empty() || !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for term in kept {
        let term = term.to_lowercase();
        for (i, _) in lower.match_indices(term.as_str()) {
            if crate::dnt::latin_boundary(&lower, i, i + term.len()) {
                out.push((i, i + term.len()));
            }
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordKind {
    /// Acronyms, camelCase and code-like tokens, numbers, file and host names: not words a
    /// translator translates.
    Neutral,
    Word {
        /// Every part (of `on-premises`) is a common English word.
        common: bool,
        /// Written in lowercase.
        lowercase: bool,
        /// A hyphenated common word whose later parts are lowercase (`On-premises`,
        /// `sign-in`): an ordinary word even when capitalized.
        compound: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range within the analysed text.
    pub start: usize,
    pub end: usize,
    pub kind: WordKind,
}

impl Token {
    /// A lowercase common word that is not a connector, or a common compound.
    pub fn is_strong(&self, text: &str) -> bool {
        match self.kind {
            WordKind::Word {
                common: true,
                lowercase,
                compound,
            } => {
                compound
                    || (lowercase
                        && self.end - self.start >= 2
                        && !is_connector(&text[self.start..self.end]))
            }
            _ => false,
        }
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, WordKind::Word { .. })
    }

    pub fn is_common(&self) -> bool {
        matches!(self.kind, WordKind::Word { common: true, .. })
    }

    pub fn is_capitalized(&self, text: &str) -> bool {
        text[self.start..].starts_with(|c: char| c.is_uppercase())
    }
}

fn is_delimiter(c: char) -> bool {
    if c.is_ascii() {
        // The ASCII part of what follows: white space and the marks listed below.
        return matches!(
            c,
            '\t'..='\r'
                | ' '
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | '"'
                | ','
                | ';'
                | '!'
                | '?'
                | '*'
                | '|'
        );
    }
    script::is_whitespace(c)
        || script::is_non_latin_letter(c)
        // Bidi marks around a Latin name in Arabic or Hebrew text, zero-width spaces in
        // Thai; the punctuation of other scripts (`،` `؟` `।` `״`), apostrophes aside.
        || script::is_invisible(c)
        || (!c.is_ascii()
            && !matches!(c, '’' | '‘' | '\u{2010}' | '\u{2011}')
            && script::is_punctuation(c))
        || matches!(
            c,
            '(' | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | '"'
                | '“'
                | '”'
                | '«'
                | '»'
                | ','
                | ';'
                | '!'
                | '?'
                | '*'
                | '|'
                | '、'
                | '。'
                | '，'
                | '：'
                | '；'
                | '「'
                | '」'
                | '『'
                | '』'
                | '（'
                | '）'
                | '！'
                | '？'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '…'
        )
}

fn classify(word: &str) -> WordKind {
    let letters_only = word.split(['-', '\'', '’']).all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_alphabetic() && is_latin_word_char(c))
    });
    if !letters_only {
        return WordKind::Neutral;
    }
    let parts: Vec<&str> = word.split('-').collect();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    // Acronyms (AD, MFA), camelCase (PowerShell, eDiscovery, iPhone), Verb-Noun (Get-Mailbox).
    if letters >= 2 && upper == letters {
        return WordKind::Neutral;
    }
    let camel = parts
        .iter()
        .any(|p| p.chars().skip(1).any(char::is_uppercase));
    let all_capitalized_parts =
        parts.len() > 1 && parts.iter().all(|p| p.starts_with(char::is_uppercase));
    // A cmdlet written with a lowercase noun (`Set-mailbox`, `Get-user`).
    let cmdlet = parts.len() == 2
        && matches!(
            parts[0],
            "Get"
                | "Set"
                | "New"
                | "Remove"
                | "Enable"
                | "Disable"
                | "Start"
                | "Stop"
                | "Test"
                | "Search"
                | "Import"
                | "Export"
                | "Connect"
                | "Disconnect"
                | "Update"
                | "Invoke"
        )
        && !matches!(parts[1], "up" | "in" | "out" | "on" | "off");
    if camel || all_capitalized_parts || cmdlet {
        return WordKind::Neutral;
    }
    // Lowercase on the stack for the usual short ASCII word; allocate only otherwise.
    let mut buf = [0u8; 48];
    let owned;
    let lower: &str = if word.is_ascii() && word.len() <= buf.len() {
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        std::str::from_utf8(&buf[..word.len()]).expect("ASCII")
    } else {
        owned = word.to_lowercase();
        &owned
    };
    let common = lower.split(['-', '\'', '’']).enumerate().all(|(i, p)| {
        is_common_word(p) || (i > 0 && matches!(p, "s" | "t" | "re" | "ll" | "ve" | "d" | "m"))
    });
    WordKind::Word {
        common,
        lowercase: upper == 0,
        compound: common && parts.len() > 1 && parts[1..].iter().all(|p| upper_free(p)),
    }
}

fn upper_free(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// The Latin tokens of `text`: whitespace-, CJK- and punctuation-delimited, with trailing
/// `.`, `:` and quotes taken off, each classified.
pub fn tokens(text: &str) -> Vec<Token> {
    token_words(text).map(|w| token(text, w)).collect()
}

/// Whether `text` has a strong token (see `Token::is_strong`): what
/// `tokens(text).iter().any(|t| t.is_strong(text))` answers, without classifying the
/// tokens that cannot be strong (capitalized single words: names, titles).
pub fn has_strong_token(text: &str) -> bool {
    token_words(text).any(|(s, e, code)| {
        let word = &text[s..e];
        // Strong is a common compound (`sign-in`) or a lowercase common word of two letters
        // or more; `classify` decides which, the test before it only rules out the rest.
        let may_be_strong =
            word.contains('-') || (word.len() >= 2 && !word.chars().any(char::is_uppercase));
        !code && may_be_strong && {
            let t = Token {
                start: s,
                end: e,
                kind: classify(word),
            };
            t.is_strong(text)
        }
    })
}

/// The word of each token of `text` (start, end) and whether it is written as code (a
/// leading `-`, `$`, `/`, `\`, `@`, or a `.` right before: `-Identity`, `$true`, `.pst`).
fn token_words(text: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = iter.next() {
            if is_delimiter(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_delimiter(d) {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            if let Some(word) = run_word(text, i, end) {
                return Some(word);
            }
        }
        None
    })
}

/// The word of the run of non-delimiters `text[start..end]` (see `token_words`): the run
/// without quotes around it or a final `.` or `:`; None when nothing is left.
fn run_word(text: &str, start: usize, end: usize) -> Option<(usize, usize, bool)> {
    let raw = &text[start..end];
    let trimmed_end = raw.trim_end_matches(['.', ':', '\'', '’', '‘']);
    let lead = raw.len() - raw.trim_start_matches(['\'', '‘', '’']).len();
    if trimmed_end.len() <= lead {
        return None;
    }
    let before = text[..start].chars().next_back();
    let code = before == Some('.') || raw.starts_with(['-', '$', '/', '\\', '@']);
    Some((start + lead, start + trimmed_end.len(), code))
}

/// The last token of `text`: `tokens(text).last()`, read from the end, so that asking
/// what stands just before a place costs the length of that word, not of the text.
pub fn last_token(text: &str) -> Option<Token> {
    let mut end = text.len();
    loop {
        let (i, c) = text[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_delimiter(c))?;
        let run_end = i + c.len_utf8();
        let run_start = text[..run_end]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_delimiter(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if let Some(word) = run_word(text, run_start, run_end) {
            return Some(token(text, word));
        }
        end = run_start;
    }
}

fn token(text: &str, (start, end, code): (usize, usize, bool)) -> Token {
    Token {
        start,
        end,
        kind: if code {
            WordKind::Neutral
        } else {
            classify(&text[start..end])
        },
    }
}

/// Consecutive word tokens separated only by spaces: one phrase as a reader sees it.
/// Tokens overlapping a `shield` range (names, skipped spans) are not words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub tokens: Vec<Token>,
}

impl Run {
    pub fn start(&self) -> usize {
        self.tokens[0].start
    }

    pub fn end(&self) -> usize {
        self.tokens[self.tokens.len() - 1].end
    }

    /// Has a lowercase common word (not a connector) or a common compound.
    pub fn is_strong(&self, text: &str) -> bool {
        self.tokens.iter().any(|t| t.is_strong(text))
    }
}

/// Whether a text reads as English: at least half of its words are common English words.
pub fn looks_english(text: &str) -> bool {
    let words: Vec<Token> = tokens(text).into_iter().filter(Token::is_word).collect();
    words.iter().filter(|t| t.is_common()).count() * 2 >= words.len()
}

pub fn runs(text: &str, shield: &[(usize, usize)]) -> Vec<Run> {
    // Looked up by binary search: a segment may hold thousands of names and of words.
    let shield = crate::text::SortedRanges::new(shield.to_vec());
    let shielded = |t: &Token| shield.overlaps(t.start, t.end);
    let mut out: Vec<Run> = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    for t in tokens(text) {
        let usable = t.is_word() && !shielded(&t);
        if usable {
            let joined = current.last().is_some_and(|prev| {
                text[prev.end..t.start]
                    .chars()
                    .all(|c| c == ' ' || c == '\u{a0}')
            });
            if !joined && !current.is_empty() {
                out.push(Run {
                    tokens: std::mem::take(&mut current),
                });
            }
            current.push(t);
        } else if !current.is_empty() {
            out.push(Run {
                tokens: std::mem::take(&mut current),
            });
        }
    }
    if !current.is_empty() {
        out.push(Run { tokens: current });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_token_read_from_the_end_is_the_last_of_all_tokens() {
        for text in [
            "",
            "  ",
            "Microsoft Open ",
            "see the Exchange",
            "run Get-Mailbox.",
            "the file .pst",
            "a 'quoted' ",
            "end with ... ''",
            "設定 Outlook",
            "Outlook 설정",
            "(Azure AD)",
            "$true",
            "x. :",
            "Teams’",
            "‘",
        ] {
            assert_eq!(last_token(text), tokens(text).last().copied(), "{text:?}");
        }
    }

    #[test]
    fn ascii_delimiters_are_the_general_rule_s() {
        let general = |c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '<'
                        | '>'
                        | '"'
                        | ','
                        | ';'
                        | '!'
                        | '?'
                        | '*'
                        | '|'
                )
        };
        for c in (0..0x80u8).map(char::from) {
            assert_eq!(is_delimiter(c), general(c), "{c:?}");
        }
    }

    fn words(t: &str) -> Vec<(&str, bool)> {
        runs(t, &[])
            .iter()
            .map(|r| (&t[r.start()..r.end()], r.is_strong(t)))
            .collect()
    }

    #[test]
    fn runs_and_strength() {
        assert_eq!(
            words("[On-premises 조건부 액세스를 설정하는 방법"),
            [("On-premises", true)]
        );
        assert_eq!(words("Enable Device 回寫"), [("Enable Device", false)]);
        assert_eq!(words("go to the 설정"), [("go to the", true)]);
        assert_eq!(
            words("PowerShell Get-Mailbox -Identity .pst AD FS 2.0 file.txt"),
            Vec::<(&str, bool)>::new()
        );
        assert_eq!(words("Home and Business"), [("Home and Business", false)]);
    }
}
