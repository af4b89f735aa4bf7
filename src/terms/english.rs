//! The English side of a segment pair: words, their usual letter case, and the runs of
//! words that may be terms (`rules/terms/english.yaml` lists the stopwords).

use super::hash;
use rustc_hash::FxHashSet;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    stopwords: Vec<String>,
    inner: Vec<String>,
    determiners: Vec<String>,
    prepositions: Vec<String>,
    verb_context: Vec<String>,
    general: Vec<String>,
}

/// English words the learner treats specially, by the hash of their lowercase form.
pub struct Words {
    stop: FxHashSet<u64>,
    inner: FxHashSet<u64>,
    det: FxHashSet<u64>,
    prep: FxHashSet<u64>,
    verb: FxHashSet<u64>,
    general: FxHashSet<u64>,
}

pub fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let data: Data = serde_yaml::from_str(include_str!("../../rules/terms/english.yaml"))
            .expect("rules/terms/english.yaml");
        let set = |v: &[String]| v.iter().map(|w| hash::str(w)).collect();
        Words {
            stop: set(&data.stopwords),
            inner: set(&data.inner),
            det: set(&data.determiners),
            prep: set(&data.prepositions),
            verb: set(&data.verb_context),
            general: set(&data.general),
        }
    })
}

impl Words {
    /// A word of everyday English that is not terminology (`time`, `example`, `top`).
    pub fn is_general(&self, lower: u64) -> bool {
        self.general.contains(&lower)
    }

    pub fn is_stop(&self, lower: u64) -> bool {
        self.stop.contains(&lower)
    }

    /// A determiner, preposition, modal or pronoun: a word that says nothing about the
    /// sense of the word after it.
    pub fn is_context_free(&self, lower: u64) -> bool {
        self.det.contains(&lower) || self.prep.contains(&lower) || self.verb.contains(&lower)
    }
}

/// The word starts with an uppercase letter.
pub const CAP: u8 = 1;
/// Two or more letters, all uppercase (an acronym: `AD`, `MFA`).
pub const UPPER: u8 = 2;
/// The first word of its chunk (a sentence or a heading starts there).
pub const FIRST: u8 = 4;
/// In a chunk written in title case (every longer word capitalized).
pub const TITLE: u8 = 8;
/// Digits only.
pub const NUMBER: u8 = 16;
/// A capital after the first letter of a mixed-case word (`iPhone`, `OneDrive`): a name.
pub const CAMEL: u8 = 32;

/// A word of a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: u32,
    pub end: u32,
    /// Words of one chunk are not separated by punctuation.
    pub chunk: u16,
    pub flags: u8,
    /// Hash of the lowercase word.
    pub lower: u64,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || (!c.is_ascii() && crate::locale::script::of(c) == crate::locale::script::Script::Latn)
}

/// Hash of a word in lowercase.
pub fn lower_hash(w: &str) -> u64 {
    if w.is_ascii() {
        let mut h = hash::Hasher::new();
        for b in w.bytes() {
            h.byte(b.to_ascii_lowercase());
        }
        h.finish()
    } else {
        hash::str(&w.to_lowercase())
    }
}

/// What a word's letters say: [`CAP`], [`UPPER`], [`NUMBER`] and [`CAMEL`].
fn case_flags(w: &str) -> u8 {
    // (first is uppercase, letters, any lowercase, an uppercase after the first)
    let (first_upper, letters, lower, upper_after) = if w.is_ascii() {
        let b = w.as_bytes();
        let mut seen = (false, 0usize, false, false);
        for (k, &c) in b.iter().enumerate() {
            seen.1 += usize::from(c.is_ascii_alphabetic());
            seen.2 |= c.is_ascii_lowercase();
            seen.3 |= k > 0 && c.is_ascii_uppercase();
        }
        seen.0 = b.first().is_some_and(u8::is_ascii_uppercase);
        seen
    } else {
        (
            w.chars().next().is_some_and(char::is_uppercase),
            w.chars().filter(|c| c.is_alphabetic()).count(),
            w.chars().any(char::is_lowercase),
            w.chars().skip(1).any(char::is_uppercase),
        )
    };
    let mut flags = 0;
    if first_upper {
        flags |= CAP;
    }
    if letters >= 2 && !lower {
        flags |= UPPER;
    }
    if letters == 0 {
        flags |= NUMBER;
    }
    if flags & UPPER == 0 && upper_after && lower {
        flags |= CAMEL;
    }
    flags
}

/// The words of a source text, in chunks: punctuation and markup characters end a chunk
/// (a term never crosses them); `-`, `'` and `.` inside a word keep it one word
/// (`sign-in`, `Office.com`); a possessive `'s` is left out.
pub fn tokenize(text: &str, out: &mut Vec<Word>) {
    out.clear();
    let mut chunk: u16 = 0;
    let mut chunk_first = 0usize;
    let mut in_chunk = false;
    let mut iter = text.char_indices().peekable();
    let finish_chunk = |out: &mut Vec<Word>, first: usize| {
        let mut long = out[first..].iter().filter(|w| w.end - w.start >= 4);
        let title = long.clone().count() >= 2 && long.all(|w| w.flags & CAP != 0);
        if title {
            for w in &mut out[first..] {
                w.flags |= TITLE;
            }
        }
    };
    while let Some((i, c)) = iter.next() {
        if is_word_char(c) {
            let start = i;
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else if matches!(d, '-' | '\'' | '’' | '.') {
                    // A joiner inside a word: only when a word character follows.
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        iter.next();
                        end = j + d.len_utf8();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let mut w = &text[start..end];
            for suffix in ["'s", "’s", "'S"] {
                if let Some(s) = w.strip_suffix(suffix)
                    && !s.is_empty()
                {
                    w = s;
                }
            }
            let end = start + w.len();
            if !in_chunk {
                in_chunk = true;
                chunk_first = out.len();
            }
            let mut flags = case_flags(w);
            if out.len() == chunk_first {
                flags |= FIRST;
            }
            out.push(Word {
                start: start as u32,
                end: end as u32,
                chunk,
                flags,
                lower: lower_hash(w),
            });
        } else if c.is_whitespace() {
            continue;
        } else if in_chunk {
            finish_chunk(out, chunk_first);
            in_chunk = false;
            chunk = chunk.saturating_add(1);
        }
    }
    if in_chunk {
        finish_chunk(out, chunk_first);
    }
}

/// How a word is usually written, learned from the positions where case tells: a word
/// capitalized in the middle of a sentence more often than not is a name (`Azure`,
/// `Teams`); elsewhere (at a sentence start, in a title) its usual form applies.
#[derive(Default)]
pub struct Case {
    counts: rustc_hash::FxHashMap<u64, (u32, u32)>,
}

impl Case {
    pub fn observe(&mut self, words: &[Word]) {
        for w in words {
            if w.flags & (UPPER | NUMBER) != 0 {
                continue;
            }
            let e = self.counts.entry(w.lower).or_default();
            if w.flags & CAP == 0 {
                e.1 += 1;
            } else if w.flags & (FIRST | TITLE) == 0 {
                e.0 += 1;
            }
        }
    }

    pub fn merge(&mut self, other: Case) {
        for (k, (a, b)) in other.counts {
            let e = self.counts.entry(k).or_default();
            e.0 += a;
            e.1 += b;
        }
    }

    /// Whether the word is a name (written capitalized).
    pub fn is_name(&self, w: &Word) -> bool {
        if w.flags & (UPPER | CAMEL) != 0 {
            return true;
        }
        if w.flags & NUMBER != 0 {
            return false;
        }
        let (cap, low) = self.counts.get(&w.lower).copied().unwrap_or((0, 0));
        if cap == 0 && low == 0 {
            // Never seen where case tells: as written, unless it starts a sentence.
            return w.flags & CAP != 0 && w.flags & (FIRST | TITLE) == 0;
        }
        cap > low
    }

    /// The word's identity: its lowercase form, marked when it is a name.
    pub fn key(&self, w: &Word) -> u64 {
        if self.is_name(w) {
            hash::mix(w.lower, 0x6e61_6d65)
        } else {
            w.lower
        }
    }
}

/// The kind of word before a candidate: after a determiner (a noun), a preposition (a
/// noun or a gerund), `to`, a modal or a pronoun (a verb).
pub const CTX_DET: u8 = 1;
pub const CTX_PREP: u8 = 2;
pub const CTX_VERB: u8 = 3;

/// A run of source words that may be a term.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    pub key: u64,
    pub chunk: u16,
    /// Word indexes `[start, end)` into the pair's words.
    pub start: u16,
    pub end: u16,
    pub context: u8,
    /// Nothing or a stopword follows: the candidate ends a noun phrase.
    pub head: bool,
    /// The first word is a name.
    pub name: bool,
    /// Keys of the candidate without its last and without its first word (0 for one word).
    pub left: u64,
    pub right: u64,
}

pub const MAX_WORDS: usize = 4;

/// Key of a run of word keys.
pub fn run_key(keys: &[u64]) -> u64 {
    keys.iter().fold(0x7465_726d, |h, &k| hash::mix(h, k))
}

/// The candidates of a text's words: runs of up to four words that neither start nor end
/// with a stopword (only `for`, `of`, `and`, `on`, `in` may stand inside), nor start with
/// a number or a one-letter word.
pub fn candidates(text: &str, words: &[Word], case: &Case, out: &mut Vec<Candidate>) {
    out.clear();
    let data = self::words();
    let keys: Vec<u64> = words.iter().map(|w| case.key(w)).collect();
    let mut i = 0;
    while i < words.len() {
        let chunk = words[i].chunk;
        let mut end = i;
        while end < words.len() && words[end].chunk == chunk {
            end += 1;
        }
        // Run keys by start and length (`runs[(s - i) * MAX_WORDS + n - 1]`), folded left.
        let mut runs: Vec<u64> = vec![0; (end - i) * MAX_WORDS];
        for s in i..end {
            let mut k = run_key(&[]);
            for n in 1..=MAX_WORDS.min(end - s) {
                k = hash::mix(k, keys[s + n - 1]);
                runs[(s - i) * MAX_WORDS + n - 1] = k;
            }
        }
        let run = |s: usize, e: usize| runs[(s - i) * MAX_WORDS + (e - s) - 1];
        for s in i..end {
            let w = &words[s];
            if data.stop.contains(&w.lower)
                || w.flags & NUMBER != 0
                || w.end - w.start < 2
                || !text.is_char_boundary(w.start as usize)
            {
                continue;
            }
            let context = match s.checked_sub(1).filter(|&p| p >= i) {
                Some(p) if data.det.contains(&words[p].lower) => CTX_DET,
                Some(p) if data.prep.contains(&words[p].lower) => CTX_PREP,
                Some(p) if data.verb.contains(&words[p].lower) => CTX_VERB,
                _ => 0,
            };
            let name = case.is_name(w);
            for e in s + 1..=(s + MAX_WORDS).min(end) {
                let last = &words[e - 1];
                if data.stop.contains(&last.lower) {
                    continue;
                }
                if words[s + 1..e.saturating_sub(1).max(s + 1)]
                    .iter()
                    .any(|w| data.stop.contains(&w.lower) && !data.inner.contains(&w.lower))
                {
                    // A later end does not help: the bad word stays inside.
                    break;
                }
                let head = e == end || data.stop.contains(&words[e].lower);
                out.push(Candidate {
                    key: run(s, e),
                    chunk,
                    start: s as u16,
                    end: e as u16,
                    context,
                    head,
                    name,
                    left: if e - s > 1 { run(s, e - 1) } else { 0 },
                    right: if e - s > 1 { run(s + 1, e) } else { 0 },
                });
            }
        }
        i = end;
    }
}

/// The text of a candidate as the learner writes it: names as usually written, other
/// words in lowercase.
pub fn display(text: &str, words: &[Word], start: usize, end: usize, case: &Case) -> String {
    let mut out = String::new();
    for w in &words[start..end] {
        if !out.is_empty() {
            out.push(' ');
        }
        let s = &text[w.start as usize..w.end as usize];
        if !case.is_name(w) {
            out.push_str(&s.to_lowercase());
        } else if w.flags & (CAP | UPPER | CAMEL) != 0 {
            out.push_str(s);
        } else {
            let mut cs = s.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, words: &[Word]) -> Vec<&'a str> {
        words
            .iter()
            .map(|w| &text[w.start as usize..w.end as usize])
            .collect()
    }

    #[test]
    fn words_and_chunks() {
        let t = "Enable the user's sign-in on Office.com: **Device writeback** (v2.0).";
        let mut w = Vec::new();
        tokenize(t, &mut w);
        assert_eq!(
            texts(t, &w),
            [
                "Enable",
                "the",
                "user",
                "sign-in",
                "on",
                "Office.com",
                "Device",
                "writeback",
                "v2.0"
            ]
        );
        let chunks: Vec<u16> = w.iter().map(|w| w.chunk).collect();
        assert_eq!(chunks, [0, 0, 0, 0, 0, 0, 1, 1, 2]);
        assert!(w[0].flags & FIRST != 0 && w[6].flags & FIRST != 0);
        assert!(
            w[6].flags & TITLE == 0,
            "`Device writeback` is not title case"
        );
        let t = "Device Writeback Overview";
        tokenize(t, &mut w);
        assert!(w.iter().all(|w| w.flags & TITLE != 0));
    }

    #[test]
    fn case_tells_names_from_words() {
        let mut case = Case::default();
        let mut w = Vec::new();
        for t in [
            "Open Microsoft Teams and select the device.",
            "Your device runs Teams.",
            "Devices and teams.",
        ] {
            tokenize(t, &mut w);
            case.observe(&w);
        }
        tokenize("Teams on the Device", &mut w);
        assert!(case.is_name(&w[0]), "Teams is capitalized mid-sentence");
        assert!(!case.is_name(&w[3]), "device is written in lowercase");
    }

    #[test]
    fn candidates_skip_stopwords_at_the_edges() {
        let case = Case::default();
        let t = "Enable password writeback for the Windows Hello for Business users";
        let mut w = Vec::new();
        tokenize(t, &mut w);
        let mut c = Vec::new();
        candidates(t, &w, &case, &mut c);
        let shown: Vec<String> = c
            .iter()
            .map(|c| display(t, &w, c.start as usize, c.end as usize, &case))
            .collect();
        assert!(shown.contains(&"password writeback".to_string()));
        assert!(shown.contains(&"Windows Hello for Business".to_string()));
        assert!(
            !shown
                .iter()
                .any(|s| s.starts_with("for") || s.ends_with("the"))
        );
        assert!(!shown.iter().any(|s| s.contains("the")), "{shown:?}");
        let pw = c
            .iter()
            .find(|c| display(t, &w, c.start as usize, c.end as usize, &case) == "password")
            .unwrap();
        assert_eq!(pw.context, 0);
        let users = c
            .iter()
            .find(|c| display(t, &w, c.start as usize, c.end as usize, &case) == "users")
            .unwrap();
        assert!(users.head);
    }
}
