//! A locale's profile: what its language and script do (punctuation, quotes, spacing,
//! numbers, casing, invisible characters, name forms), as the rules need it. Profiles are
//! data (`rules/locales/*.yaml`, documented in `rules/locales/README.md`); this file is
//! their typed form and the questions rules ask of them.

use super::script::{self, Script};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Writing direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

/// Whether a text needs a period at the end of a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SentencePeriod {
    /// Every sentence ends with the full stop (as in English).
    #[default]
    Required,
    /// Fragments and list items may end without one (Korean noun endings).
    Optional,
    /// Sentences end without a mark (Thai).
    None,
}

/// Kinds of sentence punctuation, as rules compare them between source and target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    FullStop,
    Question,
    Exclamation,
    Colon,
    Comma,
    Semicolon,
    Ellipsis,
}

/// How punctuation next to the locale's own letters is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    /// ASCII (half-width) punctuation.
    #[default]
    Halfwidth,
    /// Full-width punctuation next to ideographs and kana (Chinese, Japanese).
    Fullwidth,
}

/// Letter case rules for comparing names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CaseRule {
    #[default]
    Default,
    /// Turkish and Azerbaijani: `i`↔`İ` and `ı`↔`I`.
    Turkic,
}

/// How grammar attaches endings to a (Latin) product name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NameInflection {
    /// Names stay as written (only `names.suffixes`, such as a genitive `s`, may be glued on).
    #[default]
    None,
    /// Case endings are glued onto names (`Outlooka`, `Teamsie`, `Outlookissa`).
    Suffix,
    /// Case endings follow an apostrophe or a hyphen (`Outlook'ta`, `Outlook-ban`).
    Joined,
}

/// Punctuation conventions. Each mark lists how the locale writes it first (fixes write
/// that one), then other forms read as the same mark.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Punctuation {
    pub full_stop: Vec<String>,
    pub question: Vec<String>,
    pub exclamation: Vec<String>,
    pub colon: Vec<String>,
    pub comma: Vec<String>,
    pub semicolon: Vec<String>,
    pub ellipsis: Vec<String>,
    pub sentence_period: SentencePeriod,
    /// Marks that may end a sentence introducing a list or a procedure where the source
    /// has a colon (`[colon, full_stop]` in Russian and Korean).
    pub list_intro: Vec<Mark>,
    /// A question may be rephrased as a statement (ends with a full stop, or nothing).
    pub question_as_statement: bool,
    /// Marks that take a space (usually a no-break space) before them (French `:` `;`).
    pub space_before: Vec<String>,
    /// Marks that take a space after them even before a letter (French `«`).
    pub space_after: Vec<String>,
    /// Marks that open a question or an exclamation (Spanish `¿` `¡`).
    pub opening: Vec<String>,
    /// White space characters besides U+0020 that the locale's typography uses (French
    /// U+00A0 and U+202F before `:` `;` `!` `?`).
    pub spaces: Vec<String>,
    /// Words written with a final period that do not end a sentence (`r.`, `np.`, `etc.`).
    pub abbreviations: Vec<String>,
    /// Half-width or full-width punctuation inside the locale's own text.
    pub width: Width,
    /// With `width: fullwidth`, half-width marks the locale's style guide allows.
    pub halfwidth_allowed: Vec<String>,
    /// Words (lowercase) that start a question in the language (`do`, `how`, `q:`): a
    /// sentence ending with `?` that starts otherwise is a title or a stray mark.
    pub question_words: Vec<String>,
}

impl Punctuation {
    /// The forms the locale writes (or reads) a mark with, the usual one first.
    pub fn forms(&self, mark: Mark) -> &Vec<String> {
        match mark {
            Mark::FullStop => &self.full_stop,
            Mark::Question => &self.question,
            Mark::Exclamation => &self.exclamation,
            Mark::Colon => &self.colon,
            Mark::Comma => &self.comma,
            Mark::Semicolon => &self.semicolon,
            Mark::Ellipsis => &self.ellipsis,
        }
    }
}

/// Quotation marks, as open/close pairs.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Quotes {
    pub primary: Option<(String, String)>,
    pub secondary: Option<(String, String)>,
    /// Other pairs that are also correct in the locale.
    pub also: Vec<(String, String)>,
    /// Pairs that may set off a UI label instead of the source's bold or brackets.
    pub ui_labels: Vec<(String, String)>,
}

/// Number conventions.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Numbers {
    pub decimal: String,
    pub group: Vec<String>,
    /// Ten digits the locale may also write numbers with (`٠١٢٣٤٥٦٧٨٩`), if any.
    pub native_digits: Option<String>,
    /// Words a small number may be written as (all forms: gender, case).
    pub words: BTreeMap<u32, Vec<String>>,
    /// "Two" may be said by the grammar alone (Arabic dual), without a number word.
    pub dual: bool,
}

/// How product names behave in the locale.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Names {
    pub inflection: NameInflection,
    /// Endings that may be glued to a name even where names do not inflect (genitive `s`).
    pub suffixes: Vec<String>,
    /// Characters that join an ending to a name (`'` `’` `-` `:`).
    pub joiners: Vec<String>,
    /// Official local forms of do-not-translate names (`Microsoft: [Майкрософт]`). A name
    /// the list marks `localizable` is checked only in locales that list its forms here.
    pub localized: BTreeMap<String, Vec<String>>,
    /// Final letters of a name that a glued ending replaces (Polish `e`: `Skype` →
    /// `Skypie`); only where names inflect.
    pub dropped_final: Vec<String>,
    /// English terms the locale's terminology keeps in Latin letters (Thai `Add-in`,
    /// `Web Part`), lowercase: not English left untranslated there.
    pub kept_english: Vec<String>,
}

/// Words and affixes attached to other words without a space.
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Grammar {
    /// Words of the locale's script attach after a name, a link or emphasis with no space
    /// (Korean particles: `**설정**에서`).
    pub suffixes_attach: bool,
    /// Hangul particles whose form follows the final consonant of the word before
    /// (`은`/`는`): fixes that replace a word adjust them.
    pub hangul_particles: bool,
    /// Short words written attached before the next word (Arabic `و` `ب` `ال`).
    pub prefixes: Vec<String>,
    /// Phrases that end a "see <link>" sentence (`참조하세요`), and the particles that
    /// attach them to the link (`을`, `를`).
    pub see_phrases: Vec<String>,
    pub see_particles: Vec<String>,
    /// In a Latin-script language: the English function words (`the`, `and`, `to`, `is`…)
    /// that are also words of this language (Polish `to`, German `will`, Dutch `is`).
    /// English left untranslated is told by the others; None where not known, and then
    /// untranslated-words stays quiet in a Latin-script locale.
    pub english_homographs: Option<Vec<String>>,
    /// Endings glued to a word (Korean particles, case endings) that the terminology
    /// learner strips to find the stem all forms of a word share; a rendering learned in
    /// this language matches a word that is its stem plus one of these (after one of
    /// `prefixes`). Empty: words are compared as written.
    pub endings: Vec<String>,
    /// Letters a stem keeps at least when an ending or a prefix is stripped (0 means 1).
    pub min_stem: usize,
    /// Words (or, in languages without spaces, characters) that are never the first or
    /// the last word of a term: articles, conjunctions, prepositions, particles written
    /// apart. Empty: the learner finds them from the text.
    pub function_words: Vec<String>,
    /// Letters that everyday spelling writes for one another, as `[variant, letter]`
    /// pairs (Arabic `أ` for `ا`, `ة` for `ه`): to the terminology learner, words that
    /// differ only in these are one word.
    pub letter_variants: Vec<(String, String)>,
    /// Letters a word's inflection inserts or drops inside it (the long vowels and hamza
    /// of Arabic broken plurals and verb forms: `شريك`/`شركاء`, `لون`/`ألوان`, `حفظ`/`احفظ`):
    /// to the terminology checks, two words whose other letters are the same, in the same
    /// order, are forms of one word, not two renderings. Empty: words are compared by
    /// their stems only.
    pub inflection_letters: Vec<String>,
    /// A UI label is joined with a hyphen to the word for what it names (Finnish
    /// `Hallinta-sivulla`, *on the Manage page*; `Laitteet-käytännöt`): to the terminology
    /// checks, such a compound holds the label or the word, and is not another rendering
    /// of either. Off where hyphenated words are words of their own (Russian
    /// `прокси-сервер`, Polish `wiadomości-śmieci`).
    pub label_compounds: bool,
    /// In a language written without spaces: a run of katakana is one word (Japanese
    /// writes loanwords, most product terms among them, in katakana: `デバイス`), so a
    /// learned rendering never starts or ends inside one.
    pub katakana_words: bool,
    /// Spaces separate syllables, not words (Vietnamese: `hộp thư dùng chung`, shared
    /// mailbox): a learned rendering may run to twice as many tokens.
    pub syllable_spacing: bool,
    /// Marks written inside a word, between two letters (Hebrew acronyms and loanwords:
    /// `דוא"ל`, email; `צ'אט`, chat): to the terminology learner the word goes on across
    /// them, as it does across a hyphen.
    pub word_marks: Vec<String>,
    /// How a stem's last letter changes when an ending follows, as `[before an ending, at
    /// the end of the word]` pairs (Turkish `hesap` → `hesabı`, `kaynak` → `kaynağı`): to
    /// the terminology learner, `hesab` + ending is a form of `hesap`.
    pub stem_alternations: Vec<(String, String)>,
}

/// A rule's behaviour changed for this locale, with the reason.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleAdjustment {
    /// `error`, `warning`, `info` or `off`.
    pub severity: String,
    pub reason: String,
}

/// The profile as written in YAML (after `extends` and user overrides are merged).
#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProfileData {
    pub tag: String,
    #[serde(default)]
    pub name: String,
    /// A profile whose values this one starts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// The writing system (`rules/locales/scripts.yaml`): `Latn`, `Cyrl`, `Hans`, `Kore`…
    pub script: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub punctuation: Option<Punctuation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Quotes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Numbers>,
    #[serde(default)]
    pub case: CaseRule,
    #[serde(default)]
    pub names: Names,
    #[serde(default)]
    pub grammar: Grammar,
    /// Invisible characters that belong to the language besides its script's (ZWNJ in
    /// Persian), as characters or `U+XXXX`.
    #[serde(default)]
    pub invisible: Vec<String>,
    /// Rules made quieter (or louder) here, each with its reason.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleAdjustment>,
}

/// Facts shared by every language written in a script (`rules/locales/scripts.yaml`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WritingSystem {
    #[serde(default)]
    pub name: String,
    /// The Unicode scripts whose letters are the locale's own (`Kore`: Hangul and Han).
    pub scripts: Vec<Script>,
    #[serde(default)]
    pub direction: Direction,
    /// Words are separated by spaces.
    pub word_spaces: bool,
    /// Invisible characters that belong in text of this script (bidi marks around
    /// left-to-right names in right-to-left text, joiners in Indic scripts).
    #[serde(default)]
    pub invisible: Vec<String>,
}

/// How the profile of a requested tag was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Resolution {
    /// A profile for this exact tag.
    Exact,
    /// The profile of the same language (and script): `fr-BE` → `fr-FR`.
    Language { profile: String },
    /// Only the script is known (from the tag or the language): conventions are not.
    Script { script: String },
    /// Nothing is known about the tag.
    Unknown,
}

/// A locale profile, resolved: what rules read.
#[derive(Clone, Debug)]
pub struct LocaleProfile {
    /// The tag the profile was asked for (`fr-BE`), or empty when the locale is unknown.
    pub requested: String,
    pub resolution: Resolution,
    /// The profile's own tag (`fr-FR`), or the requested tag for script-only profiles.
    pub tag: String,
    pub name: String,
    /// The writing system code (`Latn`, `Hans`…), if known.
    pub writing_system: Option<String>,
    pub scripts: Vec<Script>,
    pub direction: Option<Direction>,
    /// Words are separated by spaces; None when not known.
    pub word_spaces: Option<bool>,
    pub punctuation: Option<Punctuation>,
    pub quotes: Option<Quotes>,
    pub numbers: Option<Numbers>,
    pub case: CaseRule,
    pub names: Names,
    pub grammar: Grammar,
    pub invisible: Vec<char>,
    pub rules: BTreeMap<String, RuleAdjustment>,
    /// The merged data (for `loclint locales TAG`).
    pub data: Option<ProfileData>,
}

/// Writes `U+XXXX` entries as the characters they name, so rules compare text with text.
fn normalize(data: &mut ProfileData) -> Result<(), String> {
    fn chars(list: &mut [String], what: &str, single: bool) -> Result<(), String> {
        for s in list.iter_mut() {
            if s.starts_with("U+") || s.starts_with("u+") || single {
                *s = parse_char(s)
                    .map_err(|e| format!("`{what}`: {e}"))?
                    .to_string();
            }
        }
        Ok(())
    }
    if let Some(p) = &mut data.punctuation {
        for (list, what) in [
            (&mut p.full_stop, "punctuation.full_stop"),
            (&mut p.question, "punctuation.question"),
            (&mut p.exclamation, "punctuation.exclamation"),
            (&mut p.colon, "punctuation.colon"),
            (&mut p.comma, "punctuation.comma"),
            (&mut p.semicolon, "punctuation.semicolon"),
            (&mut p.ellipsis, "punctuation.ellipsis"),
            (&mut p.opening, "punctuation.opening"),
            (&mut p.halfwidth_allowed, "punctuation.halfwidth_allowed"),
        ] {
            chars(list, what, false)?;
        }
        chars(&mut p.space_before, "punctuation.space_before", true)?;
        chars(&mut p.space_after, "punctuation.space_after", true)?;
        chars(&mut p.spaces, "punctuation.spaces", true)?;
    }
    if let Some(n) = &mut data.numbers {
        chars(&mut n.group, "numbers.group", true)?;
        if n.decimal.chars().count() != 1 {
            return Err("`numbers.decimal` must be one character".into());
        }
    }
    chars(&mut data.names.joiners, "names.joiners", true)?;
    chars(&mut data.grammar.word_marks, "grammar.word_marks", true)?;
    chars(&mut data.invisible, "invisible", true)?;
    Ok(())
}

/// A character given as itself or as `U+XXXX`.
pub fn parse_char(s: &str) -> Result<char, String> {
    if let Some(hex) = s.strip_prefix("U+").or_else(|| s.strip_prefix("u+")) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| format!("`{s}` is not a character code"));
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(format!("`{s}` is not one character")),
    }
}

impl LocaleProfile {
    /// The profile of a file whose locale is not known: every convention unknown.
    pub fn unknown(requested: &str) -> LocaleProfile {
        LocaleProfile {
            requested: requested.to_string(),
            resolution: Resolution::Unknown,
            tag: requested.to_string(),
            name: String::new(),
            writing_system: None,
            scripts: Vec::new(),
            direction: None,
            word_spaces: None,
            punctuation: None,
            quotes: None,
            numbers: None,
            case: CaseRule::Default,
            names: Names::default(),
            grammar: Grammar::default(),
            invisible: Vec::new(),
            rules: BTreeMap::new(),
            data: None,
        }
    }

    /// A profile that knows only the writing system.
    pub fn script_only(requested: &str, code: &str, ws: &WritingSystem) -> LocaleProfile {
        let mut p = LocaleProfile::unknown(requested);
        p.resolution = Resolution::Script {
            script: code.to_string(),
        };
        p.name = ws.name.clone();
        p.writing_system = Some(code.to_string());
        p.scripts = ws.scripts.clone();
        p.direction = Some(ws.direction);
        p.word_spaces = Some(ws.word_spaces);
        p.invisible = ws
            .invisible
            .iter()
            .filter_map(|s| parse_char(s).ok())
            .collect();
        p
    }

    pub fn from_data(
        requested: &str,
        resolution: Resolution,
        data: ProfileData,
        ws: &WritingSystem,
    ) -> Result<LocaleProfile, String> {
        let mut invisible = Vec::new();
        for s in ws.invisible.iter().chain(&data.invisible) {
            invisible.push(parse_char(s).map_err(|e| format!("`invisible`: {e}"))?);
        }
        let mut data = data;
        normalize(&mut data)?;
        for (rule, adj) in &data.rules {
            if !matches!(adj.severity.as_str(), "error" | "warning" | "info" | "off") {
                return Err(format!(
                    "`rules.{rule}.severity` must be error, warning, info or off, not `{}`",
                    adj.severity
                ));
            }
        }
        if let Some(n) = &data.numbers
            && let Some(d) = &n.native_digits
            && d.chars().count() != 10
        {
            return Err("`numbers.native_digits` must hold ten digits".into());
        }
        Ok(LocaleProfile {
            requested: requested.to_string(),
            resolution,
            tag: data.tag.clone(),
            name: data.name.clone(),
            writing_system: Some(data.script.clone()),
            scripts: ws.scripts.clone(),
            direction: Some(ws.direction),
            word_spaces: Some(ws.word_spaces),
            punctuation: data.punctuation.clone(),
            quotes: data.quotes.clone(),
            numbers: data.numbers.clone(),
            case: data.case,
            names: data.names.clone(),
            grammar: data.grammar.clone(),
            invisible,
            rules: data.rules.clone(),
            data: Some(data),
        })
    }

    /// The locale is a variety of English, the language of the sources: a target equal to
    /// its source is not untranslated there.
    pub fn is_source_language(&self) -> bool {
        let lang = |t: &str| {
            t.split(['-', '_'])
                .next()
                .unwrap_or("")
                .eq_ignore_ascii_case("en")
        };
        lang(&self.tag) || lang(&self.requested)
    }

    /// Whether anything is known about the locale.
    pub fn is_known(&self) -> bool {
        self.resolution != Resolution::Unknown
    }

    /// A letter of the locale's own script(s).
    pub fn is_native_letter(&self, c: char) -> bool {
        let s = script::of(c);
        s != Script::Zyyy && self.scripts.contains(&s)
    }

    /// Whether the locale's own letters are not Latin: Latin words in its text stand out
    /// as foreign (English left untranslated, names).
    pub fn latin_is_foreign(&self) -> bool {
        !self.scripts.is_empty() && !self.scripts.contains(&Script::Latn)
    }

    /// Words separated by spaces (Some(true)), written together (Some(false)), or unknown.
    pub fn separates_words(&self) -> Option<bool> {
        self.word_spaces
    }

    /// The locale writes ideographs or kana (Chinese, Japanese).
    pub fn is_ideographic(&self) -> bool {
        self.scripts.iter().any(|s| s.is_ideographic()) && self.word_spaces == Some(false)
    }

    /// Hangul particles follow the final consonant of the word before.
    pub fn has_hangul_particles(&self) -> bool {
        self.grammar.hangul_particles
    }

    /// The kind of sentence mark `s` is in this locale (None: not a sentence mark, or the
    /// locale's punctuation is unknown). ASCII marks are also read in full-width locales.
    pub fn mark_of(&self, s: &str) -> Option<Mark> {
        let p = self.punctuation.as_ref()?;
        // The ellipsis first: `...` is not three full stops.
        [
            Mark::Ellipsis,
            Mark::FullStop,
            Mark::Question,
            Mark::Exclamation,
            Mark::Colon,
            Mark::Semicolon,
            Mark::Comma,
        ]
        .into_iter()
        .find(|&m| p.forms(m).iter().any(|f| f == s))
    }

    /// How the locale writes a mark (None: it has none, or punctuation is unknown).
    pub fn write_mark(&self, mark: Mark) -> Option<&str> {
        let p = self.punctuation.as_ref()?;
        p.forms(mark).first().map(String::as_str)
    }

    /// Whether `c` ends a sentence in this locale (full stop, question or exclamation).
    pub fn is_sentence_end(&self, c: char) -> bool {
        let mut buf = [0u8; 4];
        matches!(
            self.mark_of(c.encode_utf8(&mut buf)),
            Some(Mark::FullStop | Mark::Question | Mark::Exclamation)
        )
    }

    /// The one-character forms of the locale's full stop, question and exclamation marks.
    pub fn sentence_end_chars(&self) -> Vec<char> {
        self.mark_chars(&[Mark::FullStop, Mark::Question, Mark::Exclamation])
    }

    /// The one-character forms the locale writes (or reads) these marks with.
    pub fn mark_chars(&self, marks: &[Mark]) -> Vec<char> {
        let Some(p) = &self.punctuation else {
            return Vec::new();
        };
        marks
            .iter()
            .flat_map(|&m| p.forms(m))
            .filter_map(|s| {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .collect()
    }

    pub fn sentence_period(&self) -> Option<SentencePeriod> {
        self.punctuation.as_ref().map(|p| p.sentence_period)
    }

    /// Whether a word (with its final period, `r.`) is an abbreviation of the locale.
    pub fn is_abbreviation(&self, word_with_period: &str) -> bool {
        self.punctuation.as_ref().is_some_and(|p| {
            p.abbreviations
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word_with_period))
        })
    }

    /// Whether a sentence that starts with `word` asks a question, if the locale lists its
    /// question words (None where it does not).
    pub fn starts_question(&self, word: &str) -> Option<bool> {
        let p = self.punctuation.as_ref()?;
        if p.question_words.is_empty() {
            return None;
        }
        let word = word.to_lowercase();
        Some(p.question_words.contains(&word))
    }

    /// Whether `text` (ending with a period) ends with one of the locale's abbreviations,
    /// multi-word ones included (`2021 r.`, `z. B.`, `т. е.`), starting at a word boundary.
    /// Any white space inside an abbreviation matches any white space (`z.\u{a0}B.`).
    pub fn ends_with_abbreviation(&self, text: &str) -> bool {
        let Some(p) = self.punctuation.as_ref() else {
            return false;
        };
        p.abbreviations.iter().any(|a| {
            let mut t = text.chars().rev().peekable();
            for ac in a.chars().rev() {
                match t.next() {
                    Some(tc) if ac.is_whitespace() && tc.is_whitespace() => {}
                    Some(tc) if tc == ac => {}
                    // ASCII against ASCII needs no case tables (a non-ASCII letter may still
                    // lowercase to an ASCII one: the Kelvin sign to `k`).
                    Some(tc) if tc.is_ascii() && ac.is_ascii() => {
                        if !tc.eq_ignore_ascii_case(&ac) {
                            return false;
                        }
                    }
                    Some(tc) if tc.to_lowercase().eq(ac.to_lowercase()) => {}
                    _ => return false,
                }
            }
            !t.peek().is_some_and(|c| c.is_alphanumeric())
        })
    }

    /// Marks that take a space before them (French `:`), if punctuation is known.
    pub fn spaced_before(&self, c: char) -> Option<bool> {
        let p = self.punctuation.as_ref()?;
        Some(p.space_before.iter().any(|s| s.chars().eq([c])))
    }

    /// White space the locale's typography uses besides U+0020.
    pub fn uses_space(&self, c: char) -> Option<bool> {
        let p = self.punctuation.as_ref()?;
        Some(c == ' ' || p.spaces.iter().any(|s| parse_char(s) == Ok(c)))
    }

    pub fn width(&self) -> Option<Width> {
        self.punctuation.as_ref().map(|p| p.width)
    }

    /// With full-width punctuation: whether the half-width `c` is allowed by the style
    /// guide next to the locale's letters.
    pub fn halfwidth_allowed(&self, c: char) -> bool {
        self.punctuation
            .as_ref()
            .is_some_and(|p| p.halfwidth_allowed.iter().any(|s| s.chars().eq([c])))
    }

    /// Every quotation pair the locale uses (primary, secondary, others).
    pub fn quote_pairs(&self) -> Vec<(&str, &str)> {
        let Some(q) = &self.quotes else {
            return Vec::new();
        };
        q.primary
            .iter()
            .chain(&q.secondary)
            .chain(&q.also)
            .map(|(o, c)| (o.as_str(), c.as_str()))
            .collect()
    }

    /// Quotation pairs that may set off a UI label in place of bold.
    pub fn ui_label_pairs(&self) -> Vec<(&str, &str)> {
        self.quotes.as_ref().map_or(Vec::new(), |q| {
            q.ui_labels
                .iter()
                .map(|(o, c)| (o.as_str(), c.as_str()))
                .collect()
        })
    }

    pub fn decimal_separator(&self) -> Option<char> {
        self.numbers.as_ref().and_then(|n| n.decimal.chars().next())
    }

    pub fn group_separators(&self) -> Vec<char> {
        self.numbers.as_ref().map_or(Vec::new(), |n| {
            n.group.iter().filter_map(|s| parse_char(s).ok()).collect()
        })
    }

    /// The value of a native digit (`٣` → 3, `๓` → 3), if the locale has native digits.
    pub fn native_digit(&self, c: char) -> Option<u32> {
        let digits = self.numbers.as_ref()?.native_digits.as_ref()?;
        digits.chars().position(|d| d == c).map(|p| p as u32)
    }

    /// Words that may stand for the number `n`.
    pub fn number_words(&self, n: u32) -> &[String] {
        self.numbers
            .as_ref()
            .and_then(|x| x.words.get(&n))
            .map_or(&[], Vec::as_slice)
    }

    /// Lowercase as the locale does (Turkish `I` → `ı`, `İ` → `i`).
    pub fn to_lowercase(&self, s: &str) -> String {
        match self.case {
            CaseRule::Default => s.to_lowercase(),
            CaseRule::Turkic => s
                .chars()
                .flat_map(|c| match c {
                    'I' => vec!['ı'],
                    'İ' => vec!['i'],
                    c => c.to_lowercase().collect(),
                })
                .collect(),
        }
    }

    /// Whether two names are the same letters in any case, by the locale's case rules,
    /// also folding the dotted and dotless i together (a name keeps its English spelling,
    /// so `Intune` lowercased by Turkish rules is still `Intune`).
    pub fn eq_ignore_case(&self, a: &str, b: &str) -> bool {
        let fold = |s: &str| -> String {
            self.to_lowercase(s)
                .chars()
                .map(|c| if c == 'ı' { 'i' } else { c })
                .collect()
        };
        fold(a) == fold(b)
    }

    /// An invisible character that belongs in the locale's text.
    pub fn allows_invisible(&self, c: char) -> bool {
        self.invisible.contains(&c)
    }

    /// The official local forms of a do-not-translate name.
    pub fn localized_names(&self, name: &str) -> &[String] {
        self.names.localized.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether `rest` (the text right after a name) starts with an ending that may be
    /// glued to the name in this locale: `s` in German, any case ending in Polish, an
    /// ending after `'` or `-` in Turkish or Hungarian. None when names are not known.
    pub fn name_ending_allowed(&self, rest: &str) -> bool {
        let n = &self.names;
        if n.joiners.iter().any(|j| rest.starts_with(j.as_str())) {
            return true;
        }
        match n.inflection {
            NameInflection::Suffix => true,
            NameInflection::None | NameInflection::Joined => n.suffixes.iter().any(|s| {
                rest.starts_with(s.as_str())
                    && !rest[s.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            }),
        }
    }

    /// Whether the locale's terminology keeps these English words (any case) in Latin
    /// letters (`names.kept_english`).
    pub fn keeps_english(&self, words: &str) -> bool {
        let n = &self.names.kept_english;
        !n.is_empty()
            && n.iter().any(|k| {
                k.len() == words.len() && k.eq_ignore_ascii_case(words)
                    || (k.chars().count() == words.chars().count()
                        && k.to_lowercase() == words.to_lowercase())
            })
    }

    /// The adjustment of a rule in this locale.
    pub fn rule_adjustment(&self, rule: &str) -> Option<&RuleAdjustment> {
        self.rules.get(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_are_written_as_themselves_or_code_points() {
        assert_eq!(parse_char("U+200F"), Ok('\u{200f}'));
        assert_eq!(parse_char("«"), Ok('«'));
        assert!(parse_char("ab").is_err());
        assert!(parse_char("U+D800").is_err());
    }

    #[test]
    fn abbreviations_end_text_at_a_word_boundary() {
        let reg = crate::locale::builtin();
        let pl = reg.resolve("pl-PL");
        assert!(pl.ends_with_abbreviation("w 2021 r."));
        assert!(!pl.ends_with_abbreviation("w komputer."));
        let de = reg.resolve("de-DE");
        assert!(de.ends_with_abbreviation("Dateien, z. B."));
        assert!(de.ends_with_abbreviation("Dateien, z.\u{a0}B."));
        assert!(!de.ends_with_abbreviation("Kurz. B."));
        let ru = reg.resolve("ru-RU");
        assert!(ru.ends_with_abbreviation("файлы, т. е."));
        assert!(!ru.ends_with_abbreviation("Готово."));
    }

    #[test]
    fn english_questions_start_with_question_words() {
        let en = crate::locale::source();
        assert_eq!(en.starts_question("Do"), Some(true));
        assert_eq!(en.starts_question("Q:"), Some(true));
        assert_eq!(en.starts_question("Verify"), Some(false));
        assert_eq!(
            crate::locale::builtin()
                .resolve("de-DE")
                .starts_question("Wie"),
            None
        );
    }
}
