use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Checks `ms.contentlocale` against the BCP 47 language-tag grammar (language,
    /// optional script, optional region, as in `ko-KR`, `zh-TW`, `zh-Hant-TW`, `sr-Latn-RS`)
    /// with a known ISO 639-1 language code.
    ///
    /// ## Why it matters
    /// The docs platform routes and labels the page by this tag; a typo such as `ko_KR`,
    /// `kr-KR` or `Korean` files the page under no language at all.
    ///
    /// ## Example
    /// `ms.contentlocale: kr-KR` (`kr` is Kanuri; Korean is `ko`) or `ms.contentlocale: zh_TW`.
    pub struct InvalidLocale {
        name: "invalid-locale",
        category: FrontMatter,
        severity: Error,
        summary: "ms.contentlocale is not a valid locale tag.",
    }
}

/// ISO 639-1 language codes.
const LANGUAGES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Why `tag` is not a valid locale tag, or None when it is.
pub(crate) fn locale_problem(tag: &str) -> Option<String> {
    if tag.contains('_') {
        return Some(format!(
            "`{tag}` uses `_`; locale tags use `-` (`{}`)",
            tag.replace('_', "-")
        ));
    }
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    let lower = lang.to_ascii_lowercase();
    if !(lang.len() == 2 || lang.len() == 3) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Some(format!(
            "`{tag}` does not start with a 2- or 3-letter language code"
        ));
    }
    if lang.len() == 2 && !LANGUAGES.split(' ').any(|l| l == lower) {
        return Some(format!("`{lang}` is not an ISO 639-1 language code"));
    }
    let mut seen_region = false;
    let mut seen_script = false;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        match part.len() {
            4 if alpha && !seen_script && !seen_region => seen_script = true,
            2 if alpha && !seen_region => seen_region = true,
            3 if digits && !seen_region => seen_region = true,
            5..=8 if part.bytes().all(|b| b.is_ascii_alphanumeric()) => {}
            _ => {
                return Some(format!(
                    "`{part}` in `{tag}` is not a script, region or variant subtag"
                ));
            }
        }
    }
    None
}

impl Rule for InvalidLocale {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &ctx.document.front_matter else {
            return;
        };
        let Some(entry) = fm.entry("ms.contentlocale") else {
            return;
        };
        // The parsed value (a `# comment` is not part of it); broken YAML is
        // front-matter-invalid's to report.
        let Some(tag) = fm.get_str("ms.contentlocale") else {
            return;
        };
        if tag.is_empty() {
            return;
        }
        if let Some(problem) = locale_problem(tag) {
            out.push(Diagnostic::new(
                &Self::META,
                entry.value_range,
                format!("invalid locale tag: {problem}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::locale_problem;

    #[test]
    fn grammar() {
        for ok in [
            "ko-KR",
            "zh-TW",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de",
            "ko-kr",
        ] {
            assert_eq!(locale_problem(ok), None, "{ok}");
        }
        for bad in ["ko_KR", "xx-KR", "Korean", "ko-KOR1", "ko-", "k-KR"] {
            assert!(locale_problem(bad).is_some(), "{bad}");
        }
    }
}
