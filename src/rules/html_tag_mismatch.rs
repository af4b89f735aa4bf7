use super::link_url_mismatch::normalize_url;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::html::parse_tag;
use crate::document::{HtmlTag, HtmlTagKind, SegmentText};
use crate::rule::{Context, Rule};
use std::collections::{HashMap, HashSet, VecDeque};

declare_rule! {
    /// ## What it does
    /// Compares the inline HTML of a target segment with its source's, as multisets:
    /// elements (`<b>`, `</kbd>`, `<br/>`, `<a href="…">`) by name and attributes as an
    /// HTML parser reads them (quoting, case and attribute order do not matter; `alt`,
    /// `title` and `aria-label` values are translatable; a locale folder in `href`/`src`
    /// is neutral), DocFX cross references (`<xref:Uid>`) and angle-bracketed placeholders
    /// (`<email address>`, `<user@domain.com>`) exactly as written. A placeholder the
    /// target translated (`<사용자 이름>` for `<username>`, `<หัวข้อ>` for `< topic >`) is
    /// accepted. Reports what is missing, extra or changed.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// A lost `<br>` or `</b>` changes the layout or makes the rest of the page bold; a
    /// changed `xref` uid is a broken link; a placeholder altered inside a command or path
    /// (`<username \>`) no longer tells readers what to type.
    ///
    /// ## Example
    /// ```markdown
    /// 예: C:\Users<username  \\ \>\AppData
    /// ```
    /// The source has `C:\Users\\<username\>\AppData`.
    pub struct HtmlTagMismatch {
        name: "html-tag-mismatch",
        category: Markup,
        severity: Warning,
        summary: "The target's inline HTML tags or placeholders differ from the source's.",
    }
}

struct Item<'d> {
    tag: &'d HtmlTag,
    /// What must be equal between source and target.
    key: String,
    /// A placeholder written in the target's language.
    translated: bool,
}

fn key(tag: &HtmlTag, text: &str) -> String {
    let markup = tag.range.slice(text);
    if tag.kind != HtmlTagKind::Element {
        return markup.to_string();
    }
    let Some(parsed) = parse_tag(markup) else {
        return markup.to_string();
    };
    let mut attrs: Vec<String> = parsed
        .attrs
        .iter()
        .map(|(name, value)| match name.as_str() {
            "alt" | "title" | "aria-label" | "placeholder" => format!("{name}=…"),
            "href" | "src" => format!("{name}={}", normalize_url(value)),
            _ => format!("{name}={value}"),
        })
        .collect();
    attrs.sort_unstable();
    format!(
        "{}{} {}",
        if parsed.closing { "/" } else { "" },
        parsed.name,
        attrs.join(" ")
    )
}

fn items<'d>(side: &'d SegmentText, text: &str) -> Vec<Item<'d>> {
    side.inlines
        .html_tags
        .iter()
        .map(|tag| Item {
            tag,
            key: key(tag, text),
            translated: tag.kind == HtmlTagKind::Placeholder
                && tag
                    .range
                    .slice(text)
                    .chars()
                    .any(|c| !c.is_ascii() && c.is_alphabetic()),
        })
        .collect()
}

fn without_backslashes(s: &str) -> String {
    s.chars().filter(|&c| c != '\\').collect()
}

/// The `\<…>` pieces of a text, backslashes removed: tags written escaped, as text.
fn escaped_tags(raw: &str) -> Vec<String> {
    raw.match_indices("\\<")
        .filter_map(|(i, _)| {
            let rest = &raw[i + 1..];
            let end = rest.find(['>', '\n'])?;
            (rest.as_bytes()[end] == b'>').then(|| without_backslashes(&rest[..=end]))
        })
        .collect()
}

fn describe(tag: &HtmlTag) -> &'static str {
    match tag.kind {
        HtmlTagKind::Element => "HTML tag",
        HtmlTagKind::Xref => "cross reference",
        HtmlTagKind::Placeholder => "placeholder",
    }
}

impl Rule for HtmlTagMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            if target.inlines.html_tags.is_empty() && source.inlines.html_tags.is_empty() {
                continue;
            }
            // Each target item takes the source's first item left with the same key;
            // queues of them by key, so a segment of thousands of tags costs a look-up
            // per tag, not a scan and a shift of the whole list.
            let source_items = items(source, text);
            let mut left = vec![true; source_items.len()];
            let mut by_key: HashMap<&str, VecDeque<usize>> = HashMap::new();
            for (i, m) in source_items.iter().enumerate() {
                by_key.entry(&m.key).or_default().push_back(i);
            }
            let mut extra = Vec::new();
            for item in items(target, text) {
                match by_key
                    .get_mut(item.key.as_str())
                    .and_then(VecDeque::pop_front)
                {
                    Some(i) => left[i] = false,
                    None => extra.push(item),
                }
            }
            // A translated placeholder stands for a missing one.
            let mut placeholders: VecDeque<usize> = (0..source_items.len())
                .filter(|&i| left[i] && source_items[i].tag.kind == HtmlTagKind::Placeholder)
                .collect();
            extra.retain(|x| {
                if !x.translated {
                    return true;
                }
                match placeholders.pop_front() {
                    Some(i) => {
                        left[i] = false;
                        false
                    }
                    None => true,
                }
            });
            let mut missing: Vec<Item> = source_items
                .into_iter()
                .zip(left)
                .filter_map(|(m, left)| left.then_some(m))
                .collect();
            // A translated placeholder shows as text; where the source has angle-bracketed
            // text that is no tag (`< topic >`), it is that text translated.
            let src_raw = source.raw(text);
            if src_raw
                .find('<')
                .is_some_and(|i| src_raw[i..].contains('>'))
            {
                extra.retain(|x| !x.translated);
            }
            // Written escaped in the target (`\<username\>`): the same text, shown as text;
            // escape-mismatch's business, not a lost tag.
            let escaped: HashSet<String> = escaped_tags(target.raw(text)).into_iter().collect();
            missing.retain(|m| !escaped.contains(&without_backslashes(m.tag.range.slice(text))));
            if missing.is_empty() && extra.is_empty() {
                continue;
            }
            let id = seg.id_str(text);
            // Pair a missing and an extra item of the same kind (an element: of the same
            // name): a changed tag. The first missing one of that kind and name is taken.
            let kind_and_name = |tag: &HtmlTag| {
                let name = match tag.kind {
                    HtmlTagKind::Element => tag.name.slice(text).to_ascii_lowercase(),
                    _ => String::new(),
                };
                (tag.kind as u8, name)
            };
            let mut left = vec![true; missing.len()];
            let mut by_kind: HashMap<(u8, String), VecDeque<usize>> = HashMap::new();
            for (i, m) in missing.iter().enumerate() {
                by_kind
                    .entry(kind_and_name(m.tag))
                    .or_default()
                    .push_back(i);
            }
            let mut changed = Vec::new();
            extra.retain(|x| {
                match by_kind
                    .get_mut(&kind_and_name(x.tag))
                    .and_then(VecDeque::pop_front)
                {
                    Some(i) => {
                        left[i] = false;
                        changed.push((missing[i].tag, x.tag));
                        false
                    }
                    None => true,
                }
            });
            let missing: Vec<Item> = missing
                .into_iter()
                .zip(left)
                .filter_map(|(m, left)| left.then_some(m))
                .collect();
            for (m, x) in changed {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.range,
                        format!(
                            "{} `{}` differs from the source's `{}`",
                            describe(x),
                            x.range.slice(text),
                            m.range.slice(text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.range, format!("the source's {}", describe(m))),
                );
            }
            for m in missing {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        target.trimmed_content(text),
                        format!(
                            "the target lacks the source's {} `{}`",
                            describe(m.tag),
                            m.tag.range.slice(text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.tag.range, format!("the source's {}", describe(m.tag))),
                );
            }
            for x in extra {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.tag.range,
                        format!(
                            "the target has {} the source does not: `{}`",
                            match x.tag.kind {
                                HtmlTagKind::Element => "an HTML tag",
                                HtmlTagKind::Xref => "a cross reference",
                                HtmlTagKind::Placeholder => "a placeholder",
                            },
                            x.tag.range.slice(text)
                        ),
                    )
                    .with_segment(id),
                );
            }
        }
    }
}
