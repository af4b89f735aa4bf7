use super::english;
use super::link_text_untranslated::SegmentLinks;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::dnt;
use crate::locale::LocaleProfile;
use crate::rule::{Context, Rule};
use crate::text::TextRange;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

declare_rule! {
    /// ## What it does
    /// Reports English words left untranslated in a target whose locale writes with other
    /// letters than Latin (the profile's writing system: Korean, Chinese, Japanese, Thai,
    /// Arabic, Hebrew, Cyrillic, Greek, Devanagari…): a run of English words, copied from
    /// the source, with at least one ordinary English word in it (`the`, `results`,
    /// `On-premises`, `sign-in`). Not reported: names from the do-not-translate list,
    /// capitalized names and titles (`Azure AD Premium`, `Office Home and Business`),
    /// acronyms, code and cmdlets, URLs, file names, keys (`Enter`, `Shift + Delete`),
    /// plan numbers after a name (`Visio plan 1`), identifiers the source calls a field or
    /// setting, words of another language (`Certificado de Compras Exentas`), English
    /// given in parentheses next to its translation, the terms the profile says the locale
    /// keeps in Latin letters (`names.kept_english`: Thai `Add-in`), and link texts left in
    /// English (those are `link-text-untranslated`). Bidi marks around a Latin word
    /// (Arabic, Hebrew) and the punctuation of other scripts (`،` `।`) separate words.
    ///
    /// In a Latin-script locale an English word cannot be told from a word of the
    /// language by its letters (`page`, `service`, `date`), so only English beyond doubt
    /// is reported: three or more common English words in a row, all in the source (a
    /// capitalized one with the source's capitals, so a German noun such as `Option` is
    /// not taken), two of them English function words (`the`, `and`, `to`, `your`…) that
    /// the language does not write itself: the profile lists those (`grammar.
    /// english_homographs`: Polish `to`, German `will`, Dutch `is`), and where it does not
    /// (an unknown language, or no list) the rule is quiet there. Link texts count too,
    /// since `link-text-untranslated` does not run in Latin-script locales.
    ///
    /// ## Why it matters
    /// Machine translation leaves words it did not recognize in English; a Korean, Thai or
    /// Russian reader stumbles on them, and the sentence often lost their meaning.
    ///
    /// ## Example
    /// `[On-premises 조건부 액세스를 설정하는 방법을 참조하세요.](…)` for *Setting up
    /// On-premises Conditional Access…*: `On-premises` is left in English.
    pub struct UntranslatedWords {
        name: "untranslated-words",
        category: Untranslated,
        severity: Warning,
        summary: "English words are left untranslated in a translated target.",
        locale: "Reads the writing system (whether its letters are Latin), `names.kept_english` and, in Latin-script locales, `grammar.english_homographs`. Quiet in Latin-script locales without that list and in unknown locales.",
    }
}

/// Keyboard keys keep their English names (`Enter 키`, `Enter 鍵`, `Shift + delete`).
fn is_key_name(prose: &str, run: &english::Run) -> bool {
    let words = &prose[run.start()..run.end()];
    let after = prose[run.end()..].trim_start();
    let before = prose[..run.start()].trim_end();
    let lower = words.to_lowercase();
    let key_word = matches!(
        lower.as_str(),
        "delete" | "shift" | "space" | "escape" | "backspace" | "home" | "end"
    );
    let combination = run.tokens.len() == 1 && (before.ends_with('+') || after.starts_with('+'));
    let key = key_word && (after.starts_with('키') || after.starts_with('鍵') || combination);
    key || matches!(lower.as_str(), "enter" | "tab" | "esc")
}

/// The English given next to its translation, in parentheses: `설정(Set up Multi-Factor
/// Authentication)`, `Export Content Search results (콘텐츠 검색 결과 내보내기)`. The
/// translation is there; the English is a gloss.
fn is_gloss(prose: &str, run: &english::Run, ahead: &Ahead<'_>) -> bool {
    // Emphasis may wrap the English (`**Should have been blocked**(Powinien być…)`).
    let before = prose[..run.start()].trim_end_matches([' ', '*', '_']);
    let after = prose[run.end()..].trim_start_matches([' ', '*', '_']);
    // Inside parentheses right after translated text.
    if let Some(b) = before.strip_suffix(['(', '（']) {
        let translated_before = b
            .trim_end_matches(' ')
            .chars()
            .next_back()
            .is_some_and(|c| ahead.profile.is_native_letter(c));
        if translated_before && ahead.next_close(run.end()).is_some() {
            return true;
        }
    }
    // Right before parentheses holding the translation.
    if let Some(a) = after.strip_prefix(['(', '（']) {
        let inner = prose.len() - a.len();
        return ahead
            .next_close(inner)
            .is_some_and(|close| ahead.native_between(inner, close));
    }
    false
}

/// What the per-run tests read ahead of or behind a run (the next closing parenthesis,
/// `>` or line break, the last space or digit), found once per target: a target may hold
/// thousands of runs and no `)` (`가 (file is open` repeated), and reading to the end from
/// each run would cost their product.
struct Ahead<'a> {
    prose: &'a str,
    profile: &'a LocaleProfile,
    /// `)` or `）`.
    closes: Vec<usize>,
    ascii_closes: Vec<usize>,
    angles: Vec<usize>,
    breaks: Vec<usize>,
    spaces: Vec<usize>,
    digits: Vec<usize>,
    /// Letters of the locale's script, found when first asked for.
    natives: OnceCell<Vec<usize>>,
}

impl<'a> Ahead<'a> {
    fn new(prose: &'a str, profile: &'a LocaleProfile) -> Ahead<'a> {
        let mut ahead = Ahead {
            prose,
            profile,
            closes: Vec::new(),
            ascii_closes: Vec::new(),
            angles: Vec::new(),
            breaks: Vec::new(),
            spaces: Vec::new(),
            digits: Vec::new(),
            natives: OnceCell::new(),
        };
        for (i, c) in prose.char_indices() {
            match c {
                ')' => {
                    ahead.closes.push(i);
                    ahead.ascii_closes.push(i);
                }
                '）' => ahead.closes.push(i),
                '>' => ahead.angles.push(i),
                '\n' => ahead.breaks.push(i),
                ' ' => ahead.spaces.push(i),
                '0'..='9' => ahead.digits.push(i),
                _ => {}
            }
        }
        ahead
    }

    /// The first of `sorted` at or after `from`.
    fn first_from(sorted: &[usize], from: usize) -> Option<usize> {
        sorted.get(sorted.partition_point(|&i| i < from)).copied()
    }

    /// The last of `sorted` before `to`.
    fn last_before(sorted: &[usize], to: usize) -> Option<usize> {
        sorted[..sorted.partition_point(|&i| i < to)]
            .last()
            .copied()
    }

    /// The next `)` or `）` at or after `from`.
    fn next_close(&self, from: usize) -> Option<usize> {
        Self::first_from(&self.closes, from)
    }

    /// Whether a letter of the locale's script starts in `from..to`.
    fn native_between(&self, from: usize, to: usize) -> bool {
        let natives = self.natives.get_or_init(|| {
            let profile = self.profile;
            (self.prose.char_indices())
                .filter(|&(_, c)| profile.is_native_letter(c))
                .map(|(i, _)| i)
                .collect()
        });
        Self::first_from(natives, from).is_some_and(|i| i < to)
    }
}

/// A product plan or edition number after a name (`Visio plan 1`, `Exchange Online plan 2`).
fn is_plan_number(prose: &str, run: &english::Run, shield_ends: &[usize]) -> bool {
    let number_after = prose[run.end()..]
        .trim_start_matches(' ')
        .starts_with(|c: char| c.is_ascii_digit());
    run.tokens.len() == 1 && number_after && after_name(prose, run, shield_ends)
}

/// Whether a shielded name (sorted `shield_ends`) ends right before the run, only spaces
/// between: a binary search, as a segment may hold thousands of names and runs.
fn after_name(prose: &str, run: &english::Run, shield_ends: &[usize]) -> bool {
    let start = run.tokens[0].start;
    let spaces_from = prose[..start].trim_end_matches(' ').len();
    let k = shield_ends.partition_point(|&e| e < spaces_from);
    shield_ends.get(k).is_some_and(|&e| e < start)
}

/// An emphasized identifier the source names as one (`the **error** field`, `the **auto
/// grow** setting`): a field, parameter or setting keeps its English name.
/// `named` remembers the answer for each run's words: the source is searched once per
/// distinct one.
fn is_named_identifier<'p>(
    prose: &'p str,
    run: &english::Run,
    source: &str,
    named: &mut HashMap<&'p str, bool>,
) -> bool {
    let words = &prose[run.start()..run.end()];
    let emphasized = prose[..run.start()].ends_with('*') && prose[run.end()..].starts_with('*');
    if !emphasized || words.chars().any(char::is_uppercase) {
        return false;
    }
    *named
        .entry(words)
        .or_insert_with(|| source_names_identifier(source, words))
}

/// Whether the source emphasizes `words` and calls them a field, setting… (or puts a colon
/// after them).
fn source_names_identifier(source: &str, words: &str) -> bool {
    source.match_indices(words).any(|(i, _)| {
        let rest = source[i + words.len()..]
            .trim_start_matches('*')
            .trim_start();
        let next = rest
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        source[..i].ends_with('*')
            && (matches!(
                next,
                "field"
                    | "parameter"
                    | "property"
                    | "attribute"
                    | "claim"
                    | "setting"
                    | "value"
                    | "flag"
                    | "column"
                    | "variable"
                    | "header"
            ) || rest.starts_with(':'))
    })
}

/// In a Latin-script target: the stretches of a run that are English beyond doubt, three
/// or more common English words the source has, two of them English function words the
/// language does not write itself (`go to the`, `and then select the version of`).
fn english_stretches(
    prose: &str,
    run: &english::Run,
    shared: &[String],
    in_source: &dyn Fn(&str) -> bool,
    in_source_exact: &dyn Fn(&str) -> bool,
) -> Vec<english::Run> {
    let mut out = Vec::new();
    let mut current: Vec<english::Token> = Vec::new();
    let mut flush = |current: &mut Vec<english::Token>| {
        let function = current
            .iter()
            .filter(|t| {
                let w = prose[t.start..t.end].to_lowercase();
                english::is_function_word(&w) && !shared.contains(&w)
            })
            .count();
        if current.len() >= 3 && function >= 2 {
            out.push(english::Run {
                tokens: std::mem::take(current),
            });
        }
        current.clear();
    };
    for t in &run.tokens {
        let w = &prose[t.start..t.end];
        // A capitalized word the source writes in lowercase is a noun of the language
        // (German `Option` for `option`), not English.
        let case_kept = !w.starts_with(|c: char| c.is_uppercase()) || in_source_exact(w);
        if t.is_common() && in_source(w) && case_kept && w.is_ascii() {
            current.push(*t);
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
    out
}

/// Words of another language than English (`Certificado de Compras Exentas`): a run of
/// several words of which fewer than half are common English words.
fn is_foreign(run: &english::Run) -> bool {
    let words = run.tokens.iter().filter(|t| t.is_word()).count();
    let common = run.tokens.iter().filter(|t| t.is_common()).count();
    words >= 3 && common * 2 < words
}

/// A placeholder (`\<your organization\>`), an emphasized single identifier (`*user*`),
/// or an HTTP status phrase after its code (`403 Forbidden error`).
fn is_placeholder_or_identifier(prose: &str, run: &english::Run, ahead: &Ahead<'_>) -> bool {
    let before = &prose[..run.start()];
    let after = &prose[run.end()..];
    // A `>` on the run's line.
    let placeholder = before.ends_with('<')
        && Ahead::first_from(&ahead.angles, run.end()).is_some_and(|angle| {
            Ahead::first_from(&ahead.breaks, run.end()).is_none_or(|line_end| angle < line_end)
        });
    let italic = run.tokens.len() == 1
        && before.ends_with('*')
        && !before.ends_with("**")
        && after.starts_with('*')
        && !after.starts_with("**");
    // The word before the run (from the last space) is three digits after non-digits
    // (`403`, `HTTP403`).
    let word_end = before.trim_end().len();
    let word_start = Ahead::last_before(&ahead.spaces, word_end).map_or(0, |i| i + 1);
    let status = word_end >= word_start + 3
        && prose.as_bytes()[word_end - 3..word_end]
            .iter()
            .all(u8::is_ascii_digit)
        && Ahead::last_before(&ahead.digits, word_end - 3).is_none_or(|d| d < word_start);
    placeholder || italic || status
}

/// A run that continues a name right before it with a capitalized word
/// (`Apple Volume purchase program`, `Active Directory Federation services`).
fn is_name_tail(prose: &str, run: &english::Run, shield_ends: &[usize]) -> bool {
    run.tokens[0].is_capitalized(prose) && after_name(prose, run, shield_ends)
}

/// An acronym's spelled-out form next to it: `SSO (Single sign-on)`, `Access control (IAM)`.
fn is_acronym_expansion(prose: &str, run: &english::Run, ahead: &Ahead<'_>) -> bool {
    let is_acronym = |s: &str| {
        s.len() >= 2
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    };
    let before = prose[..run.start()].trim_end();
    let after = prose[run.end()..].trim_start();
    if let (Some(b), Some(_)) = (before.strip_suffix('('), after.strip_prefix(')')) {
        let word = b.trim_end().rsplit([' ', '(', '[']).next().unwrap_or("");
        if is_acronym(word) {
            return true;
        }
    }
    after.strip_prefix('(').is_some_and(|a| {
        let inner = prose.len() - a.len();
        Ahead::first_from(&ahead.ascii_closes, inner)
            .is_some_and(|close| is_acronym(prose[inner..close].trim()))
    })
}

impl Rule for UntranslatedWords {
    super::rule_meta!();

    /// One segment at a time (see `Rule::segment_local`).
    fn segment_local(&self) -> bool {
        true
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Where the locale writes Latin letters, English is told by its function words,
        // and only where the profile says which of them the language writes too.
        let homographs: Option<&[String]> = if ctx.profile.latin_is_foreign() {
            None
        } else {
            match &ctx.profile.grammar.english_homographs {
                Some(h) if ctx.profile.is_native_letter('a') => Some(h.as_slice()),
                _ => return,
            }
        };
        let text = ctx.text();
        let list = ctx.dnt;
        for (seg, target, source) in ctx.document.pairs() {
            let plain = target.plain(text).trim();
            if plain == source.plain(text).trim() || !english::has_native(ctx.profile, plain) {
                continue;
            }
            if let Some(shared) = homographs
                && english::count_function_words(plain, shared) < 2
            {
                continue;
            }
            let prose = target.prose(text);
            // A leftover has a strong word (lowercase common word or common compound);
            // most targets have none, and then nothing below is needed.
            if !prose.bytes().any(|b| b.is_ascii_lowercase()) || !english::has_strong_token(&prose)
            {
                continue;
            }
            let base = target.content.start();
            let mut shield: Vec<(usize, usize)> = list
                .find_ignore_case(&prose)
                .iter()
                .map(|m| (m.start, m.end))
                .collect();
            if !target.inlines.links.is_empty() {
                let links = SegmentLinks::new(ctx.profile, ctx.dnt, text, target, source, &prose);
                shield.extend(
                    target
                        .inlines
                        .links
                        .iter()
                        .filter(|l| {
                            // Link texts left in English are link-text-untranslated's,
                            // where that rule runs (not in Latin-script locales).
                            links.is_glossed(l)
                                || (homographs.is_none() && links.english_link_text(l).is_some())
                        })
                        .map(|l| (l.text.start() - base, l.text.end() - base)),
                );
            }
            shield.extend(english::kept_terms(ctx.profile, &prose));
            let source_prose = source.prose(text);
            if !english::looks_english(&source_prose) {
                continue;
            }
            // Runs of English-looking words outside the shield; most targets have none, and
            // then the source's words are not needed.
            let runs = english::runs(&prose, &shield);
            if runs.is_empty() {
                continue;
            }
            let source_lower = source_prose.to_lowercase();
            // The source's words (not parts of code-like tokens such as `about:blank`).
            let source_tokens = english::tokens(&source_prose);
            let source_words: HashSet<String> = source_tokens
                .iter()
                .filter(|t| t.is_word())
                .map(|t| source_prose[t.start..t.end].to_lowercase())
                .collect();
            let in_source = |w: &str| source_words.contains(&w.to_lowercase());
            let source_exact: HashSet<&str> = source_tokens
                .iter()
                .filter(|t| t.is_word())
                .map(|t| &source_prose[t.start..t.end])
                .collect();
            let in_source_exact = |w: &str| source_exact.contains(w);
            let candidates: Vec<english::Run> = match homographs {
                None => runs
                    .into_iter()
                    .filter(|run| {
                        // Every strong word is one the source has: a leftover, not an
                        // addition.
                        let strong: Vec<&str> = run
                            .tokens
                            .iter()
                            .filter(|t| t.is_strong(&prose))
                            .map(|t| &prose[t.start..t.end])
                            .collect();
                        !strong.is_empty() && strong.iter().all(|w| in_source(w))
                    })
                    .collect(),
                Some(shared) => runs
                    .iter()
                    .flat_map(|run| {
                        english_stretches(&prose, run, shared, &in_source, &in_source_exact)
                    })
                    .collect(),
            };
            let mut shield_ends: Vec<usize> = shield.iter().map(|&(_, e)| e).collect();
            shield_ends.sort_unstable();
            let ahead = Ahead::new(&prose, ctx.profile);
            let mut named = HashMap::new();
            let mut source_at = HashMap::new();
            for run in candidates {
                if is_key_name(&prose, &run)
                    || is_name_tail(&prose, &run, &shield_ends)
                    || is_foreign(&run)
                    || is_gloss(&prose, &run, &ahead)
                    || is_plan_number(&prose, &run, &shield_ends)
                    || is_named_identifier(&prose, &run, &source_prose, &mut named)
                {
                    continue;
                }
                if is_acronym_expansion(&prose, &run, &ahead)
                    || is_placeholder_or_identifier(&prose, &run, &ahead)
                {
                    continue;
                }
                let words = &prose[run.start()..run.end()];
                let range = TextRange::new(run.start(), run.end()).offset(base);
                let mut d = Diagnostic::new(
                    &Self::META,
                    range,
                    format!("English left untranslated: \"{words}\""),
                )
                .with_segment(seg.id_str(text));
                let lower = words.to_lowercase();
                let same_offsets = source_lower.len() == source_prose.len();
                // Runs repeat (thousands of times in a generated segment); the source is
                // searched once per distinct one.
                let in_source_at = *source_at.entry(lower).or_insert_with_key(|lower| {
                    source_lower
                        .match_indices(lower.as_str())
                        .map(|(i, _)| (i, i + lower.len()))
                        .find(|&(i, end)| dnt::latin_boundary(&source_lower, i, end))
                        .filter(|_| same_offsets)
                });
                if let Some((i, end)) = in_source_at {
                    let at = source.content.start();
                    d = d.with_label(TextRange::new(at + i, at + end), "in the source");
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale;
    use crate::random::Random;

    /// The per-run tests as they read before `Ahead`: to the next `)`, `>` or line end
    /// after the run, and back to the last space before it.
    fn plain_gloss(profile: &LocaleProfile, prose: &str, run: &english::Run) -> bool {
        let before = prose[..run.start()].trim_end_matches([' ', '*', '_']);
        let after = prose[run.end()..].trim_start_matches([' ', '*', '_']);
        if let Some(b) = before.strip_suffix(['(', '（']) {
            let translated_before = b
                .trim_end_matches(' ')
                .chars()
                .next_back()
                .is_some_and(|c| profile.is_native_letter(c));
            if translated_before && after.contains([')', '）']) {
                return true;
            }
        }
        if let Some(a) = after.strip_prefix(['(', '（']) {
            let inner = a.split([')', '）']).next().unwrap_or("");
            return inner.len() < a.len() && english::has_native(profile, inner);
        }
        false
    }

    fn plain_acronym_expansion_after(prose: &str, run: &english::Run) -> bool {
        prose[run.end()..]
            .trim_start()
            .strip_prefix('(')
            .and_then(|a| a.split_once(')'))
            .is_some_and(|(inner, _)| {
                let inner = inner.trim();
                inner.len() >= 2
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            })
    }

    fn plain_placeholder_or_identifier(prose: &str, run: &english::Run) -> bool {
        let before = &prose[..run.start()];
        let after = &prose[run.end()..];
        let placeholder =
            before.ends_with('<') && after.split('\n').next().is_some_and(|l| l.contains('>'));
        let italic = run.tokens.len() == 1
            && before.ends_with('*')
            && !before.ends_with("**")
            && after.starts_with('*')
            && !after.starts_with("**");
        let status = before
            .trim_end()
            .rsplit(' ')
            .next()
            .map(|w| w.trim_start_matches(|c: char| !c.is_ascii_digit()))
            .is_some_and(|w| w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit()));
        placeholder || italic || status
    }

    #[test]
    fn per_run_tests_answer_as_reading_ahead_per_run_did() {
        // Random targets of English words, Hangul, parentheses of both widths, angle
        // brackets, digits, emphasis and line breaks.
        const PIECES: [&str; 24] = [
            "file", "open", "ABC", "the", "가", "설정", " ", " ", "(", ")", "（", "）", "<", ">",
            "\n", "1", "403", "x", "*", "_", "-", "\t", "HTTP", "(가",
        ];
        let profile = locale::builtin().resolve("ko-KR");
        let mut random = Random::new(7);
        let mut runs_seen = 0;
        for _ in 0..20_000 {
            let prose: String = (0..random.below(24))
                .map(|_| PIECES[random.below(PIECES.len())])
                .collect();
            let ahead = Ahead::new(&prose, &profile);
            for run in english::runs(&prose, &[]) {
                runs_seen += 1;
                let at = || format!("{prose:?}, run {:?}", &prose[run.start()..run.end()]);
                assert_eq!(
                    is_gloss(&prose, &run, &ahead),
                    plain_gloss(&profile, &prose, &run),
                    "{}",
                    at()
                );
                assert_eq!(
                    is_placeholder_or_identifier(&prose, &run, &ahead),
                    plain_placeholder_or_identifier(&prose, &run),
                    "{}",
                    at()
                );
                // The part of the acronym test that reads ahead (the other reads back to
                // the word before the run, as before).
                let expanded_before = {
                    let before = prose[..run.start()].trim_end();
                    let after = prose[run.end()..].trim_start();
                    before.strip_suffix('(').is_some_and(|b| {
                        let word = b.trim_end().rsplit([' ', '(', '[']).next().unwrap_or("");
                        after.starts_with(')')
                            && word.len() >= 2
                            && word
                                .chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                    })
                };
                assert_eq!(
                    is_acronym_expansion(&prose, &run, &ahead),
                    expanded_before || plain_acronym_expansion_after(&prose, &run),
                    "{}",
                    at()
                );
            }
        }
        assert!(runs_seen > 10_000, "{runs_seen} runs");
    }
}
