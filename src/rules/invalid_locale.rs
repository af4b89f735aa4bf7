use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::locale::Tag;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Checks `ms.contentlocale` against the BCP 47 language-tag grammar: a language
    /// (a known ISO 639-1 code, or three letters as in `fil-PH`), an optional script and
    /// an optional region of two letters or three digits (`ko-KR`, `zh-Hant-TW`,
    /// `sr-Latn-RS`, `es-419`), then optional variants, extensions and private use
    /// (`ca-ES-valencia`). The tag is read as the profiles read it (`locale::Tag`); the
    /// rule does not depend on any profile's conventions.
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

/// Why `tag` is not a valid locale tag, or None when it is. Language, script and region
/// are read by `locale::Tag::parse` (the same reading that picks the profile); variants
/// (`valencia`, `1996`), extensions (`u-co-phonebk`) and private use (`x-…`) may follow.
/// Whether a two-letter code is in [`LANGUAGES`]: a binary search over its sorted,
/// space-separated codes, since the check runs for every file's tag.
fn is_iso_639_1(code: &str) -> bool {
    let codes = LANGUAGES.as_bytes();
    let (mut low, mut high) = (0, codes.len().div_ceil(3));
    while low < high {
        let mid = (low + high) / 2;
        match codes[mid * 3..mid * 3 + 2].cmp(code.as_bytes()) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

pub(crate) fn locale_problem(tag: &str) -> Option<String> {
    if tag.contains('_') {
        return Some(format!(
            "`{tag}` uses `_`; locale tags use `-` (`{}`)",
            tag.replace('_', "-")
        ));
    }
    let Some(parsed) = Tag::parse(tag) else {
        return Some(format!(
            "`{tag}` does not start with a 2- or 3-letter language code"
        ));
    };
    let lang = tag.split('-').next().unwrap_or("");
    if lang.len() == 2 && !is_iso_639_1(&parsed.language) {
        return Some(format!("`{lang}` is not an ISO 639-1 language code"));
    }
    let consumed = 1 + usize::from(parsed.script.is_some()) + usize::from(parsed.region.is_some());
    let alnum = |p: &str| p.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut rest = tag.split('-').skip(consumed).peekable();
    // Variants: 5–8 characters, or 4 starting with a digit.
    while let Some(p) = rest.peek() {
        let variant = alnum(p)
            && ((5..=8).contains(&p.len())
                || (p.len() == 4 && p.starts_with(|c: char| c.is_ascii_digit())));
        if !variant {
            break;
        }
        rest.next();
    }
    // Extensions (`u-co-phonebk`), then private use (`x-…`), each a singleton followed
    // by at least one subtag.
    while let Some(single) = rest.next() {
        let private = single.eq_ignore_ascii_case("x");
        let (min, max) = if private { (1, 8) } else { (2, 8) };
        let singleton = single.len() == 1 && alnum(single);
        let mut subtags = 0;
        while let Some(p) = rest.peek() {
            if !private && p.len() == 1 {
                break;
            }
            if !(min..=max).contains(&p.len()) || !alnum(p) {
                return Some(format!(
                    "`{p}` in `{tag}` is not a script, region or variant subtag"
                ));
            }
            subtags += 1;
            rest.next();
        }
        if !singleton || subtags == 0 {
            return Some(format!(
                "`{single}` in `{tag}` is not a script, region or variant subtag"
            ));
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
    use super::{LANGUAGES, is_iso_639_1, locale_problem};

    #[test]
    fn the_binary_search_finds_exactly_the_listed_codes() {
        let listed: Vec<&str> = LANGUAGES.split(' ').collect();
        let mut found = 0;
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                let known = is_iso_639_1(&code);
                assert_eq!(known, listed.contains(&code.as_str()), "{code}");
                found += usize::from(known);
            }
        }
        assert_eq!(found, listed.len());
    }

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
            "sr-latn-rs",
            "fil-PH",
            "prs-AF",
            "haw-US",
            "zh-Hant",
            "ca-ES-valencia",
            "de-DE-1996",
            "de-DE-u-co-phonebk",
            "en-US-x-twain",
        ] {
            assert_eq!(locale_problem(ok), None, "{ok}");
        }
        for bad in [
            "ko_KR",
            "xx-KR",
            "Korean",
            "ko-KOR1",
            "ko-",
            "k-KR",
            "sr-RS-Latn",
            "ko-KR-u",
            "ko-KR-x-",
            "de-DE-u-c",
            "ko--KR",
        ] {
            assert!(locale_problem(bad).is_some(), "{bad}");
        }
    }
}
