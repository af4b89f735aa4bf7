//! Every rule has `tests/fixtures/<rule>/fire.md` (it must report there) and `pass.md`
//! (it must stay silent there); what it reports on each `fire*.md` is snapshotted.

use loclint::engine::{Selector, Settings, check_source};
use loclint::rules;
use loclint::text::{LineColumn, LineIndex, TextRange};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Line and column of a range's ends (1-based, columns in Unicode scalar values).
struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
        }
    }

    fn start_end(&self, r: TextRange) -> (LineColumn, LineColumn) {
        (
            self.index.line_column(self.text, r.start()),
            self.index.line_column(self.text, r.end()),
        )
    }
}

fn fixture_dir(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule)
}

fn settings_for(rule: &'static str) -> Settings {
    Settings {
        select: Some(vec![Selector::Rule(rule)]),
        ..Settings::default()
    }
}

/// Findings of one rule on one file, one block per finding, with the text at each range.
fn render(rule: &'static str, path: &Path) -> (usize, String) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let settings = settings_for(rule);
    let report = check_source(path, &bytes, &settings.enabled_rules(), &settings);
    let pos = Positions::new(&report.source);
    let show = |r: loclint::text::TextRange| {
        let (s, e) = pos.start_end(r);
        let text = report.source.get(r.as_range()).unwrap_or("<not text>");
        format!("{}:{}-{}:{} {:?}", s.line, s.column, e.line, e.column, text)
    };
    let mut out = String::new();
    for d in &report.diagnostics {
        assert_eq!(d.rule.name, rule);
        writeln!(
            out,
            "{} [{}] {}\n  at {}",
            d.severity.as_str(),
            d.segment.as_deref().unwrap_or("-"),
            d.message,
            show(d.range)
        )
        .unwrap();
        for l in &d.labels {
            writeln!(out, "  label {}: {}", show(l.range), l.message).unwrap();
        }
        if let Some(fix) = &d.fix {
            writeln!(out, "  fix ({:?}): {}", fix.applicability, fix.message).unwrap();
            for e in &fix.edits {
                writeln!(out, "    {} -> {:?}", show(e.range), e.content).unwrap();
            }
        }
    }
    (report.diagnostics.len(), out)
}

/// Fixture files of a rule whose name starts with `prefix` (`fire`, `pass`), sorted.
fn fixtures(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.starts_with(prefix) && name.ends_with(".md")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Cross-file rules: every Markdown file below `dir` checked in one run; the findings of
/// all files, each with its path relative to `dir`.
fn render_project(rule: &'static str, dir: &Path) -> (usize, String) {
    let (files, errors) = loclint::engine::collect_files(&[dir.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let reports = loclint::engine::check_files(&files, &settings_for(rule));
    let mut out = String::new();
    let mut count = 0;
    for report in &reports {
        let rel = report
            .path
            .strip_prefix(dir)
            .unwrap_or(&report.path)
            .to_string_lossy()
            .replace('\\', "/");
        let pos = Positions::new(&report.source);
        for d in &report.diagnostics {
            assert_eq!(d.rule.name, rule);
            count += 1;
            let (s, e) = pos.start_end(d.range);
            let message = d.message.replace(&dir.to_string_lossy().to_string(), "");
            writeln!(
                out,
                "{} {rel}:{}:{}-{}:{} [{}] {}\n  at {:?}",
                d.severity.as_str(),
                s.line,
                s.column,
                e.line,
                e.column,
                d.segment.as_deref().unwrap_or("-"),
                message,
                &report.source[d.range.as_range()]
            )
            .unwrap();
        }
    }
    (count, out)
}

/// `fire/` and `pass/` folders hold a cross-file rule's fixtures (several locales of an
/// article, several files of a locale).
fn check_project_rule(name: &'static str, dir: &Path) -> bool {
    let (fire, pass) = (dir.join("fire"), dir.join("pass"));
    if !fire.is_dir() || !pass.is_dir() {
        return false;
    }
    let (fired, snapshot) = render_project(name, &fire);
    assert!(fired > 0, "{name} reported nothing in {}", fire.display());
    insta::with_settings!({ snapshot_path => dir, prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, snapshot);
    });
    let (passed, findings) = render_project(name, &pass);
    assert_eq!(
        passed,
        0,
        "{name} reported in {}:\n{findings}",
        pass.display()
    );
    true
}

/// `fire*.md` must make the rule report (each is snapshotted); `pass*.md` must not.
/// `fire-corpus.md`/`pass-corpus.md` hold cases sampled from the real corpus: the true
/// positives must keep firing and the false positives must stay silent.
#[test]
fn every_rule_fires_on_its_fixtures_and_not_on_the_clean_ones() {
    let mut missing = Vec::new();
    for rule in rules::ALL {
        let name = rule.meta().name;
        let dir = fixture_dir(name);
        if rule.needs_project() {
            if !check_project_rule(name, &dir) {
                missing.push(name);
            }
            continue;
        }
        let (fire, pass) = (fixtures(&dir, "fire"), fixtures(&dir, "pass"));
        if !fire.iter().any(|p| p.ends_with("fire.md"))
            || !pass.iter().any(|p| p.ends_with("pass.md"))
        {
            missing.push(name);
            continue;
        }
        for file in &fire {
            let (fired, snapshot) = render(name, file);
            assert!(fired > 0, "{name} reported nothing on {}", file.display());
            let stem = file.file_stem().unwrap().to_str().unwrap();
            let snapshot_name = if stem == "fire" {
                name.to_string()
            } else {
                format!("{name}-{stem}")
            };
            insta::with_settings!({ snapshot_path => dir.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!(snapshot_name, snapshot);
            });
        }
        for file in &pass {
            let (passed, findings) = render(name, file);
            assert_eq!(
                passed,
                0,
                "{name} reported on {}:\n{findings}",
                file.display()
            );
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fire.md/pass.md fixtures: {missing:?}"
    );
}
