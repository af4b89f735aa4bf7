//! Locale profiles through the binary: `loclint locales`, resolution of tags without a
//! profile, and a configuration's `[profiles]` changing what the rules do.

use assert_cmd::Command;
use std::path::Path;

mod common;

fn loclint(dir: &Path, args: &[&str]) -> common::Run {
    let out = Command::cargo_bin("loclint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    common::finish(out, args)
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// A one-segment Russian article whose target ends a list introduction with a period where
/// the source has a colon: correct Russian, unless a profile says otherwise.
const RUSSIAN: &str = "---\nms.contentlocale: ru-RU\n---\n\n<span data-ttu-id=\"a1b2c-101\">Выполните следующие действия.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1b2c-101\">Do the following:</span></span>\n";

fn rules_fired(dir: &Path, file: &str) -> Vec<String> {
    let run = loclint(dir, &["check", "--format", "json", file]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("{} {}", run.stdout, run.stderr));
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lists_every_profile_and_how_a_tag_resolves() {
    let dir = repo();
    let run = loclint(dir.path(), &["locales"]);
    assert_eq!(run.code, 0);
    for tag in [
        "ar-SA",
        "el-GR",
        "he-IL",
        "hi-IN",
        "sr-Latn-RS",
        "th-TH",
        "zh-TW",
    ] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(tag)),
            "{tag} missing:\n{}",
            run.stdout
        );
    }
    let run = loclint(dir.path(), &["locales", "fr-BE"]);
    assert!(run.stdout.contains("uses fr-FR"), "{}", run.stdout);
    assert!(run.stdout.contains("space_before"), "{}", run.stdout);
    let run = loclint(dir.path(), &["locales", "--format", "json", "ka-GE"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["resolution"]["by"], "script");
    assert_eq!(v["script"], "Geor");
    assert!(v["profile"].is_null());
    let run = loclint(dir.path(), &["locales", "--format", "json", "qq"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["resolution"]["by"], "unknown");
}

#[test]
fn a_configured_profile_changes_what_rules_accept() {
    let dir = repo();
    std::fs::write(dir.path().join("a.md"), RUSSIAN).unwrap();
    // Built in: Russian may end a list introduction with a period.
    assert!(!rules_fired(dir.path(), "a.md").contains(&"ending-punctuation".to_string()));
    // A team whose style guide keeps the colon says so in its profile.
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[profiles.ru-RU]\npunctuation.list_intro = [\"colon\"]\n",
    )
    .unwrap();
    assert!(rules_fired(dir.path(), "a.md").contains(&"ending-punctuation".to_string()));
    // The same from a profile file, which may also turn a rule off for the locale.
    std::fs::write(
        dir.path().join("ru.yaml"),
        "punctuation:\n  list_intro: [colon]\nrules:\n  ending-punctuation: { severity: info, reason: a test }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[profiles]\nru-RU = \"ru.yaml\"\n",
    )
    .unwrap();
    let run = loclint(dir.path(), &["check", "--format", "json", "a.md"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<_> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "ending-punctuation")
        .map(|d| d["severity"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, ["info"]);
    // `loclint locales` shows the merged profile.
    let run = loclint(dir.path(), &["locales", "ru-RU"]);
    assert!(run.stdout.contains("a test"), "{}", run.stdout);
}

#[test]
fn a_new_locale_extends_a_profile() {
    let dir = repo();
    let text = RUSSIAN.replace("ru-RU", "ru-XK");
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[profiles.ru-XK]\nextends = \"ru-RU\"\nname = \"Russian (test)\"\npunctuation.list_intro = [\"colon\"]\n",
    )
    .unwrap();
    assert!(rules_fired(dir.path(), "a.md").contains(&"ending-punctuation".to_string()));
    let run = loclint(dir.path(), &["locales", "ru-XK"]);
    assert!(
        run.stdout.contains("has a profile of its own"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_profile_is_a_configuration_error() {
    let dir = repo();
    std::fs::write(dir.path().join("a.md"), RUSSIAN).unwrap();
    // Checks a.md under this configuration: exit code 2, and what was said.
    let refused = |config: &str| -> String {
        std::fs::write(dir.path().join("loclint.toml"), config).unwrap();
        let run = loclint(dir.path(), &["check", "a.md"]);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, 2, "{said}");
        said
    };
    let said = refused("[profiles.ru-RU]\npunctuation.colour = \"red\"\n");
    assert!(
        said.contains("loclint.toml") && said.contains("colour"),
        "{said}"
    );
    let said = refused("[profiles.xx-YY]\nname = \"no script\"\n");
    assert!(
        said.to_lowercase().contains("xx-yy") && said.contains("script"),
        "{said}"
    );
    // A list of characters given a longer string says which key and which entry.
    let said = refused("[profiles.ru-RU]\ngrammar.word_marks = [\"'\", \"ab\"]\n");
    assert!(
        said.contains("grammar.word_marks") && said.contains("`ab` is not one character"),
        "{said}"
    );
}
