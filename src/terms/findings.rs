//! What `check` reports about the terms it learned on the fly: a term whose renderings in
//! one file (`term-inconsistent`) or across the files of a locale
//! (`term-inconsistent-across-files`) are variants of each other.
//!
//! The occurrences are the learner's own links (an English term aligned to a target
//! unit), not a search for the renderings' texts: a rendering counts where it translates
//! the term, not wherever its letters appear.

use super::english;
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
pub const LEARNED_SEVERITY: Severity = crate::rules::LEARNED_SEVERITY;

/// The renderings of a learned term that `check` treats as variants of each other: the
/// main one and those that are none of these:
/// - a translation of a longer phrase (see
///   [`super::learn::LearnedRendering::contextual`]);
/// - the English term left as written (a name kept in one place and translated in another
///   is usually a product name against a common noun);
/// - another form of one kept (`만들고` and `만들기`, `общего почтов ящик` and `общем почтов
///   ящик`, `شريك` and `شركاء`: see [`inflection`]);
/// - a number's rendering (digits the English term does not have: `10월` for October),
///   a run of one word twice, or, where Latin letters are foreign, a run holding an English
///   word that is not the term's (it renders the words around the term too).
///
/// A term with digits is a number or a version, and a word of everyday English
/// (`rules/terms/english.yaml`, `general`) is no terminology: none.
pub fn variants(t: &LearnedTerm, reader: &Reader) -> Vec<usize> {
    let Some(main) = t.renderings.first() else {
        return Vec::new();
    };
    if t.term.chars().any(|c| c.is_ascii_digit())
        || (!t.term.contains(' ') && english::words().is_general(english::lower_hash(&t.term)))
    {
        return Vec::new();
    }
    let term_words: Vec<String> = t
        .term
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let latin_foreign = reader.profile.latin_is_foreign();
    // A word of Latin letters only that is none of the term's words (where Latin is foreign).
    let foreign_word = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| crate::locale::script::of(c) == crate::locale::script::Script::Latn)
            && !term_words.iter().any(|t| t == &w.to_lowercase())
    };
    let fits = |r: &super::learn::LearnedRendering| {
        let words: Vec<&str> = r.text.split_whitespace().collect();
        let unfit = r.contextual
            || r.identity
            || r.text.chars().any(|c| c.is_ascii_digit())
            || words.windows(2).any(|w| w[0] == w[1])
            || (latin_foreign && words.iter().any(|w| foreign_word(w)));
        !unfit
    };
    if !fits(main) {
        return vec![0];
    }
    let mut out = vec![0];
    for (i, r) in t.renderings.iter().enumerate().skip(1) {
        if !fits(r)
            || out.iter().any(|&k| {
                inflection(&t.renderings[k].text, &r.text, reader)
                    || holds_form(&t.renderings[k].text, &r.text, reader)
            })
        {
            continue;
        }
        out.push(i);
    }
    out
}

/// Whether two renderings are the same words in different forms. Their words (hyphenated
/// parts apart, the profile's function words left out: `подписки на Azure` and `подписки
/// Azure`) pair up one to one, in any order, each pair alike: equal, sharing a stem (the
/// profile's prefixes and endings: `النص`/`نص`; one the other with a prefix: `الزر`/`زر`),
/// sharing a start of two letters or more
/// and at least 60 % of the shorter (`만들고`/`만들기`, `общего`/`общий`,
/// `exporter`/`exportation`), or, where the profile lists `inflection_letters`, the same
/// letters once those are left out (`شريك`/`شركاء`). Where words are not separated by
/// spaces, renderings that differ only in spaces are one.
pub fn inflection(a: &str, b: &str, reader: &Reader) -> bool {
    let (a, b) = (reader.normalize(a), reader.normalize(b));
    if !reader.spaced {
        let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        return bare(&a) == bare(&b);
    }
    let words = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|w| !w.is_empty() && !reader.is_function_word(w))
            .flat_map(|w| w.split('-'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (aw, mut bw) = (words(&a), words(&b));
    if aw.len() != bw.len() || aw.is_empty() {
        return false;
    }
    let weak: Vec<char> = reader
        .profile
        .grammar
        .inflection_letters
        .iter()
        .filter_map(|l| l.chars().next())
        .collect();
    let skeletons = |w: &str| -> Vec<String> {
        reader
            .stem_candidates(w)
            .iter()
            .map(|s| s.chars().filter(|c| !weak.contains(c)).collect::<String>())
            .filter(|s| s.chars().count() >= 2)
            .collect()
    };
    let prefixed = |x: &str, y: &str| {
        reader
            .prefixes()
            .iter()
            .any(|p| x.strip_prefix(p.as_str()) == Some(y))
    };
    let alike = |x: &str, y: &str| {
        if prefixed(x, y) || prefixed(y, x) {
            return true;
        }
        let shorter = x.chars().count().min(y.chars().count());
        let common = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
        if x == y || (common >= 2 && common * 5 >= shorter * 3) {
            return true;
        }
        let sy = reader.stem_candidates(y);
        if reader
            .stem_candidates(x)
            .iter()
            .any(|s| s.chars().count() >= 2 && sy.contains(s))
        {
            return true;
        }
        !weak.is_empty() && {
            let ky = skeletons(y);
            skeletons(x).iter().any(|k| ky.contains(k))
        }
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

/// Whether one rendering is a word that the other holds in a longer phrase: the one is a
/// single word (the profile's function words left out) and the other has it, or it with a
/// short ending on either side, among its words (Catalan `usuaris` in `un usuari`,
/// `documents` in `el vostre document`, where the profile lists neither the article nor
/// the possessive; `ayrıntı` in `daha fazla ayrıntı`, *more details* against *details*).
/// That is a translation of a longer English phrase, or the word's form with an article
/// the profile does not list, not another rendering of the term. Two words or more on
/// both sides are compared by [`inflection`] only: `электронн обнаружен` against
/// `обнаружен электронн данн` (eDiscovery) is another rendering. A word of fewer than four
/// letters never stands for another this way (`쓰기` is not `쓰기백`).
///
/// A compound written as one word holds the word it ends with, in any form (Finnish
/// `laitekäytännöt`, *device policies*, holds `käytäntöjä`; German `Gerätrichtlinien` holds
/// `Richtlinien`).
///
/// Where the profile has `label_compounds`, a word joined to more by a hyphen is held the
/// same way, as a part of the compound, in any form (Finnish `Hallinta-sivulla`, *on the
/// Manage page*, holds `hallinta`; `Laitteet-käytännöt` holds `käytäntöjä`).
pub fn holds_form(a: &str, b: &str, reader: &Reader) -> bool {
    /// The longest ending that makes a word another form of it.
    const ENDING: usize = 3;
    if !reader.spaced {
        return false;
    }
    let (a, b) = (reader.normalize(a), reader.normalize(b));
    let words = |s: &str| -> Vec<String> {
        s.split(' ')
            .filter(|w| !w.is_empty() && !reader.is_function_word(w))
            .map(str::to_string)
            .collect()
    };
    let (aw, bw) = (words(&a), words(&b));
    let compounds = reader.profile.grammar.label_compounds;
    let hyphens = |w: &[String]| w.iter().filter(|w| w.contains('-')).count();
    // The shorter phrase; of two single words, the one without a hyphen.
    let (short, long) = if aw.len() < bw.len()
        || (compounds && aw.len() == bw.len() && hyphens(&aw) < hyphens(&bw))
    {
        (aw, bw)
    } else {
        (bw, aw)
    };
    if short.len() != 1 {
        return false;
    }
    let ends_with_form = |x: &str, y: &str| {
        let (nx, ny) = (x.chars().count(), y.chars().count());
        let (base, longer, n) = if nx <= ny { (x, y, nx) } else { (y, x, ny) };
        n >= 4 && longer.starts_with(base) && longer.chars().count() - n <= ENDING
    };
    let word = &short[0];
    if compounds && !word.contains('-') && hyphens(&long) > 0 {
        let held = long
            .iter()
            .flat_map(|w| w.split('-'))
            .filter(|p| p.chars().count() >= 4)
            .any(|p| ends_with_form(word, p) || inflection(word, p, reader));
        if held {
            return true;
        }
    }
    if long.len() == 1 {
        // A compound written as one word that ends with the other (Finnish
        // `laitekäytännöt`, *device policies*, against `käytännöt`; German
        // `Gerätrichtlinien` against `Richtlinien`): it renders a longer phrase.
        let (x, y) = (word.as_str(), long[0].as_str());
        let (head, compound) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        // Its head may be another form (`laitekäytännöt` against `käytäntöjä`). A hyphenated
        // word is a word of its own (Polish `wiadomości-śmieci`); see above.
        if head.chars().count() < 4 || compound.contains('-') {
            return false;
        }
        let first = head.chars().next();
        return compound.char_indices().any(|(i, c)| {
            let (rest, tail) = compound.split_at(i);
            Some(c) == first
                && rest.chars().count() >= 3
                && tail.chars().count() >= 4
                && (tail == head || inflection(head, tail, reader))
        });
    }
    long.iter().any(|y| ends_with_form(word, y))
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

/// How the English contexts of a term's occurrences are rendered, counted over distinct
/// English sentences (a sentence repeated in many files is one piece of evidence).
struct Evidence {
    /// (term, context kind, value) → rendering → sentences.
    by_value: FxHashMap<(u32, u8, u64), FxHashMap<u32, FxHashSet<u64>>>,
    /// Term → rendering → sentences.
    by_term: FxHashMap<u32, FxHashMap<u32, FxHashSet<u64>>>,
    /// (term, rendering) → share of its sentences where the term modifies the next word.
    modifier: FxHashMap<(u32, u32), f32>,
}

/// The context kinds: the words right before and after, the nearest content words before
/// and after, and whether the term stands in a UI label.
const KINDS: u8 = 5;

fn context(o: &Occurrence, kind: u8) -> u64 {
    match kind {
        0 => o.before,
        1 => o.after,
        2 => o.near_before,
        3 => o.near_after,
        _ => 1 + u64::from(o.label),
    }
}

/// How strongly one context selects a rendering.
#[derive(Clone, Copy, Default)]
struct Pull {
    /// Share of the other sentences with this context that use this rendering.
    share: f32,
    /// Sentences with this context (the occurrence's own left out).
    sentences: u32,
    /// The context nearly always takes this rendering, far more often than the term does
    /// (`for example` → 例如, `billing profile` → 配置文件).
    decisive: bool,
}

impl Evidence {
    fn new(occ: &[&Occurrence]) -> Evidence {
        let mut e = Evidence {
            by_value: FxHashMap::default(),
            by_term: FxHashMap::default(),
            modifier: FxHashMap::default(),
        };
        let mut modifier: FxHashMap<(u32, u32), (FxHashSet<u64>, FxHashSet<u64>)> =
            FxHashMap::default();
        for o in occ {
            e.by_term
                .entry(o.term)
                .or_default()
                .entry(o.rendering)
                .or_default()
                .insert(o.sentence);
            for kind in 0..KINDS {
                let v = context(o, kind);
                if v != 0 {
                    e.by_value
                        .entry((o.term, kind, v))
                        .or_default()
                        .entry(o.rendering)
                        .or_default()
                        .insert(o.sentence);
                }
            }
            let m = modifier.entry((o.term, o.rendering)).or_default();
            m.0.insert(o.sentence);
            if o.modifier {
                m.1.insert(o.sentence);
            }
        }
        e.modifier = modifier
            .into_iter()
            .map(|(k, (all, m))| (k, m.len() as f32 / all.len().max(1) as f32))
            .collect();
        e
    }

    /// Sentences using `rendering`, and all, in a map, leaving `me` out.
    fn count(map: &FxHashMap<u32, FxHashSet<u64>>, rendering: u32, me: u64) -> (u32, u32) {
        let mut mine = 0;
        let mut all = 0;
        for (r, set) in map {
            let n = set.len() as u32 - u32::from(set.contains(&me));
            all += n;
            if *r == rendering {
                mine = n;
            }
        }
        (mine, all)
    }

    fn pull(&self, o: &Occurrence, kind: u8) -> Pull {
        let v = context(o, kind);
        let Some(map) = (v != 0)
            .then(|| self.by_value.get(&(o.term, kind, v)))
            .flatten()
        else {
            return Pull::default();
        };
        let (c, n) = Self::count(map, o.rendering, o.sentence);
        if n == 0 {
            return Pull::default();
        }
        let (ct, nt) = self
            .by_term
            .get(&o.term)
            .map_or((0, 0), |m| Self::count(m, o.rendering, o.sentence));
        let p = (c as f32 + 0.5) / (n as f32 + 1.0);
        let base = (ct as f32 + 0.5) / (nt as f32 + 1.0);
        let odds = |x: f32| x / (1.0 - x).max(1e-6);
        Pull {
            share: c as f32 / n as f32,
            sentences: n,
            decisive: n >= 5 && p >= 0.9 && odds(p) >= 10.0 * odds(base),
        }
    }
}

/// Occurrences with their pulls, to compare pairs of them.
struct Compare<'a> {
    occ: &'a [&'a Occurrence],
    pulls: Vec<[Pull; KINDS as usize]>,
    evidence: &'a Evidence,
}

impl Compare<'_> {
    /// Whether two occurrences with different renderings render the term the same way in
    /// the same kind of place, so that one of them is a variant to unify:
    /// - not told apart by their contexts: a context of each that differs from the other's
    ///   and takes that one's rendering in three of four other sentences (`phone number`
    ///   → номер, `number of` → количество), or a context of one that decides its
    ///   rendering (`for example` → 例如);
    /// - where one rendering is mostly used where the term modifies the next word and the
    ///   other not (French `adresse de messagerie` against `courrier électronique`), both
    ///   in the same place: both alone, or both before the same word.
    fn comparable(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.occ[i], self.occ[j]);
        if a.rendering == b.rendering || a.term != b.term {
            return false;
        }
        let share = |o: &Occurrence| {
            self.evidence
                .modifier
                .get(&(o.term, o.rendering))
                .copied()
                .unwrap_or(0.0)
        };
        if (share(a) - share(b)).abs() >= 0.3
            && (a.modifier != b.modifier || (a.modifier && a.after != b.after))
        {
            return false;
        }
        for kind in 0..KINDS {
            let (va, vb) = (context(a, kind), context(b, kind));
            if va == vb || va == 0 || vb == 0 {
                continue;
            }
            let (pa, pb) = (self.pulls[i][kind as usize], self.pulls[j][kind as usize]);
            let both =
                pa.sentences >= 2 && pb.sentences >= 2 && pa.share >= 0.75 && pb.share >= 0.75;
            if both || pa.decisive || pb.decisive {
                return false;
            }
        }
        true
    }
}

/// Leaves out the occurrences of a one-word term in a set phrase: a frame of stopwords
/// (or a sentence edge) around the word that holds at least half of its sentences (`for
/// example`, `at the top of`). Such a phrase is rendered as a phrase, not as the term.
fn without_set_phrases<'a>(occ: Vec<&'a Occurrence>, learned: &Learned) -> Vec<&'a Occurrence> {
    let words = english::words();
    let stop = |w: u64| w == 0 || words.is_stop(w);
    let frame = |o: &Occurrence| (o.before, o.after);
    // Term → frame → sentences; term → sentences.
    let mut frames: FxHashMap<u32, FxHashMap<(u64, u64), FxHashSet<u64>>> = FxHashMap::default();
    let mut sentences: FxHashMap<u32, FxHashSet<u64>> = FxHashMap::default();
    for o in &occ {
        if learned.terms[o.term as usize].term.contains(' ') {
            continue;
        }
        sentences.entry(o.term).or_default().insert(o.sentence);
        if stop(o.before) && stop(o.after) && (o.before, o.after) != (0, 0) {
            frames
                .entry(o.term)
                .or_default()
                .entry(frame(o))
                .or_default()
                .insert(o.sentence);
        }
    }
    let set: FxHashMap<u32, (u64, u64)> = frames
        .into_iter()
        .filter_map(|(t, f)| {
            let (best, n) = f
                .into_iter()
                .map(|(k, v)| (k, v.len()))
                .max_by_key(|&(k, n)| (n, k))?;
            (2 * n >= sentences[&t].len()).then_some((t, best))
        })
        .collect();
    occ.into_iter()
        .filter(|o| set.get(&o.term) != Some(&frame(o)))
        .collect()
}

/// Leaves out, in languages written without spaces, the renderings that are pieces of a
/// longer word: in three of four of their places or more (and at least three), the same
/// letter stands right before them, or right after (`下文章` of `以下文章`, `些更改` of
/// `这些更改`).
fn without_fragments<'a>(occ: Vec<&'a Occurrence>, texts: &[FileText]) -> Vec<&'a Occurrence> {
    // (term, rendering) → letters before, letters after, places.
    type Sides = (FxHashMap<char, u32>, FxHashMap<char, u32>, u32);
    let mut sides: FxHashMap<(u32, u32), Sides> = FxHashMap::default();
    for o in &occ {
        let target = &texts[o.file as usize].pairs[o.pair as usize].target;
        let before = target
            .get(..o.target.0 as usize)
            .and_then(|s| s.chars().next_back());
        let after = target
            .get(o.target.1 as usize..)
            .and_then(|s| s.chars().next());
        let e = sides.entry((o.term, o.rendering)).or_default();
        e.2 += 1;
        if let Some(c) = before.filter(|c| c.is_alphabetic()) {
            *e.0.entry(c).or_default() += 1;
        }
        if let Some(c) = after.filter(|c| c.is_alphabetic()) {
            *e.1.entry(c).or_default() += 1;
        }
    }
    let piece: FxHashSet<(u32, u32)> = sides
        .into_iter()
        .filter(|(_, (b, a, n))| {
            let most = |m: &FxHashMap<char, u32>| m.values().copied().max().unwrap_or(0);
            *n >= 3 && 4 * most(b).max(most(a)) >= 3 * *n
        })
        .map(|(k, _)| k)
        .collect();
    occ.into_iter()
        .filter(|o| !piece.contains(&(o.term, o.rendering)))
        .collect()
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
    // Per configuration: what it rules out, the settings.
    let mut configs: FxHashMap<usize, (Arc<Settings>, Excluded)> = FxHashMap::default();
    let mut file_config: Vec<Option<usize>> = vec![None; texts.len()];
    for (f, config) in file_config.iter_mut().enumerate() {
        if let Some(s) = settings_of(f) {
            let key = super::check::config_key(&s);
            configs
                .entry(key)
                .or_insert_with(|| (s.clone(), Excluded::of(&s, locale)));
            *config = Some(key);
        }
    }
    let excluded = |f: usize, term: &str| {
        file_config[f].is_none_or(|k| configs[&k].1.terms.contains(&term.to_lowercase()))
    };
    // The occurrences that count: eligible renderings, not inside a longer term.
    let occ: Vec<&Occurrence> = learned
        .occurrences
        .iter()
        .filter(|o| {
            !o.inside
                && eligible[o.term as usize].contains(&(o.rendering as usize))
                && !excluded(o.file as usize, &learned.terms[o.term as usize].term)
        })
        .collect();
    let occ = without_set_phrases(occ, learned);
    let occ = if reader.spaced {
        occ
    } else {
        without_fragments(occ, texts)
    };
    if let Some(dir) = std::env::var_os("LOCLINT_TERMS_DUMP") {
        dump(Path::new(&dir), locale, learned, texts, &eligible, &occ);
    }
    let evidence = Evidence::new(&occ);
    let compare = Compare {
        occ: &occ,
        pulls: occ
            .iter()
            .map(|o| std::array::from_fn(|k| evidence.pull(o, k as u8)))
            .collect(),
        evidence: &evidence,
    };
    let range = |o: &Occurrence| {
        let p = &texts[o.file as usize].pairs[o.pair as usize];
        TextRange::new(
            (p.target_at + o.target.0) as usize,
            (p.target_at + o.target.1) as usize,
        )
    };
    let surface = |o: &Occurrence| -> &str {
        let p = &texts[o.file as usize].pairs[o.pair as usize];
        p.target
            .get(o.target.0 as usize..o.target.1 as usize)
            .unwrap_or("")
    };
    let segment = |o: &Occurrence| {
        texts[o.file as usize].pairs[o.pair as usize]
            .segment
            .to_string()
    };
    // Each rendering of a term as most often written (`abbonamento`, not the stem
    // `abbonament` that learning compares, nor the plural `abbonamenti` that comes first).
    // (term, rendering) → written form → (count, first occurrence).
    type Forms<'t> = FxHashMap<&'t str, (u32, usize)>;
    let mut written: FxHashMap<(u32, u32), Forms> = FxHashMap::default();
    for (k, o) in occ.iter().enumerate() {
        let e = written
            .entry((o.term, o.rendering))
            .or_default()
            .entry(surface(o))
            .or_insert((0, k));
        e.0 += 1;
    }
    let written_most = |term: u32, rendering: u32| -> Option<String> {
        written.get(&(term, rendering)).and_then(|forms| {
            forms
                .iter()
                .max_by_key(|&(_, &(n, first))| (n, std::cmp::Reverse(first)))
                .map(|(f, _)| f.to_string())
        })
    };
    let most_used = |term: u32| -> String {
        written_most(term, 0)
            .unwrap_or_else(|| learned.terms[term as usize].renderings[0].text.clone())
    };
    let settings_at = |f: usize| file_config[f].map(|k| &configs[&k].0);
    let mut out: FxHashMap<usize, Vec<Diagnostic>> = FxHashMap::default();
    // Within one file: the occurrences of each term, by index into `occ`.
    let mut by_file_term: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
    for (i, o) in occ.iter().enumerate() {
        by_file_term.entry((o.file, o.term)).or_default().push(i);
    }
    let mut keys: Vec<(u32, u32)> = by_file_term.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let found = &by_file_term[&key];
        let (f, term) = (key.0 as usize, key.1);
        let mut paired = vec![false; found.len()];
        for x in 0..found.len() {
            for y in x + 1..found.len() {
                if compare.comparable(found[x], found[y]) {
                    paired[x] = true;
                    paired[y] = true;
                }
            }
        }
        // The renderings compared, with their occurrences in the file.
        let mut renderings: Vec<u32> = found
            .iter()
            .zip(&paired)
            .filter(|(_, p)| **p)
            .map(|(&i, _)| occ[i].rendering)
            .collect();
        renderings.sort_unstable();
        renderings.dedup();
        if renderings.len() < 2 {
            continue;
        }
        let Some(settings) = settings_at(f) else {
            continue;
        };
        let Some(severity) = level(settings, &TermInconsistent::META, profile, LEARNED_SEVERITY)
        else {
            continue;
        };
        let shown: Vec<&Occurrence> = found
            .iter()
            .map(|&i| occ[i])
            .filter(|o| renderings.contains(&o.rendering))
            .collect();
        // (rendering, count, first), most used first.
        let mut usage: Vec<(u32, usize, usize)> = Vec::new();
        for (k, o) in shown.iter().enumerate() {
            match usage.iter_mut().find(|u| u.0 == o.rendering) {
                Some(u) => u.1 += 1,
                None => usage.push((o.rendering, 1, k)),
            }
        }
        usage.sort_by_key(|&(r, n, first)| (std::cmp::Reverse(n), r != 0, first));
        let dominant = if renderings.contains(&0) {
            0
        } else {
            usage[0].0
        };
        // The first occurrence of another rendering that is compared with one of the
        // dominant rendering (else with any).
        let pick = |with_dominant: bool| {
            found.iter().enumerate().find(|&(x, &i)| {
                occ[i].rendering != dominant
                    && paired[x]
                    && found.iter().enumerate().any(|(y, &j)| {
                        paired[y]
                            && (!with_dominant || occ[j].rendering == dominant)
                            && compare.comparable(i, j)
                    })
            })
        };
        let Some((_, &primary)) = pick(true).or_else(|| pick(false)) else {
            continue;
        };
        let primary = occ[primary];
        let t = &learned.terms[term as usize];
        let list: Vec<String> = usage
            .iter()
            .map(|&(_, n, first)| format!("\"{}\" ({n}×)", surface(shown[first])))
            .collect();
        let mut d = Diagnostic::new(
            &TermInconsistent::META,
            range(primary),
            format!(
                "\"{}\" is rendered {} ways in this file: {} (most used in {locale}: \"{}\")",
                t.term,
                usage.len(),
                list.join(", "),
                most_used(term)
            ),
        )
        .with_segment(segment(primary));
        d.severity = severity;
        for o in shown.iter().filter(|o| range(o) != range(primary)) {
            d = d.with_label(range(o), format!("\"{}\"", surface(o)));
        }
        out.entry(f).or_default().push(d);
    }
    // Across the files of the locale.
    let mut by_term: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, o) in occ.iter().enumerate() {
        by_term.entry(o.term).or_default().push(i);
    }
    let mut terms: Vec<u32> = by_term.keys().copied().collect();
    terms.sort_unstable();
    for term in terms {
        let all = &by_term[&term];
        // Per rendering: its occurrences.
        let mut per: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        for &i in all {
            per.entry(occ[i].rendering).or_default().push(i);
        }
        if per.len() < 2 {
            continue;
        }
        let count = |r: u32| per[&r].len();
        let dominant = if per.contains_key(&0) {
            0
        } else {
            *per.keys()
                .max_by_key(|&&r| (count(r), std::cmp::Reverse(r)))
                .expect("renderings")
        };
        // For each other rendering, its first occurrence compared with one of the
        // dominant rendering in another file (at most a few hundred looked at).
        let partner = |i: usize| {
            per[&dominant]
                .iter()
                .filter(|&&j| occ[j].file != occ[i].file)
                .take(400)
                .any(|&j| compare.comparable(i, j))
        };
        let mut shown: Vec<(u32, usize)> = Vec::new();
        let mut others: Vec<u32> = per.keys().copied().filter(|&r| r != dominant).collect();
        others.sort_unstable();
        for r in others {
            if let Some(&i) = per[&r].iter().take(400).find(|&&i| partner(i)) {
                shown.push((r, i));
            }
        }
        if shown.is_empty() {
            continue;
        }
        // The finding points at the least used of them.
        shown.sort_by_key(|&(r, _)| (count(r), std::cmp::Reverse(r)));
        let o = occ[shown[0].1];
        let f = o.file as usize;
        let Some(settings) = settings_at(f) else {
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
        let mut listed: Vec<u32> = shown.iter().map(|&(r, _)| r).collect();
        listed.push(dominant);
        listed.sort_by_key(|&r| (std::cmp::Reverse(count(r)), r));
        let described: Vec<String> = listed
            .iter()
            .map(|&r| {
                let mut files: Vec<u32> = per[&r].iter().map(|&i| occ[i].file).collect();
                files.sort_unstable();
                files.dedup();
                format!(
                    "\"{}\" ({}× in {} file{})",
                    written_most(term, r).unwrap_or_default(),
                    count(r),
                    files.len(),
                    if files.len() == 1 { "" } else { "s" }
                )
            })
            .collect();
        let t = &learned.terms[term as usize];
        let mut d = Diagnostic::new(
            &TermInconsistentAcrossFiles::META,
            range(o),
            format!(
                "\"{}\" is rendered {} ways across {locale} files: {} (most used: \"{}\")",
                t.term,
                listed.len(),
                described.join(", "),
                most_used(term)
            ),
        )
        .with_segment(segment(o));
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
                "plural": o.plural, "label": o.label, "inside": o.inside, "modifier": o.modifier,
                "src": p.source.to_string(), "tgt": p.target.to_string()})
        );
    }
    let _ = std::fs::write(dir.join(format!("{locale}.jsonl")), s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale;

    fn reader(tag: &str) -> Reader {
        Reader::new(locale::builtin().resolve(tag))
    }

    #[test]
    fn forms_of_one_word_are_not_variants() {
        let ar = reader("ar-SA");
        // Broken plurals and verb forms (the profile's inflection letters), the article.
        assert!(inflection("شريك", "شركاء", &ar));
        assert!(inflection("لون", "الوان", &ar));
        assert!(inflection("حفظ", "احفظ", &ar));
        assert!(inflection("الزر", "زر", &ar));
        // A preposition (a function word) more or less.
        assert!(inflection("بحث في محتوي", "بحث محتوي", &ar));
        let ru = reader("ru-RU");
        assert!(inflection("счета-фактуры", "счет-фактур", &ru));
        assert!(inflection("подписк на azure", "подписк azure", &ru));
        let fr = reader("fr-FR");
        assert!(inflection("volet de gauche", "volet gauche", &fr));
        // Where words are not spaced, spaces do not make another rendering.
        assert!(inflection(
            "Microsoft 團隊",
            "Microsoft團隊",
            &reader("zh-TW")
        ));
    }

    #[test]
    fn other_words_are_variants() {
        let ar = reader("ar-SA");
        assert!(!inflection("الغاء تثبيت", "ازاله تثبيت", &ar));
        assert!(!inflection("وصول شرطي", "وصول مشروط", &ar));
        let ru = reader("ru-RU");
        assert!(!inflection("метод оплат", "способ оплат", &ru));
        let fr = reader("fr-FR");
        assert!(!inflection("adresse de messagerie", "adresse e-mail", &fr));
        assert!(!inflection("장치", "디바이스", &reader("ko-KR")));
        assert!(!inflection("回寫", "寫回", &reader("zh-TW")));
    }

    #[test]
    fn a_form_of_a_rendering_in_a_longer_phrase_is_not_a_variant() {
        // A word the profile does not list (Malay `para`, a plural marker).
        let ms = reader("ms-MY");
        assert!(holds_form("para pengguna", "pengguna", &ms));
        // Where the profile lists them, the words are forms of one word.
        let ca = reader("ca-ES");
        assert!(inflection("un usuari", "usuaris", &ca));
        assert!(inflection("documents", "el vostre document", &ca));
        let nl = reader("nl-NL");
        assert!(!holds_form("een gebruiker", "gebruikers", &nl));
        assert!(inflection("een gebruiker", "gebruikers", &nl));
        assert!(inflection("organisaties", "uw organisatie", &nl));
        let sv = reader("sv-SE");
        assert!(!holds_form("en användare", "användaren", &sv));
        assert!(inflection("en användare", "användaren", &sv));
        let da = reader("da-DK");
        assert!(!holds_form("en bruger", "brugeren", &da));
        assert!(inflection("en bruger", "brugeren", &da));
        let nb = reader("nb-NO");
        assert!(inflection("din organisasjon", "organisasjonen", &nb));
        // *more details* against *details*.
        let tr = reader("tr-TR");
        assert!(holds_form("ayrıntılar", "daha fazla ayrıntı", &tr));
        // A UI label joined to the word for what it names by a hyphen (*on the Manage
        // page*, *Devices policies*), where the profile says so: the compound holds the
        // word, in any form.
        let fi = reader("fi-FI");
        assert!(holds_form("hallinta", "Hallinta-sivulla", &fi));
        assert!(holds_form("Laitteet-käytännöt", "käytäntöjä", &fi));
        assert!(!holds_form("hallinta", "Asetukset-sivulla", &fi));
        assert!(!holds_form("прокси", "прокси-сервер", &reader("ru-RU")));
        // A compound written as one word that ends with the other, in any form: it renders
        // a longer phrase (*device policies*).
        assert!(holds_form("käytäntöjä", "laitekäytännöt", &fi));
        assert!(holds_form(
            "Gerätrichtlinien",
            "Richtlinien",
            &reader("de-DE")
        ));
        assert!(!holds_form("asetukset", "tilausehdot", &fi));
        assert!(!holds_form("śmieci", "wiadomości-śmieci", &reader("pl-PL")));
        assert!(!holds_form("app", "webapp", &reader("sv-SE")));
        // Other words, the same number of words, a short word, no spaces.
        let hu = reader("hu-HU");
        assert!(!holds_form("postaláda", "postafiók", &hu));
        // Two words against three: another rendering (eDiscovery).
        let ru = reader("ru-RU");
        assert!(!holds_form(
            "электронных обнаружений",
            "обнаружению электронных данных",
            &ru
        ));
        assert!(!holds_form("csoport", "terjesztési", &hu));
        let ko = reader("ko-KR");
        assert!(!holds_form("쓰기백", "쓰기 저장소", &ko));
        assert!(!holds_form("쓰기 기록", "쓰기 저장소", &ko));
        assert!(!holds_form("appareil", "périphérique", &reader("fr-FR")));
        assert!(!holds_form("回寫", "寫回 功能", &reader("zh-TW")));
    }

    fn rendering(text: &str) -> super::super::learn::LearnedRendering {
        super::super::learn::LearnedRendering {
            text: text.into(),
            count: 5,
            files: 2,
            examples: Vec::new(),
            forms: Vec::new(),
            contextual: false,
            identity: false,
            keys: Vec::new(),
        }
    }

    #[test]
    fn everyday_words_numbers_and_foreign_runs_are_not_checked() {
        let fr = reader("fr-FR");
        let term = |t: &str, r: &[&str]| {
            LearnedTerm::for_test(t, r.iter().map(|x| rendering(x)).collect())
        };
        assert_eq!(
            variants(&term("device", &["appareil", "périphérique"]), &fr),
            [0, 1]
        );
        // Everyday English (`general` in rules/terms/english.yaml), a number.
        assert!(variants(&term("time", &["temps", "moment"]), &fr).is_empty());
        assert!(variants(&term("step 3", &["étape 3", "3e étape"]), &fr).len() < 2);
        // A rendering with digits the term does not have renders a number (October: 10월).
        let ko = reader("ko-KR");
        assert_eq!(variants(&term("October", &["10월", "시월"]), &ko), [0]);
        // Where Latin is foreign, a run holding another English word renders more than
        // the term (`Access Tokens` → رموز Access).
        let ar = reader("ar-SA");
        assert_eq!(
            variants(&term("tokens", &["رموز مميزة", "رموز access"]), &ar),
            [0]
        );
        // One word twice is broken text, not a rendering.
        let ru = reader("ru-RU");
        assert_eq!(
            variants(&term("trial", &["пробн верси", "пробн пробн"]), &ru),
            [0]
        );
    }
}
