use super::link_url_mismatch::normalize_url;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Link, SegmentText};
use crate::rule::{Context, Rule};

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
        let src = |l: &Link| normalize_url(l.url.slice(text)).into_owned();
        for (seg, target, source) in ctx.document.pairs() {
            let has_image = |s: &SegmentText| s.inlines.links.iter().any(|l| l.image);
            if !has_image(target) && !has_image(source) {
                continue;
            }
            let id = seg.id_str(text);
            let mut missing: Vec<&Link> = source.inlines.links.iter().filter(|l| l.image).collect();
            let mut extra: Vec<&Link> = Vec::new();
            for img in target.inlines.links.iter().filter(|l| l.image) {
                let s = src(img);
                match missing.iter().position(|m| src(m) == s) {
                    Some(i) => {
                        missing.remove(i);
                    }
                    None => extra.push(img),
                }
            }
            // A lost `!`: the target has a plain link to the missing image's src.
            let mut links: Vec<&Link> = target
                .inlines
                .links
                .iter()
                .filter(|l| !l.image && !l.autolink)
                .collect();
            missing.retain(|m| {
                let s = src(m);
                let Some(i) = links.iter().position(|l| src(l) == s) else {
                    return true;
                };
                let link = links.remove(i);
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
