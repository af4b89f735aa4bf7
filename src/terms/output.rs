//! A learned glossary as YAML, in the schema of `rules/terms/*.yaml` (see
//! [`crate::glossary::GlossaryFile`]): deterministic and sorted, so it can be reviewed and
//! committed, and learned again with a readable diff.

use super::learn::Learned;
use std::fmt::Write;

/// A YAML scalar: plain where that reads back as the same string, else double-quoted.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', '!', '&', '*', '|', '>', '%', '@', '`', '\'', '"', '#', '[', ']', '{',
            '}', ',',
        ])
        && !s.contains([
            ':', '#', '[', ']', '{', '}', ',', '"', '\'', '\\', '\n', '\t',
        ])
        && !s
            .chars()
            .any(|c| c.is_control() || crate::locale::script::is_invisible(c))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string serializes")
    }
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// The glossary YAML. `example` names a file of an example (`path:segment`).
pub fn write(locale: &str, learned: &Learned, file_name: &dyn Fn(u32) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Terminology of {locale}, learned by `loclint terms learn` from {} files ({} distinct segment pairs).",
        learned.files, learned.pairs
    );
    out.push_str(
        "# For each English term: the most used rendering as `preferred`, the others as `variants`,\n\
         # and under `seen` what learning found: distinct segment pairs, files and the first\n\
         # examples (file:segment) of each rendering. To review, keep or change `preferred`, move a\n\
         # rendering that does not translate the term to `wrong: [...]` (check then ignores it), and\n\
         # delete terms that should not be checked. `seen` is not read by check.\n",
    );
    if learned.spaced {
        out.push_str(
            "# Renderings are written as stems where the locale's profile lists endings: a word\n\
             # matches when it is the stem with one of those endings (`forms` shows words seen).\n",
        );
    }
    let _ = writeln!(out, "locale: {}", scalar(locale));
    out.push_str("learned: true\nterms:\n");
    for t in &learned.terms {
        let _ = writeln!(out, "  - term: {}", scalar(&t.term));
        if !t.forms.is_empty() {
            let _ = writeln!(out, "    forms: {}", list(&t.forms));
        }
        let _ = writeln!(out, "    preferred: {}", scalar(&t.renderings[0].text));
        if t.renderings.len() > 1 {
            let variants: Vec<String> = t.renderings[1..].iter().map(|r| r.text.clone()).collect();
            let _ = writeln!(out, "    variants: {}", list(&variants));
        }
        out.push_str("    seen:\n");
        for r in &t.renderings {
            let examples: Vec<String> = r
                .examples
                .iter()
                .map(|(f, seg)| format!("{}:{seg}", file_name(*f)))
                .collect();
            let _ = write!(
                out,
                "      - {{ rendering: {}, pairs: {}, files: {}",
                scalar(&r.text),
                r.count,
                r.files
            );
            if !r.forms.is_empty() {
                let _ = write!(out, ", forms: {}", list(&r.forms));
            }
            let _ = writeln!(out, ", examples: {} }}", list(&examples));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "쓰기 저장",
            "yes",
            "365",
            "a: b",
            "- x",
            "#1",
            "it's",
            "\"q\"",
            "Microsoft 團隊",
            "",
            " x",
            "a\u{200b}b",
        ] {
            let yaml = format!("v: {}\n", scalar(s));
            let v: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(v["v"].as_str(), Some(s), "{yaml}");
        }
        assert_eq!(scalar("쓰기 저장"), "쓰기 저장");
    }
}
