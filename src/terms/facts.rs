//! What learning keeps of a file: the words a reader reads on each side of every segment
//! pair (link URLs, code, HTML tags and entities blanked out) and the structural pairs
//! (the k-th bold or italic text of the source against the target's, link texts paired
//! by URL). Only these texts are kept, not the file.

use crate::document::{Document, SegmentText};
use std::path::PathBuf;

/// One structural pair: byte ranges in the pair's source and target texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub source: (u32, u32),
    pub target: (u32, u32),
}

/// A segment pair's texts.
pub struct PairText {
    /// The segment ID (`d58e0-103`).
    pub segment: Box<str>,
    pub source: Box<str>,
    pub target: Box<str>,
    /// Where the target text starts in the file.
    pub target_at: u32,
    pub labels: Vec<Label>,
    /// The source's UI labels (bold and italic texts that hold no link), as byte ranges.
    pub source_labels: Vec<(u32, u32)>,
}

/// A file's segment pairs.
pub struct FileText {
    pub path: PathBuf,
    pub pairs: Vec<PairText>,
}

/// The text of one side as a reader reads it: the raw text with URLs, code, HTML tags and
/// entities replaced by spaces (offsets stay those of the raw text).
fn reading(side: &SegmentText, text: &str) -> String {
    let mut s = side.prose(text).into_owned();
    // `&nbsp;`, `&amp;`, `&#39;`: blank them (same length, all ASCII).
    let bytes = blank_entities(&s);
    if let Some(b) = bytes {
        s = b;
    }
    s
}

/// The text with HTML entities replaced by spaces, or None when it has none.
fn blank_entities(s: &str) -> Option<String> {
    if !s.contains('&') {
        return None;
    }
    let b = s.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut changed = false;
    while i < b.len() {
        if b[i] == b'&' {
            let mut j = i + 1;
            while j < b.len() && j - i <= 10 && (b[j].is_ascii_alphanumeric() || b[j] == b'#') {
                j += 1;
            }
            if j < b.len() && b[j] == b';' && j > i + 1 {
                for x in &mut out[i..=j] {
                    *x = b' ';
                }
                changed = true;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    changed.then(|| String::from_utf8(out).expect("ASCII replaced by ASCII"))
}

/// Emphasis contents (strong and plain separately) and link texts with their URLs, as
/// ranges relative to the side's content.
struct Marks {
    strong: Vec<(u32, u32)>,
    em: Vec<(u32, u32)>,
    links: Vec<((u32, u32), String)>,
}

fn marks(side: &SegmentText, text: &str) -> Marks {
    let base = side.content.start();
    let rel = |s: usize, e: usize| ((s - base) as u32, (e - base) as u32);
    let mut strong = Vec::new();
    let mut em = Vec::new();
    let mut spans = side.inlines.resolve_emphasis().spans;
    spans.sort_by_key(|s| s.open.start());
    for s in spans {
        if s.open.end() > s.close.start() || s.open.end() < base {
            continue;
        }
        let r = rel(s.open.end(), s.close.start());
        if s.strong {
            strong.push(r);
        } else {
            em.push(r);
        }
    }
    let links = side
        .inlines
        .links
        .iter()
        .filter(|l| !l.image && !l.autolink && l.text.start() >= base)
        .map(|l| {
            (
                rel(l.text.start(), l.text.end()),
                l.url.slice(text).to_string(),
            )
        })
        .collect();
    Marks { strong, em, links }
}

/// Whether an emphasis (a range of the side) holds a link text.
fn holds_link(m: &Marks, r: (u32, u32)) -> bool {
    m.links.iter().any(|(l, _)| r.0 <= l.0 && l.1 <= r.1)
}

fn labels(source: &Marks, target: &Marks) -> Vec<Label> {
    let mut out = Vec::new();
    // The k-th bold (or italic) texts pair only where both hold a link or neither does: a
    // translation that reordered them (`**[Ürünlerinizi](…)** **Faturalandırma**` for
    // `**Billing** > **[Your products](…)**`) pairs nothing by position.
    for (s, t) in [(&source.strong, &target.strong), (&source.em, &target.em)] {
        if s.len() == t.len()
            && s.iter()
                .zip(t)
                .all(|(&a, &b)| holds_link(source, a) == holds_link(target, b))
        {
            out.extend(s.iter().zip(t).map(|(&s, &t)| Label {
                source: s,
                target: t,
            }));
        }
    }
    for (range, url) in &source.links {
        let once = |m: &Marks| m.links.iter().filter(|(_, u)| u == url).count() == 1;
        if !once(source) || !once(target) {
            continue;
        }
        if let Some((t, _)) = target.links.iter().find(|(_, u)| u == url) {
            out.push(Label {
                source: *range,
                target: *t,
            });
        }
    }
    out
}

/// The segment pairs of a parsed file that say something about terminology: both sides
/// present, the target not empty and not the source copied.
pub fn gather(path: PathBuf, doc: &Document<'_>) -> FileText {
    let text = doc.text;
    let mut pairs = Vec::new();
    for (seg, target, source) in doc.pairs() {
        let t = reading(target, text);
        let s = reading(source, text);
        if t.trim().is_empty() || s.trim() == t.trim() || !s.chars().any(char::is_alphabetic) {
            continue;
        }
        let source_marks = marks(source, text);
        let labels = labels(&source_marks, &marks(target, text));
        // UI labels: bold and italic texts that are no link (`**[Checksum:](…)**` names a
        // section of another article, not a string of the product).
        let mut source_labels: Vec<(u32, u32)> = source_marks
            .strong
            .iter()
            .chain(&source_marks.em)
            .copied()
            .filter(|&r| !holds_link(&source_marks, r))
            .collect();
        source_labels.sort_unstable();
        pairs.push(PairText {
            segment: seg.id_str(text).into(),
            source: s.into_boxed_str(),
            target: t.into_boxed_str(),
            target_at: target.content.start() as u32,
            labels,
            source_labels,
        });
    }
    FileText { path, pairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The structural pairs of a pair, as (source text, target text).
    fn paired(p: &PairText) -> Vec<(&str, &str)> {
        p.labels
            .iter()
            .map(|l| {
                (
                    &p.source[l.source.0 as usize..l.source.1 as usize],
                    &p.target[l.target.0 as usize..l.target.1 as usize],
                )
            })
            .collect()
    }

    #[test]
    fn pairs_with_labels_and_blanked_urls() {
        let md = "<span data-ttu-id=\"a-1\">**선택적 기능** 페이지에서 [장치 쓰기 저장](https://x/y)&nbsp;사용</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">On the **Optional features** page, [Device writeback](https://x/y) use</span></span>\n\n<span data-ttu-id=\"a-2\">Same</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">Same</span></span>\n";
        let doc = Document::parse(md);
        let f = gather(PathBuf::from("a.md"), &doc);
        assert_eq!(f.pairs.len(), 1, "a copied source teaches nothing");
        let p = &f.pairs[0];
        assert_eq!(&*p.segment, "a-1");
        assert!(!p.target.contains("https") && !p.target.contains("nbsp"));
        assert_eq!(p.target.len(), md[24..md.find("</span>").unwrap()].len());
        let shown = paired(p);
        assert_eq!(
            shown,
            [
                ("Optional features", "선택적 기능"),
                ("Device writeback", "장치 쓰기 저장")
            ]
        );
    }

    #[test]
    fn reordered_labels_are_paired_by_url_only() {
        // The translation put the linked label first: the k-th bold texts are not each
        // other's, the link texts (same URL) are.
        let md = "<span data-ttu-id=\"a-1\">Yönetici merkezinde, **[Ürünlerinizi](https://x/p)** **Faturalandırma** \\> sayfasına gidin.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">In the admin center, go to the **Billing** \\> **[Your products](https://x/p)** page.</span></span>\n";
        let doc = Document::parse(md);
        let f = gather(PathBuf::from("a.md"), &doc);
        let p = &f.pairs[0];
        let shown = paired(p);
        assert_eq!(shown, [("Your products", "Ürünlerinizi")]);
        // The source's UI labels: the bold text without a link.
        let labels: Vec<&str> = p
            .source_labels
            .iter()
            .map(|&(s, e)| &p.source[s as usize..e as usize])
            .collect();
        assert_eq!(labels, ["Billing"]);
    }
}
