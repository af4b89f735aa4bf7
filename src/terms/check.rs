//! Learning on the fly for `check`: before the rules run, a first pass over the files
//! (in parallel, keeping only the words of each segment pair) learns every locale's
//! terminology, so `term-inconsistent` and `term-inconsistent-across-files` know the
//! terms of locales that have no glossary and the terms a glossary does not list.
//!
//! How learned and hand knowledge combine: a glossary someone wrote (built in, or
//! configured under `[glossary]`) wins; learned terms are added only where it has no
//! entry for the English term, and only terms rendered more than one way (a term with
//! one rendering cannot be inconsistent). `term-not-preferred` ignores terms learned on
//! the fly (nobody chose their preferred rendering). A locale whose configuration names a
//! learned glossary (`learned: true`, from `loclint terms learn`) is not learned again:
//! the reviewed file is the knowledge. It runs with `--learn` or `learn = true`.
//!
//! Memory: the texts kept per locale are capped ([`MAX_TEXT_PER_LOCALE`]); the files are
//! read in batches, so a huge run learns from the first files up to the cap and still
//! checks all of them. The texts are dropped once learned.

use super::facts::{self, FileText};
use super::target::Reader;
use crate::config::Resolver;
use crate::document::Document;
use crate::engine::{self, Settings};
use crate::glossary::{Glossary, TermEntry};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Files of a locale needed before learning says anything about it.
pub const MIN_FILES: usize = 10;
/// Text kept for learning per locale (bytes of segment text).
pub const MAX_TEXT_PER_LOCALE: usize = 48 << 20;
/// Files read per batch.
const BATCH: usize = 2048;

/// (lowercase locale, configuration identity) → the glossary with learned terms.
type Map = FxHashMap<(String, usize), &'static Glossary>;

/// Glossaries learned on the fly, shared by every `Settings` of one run.
#[derive(Clone, Default)]
pub struct OnTheFly(Arc<OnceLock<Map>>);

impl OnTheFly {
    /// The glossary learned for a locale under a configuration, if any.
    pub fn get(&self, locale: &str, config: usize) -> Option<&'static Glossary> {
        self.0
            .get()?
            .get(&(locale.to_ascii_lowercase(), config))
            .copied()
    }

    fn is_set(&self) -> bool {
        self.0.get().is_some()
    }
}

/// The identity of a file's configuration (0: none).
pub fn config_key(settings: &Settings) -> usize {
    settings
        .config
        .as_ref()
        .map_or(0, |c| Arc::as_ptr(c) as usize)
}

fn wanted(settings: &Settings) -> bool {
    settings.learn == Some(true)
        && settings.enabled_rules().iter().any(|r| {
            matches!(
                r.meta().name,
                "term-inconsistent" | "term-inconsistent-across-files"
            )
        })
}

struct Found {
    locale: String,
    config: usize,
    settings: Arc<Settings>,
    text: FileText,
    size: usize,
}

fn read(path: &Path, resolver: &Resolver) -> Option<Found> {
    let settings = resolver.settings_for(path).ok()?;
    if !wanted(&settings)
        || settings
            .config
            .as_ref()
            .is_some_and(|c| c.is_excluded(path))
    {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() as u64 > engine::MAX_FILE_SIZE {
        return None;
    }
    let text = simdutf8::basic::from_utf8(&bytes).ok()?;
    let doc = Document::parse(text);
    let locale = engine::file_locale(&doc, path, &settings)?;
    if settings.learned_glossary_configured(&locale) {
        return None;
    }
    let text = facts::gather(path.to_path_buf(), &doc);
    if text.pairs.is_empty() {
        return None;
    }
    let size = text
        .pairs
        .iter()
        .map(|p| p.source.len() + p.target.len())
        .sum();
    Some(Found {
        locale: locale.to_ascii_lowercase(),
        config: config_key(&settings),
        settings,
        text,
        size,
    })
}

/// Learns the terminology of the files' locales, once per run, before they are checked.
pub fn prepare<P: AsRef<Path> + Sync>(files: &[P], resolver: &Resolver) {
    let shared = &resolver.base().learned;
    if shared.is_set() {
        return;
    }
    let mut map = Map::default();
    // `--no-learn` settles it for every file; otherwise each file's configuration may
    // turn learning on (`learn = true`), which `read` asks per file.
    if resolver.base().learn != Some(false) {
        learn_all(files, resolver, &mut map);
    }
    let _ = shared.0.set(map);
}

fn learn_all<P: AsRef<Path> + Sync>(files: &[P], resolver: &Resolver, map: &mut Map) {
    // Per locale: its texts, their size, the configurations and settings seen.
    struct Locale {
        texts: Vec<FileText>,
        size: usize,
        files: usize,
        configs: Vec<(usize, Arc<Settings>)>,
    }
    let mut locales: FxHashMap<String, Locale> = FxHashMap::default();
    for batch in files.chunks(BATCH) {
        let found: Vec<Found> = batch
            .par_iter()
            .filter_map(|p| read(p.as_ref(), resolver))
            .collect();
        for f in found {
            let l = locales.entry(f.locale).or_insert_with(|| Locale {
                texts: Vec::new(),
                size: 0,
                files: 0,
                configs: Vec::new(),
            });
            if !l.configs.iter().any(|(c, _)| *c == f.config) {
                l.configs.push((f.config, f.settings));
            }
            l.files += 1;
            if l.size + f.size <= MAX_TEXT_PER_LOCALE {
                l.size += f.size;
                l.texts.push(f.text);
            }
        }
    }
    let mut names: Vec<String> = locales.keys().cloned().collect();
    names.sort();
    for name in names {
        let l = locales.remove(&name).expect("a listed locale");
        if l.files < MIN_FILES {
            continue;
        }
        let profile = l.configs[0].1.profile(Some(&name));
        let reader = Reader::new(profile);
        let learned = super::learn::learn(&l.texts, &reader, super::learn::Options::FAST);
        drop(l.texts);
        for (config, settings) in &l.configs {
            let base = settings.glossary_written(&name);
            let mut entries: Vec<TermEntry> = base.map(|g| g.entries()).unwrap_or_default();
            let known: rustc_hash::FxHashSet<String> =
                entries.iter().map(|e| e.term.to_lowercase()).collect();
            let dnt = settings.dnt();
            for t in &learned.terms {
                let renderings = variants(t, &reader);
                if renderings.len() < 2
                    || known.contains(&t.term.to_lowercase())
                    || dnt
                        .names
                        .iter()
                        .any(|n| n.name.eq_ignore_ascii_case(&t.term))
                {
                    continue;
                }
                let mut e = TermEntry::new(
                    t.term.clone(),
                    renderings[0].to_string(),
                    renderings[1..].iter().map(|r| r.to_string()).collect(),
                );
                e.forms = t.forms.clone();
                e.learned = true;
                e.on_the_fly = true;
                entries.push(e);
            }
            let tag = base.map_or(name.clone(), |g| g.locale.clone());
            if let Ok(g) = Glossary::new(tag, entries) {
                map.insert((name.clone(), *config), Box::leak(Box::new(g)));
            }
        }
    }
}

/// The renderings of a learned term that `check` treats as variants of each other: the
/// main one and those that are neither a translation of a longer phrase (see
/// [`LearnedRendering::contextual`]), nor the English term left as written (a name kept in
/// one place and translated in another is usually a product name against a common noun),
/// nor another form of one kept (`만들고` and `만들기`, `общего почтов ящик` and `общем
/// почтов ящик`: see [`inflection`]).
fn variants<'t>(t: &'t super::learn::LearnedTerm, reader: &Reader) -> Vec<&'t str> {
    let Some(main) = t.renderings.first() else {
        return Vec::new();
    };
    let mut out = vec![main.text.as_str()];
    for r in &t.renderings[1..] {
        if r.contextual || r.identity || main.identity || inflection(&main.text, &r.text, reader) {
            continue;
        }
        out.push(r.text.as_str());
    }
    out
}

/// Whether two renderings are the same words in different forms: as many words, each
/// pair alike — equal, sharing a stem (the profile's prefixes and endings: `النص`/`نص`), or
/// sharing a start of two letters or more and at least 60 % of the shorter (`만들고`/
/// `만들기`, `общего`/`общий`, `exporter`/`exportation`) — in any order.
fn inflection(a: &str, b: &str, reader: &Reader) -> bool {
    let (a, b) = (reader.normalize(a), reader.normalize(b));
    let (aw, mut bw): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if aw.len() != bw.len() {
        return false;
    }
    let alike = |x: &str, y: &str| {
        let shorter = x.chars().count().min(y.chars().count());
        let common = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
        if x == y || (common >= 2 && common * 5 >= shorter * 3) {
            return true;
        }
        let sy = reader.stem_candidates(y);
        reader
            .stem_candidates(x)
            .iter()
            .any(|s| s.chars().count() >= 2 && sy.contains(s))
    };
    // Each word of one matched to a different word of the other.
    aw.iter()
        .all(|x| match bw.iter().position(|y| alike(x, y)) {
            Some(i) => {
                bw.remove(i);
                true
            }
            None => false,
        })
}
