//! Learning how each English term is rendered, from aligned segment pairs.
//!
//! 1. Candidates: runs of source words that may be terms ([`english`]); a candidate is a
//!    term when it occurs in at least three distinct segment pairs, is closed (no longer
//!    run contains it nearly every time: `Azure Active` always stands in
//!    `Azure Active Directory`) and reads as a noun phrase or a name (after `the`, `your`,
//!    `of`…, not after `to` or `can`; capitalized in mid-sentence). Bold, italic and link
//!    texts paired with the target's counterpart (structural pairs) make a term too when
//!    the same pair recurs.
//! 2. Target units: runs of up to three words (stems) or, in scripts without spaces, of up
//!    to six characters (twelve in Thai and its neighbours) that occur at least twice,
//!    found level by level (a run can only recur if its parts do) and never starting or
//!    ending with a function word.
//! 3. Association: for every term the units of the pairs that have it, scored by Dice
//!    (2·both / (term + unit)); the best ten are its candidates, a unit yields to a longer
//!    one that keeps most of its score (`쓰기` to `쓰기 저장`), recurring structural pairs
//!    and a name kept as written come first.
//! 4. Competitive linking: in every pair, term occurrences and units are linked one to
//!    one, strongest association (log-likelihood) first; a link may sit inside a longer
//!    link (`writeback` in `password writeback`) but not across one. A second round links
//!    a part of a term's main rendering to the variant it stands in (`쓰기` of `쓰기 기록`
//!    where the main rendering is `쓰기 저장`).
//! 5. Renderings: the units linked to a term at least twice, mostly to it (at least half
//!    of the unit's occurrences), that are not part of another of its renderings. With
//!    `terms learn`, also what a short pair leaves over once its other words are linked
//!    (`장치 쓰기백` for `Device Writeback`), when it is a spelling of a rendering learned.

use super::english::{self, Candidate, Case, Word};
use super::facts::{FileText, Label};
use super::hash;
use super::target::{self, Reader, Tok};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// Distinct segment pairs a candidate needs to be a term.
pub const MIN_PAIRS: u32 = 3;
/// Candidate renderings kept per term.
const TOP: usize = 10;
/// Links a rendering needs.
const MIN_LINKS: u32 = 2;
/// Links the main rendering of a term needs.
const MIN_MAIN_LINKS: u32 = 3;
/// Files a rendering needs.
const MIN_FILES: u32 = 2;
/// Words (numbers aside) a pair may have for what it leaves over to be a rendering
/// (`Learner::residuals`): a heading or a label, not a sentence.
const RESIDUAL_WORDS: usize = 4;
/// How thoroughly to learn.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Pairs of a term that its candidates are counted in (an even sample).
    pub sample: usize,
    /// The same for words that only take part in linking.
    pub word_sample: usize,
    /// Distinct pairs a word needs to take part in linking.
    pub word_min_pairs: u32,
    /// The longest run of tokens a rendering may be, if shorter than the reader's.
    pub max_tokens: Option<usize>,
    /// Candidate renderings kept per term for linking.
    pub top: usize,
    /// For `check`: where each term with several renderings is rendered
    /// ([`Learned::occurrences`]), and no examples or forms.
    pub for_check: bool,
}

impl Options {
    /// `loclint terms learn`: thorough.
    pub const FULL: Options = Options {
        sample: 400,
        word_sample: 100,
        word_min_pairs: MIN_PAIRS,
        max_tokens: None,
        top: 24,
        for_check: false,
    };
    /// `check` learning on the fly: fewer pairs per term, shorter renderings, only what
    /// its findings need.
    pub const FAST: Options = Options {
        sample: 50,
        word_sample: 12,
        word_min_pairs: 20,
        max_tokens: Some(4),
        top: TOP,
        for_check: true,
    };
}

/// One rendering of a learned term.
#[derive(Clone, Debug)]
pub struct LearnedRendering {
    /// As matched: stems in languages with endings, the characters elsewhere.
    pub text: String,
    /// Segment pairs (distinct) that render the term this way.
    pub count: u32,
    pub files: u32,
    /// The first pairs: (file index, segment ID).
    pub examples: Vec<(u32, Box<str>)>,
    /// The most common forms as written, where they differ from `text`.
    pub forms: Vec<String>,
    /// The term's English neighbours differ between this rendering and the most used one
    /// (`more information` → 자세한 내용, `information` → 정보): a translation of a longer
    /// phrase, not a variant of the term.
    pub contextual: bool,
    /// The term kept as written (English left as is, or a name).
    pub identity: bool,
    /// The units (hashes of token keys) that are this rendering.
    pub keys: Vec<u64>,
}

#[derive(Clone, Debug)]
pub struct LearnedTerm {
    pub term: String,
    /// Other English forms merged in (a plural rendered like the singular).
    pub forms: Vec<String>,
    /// Most used first.
    pub renderings: Vec<LearnedRendering>,
    /// The term is a name (capitalized), matched as written.
    pub name: bool,
    /// The learner's terms this one stands for, and whether each is the plural form.
    ids: Vec<(u32, bool)>,
}

#[cfg(test)]
impl LearnedTerm {
    /// A term with these renderings (most used first), for tests.
    pub fn for_test(term: &str, renderings: Vec<LearnedRendering>) -> LearnedTerm {
        LearnedTerm {
            term: term.into(),
            forms: Vec::new(),
            renderings,
            name: false,
            ids: Vec::new(),
        }
    }
}

/// Where a learned term is rendered: one link of an English term to a target unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The file (index into the files learned from) and its segment pair.
    pub file: u32,
    pub pair: u32,
    /// Index into `Learned::terms`, and into that term's renderings.
    pub term: u32,
    pub rendering: u32,
    /// Byte range of the rendering in the pair's target text (a Korean particle after it
    /// left out).
    pub target: (u32, u32),
    /// Byte range of the English term in the pair's source text.
    pub source: (u32, u32),
    /// The English is the term's plural form.
    pub plural: bool,
    /// The English term stands inside a UI label (bold, italic, link text).
    pub label: bool,
    /// The English term stands inside a longer learned term (`profile` in `billing
    /// profile`, `email` in `email addresses`): the longer term is what is rendered there.
    pub inside: bool,
    /// Hash of the pair's source text: occurrences in one English sentence (repeated in
    /// many files) are one piece of evidence about how a context is rendered.
    pub sentence: u64,
    /// The English context, as hashes of lowercase words (0: none in the term's chunk):
    /// the words right before and after the term, and the nearest words on each side that
    /// are not stopwords.
    pub before: u64,
    pub after: u64,
    pub near_before: u64,
    pub near_after: u64,
    /// The word after the term is a content word: the term modifies it (`email address`).
    pub modifier: bool,
}

pub struct Learned {
    pub spaced: bool,
    pub files: usize,
    /// Distinct segment pairs learned from.
    pub pairs: usize,
    /// Sorted by term.
    pub terms: Vec<LearnedTerm>,
    /// Every link of a term to one of its renderings, in every pair (repeated pairs
    /// included), by file, pair and place.
    pub occurrences: Vec<Occurrence>,
}

struct Pair {
    file: u32,
    idx: u32,
    dup: bool,
    /// The first pair with the same texts (this one's index when it is the first).
    orig: u32,
    words: Vec<Word>,
    cands: Vec<Candidate>,
    toks: Vec<Tok>,
    /// The longest recurring run of tokens starting at each token (0: the token itself
    /// does not recur). Runs are identified by the hash of their token keys.
    len_ok: Vec<u8>,
    /// Bit n-1 set: the run of n tokens at this token is a closed unit.
    closed: Vec<u16>,
    /// The pair's units that may be renderings, as indexes into the recurring units
    /// (`Learner::df`), in the order of their keys, distinct.
    unit_ids: Vec<u32>,
    /// The pair's units that may be renderings, (key, start, end), sorted.
    spans: Vec<(u64, u16, u16)>,
    /// Candidates that are terms: (term, candidate index).
    occ: Vec<(u32, u16)>,
}

/// A unit that is some term's candidate rendering: its token keys.
struct UnitInfo {
    toks: Vec<u64>,
}

#[derive(Clone, Copy, Debug)]
struct TopEntry {
    unit: u64,
    /// Distinct pairs of the unit.
    unit_df: u32,
    dice: f32,
    prio: f64,
    sub: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct LinkRec {
    term: u32,
    unit: u64,
    pair: u32,
    start: u16,
    end: u16,
    /// The English words linked: `[es_start, es_end)`.
    es_start: u16,
    es_end: u16,
}

/// A candidate link in one pair (see `Learner::link_pair`).
struct LinkCand {
    prio: f64,
    dice: f32,
    term: u32,
    es: Span,
    fs: Span,
    unit: u64,
    unit_df: u32,
    sub: bool,
}

/// What `Learner::link_pair` builds for each pair, kept from pair to pair on a thread.
#[derive(Default)]
struct LinkScratch {
    cands: Vec<LinkCand>,
    es_list: Vec<Span>,
    claims: Vec<u64>,
    linked: Vec<(Span, Span)>,
}

/// A run of a pair's target tokens: pair, start, end.
type Place = (u32, u16, u16);

/// A pair's units that may be renderings, (key, start, end) sorted, and their indexes into
/// the recurring units (see `Pair::spans` and `Pair::unit_ids`).
type PairUnits = (Vec<(u64, u16, u16)>, Vec<u32>);

/// A unit and its first occurrence: pair, start, end.
type UnitFirst = (u64, (u32, u16, u16));

struct TermInfo {
    key: u64,
    /// A term of the glossary (else a word that only takes part in linking).
    output: bool,
    name: bool,
    /// First occurrence: pair, candidate.
    first: (u32, u16),
    /// The unit key a rendering kept as written would have.
    identity: u64,
    /// A term only as a UI label (`**Create**`): only its label renderings count.
    label_only: bool,
}

fn xlogx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Log-likelihood ratio (G²) of a 2×2 table: both, term only, unit only, out of `n`.
fn g2(both: u32, term: u32, unit: u32, n: u32) -> f64 {
    let (k11, k12, k21) = (
        both as f64,
        (term.saturating_sub(both)) as f64,
        (unit.saturating_sub(both)) as f64,
    );
    let k22 = (n as f64 - k11 - k12 - k21).max(0.0);
    let n = k11 + k12 + k21 + k22;
    2.0 * (xlogx(k11) + xlogx(k12) + xlogx(k21) + xlogx(k22)
        - xlogx(k11 + k12)
        - xlogx(k21 + k22)
        - xlogx(k11 + k21)
        - xlogx(k12 + k22)
        + xlogx(n))
}

fn contains(big: &[u64], small: &[u64]) -> bool {
    small.len() <= big.len() && big.windows(small.len()).any(|w| w == small)
}

fn offsets(big: &[u64], small: &[u64]) -> Vec<usize> {
    if small.len() > big.len() {
        return Vec::new();
    }
    big.windows(small.len())
        .enumerate()
        .filter(|(_, w)| *w == small)
        .map(|(i, _)| i)
        .collect()
}

type Span = (u16, u16);

fn disjoint(a: Span, b: Span) -> bool {
    a.1 <= b.0 || b.1 <= a.0
}

fn strictly_inside(a: Span, b: Span) -> bool {
    b.0 <= a.0 && a.1 <= b.1 && a != b
}

struct Learner<'a> {
    files: &'a [FileText],
    reader: &'a Reader,
    refs: Vec<(u32, u32)>,
    pairs: Vec<Pair>,
    case: Case,
    /// Word key → stem key (languages with endings).
    stem_of: FxHashMap<u64, u64>,
    /// Stem (or normalized word) key → text.
    word_text: FxHashMap<u64, String>,
    /// Recurring units: key → distinct pairs, sorted by key.
    df: Vec<(u64, u32)>,
    /// The keys of `df` alone, for finding a unit's index.
    df_keys: Vec<u64>,
    /// Units that are some term's candidates.
    units: FxHashMap<u64, UnitInfo>,
    /// Tokens found to be function words (languages with spaces and no list).
    function: FxHashSet<u64>,
    terms: Vec<TermInfo>,
    /// Pairs (distinct, by index) that have each term.
    term_pairs: Vec<Vec<u32>>,
    label_count: FxHashMap<(u32, u64), u32>,
    top: Vec<Vec<TopEntry>>,
    distinct: u32,
    /// Latin is the locale's own script.
    latin: bool,
    options: Options,
    /// Every candidate's distinct pairs, name flag and first occurrence (for terms added
    /// from structural pairs).
    term_df: FxHashMap<u64, (u32, bool, (u32, u16))>,
}

impl<'a> Learner<'a> {
    fn source(&self, p: &Pair) -> &'a str {
        &self.files[p.file as usize].pairs[p.idx as usize].source
    }

    fn target(&self, p: &Pair) -> &'a str {
        &self.files[p.file as usize].pairs[p.idx as usize].target
    }

    /// Step 1a: words and tokens of every pair; repeated pairs marked.
    fn read(&mut self) {
        let files = self.files;
        let reader = self.reader;
        // Repeated pairs first (by the hash of both texts): only the first of each is read.
        let hashes: Vec<u64> = self
            .refs
            .par_iter()
            .map(|&(f, i)| {
                let p = &files[f as usize].pairs[i as usize];
                hash::mix(hash::str(&p.source), hash::str(&p.target))
            })
            .collect();
        let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
        let origs: Vec<u32> = hashes
            .iter()
            .enumerate()
            .map(|(i, h)| *seen.entry(*h).or_insert(i as u32))
            .collect();
        drop(seen);
        self.pairs = self
            .refs
            .par_iter()
            .zip(origs.par_iter())
            .enumerate()
            .map(|(k, (&(f, i), &orig))| {
                let dup = orig != k as u32;
                let mut words = Vec::new();
                let mut toks = Vec::new();
                if !dup {
                    let p = &files[f as usize].pairs[i as usize];
                    english::tokenize(&p.source, &mut words);
                    reader.tokenize(&p.target, &mut toks);
                }
                Pair {
                    file: f,
                    idx: i,
                    dup,
                    orig,
                    words,
                    cands: Vec::new(),
                    toks,
                    len_ok: Vec::new(),
                    closed: Vec::new(),
                    unit_ids: Vec::new(),
                    spans: Vec::new(),
                    occ: Vec::new(),
                }
            })
            .collect();
        self.distinct = self.pairs.iter().filter(|p| !p.dup).count() as u32;
        self.case = self
            .pairs
            .par_iter()
            .filter(|p| !p.dup)
            .fold(Case::default, |mut c, p| {
                c.observe(&p.words);
                c
            })
            .reduce(Case::default, |mut a, b| {
                a.merge(b);
                a
            });
    }

    /// Step 1b: words reduced to stems, by the forms seen.
    fn stem(&mut self) {
        let mut first: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        for (pi, p) in self.pairs.iter().enumerate() {
            if p.dup {
                continue;
            }
            for (ti, t) in p.toks.iter().enumerate() {
                if t.flags & target::CLUSTER == 0 {
                    first.entry(t.key).or_insert((pi as u32, ti as u32));
                }
            }
        }
        let mut keys: Vec<(u64, (u32, u32))> = first.into_iter().collect();
        keys.sort_unstable();
        let words: Vec<String> = keys
            .par_iter()
            .map(|&(_, (pi, ti))| {
                let p = &self.pairs[pi as usize];
                let t = p.toks[ti as usize];
                self.reader
                    .normalize(&self.target(p)[t.start as usize..t.end as usize])
            })
            .collect();
        if self.reader.stems() {
            let stems = target::choose_stems(self.reader, &words);
            for ((key, _), stem) in keys.iter().zip(stems) {
                let sk = hash::str(&stem);
                self.stem_of.insert(*key, sk);
                self.word_text.entry(sk).or_insert(stem);
            }
            let stem_of = &self.stem_of;
            self.pairs.par_iter_mut().for_each(|p| {
                for t in &mut p.toks {
                    if let Some(&s) = stem_of.get(&t.key) {
                        t.key = s;
                    }
                }
            });
        } else {
            // A word is shown as first written, lowercase: letter variants the profile
            // folds (Greek stress marks) are part of its spelling.
            for ((key, (pi, ti)), w) in keys.iter().zip(words) {
                let w = if self.reader.folds() {
                    let p = &self.pairs[*pi as usize];
                    let t = p.toks[*ti as usize];
                    self.reader
                        .lowercase(&self.target(p)[t.start as usize..t.end as usize])
                } else {
                    w
                };
                self.word_text.insert(*key, w);
            }
        }
    }

    /// Step 1c: the candidates of every pair, and which are terms.
    fn select_terms(&mut self) {
        let case = &self.case;
        let files = self.files;
        self.pairs.par_iter_mut().for_each(|p| {
            let source = &files[p.file as usize].pairs[p.idx as usize].source;
            english::candidates(source, &p.words, case, &mut p.cands);
        });
        #[derive(Default)]
        struct Stat {
            df: u32,
            det: u32,
            prep: u32,
            verb: u32,
            head: u32,
            /// After a determiner and ending a noun phrase (`the device.`).
            det_head: u32,
            n: u16,
            left: u64,
            right: u64,
            name: bool,
            first: (u32, u16),
        }
        let mut stats: FxHashMap<u64, Stat> = FxHashMap::default();
        let mut order: Vec<u64> = Vec::new();
        let mut in_pair = FxHashSet::default();
        for (pi, p) in self.pairs.iter().enumerate() {
            if p.dup {
                continue;
            }
            in_pair.clear();
            for (ci, c) in p.cands.iter().enumerate() {
                let s = stats.entry(c.key).or_insert_with(|| {
                    order.push(c.key);
                    Stat {
                        n: c.end - c.start,
                        left: c.left,
                        right: c.right,
                        name: c.name,
                        first: (pi as u32, ci as u16),
                        ..Stat::default()
                    }
                });
                if in_pair.insert(c.key) {
                    s.df += 1;
                }
                match c.context {
                    english::CTX_DET => s.det += 1,
                    english::CTX_PREP => s.prep += 1,
                    english::CTX_VERB => s.verb += 1,
                    _ => {}
                }
                if c.head {
                    s.head += 1;
                    if c.context == english::CTX_DET {
                        s.det_head += 1;
                    }
                }
            }
        }
        let mut ext: FxHashMap<u64, u32> = FxHashMap::default();
        for s in stats.values() {
            if s.n > 1 {
                for k in [s.left, s.right] {
                    let e = ext.entry(k).or_default();
                    *e = (*e).max(s.df);
                }
            }
        }
        let mut chosen = Vec::new();
        for key in order {
            let s = &stats[&key];
            if s.df < MIN_PAIRS {
                continue;
            }
            if ext
                .get(&key)
                .is_some_and(|&e| e as f64 >= 0.9 * s.df as f64)
            {
                continue;
            }
            let nominal = s.det + s.prep;
            let nounish = if s.name {
                true
            } else if s.n == 1 {
                let (pi, ci) = s.first;
                let p = &self.pairs[pi as usize];
                let c = p.cands[ci as usize];
                let w = p.words[c.start as usize];
                let text = &self.source(p)[w.start as usize..w.end as usize];
                let verbal = text.ends_with("ed") || text.ends_with("ly");
                // A gerund follows prepositions too (`for checking`): it needs determiners.
                let gerund = text.ends_with("ing");
                // For check, a noun stands alone after a determiner somewhere (`the
                // device.`); an adjective or adverb does not (`a later version`, `or
                // later`, `is compliant`): fewer terms, fewer findings about words that are
                // rendered by sense.
                !verbal
                    && (!self.options.for_check || s.det_head >= 1)
                    && s.det >= if gerund { 2 } else { 1 }
                    && nominal >= 2
                    && nominal >= 2 * s.verb
                    && 4 * s.head >= s.df
            } else {
                nominal >= 1 && nominal >= s.verb
            };
            // Words that are no term still take part in linking, so that the words they
            // stand for are not taken for another term's (`failed` keeps `실패` from
            // `operation`).
            if nounish {
                chosen.push((key, true, s.name, s.first));
            } else if s.n == 1 && s.df >= self.options.word_min_pairs {
                chosen.push((key, false, s.name, s.first));
            }
        }
        self.terms = chosen
            .into_iter()
            .map(|(key, output, name, first)| TermInfo {
                key,
                output,
                name,
                first,
                identity: 0,
                label_only: false,
            })
            .collect();
        // Kept for terms added from structural pairs.
        self.term_df = stats
            .iter()
            .map(|(k, s)| (*k, (s.df, s.name, s.first)))
            .collect();
    }

    /// Step 2: recurring target units, level by level (a run recurs only if both its
    /// shorter parts do). A unit that always stands inside one longer unit is not closed
    /// and is never a candidate (`租` of `租用戶`; `Azure Active` of `Azure Active
    /// Directory`), unless what the longer one adds is a function word.
    fn mine_units(&mut self) {
        let max = match self.options.max_tokens {
            Some(m) => m.min(self.reader.max_tokens),
            None => self.reader.max_tokens,
        };
        let spaced = self.reader.spaced;
        let function_chars: FxHashSet<u64> = self.reader.function_tokens();
        let is_function = |t: &Tok| {
            (spaced && t.flags & target::FUNCTION != 0) || function_chars.contains(&t.key)
        };
        for p in &mut self.pairs {
            p.len_ok = vec![0; if p.dup { 0 } else { p.toks.len() }];
        }
        // The key of the run of the previous length at each token, and of the current one
        // (0: no run of this length there; a hash of 0 is taken as none).
        let mut keys: Vec<Vec<u64>> = self
            .pairs
            .iter()
            .map(|p| vec![english::run_key(&[]); p.len_ok.len()])
            .collect();
        let mut next: Vec<Vec<u64>> = self.pairs.iter().map(|_| Vec::new()).collect();
        // The distinct pairs of the recurring run of the previous length at each token, and
        // of the current one (0: the run does not recur).
        let mut prev_df: Vec<Vec<u32>> = self.pairs.iter().map(|_| Vec::new()).collect();
        let mut next_df: Vec<Vec<u32>> = self.pairs.iter().map(|_| Vec::new()).collect();
        // The length of the runs in `keys` and `prev_df`.
        let mut held = 0;
        let mut df: Vec<(u64, u32)> = Vec::new();
        // The most distinct pairs of the extensions by one token of each run of the previous
        // length: a run's extensions are the runs one longer, so once those are counted the
        // shorter runs' closedness is known, and the map holds one length at a time.
        let mut ext: FxHashMap<u64, u32> = FxHashMap::default();
        for p in &mut self.pairs {
            p.closed = vec![0; p.len_ok.len()];
        }
        // Marks the closed runs of length `len` (keys, distinct pairs; `ext` their extensions').
        let mark_closed = |pairs: &mut Vec<Pair>,
                           keys: &[Vec<u64>],
                           dfs: &[Vec<u32>],
                           ext: &FxHashMap<u64, u32>,
                           len: usize| {
            if len == 0 {
                return;
            }
            pairs
                .par_iter_mut()
                .zip(keys.par_iter())
                .zip(dfs.par_iter())
                .for_each(|((p, keys), dfs)| {
                    for (i, &d) in dfs.iter().enumerate() {
                        if d > 0 && ext.get(&keys[i]).copied().unwrap_or(0) < d {
                            p.closed[i] |= 1 << (len - 1);
                        }
                    }
                });
        };
        for n in 1..=max {
            let pairs = &self.pairs;
            // The runs of n tokens, and each pair's distinct keys of them.
            let mut all: Vec<u64> = pairs
                .par_iter()
                .zip(keys.par_iter())
                .zip(next.par_iter_mut())
                .flat_map_iter(|((p, keys), next)| {
                    next.clear();
                    next.resize(keys.len(), 0);
                    let t = &p.toks;
                    let ok = &p.len_ok;
                    for i in 0..ok.len() {
                        let j = i + n;
                        if j > t.len() || t[j - 1].chunk != t[i].chunk {
                            continue;
                        }
                        if n > 1 && (ok[i] < (n - 1) as u8 || ok[i + 1] < (n - 1) as u8) {
                            continue;
                        }
                        if !spaced
                            && t[i..j]
                                .iter()
                                .filter(|k| k.flags & target::CLUSTER == 0)
                                .count()
                                > 3
                        {
                            continue;
                        }
                        next[i] = hash::mix(keys[i], t[j - 1].key);
                    }
                    let mut k: Vec<u64> = next.iter().copied().filter(|&k| k != 0).collect();
                    k.sort_unstable();
                    k.dedup();
                    k
                })
                .collect();
            if all.is_empty() {
                break;
            }
            all.par_sort_unstable();
            let mut frequent: FxHashMap<u64, u32> = FxHashMap::default();
            let mut i = 0;
            while i < all.len() {
                let mut j = i + 1;
                while j < all.len() && all[j] == all[i] {
                    j += 1;
                }
                if j - i >= 2 {
                    frequent.insert(all[i], (j - i) as u32);
                    df.push((all[i], (j - i) as u32));
                }
                i = j;
            }
            drop(all);
            // Each pair on either thread; the extensions' counts are kept per thread and
            // merged (they are few: the recurring runs of the previous length).
            let frequent = &frequent;
            let is_function = &is_function;
            let (any, merged) = self
                .pairs
                .par_iter_mut()
                .zip(keys.par_iter())
                .zip(next.par_iter())
                .zip(next_df.par_iter_mut())
                .fold(
                    || (false, FxHashMap::<u64, u32>::default()),
                    |(mut any, mut ext), (((p, keys), next), next_df)| {
                        next_df.clear();
                        next_df.resize(next.len(), 0);
                        for (i, &key) in next.iter().enumerate() {
                            let Some(&d) = frequent.get(&key) else {
                                continue;
                            };
                            p.len_ok[i] = n as u8;
                            next_df[i] = d;
                            any = true;
                            if n > 1 {
                                // The run without its last token, and without its first;
                                // none where the token left out is a function word.
                                let t = &p.toks;
                                let left = if is_function(&t[i + n - 1]) {
                                    0
                                } else {
                                    keys[i]
                                };
                                let right = if is_function(&t[i]) { 0 } else { keys[i + 1] };
                                for part in [left, right] {
                                    if part != 0 {
                                        let e = ext.entry(part).or_default();
                                        *e = (*e).max(d);
                                    }
                                }
                            }
                        }
                        (any, ext)
                    },
                )
                .reduce(
                    || (false, FxHashMap::default()),
                    |(a, mut x), (b, mut y)| {
                        if x.len() < y.len() {
                            std::mem::swap(&mut x, &mut y);
                        }
                        for (k, v) in y {
                            let e = x.entry(k).or_default();
                            *e = (*e).max(v);
                        }
                        (a || b, x)
                    },
                );
            ext = merged;
            mark_closed(&mut self.pairs, &keys, &prev_df, &ext, held);
            std::mem::swap(&mut keys, &mut next);
            std::mem::swap(&mut prev_df, &mut next_df);
            held = n;
            if !any {
                break;
            }
        }
        // The longest runs have no extension counted: each one that recurs is closed.
        ext.clear();
        mark_closed(&mut self.pairs, &keys, &prev_df, &ext, held);
        df.par_sort_unstable();
        self.df_keys = df.iter().map(|x| x.0).collect();
        self.df = df;
    }

    fn unit_df(&self, key: u64) -> u32 {
        hash::find_sorted(&self.df, key).map_or(0, |i| self.df[i].1)
    }

    /// Every recurring unit of a pair that may be a rendering: (key, start, end).
    fn for_each_unit(&self, p: &Pair, mut f: impl FnMut(u64, u16, u16)) {
        let t = &p.toks;
        let spaced = self.reader.spaced;
        let edge =
            |k: &Tok| (spaced && k.flags & target::FUNCTION != 0) || self.function.contains(&k.key);
        for i in 0..p.len_ok.len() {
            if edge(&t[i]) {
                continue;
            }
            let mut key = english::run_key(&[]);
            for n in 1..=p.len_ok[i] as usize {
                let last = &t[i + n - 1];
                key = hash::mix(key, last.key);
                if p.closed[i] & (1 << (n - 1)) != 0 && !edge(last) {
                    f(key, i as u16, (i + n) as u16);
                }
            }
        }
    }

    /// The text of a run of a pair's tokens, as the learner writes it.
    fn run_text(&self, pi: u32, s: u16, e: u16) -> String {
        let p = &self.pairs[pi as usize];
        let text = self.target(p);
        let mut out = String::new();
        for (k, t) in p.toks[s as usize..e as usize].iter().enumerate() {
            let word = t.flags & target::CLUSTER == 0;
            if k > 0 {
                let prev = p.toks[s as usize + k - 1];
                let prev_word = prev.flags & target::CLUSTER == 0;
                if self.reader.spaced || word || prev_word || t.flags & target::SPACE_BEFORE != 0 {
                    out.push(' ');
                }
            }
            match self.word_text.get(&t.key) {
                Some(w) if word => out.push_str(w),
                _ => out.push_str(
                    &self
                        .reader
                        .normalize(&text[t.start as usize..t.end as usize]),
                ),
            }
        }
        out
    }

    /// Whether a run can never be a rendering: no letter, or (without spaces) a function
    /// word at its start or end.
    fn bad_run(&self, pi: u32, s: u16, e: u16) -> bool {
        let text = self.run_text(pi, s, e);
        !text.chars().any(char::is_alphabetic)
            || (!self.reader.spaced && self.reader.edge_is_function(&text))
    }

    /// A structural pair's (candidate key, unit key): the English label's words are one
    /// candidate, and the target label's tokens one recurring run.
    fn label_key(p: &Pair, l: &Label) -> Option<(u64, u64)> {
        let inside_words: Vec<usize> = (0..p.words.len())
            .filter(|&i| p.words[i].start >= l.source.0 && p.words[i].end <= l.source.1)
            .collect();
        let inside_toks: Vec<usize> = (0..p.toks.len())
            .filter(|&i| p.toks[i].start >= l.target.0 && p.toks[i].end <= l.target.1)
            .collect();
        let (Some(&ws), Some(&we), Some(&ts), Some(&te)) = (
            inside_words.first(),
            inside_words.last(),
            inside_toks.first(),
            inside_toks.last(),
        ) else {
            return None;
        };
        let c = p
            .cands
            .iter()
            .find(|c| c.start as usize == ws && c.end as usize == we + 1)?;
        if te + 1 - ts > p.len_ok.get(ts).copied().unwrap_or(0) as usize
            || p.toks[ts].chunk != p.toks[te].chunk
        {
            return None;
        }
        let keys: Vec<u64> = p.toks[ts..=te].iter().map(|k| k.key).collect();
        Some((c.key, english::run_key(&keys)))
    }

    /// Step 1d: structural pairs, and which candidates are terms in each pair.
    fn index_terms(&mut self) {
        // Structural pairs: the whole English label against the whole target label.
        let found: Vec<(u64, u64)> = self
            .pairs
            .par_iter()
            .filter(|p| !p.dup)
            .flat_map_iter(|p| {
                let pt = &self.files[p.file as usize].pairs[p.idx as usize];
                pt.labels.iter().filter_map(move |l| Self::label_key(p, l))
            })
            .collect();
        let mut label_keys: FxHashMap<(u64, u64), u32> = FxHashMap::default();
        for k in found {
            *label_keys.entry(k).or_default() += 1;
        }
        let mut known: FxHashMap<u64, u32> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key, i as u32))
            .collect();
        let mut labels: Vec<((u64, u64), u32)> = label_keys.into_iter().collect();
        labels.sort_unstable();
        for ((key, unit), n) in labels {
            if n < 2 {
                continue;
            }
            let term = match known.get(&key) {
                Some(&t) => {
                    let info = &mut self.terms[t as usize];
                    if !info.output {
                        info.output = true;
                        info.label_only = true;
                    }
                    t
                }
                None => {
                    let Some(&(df, name, first)) = self.term_df.get(&key) else {
                        continue;
                    };
                    if df < 2 {
                        continue;
                    }
                    self.terms.push(TermInfo {
                        key,
                        output: true,
                        name,
                        first,
                        identity: 0,
                        label_only: true,
                    });
                    let t = (self.terms.len() - 1) as u32;
                    known.insert(key, t);
                    t
                }
            };
            self.label_count.insert((term, unit), n);
        }
        self.pairs.par_iter_mut().filter(|p| !p.dup).for_each(|p| {
            for (ci, c) in p.cands.iter().enumerate() {
                if let Some(&t) = known.get(&c.key) {
                    p.occ.push((t, ci as u16));
                }
            }
        });
        self.term_pairs = vec![Vec::new(); self.terms.len()];
        for (pi, p) in self.pairs.iter().enumerate() {
            for &(t, _) in &p.occ {
                let list = &mut self.term_pairs[t as usize];
                if list.last() != Some(&(pi as u32)) {
                    list.push(pi as u32);
                }
            }
        }
        // What a rendering kept as written looks like.
        let identities: Vec<u64> = (0..self.terms.len())
            .into_par_iter()
            .map_init(Vec::new, |toks, t| {
                let text = self.term_text(t as u32);
                self.reader.tokenize(&text, toks);
                let keys: Vec<u64> = toks
                    .iter()
                    .map(|k| self.stem_of.get(&k.key).copied().unwrap_or(k.key))
                    .collect();
                english::run_key(&keys)
            })
            .collect();
        for (term, identity) in self.terms.iter_mut().zip(identities) {
            term.identity = identity;
        }
    }

    fn term_text(&self, term: u32) -> String {
        let (pi, ci) = self.terms[term as usize].first;
        let p = &self.pairs[pi as usize];
        let c = p.cands[ci as usize];
        english::display(
            self.source(p),
            &p.words,
            c.start as usize,
            c.end as usize,
            &self.case,
        )
    }

    /// Step 3: each term's candidate renderings.
    fn associate(&mut self) {
        let n = self.distinct;
        let spans: Vec<PairUnits> = self
            .pairs
            .par_iter()
            .map(|p| {
                let mut k = Vec::new();
                let mut ids = Vec::new();
                if !p.occ.is_empty() {
                    self.for_each_unit(p, |key, s, e| k.push((key, s, e)));
                    k.sort_unstable();
                    // Every unit recurs (a closed run does), so it has a place in `df`.
                    ids.extend(k.iter().filter_map(|x| {
                        hash::find_sorted_by(&self.df_keys, x.0, |&k| k).map(|i| i as u32)
                    }));
                    ids.dedup();
                }
                (k, ids)
            })
            .collect();
        for (p, (k, ids)) in self.pairs.iter_mut().zip(spans) {
            p.unit_ids = ids;
            p.spans = k;
        }
        let found: Vec<(Vec<TopEntry>, Vec<UnitFirst>)> = (0..self.terms.len())
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new(), FxHashMap::default()),
                |(counts, touched, bad), t| {
                    let term = &self.terms[t];
                    // Units of the term's pairs: distinct pairs and the first pair, by the
                    // unit's index (the table is the thread's, and only the places touched
                    // for a term are read and emptied).
                    let counts: &mut Vec<(u32, u32)> = counts;
                    let touched: &mut Vec<u32> = touched;
                    if counts.is_empty() {
                        counts.resize(self.df.len(), (0, 0));
                    }
                    // A frequent term's candidates are clear from an even sample of its pairs
                    // (a smaller one for words that only take part in linking).
                    let all = &self.term_pairs[t];
                    let limit = if term.output {
                        self.options.sample
                    } else {
                        self.options.word_sample
                    };
                    let step = all.len().div_ceil(limit).max(1);
                    let mut sampled = 0u32;
                    for &pi in all.iter().step_by(step) {
                        sampled += 1;
                        for &id in &self.pairs[pi as usize].unit_ids {
                            let c = &mut counts[id as usize];
                            if c.0 == 0 {
                                c.1 = pi;
                                touched.push(id);
                            }
                            c.0 += 1;
                        }
                    }
                    let df = all.len() as u32;
                    let scale = df as f32 / sampled.max(1) as f32;
                    let mut cands: Vec<(f32, u64, u32, u32, u32)> = touched
                        .drain(..)
                        .filter_map(|id| {
                            let (k, first) = std::mem::take(&mut counts[id as usize]);
                            if k < 2 {
                                return None;
                            }
                            let (u, unit_df) = self.df[id as usize];
                            let k = ((k as f32 * scale).round() as u32).min(df);
                            let udf = unit_df.max(k);
                            let dice = 2.0 * k as f32 / (df + udf) as f32;
                            Some((dice, u, k, udf, first))
                        })
                        .collect();
                    let label = |u: u64| self.label_count.get(&(t as u32, u)).copied().unwrap_or(0);
                    let order = |a: &(f32, u64, u32, u32, u32), b: &(f32, u64, u32, u32, u32)| {
                        b.0.total_cmp(&a.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1))
                    };
                    // Past the best few, only the term kept as written and recurring structural
                    // pairs are taken, so only the head is put in order (the order is total:
                    // units differ); all of it when the head has too few that can be taken.
                    let head = 4 * self.options.top;
                    let mut ordered = cands.len() <= head;
                    if ordered {
                        cands.sort_unstable_by(order);
                    } else {
                        cands.select_nth_unstable_by(head, order);
                        cands[..head].sort_unstable_by(order);
                    }
                    let mut out: Vec<TopEntry> = Vec::new();
                    let mut firsts: Vec<(u64, (u32, u16, u16))> = Vec::new();
                    let mut good = 0;
                    let mut i = 0;
                    while i < cands.len() {
                        if i == head && !ordered {
                            if good < self.options.top {
                                cands[head..].sort_unstable_by(order);
                            } else {
                                let mut taken: Vec<_> = cands
                                    .drain(head..)
                                    .filter(|c| c.1 == term.identity || label(c.1) >= 2)
                                    .collect();
                                taken.sort_unstable_by(order);
                                cands.extend(taken);
                            }
                            ordered = true;
                        }
                        let Some(&(dice, u, k, udf, pi)) = cands.get(i) else {
                            break;
                        };
                        i += 1;
                        // The term kept as written is linked first where it stands.
                        let identity = u == term.identity;
                        let structural = label(u) >= 2;
                        if good >= self.options.top && !identity && !structural {
                            continue;
                        }
                        // The unit's first place in the pair: its spans are sorted by key,
                        // then start and end, the order in which `for_each_unit` finds them.
                        let spans = &self.pairs[pi as usize].spans;
                        let at = spans.partition_point(|x| x.0 < u);
                        let first = match spans.get(at) {
                            Some(&(k, s, e)) if k == u => (pi, s, e),
                            _ => (pi, 0, 0),
                        };
                        // Whether a unit can be a rendering depends on its tokens alone, so
                        // on its key: asked once per unit on each thread, not per term.
                        if first.2 == 0
                            || *bad
                                .entry(u)
                                .or_insert_with(|| self.bad_run(first.0, first.1, first.2))
                        {
                            continue;
                        }
                        good += 1;
                        let mut prio = g2(k, df, udf, n);
                        if identity || structural {
                            prio += 1e6;
                        }
                        out.push(TopEntry {
                            unit: u,
                            unit_df: self.unit_df(u),
                            dice,
                            prio,
                            sub: false,
                        });
                        firsts.push((u, first));
                    }
                    // A unit yields to a longer one that keeps most of its association.
                    let toks: Vec<Vec<u64>> = firsts
                        .iter()
                        .map(|&(_, (pi, s, e))| {
                            self.pairs[pi as usize].toks[s as usize..e as usize]
                                .iter()
                                .map(|k| k.key)
                                .collect()
                        })
                        .collect();
                    for i in 0..out.len() {
                        for j in 0..out.len() {
                            if i == j {
                                continue;
                            }
                            let (f, g) = (out[i], out[j]);
                            if toks[j].len() > toks[i].len()
                                && contains(&toks[j], &toks[i])
                                && g.dice >= 0.8 * f.dice
                            {
                                out[i].prio = out[i].prio.min(g.prio * 0.99);
                                out[i].sub = true;
                            }
                        }
                    }
                    (out, firsts)
                },
            )
            .collect();
        self.top = Vec::with_capacity(found.len());
        for (entries, firsts) in found {
            for (u, first) in firsts {
                if !self.units.contains_key(&u) {
                    let (pi, s, e) = first;
                    let toks = self.pairs[pi as usize].toks[s as usize..e as usize]
                        .iter()
                        .map(|k| k.key)
                        .collect();
                    self.units.insert(u, UnitInfo { toks });
                }
            }
            self.top.push(entries);
        }
    }

    /// Step 3b (languages that separate words and list no function words): words that
    /// are frequent but never a term's rendering on their own are function words; runs
    /// that start or end with one are dropped.
    fn find_function_words(&mut self) -> bool {
        if !self.reader.spaced || self.reader.has_function_words() {
            return false;
        }
        let floor = (self.distinct / 500).max(30);
        let mut content = FxHashSet::default();
        for entries in &self.top {
            for e in entries {
                let info = &self.units[&e.unit];
                if info.toks.len() == 1 && e.dice >= 0.15 {
                    content.insert(info.toks[0]);
                }
            }
        }
        // Single tokens are runs of one: their key is the run key of the token.
        let mut by_run: FxHashMap<u64, u64> = FxHashMap::default();
        for p in self.pairs.iter().filter(|p| !p.dup) {
            for t in &p.toks {
                by_run.entry(english::run_key(&[t.key])).or_insert(t.key);
            }
        }
        let function: FxHashSet<u64> = by_run
            .iter()
            .filter(|&(run, tok)| self.unit_df(*run) >= floor && !content.contains(tok))
            .map(|(_, &tok)| tok)
            .collect();
        if function.is_empty() {
            return false;
        }
        self.function = function;
        self.units.clear();
        true
    }

    /// Step 4: links in one pair.
    fn link_pair(
        &self,
        pi: u32,
        dominant: Option<&[u64]>,
        out: &mut Vec<LinkRec>,
        scratch: &mut LinkScratch,
    ) {
        let p = &self.pairs[pi as usize];
        if p.occ.is_empty() {
            return;
        }
        // The pair's units (found when associating), sorted by key.
        let spans = &p.spans;
        let spaced = self.reader.spaced && dominant.is_some();
        let LinkScratch {
            cands,
            es_list,
            claims,
            linked,
        } = scratch;
        cands.clear();
        for &(term, ci) in &p.occ {
            let c = p.cands[ci as usize];
            for e in &self.top[term as usize] {
                let from = spans.partition_point(|x| x.0 < e.unit);
                for &(u, s, end) in spans[from..].iter().take_while(|x| x.0 == e.unit) {
                    cands.push(LinkCand {
                        prio: e.prio,
                        dice: e.dice,
                        term,
                        es: (c.start, c.end),
                        fs: (s, end),
                        unit: u,
                        unit_df: e.unit_df,
                        sub: e.sub,
                    });
                }
            }
        }
        if cands.is_empty() {
            return;
        }
        cands.sort_by(|a, b| {
            b.prio
                .total_cmp(&a.prio)
                .then((b.es.1 - b.es.0).cmp(&(a.es.1 - a.es.0)))
                .then((b.fs.1 - b.fs.0).cmp(&(a.fs.1 - a.fs.0)))
                .then(a.es.cmp(&b.es))
                .then(a.fs.cmp(&b.fs))
                .then(a.unit.cmp(&b.unit))
        });
        // Which English spans claim each target token: a bit per distinct English span
        // (the first 64; later ones claim nothing, which only makes extending bolder).
        let cands: &[LinkCand] = cands;
        es_list.clear();
        es_list.extend(cands.iter().map(|c| c.es));
        es_list.sort_unstable();
        es_list.dedup();
        es_list.truncate(64);
        let es_list: &[Span] = es_list;
        let es_bit = |es: Span| es_list.binary_search(&es).map_or(0u64, |i| 1u64 << i);
        // Per English span: the spans disjoint from it.
        let disjoint_from = |es: Span| {
            es_list
                .iter()
                .enumerate()
                .filter(|(_, o)| disjoint(**o, es))
                .fold(0u64, |m, (i, _)| m | (1 << i))
        };
        claims.clear();
        claims.resize(p.toks.len(), 0);
        for c in cands {
            if c.dice >= 0.1 {
                let bit = es_bit(c.es);
                for pos in c.fs.0..c.fs.1 {
                    claims[pos as usize] |= bit;
                }
            }
        }
        // The candidates of each (term, English span), in the order of `cands`: the
        // longer renderings a unit may be part of are looked for among these only.
        // Sorted when first needed: most pairs link no unit that yields to a longer one.
        let by_group = std::cell::OnceCell::new();
        let group = |c: &LinkCand| {
            let by_group: &Vec<u32> = by_group.get_or_init(|| {
                let mut by: Vec<u32> = (0..cands.len() as u32).collect();
                by.sort_unstable_by_key(|&i| (cands[i as usize].term, cands[i as usize].es, i));
                by
            });
            let key = (c.term, c.es);
            let at = |i: &u32| (cands[*i as usize].term, cands[*i as usize].es);
            let from = by_group.partition_point(|i| at(i) < key);
            let to = from + by_group[from..].partition_point(|i| at(i) == key);
            by_group[from..to].iter().map(|&i| &cands[i as usize])
        };
        linked.clear();
        let consistent = |linked: &[(Span, Span)], es: Span, fs: Span| {
            linked.iter().all(|&(le, lf)| {
                (disjoint(es, le) && disjoint(fs, lf))
                    || (strictly_inside(es, le) && strictly_inside(fs, lf))
                    || (strictly_inside(le, es) && strictly_inside(lf, fs))
            })
        };
        for c in cands {
            if linked.iter().any(|&(le, _)| le == c.es) || !consistent(linked, c.es, c.fs) {
                continue;
            }
            let others = disjoint_from(c.es);
            let (mut unit, mut fs) = (c.unit, c.fs);
            // A unit that is mostly part of a longer rendering (`쓰기` of `쓰기 저장`, for
            // writeback) is part of another one here: take the longest candidate of the
            // term around it whose other tokens no other English words claim (`쓰기 기록`).
            let term_df = self.term_pairs[c.term as usize].len() as u32;
            if c.sub || c.unit_df > 2 * term_df.max(1) {
                let mut best: Option<&LinkCand> = None;
                for d in group(c) {
                    if !strictly_inside(fs, d.fs)
                        || d.dice < 0.1
                        || d.unit_df > 2 * term_df.max(1)
                        || !consistent(linked, d.es, d.fs)
                        || best.is_some_and(|b| b.fs.1 - b.fs.0 >= d.fs.1 - d.fs.0)
                    {
                        continue;
                    }
                    let claimed = (d.fs.0..d.fs.1)
                        .filter(|&x| x < fs.0 || x >= fs.1)
                        .any(|x| claims[x as usize] & others != 0);
                    if !claimed {
                        best = Some(d);
                    }
                }
                if let Some(b) = best {
                    unit = b.unit;
                    fs = b.fs;
                }
            }
            if let Some(dom) = dominant
                && spaced
            {
                let r = dom[c.term as usize];
                if r != 0
                    && r != unit
                    && let (Some(ri), Some(fi)) = (self.units.get(&r), self.units.get(&unit))
                {
                    for off in offsets(&ri.toks, &fi.toks) {
                        let off = off as u16;
                        if fs.0 < off {
                            continue;
                        }
                        let gs = (fs.0 - off, fs.0 - off + ri.toks.len() as u16);
                        let Some(&(g, _, _)) = spans.iter().find(|x| (x.1, x.2) == gs) else {
                            continue;
                        };
                        if g == r {
                            continue;
                        }
                        let claimed = (gs.0..gs.1)
                            .filter(|&x| x < fs.0 || x >= fs.1)
                            .any(|x| claims[x as usize] & others != 0);
                        if claimed || !consistent(linked, c.es, gs) {
                            continue;
                        }
                        unit = g;
                        fs = gs;
                        break;
                    }
                }
            }
            linked.push((c.es, fs));
            out.push(LinkRec {
                term: c.term,
                unit,
                pair: pi,
                start: fs.0,
                end: fs.1,
                es_start: c.es.0,
                es_end: c.es.1,
            });
        }
    }

    fn link_all(&self, dominant: Option<&[u64]>) -> Vec<LinkRec> {
        let mut recs: Vec<LinkRec> = (0..self.pairs.len() as u32)
            .into_par_iter()
            .filter(|&pi| !self.pairs[pi as usize].dup)
            .fold(
                || (Vec::new(), LinkScratch::default()),
                |(mut out, mut scratch), pi| {
                    self.link_pair(pi, dominant, &mut out, &mut scratch);
                    (out, scratch)
                },
            )
            .map(|(out, _)| out)
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            });
        recs.par_sort_unstable();
        recs
    }

    /// Step 6: the links that are renderings of the terms, with their English context, in
    /// every pair (a repeated pair has the links of its first).
    fn occurrences(&self, recs: &[LinkRec], terms: &[LearnedTerm]) -> Vec<Occurrence> {
        // The learner's term → (output term, plural).
        let mut of_id: FxHashMap<u32, (u32, bool)> = FxHashMap::default();
        for (i, t) in terms.iter().enumerate() {
            for &(id, plural) in &t.ids {
                of_id.insert(id, (i as u32, plural));
            }
        }
        let words = english::words();
        let hangul = self.reader.profile.has_hangul_particles();
        // The learned terms as written, lowercase, with their plurals (`email addresses`).
        let mut compounds: FxHashSet<String> = FxHashSet::default();
        for t in terms {
            for form in std::iter::once(&t.term).chain(&t.forms) {
                let f = form.to_lowercase();
                if let Some(stem) = f.strip_suffix('y') {
                    compounds.insert(format!("{stem}ies"));
                }
                compounds.insert(format!("{f}es"));
                compounds.insert(format!("{f}s"));
                compounds.insert(f);
            }
        }
        // Per distinct pair: the target tokens linked to each term.
        let mut linked: FxHashMap<u32, Vec<&LinkRec>> = FxHashMap::default();
        for r in recs {
            linked.entry(r.pair).or_default().push(r);
        }
        // Per distinct pair: its occurrences (recs are sorted by term, so gather first).
        let mut by_pair: Vec<Occurrence> = Vec::new();
        for r in recs {
            let Some(&(term, plural)) = of_id.get(&r.term) else {
                continue;
            };
            let t = &terms[term as usize];
            if t.renderings.len() < 2 {
                continue;
            }
            let Some(rendering) = t.renderings.iter().position(|x| x.keys.contains(&r.unit)) else {
                continue;
            };
            let p = &self.pairs[r.pair as usize];
            let target = self.target(p);
            if rendering > 0
                && self.main_rendering_in_compounds(p, r, t, linked.get(&r.pair).map_or(&[], |v| v))
            {
                continue;
            }
            let first = p.toks[r.start as usize];
            let last = p.toks[r.end as usize - 1];
            let mut end = last.end as usize;
            if hangul && last.flags & target::CLUSTER == 0 {
                // The particle after the last word is not part of the rendering.
                if let Some(stem) = self.word_text.get(&last.key) {
                    let word = &target[last.start as usize..end];
                    if stem.len() < word.len()
                        && word.is_char_boundary(stem.len())
                        && self.reader.normalize(&word[..stem.len()]) == *stem
                    {
                        end = last.start as usize + stem.len();
                    }
                }
            }
            let (es, ee) = (r.es_start as usize, r.es_end as usize);
            let w = &p.words;
            let chunk = w[es].chunk;
            let in_chunk = |x: &&Word| x.chunk == chunk;
            let before = es
                .checked_sub(1)
                .map(|i| &w[i])
                .filter(in_chunk)
                .map_or(0, |x| x.lower);
            let next = w.get(ee).filter(in_chunk);
            let after = next.map_or(0, |x| x.lower);
            let content = |x: &&Word| !words.is_stop(x.lower) && x.flags & english::NUMBER == 0;
            let near_before = w[..es]
                .iter()
                .rev()
                .take_while(in_chunk)
                .find(content)
                .map_or(0, |x| x.lower);
            let near_after = w[ee.min(w.len())..]
                .iter()
                .take_while(in_chunk)
                .find(content)
                .map_or(0, |x| x.lower);
            let modifier = next.is_some_and(|x| content(&x));
            let source = (w[es].start, w[ee - 1].end);
            // A longer learned term holds this one here (`billing profile`, `email
            // addresses`).
            let inside = p.occ.iter().any(|&(t, ci)| {
                let c = p.cands[ci as usize];
                let (cs, ce) = (c.start as usize, c.end as usize);
                cs <= es
                    && ee <= ce
                    && (cs, ce) != (es, ee)
                    && of_id.get(&t).is_some_and(|&(other, _)| other != term)
            }) || {
                let src = self.source(p);
                let first = (0..es).rev().take_while(|&i| w[i].chunk == chunk).last();
                let last = (ee..w.len()).take_while(|&i| w[i].chunk == chunk).last();
                let (lo, hi) = (first.unwrap_or(es), last.map_or(ee, |l| l + 1));
                let own = &t.term.to_lowercase();
                (lo..=es).any(|s0| {
                    (ee..=hi.min(s0 + english::MAX_WORDS)).any(|e0| {
                        if (s0, e0) == (es, ee) {
                            return false;
                        }
                        let text = w[s0..e0]
                            .iter()
                            .map(|x| src[x.start as usize..x.end as usize].to_lowercase())
                            .collect::<Vec<_>>()
                            .join(" ");
                        text != *own && compounds.contains(&text)
                    })
                })
            };
            let labels = &self.files[p.file as usize].pairs[p.idx as usize].source_labels;
            by_pair.push(Occurrence {
                file: p.file,
                pair: p.idx,
                term,
                rendering: rendering as u32,
                target: (first.start, end as u32),
                source,
                plural,
                label: labels.iter().any(|&(s, e)| s <= source.0 && source.1 <= e),
                inside,
                sentence: hash::str(self.source(p)),
                before,
                after,
                near_before,
                near_after,
                modifier,
            });
        }
        // Indexed by the learner's pair.
        let mut index: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
        for (i, o) in by_pair.iter().enumerate() {
            index.entry((o.file, o.pair)).or_default().push(i);
        }
        let mut out = Vec::with_capacity(by_pair.len());
        for p in &self.pairs {
            let o = &self.pairs[p.orig as usize];
            if let Some(list) = index.get(&(o.file, o.idx)) {
                out.extend(list.iter().map(|&i| Occurrence {
                    file: p.file,
                    pair: p.idx,
                    ..by_pair[i]
                }));
            }
        }
        out.sort_by_key(|o| (o.file, o.pair, o.target.0, o.term));
        out
    }

    /// Whether the term is linked to another unit in a pair whose target holds its main
    /// rendering inside compounds, in as many words as the English has the term (in any
    /// of its forms, inside longer terms too): Estonian `töötunde`, *work hours*; Finnish
    /// `tehdasasetukset`, *factory settings*. The term is rendered there, as part of a
    /// compound, and the link is the learner's guess at a neighbouring word (`vaadata`,
    /// *see*; `palauttaa`, *reset*), not another rendering. A word linked to another term
    /// renders that one (`tietokone`, *computer*, holds `tieto`, *data*), unless the two
    /// English terms stand side by side (`töötunde` for *work hours*, linked to *hours*).
    fn main_rendering_in_compounds(
        &self,
        p: &Pair,
        r: &LinkRec,
        t: &LearnedTerm,
        linked: &[&LinkRec],
    ) -> bool {
        /// Letters of a compound's part before the main rendering, and after it (more
        /// than an ending).
        const BEFORE: usize = 3;
        const AFTER: usize = 4;
        let main = &t.renderings[0].text;
        if !self.reader.spaced || main.contains(' ') || main.chars().count() < 3 {
            return false;
        }
        let forms: Vec<Vec<u64>> = std::iter::once(&t.term)
            .chain(&t.forms)
            .flat_map(|f| {
                let f = f.to_lowercase();
                [format!("{f}s"), format!("{f}es"), f]
            })
            .map(|f| f.split_whitespace().map(english::lower_hash).collect())
            .collect();
        // The English words of each occurrence of the term.
        let english: Vec<(usize, usize)> = (0..p.words.len())
            .filter_map(|i| {
                forms.iter().find_map(|f| {
                    p.words
                        .get(i..i + f.len())
                        .filter(|w| w.iter().zip(f).all(|(word, &h)| word.lower == h))
                        .map(|_| (i, i + f.len()))
                })
            })
            .collect();
        let beside = |o: &LinkRec| {
            let (s, e) = (o.es_start as usize, o.es_end as usize);
            english.iter().any(|&(a, b)| s <= b && a <= e)
        };
        let target = self.target(p);
        let compound = |word: &str| {
            word.match_indices(main.as_str()).any(|(at, _)| {
                let (before, after) = (&word[..at], &word[at + main.len()..]);
                (before.chars().count() >= BEFORE && before.chars().all(char::is_alphabetic))
                    || (before.is_empty()
                        && after.chars().count() >= AFTER
                        && after.chars().all(char::is_alphabetic)
                        && !self.reader.is_ending(after))
            })
        };
        let holding = p
            .toks
            .iter()
            .enumerate()
            .filter(|&(i, tok)| {
                (i < r.start as usize || i >= r.end as usize)
                    && tok.flags & target::CLUSTER == 0
                    && !linked.iter().any(|o| {
                        o.term != r.term
                            && (o.start as usize..o.end as usize).contains(&i)
                            && !beside(o)
                    })
                    && compound(
                        &self
                            .reader
                            .normalize(&target[tok.start as usize..tok.end as usize]),
                    )
            })
            .count();
        holding >= english.len().max(1)
    }

    /// Step 5: the renderings of each term.
    fn assemble(&self, recs: &[LinkRec]) -> Vec<LearnedTerm> {
        // (term, unit) → records.
        let mut out: Vec<(u32, LearnedTerm)> = Vec::new();
        let mut i = 0;
        while i < recs.len() {
            let term = recs[i].term;
            let mut j = i;
            while j < recs.len() && recs[j].term == term {
                j += 1;
            }
            let group = &recs[i..j];
            i = j;
            let info = &self.terms[term as usize];
            if !info.output {
                continue;
            }
            // Per unit: distinct pairs, files, examples.
            let mut per_unit: Vec<(u64, &[LinkRec])> = Vec::new();
            let mut k = 0;
            while k < group.len() {
                let mut m = k;
                while m < group.len() && group[m].unit == group[k].unit {
                    m += 1;
                }
                per_unit.push((group[k].unit, &group[k..m]));
                k = m;
            }
            let distinct = |r: &[LinkRec]| {
                let mut n = 0;
                let mut last = u32::MAX;
                for x in r {
                    if x.pair != last {
                        n += 1;
                        last = x.pair;
                    }
                }
                n
            };
            let total: u32 = per_unit.iter().map(|(_, r)| distinct(r)).sum();
            per_unit.sort_by(|a, b| distinct(b.1).cmp(&distinct(a.1)).then(a.0.cmp(&b.0)));
            let mut accepted: Vec<(u64, &[LinkRec], u32, Vec<u64>)> = Vec::new();
            for (unit, r) in per_unit {
                let count = distinct(r);
                let (pi, s, e) = (r[0].pair, r[0].start, r[0].end);
                let toks: Vec<u64> = self.pairs[pi as usize].toks[s as usize..e as usize]
                    .iter()
                    .map(|k| k.key)
                    .collect();
                let df = self.unit_df(unit).max(1);
                let spec = (count as f32 / df as f32).min(1.0);
                if count < MIN_LINKS || spec < 0.5 || self.bad_run(pi, s, e) {
                    continue;
                }
                if (count as f32) < 0.03 * total as f32 && spec < 0.9 {
                    continue;
                }
                // The term kept as written is a rendering of a name, or where Latin is the
                // locale's own script; elsewhere it is English left untranslated.
                if unit == info.identity && !info.name && !self.latin {
                    continue;
                }
                // Latin letters where Latin is foreign are English: another English word
                // (`security` for Enterprise) is not a rendering of the term.
                if unit != info.identity && !self.latin && self.all_latin(pi, s, e) {
                    continue;
                }
                // A longer run that keeps the term as written is a longer name
                // (`Enterprise` in `Secure Productive Enterprise`), not a rendering.
                if unit != info.identity && self.holds_term(term, pi, s, e) {
                    continue;
                }
                let files = {
                    let mut f: Vec<u32> =
                        r.iter().map(|x| self.pairs[x.pair as usize].file).collect();
                    f.sort_unstable();
                    f.dedup();
                    f.len() as u32
                };
                if files < MIN_FILES {
                    continue;
                }
                // A word that is a term only as a UI label (a verb elsewhere: `Create`)
                // keeps its label renderings.
                if info.label_only && self.label_count.get(&(term, unit)).copied().unwrap_or(0) < 2
                {
                    continue;
                }
                if accepted
                    .iter()
                    .any(|(_, _, _, at)| contains(at, &toks) || contains(&toks, at))
                {
                    continue;
                }
                accepted.push((unit, r, count, toks));
            }
            // A term needs its main rendering in a few pairs (two pairs are often a phrase
            // that merely recurs); a variant of it may be rarer.
            if accepted.first().is_none_or(|a| a.2 < MIN_MAIN_LINKS) {
                continue;
            }
            let contexts: Vec<FxHashMap<u64, u32>> = if accepted.len() > 1 {
                accepted
                    .iter()
                    .map(|(_, r, _, _)| self.neighbours(r))
                    .collect()
            } else {
                vec![FxHashMap::default()]
            };
            let renderings = accepted
                .into_iter()
                .zip(&contexts)
                .map(|((unit, r, count, _), ctx)| {
                    let mut out = self.rendering(r, count);
                    out.identity = unit == info.identity;
                    out.contextual = contextual(&contexts[0], ctx);
                    out.keys = vec![unit];
                    out
                })
                .collect();
            out.push((
                term,
                LearnedTerm {
                    term: self.term_text(term),
                    forms: Vec::new(),
                    renderings,
                    name: info.name,
                    ids: vec![(term, false)],
                },
            ));
        }
        let mut terms: Vec<LearnedTerm> = out.into_iter().map(|(_, t)| t).collect();
        merge_plurals(&mut terms);
        terms.sort_by(|a, b| {
            a.term
                .to_lowercase()
                .cmp(&b.term.to_lowercase())
                .then(a.term.cmp(&b.term))
        });
        terms.dedup_by(|a, b| a.term == b.term);
        terms
    }

    /// Step 5b (`terms learn`): renderings seen once or twice, where a short pair leaves
    /// nothing else to align. In a heading or a label (`Device Writeback` → `장치 쓰기백`)
    /// whose other content words are linked (`Device` → `장치`), the one learned term not
    /// linked and the one run of target words left over are each other's translation. A
    /// one-off rendering is what a reviewer most wants to see (it is how an inconsistency
    /// starts), and statistics can never learn it.
    fn residuals(&self, recs: &[LinkRec], terms: &mut [LearnedTerm]) {
        let mut learned: FxHashMap<u32, usize> = FxHashMap::default();
        for (i, t) in terms.iter().enumerate() {
            for &(id, _) in &t.ids {
                learned.insert(id, i);
            }
        }
        let mut by_pair: Vec<&LinkRec> = recs.iter().collect();
        by_pair.sort_by_key(|r| (r.pair, r.start, r.term));
        // (learned term, unit) → (pair, start, end) of each residual.
        let mut found: BTreeMap<(usize, u64), Vec<Place>> = BTreeMap::new();
        for links in by_pair.chunk_by(|a, b| a.pair == b.pair) {
            let pi = links[0].pair;
            let p = &self.pairs[pi as usize];
            // Every word counts, stopwords too: one left unlinked (`How do I …`) is
            // rendered somewhere in the target, and the run left over would carry it.
            let words: Vec<u16> = (0..p.words.len() as u16)
                .filter(|&i| p.words[i as usize].flags & english::NUMBER == 0)
                .collect();
            if words.len() > RESIDUAL_WORDS {
                continue;
            }
            let open: Vec<u16> = words
                .iter()
                .copied()
                .filter(|&i| !links.iter().any(|r| r.es_start <= i && i < r.es_end))
                .collect();
            if open.is_empty() {
                continue;
            }
            // Exactly one learned term covers exactly the words left open.
            let mut hit = None;
            for &(term, ci) in &p.occ {
                let c = p.cands[ci as usize];
                let inside: Vec<u16> = words
                    .iter()
                    .copied()
                    .filter(|&i| c.start <= i && i < c.end)
                    .collect();
                if inside == open
                    && let Some(&t) = learned.get(&term)
                {
                    if hit.is_some_and(|h| h != t) {
                        hit = None;
                        break;
                    }
                    hit = Some(t);
                }
            }
            let Some(t) = hit else {
                continue;
            };
            // The target words left over: one run within one chunk.
            let left: Vec<u16> = (0..p.toks.len() as u16)
                .filter(|&k| {
                    let tok = p.toks[k as usize];
                    let linked = links.iter().any(|r| r.start <= k && k < r.end);
                    let function = (self.reader.spaced && tok.flags & target::FUNCTION != 0)
                        || self.function.contains(&tok.key);
                    !linked && !function
                })
                .collect();
            let (Some(&s), Some(&e)) = (left.first(), left.last()) else {
                continue;
            };
            let e = e + 1;
            if usize::from(e - s) != left.len()
                || usize::from(e - s) > self.reader.max_tokens
                || p.toks[s as usize].chunk != p.toks[e as usize - 1].chunk
            {
                continue;
            }
            let unit = p.toks[s as usize..e as usize]
                .iter()
                .fold(english::run_key(&[]), |k, tok| hash::mix(k, tok.key));
            found.entry((t, unit)).or_default().push((pi, s, e));
        }
        for ((t, unit), places) in found {
            let (pi, s, e) = places[0];
            let text = self.run_text(pi, s, e);
            // Only a spelling of a rendering already learned (`쓰기백` beside `쓰기 저장`,
            // `컨텐츠` beside `콘텐츠`): a word that shares nothing with how the term is
            // rendered elsewhere is as often the translator's rewording of the heading
            // (`Overview` → `센터`) as a rendering, and one pair cannot tell them apart.
            // Not a form of one (`récupération` of `récupérer`: inflection is not
            // inconsistency), nor longer than the longest by more than a word or a
            // character cluster (`هل تم استحقاء` carries the question around the term).
            let renderings = &terms[t].renderings;
            let longest = renderings
                .iter()
                .filter_map(|r| self.units.get(r.keys.first()?))
                .map(|u| u.toks.len())
                .max()
                .unwrap_or(1);
            if !renderings.iter().any(|r| spelling_variant(&text, &r.text))
                || renderings
                    .iter()
                    .any(|r| super::findings::inflection(&text, &r.text, self.reader))
                || usize::from(e - s) > longest + 1
            {
                continue;
            }
            let term = &terms[t];
            let id = term.ids[0].0;
            let info = &self.terms[id as usize];
            let toks: Vec<u64> = self.pairs[pi as usize].toks[s as usize..e as usize]
                .iter()
                .map(|k| k.key)
                .collect();
            // The same filters as a statistical rendering (`assemble`); and a run that
            // holds a rendering of the term, or is held in one, is a form of it.
            if self.bad_run(pi, s, e)
                || (unit == info.identity && !info.name && !self.latin)
                || (unit != info.identity && !self.latin && self.all_latin(pi, s, e))
                || (unit != info.identity && self.holds_term(id, pi, s, e))
                || term.renderings.iter().any(|r| {
                    r.keys.iter().any(|&k| {
                        k == unit
                            || self.units.get(&k).is_some_and(|u| {
                                contains(&u.toks, &toks) || contains(&toks, &u.toks)
                            })
                    })
                })
            {
                continue;
            }
            let recs: Vec<LinkRec> = places
                .iter()
                .map(|&(pair, start, end)| LinkRec {
                    term: id,
                    unit,
                    pair,
                    start,
                    end,
                    es_start: 0,
                    es_end: 0,
                })
                .collect();
            let mut rendering = self.rendering(&recs, recs.len() as u32);
            rendering.identity = unit == info.identity;
            rendering.keys = vec![unit];
            let renderings = &mut terms[t].renderings;
            renderings.push(rendering);
            // Stable: the most used first, the statistical ones before the residual ones.
            renderings.sort_by_key(|r| std::cmp::Reverse(r.count));
        }
    }

    /// The English words around the term in a rendering's pairs: (side-tagged word key →
    /// pairs), with the number of pairs under key 0. On each side the nearest word of the
    /// term's chunk that says something about its sense (determiners, prepositions and
    /// modals are passed over: `follow these steps`, `the top of`).
    fn neighbours(&self, recs: &[LinkRec]) -> FxHashMap<u64, u32> {
        let mut out: FxHashMap<u64, u32> = FxHashMap::default();
        let words = english::words();
        let mut last = u32::MAX;
        for r in recs {
            if r.pair == last {
                continue;
            }
            last = r.pair;
            let p = &self.pairs[r.pair as usize];
            let (es, ee) = (r.es_start as usize, r.es_end as usize);
            let Some(chunk) = p.words.get(es).map(|w| w.chunk) else {
                continue;
            };
            *out.entry(0).or_default() += 1;
            let content = |w: &&Word| !words.is_context_free(w.lower);
            let left = p.words[..es]
                .iter()
                .rev()
                .take_while(|w| w.chunk == chunk)
                .find(content);
            let right = p.words[ee.min(p.words.len())..]
                .iter()
                .take_while(|w| w.chunk == chunk)
                .find(content);
            if let Some(w) = left {
                *out.entry(hash::mix(1, w.lower)).or_default() += 1;
            }
            if let Some(w) = right {
                *out.entry(hash::mix(2, w.lower)).or_default() += 1;
            }
        }
        out
    }

    /// Whether a run of a pair's target holds the term's words as written.
    fn holds_term(&self, term: u32, pi: u32, s: u16, e: u16) -> bool {
        let run = self.run_text(pi, s, e).to_lowercase();
        let t = self.term_text(term).to_lowercase();
        run.split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(t.split(|c: char| !c.is_alphanumeric()).count())
            .any(|w| {
                w.join(" ")
                    == t.split(|c: char| !c.is_alphanumeric())
                        .collect::<Vec<_>>()
                        .join(" ")
            })
    }

    /// Whether a run of a pair's target has letters, all Latin.
    fn all_latin(&self, pi: u32, s: u16, e: u16) -> bool {
        let text = self.run_text(pi, s, e);
        let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some()
            && letters.all(|c| crate::locale::script::of(c) == crate::locale::script::Script::Latn)
    }

    fn rendering(&self, recs: &[LinkRec], count: u32) -> LearnedRendering {
        let mut files: Vec<u32> = recs
            .iter()
            .map(|r| self.pairs[r.pair as usize].file)
            .collect();
        files.dedup();
        let n_files = {
            let mut f = files.clone();
            f.sort_unstable();
            f.dedup();
            f.len() as u32
        };
        let mut examples: Vec<(u32, Box<str>)> = Vec::new();
        let details = !self.options.for_check;
        for r in recs.iter().take_while(|_| details) {
            let p = &self.pairs[r.pair as usize];
            let seg = &self.files[p.file as usize].pairs[p.idx as usize].segment;
            if examples
                .last()
                .is_some_and(|(f, s)| *f == p.file && s == seg)
            {
                continue;
            }
            if examples.len() < 3 {
                examples.push((p.file, seg.clone()));
            }
        }
        let text = self.run_text(recs[0].pair, recs[0].start, recs[0].end);
        let mut forms: FxHashMap<String, u32> = FxHashMap::default();
        if self.reader.stems() && details {
            for r in recs {
                let p = &self.pairs[r.pair as usize];
                let t = self.target(p);
                let s = p.toks[r.start as usize].start as usize;
                let e = p.toks[r.end as usize - 1].end as usize;
                // As one line: a form may run across a line break and its indentation.
                let written = self.reader.normalize(&t[s..e]);
                let form = written.split_whitespace().collect::<Vec<_>>().join(" ");
                *forms.entry(form).or_default() += 1;
            }
        }
        let mut forms: Vec<(String, u32)> = forms.into_iter().filter(|(f, _)| *f != text).collect();
        forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        LearnedRendering {
            text,
            count,
            files: n_files,
            examples,
            forms: forms.into_iter().take(3).map(|(f, _)| f).collect(),
            contextual: false,
            identity: false,
            keys: Vec::new(),
        }
    }
}

/// Whether two renderings read as spellings of one another: a run of letters in common
/// that is at least 40 % of the shorter (a syllable or ideograph counts as two letters,
/// and the common run needs four), neither holding the other (that is a longer phrase or
/// a form: `등록-개요` for `개요`).
fn spelling_variant(a: &str, b: &str) -> bool {
    use crate::locale::script::{Script, of};
    let letters = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (letters(a), letters(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.windows(short.len()).any(|w| w == short.as_slice()) {
        return false;
    }
    let weight = |c: char| match of(c) {
        Script::Hang | Script::Hani | Script::Kana => 2,
        _ => 1,
    };
    let weigh = |s: &[char]| s.iter().map(|&c| weight(c)).sum::<usize>();
    // Longest common run of characters, by weight.
    let mut best = 0;
    for i in 0..short.len() {
        for j in 0..long.len() {
            let mut n = 0;
            while i + n < short.len() && j + n < long.len() && short[i + n] == long[j + n] {
                n += 1;
            }
            best = best.max(weigh(&short[i..i + n]));
        }
    }
    best >= 4 && best * 5 >= weigh(short) * 2
}

/// A plural rendered like its singular is one term (`devices` with `device`); where the
/// renderings differ (an Arabic broken plural) both stay.
fn merge_plurals(terms: &mut Vec<LearnedTerm>) {
    let index: FxHashMap<String, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.term.clone(), i))
        .collect();
    let mut gone = vec![false; terms.len()];
    for i in 0..terms.len() {
        let t = &terms[i];
        if t.name || !t.term.ends_with('s') {
            continue;
        }
        let singulars = [
            t.term.strip_suffix("ies").map(|s| format!("{s}y")),
            t.term.strip_suffix("es").map(str::to_string),
            t.term.strip_suffix('s').map(str::to_string),
        ];
        let Some(&j) = singulars.iter().flatten().find_map(|s| index.get(s)) else {
            continue;
        };
        if gone[j] || terms[j].name {
            continue;
        }
        let has = |a: &LearnedTerm, text: &str| a.renderings.iter().any(|r| r.text == text);
        let (pl, sg) = (&terms[i], &terms[j]);
        if !has(sg, &pl.renderings[0].text) || !has(pl, &sg.renderings[0].text) {
            continue;
        }
        let plural = terms[i].clone();
        let sg = &mut terms[j];
        sg.forms.push(plural.term.clone());
        sg.ids.extend(plural.ids.iter().map(|&(id, _)| (id, true)));
        for r in plural.renderings {
            match sg.renderings.iter_mut().find(|x| x.text == r.text) {
                Some(x) => {
                    x.count += r.count;
                    x.files = x.files.max(r.files);
                    x.keys.extend(r.keys);
                }
                None => sg.renderings.push(r),
            }
        }
        sg.renderings
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));
        gone[i] = true;
    }
    let mut k = 0;
    terms.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// Whether a rendering's English neighbours (see [`Learner::neighbours`]) set it apart
/// from the main rendering's: a word next to the term in at least half of the pairs of one
/// and in at most a tenth of the other's.
fn contextual(main: &FxHashMap<u64, u32>, other: &FxHashMap<u64, u32>) -> bool {
    let (nm, no) = (
        main.get(&0).copied().unwrap_or(0).max(1) as f32,
        other.get(&0).copied().unwrap_or(0).max(1) as f32,
    );
    let share =
        |m: &FxHashMap<u64, u32>, k: u64, n: f32| m.get(&k).copied().unwrap_or(0) as f32 / n;
    let apart = |a: &FxHashMap<u64, u32>, na: f32, b: &FxHashMap<u64, u32>, nb: f32| {
        a.iter()
            .any(|(&k, _)| k != 0 && share(a, k, na) >= 0.5 && share(b, k, nb) <= 0.1)
    };
    apart(main, nm, other, no) || apart(other, no, main, nm)
}

/// Learns the renderings of the terms of one locale's files.
pub fn learn(files: &[FileText], reader: &Reader, options: Options) -> Learned {
    let refs: Vec<(u32, u32)> = files
        .iter()
        .enumerate()
        .flat_map(|(f, file)| (0..file.pairs.len()).map(move |i| (f as u32, i as u32)))
        .collect();
    let mut l = Learner {
        files,
        reader,
        refs,
        pairs: Vec::new(),
        case: Case::default(),
        stem_of: FxHashMap::default(),
        word_text: FxHashMap::default(),
        df: Vec::new(),
        df_keys: Vec::new(),
        units: FxHashMap::default(),
        function: FxHashSet::default(),
        terms: Vec::new(),
        term_pairs: Vec::new(),
        label_count: FxHashMap::default(),
        top: Vec::new(),
        distinct: 0,
        latin: !reader.profile.latin_is_foreign(),
        options,
        term_df: FxHashMap::default(),
    };
    let timer = std::time::Instant::now();
    let cpu = || -> f64 {
        // utime + stime of the process, in clock ticks (Linux; 0 elsewhere).
        std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                let rest = s.rsplit_once(')')?.1;
                let f: Vec<&str> = rest.split_whitespace().collect();
                Some(f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?)
            })
            .unwrap_or(0.0)
            * 10.0
    };
    let cpu0 = cpu();
    let lap = |what: &str| {
        if crate::engine::timing::enabled() {
            eprintln!(
                "{:>9.2} ms  ({:>7.0} ms cpu)  terms: {what}",
                timer.elapsed().as_secs_f64() * 1e3,
                cpu() - cpu0
            );
            crate::engine::timing::memory(&format!("terms: {what}"));
        }
    };
    l.read();
    lap("read");
    l.stem();
    lap("stems");
    l.select_terms();
    lap("candidates");
    l.mine_units();
    lap("units");
    l.index_terms();
    lap("terms");
    if crate::engine::timing::enabled() {
        let units: usize = l
            .pairs
            .iter()
            .map(|p| {
                p.closed
                    .iter()
                    .map(|m| m.count_ones() as usize)
                    .sum::<usize>()
            })
            .sum();
        let visits: usize = l
            .term_pairs
            .iter()
            .map(|v| v.len().min(l.options.sample))
            .sum();
        let output = l.terms.iter().filter(|t| t.output).count();
        eprintln!(
            "terms: {} candidates ({output} terms), {} closed units in {} pairs, {visits} visits",
            l.terms.len(),
            units,
            l.distinct
        );
    }
    l.associate();
    if l.find_function_words() {
        l.associate();
    }
    lap("association");
    // The main rendering of each term (its strongest candidate), for the variants that
    // share a part of it.
    let dominant: Vec<u64> = l
        .top
        .iter()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| !e.sub)
                .max_by(|a, b| a.prio.total_cmp(&b.prio).then(b.unit.cmp(&a.unit)))
                .map_or(0, |e| e.unit)
        })
        .collect();
    let recs = l.link_all(Some(&dominant));
    lap("linking");
    let mut terms = l.assemble(&recs);
    if !options.for_check {
        l.residuals(&recs, &mut terms);
    }
    lap("renderings");
    let occurrences = if options.for_check {
        l.occurrences(&recs, &terms)
    } else {
        Vec::new()
    };
    lap("occurrences");
    Learned {
        spaced: reader.spaced,
        files: files.len(),
        pairs: l.distinct as usize,
        terms,
        occurrences,
    }
}

#[cfg(test)]
mod tests {
    use super::spelling_variant;

    #[test]
    fn spellings_share_a_long_enough_run_and_neither_holds_the_other() {
        // Syllables and ideographs weigh two letters.
        assert!(spelling_variant("쓰기백", "쓰기 저장"));
        assert!(spelling_variant("컨텐츠", "콘텐츠"));
        assert!(!spelling_variant("回写", "写回"));
        assert!(spelling_variant("设置面板", "设置窗格"));
        assert!(spelling_variant("desative", "desabilitar"));
        // A form or a longer phrase holds the other.
        assert!(!spelling_variant("등록-개요", "개요"));
        assert!(!spelling_variant("récupérer", "récupérer les"));
        // Nothing in common, or too little.
        assert!(!spelling_variant("센터", "개요"));
        assert!(!spelling_variant("de la page", "des paramètres"));
        assert!(!spelling_variant("", "개요"));
    }
}
