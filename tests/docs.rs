//! Generated documentation stays in step with the code.

#[test]
fn rule_docs_are_generated_from_the_doc_comments() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = loclint::cli::rules_markdown();
    assert!(
        committed == generated,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    for rule in loclint::rules::ALL {
        assert!(generated.contains(&format!("### {}\n", rule.meta().name)));
    }
}

/// A rule whose code reads the locale profile says how in its `locale` note (what `explain`
/// prints under "Locale"), and every profile key the note names exists in the profile
/// schema (rules/locales/README.md), so the note cannot drift from the data.
#[test]
fn rules_that_read_the_profile_say_how() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = std::fs::read_to_string(root.join("rules/locales/README.md")).unwrap();
    let scripts = std::fs::read_to_string(root.join("rules/locales/scripts.yaml")).unwrap();
    let declared_key = |key: &str| {
        let last = key.rsplit('.').next().unwrap();
        let as_key = format!("{last}:");
        schema.lines().any(|l| l.trim_start().starts_with(&as_key))
            || scripts.contains(&format!(" {as_key}"))
    };
    let mut problems = Vec::new();
    for rule in loclint::rules::ALL {
        let meta = rule.meta();
        let file = root
            .join("src/rules")
            .join(format!("{}.rs", meta.name.replace('-', "_")));
        let code = std::fs::read_to_string(&file).unwrap();
        let reads_profile = code.contains("ctx.profile") || code.contains("locale::source()");
        match meta.locale {
            None if reads_profile => problems.push(format!(
                "{} reads the locale profile but declares no `locale:` note",
                meta.name
            )),
            Some(note) => {
                for key in note.split('`').skip(1).step_by(2) {
                    let is_key = key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
                    if is_key && !declared_key(key) {
                        problems.push(format!("{}: `{key}` is not a profile key", meta.name));
                    }
                }
            }
            None => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
