//! Finds the files to check, checks them in parallel and collects their reports.

use crate::config::{FileConfig, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dnt::DntList;
use crate::document::Document;
use crate::glossary::{self, Glossary};
use crate::locale::{self, LocaleProfile, Registry};
use crate::project::{FileFacts, Project};
use crate::rule::{Category, Context, Rule, RuleMeta};
use crate::rules;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `LOCLINT_PROFILE=1`: time spent in each rule's per-file check, summed over all threads
/// and printed to stderr at exit (for finding where a run's time goes).
pub mod timing {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    use std::time::Duration;

    pub fn enabled() -> bool {
        static ON: OnceLock<bool> = OnceLock::new();
        *ON.get_or_init(|| std::env::var_os("LOCLINT_PROFILE").is_some())
    }

    fn table() -> &'static Mutex<HashMap<&'static str, Duration>> {
        static T: OnceLock<Mutex<HashMap<&'static str, Duration>>> = OnceLock::new();
        T.get_or_init(Default::default)
    }

    pub fn add(rule: &'static str, spent: Duration) {
        *table()
            .lock()
            .expect("profile table")
            .entry(rule)
            .or_default() += spent;
    }

    /// Prints the table, slowest first.
    pub fn report() {
        if !enabled() {
            return;
        }
        let table = table().lock().expect("profile table");
        let mut rows: Vec<_> = table.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1));
        for (rule, spent) in rows {
            eprintln!("{:>9.2} ms  {rule}", spent.as_secs_f64() * 1e3);
        }
    }
}

/// Files larger than this are reported, not read: a Markdown article is never this big.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A rule name or a category, as `--select`/`--ignore` take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    Rule(&'static str),
    Category(Category),
    All,
}

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        if let Some(rule) = rules::find(s) {
            return Ok(Selector::Rule(rule.meta().name));
        }
        if let Some(c) = Category::parse(s) {
            return Ok(Selector::Category(c));
        }
        match crate::suggest::rule_or_category(s) {
            Some(close) => Err(format!(
                "unknown rule or category `{s}`; did you mean `{close}`? (`loclint rules` lists them)"
            )),
            None => Err(format!(
                "unknown rule or category `{s}` (see `loclint rules`; categories: {})",
                Category::ALL.map(|c| c.as_str()).join(", ")
            )),
        }
    }

    fn matches(self, rule: &dyn Rule) -> bool {
        self.matches_meta(rule.meta())
    }

    pub fn matches_meta(self, meta: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Rule(name) => meta.name == name,
            Selector::Category(c) => meta.category == c,
        }
    }
}

#[derive(Clone, Default)]
pub struct Settings {
    /// Only these rules (None: all).
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    /// The locale when neither the front matter nor the path names one.
    pub locale: Option<String>,
    /// What the file's `loclint.toml` adds (severities, locale patterns, data files).
    pub config: Option<Arc<FileConfig>>,
    /// `--learn` or `learn = true`: terminology is learned on the fly (off by default: it
    /// triples the time of a check, and its findings are less precise than a glossary's).
    /// None: neither the command line nor a configuration said.
    pub learn: Option<bool>,
    /// Glossaries `check` learned on the fly (see `terms::check`), shared by the run.
    pub learned: crate::terms::check::OnTheFly,
}

impl Settings {
    pub fn enabled_rules(&self) -> Vec<&'static dyn Rule> {
        rules::ALL
            .iter()
            .copied()
            .filter(|r| match &self.select {
                Some(sel) => sel.iter().any(|s| s.matches(*r)),
                None => true,
            })
            .filter(|r| !self.ignore.iter().any(|s| s.matches(*r)))
            .filter(|r| self.severity_of(r.meta()).is_some())
            .collect()
    }

    /// The severity a rule reports at here (None: turned off in the configuration).
    pub fn severity_of(&self, meta: &RuleMeta) -> Option<Severity> {
        match self.config.as_ref().and_then(|c| c.severity.get(meta.name)) {
            Some(level) => *level,
            None => Some(meta.default_severity),
        }
    }

    /// The severity a rule reports at in a file of this locale when it is not the rule's
    /// own choice: the configuration's `[severity]`, else the profile's adjustment for the
    /// rule. None: the rule decides; Some(None): the rule is off here.
    pub fn level_in(&self, meta: &RuleMeta, profile: &LocaleProfile) -> Option<Option<Severity>> {
        if let Some(level) = self.config.as_ref().and_then(|c| c.severity.get(meta.name)) {
            return Some(*level);
        }
        let adjustment = profile.rule_adjustment(meta.name)?;
        Some(Severity::parse(&adjustment.severity))
    }

    /// The glossary for a locale: the one learned on the fly for it (written terms plus
    /// learned ones), else the configuration's (built-in terms plus its files), or the
    /// built-in one.
    pub fn glossary(&self, locale: &str) -> Option<&'static Glossary> {
        let key = crate::terms::check::config_key(self);
        self.learned
            .get(locale, key)
            .or_else(|| self.glossary_written(locale))
    }

    /// The glossary for a locale without what `check` learned on the fly.
    pub fn glossary_written(&self, locale: &str) -> Option<&'static Glossary> {
        self.config
            .as_ref()
            .and_then(|c| c.glossaries.get(&locale.to_ascii_lowercase()).copied())
            .or_else(|| glossary::builtin(locale))
    }

    /// Whether the configuration names a learned glossary (`loclint terms learn`) for the
    /// locale: then that reviewed file is the locale's terminology.
    pub fn learned_glossary_configured(&self, locale: &str) -> bool {
        self.config.as_ref().is_some_and(|c| {
            c.learned_glossaries
                .iter()
                .any(|l| l.eq_ignore_ascii_case(locale))
        })
    }

    /// The locale profiles: the configuration's (built-in ones with its overrides), or the
    /// built-in ones.
    pub fn profiles(&self) -> &Registry {
        self.config
            .as_ref()
            .and_then(|c| c.profiles.as_deref())
            .unwrap_or_else(|| locale::builtin())
    }

    /// The profile of a locale (an unknown one when there is none).
    pub fn profile(&self, locale: Option<&str>) -> Arc<LocaleProfile> {
        self.profiles().resolve_opt(locale)
    }

    pub fn dnt(&self) -> &'static DntList {
        self.config
            .as_ref()
            .and_then(|c| c.dnt)
            .unwrap_or_else(crate::dnt::builtin)
    }
}

/// The outcome of checking one file.
pub struct FileReport {
    pub path: PathBuf,
    /// The file's locale, when one is known (front matter, configuration, path, default).
    pub locale: Option<String>,
    /// The file's text (invalid UTF-8 replaced), kept only when there is something to show.
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read at all.
    pub error: Option<String>,
    /// What the cross-file rules need from this file, when any of them is enabled.
    pub facts: Option<FileFacts>,
}

impl FileReport {
    /// A file that could not be read or checked at all.
    pub fn failed(path: &Path, error: String) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            locale: None,
            source: String::new(),
            diagnostics: Vec::new(),
            error: Some(error),
            facts: None,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A locale named by the path: a folder such as `ko-KR/` or a name such as `x.ko-KR.md`.
/// Tags with a script (`sr-Latn-RS`, `zh-Hant`), a numeric region (`es-419`) or a
/// three-letter language (`fil-PH`) count too; see [`path_names_locale`].
pub fn locale_from_path(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if let Some((_, tail)) = stem.rsplit_once('.')
        && path_names_locale(tail)
    {
        return Some(tail.to_string());
    }
    path.parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| path_names_locale(c))
        .map(str::to_string)
}

/// Whether a folder or file-name part is a locale tag. Paths hold many short hyphenated
/// words (`how-to`, `add-in`, `set-up`), so the test is stricter than the tag grammar:
/// a lowercase language and a region or script, nothing else; a two-letter language
/// must be an ISO 639-1 code (`ko-kr`, `es-419`); a three-letter one needs an uppercase
/// or numeric region (`fil-PH`, `prs-AF`); a script must be a known writing system
/// (`sr-Latn-RS`, `zh-Hant`).
pub fn path_names_locale(s: &str) -> bool {
    if s.contains('_') || s.ends_with('-') {
        return false;
    }
    let Some(tag) = crate::locale::Tag::parse(s) else {
        return false;
    };
    let parts = s.split('-').count();
    if parts != 1 + usize::from(tag.script.is_some()) + usize::from(tag.region.is_some())
        || parts == 1
    {
        return false;
    }
    let lang = s.split('-').next().unwrap_or("");
    if !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    if let Some(script) = &tag.script
        && !crate::locale::builtin()
            .writing_systems()
            .contains_key(script.as_str())
    {
        return false;
    }
    let region_as_written = s.rsplit('-').next().unwrap_or("");
    if lang.len() == 3 && tag.script.is_none() {
        let upper_or_digits = region_as_written
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !upper_or_digits {
            return false;
        }
    }
    crate::rules::locale_problem(s).is_none()
}

/// Where a file's locale came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocaleSource {
    /// `ms.contentlocale` in the front matter.
    FrontMatter,
    /// A `[locales]` pattern of a configuration file.
    Pattern { file: PathBuf, pattern: String },
    /// A folder or file name such as `ko-KR/` or `x.ko-KR.md`.
    Path,
    /// `--locale`, or `locale` in a configuration file.
    Default,
}

/// The locale of a file and where it came from: the front matter's (when it is a valid
/// tag), a `[locales]` pattern's, the path's, else the default (`--locale`, `locale`).
pub fn resolve_locale(
    front_matter: Option<&str>,
    path: &Path,
    settings: &Settings,
) -> Option<(String, LocaleSource)> {
    if let Some(l) = front_matter.filter(|l| crate::rules::locale_problem(l).is_none()) {
        return Some((l.to_string(), LocaleSource::FrontMatter));
    }
    if let Some(p) = settings
        .config
        .as_ref()
        .and_then(|c| c.locale_pattern(path))
    {
        let source = LocaleSource::Pattern {
            file: p.file.clone(),
            pattern: p.text.clone(),
        };
        return Some((p.locale.clone(), source));
    }
    if let Some(l) = locale_from_path(path) {
        return Some((l, LocaleSource::Path));
    }
    settings.locale.clone().map(|l| (l, LocaleSource::Default))
}

/// A file's locale, wherever it came from (see [`resolve_locale`]).
pub fn file_locale(document: &Document<'_>, path: &Path, settings: &Settings) -> Option<String> {
    resolve_locale(document.locale(), path, settings).map(|(l, _)| l)
}

/// Checks one file's bytes with the given rules.
pub fn check_source(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> FileReport {
    // A bug in one rule must not take the other files down with it: the file is reported
    // as not checked (exit 2) and the run goes on.
    let run = std::panic::AssertUnwindSafe(|| check_source_unguarded(path, bytes, rules, settings));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        FileReport::failed(
            path,
            format!("internal error while checking this file ({what}); please report it"),
        )
    })
}

fn check_source_unguarded(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> FileReport {
    let mut diagnostics = Vec::new();
    for rule in rules {
        rule.check_bytes(bytes, &mut diagnostics);
    }
    // simdutf8 validates several times faster than std; std's error is only needed to
    // locate invalid bytes, which the invalid-encoding rule does.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) if diagnostics.is_empty() => text,
        _ => {
            // Not text the rules can read: report what the byte checks found.
            if diagnostics.is_empty() {
                // invalid-encoding was not selected; still say why the file was skipped.
                rules::InvalidEncoding.check_bytes(bytes, &mut diagnostics);
            }
            return FileReport {
                path: path.to_path_buf(),
                locale: resolve_locale(None, path, settings).map(|(l, _)| l),
                source: String::from_utf8_lossy(bytes).into_owned(),
                diagnostics,
                error: None,
                facts: None,
            };
        }
    };
    let document = Document::parse(text);
    let locale = resolve_locale(document.locale(), path, settings).map(|(l, _)| l);
    let glossary = locale.as_deref().and_then(|l| settings.glossary(l));
    let profile = settings.profile(locale.as_deref());
    let mut ctx = Context::new(path, &document, locale.as_deref(), &profile, glossary);
    ctx.dnt = settings.dnt();
    for rule in rules {
        let level = settings.level_in(rule.meta(), &profile);
        if level == Some(None) {
            continue;
        }
        let first = diagnostics.len();
        if timing::enabled() {
            let started = std::time::Instant::now();
            rule.check(&ctx, &mut diagnostics);
            timing::add(rule.meta().name, started.elapsed());
        } else {
            rule.check(&ctx, &mut diagnostics);
        }
        if let Some(Some(severity)) = level {
            for d in &mut diagnostics[first..] {
                d.severity = severity;
            }
        }
    }
    if !document.suppressions.is_empty() {
        let unused = crate::suppress::apply(&document, rules, &mut diagnostics);
        if rules
            .iter()
            .any(|r| r.meta().name == rules::UnusedSuppression::META.name)
        {
            diagnostics.extend(unused.iter().map(rules::UnusedSuppression::diagnostic));
        }
    }
    let facts = rules.iter().any(|r| r.needs_project()).then(|| {
        // Term renderings are kept only for the rule that compares them across files.
        let terms_needed = rules
            .iter()
            .any(|r| r.meta().name == rules::TermInconsistentAcrossFiles::META.name);
        let terms = if terms_needed {
            ctx.term_occurrences()
        } else {
            &[]
        };
        FileFacts::gather(path, &document, locale.as_deref(), glossary, terms)
    });
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.name).cmp(&(b.range.start, b.range.end, b.rule.name))
    });
    FileReport {
        path: path.to_path_buf(),
        locale,
        source: if diagnostics.is_empty() {
            String::new()
        } else {
            text.to_string()
        },
        diagnostics,
        error: None,
        facts,
    }
}

/// Reads and checks one file; unreadable files become reports with an error.
pub fn check_file(path: &Path, rules: &[&'static dyn Rule], settings: &Settings) -> FileReport {
    let failed = |error: String| FileReport::failed(path, error);
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return failed(e.to_string()),
    };
    match file.metadata() {
        Ok(meta) if meta.len() > MAX_FILE_SIZE => {
            return failed(format!(
                "file is too large to be a Markdown article ({} MiB; the limit is {} MiB)",
                meta.len() >> 20,
                MAX_FILE_SIZE >> 20
            ));
        }
        Ok(meta) if meta.is_dir() => return failed("is a directory".into()),
        Err(e) => return failed(e.to_string()),
        Ok(_) => {}
    }
    // One read buffer per thread: fresh buffers for thousands of files cost page faults.
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        match std::io::Read::read_to_end(&mut file, buf) {
            Ok(_) => check_source(path, buf, rules, settings),
            Err(e) => failed(e.to_string()),
        }
    })
}

/// The path without `.` components, so `./a.md` and `a.md` are one file.
fn normalize(path: &Path) -> PathBuf {
    let clean: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if clean.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        clean
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The files named or found below the given paths: folders are walked (respecting
/// `.gitignore` and hidden files) for Markdown files; files named directly are always
/// checked. Paths that do not exist come back as errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push((p.clone(), e.to_string())),
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder.require_git(false);
        let found = std::sync::Mutex::new(Vec::new());
        let walk_errors = std::sync::Mutex::new(Vec::new());
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()) =>
                    {
                        found.lock().unwrap().push(e.into_path());
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => path.clone(),
                            _ => PathBuf::new(),
                        };
                        walk_errors.lock().unwrap().push((path, err.to_string()));
                    }
                }
                ignore::WalkState::Continue
            })
        });
        files.extend(found.into_inner().unwrap());
        errors.extend(walk_errors.into_inner().unwrap());
    }
    let mut files: Vec<PathBuf> = files.iter().map(|p| normalize(p)).collect();
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    files.dedup();
    // One file named two ways (`a.md` and `/abs/a.md`, or inside two given folders) is
    // checked once, under the first name. One given path cannot name a file twice.
    // Compared as absolute paths with `.`/`..` resolved by name: no file-system calls.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        files.retain(|p| seen.insert(crate::config::absolute(p)));
    }
    let mut seen_errors = std::collections::HashSet::new();
    errors.retain(|(p, _)| seen_errors.insert(p.clone()));
    (files, errors)
}

/// Checks every file in parallel, then runs the cross-file rules over the facts kept
/// from each; reports come back sorted by path.
pub fn check_files(files: &[PathBuf], settings: &Settings) -> Vec<FileReport> {
    check_files_with(files, &Resolver::new(settings.clone(), None))
}

/// Like `check_files`, with each file's settings from its configuration; files the
/// configuration excludes are skipped.
pub fn check_files_with(files: &[PathBuf], resolver: &Resolver) -> Vec<FileReport> {
    // Terminology learned from all the files before any is checked (a first pass that
    // keeps only segment texts; see terms::check).
    crate::terms::check::prepare(files, resolver);
    let mut reports: Vec<FileReport> = files
        .par_iter()
        .filter_map(|p| match resolver.settings_for(p) {
            Ok(settings) if settings.config.as_ref().is_some_and(|c| c.is_excluded(p)) => None,
            Ok(settings) => Some(check_file(p, &settings.enabled_rules(), &settings)),
            Err(error) => Some(FileReport::failed(p, error)),
        })
        .collect();
    let rules = resolver.base().enabled_rules();
    let project_rules: Vec<_> = rules.iter().filter(|r| r.needs_project()).collect();
    if project_rules.is_empty() {
        return reports;
    }
    let (facts, owners): (Vec<FileFacts>, Vec<usize>) = reports
        .iter_mut()
        .enumerate()
        .filter_map(|(i, r)| Some((r.facts.take()?, i)))
        .unzip();
    let owner_of: std::collections::HashMap<PathBuf, usize> = facts
        .iter()
        .zip(&owners)
        .map(|(f, &i)| (f.path.clone(), i))
        .collect();
    let project = Project::new(facts);
    // The cross-file rules are independent of one another: run them side by side.
    let found: Vec<_> = project_rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut out = Vec::new();
            let started = std::time::Instant::now();
            rule.check_project(&project, &mut out);
            if timing::enabled() {
                timing::add(rule.meta().name, started.elapsed());
            }
            out
        })
        .collect();
    for pd in found {
        let facts = &project.files[pd.file];
        let report = &mut reports[owner_of[&facts.path]];
        // The file's own configuration decides whether and how the rule reports there.
        let mut diagnostic = pd.diagnostic;
        if let Ok(settings) = resolver.settings_for(&report.path) {
            let enabled = settings
                .enabled_rules()
                .iter()
                .any(|r| r.meta().name == diagnostic.rule.name);
            match settings.severity_of(diagnostic.rule) {
                // The rule's own choice stands unless the configuration sets a severity.
                Some(severity) if enabled => {
                    let configured = settings
                        .config
                        .as_ref()
                        .is_some_and(|c| c.severity.contains_key(diagnostic.rule.name));
                    if configured || diagnostic.severity == diagnostic.rule.default_severity {
                        diagnostic.severity = severity;
                    }
                }
                _ => continue,
            }
        }
        if report.source.is_empty() {
            match std::fs::read_to_string(&report.path) {
                Ok(text) => report.source = text,
                Err(_) => continue,
            }
        }
        let mut one = vec![diagnostic];
        crate::suppress::apply_later(&report.source, &facts.suppressions, &mut one);
        report.diagnostics.extend(one);
    }
    for report in &mut reports {
        report.diagnostics.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule.name).cmp(&(
                b.range.start,
                b.range.end,
                b.rule.name,
            ))
        });
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_from_paths() {
        assert_eq!(
            locale_from_path(Path::new("corpus/ko-KR/a/b.md")).as_deref(),
            Some("ko-KR")
        );
        assert_eq!(
            locale_from_path(Path::new("docs/x.zh-TW.md")).as_deref(),
            Some("zh-TW")
        );
        assert_eq!(locale_from_path(Path::new("docs/how-to/x.md")), None);
        assert_eq!(locale_from_path(Path::new("x.md")), None);
    }

    #[test]
    fn locale_tags_with_script_numeric_region_or_three_letters() {
        for (path, want) in [
            ("docs/sr-Latn-RS/a.md", "sr-Latn-RS"),
            ("docs/sr-latn-rs/a.md", "sr-latn-rs"),
            ("docs/zh-Hant/a.md", "zh-Hant"),
            ("docs/zh-Hant-TW/a.md", "zh-Hant-TW"),
            ("docs/es-419/a.md", "es-419"),
            ("docs/fil-PH/a.md", "fil-PH"),
            ("docs/intro.sr-Latn-RS.md", "sr-Latn-RS"),
            ("docs/intro.es-419.md", "es-419"),
            ("docs/ko-kr/set-up/a.md", "ko-kr"),
        ] {
            assert_eq!(
                locale_from_path(Path::new(path)).as_deref(),
                Some(want),
                "{path}"
            );
        }
        // Hyphenated words are not locales: three letters with a lowercase "region", a
        // four-letter part that is no writing system, unknown two-letter languages.
        for path in [
            "docs/add-in/a.md",
            "docs/set-up/a.md",
            "docs/my-Docs/a.md",
            "docs/xx-YY/a.md",
            "docs/ko_KR/a.md",
            "docs/ko-KR-extra/a.md",
            "docs/sr-Latn-RS-/a.md",
            "docs/intro.add-on.md",
        ] {
            assert_eq!(locale_from_path(Path::new(path)), None, "{path}");
        }
    }

    #[test]
    fn dot_components_do_not_make_a_second_file() {
        assert_eq!(normalize(Path::new("./a/./b.md")), PathBuf::from("a/b.md"));
        assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
    }
}
