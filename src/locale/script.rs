//! Writing systems: which script a character belongs to (Unicode blocks, enough to tell the
//! scripts of documentation languages apart) and the facts every language written in a
//! script shares. Rules never test character ranges themselves; they ask this module or
//! the locale's profile.

use serde::{Deserialize, Serialize};

/// A writing system, named by its ISO 15924 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Script {
    Latn,
    Cyrl,
    Grek,
    Armn,
    Geor,
    Hebr,
    Arab,
    Syrc,
    Thaa,
    Deva,
    Beng,
    Guru,
    Gujr,
    Orya,
    Taml,
    Telu,
    Knda,
    Mlym,
    Sinh,
    Thai,
    Laoo,
    Tibt,
    Mymr,
    Khmr,
    Ethi,
    Mong,
    /// Hangul.
    Hang,
    /// Han ideographs (Chinese characters, kanji, hanja).
    Hani,
    /// Hiragana and katakana.
    Kana,
    /// Digits, punctuation, symbols and white space: shared by every script.
    Zyyy,
    /// Anything else (private use, unassigned, scripts no profile names).
    Zzzz,
}

impl Script {
    pub fn code(self) -> &'static str {
        match self {
            Script::Latn => "Latn",
            Script::Cyrl => "Cyrl",
            Script::Grek => "Grek",
            Script::Armn => "Armn",
            Script::Geor => "Geor",
            Script::Hebr => "Hebr",
            Script::Arab => "Arab",
            Script::Syrc => "Syrc",
            Script::Thaa => "Thaa",
            Script::Deva => "Deva",
            Script::Beng => "Beng",
            Script::Guru => "Guru",
            Script::Gujr => "Gujr",
            Script::Orya => "Orya",
            Script::Taml => "Taml",
            Script::Telu => "Telu",
            Script::Knda => "Knda",
            Script::Mlym => "Mlym",
            Script::Sinh => "Sinh",
            Script::Thai => "Thai",
            Script::Laoo => "Laoo",
            Script::Tibt => "Tibt",
            Script::Mymr => "Mymr",
            Script::Khmr => "Khmr",
            Script::Ethi => "Ethi",
            Script::Mong => "Mong",
            Script::Hang => "Hang",
            Script::Hani => "Hani",
            Script::Kana => "Kana",
            Script::Zyyy => "Zyyy",
            Script::Zzzz => "Zzzz",
        }
    }

    /// Whether letters of this script are ideographs or syllables written without spaces
    /// between words in Chinese and Japanese (Han, kana).
    pub fn is_ideographic(self) -> bool {
        matches!(self, Script::Hani | Script::Kana)
    }

    /// Whether the script is written right to left (Hebrew, Arabic, Syriac, Thaana).
    pub fn is_right_to_left(self) -> bool {
        matches!(
            self,
            Script::Hebr | Script::Arab | Script::Syrc | Script::Thaa
        )
    }
}

/// The script of a character. Combining marks count with the block they are in (a Thai
/// vowel sign is Thai); Latin covers ASCII letters, Latin-1 letters and Latin Extended.
#[inline]
pub fn of(c: char) -> Script {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphabetic() {
            Script::Latn
        } else {
            Script::Zyyy
        };
    }
    // Most pages of 256 code points below U+10000 are of one script (Hangul syllables,
    // ideographs): answered from a table instead of the ranges below.
    if u < 0x10000
        && let Some(script) = page_scripts()[(u >> 8) as usize]
    {
        return script;
    }
    of_by_range(u)
}

/// For each page of 256 code points below U+10000, its script when all of them have the
/// same one.
fn page_scripts() -> &'static [Option<Script>; 256] {
    static PAGES: std::sync::OnceLock<[Option<Script>; 256]> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| {
        let mut pages = [None; 256];
        for (page, slot) in pages.iter_mut().enumerate() {
            let base = (page as u32) << 8;
            // Surrogates are not characters; their pages are never asked for.
            if (0xD8..=0xDF).contains(&page) {
                continue;
            }
            let first = of_by_range(base);
            if (base..base + 256).all(|u| of_by_range(u) == first) {
                *slot = Some(first);
            }
        }
        pages
    })
}

fn of_by_range(u: u32) -> Script {
    if u < 0x80 {
        return if (u as u8).is_ascii_alphabetic() {
            Script::Latn
        } else {
            Script::Zyyy
        };
    }
    match u {
        0x00C0..=0x00D6
        | 0x00D8..=0x00F6
        | 0x00F8..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0xFB00..=0xFB06
        | 0x0250..=0x02AF => Script::Latn,
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latn,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => {
            // U+037E (Greek question mark) and U+0387 (ano teleia) are punctuation.
            if matches!(u, 0x037E | 0x0387 | 0x0375) {
                Script::Zyyy
            } else {
                Script::Grek
            }
        }
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrl,
        0x0530..=0x058F | 0xFB13..=0xFB17 => Script::Armn,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => {
            if matches!(u, 0x05BE | 0x05C0 | 0x05C3 | 0x05C6 | 0x05F3 | 0x05F4) {
                Script::Zyyy
            } else {
                Script::Hebr
            }
        }
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            // Arabic punctuation and digits are shared with other scripts' text.
            if matches!(u, 0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4 | 0x0660..=0x0669 | 0x06F0..=0x06F9 | 0x061C)
                || u == 0xFEFF
            {
                Script::Zyyy
            } else {
                Script::Arab
            }
        }
        0x0700..=0x074F => Script::Syrc,
        0x0780..=0x07BF => Script::Thaa,
        0x0900..=0x097F | 0xA8E0..=0xA8FF => {
            if matches!(u, 0x0964..=0x096F) {
                Script::Zyyy
            } else {
                Script::Deva
            }
        }
        0x0980..=0x09FF => Script::Beng,
        0x0A00..=0x0A7F => Script::Guru,
        0x0A80..=0x0AFF => Script::Gujr,
        0x0B00..=0x0B7F => Script::Orya,
        0x0B80..=0x0BFF => Script::Taml,
        0x0C00..=0x0C7F => Script::Telu,
        0x0C80..=0x0CFF => Script::Knda,
        0x0D00..=0x0D7F => Script::Mlym,
        0x0D80..=0x0DFF => Script::Sinh,
        0x0E00..=0x0E7F => {
            if matches!(u, 0x0E3F | 0x0E50..=0x0E59) {
                Script::Zyyy
            } else {
                Script::Thai
            }
        }
        0x0E80..=0x0EFF => Script::Laoo,
        0x0F00..=0x0FFF => Script::Tibt,
        0x1000..=0x109F => Script::Mymr,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Geor,
        0x1100..=0x11FF
        | 0x3130..=0x318F
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xD7B0..=0xD7FF
        | 0xFFA0..=0xFFDC => Script::Hang,
        0x1200..=0x139F | 0x2D80..=0x2DDF => Script::Ethi,
        0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmr,
        0x1800..=0x18AF => Script::Mong,
        0x3040..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => {
            // U+30FB (katakana middle dot) and U+30FC (long sound mark) go with kana words.
            Script::Kana
        }
        0x2E80..=0x2FDF
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x323AF => Script::Hani,
        _ => {
            if char::from_u32(u).is_some_and(char::is_alphabetic) {
                Script::Zzzz
            } else {
                Script::Zyyy
            }
        }
    }
}

/// Han ideographs or kana: the letters of Chinese and Japanese text.
pub fn is_ideograph_or_kana(c: char) -> bool {
    of(c).is_ideographic()
}

/// Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    of(c) == Script::Hang
}

/// Letters of East Asian scripts: Han, kana or Hangul.
pub fn is_east_asian(c: char) -> bool {
    matches!(of(c), Script::Hani | Script::Kana | Script::Hang)
}

/// East Asian letters and the full-width punctuation that goes with them (CJK symbols and
/// punctuation, full-width forms, vertical and compatibility forms).
pub fn is_east_asian_or_wide_punctuation(c: char) -> bool {
    is_east_asian(c) || is_wide_punctuation(c)
}

/// Full-width (ideographic) punctuation: `、。「」（）：，？！` and the like.
pub fn is_wide_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D | 0x30FB
        | 0xFE10..=0xFE19 | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// A letter of a script other than Latin (and not a shared character).
pub fn is_non_latin_letter(c: char) -> bool {
    !matches!(of(c), Script::Latn | Script::Zyyy)
}

/// A character that continues a Latin word: ASCII letters and digits, Latin letters with
/// diacritics, `_`. Hangul, Cyrillic and CJK are not (a Korean particle may follow a name
/// directly).
pub fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (c as u32 >= 0x80 && of(c) == Script::Latn)
}

/// Unicode punctuation and symbols (general categories P and S), as CommonMark reads them
/// for emphasis: `،` `؟` `।` `「` are punctuation like `.` and `,`.
pub fn is_punctuation(c: char) -> bool {
    class(c, class::PUNCTUATION, || is_punctuation_category(c))
}

include!("punctuation_category.rs");

/// `char::is_alphabetic`, answered from a table below U+10000 (the standard library's
/// lookup is a search, and the rules ask it for every character of a segment).
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    class(c, class::ALPHABETIC, || c.is_alphabetic())
}

/// `char::is_alphanumeric`, from the table like `is_alphabetic`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    class(c, class::ALPHABETIC | class::NUMERIC, || {
        c.is_alphanumeric()
    })
}

/// `char::is_whitespace`, from the table like `is_alphabetic`.
#[inline]
pub fn is_whitespace(c: char) -> bool {
    class(c, class::WHITESPACE, || c.is_whitespace())
}

/// Whether `char::to_lowercase` changes the character: most letters of most scripts have
/// no case, and need no case-mapping search.
#[inline]
pub fn has_lowercase(c: char) -> bool {
    class(c, class::LOWERCASE_DIFFERS, || {
        let mut l = c.to_lowercase();
        !(l.next() == Some(c) && l.next().is_none())
    })
}

/// Pushes the lowercase of `c` through `f`, without the case-mapping search where `c`
/// has no case.
#[inline]
pub fn for_lowercase(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase());
    } else if has_lowercase(c) {
        c.to_lowercase().for_each(f);
    } else {
        f(c);
    }
}

/// Character classes of the Basic Multilingual Plane, one byte a character, made by
/// build.rs from the standard library's Unicode data and the general categories.
mod class {
    pub const ALPHABETIC: u8 = 1;
    pub const NUMERIC: u8 = 2;
    pub const PUNCTUATION: u8 = 4;
    pub const LOWERCASE_DIFFERS: u8 = 8;
    pub const WHITESPACE: u8 = 16;
    pub static TABLE: &[u8; 0x10000] =
        include_bytes!(concat!(env!("OUT_DIR"), "/char_classes.bin"));
}

/// Whether `c` has any of the class bits `bits`: by table below U+10000, else by `slow`.
#[inline]
fn class(c: char, bits: u8, slow: impl FnOnce() -> bool) -> bool {
    match class::TABLE.get(c as usize) {
        Some(&b) => b & bits != 0,
        None => slow(),
    }
}

/// A katakana letter or the prolonged sound mark `ー` (full and half width), not the
/// middle dot `・` that separates words written in katakana.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}')
}

/// A combining mark (general category M): a Thai vowel or tone sign, an Arabic vowel
/// sign, a Devanagari vowel sign. It belongs with the letter before it.
pub fn is_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark
    )
}

/// A vowel written before the consonant it follows in speech (Unicode's
/// Logical_Order_Exception: Thai `เ แ โ ใ ไ`, Lao, Tai Viet): it never ends a syllable,
/// so it belongs with the letter after it.
pub fn is_prepended_vowel(c: char) -> bool {
    matches!(
        c,
        '\u{0E40}'..='\u{0E44}'
            | '\u{0EC0}'..='\u{0EC4}'
            | '\u{19B5}'..='\u{19B7}'
            | '\u{19BA}'
            | '\u{AAB5}'
            | '\u{AAB6}'
            | '\u{AAB9}'
            | '\u{AABB}'
            | '\u{AABC}'
    )
}

/// Format characters that do not show: zero-width spaces and joiners, direction marks,
/// word joiners, soft hyphens, BOMs.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Folds the spellings of one text that Unicode treats as equivalent for reading, so that
/// texts can be compared: Thai and Lao `ํ` + `า` is the vowel `ำ` (U+0E33, U+0EB3).
pub fn fold_equivalents(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['\u{0E4D}', '\u{0ECD}']) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.replace("\u{0E4D}\u{0E32}", "\u{0E33}")
            .replace("\u{0ECD}\u{0EB2}", "\u{0EB3}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_table_answers_what_the_ranges_do() {
        for c in (0x80..0x10000u32).filter_map(char::from_u32) {
            assert_eq!(of(c), of_by_range(c as u32), "{:#X}", c as u32);
        }
        assert!(page_scripts()[0xAC].is_some() && page_scripts()[0x4E].is_some());
    }

    #[test]
    fn class_table_agrees_with_the_standard_library_everywhere() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{u:#X}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{u:#X}");
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{u:#X}");
            let mut lower = Vec::new();
            for_lowercase(c, |l| lower.push(l));
            assert_eq!(lower, c.to_lowercase().collect::<Vec<_>>(), "{u:#X}");
        }
        // The punctuation class: ASCII by std, the rest by general category.
        for c in "!$+<=>^`|~«»¿¡،؟।„“”「」。、：；！？€©→".chars() {
            assert!(is_punctuation(c), "{c}");
        }
        for c in "aé가中ก١ـ\u{0E31}".chars() {
            assert!(!is_punctuation(c), "{c}");
        }
    }

    #[test]
    fn scripts_of_documentation_languages() {
        for (c, s) in [
            ('a', Script::Latn),
            ('é', Script::Latn),
            ('ł', Script::Latn),
            ('ạ', Script::Latn),
            ('Ж', Script::Cyrl),
            ('λ', Script::Grek),
            ('ש', Script::Hebr),
            ('ع', Script::Arab),
            ('ह', Script::Deva),
            ('ก', Script::Thai),
            ('한', Script::Hang),
            ('寫', Script::Hani),
            ('か', Script::Kana),
            ('カ', Script::Kana),
            ('1', Script::Zyyy),
            ('،', Script::Zyyy),
            ('؟', Script::Zyyy),
            ('।', Script::Zyyy),
            ('。', Script::Zyyy),
            (';', Script::Zyyy),
            ('\u{37e}', Script::Zyyy),
        ] {
            assert_eq!(of(c), s, "{c:?}");
        }
    }

    #[test]
    fn punctuation_is_unicode_punctuation() {
        for c in ['.', '،', '؟', '؛', '।', '「', '»', '„', '·', '¿', '๚', '…'] {
            assert!(is_punctuation(c), "{c:?}");
        }
        for c in ['a', 'ع', '한', '1', ' '] {
            assert!(!is_punctuation(c), "{c:?}");
        }
    }
}
