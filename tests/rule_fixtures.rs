//! Every rule has `tests/fixtures/<rule>/fire.md` (it must report there) and `pass.md`
//! (it must stay silent there); what it reports on `fire.md` is snapshotted.

use loclint::engine::{Selector, Settings, check_source};
use loclint::output::Positions;
use loclint::rules;
use std::fmt::Write;
use std::path::{Path, PathBuf};

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

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_the_clean_one() {
    let mut missing = Vec::new();
    for rule in rules::ALL {
        let name = rule.meta().name;
        let dir = fixture_dir(name);
        let (fire, pass) = (dir.join("fire.md"), dir.join("pass.md"));
        if !fire.exists() || !pass.exists() {
            missing.push(name);
            continue;
        }
        let (fired, snapshot) = render(name, &fire);
        assert!(fired > 0, "{name} reported nothing on {}", fire.display());
        let (passed, findings) = render(name, &pass);
        assert_eq!(
            passed, 0,
            "{name} reported on its clean fixture:\n{findings}"
        );
        insta::with_settings!({ snapshot_path => dir.clone(), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, snapshot);
        });
    }
    assert!(
        missing.is_empty(),
        "rules without fire.md/pass.md fixtures: {missing:?}"
    );
}
