use super::dnt_term_altered::name_issues;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt::{Misspelling, NameIssueKind};
use crate::rule::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a product or feature name from the do-not-translate list that the English
    /// source names and the target misspells: a run of Latin words one letter off the name
    /// (two in names of more than eight letters, Damerau–Levenshtein with transpositions)
    /// with the name's first letter (`SharePoint Onlien`, `Microsoft Temas`, `Intun1`), or
    /// the name with an ending glued on that the language does not glue to names
    /// (`Defender for Identitys`, `Outlooks` in French, `Outlookta` in Turkish, where the
    /// ending follows an apostrophe). Only where the target has none of the name's accepted
    /// forms; names of fewer than five letters (`Word`, `Mac`) are not looked for, and a
    /// run that is another listed name (`Windows 11`) or has other digits (`Office 2019`)
    /// is not a misspelling. A name translated, lowercased or dropped is
    /// `dnt-term-altered`'s (each defect is reported once).
    ///
    /// It reads the locale profile for the endings its language glues to names
    /// (`names.inflection`, `names.suffixes`, `names.joiners`, `names.dropped_final`:
    /// Polish `Teamsie`, Finnish `Outlookissa`, Turkish `Outlook'ta`, German genitive `s`
    /// are correct), the official local forms of names (`names.localized`) and letter case
    /// rules (`case`: Turkish `İ`/`ı`). Where the locale's conventions are unknown, no
    /// ending is reported.
    ///
    /// ## Why it matters
    /// A misspelled product name is a wrong name: readers search for it in vain, and it
    /// looks careless. Machine translation and hand edits leave such slips that a spell
    /// checker of the target language cannot see.
    ///
    /// ## Example
    /// `Abra SharePoint Onlien y seleccione el sitio.` for *Open SharePoint Online and
    /// select the site.*: `SharePoint Online` is misspelled `SharePoint Onlien`.
    pub struct DntNameMisspelled {
        name: "dnt-name-misspelled",
        category: Terminology,
        severity: Warning,
        summary: "A do-not-translate product name is misspelled or has an ending glued on in the target.",
        locale: "Reads `names.localized`, `names.inflection`, `names.suffixes`, `names.joiners`, `names.dropped_final` and `case`. Quiet with no locale and in English; where the endings are unknown, no ending is reported.",
    }
}

impl Rule for DntNameMisspelled {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = ctx.text();
        for issue in ctx.name_issues(name_issues) {
            let NameIssueKind::Misspelled { at, kind } = &issue.kind else {
                continue;
            };
            let name = &ctx.dnt.names[issue.name].name;
            let found = at.slice(text);
            let message = match kind {
                Misspelling::Typo => format!("\"{name}\" is misspelled \"{found}\""),
                Misspelling::Suffix(len) => {
                    let ending = &found[found.len().saturating_sub(*len)..];
                    format!(
                        "\"{name}\" has the ending \"{ending}\" glued on (\"{found}\"), which names do not take in this language"
                    )
                }
            };
            out.push(
                Diagnostic::new(&Self::META, *at, message)
                    .with_segment(issue.segment.slice(text))
                    .with_label(issue.source, "the name in the source"),
            );
        }
    }
}
