//! One synthetic article per locale (`tests/fixtures/locales/<tag>.yaml`), most of them
//! locales the corpus does not have: correct text in each must draw no finding from any
//! rule, and each typical machine-translation breakage must draw the rule named for it.

use loclint::engine::{Settings, check_source};
use serde::Deserialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    locale: String,
    segments: Vec<Pair>,
    broken: Vec<Broken>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    source: String,
    target: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Broken {
    rule: String,
    /// 1-based index into `segments`.
    segment: usize,
    target: String,
}

fn id(n: usize) -> String {
    format!("a1b2c-{}", 100 + n)
}

/// The article: front matter, then one paragraph per segment.
fn article(spec: &Spec, targets: &[&str]) -> String {
    let mut out = format!(
        "---\ntitle: {}\nms.contentlocale: {}\nms.locfileid: \"50255172\"\n---\n",
        targets[1].trim_end_matches(['?', '؟', ';', '？']),
        spec.locale
    );
    for (i, (pair, target)) in spec.segments.iter().zip(targets).enumerate() {
        let n = id(i + 1);
        write!(
            out,
            "\n<span data-ttu-id=\"{n}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{n}\">{}</span></span>\n",
            pair.source
        )
        .unwrap();
    }
    out
}

/// Every finding of every rule: (rule, segment, message).
fn findings(path: &Path, text: &str) -> Vec<(String, String, String)> {
    let settings = Settings::default();
    let report = check_source(path, text.as_bytes(), &settings.enabled_rules(), &settings);
    assert!(report.error.is_none(), "{:?}", report.error);
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.name.to_string(),
                d.segment.clone().unwrap_or_default(),
                format!("{} ⟦{}⟧", d.message, &text[d.range.as_range()]),
            )
        })
        .collect()
}

fn specs() -> Vec<(PathBuf, Spec)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/locales");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|p| {
            let spec: Spec = serde_yaml::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, spec)
        })
        .collect()
}

#[test]
fn correct_text_is_quiet_and_each_breakage_is_flagged() {
    let mut problems = Vec::new();
    let all = specs();
    assert!(all.len() >= 15, "expected the synthetic locales");
    for (path, spec) in &all {
        let targets: Vec<&str> = spec.segments.iter().map(|p| p.target.as_str()).collect();
        let quiet = findings(path, &article(spec, &targets));
        for (rule, seg, msg) in &quiet {
            problems.push(format!(
                "{}: correct text flagged by {rule} [{seg}]: {msg}",
                spec.locale
            ));
        }
        for b in &spec.broken {
            assert!(
                (1..=targets.len()).contains(&b.segment),
                "{}: no segment {}",
                spec.locale,
                b.segment
            );
            if loclint::rules::find(&b.rule).is_none() {
                problems.push(format!("{}: no rule {}", spec.locale, b.rule));
                continue;
            }
            let mut broken = targets.clone();
            broken[b.segment - 1] = &b.target;
            let found = findings(path, &article(spec, &broken));
            let want = id(b.segment);
            if !found.iter().any(|(r, s, _)| *r == b.rule && *s == want) {
                problems.push(format!(
                    "{}: `{}` not flagged by {} (found: {:?})",
                    spec.locale, b.target, b.rule, found
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
