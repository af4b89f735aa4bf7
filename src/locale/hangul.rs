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

/// Particles that can follow another particle (으로는, 로도, 와의, 과만, 으로부터).
const STACKED: [&str; 8] = ["부터", "까지", "는", "도", "의", "만", "서", "써"];

fn word_ends(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| final_consonant(c).is_none())
}

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
            // A particle ends the word, or another particle is stacked on it (으로는, 와의).
            let after = &rest[other.len()..];
            let ends = after
                .chars()
                .next()
                .is_none_or(|c| final_consonant(c).is_none());
            if ends
                || STACKED
                    .iter()
                    .any(|p| after.starts_with(p) && word_ends(&after[p.len()..]))
            {
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
        // Stacked particles follow the new word too.
        assert_eq!(
            particle_change("조건부 액세스", "으로는 "),
            Some(("으로", "로"))
        );
        assert_eq!(particle_change("사서함", "로도"), Some(("로", "으로")));
        assert_eq!(particle_change("디바이스", "과의"), Some(("과", "와")));
        assert_eq!(particle_change("디바이스", "와의"), None);
    }
}
