//! Finds the files to check, checks them in parallel and collects their reports.

use crate::config::{FileConfig, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dnt::DntList;
use crate::document::Document;
use crate::facts::{Class, FactsStore, Key, Keyed, Part};
use crate::glossary::{self, Glossary};
use crate::locale::{self, LocaleProfile, Registry};
use crate::project::{FileFacts, Project};
use crate::rule::{Category, Context, Rule, RuleMeta};
use crate::rules;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `LOCLINT_PROFILE=1`: CPU time spent in each rule's check (and in the stages around the
/// rules: reading, parsing, facts, output), summed over all threads and printed to stderr at
/// exit, for finding where a run's time goes. Thread CPU time, not wall time, so a busy
/// machine does not inflate the figures.
pub mod timing {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    use std::time::Duration;

    pub fn enabled() -> bool {
        static ON: OnceLock<bool> = OnceLock::new();
        *ON.get_or_init(|| {
            started();
            std::env::var_os("LOCLINT_PROFILE").is_some()
        })
    }

    /// When profiling was first asked about: the start of the run, near enough.
    fn started() -> std::time::Instant {
        static AT: OnceLock<std::time::Instant> = OnceLock::new();
        *AT.get_or_init(std::time::Instant::now)
    }

    fn table() -> &'static Mutex<HashMap<&'static str, Duration>> {
        static T: OnceLock<Mutex<HashMap<&'static str, Duration>>> = OnceLock::new();
        T.get_or_init(Default::default)
    }

    /// CPU time of the calling thread.
    pub fn thread_cpu() -> Duration {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid timespec to write to; the clock id is a constant.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
    }

    pub fn add(what: &'static str, spent: Duration) {
        *table()
            .lock()
            .expect("profile table")
            .entry(what)
            .or_default() += spent;
    }

    /// Runs `f`, adding its CPU time to `what` when profiling.
    pub fn time<T>(what: &'static str, f: impl FnOnce() -> T) -> T {
        if !enabled() {
            return f();
        }
        let started = thread_cpu();
        let result = f();
        add(what, thread_cpu().saturating_sub(started));
        result
    }

    /// With profiling: the process's memory now and at its peak, on standard error.
    pub fn memory(when: &str) {
        if !enabled() {
            return;
        }
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or("?")
                .to_string()
        };
        eprintln!(
            "loclint: {when}: {} kB resident, peak {} kB, {} ms",
            field("VmRSS:"),
            field("VmHWM:"),
            started().elapsed().as_millis()
        );
    }

    /// Prints the table, slowest first.
    pub fn report() {
        if !enabled() {
            return;
        }
        let table = table().lock().expect("profile table");
        let mut rows: Vec<_> = table.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1));
        let total: Duration = rows.iter().map(|r| *r.1).sum();
        for (what, spent) in rows {
            eprintln!("{:>9.2} ms  {what}", spent.as_secs_f64() * 1e3);
        }
        eprintln!("{:>9.2} ms  (sum)", total.as_secs_f64() * 1e3);
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
    /// `--learn` or `learn = true`: terminology is learned on the fly (see `terms::check`;
    /// off by default: it doubles the time of a check, and its findings are less precise
    /// than a glossary's). None: neither the command line nor a configuration said.
    pub learn: Option<bool>,
    /// Whether the run keeps what learning needs of each file (see `terms::check`).
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

    /// The glossary for a locale: the configuration's (built-in terms plus its files), or
    /// the built-in one. What `check` learns on the fly is reported apart (`terms::check`).
    pub fn glossary(&self, locale: &str) -> Option<&'static Glossary> {
        self.glossary_written(locale)
    }

    /// The glossary for a locale someone wrote (or reviewed): see [`Settings::glossary`].
    pub fn glossary_written(&self, locale: &str) -> Option<&'static Glossary> {
        self.config
            .as_ref()
            .and_then(|c| c.glossaries.get(&locale.to_ascii_lowercase()).copied())
            .or_else(|| glossary::builtin(locale))
    }

    /// Whether the locale has a glossary here (built in, written or learned), without
    /// reading a built-in one.
    pub fn has_glossary(&self, locale: &str) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.glossaries.contains_key(&locale.to_ascii_lowercase()))
            || glossary::canonical_builtin(locale).is_some()
            || self.learned_glossary_configured(locale)
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
    /// What learning terminology on the fly needs from this file (see `terms::check`).
    pub terms: Option<Box<crate::terms::check::FileTerms>>,
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
            terms: None,
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

/// The outcome of checking one file's bytes (without a copy of its text).
pub struct Checked {
    /// The file's locale, when one is known (front matter, configuration, path, default).
    pub locale: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the cross-file rules need from this file, when any of them is enabled.
    pub facts: Option<FileFacts>,
    /// What learning terminology on the fly needs from this file (see `terms::check`).
    pub terms: Option<Box<crate::terms::check::FileTerms>>,
}

/// The text of checked bytes: the bytes themselves when they are UTF-8, else the text with
/// invalid bytes replaced (which positions in reports are computed on).
pub fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Checks one file's bytes with the given rules. A bug in one rule must not take the other
/// files down with it: a panic becomes an error for this file (exit 2) and the run goes on.
pub fn check_bytes(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> Result<Checked, String> {
    catch_internal(|| check_unguarded(path, bytes, rules, settings))
        .map_err(|what| checking_failed(&what))
}

/// The error of a file whose check hit a bug (`what`: the panic's message and place).
pub fn checking_failed(what: &str) -> String {
    format!("internal error while checking this file ({what}); please report it")
}

thread_local! {
    /// Set while `catch_internal` runs work on this thread.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic caught on this thread happened (`file:line:column`).
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// On the threads of an [`in_guarded_pool`] pool: where that pool keeps the place of
    /// the first panic on them.
    static GUARDED_POOL: std::cell::RefCell<Option<PoolPanicAt>> =
        const { std::cell::RefCell::new(None) };
}

/// The place of the first panic on the threads of one [`in_guarded_pool`] pool: its own,
/// so that two pools (or two checks) never take each other's.
type PoolPanicAt = std::sync::Arc<std::sync::Mutex<Option<String>>>;

/// Runs `work`, and the parallel work it starts, on a thread pool of its own whose threads
/// leave a panic's place to the [`catch_internal`] that wraps this call, instead of
/// printing the default message on their own. Without a pool, `work` runs here.
pub fn in_guarded_pool<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let panic_at = PoolPanicAt::default();
    let for_threads = panic_at.clone();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .thread_name(|i| format!("loclint-guarded-{i}"))
        .start_handler(move |_| {
            GUARDED_POOL.with(|g| *g.borrow_mut() = Some(for_threads.clone()));
        })
        .build();
    let Ok(pool) = pool else {
        return work();
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pool.install(work))).unwrap_or_else(
        |panic| {
            // The panic comes back on this thread: its place goes to the catch around it.
            let at = panic_at.lock().unwrap_or_else(|p| p.into_inner()).take();
            if CATCHING.with(std::cell::Cell::get) {
                PANIC_AT.with(|p| {
                    let mut p = p.borrow_mut();
                    if p.is_none() {
                        *p = at;
                    }
                });
            }
            std::panic::resume_unwind(panic)
        },
    )
}

/// Makes a panic inside [`catch_internal`] on the same thread quiet: its place is kept for
/// the one error line the caller prints, instead of the default message and backtrace
/// note on standard error before it. Any other panic goes to the hook there was before.
pub fn install_panic_hook() {
    let before = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = || {
            info.location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        };
        if CATCHING.with(std::cell::Cell::get) {
            PANIC_AT.with(|p| *p.borrow_mut() = at());
        } else if let Some(pool) = GUARDED_POOL.with(|g| g.borrow().clone()) {
            let mut slot = pool.lock().unwrap_or_else(|p| p.into_inner());
            if slot.is_none() {
                *slot = at();
            }
        } else {
            before(info);
        }
    }));
}

/// Runs `work`; a panic in it (a bug) comes back as its message, with its place in the
/// code when [`install_panic_hook`] saw it, so that the caller can report it and go on
/// with the rest of the run.
pub fn catch_internal<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CATCHING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(outer));
    result.map_err(|panic| {
        let message = panic_message(&*panic);
        match PANIC_AT.with(|p| p.borrow_mut().take()) {
            Some(at) => format!("{message} at {at}"),
            None => message,
        }
    })
}

/// What a caught panic says (its message, when it is text).
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Checks one file's bytes with the given rules; the report keeps the text when there is
/// something to show.
pub fn check_source(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> FileReport {
    match check_bytes(path, bytes, rules, settings) {
        Ok(checked) => FileReport {
            path: path.to_path_buf(),
            locale: checked.locale,
            source: if checked.diagnostics.is_empty() {
                String::new()
            } else {
                text_of(bytes).into_owned()
            },
            diagnostics: checked.diagnostics,
            error: None,
            facts: checked.facts,
            terms: checked.terms,
        },
        Err(error) => FileReport::failed(path, error),
    }
}

fn check_unguarded(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> Checked {
    let text = match readable(path, bytes, rules, settings) {
        Ok(text) => text,
        Err(checked) => return *checked,
    };
    let document = timing::time("(parse)", || Document::parse(text));
    let file = FileSetup::new(&document, path, settings);
    let ctx = file.context(path, &document, settings);
    let mut diagnostics = Vec::new();
    for rule in rules {
        run_rule(*rule, &ctx, settings, &mut diagnostics);
    }
    after_rules(&document, rules, &mut diagnostics);
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
        timing::time("(facts)", || {
            FileFacts::gather(
                path,
                &document,
                file.locale.as_deref(),
                file.glossary,
                terms,
            )
        })
    });
    let terms = crate::terms::check::gather(path, &document, file.locale.as_deref(), settings);
    sort_findings(&mut diagnostics);
    Checked {
        locale: file.locale,
        diagnostics,
        facts,
        terms,
    }
}

/// The text of bytes the rules can read (after the byte checks found nothing), or, for
/// bytes they cannot read, the outcome: what the byte checks found.
pub(crate) fn readable<'b>(
    path: &Path,
    bytes: &'b [u8],
    rules: &[&'static dyn Rule],
    settings: &Settings,
) -> Result<&'b str, Box<Checked>> {
    let mut diagnostics = Vec::new();
    for rule in rules {
        rule.check_bytes(bytes, &mut diagnostics);
    }
    // simdutf8 validates several times faster than std; std's error is only needed to
    // locate invalid bytes, which the invalid-encoding rule does.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) if diagnostics.is_empty() => Ok(text),
        _ => {
            // Not text the rules can read: report what the byte checks found.
            if diagnostics.is_empty() {
                // invalid-encoding was not selected; still say why the file was skipped.
                rules::InvalidEncoding.check_bytes(bytes, &mut diagnostics);
            }
            Err(Box::new(Checked {
                locale: resolve_locale(None, path, settings).map(|(l, _)| l),
                diagnostics,
                facts: None,
                terms: None,
            }))
        }
    }
}

/// What the rules read about a file besides its document: its locale, the locale's
/// profile and glossary.
pub(crate) struct FileSetup {
    pub locale: Option<String>,
    pub profile: Arc<LocaleProfile>,
    pub glossary: Option<&'static Glossary>,
}

impl FileSetup {
    pub fn new(document: &Document<'_>, path: &Path, settings: &Settings) -> FileSetup {
        let locale = resolve_locale(document.locale(), path, settings).map(|(l, _)| l);
        let glossary = locale.as_deref().and_then(|l| settings.glossary(l));
        let profile = settings.profile(locale.as_deref());
        FileSetup {
            locale,
            profile,
            glossary,
        }
    }

    /// The context the rules check `document` in.
    pub fn context<'a>(
        &'a self,
        path: &'a Path,
        document: &'a Document<'a>,
        settings: &'a Settings,
    ) -> Context<'a> {
        let mut ctx = Context::new(
            path,
            document,
            self.locale.as_deref(),
            &self.profile,
            self.glossary,
        );
        ctx.dnt = settings.dnt();
        ctx
    }
}

/// Runs one rule as a check does: not at all where its level is off, and with its
/// findings at the severity the configuration or the profile sets.
pub(crate) fn run_rule(
    rule: &'static dyn Rule,
    ctx: &Context<'_>,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    run_rule_timed(rule, ctx, settings, diagnostics, true);
}

/// [`run_rule`], timed for `LOCLINT_PROFILE` only when `timed` (timing costs two system
/// calls, more than many rules take on one segment).
pub(crate) fn run_rule_timed(
    rule: &'static dyn Rule,
    ctx: &Context<'_>,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
    timed: bool,
) {
    let level = settings.level_in(rule.meta(), ctx.profile);
    if level == Some(None) {
        return;
    }
    let first = diagnostics.len();
    if timed {
        timing::time(rule.meta().name, || rule.check(ctx, diagnostics));
    } else {
        rule.check(ctx, diagnostics);
    }
    if let Some(Some(severity)) = level {
        for d in &mut diagnostics[first..] {
            d.severity = severity;
        }
    }
}

/// What a check does with the rules' findings: suppression comments remove findings (and
/// unused ones are reported), and no fix may change the English source.
pub(crate) fn after_rules(
    document: &Document<'_>,
    rules: &[&'static dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !document.suppressions.is_empty() {
        let unused = crate::suppress::apply(document, rules, diagnostics);
        if rules
            .iter()
            .any(|r| r.meta().name == rules::UnusedSuppression::META.name)
        {
            diagnostics.extend(unused.iter().map(rules::UnusedSuppression::diagnostic));
        }
    }
    // No fix may change the English source, whichever rule offers it.
    crate::fix::drop_fixes_in_source(document, diagnostics);
}

/// What kind of file a non-regular file is, for messages.
pub fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Reads a regular file into `buf`. Anything else (a FIFO, a device, a socket, a folder) is
/// an error without reading it: opened without blocking and checked before the first read,
/// so a FIFO with no writer or `/dev/zero` cannot hang the run or fill its memory.
pub fn read_regular_file(path: &Path, buf: &mut Vec<u8>) -> Result<(), String> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if !meta.is_file() {
        return Err(format!(
            "is {}, not a regular file; only files are checked",
            file_kind(&meta)
        ));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(format!(
            "file is too large to be a Markdown article ({} MiB; the limit is {} MiB)",
            meta.len() >> 20,
            MAX_FILE_SIZE >> 20
        ));
    }
    buf.clear();
    buf.reserve(meta.len() as usize);
    timing::time("(read)", || {
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, MAX_FILE_SIZE + 1), buf)
    })
    .map_err(|e| e.to_string())?;
    if buf.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "file is too large to be a Markdown article (the limit is {} MiB)",
            MAX_FILE_SIZE >> 20
        ));
    }
    Ok(())
}

/// Runs `f` with a read buffer of this thread: fresh buffers for thousands of files cost
/// page faults.
pub fn with_buffer<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        let result = f(buf);
        // A very large file's buffer is not kept for the next (small) ones.
        if buf.capacity() > 8 << 20 {
            *buf = Vec::new();
        }
        result
    })
}

/// Reads and checks one file; unreadable files become reports with an error.
pub fn check_file(path: &Path, rules: &[&'static dyn Rule], settings: &Settings) -> FileReport {
    with_buffer(|buf| match read_regular_file(path, buf) {
        Ok(()) => check_source(path, buf, rules, settings),
        Err(e) => FileReport::failed(path, e),
    })
}

/// A file named on the command line: as given, unless it has `.` components.
fn normalize_named(path: &Path) -> std::borrow::Cow<'_, Path> {
    if path.components().any(|c| c == std::path::Component::CurDir) {
        std::borrow::Cow::Owned(normalize(path))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// The path without `.` components, so `./a.md` and `a.md` are one file.
fn normalize(path: &Path) -> PathBuf {
    // No longer than the path: a run keeps one per file, without spare capacity.
    let mut clean = PathBuf::with_capacity(path.as_os_str().len());
    for c in path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
    {
        clean.push(c);
    }
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

/// Paths one after another in buffers of 64 KiB (a path and 12 bytes each): a run over a
/// whole repository keeps one per file until its report is written. A path allocated on
/// its own, or one buffer grown by copying, would leave memory behind that is freed but
/// not given back.
#[derive(Default)]
pub struct PathList {
    /// Buffers that are never reallocated (a path longer than one has its own).
    chunks: Vec<Vec<u8>>,
    /// Where each path is: (chunk, start, end).
    spans: Vec<(u32, u32, u32)>,
}

/// Bytes of a [`PathList`] buffer.
const PATH_CHUNK: usize = 64 << 10;

impl PathList {
    pub fn push(&mut self, path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= bytes.len());
        if !fits {
            self.chunks
                .push(Vec::with_capacity(PATH_CHUNK.max(bytes.len())));
        }
        let chunk = self.chunks.len() - 1;
        let target = &mut self.chunks[chunk];
        let start = target.len();
        target.extend_from_slice(bytes);
        self.spans
            .push((chunk as u32, start as u32, target.len() as u32));
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn span(&self, span: (u32, u32, u32)) -> &Path {
        use std::os::unix::ffi::OsStrExt;
        let (chunk, start, end) = span;
        Path::new(std::ffi::OsStr::from_bytes(
            &self.chunks[chunk as usize][start as usize..end as usize],
        ))
    }

    pub fn get(&self, i: usize) -> &Path {
        self.span(self.spans[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        self.spans.iter().map(|&s| self.span(s))
    }

    /// Sorted by their bytes, without repeats (paths equal component by component): only
    /// the places are moved.
    fn sort_dedup(&mut self) {
        let mut spans = std::mem::take(&mut self.spans);
        spans.sort_unstable_by(|&a, &b| self.span(a).as_os_str().cmp(self.span(b).as_os_str()));
        spans.dedup_by(|a, b| self.span(*a) == self.span(*b));
        self.spans = spans;
    }

    /// Only the paths whose `keep` is true (the bytes of the others stay).
    fn retain(&mut self, keep: &[bool]) {
        let mut keep = keep.iter();
        self.spans.retain(|_| *keep.next().unwrap_or(&true));
    }

    pub fn to_vec(&self) -> Vec<PathBuf> {
        self.iter().map(Path::to_path_buf).collect()
    }
}

/// The files named or found below the given paths: folders are walked (respecting
/// `.gitignore` and hidden files) for Markdown files; files named directly are always
/// checked. Paths that do not exist come back as errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let (files, errors) = collect_file_list(paths);
    (files.to_vec(), errors)
}

/// [`collect_files`] into a [`PathList`].
pub fn collect_file_list(paths: &[PathBuf]) -> (PathList, Vec<(PathBuf, String)>) {
    let mut files = PathList::default();
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(m) if m.is_file() => files.push(&normalize_named(p)),
            // A FIFO or a device is never read: it could block or never end.
            Ok(m) => errors.push((
                p.clone(),
                format!(
                    "is {}, not a regular file; only files are checked",
                    file_kind(&m)
                ),
            )),
            Err(e) => errors.push((p.clone(), e.to_string())),
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder.require_git(false);
        // One thread: the walk is a small part of a run, and paths allocated on one thread
        // are not scattered over the memory of several.
        for entry in builder.build() {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()) => {
                    files.push(&normalize(e.path()));
                }
                Ok(_) => {}
                Err(err) => {
                    let path = match &err {
                        ignore::Error::WithPath { path, .. } => path.clone(),
                        _ => PathBuf::new(),
                    };
                    errors.push((path, err.to_string()));
                }
            }
        }
    }
    timing::memory("folders walked");
    files.sort_dedup();
    // One file named two ways (`a.md` and `/abs/a.md`, or inside two given folders) is
    // checked once, under the first name. One given path cannot name a file twice.
    // Compared as absolute paths with `.`/`..` resolved by name: no file-system calls.
    if paths.len() > 1 {
        // By hash of the absolute path, comparing the paths themselves only when two
        // hashes meet: no second copy of every path.
        let hash = |p: &Path| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            crate::config::absolute(p).hash(&mut h);
            h.finish()
        };
        // (hash, index), sorted: 12 bytes a file.
        let mut hashes: Vec<(u64, u32)> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (hash(f), i as u32))
            .collect();
        hashes.sort_unstable();
        let mut keep = vec![true; files.len()];
        for run in hashes.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            // In file order: the first of the same file stays.
            let mut kept: Vec<PathBuf> = Vec::new();
            for &(_, i) in run {
                let abs = crate::config::absolute(files.get(i as usize));
                if kept.contains(&abs) {
                    keep[i as usize] = false;
                } else {
                    kept.push(abs);
                }
            }
        }
        drop(hashes);
        if keep.contains(&false) {
            files.retain(&keep);
        }
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
    // Terminology is learned from what checking keeps of each file (see terms::check).
    crate::terms::check::begin(resolver, files.iter().map(|p| p.as_path()));
    let mut reports: Vec<FileReport> = files
        .par_iter()
        .filter_map(|p| match resolver.settings_for(p) {
            Ok(settings) if settings.config.as_ref().is_some_and(|c| c.is_excluded(p)) => None,
            Ok(settings) => Some(check_file(p, &settings.enabled_rules(), &settings)),
            Err(error) => Some(FileReport::failed(p, error)),
        })
        .collect();
    let mut store = facts_store(resolver);
    let mut terms = crate::terms::check::Store::default();
    for (i, report) in reports.iter_mut().enumerate() {
        if let Some(facts) = report.facts.take() {
            store.push(i, &facts);
        }
        if let Some(t) = report.terms.take() {
            terms.push(i, &t);
        }
    }
    let found = std::sync::Mutex::new(Vec::new());
    let paths: Vec<PathBuf> = reports.iter().map(|r| r.path.clone()).collect();
    let each = |f| found.lock().expect("findings").push(f);
    let (compared, failed) = cross_all(
        &mut store,
        &mut terms,
        &|i| paths[i].as_path(),
        resolver,
        &each,
    );
    if let Err(e) = compared {
        eprintln!("error: cross-file checks: {e}");
    }
    for e in failed {
        eprintln!("error: {e}");
    }
    let mut found = found.into_inner().expect("findings");
    found.sort_by_key(|f| f.owner);
    for found in found {
        let report = &mut reports[found.owner];
        if report.source.is_empty() {
            match std::fs::read(&report.path) {
                Ok(bytes) => report.source = text_of(&bytes).into_owned(),
                Err(_) => continue,
            }
        }
        let mut diagnostics = found.diagnostics;
        crate::suppress::apply_later(&report.source, &found.suppressions, &mut diagnostics);
        report.diagnostics.extend(diagnostics);
        sort_findings(&mut report.diagnostics);
    }
    reports
}

/// The order of findings in a file: by range, then rule name (stable: of two findings at
/// one place from one rule, the first reported comes first).
pub fn sort_findings(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| (d.range.start, d.range.end, d.rule.name);
    if diagnostics.len() < 1024 || u32::try_from(diagnostics.len()).is_err() {
        diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
        return;
    }
    if diagnostics.is_sorted_by(|a, b| key(a) <= key(b)) {
        return;
    }
    // Many findings: their keys are sorted with their places (the place as the last key
    // keeps the order stable), then the findings are moved into place. This needs 32
    // bytes a finding; a stable sort of the findings themselves needs half their size
    // (76 bytes a finding) as scratch, fresh memory for a file with 600,000 findings.
    let mut order: Vec<(u32, u32, &'static str, u32)> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| (d.range.start, d.range.end, d.rule.name, i as u32))
        .collect();
    order.sort_unstable();
    let mut from: Vec<u32> = order.into_iter().map(|o| o.3).collect();
    // Position `k` takes the finding at `from[k]`: follow each cycle of the permutation.
    for start in 0..from.len() {
        let mut at = start;
        while from[at] as usize != at {
            let src = from[at] as usize;
            from[at] = at as u32;
            if src == start {
                break;
            }
            diagnostics.swap(at, src);
            at = src;
        }
    }
}

/// The findings of the cross-file rules for one file from one comparison (one article's
/// locales, or one locale's files), before its suppression comments are applied (which
/// needs its text). A file may get several of these, each from other rules.
pub struct CrossFindings {
    /// The index the caller gave the file's facts.
    pub owner: usize,
    /// The file's locale.
    pub locale: Option<&'static str>,
    pub suppressions: Vec<crate::document::Suppression>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a cross-file rule compares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The locales of one article (files whose paths differ only in the locale), and only
    /// where their English differs ([`crate::facts::english_fingerprint`]).
    Article,
    /// The files of one locale, by one kind of fact: only facts that share their key
    /// ([`crate::facts::Key`]) with facts that say something else.
    Locale(Part),
    /// Any files.
    All,
}

/// The scope of the built-in cross-file rules: each looks only at the groups of
/// `Project::locale_groups`, or within one of `Project::by_locale` only at facts of one
/// kind with the same key that say different things (the same English translated
/// differently, a concept rendered differently), so running it on each group alone finds
/// the same. A rule not listed here gets the whole project.
fn scope_of(rule: &dyn Rule) -> Scope {
    match rule.meta().name {
        "cross-locale-source-mismatch"
        | "cross-locale-segments-mismatch"
        | "cross-locale-hash-mismatch" => Scope::Article,
        "segment-translated-inconsistently" => Scope::Locale(Part::Segment),
        "term-inconsistent-across-files" => Scope::Locale(Part::Term),
        _ => Scope::All,
    }
}

/// The enabled cross-file rules of a run.
fn project_rules(resolver: &Resolver) -> Vec<&'static dyn Rule> {
    resolver
        .base()
        .enabled_rules()
        .into_iter()
        .filter(|r| r.needs_project())
        .collect()
}

/// A store for the facts of a run's files, keyed for the comparisons of its enabled
/// cross-file rules.
pub fn facts_store(resolver: &Resolver) -> FactsStore {
    let mut keyed = Keyed::default();
    for rule in project_rules(resolver) {
        match scope_of(rule) {
            Scope::Article => keyed.articles = true,
            Scope::Locale(Part::Segment) => {
                keyed.segments_by_source = Some(rules::SegmentTranslatedInconsistently::MIN_WORDS)
            }
            Scope::Locale(Part::Term) => keyed.terms_by_concept = true,
            Scope::All => {}
        }
    }
    FactsStore::new(keyed)
}

/// Facts of a locale read back at most for one comparison (the facts to compare and the
/// files they are in): a locale with more is compared in several, each of whole groups.
const LOCALE_CHUNK: usize = 4096;

/// Articles compared at a time, in parallel.
const ARTICLE_BATCH: usize = 512;

/// Runs the enabled cross-file rules over the stored facts (`path_of` gives the path of an
/// owner) and hands their findings to `each`, per file and comparison, in no particular
/// order; each file's configuration decides whether and at what severity a rule reports
/// there. Only the facts of one comparison are read back at a time, and only where a
/// finding is possible: the sorted keys tell which articles have locales with other
/// English and which facts of a locale share their key with facts that say something
/// else. An error reading the temporary file back is returned after the comparisons.
/// Runs the cross-file rules ([`cross_file`]) and finds the terms learned on the fly
/// rendered several ways ([`crate::terms::check::cross`]), handing findings to `each`.
/// Returns, besides an error of the temporary files, what failed for a bug: a line each,
/// sorted, once however many comparisons it failed in.
pub fn cross_all<'p>(
    facts: &mut FactsStore,
    terms: &mut crate::terms::check::Store,
    path_of: &(dyn Fn(usize) -> &'p Path + Sync),
    resolver: &Resolver,
    each: &(dyn Fn(CrossFindings) + Sync),
) -> (std::io::Result<()>, Vec<String>) {
    let failed = std::sync::Mutex::new(Vec::new());
    let compared = cross_file(facts, path_of, resolver, each, &failed);
    let mut failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    failed.extend(crate::terms::check::cross(terms, path_of, resolver, each));
    failed.sort();
    failed.dedup();
    (compared, failed)
}

fn cross_file<'p>(
    store: &mut FactsStore,
    path_of: &(dyn Fn(usize) -> &'p Path + Sync),
    resolver: &Resolver,
    each: &(dyn Fn(CrossFindings) + Sync),
    internal_errors: &std::sync::Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let project_rules = project_rules(resolver);
    if project_rules.is_empty() || store.is_empty() {
        return Ok(());
    }
    let of_scope = |f: &dyn Fn(Scope) -> bool| -> Vec<&'static dyn Rule> {
        project_rules
            .iter()
            .copied()
            .filter(|r| f(scope_of(*r)))
            .collect()
    };
    let article_rules = of_scope(&|s| s == Scope::Article);
    let locale_rules = of_scope(&|s| matches!(s, Scope::Locale(_)));
    let all_rules = of_scope(&|s| s == Scope::All);
    let keys = store.finish();
    let store = &*store;
    let compare = |files: Vec<(usize, FileFacts)>, rules: &[&'static dyn Rule]| {
        compare_files(
            store,
            files,
            rules,
            path_of,
            resolver,
            each,
            internal_errors,
        )
    };
    if !all_rules.is_empty() {
        let files: Vec<(usize, FileFacts)> = (0..store.len())
            .map(|i| (i, store.decode(i, path_of(store.files[i].owner as usize))))
            .collect();
        compare(files, &all_rules);
    }
    if article_rules.is_empty() && locale_rules.is_empty() {
        return store.take_error().map_or(Ok(()), Err);
    }
    let mut articles: Vec<Vec<u32>> = Vec::new();
    let articles_compared = std::sync::atomic::AtomicUsize::new(0);
    let compare_articles = |articles: &mut Vec<Vec<u32>>| {
        articles_compared.fetch_add(articles.len(), std::sync::atomic::Ordering::Relaxed);
        std::mem::take(articles).into_par_iter().for_each(|group| {
            let files: Vec<(usize, FileFacts)> = group
                .iter()
                .map(|&i| {
                    let i = i as usize;
                    (i, store.decode(i, path_of(store.files[i].owner as usize)))
                })
                .collect();
            compare(files, &article_rules);
        });
    };
    // With profiling: comparisons of a locale, the most facts and files in one, all facts.
    let stats = std::sync::Mutex::new((0usize, 0usize, 0usize, 0usize));
    // The facts of one kind in one locale to read back: (file, item).
    let mut chunk: Vec<(u32, u32)> = Vec::new();
    let mut chunk_class: Option<(u32, Part)> = None;
    let compare_chunk = |(locale, part): (u32, Part), chunk: &mut Vec<(u32, u32)>| {
        if chunk.is_empty() {
            return;
        }
        chunk.sort_unstable();
        chunk.dedup();
        let mut files: Vec<(usize, FileFacts)> = Vec::new();
        let mut items = Vec::new();
        for (at, &(file, item)) in chunk.iter().enumerate() {
            items.push(item);
            if chunk.get(at + 1).is_none_or(|next| next.0 != file) {
                let i = file as usize;
                let facts = store.decode(i, path_of(store.files[i].owner as usize));
                files.push((
                    i,
                    match part {
                        Part::Segment => facts.restrict(&items, &[]),
                        Part::Term => facts.restrict(&[], &items),
                    },
                ));
                items.clear();
            }
        }
        // A rule may read what the locale as a whole uses from its first file (the
        // glossary): that file is part of every comparison of the locale.
        if let Some(first) = store.first_with_glossary(locale)
            && !files.iter().any(|(i, _)| *i == first)
        {
            let facts = store.decode(first, path_of(store.files[first].owner as usize));
            files.push((first, facts.restrict(&[], &[])));
        }
        // Only the rules of this kind of fact: the segments kept with a term occurrence
        // are not all of their kind that a comparison of segments needs.
        let rules: Vec<&'static dyn Rule> = locale_rules
            .iter()
            .copied()
            .filter(|r| scope_of(*r) == Scope::Locale(part))
            .collect();
        if std::env::var_os("LOCLINT_CHUNKS").is_some() {
            eprintln!(
                "chunk {locale} {part:?} facts {} files {}",
                chunk.len(),
                files.len()
            );
        }
        if timing::enabled() {
            let mut st = stats.lock().expect("stats");
            st.0 += 1;
            st.1 = st.1.max(chunk.len());
            st.2 = st.2.max(files.len());
            st.3 += chunk.len();
        }
        compare(files, &rules);
        chunk.clear();
    };
    let mut group: Vec<Key> = Vec::new();
    let mut handle = |group: &[Key]| {
        let Some(first) = group.first() else { return };
        let differ = group.iter().any(|k| k.value != first.value);
        match first.class() {
            Class::Article => {
                if differ && !article_rules.is_empty() {
                    articles.push(group.iter().map(|k| k.file).collect());
                    if articles.len() >= ARTICLE_BATCH {
                        compare_articles(&mut articles);
                    }
                }
            }
            Class::Locale { locale, part } => {
                if chunk_class != Some((locale, part)) {
                    if let Some(previous) = chunk_class {
                        compare_chunk(previous, &mut chunk);
                    }
                    chunk_class = Some((locale, part));
                }
                if differ {
                    // A large group is compared alone.
                    if chunk.len() + group.len() > LOCALE_CHUNK {
                        compare_chunk((locale, part), &mut chunk);
                    }
                    chunk.extend(group.iter().map(|k| (k.file, k.item)));
                }
            }
        }
    };
    let mut keys = keys.read(store);
    for key in &mut keys {
        if group
            .first()
            .is_some_and(|g| (g.class, g.key) != (key.class, key.key))
        {
            handle(&group);
            group.clear();
        }
        group.push(key);
    }
    handle(&group);
    drop(keys);
    compare_articles(&mut articles);
    if let Some(class) = chunk_class {
        compare_chunk(class, &mut chunk);
    }
    if timing::enabled() {
        let st = stats.into_inner().expect("stats");
        eprintln!(
            "loclint: {} articles compared; {} comparisons within a locale of {} facts read back (at most {} facts of {} files at once)",
            articles_compared.load(std::sync::atomic::Ordering::Relaxed),
            st.0,
            st.3,
            st.1,
            st.2
        );
    }
    store.take_error().map_or(Ok(()), Err)
}

/// Runs `rules` over one comparison's files (`(index in the store, facts)`) and hands
/// each file's findings to `each`.
fn compare_files<'p>(
    store: &FactsStore,
    files: Vec<(usize, FileFacts)>,
    rules: &[&'static dyn Rule],
    path_of: &(dyn Fn(usize) -> &'p Path + Sync),
    resolver: &Resolver,
    each: &(dyn Fn(CrossFindings) + Sync),
    internal_errors: &std::sync::Mutex<Vec<String>>,
) {
    // The project keeps its files in path order; map its indexes back to the owners.
    let mut owners: Vec<(&Path, usize)> = files
        .iter()
        .map(|(i, _)| {
            let owner = store.files[*i].owner as usize;
            (path_of(owner), owner)
        })
        .collect();
    owners.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let facts: Vec<FileFacts> = files.into_iter().map(|(_, f)| f).collect();
    let mut project = Project::new(facts);
    let mut by_file: std::collections::BTreeMap<usize, Vec<Diagnostic>> = Default::default();
    for rule in rules {
        let mut out = Vec::new();
        let name = rule.meta().name;
        // A bug in one rule costs its findings of this comparison, not the run.
        let checked = catch_internal(|| {
            timing::time(name, || rule.check_project(&project, &mut out));
        });
        if let Err(what) = checked {
            internal_errors
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(format!(
                    "internal error in {name} while comparing files ({what}): its findings \
                     there are missing; please report it"
                ));
            continue;
        }
        for pd in out {
            by_file.entry(pd.file).or_default().push(pd.diagnostic);
        }
    }
    for (file, mut diagnostics) in by_file {
        let facts = &mut project.files[file];
        // The file's own configuration decides whether and how the rule reports there.
        if let Ok(settings) = resolver.settings_for(&facts.path) {
            let enabled = settings.enabled_rules();
            diagnostics.retain_mut(|d| {
                let on = enabled.iter().any(|r| r.meta().name == d.rule.name);
                match settings.severity_of(d.rule) {
                    // The rule's own choice (a term learned on the fly reports at
                    // info) stands unless the configuration sets a severity.
                    Some(severity) if on => {
                        let configured = settings
                            .config
                            .as_ref()
                            .is_some_and(|c| c.severity.contains_key(d.rule.name));
                        if configured || d.severity == d.rule.default_severity {
                            d.severity = severity;
                        }
                        true
                    }
                    _ => false,
                }
            });
        }
        if !diagnostics.is_empty() {
            each(CrossFindings {
                owner: owners[file].1,
                locale: facts.locale,
                suppressions: std::mem::take(&mut facts.suppressions),
                diagnostics,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_as_its_message_and_a_value_as_itself() {
        assert_eq!(catch_internal(|| 7), Ok(7));
        // The place follows when the hook is installed (another test may have done it).
        let caught = catch_internal(|| -> u8 { panic!("a text") }).unwrap_err();
        assert!(
            caught == "a text" || caught.starts_with("a text at "),
            "{caught}"
        );
        let n = 3;
        let caught = catch_internal(|| -> u8 { panic!("{n} formatted") }).unwrap_err();
        assert!(caught.starts_with("3 formatted"), "{caught}");
    }

    #[test]
    fn with_the_hook_a_caught_panic_names_its_place_in_the_code() {
        install_panic_hook();
        let line = line!() + 1;
        let caught = catch_internal(|| -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(caught, format!("boom at src/engine.rs:{line}:48"));
        // Caught inside an outer catch: the outer one still names its own.
        let outer = catch_internal(|| {
            let inner = catch_internal(|| -> u8 { panic!("inner") });
            assert!(inner.unwrap_err().starts_with("inner at src/engine.rs:"));
            panic!("outer")
        })
        .unwrap_err();
        assert!(outer.starts_with("outer at src/engine.rs:"), "{outer}");
        // Nothing is left over for a later catch of a panic the hook did not see.
        assert_eq!(PANIC_AT.with(|p| p.borrow().clone()), None);
    }

    #[test]
    fn a_panic_in_parallel_work_of_a_guarded_pool_names_its_place() {
        use rayon::prelude::*;
        install_panic_hook();
        let caught = catch_internal(|| {
            in_guarded_pool(|| {
                (0..256)
                    .into_par_iter()
                    .map(|i| if i == 200 { panic!("in the pool") } else { i })
                    .sum::<i32>()
            })
        })
        .unwrap_err();
        assert!(
            caught.starts_with("in the pool at src/engine.rs:"),
            "{caught}"
        );
        assert_eq!(in_guarded_pool(|| 2 + 2), 4);
    }

    #[test]
    fn a_pool_s_panic_place_goes_to_no_other_catch() {
        use rayon::prelude::*;
        install_panic_hook();
        // A pool's panic caught by something else than `catch_internal`…
        let unwound = std::panic::catch_unwind(|| {
            in_guarded_pool(|| {
                (0..64)
                    .into_par_iter()
                    .map(|i| if i == 7 { panic!("left") } else { i })
                    .sum::<i32>()
            })
        });
        assert!(unwound.is_err());
        // …leaves no place for a later catch of a panic no hook saw.
        let caught = catch_internal(|| -> u8 { std::panic::resume_unwind(Box::new("resumed")) });
        assert_eq!(caught.unwrap_err(), "resumed");
    }

    #[test]
    fn many_findings_sort_by_place_and_rule_keeping_their_order() {
        // Enough findings for the sort through the keys; many share a place and rule
        // (their order must stay that of the report) and are told apart by message.
        let rules = [
            &crate::rules::UnusedSuppression::META,
            &crate::rules::InvalidEncoding::META,
        ];
        let mut findings: Vec<Diagnostic> = (0..5_000u32)
            .map(|i| {
                let start = (i * 7919) % 97;
                Diagnostic::new(
                    rules[(i % 3 == 0) as usize],
                    crate::text::TextRange::new(start as usize, (start + i % 2) as usize),
                    i.to_string(),
                )
            })
            .collect();
        let mut expected = findings.clone();
        expected.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule.name).cmp(&(
                b.range.start,
                b.range.end,
                b.rule.name,
            ))
        });
        sort_findings(&mut findings);
        let messages = |v: &[Diagnostic]| v.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&findings), messages(&expected));
        // Sorted already: left alone.
        sort_findings(&mut findings);
        assert_eq!(messages(&findings), messages(&expected));
    }

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
