//! The translated side of a segment pair, read as the locale's profile says: words in
//! languages that separate words by spaces (reduced to their stems by the profile's
//! `grammar.endings` and `grammar.prefixes`), characters (with their combining marks) in
//! languages that do not (Chinese, Japanese, Thai), where a term is a run of characters.

use super::hash;
use crate::locale::LocaleProfile;
use crate::locale::script;
use rustc_hash::FxHashSet;
use std::sync::Arc;

/// A character (with its combining marks) of a script written without spaces.
pub const CLUSTER: u8 = 1;
/// White space before the token.
pub const SPACE_BEFORE: u8 = 2;
/// A word of the profile's `grammar.function_words` (or found to be one).
pub const FUNCTION: u8 = 4;

/// A token of a target text: a word, or a character cluster in scripts without spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    pub start: u32,
    pub end: u32,
    pub chunk: u16,
    pub flags: u8,
    /// Hash of the normalized token (lowercase, letter variants folded); for words, later
    /// the hash of the stem.
    pub key: u64,
}

/// How a locale's text is cut into tokens and words reduced to stems.
pub struct Reader {
    pub profile: Arc<LocaleProfile>,
    /// Words are separated by spaces (also when the profile does not know).
    pub spaced: bool,
    /// Endings written apart (`센터 에서`) belong to the word before: they are dropped.
    attach: bool,
    endings: Vec<String>,
    prefixes: Vec<String>,
    min_stem: usize,
    function_keys: FxHashSet<u64>,
    ending_keys: FxHashSet<u64>,
    function_list: Vec<String>,
    folds: Vec<(char, char)>,
    /// A run of katakana is one token (the profile's `grammar.katakana_words`).
    katakana_words: bool,
    /// Marks a word goes on across, between letters (`grammar.word_marks`).
    word_marks: Vec<char>,
    /// A stem's last letter before an ending → the word-final letter, normalized
    /// (`grammar.stem_alternations`).
    alternations: Vec<(String, String)>,
    /// The longest run of tokens a rendering may be.
    pub max_tokens: usize,
    /// What each character is (see [`Reader::class`]), computed once per block of 256.
    classes: Box<[std::sync::OnceLock<Box<[u8; 256]>>]>,
}

/// Character classes of [`Reader::class`].
const C_SPACE: u8 = 1;
const C_LETTER: u8 = 2;
const C_NATIVE: u8 = 4;
const C_MARK: u8 = 8;
const C_PREPENDED: u8 = 16;
/// Lowercase differs from the character.
const C_CASED: u8 = 32;

impl Reader {
    pub fn new(profile: Arc<LocaleProfile>) -> Reader {
        let g = &profile.grammar;
        let spaced = profile.separates_words() != Some(false);
        let folds = g
            .letter_variants
            .iter()
            .filter_map(|(a, b)| {
                let (mut x, mut y) = (a.chars(), b.chars());
                match (x.next(), x.next(), y.next(), y.next()) {
                    (Some(a), None, Some(b), None) => Some((a, b)),
                    _ => None,
                }
            })
            .collect();
        let max_tokens = if spaced {
            if g.syllable_spacing { 6 } else { 3 }
        } else if profile.is_ideographic() {
            6
        } else {
            // Thai, Lao, Khmer, Myanmar: a word is several characters with their marks.
            10
        };
        let mut reader = Reader {
            spaced,
            attach: g.suffixes_attach,
            endings: Vec::new(),
            prefixes: Vec::new(),
            min_stem: g.min_stem.max(1),
            function_keys: FxHashSet::default(),
            ending_keys: FxHashSet::default(),
            function_list: Vec::new(),
            folds,
            katakana_words: !spaced && g.katakana_words,
            // One character each (checked when the profile is read).
            word_marks: g
                .word_marks
                .iter()
                .filter_map(|m| m.chars().next())
                .collect(),
            alternations: Vec::new(),
            max_tokens,
            profile: profile.clone(),
            classes: (0..256).map(|_| std::sync::OnceLock::new()).collect(),
        };
        let list = |reader: &Reader, v: &[String]| {
            let mut out: Vec<String> = v.iter().map(|e| reader.normalize(e)).collect();
            out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            out.dedup();
            out
        };
        reader.endings = list(&reader, &g.endings);
        reader.alternations = g
            .stem_alternations
            .iter()
            .map(|(before, last)| (reader.normalize(before), reader.normalize(last)))
            .filter(|(before, last)| !before.is_empty() && !last.is_empty())
            .collect();
        reader.prefixes = list(&reader, &g.prefixes);
        reader.function_list = list(&reader, &g.function_words);
        reader.function_keys = reader.function_list.iter().map(|w| hash::str(w)).collect();
        reader.ending_keys = reader.endings.iter().map(|w| hash::str(w)).collect();
        reader
    }

    /// The characters of a token as the learner compares them: lowercase (by the
    /// locale's case rules), letter variants folded.
    fn norm_chars(&self, s: &str, f: impl FnMut(char)) {
        self.lower_chars(s, true, f);
    }

    /// The characters of `s` in lowercase (by the locale's case rule), with the profile's
    /// letter variants folded when `fold`.
    fn lower_chars(&self, s: &str, fold: bool, mut f: impl FnMut(char)) {
        let turkic = self.profile.case == crate::locale::CaseRule::Turkic;
        let fold = |c: char| if fold { self.fold(c) } else { c };
        for c in s.chars() {
            if c.is_ascii() && !(turkic && c == 'I') {
                f(fold(c.to_ascii_lowercase()));
            } else if turkic && c == 'I' {
                f('ı');
            } else if turkic && c == 'İ' {
                f('i');
            } else if self.class(c) & C_CASED == 0 {
                f(fold(c));
            } else {
                for l in c.to_lowercase() {
                    f(fold(l));
                }
            }
        }
    }

    /// Whether the profile folds letter variants (`grammar.letter_variants`).
    pub fn folds(&self) -> bool {
        !self.folds.is_empty()
    }

    fn fold(&self, c: char) -> char {
        if self.folds.is_empty() {
            return c;
        }
        self.folds
            .iter()
            .find(|(v, _)| *v == c)
            .map_or(c, |(_, b)| *b)
    }

    /// The token as the learner compares it: lowercase, letter variants folded.
    pub fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        self.norm_chars(s, |c| out.push(c));
        out
    }

    /// `s` as a reader sees it written: lowercase, letter variants kept (`έξοδα`, where
    /// [`Reader::normalize`] reads `εξοδα`).
    pub fn lowercase(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        self.lower_chars(s, false, |c| out.push(c));
        out
    }

    /// The hash of `normalize(s)`, without building it.
    pub fn norm_hash(&self, s: &str) -> u64 {
        let mut h = hash::Hasher::new();
        let mut buf = [0u8; 4];
        self.norm_chars(s, |c| h.bytes(c.encode_utf8(&mut buf).as_bytes()));
        h.finish()
    }

    /// The profile's prefixes, normalized, longest first.
    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// Whether a word (as written) is one of the profile's function words.
    pub fn is_function_word(&self, word: &str) -> bool {
        !self.function_list.is_empty() && self.function_keys.contains(&self.norm_hash(word))
    }

    /// Whether the locale lists its function words (else the learner finds them).
    pub fn has_function_words(&self) -> bool {
        !self.function_list.is_empty()
    }

    /// Keys of the function words that are one token (a character, in languages without
    /// spaces; a word elsewhere).
    pub fn function_tokens(&self) -> FxHashSet<u64> {
        self.function_list
            .iter()
            .filter(|w| self.spaced || w.chars().filter(|c| !script::is_mark(*c)).count() == 1)
            .map(|w| hash::str(w))
            .collect()
    }

    /// Whether a rendering's text starts or ends with a function word (languages without
    /// spaces, where function words are characters of the run).
    pub fn edge_is_function(&self, text: &str) -> bool {
        self.function_list
            .iter()
            .any(|f| text.starts_with(f.as_str()) || text.ends_with(f.as_str()))
    }

    fn classify(&self, c: char) -> u8 {
        let mut k = 0;
        if c.is_whitespace() || script::is_invisible(c) {
            k |= C_SPACE;
        }
        if c.is_alphanumeric() || script::is_mark(c) {
            k |= C_LETTER;
        }
        if self.profile.is_native_letter(c) {
            k |= C_NATIVE;
        }
        if script::is_mark(c) {
            k |= C_MARK;
        }
        if script::is_prepended_vowel(c) {
            k |= C_PREPENDED;
        }
        if c.to_lowercase().ne(std::iter::once(c)) {
            k |= C_CASED;
        }
        k
    }

    /// What a character is to the tokenizer: white space (or invisible), a letter (or a
    /// digit or a mark), a letter of the locale's own scripts, a mark, a vowel written
    /// first. Characters of the first 65,536 are looked up in blocks computed once.
    #[inline]
    fn class(&self, c: char) -> u8 {
        let u = c as u32;
        if u >= 0x10000 {
            return self.classify(c);
        }
        let block = self.classes[(u >> 8) as usize].get_or_init(|| {
            let mut b = Box::new([0u8; 256]);
            for (i, slot) in b.iter_mut().enumerate() {
                if let Some(ch) = char::from_u32((u & !0xff) | i as u32) {
                    *slot = self.classify(ch);
                }
            }
            b
        });
        block[(u & 0xff) as usize]
    }

    fn is_letter(&self, c: char) -> bool {
        self.class(c) & C_LETTER != 0
    }

    /// The tokens of a text, in chunks separated by punctuation.
    pub fn tokenize(&self, text: &str, out: &mut Vec<Tok>) {
        out.clear();
        let mut chunk: u16 = 0;
        let mut in_chunk = false;
        let mut space = false;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let class = self.class(c);
            if class & C_SPACE != 0 {
                space = true;
                continue;
            }
            if !self.is_letter(c) {
                if in_chunk {
                    chunk = chunk.saturating_add(1);
                    in_chunk = false;
                }
                space = false;
                continue;
            }
            let start = i;
            let mut end = i + c.len_utf8();
            let cluster = !self.spaced && class & C_NATIVE != 0;
            if cluster {
                // A vowel written first (Thai `เ`) goes with the letter after it.
                if class & C_PREPENDED != 0
                    && let Some(&(j, d)) = iter.peek()
                    && self.class(d) & C_NATIVE != 0
                {
                    end = j + d.len_utf8();
                    iter.next();
                }
                let katakana = self.katakana_words && script::is_katakana(c);
                while let Some(&(j, d)) = iter.peek() {
                    if self.class(d) & C_MARK != 0 || (katakana && script::is_katakana(d)) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
            } else {
                while let Some(&(j, d)) = iter.peek() {
                    let native = !self.spaced && self.class(d) & C_NATIVE != 0;
                    if self.is_letter(d) && !native {
                        end = j + d.len_utf8();
                        iter.next();
                    } else if d == '-' || d == '.' || self.word_marks.contains(&d) {
                        // `e-mail`, `온-프레미스`, `דוא"ל`: a hyphen (or a mark the locale
                        // writes inside words) between letters keeps one word; so does a
                        // period, as the English side reads it (`Outlook.com`).
                        let after = text[j + d.len_utf8()..].chars().next();
                        let native = |a: char| !self.spaced && self.class(a) & C_NATIVE != 0;
                        if after.is_some_and(|a| self.is_letter(a) && !(d == '.' && native(a))) {
                            end = j + d.len_utf8();
                            iter.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
            }
            let word = &text[start..end];
            let key = self.norm_hash(word);
            if self.spaced
                && self.attach
                && !self.function_keys.contains(&key)
                && self.ending_keys.contains(&key)
            {
                // A particle written apart belongs to the word before.
                space = false;
                continue;
            }
            let mut flags = 0;
            if cluster {
                flags |= CLUSTER;
            }
            if space {
                flags |= SPACE_BEFORE;
            }
            if self.spaced && self.function_keys.contains(&key) {
                flags |= FUNCTION;
            }
            out.push(Tok {
                start: start as u32,
                end: end as u32,
                chunk,
                flags,
                key,
            });
            in_chunk = true;
            space = false;
        }
    }

    /// The stems a (normalized) word may have: itself, without one of the profile's
    /// prefixes, and either of these without one of its endings, keeping at least
    /// `min_stem` letters. Longest first.
    pub fn stem_candidates(&self, word: &str) -> Vec<String> {
        let mut out = vec![word.to_string()];
        let len = word.chars().count();
        let mut bases: Vec<(&str, usize)> = vec![(word, len)];
        for p in &self.prefixes {
            if let Some(rest) = word.strip_prefix(p.as_str()) {
                let n = rest.chars().count();
                if n >= self.min_stem {
                    bases.push((rest, n));
                    out.push(rest.to_string());
                }
            }
        }
        for (base, n) in bases {
            for e in &self.endings {
                if let Some(stem) = base.strip_suffix(e.as_str()) {
                    let m = n - e.chars().count();
                    if m >= self.min_stem && !stem.is_empty() {
                        out.push(stem.to_string());
                        // `hesab` (of `hesabı`) is also `hesap`, as the word is written alone.
                        for (before, last) in &self.alternations {
                            if let Some(head) = stem.strip_suffix(before.as_str()) {
                                out.push(format!("{head}{last}"));
                            }
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        out.dedup();
        out
    }

    /// Whether this is one of the profile's endings (normalized).
    pub fn is_ending(&self, s: &str) -> bool {
        self.ending_keys.contains(&hash::str(s))
    }

    /// Whether stemming can change a word in this locale.
    pub fn stems(&self) -> bool {
        self.spaced && (!self.endings.is_empty() || !self.prefixes.is_empty())
    }
}

/// Chooses each word's stem among its candidates: the one most other word forms share
/// (`장치` for `장치를`, `장치에서`; `устройств` for `устройства`, `устройством`), so a
/// word that merely ends like an ending keeps it (`제한` stays `제한` when `제한을`,
/// `제한이` are seen). Input: distinct normalized words; output: the stem of each.
pub fn choose_stems(reader: &Reader, words: &[String]) -> Vec<String> {
    use rayon::prelude::*;
    use rustc_hash::FxHashMap;
    let candidates: Vec<Vec<String>> = words
        .par_iter()
        .map(|w| reader.stem_candidates(w))
        .collect();
    let mut forms: FxHashMap<&str, u32> = FxHashMap::default();
    for c in &candidates {
        for s in c {
            *forms.entry(s.as_str()).or_default() += 1;
        }
    }
    candidates
        .par_iter()
        .map(|c| {
            // Most forms; on a tie the longer stem (candidates are longest first).
            let mut best = &c[0];
            let mut best_n = forms[best.as_str()];
            for s in &c[1..] {
                let n = forms[s.as_str()];
                if n > best_n {
                    best = s;
                    best_n = n;
                }
            }
            best.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale;

    fn reader(tag: &str) -> Reader {
        Reader::new(locale::builtin().resolve(tag))
    }

    fn texts<'a>(t: &'a str, toks: &[Tok]) -> Vec<&'a str> {
        toks.iter()
            .map(|k| &t[k.start as usize..k.end as usize])
            .collect()
    }

    /// The tokens of `t` as the reader cuts them, as text.
    fn words<'a>(r: &Reader, t: &'a str) -> Vec<&'a str> {
        let mut toks = Vec::new();
        r.tokenize(t, &mut toks);
        texts(t, &toks)
    }

    /// The stems the reader chooses for these words (normalized first), together.
    fn stems(r: &Reader, words: &[&str]) -> Vec<String> {
        let words: Vec<String> = words.iter().map(|w| r.normalize(w)).collect();
        choose_stems(r, &words)
    }

    #[test]
    fn japanese_katakana_runs_are_one_token_and_kanji_one_each() {
        let r = reader("ja-JP");
        assert!(!r.spaced);
        let t = "メール アドレスを入力し、ニュース・フィードを開きます";
        let mut toks = Vec::new();
        r.tokenize(t, &mut toks);
        assert_eq!(
            texts(t, &toks),
            [
                "メール",
                "アドレス",
                "を",
                "入",
                "力",
                "し",
                "ニュース",
                "フィード",
                "を",
                "開",
                "き",
                "ま",
                "す"
            ]
        );
        assert!(toks.iter().all(|k| k.flags & CLUSTER != 0));
    }

    #[test]
    fn korean_words_drop_particles_written_apart() {
        let r = reader("ko-KR");
        assert!(r.spaced);
        let t = "관리 센터 에서 **장치 쓰기 기록**을, 온-프레미스";
        let mut toks = Vec::new();
        r.tokenize(t, &mut toks);
        assert_eq!(
            texts(t, &toks),
            ["관리", "센터", "장치", "쓰기", "기록", "온-프레미스"]
        );
        let chunks: Vec<u16> = toks.iter().map(|t| t.chunk).collect();
        assert_eq!(chunks, [0, 0, 1, 1, 1, 2]);
    }

    /// A period between letters keeps one word, as the English side reads it: `Outlook.com`
    /// is rendered `Outlook.com`, not `com`. A sentence's period, or one before a character
    /// of a script written without spaces, still ends the word.
    #[test]
    fn a_period_inside_a_word_keeps_it_one_word() {
        let fr = reader("fr-FR");
        assert_eq!(
            words(&fr, "Ouvrez Outlook.com. Puis OAuth 2.0 et T.V.A."),
            [
                "Ouvrez",
                "Outlook.com",
                "Puis",
                "OAuth",
                "2.0",
                "et",
                "T.V.A"
            ]
        );
        let zh = reader("zh-CN");
        assert_eq!(words(&zh, "登录Outlook.com。"), ["登", "录", "Outlook.com"]);
        let th = reader("th-TH");
        let t = words(&th, "Outlook.comใน");
        assert_eq!(t[0], "Outlook.com", "{t:?}");
    }

    #[test]
    fn hebrew_prefixes_leave_a_stem_of_two_letters() {
        let r = reader("he-IL");
        // `שלך` (yours): stripping the prefix `של` would leave the letter `ך`.
        assert!(!r.stem_candidates("שלך").contains(&"ך".to_string()));
        assert!(r.stem_candidates("המנהל").contains(&"מנהל".to_string()));
        assert!(r.stem_candidates("הדף").contains(&"דף".to_string()));
        assert!(r.is_function_word("שלך"));
    }

    #[test]
    fn turkish_stems_drop_your_and_our_with_their_cases() {
        let r = reader("tr-TR");
        for (word, stem) in [
            ("hesabınız", "hesab"),
            ("takviminizi", "takvim"),
            ("kutunuzu", "kutu"),
            ("kuruluşumuzda", "kuruluş"),
        ] {
            assert!(
                r.stem_candidates(word).contains(&stem.to_string()),
                "{word}: {:?}",
                r.stem_candidates(word)
            );
        }
    }

    #[test]
    fn turkish_final_consonants_soften_before_an_ending_and_stay_one_word() {
        let r = reader("tr-TR");
        assert_eq!(
            stems(
                &r,
                &[
                    "hesap",
                    "hesabı",
                    "hesabınız",
                    "grup",
                    "grubu",
                    "kaynak",
                    "kaynağı",
                    "trend",
                    "trendi",
                ]
            ),
            [
                "hesap", "hesap", "hesap", "grup", "grup", "kaynak", "kaynak", "trend", "trend"
            ]
        );
        // `trend` keeps its `d`: the word is seen alone with it.
        // Where the locale has no such alternation, `hesab` stays what it is.
        let plain = reader("fr-FR");
        assert!(
            !plain
                .stem_candidates("hesabı")
                .contains(&"hesap".to_string())
        );
    }

    #[test]
    fn swedish_hungarian_and_turkish_stems_drop_their_endings() {
        for (tag, words, stems) in [
            (
                "sv-SE",
                &[
                    "konto",
                    "kontot",
                    "användare",
                    "användaren",
                    "enhet",
                    "enheten",
                    "enheterna",
                ][..],
                &[
                    "konto",
                    "konto",
                    "användare",
                    "användare",
                    "enhet",
                    "enhet",
                    "enhet",
                ][..],
            ),
            (
                "hu-HU",
                &[
                    "postafiók",
                    "postafiókot",
                    "jelszó",
                    "jelszót",
                    "felhasználó",
                    "felhasználókhoz",
                ],
                &[
                    "postafiók",
                    "postafiók",
                    "jelszó",
                    "jelszó",
                    "felhasználó",
                    "felhasználó",
                ],
            ),
            (
                "tr-TR",
                &["kullanıcı", "kullanıcıyı", "merkez", "merkezdeki"],
                &["kullanıcı", "kullanıcı", "merkez", "merkez"],
            ),
        ] {
            let r = reader(tag);
            assert_eq!(self::stems(&r, words), stems, "{tag}");
        }
        // Articles and possessives are function words, never a rendering's edge.
        assert!(reader("sv-SE").is_function_word("din"));
        assert!(reader("hu-HU").is_function_word("az"));
    }

    #[test]
    fn hebrew_acronyms_are_one_word_across_gershayim() {
        let r = reader("he-IL");
        assert_eq!(
            words(&r, "שלח דוא\"ל או \"צ'אט\" ב-Teams"),
            ["שלח", "דוא\"ל", "או", "צ'אט", "ב-Teams"]
        );
        // The gershayim typed as such is the same word.
        assert_eq!(r.normalize("דוא״ל"), r.normalize("דוא\"ל"));
        // A language that writes no marks inside words ends the word at the quote.
        assert_eq!(
            words(&reader("fr-FR"), "l'adresse \"courriel\""),
            ["l", "adresse", "courriel"]
        );
    }

    #[test]
    fn vietnamese_renderings_may_run_to_six_syllables() {
        // Spaces separate syllables: `trung tâm quản trị Microsoft 365` is admin center.
        assert_eq!(reader("vi-VN").max_tokens, 6);
        assert_eq!(reader("fr-FR").max_tokens, 3);
        assert!(reader("vi-VN").is_function_word("của"));
    }

    #[test]
    fn korean_stems_strip_particles() {
        let r = reader("ko-KR");
        let stems = stems(
            &r,
            &[
                "장치를",
                "장치",
                "장치에서",
                "제한",
                "제한을",
                "제한이",
                "디바이스가",
                "디바이스",
            ],
        );
        assert_eq!(
            stems,
            [
                "장치",
                "장치",
                "장치",
                "제한",
                "제한",
                "제한",
                "디바이스",
                "디바이스"
            ]
        );
        // One form alone keeps its letters: a word that merely ends like a particle is not cut.
        let stems = choose_stems(&r, &["제한".to_string()]);
        assert_eq!(stems, ["제한"]);
    }

    #[test]
    fn greek_words_compare_without_stress_marks_and_keep_them_when_shown() {
        let r = reader("el-GR");
        assert!(r.folds());
        // The stress moves with the ending (ρύθμιση, ρυθμίσεις) and doubles before an
        // enclitic (τα έξοδά μου): compared without it, shown as written.
        assert_eq!(r.normalize("Έξοδά"), "εξοδα");
        assert_eq!(r.norm_hash("έξοδά"), r.norm_hash("ΈΞΟΔΑ"));
        // A word in capitals lowercases its final sigma to σ.
        assert_eq!(r.norm_hash("ΛΟΓΑΡΙΑΣΜΟΣ"), r.norm_hash("λογαριασμός"));
        assert_eq!(r.lowercase("Έξοδά"), "έξοδά");
        assert!(crate::terms::findings::inflection(
            "ρύθμιση",
            "ρυθμίσεις",
            &r
        ));
        assert!(r.is_function_word("Τα") && r.is_function_word("μου"));
        // Without letter variants, lowercase is what normalize gives.
        let r = reader("fr-FR");
        assert!(!r.folds());
        assert_eq!(r.lowercase("Périphérique"), r.normalize("Périphérique"));
    }

    #[test]
    fn a_ukrainian_apostrophe_is_part_of_the_word_as_typed_or_typeset() {
        let r = reader("uk-UA");
        assert_eq!(
            words(&r, "Ім'я та ім’я користувача"),
            ["Ім'я", "та", "ім’я", "користувача"]
        );
        assert_eq!(r.norm_hash("ім’я"), r.norm_hash("Ім'я"));
        // і of a closed last syllable is о or е when an ending opens it: one word.
        assert!(crate::terms::findings::inflection(
            "вартість",
            "вартості",
            &r
        ));
        assert!(!crate::terms::findings::inflection(
            "вартість",
            "валюта",
            &r
        ));
    }

    #[test]
    fn slavic_and_romanian_case_forms_with_their_prepositions_and_articles_are_one_word() {
        use crate::terms::findings::inflection;
        let hr = reader("hr-HR");
        assert!(inflection("stranica", "na stranici", &hr));
        assert!(inflection("radni prostor", "U radnom prostoru", &hr));
        assert!(!inflection("upravitelj", "voditelj", &hr));
        let sk = reader("sk-SK");
        assert!(inflection("pole", "V poli", &sk));
        assert!(inflection("stránka", "na stránke", &sk));
        assert!(!inflection("fázy", "etape", &sk));
        let ro = reader("ro-RO");
        assert!(inflection("ofertă", "unei oferte", &ro));
        // A cedilla and a comma below are one letter.
        assert_eq!(ro.norm_hash("poştală"), ro.norm_hash("poștală"));
    }

    #[test]
    fn baltic_estonian_and_indonesian_forms_share_a_stem() {
        for (tag, words, stem) in [
            (
                "lt-LT",
                &["kalendorius", "kalendoriaus", "kalendorių"][..],
                "kalendori",
            ),
            (
                "lv-LV",
                &["līgums", "līguma", "līgumā", "līgumu"][..],
                "līgum",
            ),
            (
                "et-EE",
                &[
                    "broneering",
                    "broneeringud",
                    "broneeringute",
                    "broneeringuid",
                    "broneeringu",
                ][..],
                "broneering",
            ),
            ("sl-SI", &["vir", "virov", "virih", "vira"][..], "vir"),
            ("id-ID", &["laporan", "laporannya"][..], "laporan"),
        ] {
            let r = reader(tag);
            assert_eq!(stems(&r, words), vec![stem; words.len()], "{tag}");
        }
        // Function words (`yang`, which; `mani`, my; `v tej`, in this; `u`, in) are no part of
        // a rendering.
        use crate::terms::findings::inflection;
        assert!(inflection("kalba", "yang kalba", &reader("id-ID")));
        assert!(inflection("izdevumi", "Mani izdevumi", &reader("lv-LV")));
        assert!(inflection("tema", "v tej temi", &reader("sl-SI")));
        assert!(inflection("polje", "u polju", &reader("sr-Latn-RS")));
        assert!(!inflection("preduzeće", "kompanija", &reader("sr-Latn-RS")));
        assert!(inflection("поље", "у пољу", &reader("sr-Cyrl-RS")));
        assert!(inflection("despesa", "de despeses", &reader("ca-ES")));
        assert!(inflection("संबंधक", "के लिए संबंधक", &reader("hi-IN")));
    }

    #[test]
    fn chinese_and_thai_are_read_by_character() {
        let r = reader("zh-TW");
        assert!(!r.spaced);
        let t = "啟用 Azure AD 密碼回寫。";
        let mut toks = Vec::new();
        r.tokenize(t, &mut toks);
        assert_eq!(
            texts(t, &toks),
            ["啟", "用", "Azure", "AD", "密", "碼", "回", "寫"]
        );
        assert!(toks[2].flags & SPACE_BEFORE != 0 && toks[2].flags & CLUSTER == 0);
        let r = reader("th-TH");
        assert_eq!(r.max_tokens, 10);
        // The vowel sign and the final mark stay with their letters.
        assert_eq!(words(&r, "อุปกรณ์"), ["อุ", "ป", "ก", "ร", "ณ์"]);
        // A vowel written first goes with the letter after it.
        assert_eq!(words(&r, "เขียน"), ["เขี", "ย", "น"]);
    }

    #[test]
    fn russian_and_arabic_stems() {
        let r = reader("ru-RU");
        let stems = stems(
            &r,
            &["устройства", "устройство", "устройством", "устройств"],
        );
        assert!(stems.iter().all(|s| s == "устройств"), "{stems:?}");
        let r = reader("ar-SA");
        assert_eq!(r.normalize("الأجهزة"), "الاجهزه");
        let stems = self::stems(&r, &["الجهاز", "جهاز", "بالجهاز", "جهازك"]);
        assert!(stems.iter().all(|s| s == "جهاز"), "{stems:?}");
    }
}
