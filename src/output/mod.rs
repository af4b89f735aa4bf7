//! Output formats. Each renders one file's findings into records while the file's text is
//! at hand (positions, snippets and fingerprints need it), and frames the records of every
//! file into one report. A run (src/run.rs) writes each file's records as soon as they are
//! known, in the order of the sorted file list, so neither the texts nor the findings of a
//! whole run are kept in memory.

pub mod checkstyle;
pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod statistics;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::FileReport;
use crate::rule::{Category, RuleMeta};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut totals = Totals::default();
        for r in reports {
            totals.add_file(
                &r.path,
                r.error.as_deref(),
                r.locale.as_deref(),
                r.diagnostics.iter().map(Counted::of),
            );
        }
        totals.summary
    }
}

/// What the report's totals count of one finding.
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// How safe its fix is, when it has one.
    pub fix: Option<Applicability>,
}

impl Counted {
    pub fn of(d: &Diagnostic) -> Counted {
        Counted {
            rule: d.rule,
            severity: d.severity,
            fix: d.fix.as_ref().map(|f| f.applicability),
        }
    }
}

/// Everything a report's header and footer say: the counts, the files that could not be
/// read, and the findings per rule (for `--statistics`).
#[derive(Debug, Default)]
pub struct Totals {
    pub summary: Summary,
    /// Files with at least one finding.
    pub with_findings: usize,
    pub file_errors: Vec<(PathBuf, String)>,
    /// Findings per (rule, severity).
    pub per_rule: HashMap<(&'static str, Severity), (&'static RuleMeta, usize)>,
    /// Findings with a safe fix, and with an unsafe one.
    pub fixable: (usize, usize),
    /// Findings per locale (`unknown` when the file has none) and category.
    pub by_locale: BTreeMap<String, BTreeMap<Category, usize>>,
    /// Files read whose locale is unknown, and the first of them.
    pub unknown_locale: usize,
    pub first_unknown_locale: Option<PathBuf>,
    /// Files read per known locale.
    pub files_by_locale: BTreeMap<String, usize>,
    /// Files read per known locale whose configuration gives it no glossary.
    pub files_without_glossary: BTreeMap<String, usize>,
}

impl Totals {
    /// Counts one file: its error, if it could not be read, and its findings.
    pub fn add_file(
        &mut self,
        path: &Path,
        error: Option<&str>,
        locale: Option<&str>,
        findings: impl Iterator<Item = Counted>,
    ) {
        match error {
            Some(e) => {
                self.summary.unreadable += 1;
                self.file_errors.push((path.to_path_buf(), e.to_string()));
            }
            None => {
                self.summary.files += 1;
                match locale {
                    Some(locale) => match self.files_by_locale.get_mut(locale) {
                        Some(n) => *n += 1,
                        None => {
                            self.files_by_locale.insert(locale.to_string(), 1);
                        }
                    },
                    None => {
                        self.unknown_locale += 1;
                        if self.first_unknown_locale.is_none() {
                            self.first_unknown_locale = Some(path.to_path_buf());
                        }
                    }
                }
            }
        }
        self.add_findings(locale, findings, false);
    }

    /// Counts more findings of a file: `counted` says whether the file was counted with
    /// findings before.
    pub fn add_findings(
        &mut self,
        locale: Option<&str>,
        findings: impl Iterator<Item = Counted>,
        counted: bool,
    ) {
        let mut any = false;
        let mut by_category: BTreeMap<Category, usize> = BTreeMap::new();
        for f in findings {
            any = true;
            match f.fix {
                Some(Applicability::Safe) => self.fixable.0 += 1,
                Some(Applicability::Unsafe) => self.fixable.1 += 1,
                None => {}
            }
            *by_category.entry(f.rule.category).or_default() += 1;
            match f.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Info => self.summary.infos += 1,
            }
            self.per_rule
                .entry((f.rule.name, f.severity))
                .or_insert((f.rule, 0))
                .1 += 1;
        }
        if any {
            let counts = self
                .by_locale
                .entry(locale.unwrap_or(html::UNKNOWN).to_string())
                .or_default();
            for (c, n) in by_category {
                *counts.entry(c).or_default() += n;
            }
        }
        self.with_findings += usize::from(any && !counted);
    }

    /// Whether any finding is at or above `threshold`.
    pub fn any_at_least(&self, threshold: Severity) -> bool {
        let s = &self.summary;
        match threshold {
            Severity::Error => s.errors > 0,
            Severity::Warning => s.errors + s.warnings > 0,
            Severity::Info => s.errors + s.warnings + s.infos > 0,
        }
    }
}

/// One file as the formats see it: its path as given, its locale and its text.
pub struct FileView<'a> {
    pub path: &'a Path,
    pub locale: Option<&'a str>,
    pub text: &'a str,
}

/// Where a rendered finding sits in its file, for merging the findings of the cross-file
/// rules in, and what the totals count of it.
#[derive(Clone, Copy, Debug)]
pub struct RecordMeta {
    pub start: u32,
    pub end: u32,
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// How safe its fix is, when it has one.
    pub fix: Option<Applicability>,
    /// Length of the rendered record in `Records::bytes`.
    pub len: u32,
}

impl RecordMeta {
    /// What is known of a finding before it is rendered (`len` 0).
    pub fn of(d: &Diagnostic) -> RecordMeta {
        RecordMeta {
            start: d.range.start,
            end: d.range.end,
            rule: d.rule,
            severity: d.severity,
            fix: d.fix.as_ref().map(|f| f.applicability),
            len: 0,
        }
    }

    /// The order of findings in a file: by range, then rule name.
    pub fn key(&self) -> (u32, u32, &'static str) {
        (self.start, self.end, self.rule.name)
    }

    pub fn counted(&self) -> Counted {
        Counted {
            rule: self.rule,
            severity: self.severity,
            fix: self.fix,
        }
    }
}

/// Where the formats put the findings they render, one record each, in file order: kept
/// ([`Records`]) or written as they come.
pub trait RecordSink {
    /// Renders one finding with `render`, which appends its bytes to the (empty or
    /// partly filled) buffer it is given.
    fn record(&mut self, d: &Diagnostic, render: &mut dyn FnMut(&mut Vec<u8>));
}

/// Rendered bytes a [`Records`] keeps in memory at most (plus one record): past this, they
/// are written to a temporary file of their own, so a file with a very large report does
/// not hold it in memory, nor copy it over and over as a growing buffer would.
const RECORDS_IN_MEMORY: usize = 4 << 20;

/// The rendered findings of one file, in file order.
#[derive(Debug, Default)]
pub struct Records {
    /// The records after those in `overflow`.
    bytes: Vec<u8>,
    pub items: Vec<RecordMeta>,
    /// The first records, once there were more than [`RECORDS_IN_MEMORY`] bytes of them.
    overflow: Option<Overflow>,
}

/// Records written out of memory: the first `len` bytes of `file`.
#[derive(Debug)]
struct Overflow {
    file: std::fs::File,
    len: u64,
    /// Writing failed: the records from here on stay in memory.
    failed: bool,
}

impl RecordSink for Records {
    fn record(&mut self, d: &Diagnostic, render: &mut dyn FnMut(&mut Vec<u8>)) {
        let before = self.bytes.len();
        render(&mut self.bytes);
        self.items.push(RecordMeta {
            len: (self.bytes.len() - before) as u32,
            ..RecordMeta::of(d)
        });
        if self.bytes.len() >= RECORDS_IN_MEMORY {
            self.write_out();
        }
    }
}

impl Records {
    /// Moves the records in memory to the temporary file. Where it cannot be created or
    /// written, they stay in memory: the report is still right, only larger in memory.
    fn write_out(&mut self) {
        if self.overflow.as_ref().is_some_and(|o| o.failed) {
            return;
        }
        if self.overflow.is_none() {
            let Ok(file) = tempfile::tempfile() else {
                return;
            };
            self.overflow = Some(Overflow {
                file,
                len: 0,
                failed: false,
            });
        }
        let Some(o) = &mut self.overflow else { return };
        match o.file.write_all(&self.bytes) {
            Ok(()) => {
                o.len += self.bytes.len() as u64;
                self.bytes.clear();
            }
            // What was written past `len` is never read.
            Err(_) => o.failed = true,
        }
    }

    /// Bytes of the records in memory (for tests of what a file's report costs).
    pub fn bytes_in_memory(&self) -> usize {
        self.bytes.capacity()
    }

    /// The bytes of all the records, in order.
    pub fn reader(&mut self) -> std::io::Result<impl Read + '_> {
        use std::io::Seek;
        let first = match &mut self.overflow {
            Some(o) => {
                o.file.rewind()?;
                Some(std::io::BufReader::with_capacity(
                    256 << 10,
                    (&o.file).take(o.len),
                ))
            }
            None => None,
        };
        let first: Box<dyn Read + '_> = match first {
            Some(r) => Box::new(r),
            None => Box::new(std::io::empty()),
        };
        Ok(first.chain(&self.bytes[..]))
    }

    /// Writes the bytes of all the records, in order.
    pub fn write_to(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.overflow.is_none() {
            return out.write_all(&self.bytes);
        }
        std::io::copy(&mut self.reader()?, out)?;
        Ok(())
    }

    /// Hands each record with its bytes to `each`, in order, reading those written out
    /// of memory a record at a time.
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(&RecordMeta, &[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.overflow.is_none() {
            let mut at = 0;
            for m in &self.items {
                each(m, &self.bytes[at..at + m.len as usize])?;
                at += m.len as usize;
            }
            return Ok(());
        }
        let items = std::mem::take(&mut self.items);
        let mut buf = Vec::new();
        let result = (|| {
            let mut reader = self.reader()?;
            for m in &items {
                read_record(&mut reader, m.len, &mut buf)?;
                each(m, &buf)?;
            }
            Ok(())
        })();
        self.items = items;
        result
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Reads the next record of `len` bytes into `buf` (reused: it grows to the longest record).
pub fn read_record(reader: &mut impl Read, len: u32, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    buf.resize(len as usize, 0);
    reader.read_exact(buf)
}

/// An output format with its options.
pub enum Style {
    /// rustc-style snippets cut to `width` columns; `summary`: the closing count lines.
    Human {
        color: bool,
        width: usize,
        summary: bool,
    },
    /// One line per finding; `summary`: the human format's closing lines.
    Concise {
        summary: bool,
    },
    /// One HTML page.
    Html,
    Json,
    /// `cwd`: the directory relative URIs start from.
    Sarif {
        cwd: Option<PathBuf>,
    },
    Github {
        cwd: Option<PathBuf>,
    },
    Checkstyle,
    /// Counts per rule instead of findings.
    Statistics {
        json: bool,
        quiet: bool,
    },
}

/// What the writer remembers between files.
#[derive(Default)]
pub struct WriterState {
    /// Records written so far (JSON and SARIF separate them with commas).
    pub records: usize,
    /// The end of the document (the part after the records), from `begin`.
    tail: Vec<u8>,
    /// The indentation of the closing bracket of the record list.
    close_indent: usize,
}

impl Style {
    /// Whether the report starts with what only the whole run knows (the totals, the files
    /// that could not be read), so the records must wait until every file was checked.
    pub fn needs_totals_first(&self) -> bool {
        matches!(self, Style::Json | Style::Sarif { .. } | Style::Html)
    }

    /// Whether the format shows findings (else it only counts them).
    pub fn renders_findings(&self) -> bool {
        !matches!(self, Style::Statistics { .. })
    }

    /// Renders the findings of one file, in the order given.
    pub fn render(
        &self,
        view: &FileView<'_>,
        diagnostics: &[Diagnostic],
        out: &mut dyn RecordSink,
    ) {
        if diagnostics.is_empty() {
            return;
        }
        match self {
            Style::Human { color, width, .. } => {
                human::render_file(view, diagnostics, *color, *width, out)
            }
            Style::Concise { .. } => concise::render_file(view, diagnostics, out),
            Style::Html => html::render_file(view, diagnostics, out),
            Style::Json => json::render_file(view, diagnostics, out),
            Style::Sarif { cwd } => sarif::render_file(view, diagnostics, cwd.as_deref(), out),
            Style::Github { cwd } => github::render_file(view, diagnostics, cwd.as_deref(), out),
            Style::Checkstyle => checkstyle::render_file(view, diagnostics, out),
            Style::Statistics { .. } => {
                for d in diagnostics {
                    out.record(d, &mut |_| {});
                }
            }
        }
    }

    /// The start of the report. Formats with `needs_totals_first` need the final totals
    /// here; the others ignore them.
    pub fn begin(
        &self,
        totals: &Totals,
        state: &mut WriterState,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let (head, tail) = match self {
            Style::Json => json::frame(totals),
            Style::Sarif { cwd } => sarif::frame(totals, cwd.as_deref()),
            Style::Checkstyle => return checkstyle::begin(out),
            Style::Html => return html::begin(totals, out),
            _ => return Ok(()),
        };
        // The list of records is the last `[` of the head; its closing bracket is indented
        // like the line that opens it.
        let line_start = head.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        state.close_indent = head[line_start..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        state.tail = tail;
        out.write_all(&head)
    }

    /// What comes before a file's records: its error, if it could not be read, and the
    /// file's heading; `count` is the number of records that follow.
    pub fn file_start(
        &self,
        path: &Path,
        error: Option<&str>,
        locale: Option<&str>,
        count: usize,
        _state: &mut WriterState,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        match self {
            Style::Concise { .. } => concise::file_start(path, error, out),
            Style::Html => html::file_start(path, locale, count, out),
            Style::Human { .. } => match error {
                Some(err) => writeln!(out, "error: {}: {err}", display(path)),
                None => Ok(()),
            },
            Style::Github { cwd } => github::file_start(path, error, cwd.as_deref(), out),
            Style::Checkstyle => checkstyle::file_start(path, error, count, out),
            Style::Json | Style::Sarif { .. } | Style::Statistics { .. } => Ok(()),
        }
    }

    /// One record of a file, between [`Style::file_start`] and [`Style::file_end`].
    pub fn record(
        &self,
        record: &[u8],
        state: &mut WriterState,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        match self {
            Style::Json | Style::Sarif { .. } => {
                out.write_all(if state.records == 0 { b"\n" } else { b",\n" })?;
                out.write_all(record)?;
                state.records += 1;
                Ok(())
            }
            Style::Statistics { .. } => Ok(()),
            _ => out.write_all(record),
        }
    }

    /// What comes after a file's `count` records.
    pub fn file_end(
        &self,
        error: Option<&str>,
        count: usize,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        match self {
            Style::Html => html::file_end(count, out),
            Style::Checkstyle => checkstyle::file_end(error, count, out),
            _ => Ok(()),
        }
    }

    /// The end of the report.
    pub fn end(
        &self,
        totals: &Totals,
        state: &mut WriterState,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        match self {
            Style::Human { summary, .. } => {
                if *summary {
                    human::summary(totals, out)?;
                }
                Ok(())
            }
            Style::Json | Style::Sarif { .. } => {
                if state.records > 0 {
                    out.write_all(b"\n")?;
                    out.write_all(&b" ".repeat(state.close_indent))?;
                }
                out.write_all(&state.tail)
            }
            Style::Checkstyle => checkstyle::end(out),
            Style::Concise { summary } => {
                if *summary {
                    human::summary(totals, out)?;
                }
                Ok(())
            }
            Style::Html => html::end(totals, out),
            Style::Github { .. } => Ok(()),
            Style::Statistics { json: true, .. } => statistics::write_json(totals, out),
            Style::Statistics { json: false, quiet } => {
                statistics::write_human(totals, *quiet, out)
            }
        }
    }
}

/// Splits a document serialized with an empty record list (`"key": []`) into the part up
/// to its `[` and the part from its `]`.
fn split_at_empty_list(doc: String, key: &str) -> (Vec<u8>, Vec<u8>) {
    let marker = format!("\"{key}\": []");
    let at = doc
        .rfind(&marker)
        .expect("the document has its record list")
        + marker.len()
        - 1;
    let mut head = doc.into_bytes();
    let tail = head.split_off(at);
    (head, tail)
}

/// Serializes `value` as pretty JSON indented by `indent` spaces, as it appears nested in a
/// pretty-printed document: `serde_json`'s pretty layout, every line after the first
/// indented by `indent` more, written straight into `out`.
fn write_indented_json<T: serde::Serialize>(value: &T, indent: usize, out: &mut Vec<u8>) {
    out.extend(std::iter::repeat_n(b' ', indent));
    let nested = NestedJson {
        base: indent,
        level: 0,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(out, nested);
    value.serialize(&mut serializer).expect("records serialize");
}

/// `serde_json::ser::PrettyFormatter` (two spaces a level) for a value nested `base`
/// spaces deep.
struct NestedJson {
    base: usize,
    level: usize,
    has_value: bool,
}

impl NestedJson {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.base + 2 * self.level;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for NestedJson {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes whole reports (each with its text) in one format: the reports of `check_files`,
/// for callers that have them all.
pub fn write_reports(
    style: &Style,
    reports: &[FileReport],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut totals = Totals::default();
    let mut rendered = Vec::with_capacity(reports.len());
    for r in reports {
        let mut records = Records::default();
        if style.renders_findings() {
            let view = FileView {
                path: &r.path,
                locale: r.locale.as_deref(),
                text: &r.source,
            };
            style.render(&view, &r.diagnostics, &mut records);
        }
        totals.add_file(
            &r.path,
            r.error.as_deref(),
            r.locale.as_deref(),
            r.diagnostics.iter().map(Counted::of),
        );
        rendered.push(records);
    }
    let mut state = WriterState::default();
    style.begin(&totals, &mut state, out)?;
    for (r, records) in reports.iter().zip(&mut rendered) {
        let (error, count) = (r.error.as_deref(), records.items.len());
        style.file_start(&r.path, error, r.locale.as_deref(), count, &mut state, out)?;
        records.for_each(|_, bytes| style.record(bytes, &mut state, out))?;
        style.file_end(error, count, out)?;
    }
    style.end(&totals, &mut state, out)
}

/// The path as the user gave it, with `/` separators on every platform.
pub fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

/// The path of a report as the user gave it (see [`display`]).
pub fn display_path(report: &FileReport) -> String {
    display(&report.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn records_past_the_memory_bound_go_to_a_temporary_file_and_come_back_in_order() {
        let d = Diagnostic::new(
            &crate::rules::InvalidEncoding::META,
            TextRange::new(0, 1),
            "x",
        );
        let mut records = Records::default();
        let mut expected = Vec::new();
        for i in 0..60 {
            // Some records a third of the bound, the others small.
            let len = if i % 5 == 0 {
                RECORDS_IN_MEMORY / 3 + i
            } else {
                1_000 + i
            };
            let body = vec![b'a' + (i % 26) as u8; len];
            records.record(&d, &mut |b| b.extend_from_slice(&body));
            expected.push(body);
        }
        let total: usize = expected.iter().map(Vec::len).sum();
        assert!(total > 3 * RECORDS_IN_MEMORY);
        assert!(records.overflow.is_some());
        // What stays in memory is bounded, not the file's report.
        assert!(
            records.bytes_in_memory() <= 2 * RECORDS_IN_MEMORY,
            "{} bytes in memory for {total} of records",
            records.bytes_in_memory()
        );
        // Twice: each reading starts from the first record.
        for _ in 0..2 {
            let mut got = Vec::new();
            records
                .for_each(|m, bytes| {
                    assert_eq!(m.len as usize, bytes.len());
                    got.push(bytes.to_vec());
                    Ok(())
                })
                .unwrap();
            assert_eq!(got, expected);
            let mut all = Vec::new();
            records.write_to(&mut all).unwrap();
            assert_eq!(all, expected.concat());
        }
    }

    #[test]
    fn records_in_memory_read_back_as_written() {
        let d = Diagnostic::new(
            &crate::rules::InvalidEncoding::META,
            TextRange::new(0, 1),
            "x",
        );
        let mut records = Records::default();
        for body in ["one\n", "", "three\n"] {
            records.record(&d, &mut |b| b.extend_from_slice(body.as_bytes()));
        }
        assert!(records.overflow.is_none());
        let mut got = Vec::new();
        records
            .for_each(|_, bytes| {
                got.push(String::from_utf8(bytes.to_vec()).unwrap());
                Ok(())
            })
            .unwrap();
        assert_eq!(got, ["one\n", "", "three\n"]);
    }

    #[test]
    fn nested_json_is_serde_json_pretty_indented() {
        #[derive(serde::Serialize)]
        struct Inner {
            a: Vec<u32>,
            b: Option<&'static str>,
            e: Vec<u32>,
        }
        #[derive(serde::Serialize)]
        struct Outer {
            x: &'static str,
            inner: Vec<Inner>,
            empty: std::collections::BTreeMap<u8, u8>,
        }
        let value = Outer {
            x: "quote \" and \\ and\nline",
            inner: vec![
                Inner {
                    a: vec![1, 2],
                    b: None,
                    e: vec![],
                },
                Inner {
                    a: vec![],
                    b: Some("é"),
                    e: vec![3],
                },
            ],
            empty: Default::default(),
        };
        for indent in [0, 4, 8] {
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            let pad = " ".repeat(indent);
            let expected = format!("{pad}{}", pretty.replace('\n', &format!("\n{pad}")));
            let mut out = Vec::new();
            write_indented_json(&value, indent, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
