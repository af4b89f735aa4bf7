use super::link_url_mismatch::normalize_url;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Link, SegmentText};
use crate::rule::{Context, Rule};
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};

declare_rule! {
    /// ## What it does
    /// Compares the images `![alt](src)` of a target segment with those of its source
    /// and reports an image whose `src` changed, one missing from the target (or turned
    /// into a plain link by a lost `!`), and one the source does not have. A locale folder
    /// in the path (`/en-us/` → `/ko-kr/`) counts as the same image; the alt text is
    /// translated and not compared.
    ///
    /// It reads no locale convention: it works the same in every locale, known or not.
    ///
    /// ## Why it matters
    /// A changed `src` shows a broken image or the wrong screenshot; a lost `!` turns the
    /// picture into a link to the image file.
    ///
    /// ## Example
    /// ```markdown
    /// ![Azure AD Connect의 디바이스 옵션 페이지](media/device-writeback-ko.png)
    /// ```
    /// The source has `![Device options page in Azure AD Connect](media/device-writeback.png)`.
    pub struct ImageMismatch {
        name: "image-mismatch",
        category: Markup,
        severity: Warning,
        summary: "A target image's src differs from the source's, or an image is missing or extra.",
    }
}

impl Rule for ImageMismatch {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        let src = |l: &Link| normalize_url(l.url.slice(text));
        for (seg, target, source) in ctx.document.pairs() {
            let has_image = |s: &SegmentText| s.inlines.links.iter().any(|l| l.image);
            if !has_image(target) && !has_image(source) {
                continue;
            }
            let id = seg.id_str(text);
            // A segment may hold thousands of images: each target image takes the first
            // unpaired source image with its src from a queue per src, not from a scan.
            let images: Vec<&Link> = source.inlines.links.iter().filter(|l| l.image).collect();
            let mut images_by_src: HashMap<Cow<str>, VecDeque<usize>> = HashMap::new();
            for (i, m) in images.iter().enumerate() {
                images_by_src.entry(src(m)).or_default().push_back(i);
            }
            let mut paired = vec![false; images.len()];
            let mut extra: Vec<&Link> = Vec::new();
            for img in target.inlines.links.iter().filter(|l| l.image) {
                match images_by_src
                    .get_mut(src(img).as_ref())
                    .and_then(VecDeque::pop_front)
                {
                    Some(i) => paired[i] = true,
                    None => extra.push(img),
                }
            }
            let mut missing: Vec<&Link> = images
                .into_iter()
                .zip(paired)
                .filter(|(_, p)| !p)
                .map(|(m, _)| m)
                .collect();
            // A lost `!`: the target has a plain link to the missing image's src (the
            // first one not taken yet, by the same kind of queue).
            let mut links_by_src: HashMap<Cow<str>, VecDeque<&Link>> = HashMap::new();
            if !missing.is_empty() {
                for l in target
                    .inlines
                    .links
                    .iter()
                    .filter(|l| !l.image && !l.autolink)
                {
                    links_by_src.entry(src(l)).or_default().push_back(l);
                }
            }
            missing.retain(|m| {
                let Some(link) = links_by_src
                    .get_mut(src(m).as_ref())
                    .and_then(VecDeque::pop_front)
                else {
                    return true;
                };
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        link.range,
                        format!(
                            "the image `{}` became a plain link: the `!` before `[` is missing",
                            m.url.slice(text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.range, "the source's image"),
                );
                false
            });
            let pairs = missing.len().min(extra.len());
            for (m, x) in missing.iter().zip(&extra) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.url,
                        format!(
                            "image src `{}` differs from the source's `{}`",
                            x.url.slice(text),
                            m.url.slice(text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.url, "the source's image src"),
                );
            }
            for m in &missing[pairs..] {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        target.trimmed_content(text),
                        format!(
                            "the target lacks the source's image `{}`",
                            m.url.slice(text)
                        ),
                    )
                    .with_segment(id)
                    .with_label(m.range, "the source's image"),
                );
            }
            for x in &extra[pairs..] {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        x.range,
                        format!(
                            "the target has an image the source does not: `{}`",
                            x.url.slice(text)
                        ),
                    )
                    .with_segment(id),
                );
            }
        }
    }
}
