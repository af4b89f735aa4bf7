//! The front matter fast path must give exactly what serde_yaml gives, on every corpus file.

use loclint::document::{Document, simple_yaml};
use std::path::Path;

#[test]
fn fast_path_agrees_with_serde_yaml_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.exists() {
        eprintln!("SKIPPED: corpus not found at {}", root.display());
        return;
    }
    let (mut fast, mut total) = (0, 0);
    for entry in ignore::WalkBuilder::new(&root).build().flatten() {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let doc = Document::parse(text);
        let Some(fm) = &doc.front_matter else {
            continue;
        };
        let yaml = fm.yaml_range.slice(text);
        total += 1;
        if let Some(mapping) = simple_yaml::parse(yaml) {
            fast += 1;
            let slow: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap_or_else(|e| {
                panic!(
                    "{}: fast path accepted YAML serde_yaml rejects: {e}",
                    entry.path().display()
                )
            });
            let serde_yaml::Value::Mapping(slow) = slow else {
                panic!("{}: not a mapping", entry.path().display());
            };
            assert_eq!(mapping, slow.into(), "{}", entry.path().display());
        }
    }
    assert!(total > 5000, "only {total} front matters found");
    eprintln!("fast path took {fast} of {total} front matters");
}
