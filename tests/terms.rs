//! `loclint terms learn` and learning on the fly, through the real binary, on small copies
//! of real articles (tests/fixtures/terms/<locale>/, from ../shared/corpus; ja-JP from a
//! public Japanese docs repository; it-IT, sv-SE and de-DE from public copies of the same
//! help articles in those locales: see each folder's SOURCE.txt).

mod common;

use serde_json::Value;
use serde_yaml::Value as Yaml;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loclint"))
}

fn fixtures(locale: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/terms")
        .join(locale)
}

fn run(cmd: &mut Command, args: &[&str]) -> common::Run {
    common::finish(cmd.args(args).output().expect("runs"), args)
}

/// The glossary `terms learn` prints for a folder.
fn learn(locale: &str, dir: &Path) -> (String, Yaml) {
    let d = dir.to_str().unwrap();
    let out = run(&mut bin(), &["terms", "learn", "--locale", locale, d]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let yaml: Yaml = serde_yaml::from_str(&out.stdout).expect("YAML");
    (out.stdout, yaml)
}

fn term<'y>(g: &'y Yaml, name: &str) -> &'y Yaml {
    g["terms"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|t| t["term"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no term {name}"))
}

fn renderings(t: &Yaml) -> Vec<String> {
    let mut out = vec![t["preferred"].as_str().unwrap().to_string()];
    if let Some(v) = t["variants"].as_sequence() {
        out.extend(v.iter().map(|r| r.as_str().unwrap().to_string()));
    }
    out
}

/// The term's preferred rendering is the stem `preferred`, seen written as `form` too.
fn assert_preferred_with_form(g: &Yaml, name: &str, preferred: &str, form: &str) {
    let t = term(g, name);
    assert_eq!(t["preferred"].as_str(), Some(preferred), "{name}");
    let forms = t["seen"][0]["forms"].as_sequence().unwrap();
    assert!(forms.iter().any(|f| f.as_str() == Some(form)), "{forms:?}");
}

fn check_json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&mut bin(), &all);
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    v["diagnostics"].as_array().unwrap().clone()
}

fn findings<'v>(diags: &'v [Value], rule: &str, term: &str) -> Vec<&'v Value> {
    diags
        .iter()
        .filter(|d| {
            d["rule"] == rule
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(&format!("\"{term}\" ")))
        })
        .collect()
}

#[test]
fn korean_device_is_learned_with_both_renderings() {
    let (_, g) = learn("ko-KR", &fixtures("ko-KR"));
    let device = renderings(term(&g, "device"));
    assert_eq!(device[0], "장치", "{device:?}");
    assert!(device.contains(&"디바이스".to_string()), "{device:?}");
    // Particles are stripped: the forms seen keep them.
    let seen = term(&g, "device")["seen"][0]["forms"]
        .as_sequence()
        .unwrap();
    assert!(
        seen.iter().any(|f| f.as_str() == Some("장치를")),
        "{seen:?}"
    );
    assert_eq!(renderings(term(&g, "writeback"))[0], "쓰기 저장");
}

#[test]
fn chinese_writeback_renderings_are_learned() {
    let (_, g) = learn("zh-TW", &fixtures("zh-TW"));
    assert_eq!(renderings(term(&g, "writeback"))[0], "回寫");
    let mut pw = renderings(term(&g, "password writeback"));
    pw.sort();
    assert_eq!(pw, ["密碼回寫", "密碼寫回"]);
}

/// Japanese writes loanwords in katakana and has no spaces: a learned rendering is whole
/// katakana words (`アドレス`, not the `レ` or `アドレ` a cut by characters gives), and a
/// calendar rendered 予定表 and カレンダー is learned with both.
#[test]
fn japanese_katakana_words_are_learned_whole() {
    let dir = fixtures("ja-JP");
    let (_, g) = learn("ja-JP", &dir);
    assert_eq!(renderings(term(&g, "address")), ["アドレス"]);
    assert_eq!(renderings(term(&g, "email address")), ["メール アドレス"]);
    assert_eq!(renderings(term(&g, "file Explorer")), ["エクスプローラー"]);
    assert_eq!(
        renderings(term(&g, "left navigation pane")),
        ["左側のナビゲーション ウィンドウ"]
    );
    assert_eq!(renderings(term(&g, "calendar")), ["予定表", "カレンダー"]);
    // Every rendering (lowercase, as learned) stands somewhere as whole words: not only
    // inside a longer katakana word (the same letters can be part of another word elsewhere: ビジネスオーナー).
    let texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap().to_lowercase())
        .collect();
    let katakana =
        |c: Option<char>| c.is_some_and(|c| matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'));
    for t in g["terms"].as_sequence().unwrap() {
        for r in renderings(t) {
            let whole = texts.iter().any(|text| {
                text.match_indices(r.as_str()).any(|(i, _)| {
                    let (before, after) = (
                        text[..i].chars().next_back(),
                        text[i + r.len()..].chars().next(),
                    );
                    let cut_start = katakana(r.chars().next()) && katakana(before);
                    let cut_end = katakana(r.chars().next_back()) && katakana(after);
                    !cut_start && !cut_end
                })
            });
            assert!(
                whole,
                "{r:?} ({:?}) is only ever a piece of a katakana word",
                t["term"]
            );
        }
    }
}

/// The `seen` entry of one rendering of a term.
fn seen<'y>(t: &'y Yaml, rendering: &str) -> Option<&'y Yaml> {
    t["seen"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|r| r["rendering"].as_str() == Some(rendering))
}

#[test]
fn a_one_off_spelling_in_a_heading_is_learned_from_what_is_left_over() {
    // `Device Writeback` → `장치 쓰기백`: device is linked to 장치, so writeback is what
    // 쓰기백 renders, though it occurs once; it shares 쓰기 with 쓰기 저장.
    let (_, g) = learn("ko-KR", &fixtures("ko-KR"));
    let writeback = term(&g, "writeback");
    assert_eq!(renderings(writeback)[0], "쓰기 저장");
    let once = seen(writeback, "쓰기백").expect("쓰기백 learned");
    assert_eq!(once["pairs"].as_u64(), Some(1));
    assert_eq!(
        once["examples"][0].as_str(),
        Some("device-writeback.md:d58e0-102")
    );
    // The same heading reworded into a word that shares nothing with how writeback is
    // rendered elsewhere is not taken for a rendering: one pair cannot tell a rewording
    // from a translation.
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures("ko-KR")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace(">장치 쓰기백</span>", ">장치 동기화</span>");
        std::fs::write(tmp.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let (_, g) = learn("ko-KR", tmp.path());
    let writeback = term(&g, "writeback");
    assert!(seen(writeback, "쓰기백").is_none());
    assert!(seen(writeback, "동기화").is_none(), "{writeback:?}");
}

/// Every file `terms learn` cannot learn from is named: one that is not UTF-8 with a
/// warning, one whose configuration cannot be read with an error (exit 2); the glossary of
/// the other files is printed all the same.
#[test]
fn files_not_learned_from_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures("it-IT")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    let mut latin1 = b"<span data-ttu-id=\"a-1\">Abbonamento \xe8 scaduto</span>".to_vec();
    latin1
        .extend_from_slice(b"<span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">x</span></span>");
    std::fs::write(tmp.path().join("latin1.md"), latin1).unwrap();
    let broken = tmp.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("loclint.toml"), "select = [").unwrap();
    std::fs::copy(
        fixtures("it-IT").join("cancel-office-365-subscription.md"),
        broken.join("copy.md"),
    )
    .unwrap();
    let d = tmp.path().to_str().unwrap();
    let out = run(&mut bin(), &["terms", "learn", "--locale", "it-IT", d]);
    let latin1 = tmp.path().join("latin1.md");
    let copy = broken.join("copy.md");
    assert!(
        out.stderr.contains(&format!(
            "warning: {}: not valid UTF-8 (at byte 36); not learned from",
            latin1.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("error: {}: ", copy.display())),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let g: Yaml = serde_yaml::from_str(&out.stdout).expect("YAML");
    assert_eq!(
        renderings(term(&g, "subscription")),
        ["abbonament", "sottoscrizion"]
    );
    // Without the broken folder, the warning alone does not fail the run.
    std::fs::remove_dir_all(&broken).unwrap();
    let out = run(&mut bin(), &["terms", "learn", "--locale", "it-IT", d]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("not valid UTF-8"), "{}", out.stderr);
}

/// German articles, possessives and particles are function words of the de-DE profile: a
/// rendering never starts or ends with one (`organisation`, not `ihrer organisation`), nor
/// is one (`vor` of `Gehen Sie wie folgt vor`, for `Follow these steps`).
#[test]
fn german_renderings_do_not_start_or_end_with_a_function_word() {
    let (_, g) = learn("de-DE", &fixtures("de-DE"));
    assert_eq!(renderings(term(&g, "organization")), ["organisation"]);
    assert_eq!(renderings(term(&g, "article")), ["artikel"]);
    let steps = renderings(term(&g, "steps"));
    assert!(!steps.iter().any(|r| r == "vor"), "{steps:?}");
}

/// Dutch, by the profile's grammar: articles and possessives are not part of a rendering
/// (`uw bedrijf` / `het bedrijf` were two renderings of *company*), plural and adjective
/// endings make one word, and a bare `-s` is no ending: it is also the linking `s` of a
/// compound written apart, so *business profile* keeps `bedrijfs profiel` against
/// `zakelijk profiel`, a real inconsistency of these articles. `business` alone is
/// everyday English (*business needs*: `zakelijke behoeften`).
#[test]
fn dutch_renderings_drop_articles_and_keep_the_linking_s() {
    let dir = fixtures("nl-NL");
    let (_, g) = learn("nl-NL", &dir);
    assert_eq!(renderings(term(&g, "company")), ["bedrijf"]);
    assert_eq!(
        renderings(term(&g, "business profile")),
        ["bedrijfs profiel", "zakelijk profiel"]
    );
    assert_preferred_with_form(&g, "activity", "activiteit", "activiteiten");
    let found = learned_messages(&dir);
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("\"business profile\" is rendered 2 ways in this file")),
        "{found:#?}"
    );
    assert!(
        found.iter().all(|m| m.starts_with("\"business profile\" ")),
        "{found:#?}"
    );
}

/// Czech declines nouns and adjectives, and `e` comes and goes before a stem's last
/// consonant (`účet`, `účtu`): with the profile's endings, function words and inflection
/// letters, case forms are one rendering (*account*, *Partner Center* `partnerského
/// centra` / `v partnerském centru`), and what is left is real: the label *Appropriate
/// roles* as `Příslušné role` and `Odpovídající role`, *acceptance* of an agreement as
/// `přijetí` and `souhlas` (*consent*, another term of the same article). *Details* are
/// particulars (`kontaktní údaje`) or more of a subject (`podrobnosti`): everyday English.
#[test]
fn czech_case_forms_and_the_fleeting_e_are_one_word() {
    let dir = fixtures("cs-CZ");
    let found = learned_messages(&dir);
    let terms: std::collections::BTreeSet<&str> = found
        .iter()
        .map(|m| m.split('"').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        terms.into_iter().collect::<Vec<_>>(),
        ["acceptance", "appropriate roles"],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("\"Příslušné role\"") && m.contains("\"Odpovídající role\"")),
        "{found:#?}"
    );
    let (_, g) = learn("cs-CZ", &dir);
    assert_preferred_with_form(&g, "customer", "zákazník", "zákazníka");
}

/// Greek moves the stress mark with the ending (`ρύθμιση`, `ρυθμίσεις`) and doubles it
/// before an enclitic (`τα έξοδά μου`, *my expenses*): words are compared without it and
/// shown as written; articles and possessives are function words. What is reported is
/// the real inconsistency of these articles: *expenses* as `έξοδα` and as `δαπάνες`.
#[test]
fn greek_renderings_compare_without_stress_marks_and_keep_them() {
    let dir = fixtures("el-GR");
    let (_, g) = learn("el-GR", &dir);
    let expenses = renderings(term(&g, "expenses"));
    assert_eq!(expenses, ["έξοδα", "δαπάνες"], "{expenses:?}");
    assert_eq!(renderings(term(&g, "expense report"))[0], "αναφορά εξόδων");
    let found = learned_messages(&dir);
    assert!(found.len() >= 2, "{found:#?}");
    assert_all_about(&found, "expenses", &["έξοδα", "δαπάνες"]);
}

/// Finnish inflects with case endings and possessive suffixes (`käyttäjän`,
/// `käyttäjälle`), and joins a UI label to the word for what it names with a hyphen
/// (`Hallinta-sivulla`, *on the Manage page*; `Laitteet-käytännöt`): neither is another
/// rendering. What is left is the real variation of these articles: *company data* as
/// the compound `yritystiedot` and as the phrase `yrityksen tiedot`.
#[test]
fn finnish_case_forms_and_label_compounds_are_not_variants() {
    assert_learned(
        "fi-FI",
        1,
        ("company data", &["yritystiedot"]),
        ("user", "käyttäjä", "käyttäjän"),
    );
}

/// Estonian writes compounds as one word: *work hours* is `töötunde`, *work list*
/// `tööloend`. Where a compound holds the main rendering of a term (`töö`) as often as the
/// English has the term, a link of the term to another word (`vaadata`, *see*) is not
/// another rendering. Case endings after the genitive's stem vowel make one word of
/// `broneeringud`, `broneeringute`, `broneeringuid`. What is left is the real variation:
/// *project contract* as the phrase `projekti leping` and the compound `projektileping`.
#[test]
fn estonian_compounds_and_case_forms_are_not_variants() {
    assert_learned(
        "et-EE",
        1,
        ("project contract", &["projektilepingu"]),
        ("bookings", "broneering", "broneeringute"),
    );
}

/// Latvian case endings (`līgums`, `līguma`, `līgumā`) and possessives (`Mani izdevumi`,
/// *My expenses*) no longer make variants; the boilerplate line *for resource/non-stocked
/// based scenarios* no longer links *resource* to `scenārijiem`. What is left is the UI
/// field *Invoice frequency* named two ways.
#[test]
fn latvian_case_forms_and_possessives_are_not_variants() {
    assert_learned(
        "lv-LV",
        2,
        ("invoice frequency", &["rēķinu biežumu"]),
        ("contract", "līgum", "līguma"),
    );
}

/// Serbian as Croatian: case endings and prepositions (`polje`, `u polju`) are one
/// rendering; *company* as `preduzeće` and `kompanija`, in one article too, is reported.
#[test]
fn serbian_case_forms_are_one_rendering_and_company_is_reported() {
    let dir = fixtures("sr-Latn-RS");
    let found = learned_messages(&dir);
    assert!(
        found.iter().any(
            |m| m.starts_with("\"company\" is rendered 2 ways in this file")
                && m.contains("\"kompaniji\"")
        ),
        "{found:#?}"
    );
    assert!(
        !found.iter().any(|m| m.starts_with("\"field\"")),
        "{found:#?}"
    );
    let (_, g) = learn("sr-Latn-RS", &dir);
    assert_preferred_with_form(&g, "field", "polj", "polju");
}

/// Slovenian case endings (`vir`, `virov`, `virih`) and function words (`v tej temi`, *in
/// this topic*): before them, *resource* and *topic* were reported with renderings that
/// are neither (`za scenarije`, `v tej temi` against `tema`).
#[test]
fn slovenian_case_forms_and_function_words_are_not_variants() {
    let dir = fixtures("sl-SI");
    let found = learned_messages(&dir);
    assert!(
        !found
            .iter()
            .any(|m| m.starts_with("\"resource\"") || m.starts_with("\"topic\"")),
        "{found:#?}"
    );
    let (_, g) = learn("sl-SI", &dir);
    assert_preferred_with_form(&g, "resource", "vir", "virov");
}

#[test]
fn russian_and_french_are_learned_as_stems_and_words() {
    let (_, g) = learn("ru-RU", &fixtures("ru-RU"));
    assert_preferred_with_form(&g, "device", "устройств", "устройства");
    let (_, g) = learn("fr-FR", &fixtures("fr-FR"));
    let device = renderings(term(&g, "device"));
    assert_eq!(device[..2], ["appareil", "périphérique"], "{device:?}");
}

/// A form that runs across a line break or a double space is shown as written on one
/// line, once: `портале azure`, not the same words with the next line's indentation.
#[test]
fn forms_are_shown_on_one_line_each_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut respaced = 0;
    for entry in std::fs::read_dir(fixtures("ru-RU")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Real articles break lines inside a segment and double spaces (`портале\n    Azure`).
        let mut out = String::new();
        for (k, part) in text.split("портале Azure").enumerate() {
            if k > 0 {
                out.push_str(if k % 2 == 1 {
                    "портале\n    Azure"
                } else {
                    "портале  Azure"
                });
                respaced += 1;
            }
            out.push_str(part);
        }
        std::fs::write(tmp.path().join(path.file_name().unwrap()), out).unwrap();
    }
    assert!(respaced >= 3, "{respaced}");
    let (_, g) = learn("ru-RU", tmp.path());
    let portal = term(&g, "Azure portal");
    let seen = &portal["seen"][0];
    assert_eq!(seen["rendering"].as_str(), Some("портал azure"));
    let forms: Vec<&str> = seen["forms"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(forms, ["портале azure", "портала azure"]);
}

/// Real articles of two locales outside ../shared/corpus, with no glossary and no endings
/// or function words in their profiles: a real variant is reported (Italian subscription
/// `abbonamento` / `sottoscrizione`, named by the form written most, not the stem learning
/// compares nor the form written first; Swedish note `Anmärkning` / `Obs`), and forms of one word are not (Swedish
/// `en användare` / `användaren`, a user / the user).
#[test]
fn locales_without_grammar_data_report_real_variants_only() {
    let it = check_json(&["--learn", fixtures("it-IT").to_str().unwrap()]);
    let subscription = findings(&it, "term-inconsistent", "subscription");
    assert!(subscription.len() >= 3, "{subscription:?}");
    for f in &subscription {
        let m = f["message"].as_str().unwrap();
        assert!(m.contains("\"sottoscrizione\" ("), "{m}");
        assert!(m.ends_with("(most used in it-IT: \"abbonamento\")"), "{m}");
    }
    // Across files each rendering is named as written most, like the most used one (the
    // first written is the plural `abbonamenti`).
    let across = findings(&it, "term-inconsistent-across-files", "subscription");
    assert_eq!(across.len(), 1, "{across:?}");
    let m = across[0]["message"].as_str().unwrap();
    assert!(
        m.contains(": \"abbonamento\" (21× in 13 files), \"sottoscrizione\" ("),
        "{m}"
    );
    // `Follow these steps` is `Seguire questa procedura`, other steps `passaggi`: the
    // steps of instructions are rendered by the sentence, not as a term.
    for rule in ["term-inconsistent", "term-inconsistent-across-files"] {
        let found = findings(&it, rule, "steps");
        assert!(found.is_empty(), "{rule}: {found:?}");
    }
    let sv = check_json(&["--learn", fixtures("sv-SE").to_str().unwrap()]);
    let note = findings(&sv, "term-inconsistent-across-files", "note");
    assert_eq!(note.len(), 1, "{note:?}");
    assert!(note[0]["message"].as_str().unwrap().contains("\"Obs\""));
    for term in ["user", "organization"] {
        for rule in ["term-inconsistent", "term-inconsistent-across-files"] {
            let found = findings(&sv, rule, term);
            assert!(found.is_empty(), "{rule} {term}: {found:?}");
        }
    }
}

/// The schema: deterministic, sorted terms, renderings most used first with counts, files
/// and `file:segment` examples that exist; `preferred` is the most used, `variants` the rest.
#[test]
fn learned_glossary_schema_is_deterministic_and_sorted() {
    let dir = fixtures("zh-TW");
    let (first, g) = learn("zh-TW", &dir);
    let (second, _) = learn("zh-TW", &dir);
    assert_eq!(first, second, "two runs differ");
    assert_eq!(g["locale"].as_str(), Some("zh-TW"));
    assert_eq!(g["learned"].as_bool(), Some(true));
    let terms = g["terms"].as_sequence().unwrap();
    assert!(terms.len() > 20, "{}", terms.len());
    let keys: Vec<String> = terms
        .iter()
        .map(|t| t["term"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "terms are not sorted");
    for t in terms {
        let seen = t["seen"].as_sequence().unwrap();
        let listed: Vec<&str> = seen
            .iter()
            .map(|s| s["rendering"].as_str().unwrap())
            .collect();
        assert_eq!(renderings(t), listed, "{t:?}");
        let counts: Vec<u64> = seen.iter().map(|s| s["pairs"].as_u64().unwrap()).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{t:?}");
        for s in seen {
            assert!(s["pairs"].as_u64().unwrap() >= 2, "{s:?}");
            assert!(s["files"].as_u64().unwrap() >= 1, "{s:?}");
            let examples = s["examples"].as_sequence().unwrap();
            assert!(!examples.is_empty() && examples.len() <= 3, "{s:?}");
            for e in examples {
                let (file, seg) = e.as_str().unwrap().rsplit_once(':').unwrap();
                let text = std::fs::read_to_string(dir.join(file)).unwrap();
                assert!(text.contains(&format!("data-ttu-id=\"{seg}\"")), "{e:?}");
            }
        }
    }
}

#[test]
fn terms_learn_has_help() {
    let out = run(&mut bin(), &["terms", "learn", "--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("--locale"), "{}", out.stdout);
}

/// French has no hand glossary: `check --learn` learns from the files it checks and reports
/// the two renderings of "device"; without `--learn` (or with `--no-learn` after it) nothing
/// is learned.
#[test]
fn check_learns_on_the_fly_without_a_glossary() {
    let dir = fixtures("fr-FR");
    let d = dir.to_str().unwrap();
    let diags = check_json(&["--learn", d]);
    let within = findings(&diags, "term-inconsistent", "device");
    let files: Vec<&str> = within
        .iter()
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert!(files.contains(&"device-in-pending-state.md"), "{files:?}");
    let f = within
        .iter()
        .find(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .ends_with("device-in-pending-state.md")
        })
        .unwrap();
    // The renderings as written in the file, with their counts, and the locale's most used.
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("\"périphériques\" ("), "{f}");
    assert!(
        message.contains("(most used in fr-FR: \"appareil\")"),
        "{f}"
    );
    // Learned on the fly: reported at info (judged precision below a warning's).
    assert_eq!(f["severity"], "info", "{f}");
    // The range is the variant as written in the target (a word form of it).
    let text = std::fs::read_to_string(dir.join("device-in-pending-state.md")).unwrap();
    let range = f["byte_range"].as_array().unwrap();
    let (s, e) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
    assert!(text[s as usize..e as usize].starts_with("périphérique"));
    assert!(!findings(&diags, "term-inconsistent-across-files", "device").is_empty());
    // Nobody chose a preferred rendering of a term learned on the fly.
    assert!(diags.iter().all(|d| d["rule"] != "term-not-preferred"));
    let quiet = check_json(&[d]);
    assert!(findings(&quiet, "term-inconsistent", "device").is_empty());
    let quiet = check_json(&["--learn", "--no-learn", d]);
    assert!(findings(&quiet, "term-inconsistent", "device").is_empty());
    // `learn = true` in loclint.toml is the same as --learn.
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(tmp.path().join("loclint.toml"), "learn = true\n").unwrap();
    let configured = check_json(&[tmp.path().to_str().unwrap()]);
    assert!(!findings(&configured, "term-inconsistent", "device").is_empty());
}

/// A learned glossary, reviewed and configured in loclint.toml, is used like a written one:
/// the preferred rendering chosen by the reviewer is enforced, and a rendering marked wrong
/// is no longer matched.
/// The findings about learned terms (those naming the locale's most used rendering), as
/// (path, rule, byte range, message), sorted.
/// Every finding is about `term` and names each of `renderings`.
fn assert_all_about(found: &[String], term: &str, renderings: &[&str]) {
    assert!(
        found.iter().all(|m| m.starts_with(&format!("\"{term}\" "))
            && renderings.iter().all(|r| m.contains(&format!("\"{r}\"")))),
        "{found:#?}"
    );
}

/// The learned findings of a fixture folder: at least `min` of them, all about `about`
/// (the term and renderings each names); and its learned glossary prefers `preferred` (term,
/// rendering, a form seen).
fn assert_learned(locale: &str, min: usize, about: (&str, &[&str]), preferred: (&str, &str, &str)) {
    let dir = fixtures(locale);
    let found = learned_messages(&dir);
    assert!(found.len() >= min, "{found:#?}");
    assert_all_about(&found, about.0, about.1);
    let (_, g) = learn(locale, &dir);
    assert_preferred_with_form(&g, preferred.0, preferred.1, preferred.2);
}

/// The messages of `check --learn`'s findings about learned terms in a folder.
fn learned_messages(dir: &Path) -> Vec<String> {
    let diags = check_json(&["--learn", dir.to_str().unwrap()]);
    learned_findings(&diags)
        .into_iter()
        .map(|(_, _, _, message)| message)
        .collect()
}

fn learned_findings(diags: &[Value]) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = diags
        .iter()
        .filter(|d| {
            d["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("term-inconsistent"))
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("most used"))
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["byte_range"].to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Several locales in one run are learned side by side: each gets the findings it gets
/// when checked alone, and the report is the same from one run to the next.
#[test]
fn locales_learned_together_find_what_each_finds_alone() {
    // Two locales with learned findings (the French files as fr-FR and, their front matter
    // changed, as fr-CA) and two with few or none.
    let tmp = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("fr-FR", "fr-FR"),
        ("fr-FR", "fr-CA"),
        ("ru-RU", "ru-RU"),
        ("ko-KR", "ko-KR"),
    ] {
        let dir = tmp.path().join(to);
        std::fs::create_dir(&dir).unwrap();
        for e in std::fs::read_dir(fixtures(from)).unwrap() {
            let p = e.unwrap().path();
            // The locale is the front matter's `ms.contentlocale`.
            let text = std::fs::read_to_string(&p).unwrap().replace(
                &format!("ms.contentlocale: {from}"),
                &format!("ms.contentlocale: {to}"),
            );
            std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
        }
    }
    let r = tmp.path().to_str().unwrap();
    let together = learned_findings(&check_json(&["--learn", r]));
    let mut alone = Vec::new();
    let mut locales = 0;
    for locale in ["fr-FR", "fr-CA", "ru-RU", "ko-KR"] {
        let dir = tmp.path().join(locale);
        let found = learned_findings(&check_json(&["--learn", dir.to_str().unwrap()]));
        locales += usize::from(!found.is_empty());
        alone.extend(found);
    }
    alone.sort();
    assert!(locales >= 2, "learned findings in {locales} locale(s) only");
    assert_eq!(together, alone);
    let first = run(&mut bin(), &["check", "--format", "json", "--learn", r]);
    let again = run(&mut bin(), &["check", "--format", "json", "--learn", r]);
    assert_eq!(first.stdout, again.stdout);
}

#[test]
fn reviewed_learned_glossary_is_used_by_check() {
    let src = fixtures("fr-FR");
    let (yaml, _) = learn("fr-FR", &src);
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, docs.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        tmp.path().join("loclint.toml"),
        "[glossary]\nfr-FR = [\"terms.fr-FR.yaml\"]\n",
    )
    .unwrap();
    // The reviewer prefers périphérique.
    let chosen = yaml.replacen(
        "  - term: device\n    preferred: appareil\n    variants: [périphérique]",
        "  - term: device\n    preferred: périphérique\n    variants: [appareil]",
        1,
    );
    assert_ne!(chosen, yaml, "device entry not found as expected:\n{yaml}");
    std::fs::write(tmp.path().join("terms.fr-FR.yaml"), &chosen).unwrap();
    let d = docs.to_str().unwrap();
    let diags = check_json(&[d]);
    let not_preferred: Vec<_> = diags
        .iter()
        .filter(|x| {
            x["rule"] == "term-not-preferred"
                && x["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("\"appareil\" is not the preferred rendering of \"device\"")
        })
        .collect();
    assert!(not_preferred.len() > 10, "{}", not_preferred.len());
    let within = findings(&diags, "term-inconsistent", "device");
    assert!(!within.is_empty());
    assert!(
        within[0]["message"]
            .as_str()
            .unwrap()
            .contains("(preferred: \"périphérique\")")
    );
    // A reviewed glossary is knowledge like a written one: the rule's own severity.
    assert_eq!(within[0]["severity"], "warning", "{}", within[0]);
    // The reviewer marks périphérique wrong: device has one rendering left.
    let wrong = yaml.replacen(
        "    variants: [périphérique]",
        "    wrong: [périphérique]",
        1,
    );
    std::fs::write(tmp.path().join("terms.fr-FR.yaml"), &wrong).unwrap();
    let diags = check_json(&[d]);
    assert!(findings(&diags, "term-inconsistent", "device").is_empty());
    assert!(findings(&diags, "term-inconsistent-across-files", "device").is_empty());
}

/// The whole corpus, where present: ko-KR and zh-TW rediscover the renderings of the seed
/// article (the acceptance check).
#[test]
fn corpus_rediscovers_seed_renderings() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("SKIPPED: corpus not found at {}", corpus.display());
        return;
    }
    let (_, ko) = learn("ko-KR", &corpus.join("ko-KR"));
    let device = renderings(term(&ko, "device"));
    assert!(device.contains(&"장치".into()) && device.contains(&"디바이스".into()));
    let writeback = renderings(term(&ko, "writeback"));
    // Two of the seed's three (쓰기 저장소 is in one sentence of the corpus, where nothing
    // tells it apart), and the corpus's most used one.
    assert!(writeback.contains(&"쓰기 기록".into()), "{writeback:?}");
    assert!(writeback.contains(&"쓰기백".into()), "{writeback:?}");
    assert!(writeback.contains(&"쓰기 저장".into()), "{writeback:?}");
    let (_, zh) = learn("zh-TW", &corpus.join("zh-TW"));
    let writeback = renderings(term(&zh, "writeback"));
    assert!(writeback.contains(&"回寫".into()) && writeback.contains(&"寫回".into()));
}

/// A run that checks enough files of a locale with no glossary, with learning left to its
/// default, says once that terms were not compared there and how to learn them; a locale
/// with a glossary, a run that learns, and a decision either way (`--no-learn`,
/// `learn = false`) or `--quiet` say nothing.
#[test]
fn a_locale_without_glossary_is_named_once_when_learning_is_off() {
    let fr = fixtures("fr-FR");
    let ko = fixtures("ko-KR");
    let (fr, ko) = (fr.to_str().unwrap(), ko.to_str().unwrap());
    let note = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = run(&mut bin(), &all);
        out.stderr
            .lines()
            .filter(|l| l.contains("no glossary"))
            .map(str::to_string)
            .collect()
    };
    let files = std::fs::read_dir(fr).unwrap().count();
    let lines = note(&[fr, ko]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("note: fr-FR ({files} files) has no glossary")),
        "{lines:?}"
    );
    assert!(lines[0].contains("--learn"), "{lines:?}");
    // ko-KR has a built-in glossary.
    assert!(note(&[ko]).is_empty());
    assert!(note(&["--learn", fr]).is_empty());
    assert!(note(&["--no-learn", fr]).is_empty());
    assert!(note(&["--quiet", fr]).is_empty());
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fr).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(tmp.path().join("loclint.toml"), "learn = false\n").unwrap();
    assert!(note(&[tmp.path().to_str().unwrap()]).is_empty());
    // The folder's configuration names a learned glossary: the locale has one, wherever
    // the run starts (the note once read only the command line's settings).
    let (yaml, _) = learn("fr-FR", Path::new(fr));
    std::fs::write(tmp.path().join("terms.fr-FR.yaml"), yaml).unwrap();
    std::fs::write(
        tmp.path().join("loclint.toml"),
        "[glossary]\nfr-FR = [\"terms.fr-FR.yaml\"]\n",
    )
    .unwrap();
    assert!(note(&[tmp.path().to_str().unwrap()]).is_empty());
    std::fs::remove_file(tmp.path().join("loclint.toml")).unwrap();
    assert_eq!(note(&[tmp.path().to_str().unwrap()]).len(), 1);
    // Fewer files than learning needs: nothing to suggest.
    let few = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fr).unwrap().take(3) {
        let p = e.unwrap().path();
        std::fs::copy(&p, few.path().join(p.file_name().unwrap())).unwrap();
    }
    assert!(note(&[few.path().to_str().unwrap()]).is_empty());
}

/// A reviewed learned glossary of a language whose profile lists no endings keeps case
/// forms as separate renderings (`αναφορά εξόδων`, `αναφοράς εξόδων`); `check` counts a
/// form of a rendering as that rendering, as when it learns on the fly, and still reports
/// two different words (`έξοδα`, `δαπάνες`).
#[test]
fn a_learned_glossary_counts_another_form_of_a_rendering_as_that_rendering() {
    let tmp = tempfile::tempdir().unwrap();
    let segments = [
        (
            "Δημιουργήστε μια αναφορά εξόδων.",
            "Create an expense report.",
        ),
        (
            "Υποβάλετε την αναφορά εξόδων.",
            "Submit the expense report.",
        ),
        (
            "Η κατάσταση της αναφοράς εξόδων αλλάζει.",
            "The status of the expense report changes.",
        ),
        ("Καταχωρήστε τα έξοδα.", "Enter the expenses."),
        ("Εγκρίνετε τις δαπάνες.", "Approve the expenses."),
    ];
    let mut body = String::from("---\nms.contentlocale: el-GR\n---\n\n");
    for (i, (target, source)) in segments.iter().enumerate() {
        let id = format!("a1b2c-{}", 101 + i);
        body.push_str(&format!(
            "<span data-ttu-id=\"{id}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{source}</span></span>\n\n"
        ));
    }
    std::fs::write(tmp.path().join("expenses.md"), body).unwrap();
    std::fs::write(
        tmp.path().join("terms.el-GR.yaml"),
        "locale: el-GR\nlearned: true\nterms:\n  - term: expense report\n    preferred: αναφορά εξόδων\n    variants: [αναφοράς εξόδων]\n  - term: expenses\n    preferred: έξοδα\n    variants: [δαπάνες]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("loclint.toml"),
        "[glossary]\nel-GR = [\"terms.el-GR.yaml\"]\n",
    )
    .unwrap();
    let diags = check_json(&[tmp.path().to_str().unwrap()]);
    for rule in ["term-inconsistent", "term-not-preferred"] {
        assert!(
            findings(&diags, rule, "expense report").is_empty(),
            "{diags:#?}"
        );
    }
    let expenses = findings(&diags, "term-inconsistent", "expenses");
    assert_eq!(expenses.len(), 1, "{diags:#?}");
    let message = expenses[0]["message"].as_str().unwrap();
    assert!(
        message.contains("έξοδα") && message.contains("δαπάνες"),
        "{message}"
    );
}
