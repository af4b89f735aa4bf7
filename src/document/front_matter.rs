//! YAML front matter between `---` lines, parsed with serde_yaml, with each top-level
//! key's line range kept so findings can point at the key.

use crate::text::TextRange;
use serde_yaml::{Mapping, Value};

/// A parsed front matter's top-level keys and values, in file order. A front matter has a
/// few dozen keys at most: a list searched in order costs less than a hash map to build.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YamlMap(pub Vec<(Value, Value)>);

impl YamlMap {
    /// The value of a string key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

impl From<Mapping> for YamlMap {
    fn from(m: Mapping) -> YamlMap {
        YamlMap(m.into_iter().collect())
    }
}

pub struct FrontMatter {
    /// The whole block, delimiters and final line break included.
    pub range: TextRange,
    /// The YAML text between the delimiters.
    pub yaml_range: TextRange,
    /// False when no closing `---` was found.
    pub closed: bool,
    /// Top-level keys in file order, found by their lines (also when the YAML is broken).
    pub entries: Vec<FrontMatterEntry>,
    /// The parsed mapping, when the YAML is valid.
    pub mapping: Option<YamlMap>,
    pub error: Option<YamlError>,
}

pub struct FrontMatterEntry {
    pub key: String,
    pub key_range: TextRange,
    /// The value text on the key's line (after `:`, trimmed); empty for block values.
    pub value_range: TextRange,
    /// The key's line and its continuation lines.
    pub range: TextRange,
}

pub struct YamlError {
    pub message: String,
    /// From the error position to the end of its line.
    pub range: TextRange,
}

impl FrontMatter {
    pub fn entry(&self, key: &str) -> Option<&FrontMatterEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// A string value from the parsed YAML (None when the YAML is not valid; see `raw_value`).
    pub fn get_str<'s>(&'s self, key: &str) -> Option<&'s str> {
        match &self.mapping {
            Some(map) => match map.get(key)? {
                Value::String(s) => Some(s.as_str()),
                _ => None,
            },
            None => None,
        }
    }

    /// The raw value text of a key as written on its line, quotes removed.
    pub fn raw_value<'t>(&self, text: &'t str, key: &str) -> Option<&'t str> {
        let entry = self.entry(key)?;
        let raw = entry.value_range.slice(text);
        Some(unquote(raw))
    }

    /// A scalar value rendered as text (numbers and booleans included).
    pub fn scalar(&self, key: &str) -> Option<String> {
        match self.mapping.as_ref()?.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

fn unquote(s: &str) -> &str {
    let t = s.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    t
}

/// Lines of `text[from..]` as (start, end-without-line-break, next-line-start).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let (mut end, next) = match nl {
            Some(i) => (i, i + 1),
            None => (bytes.len(), bytes.len()),
        };
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        pos = next;
        Some((start, end, next))
    })
}

fn is_delimiter(line: &str, closing: bool) -> bool {
    let l = line.trim_end();
    l == "---" || (closing && l == "...")
}

/// The most `[`/`{` count × YAML length handed to serde_yaml: its scanner looks at every
/// open flow collection per token, so nested `[[[[…` cost the product (40,000 of them in a
/// title took 2.6 s, four times as many 43 s). A front matter has a handful; this allows
/// 16,000 in 1 KB or 250 in 64 KB, which it reads in milliseconds.
const MAX_FLOW_WORK: usize = 1 << 24;

pub(super) fn parse(text: &str, content_start: usize) -> Option<FrontMatter> {
    let mut lines = lines_from(text, content_start);
    let (s, e, first_next) = lines.next()?;
    if !is_delimiter(&text[s..e], false) {
        return None;
    }
    let yaml_start = first_next;
    let mut close = None;
    for (s, e, next) in lines {
        if is_delimiter(&text[s..e], true) {
            close = Some((s, next));
            break;
        }
    }
    let Some((yaml_end, range_end)) = close else {
        // Unclosed: keep only the opening line so the body is still checked.
        return Some(FrontMatter {
            range: TextRange::new(content_start, first_next),
            yaml_range: TextRange::empty(first_next),
            closed: false,
            entries: Vec::new(),
            mapping: None,
            error: None,
        });
    };
    let yaml_range = TextRange::new(yaml_start, yaml_end);
    let yaml = yaml_range.slice(text);
    let entries = scan_entries(text, yaml_range);
    let (mapping, error) = if yaml.trim().is_empty() {
        (Some(YamlMap::default()), None)
    } else {
        // Counted only where the fast path gave up: serde_yaml reads the rest.
        let flow_marks = || memchr::memchr2_iter(b'[', b'{', yaml.as_bytes()).count();
        let parsed = match super::simple_yaml::parse(yaml) {
            Some(map) => Ok(Ok(map)),
            None if flow_marks().saturating_mul(yaml.len()) > MAX_FLOW_WORK => Ok(Err(None)),
            None => serde_yaml::from_str::<Value>(yaml).map(|v| match v {
                Value::Mapping(m) => Ok(YamlMap::from(m)),
                other => Err(Some(other)),
            }),
        };
        match parsed {
            Ok(Ok(m)) => (Some(m), None),
            Ok(Err(None)) => (
                None,
                Some(YamlError {
                    message: format!(
                        "front matter is not read: {} `[` and `{{` in {} bytes are more than \
                         YAML front matter has; the YAML reader's time grows with their product",
                        flow_marks(),
                        yaml.len()
                    ),
                    range: first_line(text, yaml_range),
                }),
            ),
            Ok(Err(Some(_))) => (
                None,
                Some(YamlError {
                    message: "front matter is not a mapping of keys to values".into(),
                    range: first_line(text, yaml_range),
                }),
            ),
            Err(err) => {
                let at = err
                    .location()
                    .map_or(yaml_range.start(), |l| yaml_range.start() + l.index());
                let at = crate::text::floor_char_boundary(text, at.min(yaml_range.end()));
                let line_end = memchr::memchr(b'\n', &text.as_bytes()[at..yaml_range.end()])
                    .map_or(yaml_range.end(), |i| at + i);
                let line_end = if line_end > at && text.as_bytes()[line_end - 1] == b'\r' {
                    line_end - 1
                } else {
                    line_end
                };
                (
                    None,
                    Some(YamlError {
                        message: strip_location(&err.to_string()),
                        range: TextRange::new(at, line_end),
                    }),
                )
            }
        }
    };
    Some(FrontMatter {
        range: TextRange::new(content_start, range_end),
        yaml_range,
        closed: true,
        entries,
        mapping,
        error,
    })
}

fn first_line(text: &str, range: TextRange) -> TextRange {
    let s = range.slice(text);
    let end = s.find(['\r', '\n']).unwrap_or(s.len());
    TextRange::new(range.start(), range.start() + end)
}

/// serde_yaml appends " at line L column C"; the diagnostic carries the position itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn scan_entries(text: &str, yaml: TextRange) -> Vec<FrontMatterEntry> {
    let mut entries: Vec<FrontMatterEntry> = Vec::new();
    for (s, e, next) in lines_from(&text[..yaml.end()], yaml.start()) {
        let line = &text[s..e];
        let top_level = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        let colon = if top_level { line.find(':') } else { None };
        match colon {
            Some(colon) => {
                let key = line[..colon].trim_end();
                let key = unquote(key);
                let value = &line[colon + 1..];
                let lead = value.len() - value.trim_start().len();
                let value_start = s + colon + 1 + lead;
                let value_end = s + colon + 1 + value.trim_end().len();
                let key_start = s + line[..colon].find(key).unwrap_or(0);
                entries.push(FrontMatterEntry {
                    key: key.to_string(),
                    key_range: TextRange::new(key_start, key_start + key.len()),
                    value_range: TextRange::new(value_start, value_end.max(value_start)),
                    range: TextRange::new(s, next.min(yaml.end())),
                });
            }
            None => {
                if let Some(last) = entries.last_mut() {
                    last.range.end = next.min(yaml.end()) as u32;
                }
            }
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_ranges() {
        let text = "---\ntitle: 장치\nms.custom:\n- \"1\"\nms.locfileid: \"5\"\n---\nbody";
        let fm = parse(text, 0).unwrap();
        assert!(fm.closed && fm.error.is_none());
        assert_eq!(fm.get_str("title"), Some("장치"));
        let custom = fm.entry("ms.custom").unwrap();
        assert_eq!(custom.range.slice(text), "ms.custom:\n- \"1\"\n");
        let loc = fm.entry("ms.locfileid").unwrap();
        assert_eq!(loc.value_range.slice(text), "\"5\"");
        assert_eq!(fm.range.slice(text), &text[..text.len() - 4]);
    }

    #[test]
    fn deeply_nested_flow_collections_are_reported_not_read() {
        let nested = format!("---\ntitle: {}\n---\nbody", "[".repeat(20_000));
        let fm = parse(&nested, 0).unwrap();
        let err = fm.error.as_ref().unwrap();
        assert!(err.message.contains("20000 `[` and `{`"), "{}", err.message);
        assert_eq!(
            err.range.slice(&nested),
            &nested[4..nested.find("\n---\nbody").unwrap()]
        );
        assert!(fm.mapping.is_none() && fm.entry("title").is_some());
        // A few hundred in a small front matter are read (and here are wrong YAML).
        let few = format!("---\ntitle: {}\n---\n", "[".repeat(300));
        let fm = parse(&few, 0).unwrap();
        assert!(!fm.error.unwrap().message.contains("is not read"));
    }

    #[test]
    fn broken_yaml_reports_position() {
        let text = "---\ntitle: a: b\n---\n";
        let fm = parse(text, 0).unwrap();
        let err = fm.error.as_ref().unwrap();
        assert_eq!(err.range.slice(text), ": b");
        assert!(fm.entry("title").is_some());
    }

    #[test]
    fn crlf_and_unclosed() {
        let text = "---\r\ntitle: x\r\n---\r\nbody";
        let fm = parse(text, 0).unwrap();
        assert_eq!(fm.get_str("title"), Some("x"));
        assert_eq!(fm.range.end(), text.find("body").unwrap());
        let fm = parse("---\ntitle: x\n", 0).unwrap();
        assert!(!fm.closed);
    }
}
