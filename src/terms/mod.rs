//! Terminology learned from the aligned text. Every segment pairs a target with its
//! English source, so the files themselves say how each English term has been rendered:
//! `loclint terms learn` prints what they say as a glossary to review, and `check` learns
//! the same on the fly from the files it checks when no learned glossary is configured,
//! so `term-inconsistent` and `term-inconsistent-across-files` work in every locale.
//!
//! - [`facts`]: what is kept of each file (the words of both sides, structural pairs);
//! - [`english`]: source words, their usual case, term candidates;
//! - [`target`]: target tokens as the locale's profile says (words and stems, or
//!   characters in scripts without spaces);
//! - [`learn`]: statistics and competitive linking;
//! - [`output`]: the glossary YAML; [`cli`]: `loclint terms learn`; [`check`]: on-the-fly
//!   learning before `check` runs its rules.

pub mod check;
pub mod cli;
pub mod english;
pub mod facts;
pub mod findings;
pub mod hash;
pub mod learn;
pub mod output;
pub mod target;
