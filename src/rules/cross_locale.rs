//! Shared by the cross-locale rules: one comparison of the locales of each article, so
//! that every real difference is reported once, in the file that differs.
//!
//! The files of one article (the same path in several locale folders) are put in classes
//! by their English: the words of every segment source in order, whatever the
//! segmentation (a paragraph segment `p101` holding sentences 106 and 107 is the same
//! English), and the pages their links go to (with the locale part of a URL set aside:
//! `support.microsoft.com/ko-KR/…` is the same page as `…/zh-TW/…`). The largest class
//! is the reference (on a tie, the class of the first locale in tag order); each file
//! outside it is compared with the reference segment by segment.

use crate::project::{Project, SHARED_KEYS, SegmentFacts};
use crate::text::TextRange;
use std::collections::HashMap;

/// How a segment's English differs from the reference's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// Other words.
    Wording,
    /// The same words, but a link goes to another page.
    Link,
}

/// A file whose English differs from the article's other locales.
pub(super) struct Differing {
    pub file: usize,
    /// The reference file the segments were compared with.
    pub reference: usize,
    /// Every file whose English is the reference's.
    pub agreeing: Vec<usize>,
    /// Segments (index into this file's segments) with the same number as a reference
    /// segment but other English, with the reference segment's index.
    pub changed: Vec<(usize, usize, Change)>,
    /// Segments (index here) whose English the reference does not have anywhere.
    pub extra: Vec<usize>,
    /// Reference segments (index into the reference's segments) whose English this file
    /// does not have anywhere.
    pub missing: Vec<usize>,
    /// The front matter key whose source version differs from the reference's, with the
    /// value here and there.
    pub version: Option<(&'static str, String, String, TextRange)>,
}

impl Differing {
    pub fn count(&self) -> usize {
        self.changed.len() + self.extra.len() + self.missing.len()
    }

    /// Most of the file differs: it was built from another version of the article, and
    /// one finding for the file says more than one per segment.
    pub fn wholesale(&self, project: &Project) -> bool {
        let here = project.files[self.file].segments.len();
        let there = project.files[self.reference].segments.len();
        self.count() * 2 > here.max(there).max(1)
    }

    /// "ar-SA, es-ES, fr-FR" for the agreeing files.
    pub fn agreeing_locales(&self, project: &Project) -> String {
        let names: Vec<&str> = self
            .agreeing
            .iter()
            .map(|&f| project.files[f].locale.unwrap_or("?"))
            .collect();
        let n = names.len();
        let what = if n == 1 { "locale" } else { "locales" };
        format!("{n} other {what} ({})", names.join(", "))
    }
}

/// One segment's English, as compared across locales.
struct Seg {
    words: Vec<u64>,
    urls: Vec<String>,
}

struct Article {
    segs: Vec<Seg>,
    /// Every word of every segment, in order.
    words: Vec<u64>,
    text: String,
}

fn word_hash(w: &str) -> u64 {
    // FNV-1a over the lowercased word.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The words of a source's raw text: link destinations, HTML tags and entities left out.
fn words_of(raw: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    let bytes = raw.as_bytes();
    while i < raw.len() {
        let skip = if raw[i..].starts_with("](") {
            raw[i..].find(')').map(|e| e + 1)
        } else if bytes[i] == b'<' {
            raw[i..].find('>').map(|e| e + 1)
        } else if bytes[i] == b'&' {
            raw[i..]
                .find(';')
                .filter(|&e| {
                    e <= 10
                        && raw[i + 1..i + e]
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'#')
                })
                .map(|e| e + 1)
        } else {
            None
        };
        let c = raw[i..].chars().next().unwrap_or(' ');
        let is_word = skip.is_none() && (c.is_alphanumeric() || c == '_');
        if is_word {
            word_start.get_or_insert(i);
        } else if let Some(s) = word_start.take() {
            out.push(word_hash(&raw[s..i]));
        }
        i += skip.unwrap_or(c.len_utf8());
    }
    if let Some(s) = word_start {
        out.push(word_hash(&raw[s..]));
    }
    out
}

impl Article {
    fn read(project: &Project, file: usize) -> Article {
        let facts = &project.files[file];
        let text = std::fs::read_to_string(&facts.path).unwrap_or_default();
        let mut segs = Vec::with_capacity(facts.segments.len());
        let mut words = Vec::new();
        for s in &facts.segments {
            let raw = text.get(s.source.as_range()).unwrap_or("");
            let w = words_of(raw);
            words.extend_from_slice(&w);
            let urls = crate::project::segment_links(&text, s.range, raw);
            segs.push(Seg { words: w, urls });
        }
        Article { segs, words, text }
    }

    fn signature(&self) -> (u64, Vec<&str>) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in &self.words {
            h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut urls: Vec<&str> = self
            .segs
            .iter()
            .flat_map(|s| s.urls.iter().map(String::as_str))
            .collect();
        urls.sort_unstable();
        (h, urls)
    }

    /// Whether the words appear in this article, in a row.
    fn has_run(&self, run: &[u64]) -> bool {
        run.is_empty() || self.words.windows(run.len()).any(|w| w == run)
    }
}

/// The quoted English of a segment (white space folded, at most `max` characters).
pub(super) fn quote(project: &Project, file: usize, seg: &SegmentFacts, max: usize) -> String {
    project.quote(file, seg.source, max)
}

/// Every file that differs from its article's reference, over all articles.
pub(super) fn differing(project: &Project) -> Vec<Differing> {
    let mut out = Vec::new();
    for group in project.locale_groups() {
        let seq = |f: usize| -> Vec<(crate::project::SegmentKey, u64, u64)> {
            project.files[f]
                .segments
                .iter()
                .map(|s| (s.key, s.source_hash, s.source_markup_hash))
                .collect()
        };
        let first = seq(group[0]);
        if group[1..].iter().all(|&f| seq(f) == first) {
            continue;
        }
        let articles: Vec<Article> = group.iter().map(|&f| Article::read(project, f)).collect();
        // Classes of files with the same English; the largest is the reference.
        let sigs: Vec<(u64, Vec<&str>)> = articles.iter().map(Article::signature).collect();
        let mut class_of: Vec<usize> = Vec::with_capacity(group.len());
        for i in 0..group.len() {
            let c = (0..i)
                .find(|&j| sigs[j] == sigs[i])
                .map_or(i, |j| class_of[j]);
            class_of.push(c);
        }
        let size = |c: usize| class_of.iter().filter(|&&x| x == c).count();
        let reference_class = (0..group.len())
            .map(|i| class_of[i])
            .max_by(|&a, &b| size(a).cmp(&size(b)).then(b.cmp(&a)))
            .unwrap_or(0);
        if class_of.iter().all(|&c| c == reference_class) {
            continue;
        }
        let agreeing: Vec<usize> = (0..group.len())
            .filter(|&i| class_of[i] == reference_class)
            .map(|i| group[i])
            .collect();
        // The reference's representative: the member whose segment numbers most members
        // share.
        let members: Vec<usize> = (0..group.len())
            .filter(|&i| class_of[i] == reference_class)
            .collect();
        let keys = |i: usize| -> Vec<crate::project::SegmentKey> {
            project.files[group[i]]
                .segments
                .iter()
                .map(|s| s.key)
                .collect()
        };
        let r = *members
            .iter()
            .max_by(|&&a, &&b| {
                let ca = members.iter().filter(|&&m| keys(m) == keys(a)).count();
                let cb = members.iter().filter(|&&m| keys(m) == keys(b)).count();
                ca.cmp(&cb).then(b.cmp(&a))
            })
            .expect("the reference class has a member");
        let rf = &project.files[group[r]];
        let ra = &articles[r];
        for i in 0..group.len() {
            if class_of[i] == reference_class {
                continue;
            }
            let ff = &project.files[group[i]];
            let fa = &articles[i];
            let mut here_by_key: HashMap<crate::project::SegmentKey, usize> = HashMap::new();
            for (k, s) in ff.segments.iter().enumerate() {
                here_by_key.entry(s.key).or_insert(k);
            }
            let mut there_by_key: HashMap<crate::project::SegmentKey, usize> = HashMap::new();
            for (k, s) in rf.segments.iter().enumerate() {
                there_by_key.entry(s.key).or_insert(k);
            }
            let mut d = Differing {
                file: group[i],
                reference: group[r],
                agreeing: agreeing.clone(),
                changed: Vec::new(),
                extra: Vec::new(),
                missing: Vec::new(),
                version: None,
            };
            for (k, s) in ff.segments.iter().enumerate() {
                if here_by_key.get(&s.key) != Some(&k) {
                    continue;
                }
                let here = &fa.segs[k];
                match there_by_key.get(&s.key) {
                    Some(&t) => {
                        let there = &ra.segs[t];
                        if here.words != there.words {
                            // Renumbered English the reference has elsewhere is no change;
                            // what the reference lacks is.
                            if !ra.has_run(&here.words) {
                                d.changed.push((k, t, Change::Wording));
                            }
                        } else if here.urls != there.urls
                            && !here.urls.is_empty()
                            && !there.urls.is_empty()
                        {
                            d.changed.push((k, t, Change::Link));
                        }
                    }
                    None => {
                        let raw = fa.text.get(s.source.as_range()).unwrap_or("").trim();
                        let unsegmented = !raw.is_empty() && ra.text.contains(raw);
                        if !unsegmented && !ra.has_run(&here.words) {
                            d.extra.push(k);
                        }
                    }
                }
            }
            for (t, s) in rf.segments.iter().enumerate() {
                if there_by_key.get(&s.key) != Some(&t) {
                    continue;
                }
                let changed_here = d.changed.iter().any(|&(_, x, _)| x == t);
                // English left out of the segments here (`> [!TIPS]` kept as is) is there.
                let raw = ra.text.get(s.source.as_range()).unwrap_or("").trim();
                let unsegmented = !raw.is_empty() && fa.text.contains(raw);
                if !changed_here && !unsegmented && !fa.has_run(&ra.segs[t].words) {
                    d.missing.push(t);
                }
            }
            if d.count() == 0 {
                continue;
            }
            for key in SHARED_KEYS {
                let here = ff.front.iter().find(|v| v.key == key);
                let there = rf.front.iter().find(|v| v.key == key);
                if let (Some(h), Some(t)) = (here, there)
                    && h.value != t.value
                {
                    d.version = Some((key, h.value.clone(), t.value.clone(), h.range));
                    break;
                }
            }
            out.push(d);
        }
    }
    out
}

/// Segment numbers, as a short list: `103, 105, 107 and 4 more`.
pub(super) fn list_numbers(facts: &[&SegmentFacts]) -> String {
    let shown: Vec<String> = facts.iter().take(6).map(|s| s.key.to_string()).collect();
    let more = facts.len().saturating_sub(6);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// A short version value (`f1a8dba1…`).
pub(super) fn short(v: &str) -> String {
    if v.chars().count() > 12 {
        v.chars().take(10).collect::<String>() + "…"
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_link_destinations_tags_and_entities() {
        assert_eq!(
            words_of("See [Reactivate](https://x.com/a-b) <b>now</b>&nbsp;."),
            words_of("see reactivate now")
        );
        assert_ne!(words_of("Enable device"), words_of("Enable devices"));
    }
}
