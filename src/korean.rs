//! Korean particles that depend on whether the previous syllable ends in a consonant.

/// Whether a Hangul syllable has a final consonant (받침); None for other characters.
fn final_consonant(c: char) -> Option<u32> {
    let code = c as u32;
    (0xAC00..=0xD7A3)
        .contains(&code)
        .then(|| (code - 0xAC00) % 28)
}

/// Particle pairs: (after a final consonant, after a vowel).
const PAIRS: [(&str, &str); 5] = [
    ("은", "는"),
    ("이", "가"),
    ("을", "를"),
    ("과", "와"),
    ("으로", "로"),
];

/// The particle that must follow `word` when `rest` (the text right after it) starts with a
/// particle whose form depends on the word's last syllable; returns (old, new) when it
/// has to change. None when nothing needs to change or the form cannot be decided.
pub fn particle_change(word: &str, rest: &str) -> Option<(&'static str, &'static str)> {
    let last = word.chars().next_back()?;
    let fc = final_consonant(last)?;
    let ends_in_consonant = fc != 0;
    // 으로/로: ㄹ (final 8) takes 로 like a vowel.
    for (with_c, with_v) in PAIRS {
        let (want, other) = if with_c == "으로" {
            if ends_in_consonant && fc != 8 {
                (with_c, with_v)
            } else {
                (with_v, with_c)
            }
        } else if ends_in_consonant {
            (with_c, with_v)
        } else {
            (with_v, with_c)
        };
        if rest.starts_with(other) && !(other == "로" && rest.starts_with("으로")) {
            // Only a particle if the word ends there: the next char is not Hangul.
            let after = rest[other.len()..].chars().next();
            if after.is_none_or(|c| final_consonant(c).is_none()) {
                return Some((other, want));
            }
        }
        if rest.starts_with(want) {
            return None;
        }
    }
    None
}

/// Whether `c` is a Hangul syllable or jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_follow_the_new_word() {
        assert_eq!(particle_change("디바이스", "는 "), None);
        assert_eq!(particle_change("디바이스", "은 "), Some(("은", "는")));
        assert_eq!(particle_change("쓰기 저장", "를 "), Some(("를", "을")));
        assert_eq!(particle_change("쓰기 저장", "은"), None);
        assert_eq!(particle_change("디바이스", "으로"), Some(("으로", "로")));
        assert_eq!(particle_change("쓰기 저장", "로 "), Some(("로", "으로")));
        // 가 followed by more Hangul is a word, not a particle.
        assert_eq!(particle_change("쓰기 저장", "가능"), None);
    }
}
