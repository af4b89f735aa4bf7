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
