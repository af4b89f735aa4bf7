//! What `check` reports about the terms it learned on the fly: a term whose renderings in
//! one file (`term-inconsistent`) or across the files of a locale
//! (`term-inconsistent-across-files`) are variants of each other.
//!
//! The occurrences are the learner's own links (an English term aligned to a target
//! unit), not a search for the renderings' texts: a rendering counts where it translates
//! the term, not wherever its letters appear.

use super::facts::FileText;
use super::learn::{Learned, LearnedTerm, Occurrence};
use super::target::Reader;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Settings;
use crate::rules::{TermInconsistent, TermInconsistentAcrossFiles};
use crate::text::TextRange;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// The severity of a finding about a term learned on the fly.
pub const LEARNED_SEVERITY: Severity = Severity::Info;

/// The renderings of a learned term that `check` treats as variants of each other: the
/// main one and those that are neither a translation of a longer phrase (see
/// [`super::learn::LearnedRendering::contextual`]), nor the English term left as written
/// (a name kept in one place and translated in another is usually a product name against
/// a common noun), nor another form of one kept (`만들고` and `만들기`, `общего почтов
/// ящик` and `общем почтов ящик`: see [`inflection`]).
pub fn variants(t: &LearnedTerm, reader: &Reader) -> Vec<usize> {
    let Some(main) = t.renderings.first() else {
        return Vec::new();
    };
    let mut out = vec![0];
    for (i, r) in t.renderings.iter().enumerate().skip(1) {
        if r.contextual
            || r.identity
            || main.identity
            || out
                .iter()
                .any(|&k| inflection(&t.renderings[k].text, &r.text, reader))
        {
            continue;
        }
        out.push(i);
    }
    out
}

/// Whether two renderings are the same words in different forms: as many words, each
/// pair alike — equal, sharing a stem (the profile's prefixes and endings: `النص`/`نص`), or
/// sharing a start of two letters or more and at least 60 % of the shorter (`만들고`/
/// `만들기`, `общего`/`общий`, `exporter`/`exportation`) — in any order.
pub fn inflection(a: &str, b: &str, reader: &Reader) -> bool {
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

/// What a file's configuration rules out: terms of its written glossary, names not to
/// translate.
struct Excluded {
    terms: FxHashSet<String>,
}

impl Excluded {
    fn of(settings: &Settings, locale: &str) -> Excluded {
        let mut terms: FxHashSet<String> = settings
            .glossary_written(locale)
            .map(|g| g.concepts.iter().map(|c| c.term.to_lowercase()).collect())
            .unwrap_or_default();
        terms.extend(settings.dnt().names.iter().map(|n| n.name.to_lowercase()));
        Excluded { terms }
    }
}

/// A finding's severity in a file: none where the rule is off there; the configuration's
/// or the profile's level where they set one; else `own`.
fn level(
    settings: &Settings,
    meta: &crate::rule::RuleMeta,
    profile: &crate::locale::LocaleProfile,
    own: Severity,
) -> Option<Severity> {
    if !settings
        .enabled_rules()
        .iter()
        .any(|r| r.meta().name == meta.name)
    {
        return None;
    }
    match settings.level_in(meta, profile) {
        Some(level) => level,
        None => Some(own),
    }
}

/// The findings about learned terms, per file (index into `texts`). `settings_of` gives a
/// file's settings.
pub fn find(
    locale: &str,
    learned: &Learned,
    texts: &[FileText],
    reader: &Reader,
    settings_of: &dyn Fn(usize) -> Option<Arc<Settings>>,
) -> Vec<(usize, Vec<Diagnostic>)> {
    let profile = &reader.profile;
    // Which renderings of each term count.
    let eligible: Vec<Vec<usize>> = learned
        .terms
        .iter()
        .map(|t| {
            let v = variants(t, reader);
            if v.len() >= 2 { v } else { Vec::new() }
        })
        .collect();
    let occ: Vec<&Occurrence> = learned
        .occurrences
        .iter()
        .filter(|o| eligible[o.term as usize].contains(&(o.rendering as usize)))
        .collect();
    if let Some(dir) = std::env::var_os("LOCLINT_TERMS_DUMP") {
        dump(Path::new(&dir), locale, learned, texts, &eligible, &occ);
    }
    // Per configuration: what it rules out, the settings.
    let mut configs: FxHashMap<usize, (Arc<Settings>, Excluded)> = FxHashMap::default();
    let mut file_config: Vec<Option<usize>> = vec![None; texts.len()];
    for f in 0..texts.len() {
        if let Some(s) = settings_of(f) {
            let key = super::check::config_key(&s);
            configs
                .entry(key)
                .or_insert_with(|| (s.clone(), Excluded::of(&s, locale)));
            file_config[f] = Some(key);
        }
    }
    let excluded = |f: usize, term: &str| {
        file_config[f].is_none_or(|k| configs[&k].1.terms.contains(&term.to_lowercase()))
    };
    let range = |o: &Occurrence| {
        let p = &texts[o.file as usize].pairs[o.pair as usize];
        TextRange::new(
            (p.target_at + o.target.0) as usize,
            (p.target_at + o.target.1) as usize,
        )
    };
    let surface = |o: &Occurrence| {
        let p = &texts[o.file as usize].pairs[o.pair as usize];
        p.target
            .get(o.target.0 as usize..o.target.1 as usize)
            .unwrap_or("")
            .to_string()
    };
    let segment = |o: &Occurrence| {
        texts[o.file as usize].pairs[o.pair as usize]
            .segment
            .to_string()
    };
    let mut out: FxHashMap<usize, Vec<Diagnostic>> = FxHashMap::default();
    // Within one file.
    let mut i = 0;
    while i < occ.len() {
        let f = occ[i].file;
        let mut j = i;
        while j < occ.len() && occ[j].file == f {
            j += 1;
        }
        let file = &occ[i..j];
        i = j;
        let mut terms: Vec<u32> = file.iter().map(|o| o.term).collect();
        terms.sort_unstable();
        terms.dedup();
        for term in terms {
            let t = &learned.terms[term as usize];
            if excluded(f as usize, &t.term) {
                continue;
            }
            let found: Vec<&&Occurrence> = file.iter().filter(|o| o.term == term).collect();
            // (rendering, count, first), most used first.
            let mut usage: Vec<(u32, usize, usize)> = Vec::new();
            for (k, o) in found.iter().enumerate() {
                match usage.iter_mut().find(|u| u.0 == o.rendering) {
                    Some(u) => u.1 += 1,
                    None => usage.push((o.rendering, 1, k)),
                }
            }
            if usage.len() < 2 {
                continue;
            }
            let Some(settings) = file_config[f as usize].map(|k| &configs[&k].0) else {
                continue;
            };
            let Some(severity) = level(settings, &TermInconsistent::META, profile, LEARNED_SEVERITY)
            else {
                continue;
            };
            usage.sort_by_key(|&(r, n, first)| (std::cmp::Reverse(n), r != 0, first));
            let list: Vec<String> = usage
                .iter()
                .map(|&(_, n, first)| format!("\"{}\" ({n}×)", surface(found[first])))
                .collect();
            let dominant = if usage.iter().any(|u| u.0 == 0) {
                0
            } else {
                usage[0].0
            };
            let primary = found
                .iter()
                .find(|o| o.rendering != dominant)
                .expect("two renderings");
            let mut d = Diagnostic::new(
                &TermInconsistent::META,
                range(primary),
                format!(
                    "\"{}\" is rendered {} ways in this file: {} (most used in {locale}: \"{}\")",
                    t.term,
                    usage.len(),
                    list.join(", "),
                    t.renderings[0].text
                ),
            )
            .with_segment(&segment(primary));
            d.severity = severity;
            for o in found.iter().filter(|o| range(o) != range(primary)) {
                d = d.with_label(range(o), format!("\"{}\"", surface(o)));
            }
            out.entry(f as usize).or_default().push(d);
        }
    }
    // Across the files: per term, per rendering (count, files, first occurrence).
    type Usage = (usize, Vec<u32>, usize);
    let mut by_term: FxHashMap<u32, FxHashMap<u32, Usage>> = FxHashMap::default();
    for (k, o) in occ.iter().enumerate() {
        if excluded(o.file as usize, &learned.terms[o.term as usize].term) {
            continue;
        }
        let u = by_term
            .entry(o.term)
            .or_default()
            .entry(o.rendering)
            .or_insert((0, Vec::new(), k));
        u.0 += 1;
        if u.1.last() != Some(&o.file) {
            u.1.push(o.file);
        }
    }
    let mut terms: Vec<u32> = by_term.keys().copied().collect();
    terms.sort_unstable();
    for term in terms {
        let renderings = &by_term[&term];
        let across = renderings.iter().any(|(r1, u1)| {
            renderings
                .iter()
                .any(|(r2, u2)| r1 != r2 && u1.1.iter().any(|f1| u2.1.iter().any(|f2| f1 != f2)))
        });
        if !across {
            continue;
        }
        let t = &learned.terms[term as usize];
        let mut list: Vec<(u32, &Usage)> = renderings.iter().map(|(r, u)| (*r, u)).collect();
        list.sort_by_key(|(r, u)| (std::cmp::Reverse(u.0), *r));
        let dominant = if renderings.contains_key(&0) {
            0
        } else {
            list[0].0
        };
        let Some(&(_, &(_, _, first))) = list.iter().rev().find(|(r, _)| *r != dominant) else {
            continue;
        };
        let o = occ[first];
        let f = o.file as usize;
        let Some(settings) = file_config[f].map(|k| &configs[&k].0) else {
            continue;
        };
        let Some(severity) = level(
            settings,
            &TermInconsistentAcrossFiles::META,
            profile,
            LEARNED_SEVERITY,
        ) else {
            continue;
        };
        let described: Vec<String> = list
            .iter()
            .map(|(_, (n, files, first))| {
                format!(
                    "\"{}\" ({n}× in {} file{})",
                    surface(occ[*first]),
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                )
            })
            .collect();
        let mut d = Diagnostic::new(
            &TermInconsistentAcrossFiles::META,
            range(o),
            format!(
                "\"{}\" is rendered {} ways across {locale} files: {} (most used: \"{}\")",
                t.term,
                list.len(),
                described.join(", "),
                t.renderings[0].text
            ),
        )
        .with_segment(&segment(o));
        d.severity = severity;
        out.entry(f).or_default().push(d);
    }
    let mut out: Vec<(usize, Vec<Diagnostic>)> = out.into_iter().collect();
    out.sort_by_key(|(f, _)| *f);
    out
}

use std::path::Path;

/// Development aid (`LOCLINT_TERMS_DUMP=dir`): every checked term and occurrence as JSON
/// lines in `dir/<locale>.jsonl`, to study what the findings rest on.
fn dump(
    dir: &Path,
    locale: &str,
    learned: &Learned,
    texts: &[FileText],
    eligible: &[Vec<usize>],
    occ: &[&Occurrence],
) {
    use std::fmt::Write as _;
    let mut s = String::new();
    for (i, t) in learned.terms.iter().enumerate() {
        if eligible[i].is_empty() {
            continue;
        }
        let r: Vec<serde_json::Value> = t
            .renderings
            .iter()
            .enumerate()
            .map(|(k, r)| {
                serde_json::json!({"text": r.text, "count": r.count, "files": r.files,
                    "contextual": r.contextual, "identity": r.identity, "forms": r.forms,
                    "eligible": eligible[i].contains(&k)})
            })
            .collect();
        let _ = writeln!(
            s,
            "{}",
            serde_json::json!({"kind": "term", "id": i, "term": t.term, "renderings": r})
        );
    }
    for o in occ {
        let f = &texts[o.file as usize];
        let p = &f.pairs[o.pair as usize];
        let _ = writeln!(
            s,
            "{}",
            serde_json::json!({"kind": "occ", "term": o.term, "r": o.rendering,
                "path": f.path.to_string_lossy(), "seg": p.segment.to_string(),
                "t": [o.target.0, o.target.1], "s": [o.source.0, o.source.1],
                "plural": o.plural, "label": o.label,
                "src": p.source.to_string(), "tgt": p.target.to_string()})
        );
    }
    let _ = std::fs::write(dir.join(format!("{locale}.jsonl")), s);
}
