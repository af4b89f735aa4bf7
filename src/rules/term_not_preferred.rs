use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::locale::hangul;
use crate::rule::{Context, Rule};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports a known variant rendering of a glossary term where the glossary names a
    /// preferred one (for example 장치 where Korean Microsoft terminology says 디바이스),
    /// in segments whose English source names the term. The fix replaces the variant with
    /// the preferred rendering and, in Korean, adjusts a following particle (은/는, 이/가,
    /// 을/를, 과/와, 으로/로) to the new word.
    ///
    /// ## Why it matters
    /// Product terminology is fixed per language so that docs, UI and support articles
    /// agree; a reader who meets the UI's word in the docs finds the setting.
    ///
    /// ## Example
    /// `장치 쓰기 기록은` for *Device Writeback*: `쓰기 기록` is a variant of *writeback*;
    /// the preferred rendering is `쓰기 저장`.
    pub struct TermNotPreferred {
        name: "term-not-preferred",
        category: Terminology,
        severity: Info,
        summary: "A glossary term uses a known variant instead of the preferred rendering.",
        locale: "Reads `grammar.hangul_particles`: where particles follow a word's final consonant, a rendering with its particle still matches. The renderings come from the locale's glossary.",
    }
}

impl Rule for TermNotPreferred {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(glossary) = ctx.glossary else {
            return;
        };
        let text = ctx.text();
        // Nobody chose the preferred rendering of a term learned on the fly.
        for o in ctx
            .term_occurrences()
            .iter()
            .filter(|o| o.rendering != 0 && !glossary.concepts[o.concept].on_the_fly)
        {
            let concept = &glossary.concepts[o.concept];
            let variant = &concept.renderings[o.rendering];
            let preferred = concept.preferred();
            let mut edits = vec![Edit {
                range: o.range,
                content: preferred.to_string(),
            }];
            if ctx.profile.has_hangul_particles()
                && let Some((old, new)) = hangul::particle_change(preferred, &text[o.range.end()..])
            {
                edits.push(Edit {
                    range: TextRange::new(o.range.end(), o.range.end() + old.len()),
                    content: new.to_string(),
                });
            }
            let seg = &ctx.document.segments[o.segment];
            out.push(
                Diagnostic::new(
                    &Self::META,
                    o.range,
                    format!("\"{variant}\" is not the preferred rendering of \"{}\"; use \"{preferred}\"", concept.term),
                )
                .with_segment(seg.id_str(text))
                .with_fix(Fix {
                    message: format!("Replace with \"{preferred}\""),
                    edits,
                    applicability: Applicability::Safe,
                }),
            );
        }
    }
}
