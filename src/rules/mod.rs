//! Every rule, registered in one list.

use crate::rule::Rule;

mod broken_link_syntax;
mod cross_locale;
mod cross_locale_hash_mismatch;
mod cross_locale_segments_mismatch;
mod cross_locale_source_mismatch;
mod duplicate_id;
mod empty_link_text;
mod empty_target;
mod front_matter_invalid;
mod front_matter_missing_key;
mod id_mismatch;
mod id_prefix_mismatch;
mod invalid_encoding;
mod invalid_locale;
mod link_url_mismatch;
mod malformed_id;
mod missing_source;
mod missing_target;
mod segment_translated_inconsistently;
mod stray_span_close;
mod term_inconsistent;
mod term_inconsistent_across_files;
mod term_not_preferred;
mod unclosed_span;
mod untranslated_title;
mod unused_suppression;
// [markup and numbers rules: mod lines]
mod emphasis_mismatch;
mod emphasis_not_rendered;
mod emphasis_swallowed_ending;
mod escape_mismatch;
mod html_misnested;
mod html_tag_mismatch;
mod image_mismatch;
mod inline_code_mismatch;
mod missing_space_around_markup;
mod number_mismatch;
// [untranslated, do-not-translate and link-text rules: mod lines]
mod dnt_name_misspelled;
mod dnt_term_altered;
mod english;
mod link_text_swallowed_ending;
mod link_text_untranslated;
mod links_fused;
mod untranslated_segment;
mod untranslated_words;
// [whitespace, punctuation and anchor rules: mod lines]
mod anchor_mismatch;
mod double_space;
mod ending_punctuation;
mod foreign_space;
mod halfwidth_punctuation;
mod invisible_character;
mod missing_space_after_sentence;
mod space_around_fullwidth_punctuation;
mod space_before_punctuation;
mod unbalanced_brackets;
mod whitespace_edge;

pub use invalid_encoding::InvalidEncoding;
pub(crate) use invalid_locale::locale_problem;
pub use segment_translated_inconsistently::SegmentTranslatedInconsistently;
pub use term_inconsistent::{LEARNED_SEVERITY, TermInconsistent};
pub use term_inconsistent_across_files::TermInconsistentAcrossFiles;
pub use unused_suppression::UnusedSuppression;

/// All rules, in the order `loclint rules` lists them.
pub static ALL: &[&dyn Rule] = &[
    &invalid_encoding::InvalidEncoding,
    &missing_source::MissingSource,
    &missing_target::MissingTarget,
    &id_mismatch::IdMismatch,
    &duplicate_id::DuplicateId,
    &malformed_id::MalformedId,
    &id_prefix_mismatch::IdPrefixMismatch,
    &unclosed_span::UnclosedSpan,
    &stray_span_close::StraySpanClose,
    &empty_target::EmptyTarget,
    &link_url_mismatch::LinkUrlMismatch,
    &empty_link_text::EmptyLinkText,
    &broken_link_syntax::BrokenLinkSyntax,
    // [link-text rules: ALL entries]
    &link_text_untranslated::LinkTextUntranslated,
    &link_text_swallowed_ending::LinkTextSwallowedEnding,
    &links_fused::LinksFused,
    // [markup and numbers rules: ALL entries]
    &emphasis_not_rendered::EmphasisNotRendered,
    &emphasis_mismatch::EmphasisMismatch,
    &emphasis_swallowed_ending::EmphasisSwallowedEnding,
    &escape_mismatch::EscapeMismatch,
    &inline_code_mismatch::InlineCodeMismatch,
    &html_tag_mismatch::HtmlTagMismatch,
    &html_misnested::HtmlMisnested,
    &image_mismatch::ImageMismatch,
    &missing_space_around_markup::MissingSpaceAroundMarkup,
    &number_mismatch::NumberMismatch,
    // [untranslated and do-not-translate rules: ALL entries]
    &untranslated_segment::UntranslatedSegment,
    &dnt_term_altered::DntTermAltered,
    &dnt_name_misspelled::DntNameMisspelled,
    &untranslated_words::UntranslatedWords,
    // [whitespace, punctuation and anchor rules: ALL entries]
    &whitespace_edge::WhitespaceEdge,
    &double_space::DoubleSpace,
    &invisible_character::InvisibleCharacter,
    &ending_punctuation::EndingPunctuation,
    &unbalanced_brackets::UnbalancedBrackets,
    &halfwidth_punctuation::HalfwidthPunctuation,
    &space_before_punctuation::SpaceBeforePunctuation,
    &missing_space_after_sentence::MissingSpaceAfterSentence,
    &space_around_fullwidth_punctuation::SpaceAroundFullwidthPunctuation,
    &foreign_space::ForeignSpace,
    &anchor_mismatch::AnchorMismatch,
    &term_inconsistent::TermInconsistent,
    &term_not_preferred::TermNotPreferred,
    &front_matter_invalid::FrontMatterInvalid,
    &front_matter_missing_key::FrontMatterMissingKey,
    &invalid_locale::InvalidLocale,
    &untranslated_title::UntranslatedTitle,
    &unused_suppression::UnusedSuppression,
    &cross_locale_source_mismatch::CrossLocaleSourceMismatch,
    &cross_locale_segments_mismatch::CrossLocaleSegmentsMismatch,
    &cross_locale_hash_mismatch::CrossLocaleHashMismatch,
    &segment_translated_inconsistently::SegmentTranslatedInconsistently,
    &term_inconsistent_across_files::TermInconsistentAcrossFiles,
];

pub fn find(name: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().name == name)
}

/// Implements `Rule::meta` for a rule declared with `declare_rule!`.
macro_rules! rule_meta {
    () => {
        fn meta(&self) -> &'static $crate::rule::RuleMeta {
            &Self::META
        }
    };
}
pub(crate) use rule_meta;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for rule in ALL {
            let meta = rule.meta();
            assert!(seen.insert(meta.name), "duplicate rule name {}", meta.name);
            assert!(
                meta.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                meta.name
            );
            let doc = meta.doc_markdown();
            for part in ["## What it does", "## Why it matters", "## Example"] {
                assert!(doc.contains(part), "{} doc lacks {part}", meta.name);
            }
        }
    }
}
