//! Learning on the fly for `check`, from the documents it parses anyway: while each file
//! is checked, what learning needs of it (the words of each segment pair and its
//! structural pairs, [`FileTerms`]) is kept in a temporary file; once every file is
//! checked, each locale's terminology is learned from them in one go and the findings
//! about learned terms ([`super::findings`]) are added to the files' reports like those of
//! the cross-file rules. So `term-inconsistent` and `term-inconsistent-across-files` know
//! the terms of locales that have no glossary and the terms a glossary does not list, at
//! the price of one learning per locale and no second reading of any file. It runs with
//! `--learn` or `learn = true` (docs/terms.md: its time and the precision of its findings
//! are not yet those of a default).
//!
//! How learned and hand knowledge combine: a glossary someone wrote (built in, or
//! configured under `[glossary]`) wins; a learned term is reported only where no written
//! entry has that English term, and never a name of the do-not-translate list. A locale
//! whose configuration names a learned glossary (`learned: true`, from `loclint terms
//! learn`) is not learned again: the reviewed file is the knowledge. `--no-learn` or
//! `learn = false` wins over `learn = true`.
//!
//! Memory: the texts are kept in a temporary file and read back one locale at a time on
//! each of two threads (two locales are learned side by side, see [`cross`]); learning
//! reads at most [`MAX_TEXT_PER_LOCALE`] bytes of text per locale (the first files), and
//! the files beyond it get no findings about learned terms.

use super::facts::{self, FileText, Label, PairText};
use crate::config::Resolver;
use crate::document::{Document, Suppression};
use crate::engine::{CrossFindings, Settings};
use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Files of a locale needed before learning says anything about it.
pub const MIN_FILES: usize = 10;
/// Text learned from per locale (bytes of segment text).
pub const MAX_TEXT_PER_LOCALE: usize = 48 << 20;

/// Whether the run collects what learning needs from each file it checks; shared by every
/// `Settings` of one run. Off until a run that reports on a set of files turns it on
/// ([`begin`]): a single file checked by the editor learns nothing.
#[derive(Clone, Default)]
pub struct OnTheFly(Arc<AtomicBool>);

impl OnTheFly {
    pub fn collecting(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The identity of a file's configuration (0: none).
pub fn config_key(settings: &Settings) -> usize {
    settings
        .config
        .as_ref()
        .map_or(0, |c| Arc::as_ptr(c) as usize)
}

fn term_rules_enabled(settings: &Settings) -> bool {
    settings.enabled_rules().iter().any(|r| {
        matches!(
            r.meta().name,
            "term-inconsistent" | "term-inconsistent-across-files"
        )
    })
}

/// What a run's configuration says of learning on the fly.
#[derive(Clone, Copy, Debug, Default)]
pub struct LearnChoice {
    /// Collecting is on for this run.
    pub on: bool,
    /// Learning was chosen either way (`--learn`, `--no-learn`, or `learn = …` in the
    /// configuration of one of the files), not left to its default.
    pub decided: bool,
}

/// Turns collecting on for a run over these files where learning is asked for (`--learn`,
/// or `learn = true` in the configuration of one of them), unless `--no-learn` or the rules
/// that report learned terms are off.
pub fn begin<'p>(resolver: &Resolver, files: impl IntoIterator<Item = &'p Path>) -> LearnChoice {
    let base = resolver.base();
    let (mut asked, mut decided) = (base.learn == Some(true), base.learn.is_some());
    if !decided {
        for learn in files
            .into_iter()
            .filter_map(|p| resolver.settings_for(p).ok().and_then(|s| s.learn))
        {
            decided = true;
            if learn {
                asked = true;
                break;
            }
        }
    }
    let on = asked && term_rules_enabled(base);
    base.learned.0.store(on, Ordering::Relaxed);
    LearnChoice { on, decided }
}

/// One line, once per run whose learning was left to its default, when it checked enough
/// files of a locale that has no glossary: there, the terminology rules had nothing to
/// compare, and `--learn` would give them the locale's own usage.
pub fn unlearned_notice(choice: LearnChoice, base: &Settings, totals: &crate::output::Totals) {
    if choice.decided || !term_rules_enabled(base) {
        return;
    }
    if let Some(line) = unlearned_line(&totals.files_without_glossary) {
        eprintln!("{line}");
    }
}

/// `files_without_glossary`: per locale, the files whose configuration gives it none.
fn unlearned_line(
    files_without_glossary: &std::collections::BTreeMap<String, usize>,
) -> Option<String> {
    let locales: Vec<(&str, usize)> = files_without_glossary
        .iter()
        .filter(|&(_, &n)| n >= MIN_FILES)
        .map(|(l, &n)| (l.as_str(), n))
        .collect();
    let (first, n) = *locales.first()?;
    let which = match locales.len() {
        1 => format!("{first} ({n} files) has"),
        k => format!(
            "{k} locales ({}) have",
            locales
                .iter()
                .map(|(l, _)| *l)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(format!(
        "note: {which} no glossary, so terms rendered several ways were not looked for; \
         --learn learns each locale's terminology from the files checked \
         (`learn = true` in loclint.toml; `learn = false` silences this note)"
    ))
}

/// What learning keeps of a checked file.
pub struct FileTerms {
    /// The file's locale, lowercase.
    pub locale: String,
    /// The identity of the file's configuration.
    pub config: usize,
    pub text: FileText,
    pub suppressions: Vec<Suppression>,
}

/// What learning needs of a parsed file, when this run learns and the file's
/// configuration wants it.
pub fn gather(
    path: &Path,
    document: &Document<'_>,
    locale: Option<&str>,
    settings: &Settings,
) -> Option<Box<FileTerms>> {
    if !settings.learned.collecting() || settings.learn != Some(true) {
        return None;
    }
    let locale = locale?;
    if settings.learned_glossary_configured(locale) || !term_rules_enabled(settings) {
        return None;
    }
    let text = crate::engine::timing::time("(terms: gather)", || {
        facts::gather(path.to_path_buf(), document)
    });
    if text.pairs.is_empty() {
        return None;
    }
    Some(Box::new(FileTerms {
        locale: locale.to_ascii_lowercase(),
        config: config_key(settings),
        text,
        suppressions: document.suppressions.clone(),
    }))
}

/// One stored file.
struct Entry {
    owner: usize,
    locale: String,
    offset: u64,
    len: u32,
    /// Bytes of segment text.
    size: usize,
    suppressions: Vec<Suppression>,
}

/// The files' texts, in a temporary file (in memory if none can be made).
#[derive(Default)]
pub struct Store {
    entries: Vec<Entry>,
    file: Option<std::io::BufWriter<std::fs::File>>,
    memory: Vec<u8>,
    /// No temporary file could be made: the texts are kept in `memory`.
    in_memory: bool,
    written: u64,
    failed: bool,
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn encode(text: &FileText, out: &mut Vec<u8>) {
    put_u32(out, text.pairs.len() as u32);
    for p in &text.pairs {
        put_str(out, &p.segment);
        put_str(out, &p.source);
        put_str(out, &p.target);
        put_u32(out, p.target_at);
        put_u32(out, p.labels.len() as u32);
        for l in &p.labels {
            for v in [l.source.0, l.source.1, l.target.0, l.target.1] {
                put_u32(out, v);
            }
        }
        put_u32(out, p.source_labels.len() as u32);
        for &(s, e) in &p.source_labels {
            put_u32(out, s);
            put_u32(out, e);
        }
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    fn str(&mut self) -> Option<Box<str>> {
        let n = self.u32()? as usize;
        let b = self.bytes.get(self.at..self.at + n)?;
        self.at += n;
        Some(std::str::from_utf8(b).ok()?.into())
    }
}

fn decode(bytes: &[u8], path: &Path) -> Option<FileText> {
    let mut r = Reader { bytes, at: 0 };
    let n = r.u32()? as usize;
    let mut pairs = Vec::with_capacity(n);
    for _ in 0..n {
        let segment = r.str()?;
        let source = r.str()?;
        let target = r.str()?;
        let target_at = r.u32()?;
        let mut labels = Vec::new();
        for _ in 0..r.u32()? {
            let (a, b, c, d) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
            labels.push(Label {
                source: (a, b),
                target: (c, d),
            });
        }
        let mut source_labels = Vec::new();
        for _ in 0..r.u32()? {
            source_labels.push((r.u32()?, r.u32()?));
        }
        pairs.push(PairText {
            segment,
            source,
            target,
            target_at,
            labels,
            source_labels,
        });
    }
    Some(FileText {
        path: path.to_path_buf(),
        pairs,
    })
}

impl Store {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Keeps a checked file's texts (`owner`: the caller's index of the file).
    pub fn push(&mut self, owner: usize, terms: &FileTerms) {
        if self.failed {
            return;
        }
        let FileTerms {
            locale,
            text,
            suppressions,
            ..
        } = terms;
        let mut bytes = Vec::new();
        encode(text, &mut bytes);
        let size = text
            .pairs
            .iter()
            .map(|p| p.source.len() + p.target.len())
            .sum();
        if self.entries.is_empty() && self.file.is_none() && !self.in_memory {
            match tempfile::tempfile() {
                Ok(f) => self.file = Some(std::io::BufWriter::with_capacity(256 << 10, f)),
                Err(_) => self.in_memory = true,
            }
        }
        let offset = self.written;
        match &mut self.file {
            Some(f) => {
                if f.write_all(&bytes).is_err() {
                    // What was written cannot be trusted: learn nothing in this run.
                    self.file = None;
                    self.failed = true;
                    self.entries.clear();
                    return;
                }
            }
            None => self.memory.extend_from_slice(&bytes),
        }
        self.written += bytes.len() as u64;
        self.entries.push(Entry {
            owner,
            locale: locale.clone(),
            offset,
            len: bytes.len() as u32,
            size,
            suppressions: suppressions.clone(),
        });
    }

    /// The stored files by locale (sorted), each in the order stored.
    fn locales(&self) -> Vec<(&str, Vec<usize>)> {
        let mut by: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, e) in self.entries.iter().enumerate() {
            by.entry(e.locale.as_str()).or_default().push(i);
        }
        let mut out: Vec<(&str, Vec<usize>)> = by.into_iter().collect();
        out.sort();
        out
    }

    fn read(&self, file: Option<&std::fs::File>, e: &Entry, path: &Path) -> Option<FileText> {
        let mut buf = vec![0u8; e.len as usize];
        match file {
            Some(f) => {
                use std::os::unix::fs::FileExt;
                f.read_exact_at(&mut buf, e.offset).ok()?;
            }
            None => {
                let s = e.offset as usize;
                buf.copy_from_slice(self.memory.get(s..s + e.len as usize)?);
            }
        }
        decode(&buf, path)
    }
}

/// Learns each locale's terminology from the stored files and hands the findings about
/// learned terms to `each`, a locale's at a time, from up to two threads (`path_of` gives
/// the path of an owner). Returns what went wrong, a line per locale that could not be
/// learned (a bug in learning costs that locale's findings about learned terms, not the
/// run), sorted.
pub fn cross<'p>(
    store: &mut Store,
    path_of: &(dyn Fn(usize) -> &'p Path + Sync),
    resolver: &Resolver,
    each: &(dyn Fn(CrossFindings) + Sync),
) -> Vec<String> {
    if store.entries.is_empty() {
        return Vec::new();
    }
    let file = match store.file.take() {
        Some(w) => match w.into_inner() {
            Ok(f) => Some(f),
            Err(_) => return Vec::new(),
        },
        None => None,
    };
    let store = &*store;
    let file = file.as_ref();
    let _keep = crate::allocator::KeepFreedPages::hold();
    let locale_findings = |locale: &str, members: &[usize]| {
        if members.len() < MIN_FILES {
            return;
        }
        // The first files up to the cap.
        let mut size = 0;
        let mut texts: Vec<FileText> = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        for &i in members {
            let e = &store.entries[i];
            if size + e.size > MAX_TEXT_PER_LOCALE {
                break;
            }
            let path = path_of(e.owner);
            if let Some(t) =
                crate::engine::timing::time("(terms: read back)", || store.read(file, e, path))
            {
                size += e.size;
                texts.push(t);
                owners.push(i);
            }
        }
        if texts.len() < MIN_FILES {
            return;
        }
        let Ok(settings) = resolver.settings_for(path_of(store.entries[owners[0]].owner)) else {
            return;
        };
        let profile = settings.profile(Some(locale));
        let tag = if profile.is_known() {
            profile.tag.clone()
        } else {
            locale.to_string()
        };
        let reader = super::target::Reader::new(profile);
        let learned = super::learn::learn(&texts, &reader, super::learn::Options::FAST);
        let found = crate::engine::timing::time("(terms: findings)", || {
            super::findings::find(&tag, &learned, &texts, &reader, &|f| {
                resolver.settings_for(&texts[f].path).ok()
            })
        });
        for (f, diagnostics) in found {
            if diagnostics.is_empty() {
                continue;
            }
            let e = &store.entries[owners[f]];
            each(CrossFindings {
                owner: e.owner,
                locale: Some(crate::project::intern(locale)),
                suppressions: e.suppressions.clone(),
                diagnostics,
            });
        }
    };
    // Locales are learned side by side, [`LANES`] at a time (at most that many locales'
    // texts are held), the largest first; each learning is parallel inside too, but not
    // all through (about 1.5 of 2 cores), so a second locale fills the gaps. Which thread
    // learns a locale changes nothing in its findings, and the report is sorted after.
    let mut locales = store.locales();
    let size =
        |members: &[usize]| -> usize { members.iter().map(|&i| store.entries[i].size).sum() };
    locales.sort_by(|a, b| size(&b.1).cmp(&size(&a.1)).then(a.0.cmp(b.0)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(Vec::new());
    let lane = || {
        while let Some((locale, members)) = locales.get(next.fetch_add(1, Ordering::Relaxed)) {
            // The locale as its profile writes it (`it-IT`), else as the files do.
            let known = crate::locale::builtin().resolve(locale);
            let shown: &str = if known.is_known() { &known.tag } else { locale };
            if let Err(e) = guarded(shown, || locale_findings(locale, members)) {
                failed.lock().unwrap_or_else(|p| p.into_inner()).push(e);
            }
        }
    };
    // On a pool whose threads leave a panic to the locale's guard (see `guarded`).
    crate::engine::in_guarded_pool(|| {
        if rayon::current_num_threads() >= LANES {
            rayon::join(lane, lane);
        } else {
            lane();
        }
    });
    let mut failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    failed.sort();
    failed
}

/// Learns one locale: a panic there becomes an error that names the locale.
fn guarded(locale: &str, learn: impl FnOnce()) -> Result<(), String> {
    crate::engine::catch_internal(learn).map_err(|what| {
        format!(
            "internal error while learning the terminology of {locale} ({what}): its findings \
             about learned terms are missing; please report it"
        )
    })
}

/// Locales learned at the same time (see [`cross`]).
const LANES: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::learn::{Options, learn};
    use crate::terms::target;
    use std::path::PathBuf;

    fn same_text(a: &FileText, b: &FileText) {
        assert_eq!(a.pairs.len(), b.pairs.len(), "{}", a.path.display());
        for (x, y) in a.pairs.iter().zip(&b.pairs) {
            assert_eq!(
                (&x.segment, &x.source, &x.target, x.target_at),
                (&y.segment, &y.source, &y.target, y.target_at)
            );
            assert_eq!(x.labels, y.labels);
            assert_eq!(x.source_labels, y.source_labels);
        }
    }

    #[test]
    fn a_panic_while_learning_becomes_an_error_naming_the_locale() {
        let e = guarded("it-it", || panic!("index out of bounds")).unwrap_err();
        // With the panic hook installed (by another test), the place in the code follows.
        assert!(
            e.starts_with(
                "internal error while learning the terminology of it-it (index out of bounds"
            ) && e.contains("): its findings about learned terms are missing"),
            "{e}"
        );
        let mut ran = false;
        assert_eq!(guarded("it-it", || ran = true), Ok(()));
        assert!(ran);
    }

    /// What `check` keeps of each file it parses (and reads back from its temporary file)
    /// is what `terms learn` reads from the same files, and the same terms are learned
    /// from both.
    #[test]
    fn learning_from_checked_files_agrees_with_terms_learn() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/terms/fr-FR");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        let settings = Settings {
            learn: Some(true),
            ..Settings::default()
        };
        settings.learned.0.store(true, Ordering::Relaxed);
        let rules = settings.enabled_rules();
        let mut store = Store::default();
        let mut parsed = Vec::new();
        for (i, path) in files.iter().enumerate() {
            let bytes = std::fs::read(path).unwrap();
            let checked = crate::engine::check_bytes(path, &bytes, &rules, &settings).unwrap();
            let terms = checked.terms.expect("kept for learning");
            assert_eq!(terms.locale, "fr-fr");
            store.push(i, &terms);
            let text = std::str::from_utf8(&bytes).unwrap();
            parsed.push(facts::gather(path.clone(), &Document::parse(text)));
        }
        let file = store.file.take().map(|w| w.into_inner().unwrap());
        let kept: Vec<FileText> = store
            .entries
            .iter()
            .map(|e| store.read(file.as_ref(), e, &files[e.owner]).unwrap())
            .collect();
        assert_eq!(kept.len(), parsed.len());
        for (a, b) in kept.iter().zip(&parsed) {
            same_text(a, b);
        }
        let reader = target::Reader::new(crate::locale::builtin().resolve("fr-FR"));
        for options in [Options::FAST, Options::FULL] {
            let (a, b) = (
                learn(&kept, &reader, options),
                learn(&parsed, &reader, options),
            );
            let shown = |l: &crate::terms::learn::Learned| -> Vec<(String, Vec<(String, u32)>)> {
                l.terms
                    .iter()
                    .map(|t| {
                        let r = t
                            .renderings
                            .iter()
                            .map(|r| (r.text.clone(), r.count))
                            .collect();
                        (t.term.clone(), r)
                    })
                    .collect()
            };
            assert!(!a.terms.is_empty());
            assert_eq!(shown(&a), shown(&b));
            assert_eq!(a.occurrences, b.occurrences);
        }
        // Without --learn nothing is kept.
        let off = Settings::default();
        off.learned.0.store(true, Ordering::Relaxed);
        let bytes = std::fs::read(&files[0]).unwrap();
        let checked = crate::engine::check_bytes(&files[0], &bytes, &rules, &off).unwrap();
        assert!(checked.terms.is_none());
    }
}
