use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports invisible or broken characters in a target segment that its source does not
    /// contain: zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF), bidi controls
    /// (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), control characters (C0 other
    /// than tab and line breaks, DEL, C1) and the replacement character U+FFFD. A run of the
    /// same character is reported once. Invisible characters that belong to the locale's
    /// script (profile `invisible`: LRM, RLM and ALM in Arabic and Hebrew, ZWNJ in Persian,
    /// ZWJ and ZWNJ in Indic scripts, the zero-width space in Thai) are not reported where
    /// they do their job: a joiner between two letters of the script, a zero-width space
    /// next to one, a direction mark not between two letters of the script (after a
    /// left-to-right name, a number or punctuation in right-to-left text). The same
    /// character doubled, or out of such a place, is reported. Where the locale is unknown,
    /// no invisible character is taken to belong. Zero-width spaces, word joiners, BOMs and C0 controls
    /// are removed by a safe fix; other removals are offered as unsafe fixes, and a C1
    /// control is replaced by the Windows-1252 character it most likely stood for.
    ///
    /// ## Why it matters
    /// These characters cannot be seen in an editor, yet they split words for search and
    /// copy-paste, break glossary and terminology matching, and C1 controls and U+FFFD are
    /// text damaged by a wrong encoding (a U+0097 in `開卡 … 例如` was an em dash).
    ///
    /// ## Example
    /// `**규칙 만들기⟨U+200B⟩⟨U+200B⟩**를 선택합니다.` for `select **Create rule**`: two
    /// zero-width spaces glued to the UI name.
    pub struct InvisibleCharacter {
        name: "invisible-character",
        category: Whitespace,
        severity: Warning,
        summary: "A zero-width, bidi, control or replacement character in the target text.",
        locale: "Reads `invisible`: the invisible characters of the locale's script, accepted where they do their job. Where the locale is unknown, none is accepted.",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Removal is safe: the character has no visible or semantic effect here.
    ZeroWidth,
    /// ZWNJ/ZWJ: meaningful in some scripts and emoji.
    Joiner,
    Bidi,
    C0,
    C1,
    Replacement,
}

fn classify(c: char) -> Option<(Kind, &'static str)> {
    Some(match c {
        '\u{200b}' => (Kind::ZeroWidth, "zero-width space"),
        '\u{2060}' => (Kind::ZeroWidth, "word joiner"),
        '\u{feff}' => (Kind::ZeroWidth, "zero-width no-break space (BOM)"),
        '\u{200c}' => (Kind::Joiner, "zero-width non-joiner"),
        '\u{200d}' => (Kind::Joiner, "zero-width joiner"),
        '\u{200e}' => (Kind::Bidi, "left-to-right mark"),
        '\u{200f}' => (Kind::Bidi, "right-to-left mark"),
        '\u{061c}' => (Kind::Bidi, "Arabic letter mark"),
        '\u{202a}'..='\u{202e}' => (Kind::Bidi, "bidi embedding/override control"),
        '\u{2066}'..='\u{2069}' => (Kind::Bidi, "bidi isolate control"),
        '\t' | '\n' | '\r' => return None,
        '\u{0}'..='\u{1f}' | '\u{7f}' => (Kind::C0, "control character"),
        '\u{80}'..='\u{9f}' => (Kind::C1, "C1 control character"),
        '\u{fffd}' => (Kind::Replacement, "replacement character"),
        _ => return None,
    })
}

/// Whether `raw` holds a character `classify` names, read from the UTF-8 bytes: a C0
/// control or DEL, or the bytes of one of the others (C1 controls `C2 80..9F`, U+061C
/// `D8 9C`, U+200B..U+200F `E2 80 8B..8F`, U+202A..U+202E `E2 80 AA..AE`, U+2060
/// `E2 81 A0`, U+2066..U+2069 `E2 81 A6..A9`, U+FEFF `EF BB BF`, U+FFFD `EF BF BD`).
/// Exact, not a first guess: dashes and curly quotes (`E2 80 93`, `E2 80 9C`) are in
/// nearly every segment and would send it to the slow scan.
fn may_have_one(raw: &str) -> bool {
    /// The bytes that start one: controls, DEL and four lead bytes.
    const START: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        t[0x7F] = true;
        t[0xC2] = true;
        t[0xD8] = true;
        t[0xE2] = true;
        t[0xEF] = true;
        t
    };
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        START[usize::from(x)]
            && match (x, b.get(i + 1), b.get(i + 2)) {
                (0xC2, Some(n), _) => (0x80..=0x9F).contains(n),
                (0xD8, Some(n), _) => *n == 0x9C,
                (0xE2, Some(0x80), Some(t)) => matches!(t, 0x8B..=0x8F | 0xAA..=0xAE),
                (0xE2, Some(0x81), Some(t)) => matches!(t, 0xA0 | 0xA6..=0xA9),
                (0xEF, Some(0xBB), Some(0xBF)) | (0xEF, Some(0xBF), Some(0xBD)) => true,
                (0xC2 | 0xD8 | 0xE2 | 0xEF, _, _) => false,
                _ => true,
            }
    })
}

/// Whether an invisible character the locale's script uses (profile `invisible`) does its
/// job where it stands: a joiner (ZWNJ, ZWJ) or a zero-width space between letters of the
/// script, on both sides for a joiner and on one side for a zero-width space; a direction
/// mark (LRM, RLM, ALM) next to text whose direction it settles, that is not between two
/// letters of the script (where it changes nothing).
fn belongs(profile: &LocaleProfile, kind: Kind, raw: &str, start: usize, end: usize) -> bool {
    let c = raw[start..].chars().next().expect("char boundary");
    if !profile.allows_invisible(c) {
        return false;
    }
    let before = raw[..start].chars().next_back();
    let after = raw[end..].chars().next();
    let native = |x: Option<char>| x.is_some_and(|x| profile.is_native_letter(x));
    match kind {
        Kind::Joiner => native(before) && native(after),
        Kind::ZeroWidth => native(before) || native(after),
        Kind::Bidi => {
            let before = raw[..start].chars().rev().find(|c| !c.is_whitespace());
            let after = raw[end..].chars().find(|c| !c.is_whitespace());
            !(native(before) && native(after))
        }
        _ => false,
    }
}

/// The Windows-1252 character a C1 control most likely stood for (text decoded as Latin-1).
fn windows_1252(c: char) -> Option<char> {
    const MAP: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let i = (c as u32).checked_sub(0x80)? as usize;
    MAP.get(i).copied().filter(|&m| m != '\0')
}

impl Rule for InvisibleCharacter {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let profile = ctx.profile;
        for (seg, target, source) in ctx.document.pairs() {
            let raw = target.raw(text);
            if !may_have_one(raw) {
                continue;
            }
            let src = source.raw(text);
            let base = target.content.start();
            let mut chars = raw.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let Some((kind, name)) = classify(c) else {
                    continue;
                };
                if src.contains(c) {
                    continue;
                }
                let mut end = i + c.len_utf8();
                let mut count = 1;
                while let Some(&(j, d)) = chars.peek() {
                    if d != c {
                        break;
                    }
                    end = j + d.len_utf8();
                    count += 1;
                    chars.next();
                }
                if count == 1 && belongs(profile, kind, raw, i, end) {
                    continue;
                }
                let range = TextRange::new(base + i, base + end);
                let code = format!("U+{:04X}", c as u32);
                let times = if count > 1 {
                    format!(" ({count} times)")
                } else {
                    String::new()
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!("{name} {code}{times} in the target; the source has none"),
                )
                .with_segment(seg.id_str(text));
                let remove = |applicability| {
                    Fix::replace(format!("Remove the {name}"), range, "", applicability)
                };
                d = match kind {
                    Kind::ZeroWidth | Kind::C0 => d.with_fix(remove(Applicability::Safe)),
                    Kind::Joiner | Kind::Bidi => d.with_fix(remove(Applicability::Unsafe)),
                    Kind::C1 => match windows_1252(c) {
                        Some(w) => d.with_fix(Fix::replace(
                            format!("Replace with `{w}` (the Windows-1252 character for {code})"),
                            range,
                            w.to_string().repeat(count),
                            Applicability::Unsafe,
                        )),
                        None => d.with_fix(remove(Applicability::Unsafe)),
                    },
                    Kind::Replacement => d,
                };
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_test_finds_exactly_the_characters_it_names() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            // Between Hangul, Latin, Arabic, Han, Thai and Cyrillic letters, and at the end.
            for s in [
                format!("가{c}b"),
                format!("ب{c}中"),
                format!("ก{c}"),
                format!("{c}ж"),
            ] {
                assert_eq!(
                    may_have_one(&s),
                    classify(c).is_some(),
                    "{:#X} in {s:?}",
                    c as u32
                );
            }
        }
        assert!(!may_have_one("장치 쓰기 기록, ok.\n"));
        assert!(!may_have_one("شبكة، «اختبار»"));
    }
}
