use super::english::{self, WordKind};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt::DntList;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a target segment that is the English source, unchanged (after trimming and
    /// decoding entities), when that source is English prose a translator translates. Not
    /// reported: segments of names only (`SharePoint Online`, `Rights Management
    /// Services`), code, commands, URLs, file and host names, numbers and dates, list
    /// labels (`a.`), and sources not in English.
    ///
    /// ## Why it matters
    /// A sentence left in English in a translated article is a gap the reader of the
    /// localized page cannot read; machine translation leaves such segments behind when it
    /// fails on one.
    ///
    /// ## Example
    /// `<span data-ttu-id="…-105">Restart your computer.</span>` followed by the source
    /// `Restart your computer.` in a ko-KR article.
    pub struct UntranslatedSegment {
        name: "untranslated-segment",
        category: Untranslated,
        severity: Warning,
        summary: "A target segment repeats its English source sentence untranslated.",
        locale: "Reads whether the locale is the source language (English locales are not checked).",
    }
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an English source needs a translation: it reads as English prose, not as a
/// name, a command or a foreign-language sentence.
pub(super) fn needs_translation(list: &DntList, prose: &str) -> bool {
    let trimmed = prose.trim();
    // Commands: pipelines, variables, `-Parameter`s, a leading cmdlet or prompt.
    if trimmed.contains(['|', '$', '\\', '{']) || trimmed.contains(" -") {
        return false;
    }
    let shield: Vec<(usize, usize)> = list
        .find_ignore_case(prose)
        .iter()
        .map(|m| (m.start, m.end))
        .collect();
    // Looked up by binary search: a segment may hold thousands of names.
    let shielded = crate::text::SortedRanges::new(shield.clone());
    let tokens = english::tokens(prose);
    if tokens.first().is_some_and(|t| {
        let w = &prose[t.start..t.end];
        t.kind == WordKind::Neutral && w.contains('-') && w.starts_with(char::is_uppercase)
    }) {
        return false;
    }
    let words: Vec<_> = tokens
        .iter()
        .filter(|t| t.is_word())
        .filter(|t| !shielded.overlaps(t.start, t.end))
        .collect();
    let common: Vec<_> = words.iter().filter(|t| t.is_common()).collect();
    // Mostly words that are not English: another language (Portuguese, French…).
    if common.len() * 2 < words.len() {
        return false;
    }
    let connectors = common
        .iter()
        .filter(|t| english::is_connector(&prose[t.start..t.end].to_lowercase()))
        .count();
    let strong = english::runs(prose, &shield)
        .iter()
        .any(|r| r.is_strong(prose));
    strong && (common.len() >= 3 || (common.len() >= 2 && connectors >= 1))
}

impl Rule for UntranslatedSegment {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.profile.is_source_language() {
            return;
        }
        let text = ctx.text();
        for (seg, target, source) in ctx.document.pairs() {
            // Cheap test first: most targets differ from their source in their first word.
            let same = target
                .plain(text)
                .split_whitespace()
                .eq(source.plain(text).split_whitespace());
            if !same {
                continue;
            }
            let t = normalize(target.plain(text));
            if t.is_empty() {
                continue;
            }
            if !needs_translation(ctx.dnt, &source.prose(text)) {
                continue;
            }
            let range = target.trimmed_content(text);
            let shown: String = t.chars().take(60).collect();
            let ellipsis = if shown.len() < t.len() { "…" } else { "" };
            out.push(
                Diagnostic::new(
                    &Self::META,
                    range,
                    format!("segment is left in English: \"{shown}{ellipsis}\""),
                )
                .with_segment(seg.id_str(text))
                .with_label(source.content, "the English source it repeats"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::needs_translation;

    #[test]
    fn english_prose_needs_translation_names_and_code_do_not() {
        for s in [
            "Restart your computer.",
            "Verify your domain",
            "Here are some things you can try to fix the problem.",
            "Click **Invoices** then Email my invoice",
        ] {
            assert!(needs_translation(crate::dnt::builtin(), s), "{s}");
        }
        for s in [
            "SharePoint Online",
            "Rights Management Services",
            "8/21/2019",
            "a.",
            "Get-Mailbox <email address> -PublicFolder",
            "Search-Mailbox cmdlet",
            "Você pode pagar sua fatura com boleto bancário ou transferência bancária eletrônica.",
            "ns2.bdm.microsoftonline.com",
            "Microsoft 365 A5 compliance",
        ] {
            assert!(!needs_translation(crate::dnt::builtin(), s), "{s}");
        }
    }
}
