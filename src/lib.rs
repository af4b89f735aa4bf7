//! loclint: a linter for side-by-side localized Markdown documentation.
//!
//! A file is parsed once into a [`document::Document`]; [`rules`] read it and report
//! [`diagnostic::Diagnostic`]s with exact byte ranges; [`output`] formats render them.

pub mod allocator;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod dnt;
pub mod document;
pub mod editor;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod glossary;
pub mod incremental;
pub mod inputs;
pub mod locale;
pub mod output;
pub mod project;
#[cfg(test)]
pub(crate) mod random;
pub mod rule;
pub mod rules;
pub mod run;
pub mod server;
pub mod show_settings;
pub mod suggest;
pub mod suppress;
pub mod terms;
pub mod text;
