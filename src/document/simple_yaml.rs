//! A fast path for the YAML that localized front matter almost always is: `key: scalar`
//! lines and `- scalar` lists. Anything beyond that subset (nesting, escapes, comments
//! after values, numbers, booleans, anchors…) returns None and goes to serde_yaml, so the
//! result is always what serde_yaml would give (tests/front_matter_fast_path.rs checks
//! this over the whole corpus).

use super::front_matter::YamlMap;
#[cfg(test)]
use serde_yaml::Mapping;
use serde_yaml::Value;

/// YAML's white space is the space and the tab only (a trailing U+3000 or NBSP is part of
/// the value).
fn trim_yaml(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// Whether `s` has a control character (general category Cc: U+0000–U+001F and
/// U+007F–U+009F) other than the tab, read from the UTF-8 bytes.
fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| {
        (x < 0x20 && x != b'\t')
            || x == 0x7F
            || (x == 0xC2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    })
}

fn has_pair(s: &str, pair: &[u8; 2]) -> bool {
    s.as_bytes().windows(2).any(|w| w == pair)
}

/// A plain decimal integer without sign or leading zero that fits in a u64 (`8000079`,
/// a `ms.custom` ID), as serde_yaml reads it: a number, not a string. Other numerals
/// (`0123`, `+5`, `1e3`, `0x1F`) are left to serde_yaml.
fn integer(s: &str) -> Option<Value> {
    let s = trim_yaml(s);
    let digits = s.as_bytes();
    let plain = (1..=20).contains(&digits.len())
        && (digits[0] != b'0' || digits.len() == 1)
        && digits.iter().all(u8::is_ascii_digit);
    plain.then(|| s.parse::<u64>().ok().map(Value::from))?
}

/// A scalar value in the subset: an integer (see `integer`) or a string (see `scalar`).
fn value(s: &str) -> Option<Value> {
    integer(s).or_else(|| scalar(s).map(Value::String))
}

fn scalar(s: &str) -> Option<String> {
    // Control characters are errors in YAML; leave them to serde_yaml's message.
    if has_control(s) {
        return None;
    }
    let s = trim_yaml(s);
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'"' => {
            let inner = s.strip_prefix('"')?.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then(|| inner.to_string())
        }
        b'\'' => {
            let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
            (!inner.contains('\'')).then(|| inner.to_string())
        }
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' | b'.' | b'+' | b'~' => None,
        first => {
            if has_pair(s, b": ") || has_pair(s, b" #") || s.ends_with(':') || s.contains('\t') {
                return None;
            }
            // Anything that might resolve to a number, boolean or null is left to serde_yaml.
            let numeric = s
                .bytes()
                .all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b));
            let radix = ["0x", "0o", "0b"].iter().any(|p| s.starts_with(p));
            if first.is_ascii_digit() && (numeric || radix) {
                return None;
            }
            if is_reserved(s) {
                return None;
            }
            Some(s.to_string())
        }
    }
}

/// Words YAML reads as booleans, null or special numbers, in any case.
fn is_reserved(s: &str) -> bool {
    s.len() <= 5
        && [
            "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf",
        ]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

fn key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let k = &line[..colon];
    let rest = &line[colon + 1..];
    let valid_key = !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
        && k.as_bytes()[0].is_ascii_alphabetic()
        // `null:`, `true:`… are not string keys in YAML (the only plain keys of these
        // letters that `scalar` would refuse).
        && !is_reserved(k);
    (valid_key && (rest.is_empty() || rest.starts_with(' '))).then_some((k, trim_yaml(rest)))
}

/// The mapping, when `yaml` is in the simple subset; None to fall back to serde_yaml.
pub fn parse(yaml: &str) -> Option<YamlMap> {
    let mut map: Vec<(Value, Value)> = Vec::new();
    // A repeated key is an error in YAML: serde_yaml's message says so.
    let insert = |map: &mut Vec<(Value, Value)>, k: String, v: Value| -> Option<()> {
        if map.iter().any(|(m, _)| m.as_str() == Some(k.as_str())) {
            return None;
        }
        map.push((Value::String(k), v));
        Some(())
    };
    // The key whose value is a block (a list), while its items are read.
    let mut open_list: Option<(String, Vec<Value>)> = None;
    // The indentation of the open list's items: all must share it.
    let mut item_indent = None;
    let close = |map: &mut Vec<(Value, Value)>, open: Option<(String, Vec<Value>)>| -> Option<()> {
        if let Some((k, items)) = open {
            let v = if items.is_empty() {
                Value::Null
            } else {
                Value::Sequence(items)
            };
            insert(map, k, v)?;
        }
        Some(())
    };
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if trim_yaml(line).is_empty() {
            continue;
        }
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(item) = trimmed.strip_prefix("- ") {
            let (_, items) = open_list.as_mut()?;
            if indent > 2 || *item_indent.get_or_insert(indent) != indent {
                return None;
            }
            items.push(value(item)?);
            continue;
        }
        item_indent = None;
        if indent > 0 || trimmed.starts_with('#') || trimmed == "-" {
            return None;
        }
        close(&mut map, open_list.take())?;
        let (k, rest) = key(line)?;
        if rest.is_empty() {
            open_list = Some((k.to_string(), Vec::new()));
        } else {
            insert(&mut map, k.to_string(), value(rest)?)?;
        }
    }
    close(&mut map, open_list.take())?;
    Some(YamlMap(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_serde_yaml_on_the_subset() {
        let yaml = "title: 장치 쓰기백\nms.custom:\n- \"9003257\"\n- '8279'\nROBOTS: NOINDEX, NOFOLLOW\nms.date: 04/8/2021\nempty:\nhash: 0470a728d184ceb8\n";
        let fast = parse(yaml).unwrap();
        let slow: Mapping = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(fast, YamlMap::from(slow));
    }

    #[test]
    fn plain_integers_are_numbers_as_in_serde_yaml() {
        let yaml =
            "ms.custom: 8000079\nzero: 0\nlist:\n- 9003257\n- 42\nbig: 18446744073709551615\n";
        let fast = parse(yaml).unwrap();
        let slow: Mapping = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(fast, YamlMap::from(slow));
        assert_eq!(fast.get("ms.custom"), Some(&Value::from(8000079u64)));
        // Too large for a u64, or with a sign or a leading zero: serde_yaml decides.
        for yaml in [
            "k: 18446744073709551616\n",
            "k: 0123\n",
            "k: +5\n",
            "k: -5\n",
        ] {
            assert!(parse(yaml).is_none(), "{yaml:?}");
        }
    }

    #[test]
    fn only_spaces_and_tabs_are_white_space() {
        let yaml = "title: 장치\u{3000}\nb: a\u{a0}\nk:\n  - one\n  - two\n";
        let fast = parse(yaml).unwrap();
        let slow: Mapping = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(fast, YamlMap::from(slow));
    }

    #[test]
    fn control_characters_are_found_in_the_bytes() {
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| (*c as u32) < 0x3000)
        {
            let s = format!("a{c}b");
            assert_eq!(
                has_control(&s),
                c.is_control() && c != '\t',
                "{:#X}",
                c as u32
            );
        }
    }

    #[test]
    fn falls_back_outside_the_subset() {
        for yaml in [
            "title: a: b\n",
            "n: 1.5e3\n",
            "n: 0x1F\n",
            "b: true\n",
            "t: x # c\n",
            "a:\n  b: c\n",
            "q: \"a\\\"b\"\n",
            "k: v\nk: w\n",
            "- a\n",
            "x: [a, b]\n",
            "k:\n- a\n  - b\n",
            "k:\n  - a\n- b\n",
            "null: x\n",
            "true: x\n",
            "t: a\u{1}\n",
        ] {
            assert!(parse(yaml).is_none(), "{yaml:?}");
        }
    }
}
