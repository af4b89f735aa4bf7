//! The places where real HTML parsing is needed, done with html5ever.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
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
}
