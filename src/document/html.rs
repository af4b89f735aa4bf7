//! The places where real HTML parsing is needed, done with html5ever.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, TagKind, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use std::cell::RefCell;

#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let CharacterTokens(t) = token {
            self.text.borrow_mut().push_str(&t);
        }
        TokenSinkResult::Continue
    }
}

/// Decodes one character reference (`&amp;`, `&#160;`, `&nbsp;` …) with html5ever's
/// tokenizer, which knows the whole HTML entity table.
fn decode_reference(reference: &str) -> String {
    let tokenizer = Tokenizer::new(TextSink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(reference));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.text.take()
}

/// The text with character references decoded, or None when it has none.
/// Only the `&…;` pieces are decoded, so Markdown and placeholders such as `<email>` stay.
pub fn decode_entities(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for amp in memchr::memchr_iter(b'&', bytes) {
        if amp < copied {
            continue;
        }
        let name_len = bytes[amp + 1..]
            .iter()
            .take(32)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
            .count();
        let semi = amp + 1 + name_len;
        if name_len == 0 || bytes.get(semi) != Some(&b';') {
            continue;
        }
        let reference = &raw[amp..=semi];
        let decoded = decode_reference(reference);
        if decoded == reference {
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(raw.len()));
        buf.push_str(&raw[copied..amp]);
        buf.push_str(&decoded);
        copied = semi + 1;
    }
    let mut buf = out?;
    buf.push_str(&raw[copied..]);
    Some(buf)
}

/// HTML elements that appear inline in documentation text. Words that are as likely to be
/// a placeholder (`<name>`, `<address>`, `<title>`, `<source>`, `<time>`) are left out on
/// purpose: such angle-bracketed text is treated as a placeholder. Lowercase; the inline
/// parser also accepts all-uppercase `<B>`, while `<Name>` is a placeholder.
pub fn is_inline_element(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "blockquote"
            | "br"
            | "center"
            | "cite"
            | "code"
            | "dd"
            | "del"
            | "details"
            | "dfn"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "figcaption"
            | "figure"
            | "font"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "i"
            | "iframe"
            | "img"
            | "ins"
            | "kbd"
            | "li"
            | "mark"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "th"
            | "thead"
            | "tr"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "video"
            | "wbr"
    )
}

/// The length of the tag name at the start of `b` (a letter, then letters, digits, `-`).
pub fn tag_name_len(b: &[u8]) -> usize {
    b.iter()
        .enumerate()
        .take_while(|&(k, c)| {
            c.is_ascii_alphabetic() || (k > 0 && (c.is_ascii_digit() || *c == b'-'))
        })
        .count()
}

/// Whether `s` is one open or closing tag by CommonMark's raw HTML grammar, which is
/// what makes a Markdown renderer pass it through as HTML (and a browser hide it):
/// `<email address>` is one, `<user@domain.com>` and `<username\>` are not.
pub fn is_raw_html_tag(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != b'<' || b[b.len() - 1] != b'>' {
        return false;
    }
    let inner = &b[1..b.len() - 1];
    let (closing, inner) = match inner.first() {
        Some(b'/') => (true, &inner[1..]),
        _ => (false, inner),
    };
    let name = tag_name_len(inner);
    if name == 0 {
        return false;
    }
    let mut p = name;
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    if closing {
        return inner[p..].iter().all(|&c| ws(c));
    }
    loop {
        let spaces = inner[p..].iter().take_while(|&&c| ws(c)).count();
        p += spaces;
        match inner.get(p) {
            None => return true,
            Some(b'/') => return p + 1 == inner.len(),
            Some(&c) if spaces > 0 && (c.is_ascii_alphabetic() || c == b'_' || c == b':') => {
                p += 1;
                while inner.get(p).is_some_and(|&c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-')
                }) {
                    p += 1;
                }
                let save = p;
                p += inner[p..].iter().take_while(|&&c| ws(c)).count();
                if inner.get(p) != Some(&b'=') {
                    p = save;
                    continue;
                }
                p += 1;
                p += inner[p..].iter().take_while(|&&c| ws(c)).count();
                match inner.get(p) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(end) = inner[p + 1..].iter().position(|&c| c == q) else {
                            return false;
                        };
                        p += end + 2;
                    }
                    Some(_) => {
                        let len = inner[p..]
                            .iter()
                            .take_while(|&&c| !ws(c) && !b"\"'=<>`".contains(&c))
                            .count();
                        if len == 0 {
                            return false;
                        }
                        p += len;
                    }
                    None => return false,
                }
            }
            Some(_) => return false,
        }
    }
}

/// One HTML tag as html5ever's tokenizer reads it: name in lowercase, attributes with
/// their values unquoted and entities decoded, in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedTag {
    pub name: String,
    pub closing: bool,
    pub self_closing: bool,
    pub attrs: Vec<(String, String)>,
}

#[derive(Default)]
struct TagSink {
    tag: RefCell<Option<ParsedTag>>,
}

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let TagToken(tag) = token {
            let mut slot = self.tag.borrow_mut();
            if slot.is_none() {
                *slot = Some(ParsedTag {
                    name: tag.name.to_string(),
                    closing: tag.kind == TagKind::EndTag,
                    self_closing: tag.self_closing,
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                });
            }
        }
        TokenSinkResult::Continue
    }
}

/// Parses one tag's markup (`<a href='x' target=_blank>`, `</b>`, `<br/>`) with html5ever's
/// tokenizer. None when the text is not a tag. The tokenizer rather than a tree builder:
/// a tree would drop a stray `</a>` and close an unclosed `<b>`, which are exactly the
/// differences a comparison of tags must see.
pub fn parse_tag(markup: &str) -> Option<ParsedTag> {
    let tokenizer = Tokenizer::new(TagSink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(markup));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.tag.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references_only() {
        assert_eq!(decode_entities("a &amp; b"), Some("a & b".into()));
        assert_eq!(
            decode_entities("x&nbsp;<email>&#65;"),
            Some("x\u{a0}<email>A".into())
        );
        assert_eq!(decode_entities("no refs & here"), None);
        assert_eq!(decode_entities("&bogus;"), None);
    }

    #[test]
    fn parses_one_tag() {
        let t = parse_tag("<A HREF='x&amp;y' target=_blank>").unwrap();
        assert_eq!(t.name, "a");
        assert!(!t.closing);
        assert_eq!(
            t.attrs,
            [
                ("href".to_string(), "x&y".to_string()),
                ("target".to_string(), "_blank".to_string())
            ]
        );
        let t = parse_tag("</b >").unwrap();
        assert!(t.closing && t.name == "b");
        assert!(parse_tag("<br/>").unwrap().self_closing);
        assert_eq!(parse_tag("a < b"), None);
    }

    #[test]
    fn commonmark_raw_html_tags() {
        for yes in [
            "<b>",
            "</b >",
            "<email address>",
            "<a href=\"x y\" target=_blank>",
            "<br/>",
            "<br />",
        ] {
            assert!(is_raw_html_tag(yes), "{yes}");
        }
        for no in [
            "<user@domain.com>",
            "<username\\>",
            "<\"contoso\">",
            "<a href=>",
            "< b>",
            "<a/b>",
        ] {
            assert!(!is_raw_html_tag(no), "{no}");
        }
    }
}

/// How a browser builds the segment's inline HTML: the text parsed as a fragment by
/// html5ever's tree builder (which repairs mis-nested and unclosed elements the way every
/// browser does) into a markup5ever_rcdom tree, written back as tags and text. `keep`
/// gives the byte ranges of real element tags; any other `<` (placeholders such as
/// `<email address>`, `<xref:…>`) is text.
pub fn repaired_markup(raw: &str, elements: &[std::ops::Range<usize>]) -> String {
    use html5ever::tendril::TendrilSink;
    use html5ever::{QualName, local_name, ns};
    use markup5ever_rcdom::{Handle, NodeData, RcDom};

    let starts: std::collections::HashSet<usize> = elements.iter().map(|r| r.start).collect();
    let mut fragment = String::with_capacity(raw.len() + 16);
    for (i, c) in raw.char_indices() {
        match c {
            '<' if !starts.contains(&i) => fragment.push_str("&lt;"),
            '&' => fragment.push_str("&amp;"),
            _ => fragment.push(c),
        }
    }
    let context = QualName::new(None, ns!(html), local_name!("body"));
    let dom =
        html5ever::parse_fragment(RcDom::default(), Default::default(), context, vec![], false)
            .one(fragment);

    fn write(node: &Handle, out: &mut String) {
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } => {
                let tag = &*name.local;
                out.push('<');
                out.push_str(tag);
                out.push('>');
                for child in node.children.borrow().iter() {
                    write(child, out);
                }
                if !is_void_element(tag) {
                    out.push_str("</");
                    out.push_str(tag);
                    out.push('>');
                }
            }
            _ => {
                for child in node.children.borrow().iter() {
                    write(child, out);
                }
            }
        }
    }
    let mut out = String::new();
    // The fragment's nodes sit under the document's one `html` element.
    for root in dom.document.children.borrow().iter() {
        for node in root.children.borrow().iter() {
            write(node, &mut out);
        }
    }
    out
}

/// Elements without content or end tag.
pub fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod repair_tests {
    use super::repaired_markup;

    #[test]
    fn the_tree_builder_repairs_like_a_browser() {
        let raw = "a <b>bold <i>both</b> italic</i> <email address> &amp;";
        let tags: Vec<_> = ["<b>", "<i>", "</b>", "</i>"]
            .iter()
            .map(|t| {
                let i = raw.find(t).unwrap();
                i..i + t.len()
            })
            .collect();
        assert_eq!(
            repaired_markup(raw, &tags),
            "a <b>bold <i>both</i></b><i> italic</i> <email address> &amp;"
        );
        assert_eq!(
            repaired_markup("x <kbd>Ctrl", std::slice::from_ref(&(2..7))),
            "x <kbd>Ctrl</kbd>"
        );
    }
}
