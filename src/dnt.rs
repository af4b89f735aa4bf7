//! The do-not-translate list: product and feature names that translations keep in Latin
//! script as written, embedded from `rules/do-not-translate.yaml` (its header documents
//! the schema), with the official localized forms some names have per locale.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;
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
    /// Official localized forms, keyed by locale tag or language.
    #[serde(default)]
    pub localized: BTreeMap<String, Vec<String>>,
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
    owner: Vec<usize>,
}

/// A character that continues a Latin word: ASCII letters and digits, Latin letters with
/// diacritics, `_`. Hangul and CJK are not (a Korean particle may follow a name directly).
pub fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (c.is_alphabetic() && (c as u32) < 0x0250)
}

/// Whether `text[start..end]` stands as a whole Latin word sequence: no word character
/// glued to it, and no `.`/`@`/`/` joining it to a longer token (`Outlook.com`).
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

/// The text without white space and inline markup (`[`, `]`, `*`, `_`), which may split a
/// localized name (`엔터프라이즈용 [Microsoft 365 앱](…)`).
fn without_space(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '*' | '_'))
        .collect()
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
        Ok(DntList {
            exact: build(false)?,
            folded: build(true)?,
            names,
            owner,
        })
    }

    fn search(&self, ac: &AhoCorasick, text: &str) -> Vec<DntMatch> {
        let mut found: Vec<DntMatch> = ac
            .find_overlapping_iter(text)
            .filter(|m| latin_boundary(text, m.start(), m.end()))
            .map(|m| DntMatch {
                name: self.owner[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect();
        // Longest first; keep those that do not overlap a kept one.
        found.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
        let mut kept: Vec<DntMatch> = Vec::with_capacity(found.len());
        for m in found {
            if kept.iter().all(|k| m.end <= k.start || m.start >= k.end) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.start);
        kept
    }

    /// Names in `text` as written, on word boundaries, longest first where they overlap.
    pub fn find(&self, text: &str) -> Vec<DntMatch> {
        self.search(&self.exact, text)
    }

    /// Names in `text` in any letter case (`outlook`, `Sharepoint Online`).
    pub fn find_ignore_case(&self, text: &str) -> Vec<DntMatch> {
        self.search(&self.folded, text)
    }

    /// The forms a `locale` target may use for a name: the name, its other spellings and
    /// its localized forms. None when the name has localized forms for other locales but
    /// none for this one (the official form is unknown there).
    pub fn accepted_forms(&self, name: usize, locale: &str) -> Option<Vec<&str>> {
        let n = &self.names[name];
        if !n.check {
            return None;
        }
        let mut forms: Vec<&str> = std::iter::once(&n.name)
            .chain(&n.also)
            .chain(&n.accept)
            .map(String::as_str)
            .collect();
        if n.localized.is_empty() {
            return Some(forms);
        }
        let lang = locale.split(['-', '_']).next().unwrap_or(locale);
        let local = n
            .localized
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(locale))
            .or_else(|| {
                n.localized
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(lang))
            })?;
        forms.extend(local.1.iter().map(String::as_str));
        Some(forms)
    }

    /// Whether `text` holds one of the accepted forms of a name for `locale`: the English
    /// spellings as written on word boundaries, localized forms ignoring white space.
    pub fn has_accepted_form(&self, name: usize, locale: &str, text: &str) -> Option<bool> {
        self.has_accepted_form_in(name, locale, &FormText::new(text))
    }

    /// `has_accepted_form` on a text prepared once for all the names of a segment.
    pub fn has_accepted_form_in(&self, name: usize, locale: &str, text: &FormText) -> Option<bool> {
        let forms = self.accepted_forms(name, locale)?;
        Some(forms.iter().any(|f| {
            if f.is_ascii() {
                text.spaced
                    .match_indices(f)
                    .any(|(i, m)| latin_boundary(&text.spaced, i, i + m.len()))
            } else {
                text.squeezed.contains(&without_space(f))
            }
        }))
    }
}

/// A target text as accepted forms are compared with it: with white space folded (Latin
/// forms) and without white space (localized forms, whose spacing varies).
pub struct FormText {
    spaced: String,
    squeezed: String,
}

impl FormText {
    pub fn new(text: &str) -> FormText {
        FormText {
            spaced: text.split_whitespace().collect::<Vec<_>>().join(" "),
            squeezed: without_space(text),
        }
    }
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

    #[test]
    fn localized_forms_per_locale() {
        let l = builtin();
        let i = l
            .names
            .iter()
            .position(|n| n.name == "Windows Hello for Business")
            .unwrap();
        assert_eq!(
            l.has_accepted_form(i, "ko-KR", "비즈니스용 Windows Hello를 사용"),
            Some(true)
        );
        assert_eq!(
            l.has_accepted_form(i, "zh-TW", "Windows Hello 企業版"),
            Some(true)
        );
        assert_eq!(
            l.has_accepted_form(i, "zh-TW", "Windows Hello 商務"),
            Some(false)
        );
        assert_eq!(l.has_accepted_form(i, "de-DE", "x"), None);
        let o = l.names.iter().position(|n| n.name == "Outlook").unwrap();
        assert_eq!(l.has_accepted_form(o, "de-DE", "outlook"), Some(false));
    }

    #[test]
    fn sentence_starts() {
        let t = "Teams can. **Teams** in Teams";
        assert!(is_sentence_start(t, 0));
        assert!(is_sentence_start(t, 13));
        assert!(!is_sentence_start(t, 25));
    }
}
