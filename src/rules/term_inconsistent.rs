use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// For every glossary concept, counts how the file renders it in the segments whose
    /// English source names it (`rules/terms/<locale>.yaml` lists the known renderings),
    /// and reports a file that uses more than one: one finding per concept that names each
    /// rendering with its count and labels every occurrence. With `--learn` (or `learn =
    /// true`), `check` also learns each locale's terminology from the files it checks (see
    /// `loclint terms learn`) and reports terms no glossary lists whose learned renderings
    /// vary in a file, at `info` (their judged precision, docs/terms.md, is below a
    /// warning's): the places are the learner's alignments, compared only where their
    /// English contexts do not tell the renderings apart, never forms of one word, terms
    /// inside longer terms, set phrases or words of everyday English. The profile's word
    /// endings, prefixes, function words and `inflection_letters` shape what is learned; a
    /// locale without them is read word by word.
    ///
    /// ## Why it matters
    /// One English term rendered three ways in one article reads as three different
    /// things: readers cannot tell that "쓰기백", "쓰기 기록" and "쓰기 저장소" are all
    /// "writeback", and searching the article for one misses the others.
    ///
    /// ## Example
    /// The Korean "Device Writeback" article renders *writeback* as 쓰기백 (1×),
    /// 쓰기 기록 (3×) and 쓰기 저장소 (1×), and *device* as 장치 and 디바이스.
    pub struct TermInconsistent {
        name: "term-inconsistent",
        category: Terminology,
        severity: Warning,
        summary: "One English term is rendered in more than one way in a file.",
        locale: "Reads the profile of the glossary's locale: `word_spaces` (without spaces, renderings match anywhere; otherwise at the start of a word) and the writing system. The renderings come from the locale's glossary.",
    }
}

/// The severity of a finding about a term learned on the fly (no glossary lists it): its
/// judged precision (docs/terms.md) is 86–91 % by locale, below a warning's 90 % in most.
pub const LEARNED_SEVERITY: crate::diagnostic::Severity = crate::diagnostic::Severity::Info;

impl Rule for TermInconsistent {
    super::rule_meta!();

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(glossary) = ctx.glossary else {
            return;
        };
        let text = ctx.text();
        let occurrences = ctx.term_occurrences();
        let mut concepts: Vec<usize> = occurrences.iter().map(|o| o.concept).collect();
        concepts.sort_unstable();
        concepts.dedup();
        for concept in concepts {
            let found: Vec<_> = occurrences
                .iter()
                .filter(|o| o.concept == concept)
                .collect();
            // (rendering, count, first position), most used first, then file order.
            let mut usage: Vec<(usize, usize, u32)> = Vec::new();
            for o in &found {
                match usage.iter_mut().find(|u| u.0 == o.rendering) {
                    Some(u) => u.1 += 1,
                    None => usage.push((o.rendering, 1, o.range.start)),
                }
            }
            if usage.len() < 2 {
                continue;
            }
            // Most used first; on a tie the preferred rendering leads, so the finding points
            // at a variant.
            usage.sort_by_key(|&(r, n, first)| (std::cmp::Reverse(n), r != 0, first));
            let c = &glossary.concepts[concept];
            let list: Vec<String> = usage
                .iter()
                .map(|&(r, n, _)| format!("\"{}\" ({n}×)", c.renderings[r]))
                .collect();
            // The finding points at a rendering to change: the first non-preferred one when
            // the file uses the preferred rendering, else one other than the most common.
            let dominant = if usage.iter().any(|u| u.0 == 0) {
                0
            } else {
                usage[0].0
            };
            let primary = found
                .iter()
                .find(|o| o.rendering != dominant)
                .expect("two renderings");
            let seg = &ctx.document.segments[primary.segment];
            let mut d = Diagnostic::new(
                &Self::META,
                primary.range,
                format!(
                    "\"{}\" is rendered {} ways in this file: {} (preferred: \"{}\")",
                    c.term,
                    usage.len(),
                    list.join(", "),
                    c.preferred()
                ),
            )
            .with_segment(seg.id_str(text));
            if c.on_the_fly {
                d.severity = LEARNED_SEVERITY;
            }
            for o in found.iter().filter(|o| o.range != primary.range) {
                d = d.with_label(o.range, format!("\"{}\"", c.renderings[o.rendering]));
            }
            out.push(d);
        }
    }
}
