//! The rule interface, rule metadata and the context rules read.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dnt::{DntList, NameIssue};
use crate::document::Document;
use crate::glossary::{Glossary, TermOccurrence};
use crate::locale::LocaleProfile;
use crate::project::{Project, ProjectDiagnostic};
use std::path::Path;
use std::sync::OnceLock;

/// Rule families; `--select`/`--ignore` accept these names as well as rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Encoding,
    Structure,
    Links,
    Markup,
    Numbers,
    Untranslated,
    Whitespace,
    Punctuation,
    Terminology,
    FrontMatter,
    Consistency,
    Suppression,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::Encoding,
        Category::Structure,
        Category::Links,
        Category::Markup,
        Category::Numbers,
        Category::Untranslated,
        Category::Whitespace,
        Category::Punctuation,
        Category::Terminology,
        Category::FrontMatter,
        Category::Consistency,
        Category::Suppression,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Encoding => "encoding",
            Category::Structure => "structure",
            Category::Links => "links",
            Category::Markup => "markup",
            Category::Numbers => "numbers",
            Category::Untranslated => "untranslated",
            Category::Whitespace => "whitespace",
            Category::Punctuation => "punctuation",
            Category::Terminology => "terminology",
            Category::FrontMatter => "front-matter",
            Category::Consistency => "consistency",
            Category::Suppression => "suppression",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Static facts about a rule. `doc` is the rule's own doc comment. Rules are told apart
/// by `name` (unique, checked by a test), never by the address of their `META`: each use
/// of a constant may be a copy of its own.
#[derive(Debug)]
pub struct RuleMeta {
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
    /// How the rule depends on the locale profile (which facts it reads, what it does
    /// where they are unknown); None for rules that work the same in every locale.
    pub locale: Option<&'static str>,
}

impl RuleMeta {
    /// The doc comment as Markdown, without the one space rustdoc keeps after `///`.
    pub fn doc_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// How the rule depends on the locale profile, in a sentence or two.
    pub fn locale_note(&self) -> &'static str {
        self.locale.unwrap_or("Works the same in every locale.")
    }

    /// The doc comment followed by its `## Locale` section: what `explain`,
    /// the generated docs and SARIF's rule help print.
    pub fn doc_with_locale(&self) -> String {
        format!(
            "{}\n## Locale\n\n{}\n",
            self.doc_markdown(),
            self.locale_note()
        )
    }
}

/// What a rule may read about the file being checked.
pub struct Context<'a> {
    pub path: &'a Path,
    pub document: &'a Document<'a>,
    /// The locale of the document (front matter, path or `--locale`), if known.
    pub locale: Option<&'a str>,
    /// What the locale's language and script do; every rule reads conventions here.
    pub profile: &'a LocaleProfile,
    /// The glossary for the document's locale, if one is known.
    pub glossary: Option<&'a Glossary>,
    /// Product and feature names that stay untranslated (built-in plus configured).
    pub dnt: &'a DntList,
    terms: OnceLock<Vec<TermOccurrence>>,
    names: OnceLock<Vec<NameIssue>>,
}

impl<'a> Context<'a> {
    pub fn new(
        path: &'a Path,
        document: &'a Document<'a>,
        locale: Option<&'a str>,
        profile: &'a LocaleProfile,
        glossary: Option<&'a Glossary>,
    ) -> Self {
        Context {
            path,
            document,
            locale,
            profile,
            glossary,
            dnt: crate::dnt::builtin(),
            terms: OnceLock::new(),
            names: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.document.text
    }

    /// Glossary terms found in the document, computed once for all terminology rules.
    pub fn term_occurrences(&self) -> &[TermOccurrence] {
        self.terms.get_or_init(|| {
            self.glossary
                .map(|g| g.occurrences(self.document))
                .unwrap_or_default()
        })
    }

    /// Gives the glossary terms found in the document, when they are known already (the
    /// language server keeps each segment's between checks): they must be what
    /// [`Context::term_occurrences`] would find. Does nothing once they were computed.
    pub(crate) fn preset_term_occurrences(&self, occurrences: Vec<TermOccurrence>) {
        let _ = self.terms.set(occurrences);
    }

    /// Do-not-translate names that targets lost or altered, computed once (by `compute`)
    /// for the rules that report them.
    pub fn name_issues(&self, compute: fn(&Context<'_>) -> Vec<NameIssue>) -> &[NameIssue] {
        self.names.get_or_init(|| compute(self))
    }
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks the raw bytes before any parsing; a rule that reports here stops the file
    /// from being parsed (it is not text the other rules could read).
    fn check_bytes(&self, _bytes: &[u8], _out: &mut Vec<Diagnostic>) {}

    /// Checks the parsed document.
    fn check(&self, _ctx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Whether the rule looks at one segment at a time: what it reports is what it reports
    /// for each segment on its own, in the order of the segments, and what it reports for
    /// a segment depends only on that segment (its target and source as parsed, its block,
    /// the text of its lines), on the file's path, locale, profile, glossary and
    /// do-not-translate list, and on the settings; never on other segments, the front
    /// matter, the markup issues or the document as a whole. Checked on a document whose
    /// `segments` hold only one segment, it reports exactly what it reports for that segment
    /// in the whole document, with ranges inside that segment's lines. The language server
    /// checks such rules again only on the segments an edit changed (see
    /// `crate::incremental`, whose tests compare that with full checks over random edits).
    fn segment_local(&self) -> bool {
        false
    }

    /// Whether the rule compares files (then facts are kept from every file for it).
    fn needs_project(&self) -> bool {
        false
    }

    /// Checks across files, after every file was checked.
    fn check_project(&self, _project: &Project, _out: &mut Vec<ProjectDiagnostic>) {}
}

/// Declares a rule type whose metadata (including its doc comment) is available at run time.
#[macro_export]
macro_rules! declare_rule {
    (@opt) => { None };
    (@opt $text:literal) => { Some($text) };
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            summary: $summary:literal
            $(, locale: $locale:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $ty;

        impl $ty {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                name: $name,
                category: $crate::rule::Category::$category,
                default_severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                locale: $crate::declare_rule!(@opt $($locale)?),
            };
        }
    };
}
