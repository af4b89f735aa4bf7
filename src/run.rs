//! A `loclint check` run with bounded memory.
//!
//! Files are checked in parallel, taken in the order of the sorted file list. Each file's
//! findings are rendered in the output format while its text is in memory (positions,
//! snippets and fingerprints need it), then the text is dropped. What happens to the
//! rendered findings depends on what the report needs:
//!
//! - No cross-file rule and a format without a header that needs totals (human, github,
//!   checkstyle, `--statistics`, `--diff`): each file is written as soon as it and the
//!   files before it are done.
//! - Otherwise (cross-file rules, whose findings are known only when every file is checked,
//!   or JSON and SARIF, which start with totals): the rendered findings go to an unnamed
//!   temporary file, with a few bytes per finding kept in memory to merge the cross-file
//!   findings in; the cross-file rules run over compact facts (hashes and ranges, never
//!   texts) kept from every file; then the report is written file by file.
//!
//! Either way the order and the bytes of the report are those of checking everything first
//! and printing everything at the end.

use crate::baseline::{self, Baseline, Entry};
use crate::config::Resolver;
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Checked, timing};
use crate::facts::FactsStore;
use crate::output::{FileView, RecordMeta, RecordSink, Records, Style, Totals, WriterState};
use crate::project::FileFacts;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// What is checked, in report order: the files (sorted), then standard input, then the
/// paths that could not be found or read as files. The paths are kept one after another
/// in one buffer (about 75 bytes a file): a run keeps them until its report is written.
#[derive(Default)]
pub struct Inputs {
    /// The files' paths, then standard input's name, then the missing paths.
    paths: engine::PathList,
    /// How many inputs are files (the first ones).
    files: usize,
    /// Whether standard input follows the files.
    stdin: bool,
    /// Why each of the last inputs could not be read.
    missing: Vec<String>,
}

impl Inputs {
    /// The files, standard input (reported under this name) and the paths that are not
    /// there (or not files) with why.
    pub fn new(
        files: engine::PathList,
        stdin: Option<PathBuf>,
        missing: Vec<(PathBuf, String)>,
    ) -> Inputs {
        let mut inputs = Inputs {
            files: files.len(),
            paths: files,
            stdin: stdin.is_some(),
            missing: Vec::with_capacity(missing.len()),
        };
        if let Some(p) = stdin {
            inputs.paths.push(&p);
        }
        for (p, why) in missing {
            inputs.paths.push(&p);
            inputs.missing.push(why);
        }
        inputs
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The path of input `i`.
    pub fn path(&self, i: usize) -> &Path {
        self.paths.get(i)
    }

    /// Input `i`.
    pub fn get(&self, i: usize) -> Input<'_> {
        let path = self.path(i);
        if i < self.files {
            Input::File(path)
        } else if self.stdin && i == self.files {
            Input::Stdin(path)
        } else {
            let m = i - self.files - usize::from(self.stdin);
            Input::Missing(path, &self.missing[m])
        }
    }

    /// The files' paths.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        (0..self.files).map(|i| self.path(i))
    }
}

/// One thing to check.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    File(&'a Path),
    /// Standard input, reported under this name.
    Stdin(&'a Path),
    /// A named path that is not there (or not a file), with why.
    Missing(&'a Path, &'a str),
}

impl<'a> Input<'a> {
    pub fn path(&self) -> &'a Path {
        match *self {
            Input::File(p) | Input::Stdin(p) | Input::Missing(p, _) => p,
        }
    }
}

/// What the run does besides reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Report the findings.
    Report,
    /// Apply the fixes, write the files, report what is left.
    Fix { unsafe_fixes: bool },
    /// Print the fixes as a unified diff; no report.
    Diff { unsafe_fixes: bool },
    /// Record the findings in a baseline; no report.
    Record,
}

pub struct Options {
    pub style: Style,
    pub mode: Mode,
    /// Findings recorded here are not reported.
    pub baseline: Option<Baseline>,
    /// With `Mode::Record`: the folder the recorded paths are relative to.
    pub record_base: Option<PathBuf>,
    /// Print files that could not be read on standard error as they come (the human format
    /// when its report is not on screen).
    pub errors_to_stderr: bool,
}

/// What a run did.
#[derive(Default)]
pub struct Outcome {
    pub totals: Totals,
    /// Fixes applied and files written.
    pub fixes: usize,
    pub fixed_files: usize,
    /// A file whose fixes did not settle or could not be written (exit 2).
    pub fix_trouble: bool,
    /// With `--diff`: whether any file would change.
    pub changed: bool,
    /// With `Mode::Record`: the findings.
    pub recorded: Vec<Entry>,
    /// Writing the report failed (a closed pipe is not counted).
    pub write_error: Option<std::io::Error>,
    /// What the configuration said of learning terminology on the fly in this run.
    pub learning: crate::terms::check::LearnChoice,
    /// Cross-file work that failed for a bug, a line each (exit 2); the rest of the run
    /// was done.
    pub internal_errors: Vec<String>,
}

/// Files checked ahead of the first one not yet written, at most: what the order of the
/// report costs in memory.
const WINDOW: usize = 64;

/// Bytes that files checked ahead of the first one not yet written may hold (rendered
/// records, findings, facts), past which no further file is started: on a busy machine
/// the writing thread can fall behind, and files with large reports would pile up.
const WINDOW_BYTES: usize = 8 << 20;

/// Findings of one file from which its records are rendered straight into the report
/// when it is written ([`Deferred`]) instead of being kept or spilled.
const DEFER_AT: usize = 10_000;

/// A file with many findings ([`DEFER_AT`]), kept as its text and findings, not rendered:
/// its records are rendered when the report reaches it, straight into the report. Writing
/// them to a temporary file and reading them back would cost more than rendering them
/// (hundreds of MB for a file whose every span is unclosed); holding them in memory would
/// cost more than the findings do. One file at a time is deferred (see `Sink::deferred`);
/// the records of the others go to their temporary file as they are rendered.
struct Deferred {
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// One checked input, ready to be written.
#[derive(Default)]
struct Done {
    /// Excluded by its configuration: not in the report at all.
    skipped: bool,
    error: Option<String>,
    /// The file's locale, when one is known.
    locale: Option<&'static str>,
    /// Its configuration gives that locale a glossary (built in, written or learned).
    glossary: bool,
    records: Records,
    facts: Option<FileFacts>,
    /// What learning terminology on the fly needs (see `terms::check`).
    terms: Option<Box<crate::terms::check::FileTerms>>,
    recorded: Vec<Entry>,
    fixes: usize,
    fix_trouble: bool,
    diff: Option<String>,
    /// The findings to render when the file is written.
    deferred: Option<Deferred>,
}

impl Done {
    fn failed(error: String) -> Done {
        Done {
            error: Some(error),
            ..Done::default()
        }
    }

    /// About the bytes it holds while it waits to be written.
    fn held(&self) -> usize {
        let deferred = self.deferred.as_ref().map_or(0, |d| {
            d.text.len() + d.diagnostics.len() * std::mem::size_of::<Diagnostic>()
        });
        let facts = self.facts.as_ref().map_or(0, |f| {
            f.segments.len() * std::mem::size_of::<crate::project::SegmentFacts>()
                + f.terms.len() * std::mem::size_of::<crate::glossary::TermOccurrence>()
        });
        self.records.bytes_in_memory()
            + self.records.items.len() * std::mem::size_of::<RecordMeta>()
            + deferred
            + facts
            + self.diff.as_ref().map_or(0, String::len)
    }
}

/// What the temporary file of rendered findings holds of each file (spill mode), in report
/// order: a header (the input's index, its number of records, its locale and whether it
/// could not be read or is deferred), the error, then each record with what is known of it
/// (its place and rule, for merging the cross-file records in, 16 bytes) before its bytes.
/// Nothing of a file stays in memory but a bit (whether it has findings).
struct SpillHeader {
    input: u32,
    count: u32,
    locale: Option<&'static str>,
    error: Option<String>,
    deferred: bool,
}

/// Bytes of a record's [`RecordMeta`] in the temporary file.
const META_BYTES: usize = 16;

/// The rules and locales the temporary file names by number.
#[derive(Default)]
struct Names {
    rules: Vec<&'static crate::rule::RuleMeta>,
    locales: Vec<&'static str>,
}

impl Names {
    fn rule(&mut self, rule: &'static crate::rule::RuleMeta) -> u16 {
        match self.rules.iter().position(|r| std::ptr::eq(*r, rule)) {
            Some(i) => i as u16,
            None => {
                self.rules.push(rule);
                (self.rules.len() - 1) as u16
            }
        }
    }

    fn locale(&mut self, locale: Option<&'static str>) -> u16 {
        let Some(locale) = locale else {
            return u16::MAX;
        };
        match self.locales.iter().position(|l| *l == locale) {
            Some(i) => i as u16,
            None => {
                self.locales.push(locale);
                (self.locales.len() - 1) as u16
            }
        }
    }

    fn write_header(&mut self, h: &SpillHeader, out: &mut impl Write) -> std::io::Result<()> {
        let mut bytes = [0u8; 11];
        bytes[..4].copy_from_slice(&h.input.to_le_bytes());
        bytes[4..8].copy_from_slice(&h.count.to_le_bytes());
        bytes[8..10].copy_from_slice(&self.locale(h.locale).to_le_bytes());
        bytes[10] = u8::from(h.error.is_some()) | (u8::from(h.deferred) << 1);
        out.write_all(&bytes)?;
        if let Some(e) = &h.error {
            out.write_all(&(e.len() as u32).to_le_bytes())?;
            out.write_all(e.as_bytes())?;
        }
        Ok(())
    }

    fn read_header(&self, from: &mut impl std::io::Read) -> std::io::Result<SpillHeader> {
        let mut bytes = [0u8; 11];
        from.read_exact(&mut bytes)?;
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4"));
        let locale = u16::from_le_bytes([bytes[8], bytes[9]]);
        let error = if bytes[10] & 1 != 0 {
            let mut len = [0u8; 4];
            from.read_exact(&mut len)?;
            let mut e = vec![0u8; u32::from_le_bytes(len) as usize];
            from.read_exact(&mut e)?;
            Some(String::from_utf8_lossy(&e).into_owned())
        } else {
            None
        };
        Ok(SpillHeader {
            input: u32_at(0),
            count: u32_at(4),
            locale: self.locales.get(locale as usize).copied(),
            error,
            deferred: bytes[10] & 2 != 0,
        })
    }

    fn write_meta(&mut self, m: &RecordMeta, out: &mut impl Write) -> std::io::Result<()> {
        use crate::diagnostic::{Applicability, Severity};
        let mut bytes = [0u8; META_BYTES];
        bytes[..4].copy_from_slice(&m.start.to_le_bytes());
        bytes[4..8].copy_from_slice(&m.end.to_le_bytes());
        bytes[8..12].copy_from_slice(&m.len.to_le_bytes());
        bytes[12..14].copy_from_slice(&self.rule(m.rule).to_le_bytes());
        bytes[14] = match m.severity {
            Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        };
        bytes[15] = match m.fix {
            None => 0,
            Some(Applicability::Safe) => 1,
            Some(Applicability::Unsafe) => 2,
        };
        out.write_all(&bytes)
    }

    fn read_meta(&self, from: &mut impl std::io::Read) -> std::io::Result<RecordMeta> {
        use crate::diagnostic::{Applicability, Severity};
        let mut bytes = [0u8; META_BYTES];
        from.read_exact(&mut bytes)?;
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4"));
        let rule = self
            .rules
            .get(u16::from_le_bytes([bytes[12], bytes[13]]) as usize)
            .copied()
            .ok_or_else(|| std::io::Error::other("a temporary file names an unknown rule"))?;
        Ok(RecordMeta {
            start: u32_at(0),
            end: u32_at(4),
            len: u32_at(8),
            rule,
            severity: match bytes[14] {
                0 => Severity::Info,
                1 => Severity::Warning,
                _ => Severity::Error,
            },
            fix: match bytes[15] {
                0 => None,
                1 => Some(Applicability::Safe),
                _ => Some(Applicability::Unsafe),
            },
        })
    }
}

/// Writes one file to the temporary file of rendered findings.
fn spill_file(
    names: &mut Names,
    header: &SpillHeader,
    records: &mut Records,
    out: &mut impl Write,
) -> std::io::Result<()> {
    names.write_header(header, out)?;
    if header.deferred {
        return Ok(());
    }
    records.for_each(|m, bytes| {
        names.write_meta(m, out)?;
        out.write_all(bytes)
    })
}

/// The in-order end of the run: writes or stores each input's result.
struct Sink<'o> {
    out: &'o mut (dyn Write + Send),
    options: &'o Options,
    /// The temporary file of rendered findings (spill mode).
    spill: Option<BufWriter<std::fs::File>>,
    /// Files written to `spill`.
    spilled: usize,
    /// Findings written to `spill`.
    spilled_findings: usize,
    /// The rules and locales `spill` names by number.
    names: Names,
    /// Inputs with findings of their own (a bit each), for the totals of the cross-file
    /// findings.
    with_findings: Vec<u64>,
    /// The deferred file of spill mode (at most one a run).
    kept_deferred: Option<Deferred>,
    facts: FactsStore,
    /// What learning needs of each file, for the findings about learned terms.
    terms: crate::terms::check::Store,
    state: WriterState,
    outcome: Outcome,
    /// Writing stopped (a closed pipe, or an error kept in the outcome).
    stopped: bool,
    /// Whether a file is deferred ([`Deferred`]) and not yet written: the workers take
    /// it, the sink gives it back once the file is written (in spill mode, never).
    deferred: &'o AtomicBool,
}

impl Sink<'_> {
    fn write_failed(&mut self, e: std::io::Error) {
        if e.kind() != std::io::ErrorKind::BrokenPipe && self.outcome.write_error.is_none() {
            self.outcome.write_error = Some(e);
        }
        self.stopped = true;
    }

    fn take(&mut self, index: usize, input: Input<'_>, done: Done) {
        let deferred = done.deferred.is_some();
        self.take_done(index, input, done);
        if deferred && self.spill.is_none() {
            self.deferred.store(false, Ordering::Release);
        }
    }

    fn take_done(&mut self, index: usize, input: Input<'_>, mut done: Done) {
        if done.skipped {
            return;
        }
        let outcome = &mut self.outcome;
        outcome.fixes += done.fixes;
        outcome.fixed_files += usize::from(done.fixes > 0);
        outcome.fix_trouble |= done.fix_trouble;
        outcome.recorded.extend(done.recorded);
        if let Some(facts) = done.facts {
            self.facts.push(index, &facts);
        }
        if let Some(terms) = done.terms {
            timing::time("(terms: store)", || self.terms.push(index, &terms));
        }
        if let Some(diff) = done.diff {
            outcome.changed = true;
            if !self.stopped
                && let Err(e) = self.out.write_all(diff.as_bytes())
            {
                self.write_failed(e);
            }
            return;
        }
        if !matches!(self.options.mode, Mode::Report | Mode::Fix { .. }) {
            if let Some(error) = &done.error {
                outcome
                    .totals
                    .add_file(input.path(), Some(error), None, std::iter::empty());
            }
            return;
        }
        if self.options.errors_to_stderr
            && let Some(err) = &done.error
        {
            eprintln!("error: {}: {err}", input.path().display());
        }
        let counted = done.records.items.iter().map(RecordMeta::counted);
        self.outcome
            .totals
            .add_file(input.path(), done.error.as_deref(), done.locale, counted);
        if let (None, Some(locale), false) = (&done.error, done.locale, done.glossary) {
            *self
                .outcome
                .totals
                .files_without_glossary
                .entry(locale.to_string())
                .or_default() += 1;
        }
        match &mut self.spill {
            Some(spill) => {
                // A deferred file's records are the metas of its findings, as any file's.
                let count = done.records.items.len();
                if count > 0 {
                    let words = &mut self.with_findings;
                    if words.len() <= index / 64 {
                        words.resize(index / 64 + 1, 0);
                    }
                    words[index / 64] |= 1 << (index % 64);
                }
                let header = SpillHeader {
                    input: index as u32,
                    count: count as u32,
                    locale: done.locale,
                    error: done.error,
                    deferred: done.deferred.is_some(),
                };
                if !self.stopped
                    && let Err(e) = spill_file(&mut self.names, &header, &mut done.records, spill)
                {
                    // The temporary file is part of the run, not of the output: fatal.
                    self.outcome.write_error = Some(std::io::Error::new(
                        e.kind(),
                        format!("writing a temporary file: {e}"),
                    ));
                    self.stopped = true;
                }
                self.spilled += 1;
                self.spilled_findings += count;
                if done.deferred.is_some() {
                    self.kept_deferred = done.deferred;
                }
            }
            None => {
                if self.stopped {
                    return;
                }
                let path = input.path();
                let mut to = Output {
                    style: &self.options.style,
                    state: &mut self.state,
                    out: &mut *self.out,
                };
                let error = done.error.as_deref();
                let count = done.records.items.len();
                let written = (|| {
                    to.style
                        .file_start(path, error, done.locale, count, to.state, to.out)?;
                    match &done.deferred {
                        Some(deferred) => {
                            let no_cross = CrossReader::new(&[], None);
                            render_into(&mut to, path, done.locale, deferred, no_cross)?;
                        }
                        None => done.records.for_each(|_, bytes| to.record(bytes))?,
                    }
                    to.style.file_end(error, count, to.out)
                })();
                if let Err(e) = written {
                    self.write_failed(e);
                }
            }
        }
    }
}

/// Where records are written: the report.
struct Output<'a> {
    style: &'a Style,
    state: &'a mut WriterState,
    out: &'a mut dyn Write,
}

impl Output<'_> {
    fn record(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.style.record(bytes, self.state, self.out)
    }
}

/// Reads one file's cross-file records back, in order, to merge them with its own.
struct CrossReader<'a> {
    records: &'a [CrossRecord],
    file: Option<&'a std::fs::File>,
    next: usize,
    buf: Vec<u8>,
}

impl<'a> CrossReader<'a> {
    fn new(records: &'a [CrossRecord], file: Option<&'a std::fs::File>) -> Self {
        CrossReader {
            records,
            file,
            next: 0,
            buf: Vec::new(),
        }
    }

    /// Writes the records that come before a record of the file's own at `key` (on equal
    /// keys the file's own comes first), or all that are left when `key` is None.
    fn write_before(
        &mut self,
        key: Option<(u32, u32, &'static str)>,
        to: &mut Output<'_>,
    ) -> std::io::Result<()> {
        while let Some(r) = self.records.get(self.next) {
            if key.is_some_and(|key| r.meta.key() >= key) {
                break;
            }
            self.buf.clear();
            self.buf.resize(r.meta.len as usize, 0);
            read_at(self.file, r.offset, &mut self.buf)?;
            to.record(&self.buf)?;
            self.next += 1;
        }
        Ok(())
    }
}

/// Writes a file's records, read one at a time from `own` (into `buf`, which grows to the
/// longest), with its cross-file records merged in by place.
fn write_merged(
    own: &mut impl std::io::Read,
    count: usize,
    names: &Names,
    mut cross: CrossReader<'_>,
    buf: &mut Vec<u8>,
    to: &mut Output<'_>,
) -> std::io::Result<()> {
    for _ in 0..count {
        let m = names.read_meta(own)?;
        crate::output::read_record(own, m.len, buf)?;
        cross.write_before(Some(m.key()), to)?;
        to.record(buf)?;
    }
    cross.write_before(None, to)
}

/// Renders a deferred file's records into the report as they come, with its cross-file
/// records merged in.
fn render_into(
    to: &mut Output<'_>,
    path: &Path,
    locale: Option<&str>,
    deferred: &Deferred,
    cross: CrossReader<'_>,
) -> std::io::Result<()> {
    struct Streamed<'a, 'b> {
        to: &'a mut Output<'b>,
        cross: CrossReader<'a>,
        buf: Vec<u8>,
        error: Option<std::io::Error>,
    }
    impl RecordSink for Streamed<'_, '_> {
        fn record(&mut self, d: &Diagnostic, render: &mut dyn FnMut(&mut Vec<u8>)) {
            if self.error.is_some() {
                return;
            }
            self.buf.clear();
            render(&mut self.buf);
            let key = RecordMeta::of(d).key();
            let written = self
                .cross
                .write_before(Some(key), self.to)
                .and_then(|()| self.to.record(&self.buf));
            if let Err(e) = written {
                self.error = Some(e);
            }
        }
    }
    let view = FileView {
        path,
        locale,
        text: &deferred.text,
    };
    let style = to.style;
    let mut streamed = Streamed {
        to,
        cross,
        buf: Vec::new(),
        error: None,
    };
    style.render(&view, &deferred.diagnostics, &mut streamed);
    if let Some(e) = streamed.error {
        return Err(e);
    }
    streamed.cross.write_before(None, streamed.to)
}

/// Checks every input and writes the report to `out`.
pub fn run(
    inputs: &Inputs,
    resolver: &Resolver,
    options: &Options,
    out: &mut (dyn Write + Send),
) -> Outcome {
    let project_rules = resolver
        .base()
        .enabled_rules()
        .iter()
        .any(|r| r.needs_project());
    let reporting = matches!(options.mode, Mode::Report | Mode::Fix { .. });
    // Terminology learned from what checking keeps of each file (see terms::check): its
    // findings come at the end, like those of the cross-file rules.
    let choice = if reporting || options.mode == Mode::Record {
        crate::terms::check::begin(resolver, inputs.files())
    } else {
        crate::terms::check::LearnChoice::default()
    };
    let learning = choice.on;
    let spill_mode = reporting && (project_rules || learning || options.style.needs_totals_first());
    let deferred = AtomicBool::new(false);
    let mut sink = Sink {
        out,
        options,
        spill: None,
        spilled: 0,
        spilled_findings: 0,
        names: Names::default(),
        with_findings: Vec::new(),
        kept_deferred: None,
        facts: engine::facts_store(resolver),
        terms: crate::terms::check::Store::default(),
        state: WriterState::default(),
        outcome: Outcome {
            learning: choice,
            ..Outcome::default()
        },
        stopped: false,
        deferred: &deferred,
    };
    if spill_mode {
        match tempfile::tempfile() {
            Ok(file) => sink.spill = Some(BufWriter::with_capacity(256 << 10, file)),
            Err(e) => {
                sink.outcome.write_error = Some(std::io::Error::new(
                    e.kind(),
                    format!("creating a temporary file: {e}"),
                ));
                return sink.outcome;
            }
        }
    } else if reporting
        && let Err(e) = options
            .style
            .begin(&Totals::default(), &mut sink.state, sink.out)
    {
        sink.write_failed(e);
    }
    let keep_facts = project_rules && (reporting || options.mode == Mode::Record);
    if keep_facts {
        sink.facts.reserve(inputs.len());
    }
    timing::memory("checking");
    check_in_order(inputs, resolver, options, keep_facts, &mut sink);

    if options.mode == Mode::Record {
        let recorded = Mutex::new(Vec::new());
        let base = options.record_base.as_deref().unwrap_or(Path::new("."));
        let compared = cross_findings(
            inputs,
            &mut sink.facts,
            &mut sink.terms,
            resolver,
            options,
            &|owner, _, text, diagnostics| {
                let entries = baseline::entries(inputs.path(owner), text, &diagnostics, base);
                recorded.lock().expect("recorded").extend(entries);
            },
            &mut sink.outcome.internal_errors,
        );
        if let Err(e) = compared {
            sink.outcome.write_error = Some(e);
        }
        sink.outcome
            .recorded
            .extend(recorded.into_inner().expect("recorded"));
        return sink.outcome;
    }
    if !reporting {
        return sink.outcome;
    }
    if !spill_mode {
        if !sink.stopped
            && let Err(e) = options
                .style
                .end(&sink.outcome.totals, &mut sink.state, sink.out)
        {
            sink.write_failed(e);
        }
        return sink.outcome;
    }
    // The cross-file findings, rendered per file into a second temporary file.
    timing::memory("files checked");
    if timing::enabled() {
        eprintln!(
            "loclint: facts of {} files: {:.1} MB in memory, {:.1} MB in a temporary file; {} findings kept for the report",
            sink.facts.len(),
            sink.facts.bytes() as f64 / 1e6,
            sink.facts.bytes_on_disk() as f64 / 1e6,
            sink.spilled_findings
        );
    }
    let cross = match render_cross(
        inputs,
        &mut sink.facts,
        &mut sink.terms,
        resolver,
        options,
        &mut sink.outcome.internal_errors,
    ) {
        Ok(cross) => cross,
        Err(e) => {
            sink.outcome.write_error = Some(e);
            return sink.outcome;
        }
    };
    timing::memory("cross-file findings rendered");
    sink.facts = FactsStore::default();
    write_spilled(inputs, sink, cross)
}

/// A rendered cross-file finding in the second temporary file.
struct CrossRecord {
    owner: usize,
    locale: Option<&'static str>,
    meta: RecordMeta,
    /// Which comparison rendered it, and its place among that comparison's findings of the
    /// file: the order of findings of one rule at one place.
    batch: usize,
    seq: usize,
    offset: u64,
}

/// The rendered cross-file findings: records sorted by file and place, and their bytes.
struct Cross {
    records: Vec<CrossRecord>,
    file: Option<std::fs::File>,
}

impl Cross {
    /// The records of one file (`records` is sorted by owner).
    fn of(&self, owner: usize) -> &[CrossRecord] {
        let start = self.records.partition_point(|r| r.owner < owner);
        let end = self.records.partition_point(|r| r.owner <= owner);
        &self.records[start..end]
    }
}

fn render_cross(
    inputs: &Inputs,
    facts: &mut FactsStore,
    terms: &mut crate::terms::check::Store,
    resolver: &Resolver,
    options: &Options,
    internal_errors: &mut Vec<String>,
) -> std::io::Result<Cross> {
    struct State {
        file: BufWriter<std::fs::File>,
        written: u64,
        records: Vec<CrossRecord>,
        batches: usize,
        error: Option<std::io::Error>,
    }
    let file = tempfile::tempfile()?;
    let state = Mutex::new(State {
        file: BufWriter::with_capacity(64 << 10, file),
        written: 0,
        records: Vec::new(),
        batches: 0,
        error: None,
    });
    let compared = cross_findings(
        inputs,
        facts,
        terms,
        resolver,
        options,
        &|owner, locale, text, diagnostics| {
            let mut records = Records::default();
            let view = FileView {
                path: inputs.path(owner),
                locale,
                text,
            };
            options.style.render(&view, &diagnostics, &mut records);
            let mut st = state.lock().expect("cross records");
            let st = &mut *st;
            let batch = st.batches;
            st.batches += 1;
            let mut offset = st.written;
            for (seq, meta) in records.items.iter().enumerate() {
                st.records.push(CrossRecord {
                    owner,
                    locale,
                    meta: *meta,
                    batch,
                    seq,
                    offset,
                });
                offset += u64::from(meta.len);
            }
            st.written = offset;
            if st.error.is_none()
                && let Err(e) = records.write_to(&mut st.file)
            {
                st.error = Some(e);
            }
        },
        internal_errors,
    );
    compared?;
    let mut st = state.into_inner().expect("cross records");
    if let Some(e) = st.error {
        return Err(std::io::Error::new(
            e.kind(),
            format!("writing a temporary file: {e}"),
        ));
    }
    st.records.sort_by(|a, b| {
        (a.owner, a.meta.key(), a.batch, a.seq).cmp(&(b.owner, b.meta.key(), b.batch, b.seq))
    });
    let file = st.file.into_inner().map_err(|e| e.into_error())?;
    Ok(Cross {
        records: st.records,
        file: Some(file),
    })
}

/// Writes the report from the temporary file, merging each file's cross-file findings in.
fn write_spilled(inputs: &Inputs, mut sink: Sink<'_>, cross: Cross) -> Outcome {
    timing::time("(output)", || {
        // The cross-file findings in the totals (a file's own are in already).
        let totals = &mut sink.outcome.totals;
        let mut at = 0;
        while let Some(first) = cross.records.get(at) {
            let owner = first.owner;
            let end = at + cross.records[at..].partition_point(|r| r.owner == owner);
            let had = sink
                .with_findings
                .get(owner / 64)
                .is_some_and(|w| w & (1 << (owner % 64)) != 0);
            let counted = cross.records[at..end].iter().map(|r| r.meta.counted());
            totals.add_findings(first.locale, counted, had);
            at = end;
        }
        if sink.stopped {
            return sink.outcome;
        }
        let spill = sink.spill.take().expect("spill mode has a temporary file");
        let mut spill = match spill
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|mut f| {
                f.rewind()?;
                Ok(BufReader::with_capacity(256 << 10, f))
            }) {
            Ok(reader) => reader,
            Err(e) => {
                sink.outcome.write_error = Some(std::io::Error::new(
                    e.kind(),
                    format!("reading a temporary file: {e}"),
                ));
                return sink.outcome;
            }
        };
        let style = &sink.options.style;
        let mut to = Output {
            style,
            state: &mut sink.state,
            out: &mut *sink.out,
        };
        let result = (|| -> std::io::Result<()> {
            style.begin(&sink.outcome.totals, to.state, to.out)?;
            // One record at a time, in a buffer as long as the longest record.
            let mut buf = Vec::new();
            for _ in 0..sink.spilled {
                let header = sink.names.read_header(&mut spill)?;
                let path = inputs.path(header.input as usize);
                let error = header.error.as_deref();
                let extra = cross.of(header.input as usize);
                let count = header.count as usize + extra.len();
                style.file_start(path, error, header.locale, count, to.state, to.out)?;
                let cross = CrossReader::new(extra, cross.file.as_ref());
                match (&sink.kept_deferred, header.deferred) {
                    (Some(deferred), true) => {
                        render_into(&mut to, path, header.locale, deferred, cross)?
                    }
                    _ => write_merged(
                        &mut spill,
                        header.count as usize,
                        &sink.names,
                        cross,
                        &mut buf,
                        &mut to,
                    )?,
                }
                style.file_end(error, count, to.out)?;
            }
            style.end(&sink.outcome.totals, to.state, to.out)
        })();
        if let Err(e) = result {
            sink.write_failed(e);
        }
        timing::memory("report written");
        sink.outcome
    })
}

fn read_at(file: Option<&std::fs::File>, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    match file {
        Some(f) => f.read_exact_at(buf, offset),
        None => Err(std::io::Error::other("no temporary file")),
    }
}

/// Receives one file's cross-file findings: the file's index, locale, text and findings.
type CrossFindings<'a> = dyn Fn(usize, Option<&'static str>, &str, Vec<Diagnostic>) + Sync + 'a;

/// Runs the cross-file rules and hands each file's findings of one comparison to `each`
/// with the file's text (read again: only the files with such findings), suppressed,
/// baseline-filtered and sorted.
fn cross_findings(
    inputs: &Inputs,
    facts: &mut FactsStore,
    terms: &mut crate::terms::check::Store,
    resolver: &Resolver,
    options: &Options,
    each: &CrossFindings<'_>,
    internal_errors: &mut Vec<String>,
) -> std::io::Result<()> {
    let path_of = |owner: usize| inputs.path(owner);
    let found = |f: engine::CrossFindings| {
        let path = inputs.path(f.owner);
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        let text = engine::text_of(&bytes);
        let mut diagnostics = f.diagnostics;
        crate::suppress::apply_later(&text, &f.suppressions, &mut diagnostics);
        if let Some(baseline) = &options.baseline {
            baseline.retain(path, &text, &mut diagnostics);
        }
        engine::sort_findings(&mut diagnostics);
        if !diagnostics.is_empty() {
            each(f.owner, f.locale, &text, diagnostics);
        }
    };
    let (compared, failed) = engine::cross_all(facts, terms, &path_of, resolver, &found);
    internal_errors.extend(failed);
    compared
}

/// Checks the inputs on worker threads, taken in order, and hands each result to the sink
/// in order; at most [`WINDOW`] results wait for an earlier one. The worker that finishes
/// the file the report waits for writes it, and every later one already waiting, while
/// the other workers go on checking: no thread sits between the workers and the report,
/// so a file costs no wake-up and no thread switch (on a small machine those cost more
/// than writing the file's findings does).
fn check_in_order(
    inputs: &Inputs,
    resolver: &Resolver,
    options: &Options,
    keep_facts: bool,
    sink: &mut Sink<'_>,
) {
    let order = Mutex::new(Order::default());
    // Signalled when `Order::next` moves, for the workers waiting for room.
    let room = Condvar::new();
    let counter = AtomicUsize::new(0);
    // Bytes held by files checked and not yet written (`Done::held`).
    let held = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, inputs.len().max(1));
    let deferred = sink.deferred;
    // Only the worker that set `Order::writing` locks it: never contended.
    let sink = Mutex::new(sink);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (order, room, counter, held, sink) = (&order, &room, &counter, &held, &sink);
            let worker = Worker {
                resolver,
                options,
                keep_facts,
                deferred,
            };
            scope.spawn(move || {
                loop {
                    let i = counter.fetch_add(1, Ordering::Relaxed);
                    if i >= inputs.len() {
                        break;
                    }
                    {
                        // The file the report waits for is always checked.
                        let mut o = order.lock().expect("report order");
                        while i >= o.next + WINDOW
                            || (i > o.next && held.load(Ordering::Acquire) >= WINDOW_BYTES)
                        {
                            o.waiting += 1;
                            o = room.wait(o).expect("report order");
                            o.waiting -= 1;
                        }
                    }
                    let done = crate::engine::catch_internal(|| check_one(inputs.get(i), &worker))
                        .unwrap_or_else(|what| Done::failed(crate::engine::checking_failed(&what)));
                    let bytes = done.held();
                    held.fetch_add(bytes, Ordering::AcqRel);
                    {
                        let mut o = order.lock().expect("report order");
                        o.pending.insert(i, (done, bytes));
                        if o.writing || i != o.next {
                            // Whoever writes, or finishes the file waited for, writes it.
                            continue;
                        }
                        o.writing = true;
                    }
                    write_ready(
                        inputs,
                        order,
                        room,
                        held,
                        &mut sink.lock().expect("report sink"),
                    );
                }
            });
        }
    });
}

/// Hands the checked inputs to the sink in order, from `Order::next` until one is not
/// checked yet, then clears `Order::writing` (which the caller set).
fn write_ready(
    inputs: &Inputs,
    order: &Mutex<Order>,
    room: &Condvar,
    held: &AtomicUsize,
    sink: &mut Sink<'_>,
) {
    loop {
        let (next, (done, bytes)) = {
            let mut o = order.lock().expect("report order");
            // After the last write: `next` and `held` have moved.
            if o.waiting > 0 {
                room.notify_all();
            }
            let next = o.next;
            match o.pending.remove(&next) {
                Some(ready) => {
                    o.next += 1;
                    (next, ready)
                }
                None => {
                    o.writing = false;
                    return;
                }
            }
        };
        sink.take(next, inputs.get(next), done);
        held.fetch_sub(bytes, Ordering::AcqRel);
    }
}

/// Where the report stands, shared by the workers ([`check_in_order`]).
#[derive(Default)]
struct Order {
    /// The first input not yet handed to the sink.
    next: usize,
    /// Inputs checked and not yet handed to the sink, with the bytes they hold.
    pending: BTreeMap<usize, (Done, usize)>,
    /// A worker is handing inputs to the sink.
    writing: bool,
    /// Workers waiting for room (`WINDOW`, `WINDOW_BYTES`).
    waiting: usize,
}

/// What checking a file needs besides the file.
struct Worker<'a> {
    resolver: &'a Resolver,
    options: &'a Options,
    keep_facts: bool,
    /// Whether a file is deferred ([`Deferred`]): a worker may defer one when none is.
    deferred: &'a AtomicBool,
}

/// Checks one input (and fixes it, with `--fix`/`--diff`) and renders its findings.
fn check_one(input: Input<'_>, worker: &Worker<'_>) -> Done {
    let path = input.path();
    let resolver = worker.resolver;
    if let Input::Missing(_, error) = input {
        return Done::failed(error.to_string());
    }
    let settings = match resolver.settings_for(path) {
        Ok(settings) => settings,
        Err(error) => return Done::failed(error),
    };
    if settings
        .config
        .as_ref()
        .is_some_and(|c| c.is_excluded(path))
    {
        return Done {
            skipped: true,
            ..Done::default()
        };
    }
    match input {
        Input::Stdin(_) => match crate::inputs::read_input(&mut std::io::stdin().lock()) {
            Ok(bytes) => {
                let rules = crate::inputs::per_file_rules(&settings);
                checked_bytes(path, &bytes, &rules, &settings, worker, false)
            }
            Err(error) => Done::failed(error),
        },
        _ => engine::with_buffer(|buf| match engine::read_regular_file(path, buf) {
            Ok(()) => {
                let rules = settings.enabled_rules();
                checked_bytes(path, buf, &rules, &settings, worker, worker.keep_facts)
            }
            Err(error) => Done::failed(error),
        }),
    }
}

fn checked_bytes(
    path: &Path,
    bytes: &[u8],
    rules: &[&'static dyn crate::rule::Rule],
    settings: &engine::Settings,
    worker: &Worker<'_>,
    keep_facts: bool,
) -> Done {
    let options = worker.options;
    let checked = match engine::check_bytes(path, bytes, rules, settings) {
        Ok(checked) => checked,
        Err(error) => return Done::failed(error),
    };
    let text = engine::text_of(bytes);
    let mut done = Done {
        locale: checked.locale.as_deref().map(crate::project::intern),
        glossary: checked
            .locale
            .as_deref()
            .is_some_and(|l| settings.has_glossary(l)),
        ..Done::default()
    };
    let (
        Checked {
            mut diagnostics,
            facts,
            terms,
            ..
        },
        text,
    ) = match options.mode {
        Mode::Fix { unsafe_fixes } | Mode::Diff { unsafe_fixes } => {
            let fixed = fix(
                path,
                &text,
                checked,
                rules,
                settings,
                options.mode,
                unsafe_fixes,
                &mut done,
            );
            match fixed {
                // The report is about the fixed file.
                Some((after, Some(fixed))) => (after, Cow::Owned(fixed)),
                Some((after, None)) => (after, text),
                None => return done,
            }
        }
        _ => (checked, text),
    };
    if let Some(baseline) = &options.baseline {
        baseline.retain(path, &text, &mut diagnostics);
    }
    if keep_facts {
        done.facts = facts;
    }
    done.terms = terms;
    match options.mode {
        Mode::Record => {
            let base = options.record_base.as_deref().unwrap_or(Path::new("."));
            done.recorded = baseline::entries(path, &text, &diagnostics, base);
        }
        _ if options.style.renders_findings()
            && diagnostics.len() >= DEFER_AT
            && worker
                .deferred
                .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok() =>
        {
            done.records.items = diagnostics.iter().map(RecordMeta::of).collect();
            done.deferred = Some(Deferred {
                text: text.into_owned(),
                diagnostics,
            });
        }
        _ if options.style.renders_findings() => {
            let view = FileView {
                path,
                locale: done.locale,
                text: &text,
            };
            timing::time("(output)", || {
                options.style.render(&view, &diagnostics, &mut done.records)
            });
        }
        _ => {
            done.records.items = diagnostics.iter().map(RecordMeta::of).collect();
        }
    }
    done
}

/// Applies the fixes of a checked file: writes it (`--fix`) or renders the diff (`--diff`).
/// Returns the check of what is now in the file with its text when it changed, or None
/// when there is nothing more to report (`--diff`).
// `text` is a Cow because whether it is borrowed tells that the file was valid UTF-8.
#[allow(clippy::too_many_arguments, clippy::ptr_arg)]
fn fix(
    path: &Path,
    text: &Cow<'_, str>,
    checked: Checked,
    rules: &[&'static dyn crate::rule::Rule],
    settings: &engine::Settings,
    mode: Mode,
    unsafe_fixes: bool,
    done: &mut Done,
) -> Option<(Checked, Option<String>)> {
    let diff = matches!(mode, Mode::Diff { .. });
    let fixable = checked
        .diagnostics
        .iter()
        .any(|d| crate::fix::is_fixable(d, unsafe_fixes));
    // Only text that is UTF-8 as stored has fixes (invalid bytes are reported, not fixed).
    if !fixable || matches!(text, Cow::Owned(_)) {
        return (!diff).then_some((checked, None));
    }
    let (fixed, applied, after) =
        match crate::fix::fix_text(path, text, rules, settings, unsafe_fixes) {
            Ok(done) => done,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                done.fix_trouble = true;
                return (!diff).then_some((checked, None));
            }
        };
    if applied == 0 || fixed == text.as_ref() {
        return (!diff).then_some((checked, None));
    }
    if diff {
        done.diff = Some(crate::fix::unified_diff(path, text, &fixed));
        return None;
    }
    match crate::fix::write_fixed(path, fixed.as_bytes()) {
        Ok(()) => {
            done.fixes = applied;
            Some((after, Some(fixed)))
        }
        Err(e) => {
            eprintln!("error: {}: could not write the fixes: {e}", path.display());
            done.fix_trouble = true;
            Some((checked, None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::RuleMeta;

    fn meta(start: u32, rule: &'static RuleMeta, len: usize) -> RecordMeta {
        RecordMeta {
            start,
            end: start + 1,
            rule,
            severity: crate::diagnostic::Severity::Error,
            fix: None,
            len: len as u32,
        }
    }

    /// A record of `len` bytes, all `b`.
    fn body(b: u8, len: usize) -> Vec<u8> {
        vec![b; len]
    }

    #[test]
    fn a_file_s_records_and_its_cross_file_records_merge_one_at_a_time() {
        // Records longer than the reader's buffer (256 KB), own and cross-file ones at
        // the same places: in place order, a file's own record first on the same key.
        let (early, late) = (
            &crate::rules::InvalidEncoding::META,
            &crate::rules::UnusedSuppression::META,
        );
        assert!(early.name < late.name);
        let big = 300_000;
        let own = [
            (10, early, big, b'a'),
            (20, early, 7, b'b'),
            (20, late, big + 1, b'c'),
            (30, early, 5, b'd'),
            (50, late, big + 2, b'e'),
        ];
        let cross = [
            (5, early, 3, b'A'),
            (20, early, big + 3, b'B'),
            (25, late, 4, b'C'),
            (50, late, 6, b'D'),
            (60, early, big + 4, b'E'),
            (60, early, 2, b'F'),
        ];
        // Each record with its meta before it, as the temporary file holds them.
        let mut own_bytes = Vec::new();
        let mut names = Names::default();
        for &(start, rule, len, b) in &own {
            names
                .write_meta(&meta(start, rule, len), &mut own_bytes)
                .unwrap();
            own_bytes.extend(body(b, len));
        }
        let mut file = tempfile::tempfile().unwrap();
        let mut offset = 0;
        let records: Vec<CrossRecord> = cross
            .iter()
            .enumerate()
            .map(|(seq, &(start, rule, len, b))| {
                file.write_all(&body(b, len)).unwrap();
                let r = CrossRecord {
                    owner: 0,
                    locale: None,
                    meta: meta(start, rule, len),
                    batch: 0,
                    seq,
                    offset,
                };
                offset += len as u64;
                r
            })
            .collect();
        // Expected: the stable merge by key, own records first on equal keys.
        // (key, own 0 or cross-file 1, place in its list, bytes)
        type Keyed = ((u32, u32, &'static str), usize, usize, Vec<u8>);
        let mut all: Vec<Keyed> = Vec::new();
        for (i, &(start, rule, len, b)) in own.iter().enumerate() {
            all.push((meta(start, rule, len).key(), 0, i, body(b, len)));
        }
        for (i, &(start, rule, len, b)) in cross.iter().enumerate() {
            all.push((meta(start, rule, len).key(), 1, i, body(b, len)));
        }
        all.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
        let expected: Vec<u8> = all.into_iter().flat_map(|x| x.3).collect();

        let style = Style::Concise { summary: false };
        let mut state = WriterState::default();
        let mut written = Vec::new();
        let mut to = Output {
            style: &style,
            state: &mut state,
            out: &mut written,
        };
        let mut buf = Vec::new();
        let mut reader = std::io::BufReader::with_capacity(256 << 10, &own_bytes[..]);
        let cross = CrossReader::new(&records, Some(&file));
        write_merged(&mut reader, own.len(), &names, cross, &mut buf, &mut to).unwrap();
        assert!(written == expected, "records out of order");
        // One record at a time: the buffer holds the longest record, not the file.
        assert!(buf.len() < big + 10 && own_bytes.len() > 3 * big);
    }
}
