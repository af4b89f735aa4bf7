//! Settings as a user meets them, through the binary: configuration errors reported once
//! before anything is checked, nested configurations that `extend` their parent,
//! `--show-settings`, the notice about files without a locale, "did you mean" for
//! mistyped rule names, `explain CATEGORY`, `--output-format`, a run that finds no
//! Markdown file, and help text for every flag.

mod common;
use assert_cmd::Command;
use clap::CommandFactory;
use common::Run;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn seed() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/device-writeback.ko-KR.md"),
    )
    .unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("loclint").unwrap();
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    common::finish(cmd.output().unwrap(), args)
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository (a `.git` folder) with the Korean seed at each of `files`.
fn repo(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for f in files {
        write(dir.path(), f, &seed());
    }
    dir
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// (rule, severity) of every finding in `path`.
fn findings_in(doc: &Value, path: &str) -> Vec<(String, String)> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_broken_configuration_is_one_error_up_front() {
    let files: Vec<String> = (0..40)
        .map(|i| format!("docs/part{}/a{i}.ko-KR.md", i % 4))
        .collect();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let dir = repo(&names);
    write(dir.path(), "loclint.toml", "select = [\"links\"\n");
    for format in ["human", "json", "concise"] {
        let r = run_in(dir.path(), &["check", "--format", format, "docs"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(r.stdout, "", "nothing is checked");
        assert_eq!(
            r.stderr.matches("error:").count(),
            1,
            "one error:\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("could not be checked"), "{}", r.stderr);
        // File, line and column, then the line with the offending text marked.
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(
            lines[0].starts_with("error: loclint.toml:1:18: "),
            "{}",
            r.stderr
        );
        assert_eq!(lines[2], "1 | select = [\"links\"");
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(17)));
    }
    // A broken nested configuration names itself, relative to the current folder.
    write(dir.path(), "loclint.toml", "select = [\"links\"]\n");
    write(
        dir.path(),
        "docs/part2/loclint.toml",
        "[severity]\nempty-link-text = \"loud\"\n",
    );
    let r = run_in(dir.path(), &["check", "docs"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr.matches("error:").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: docs/part2/loclint.toml:2:19: severity of `empty-link-text`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("\n  |                   ^^^^^^"),
        "{}",
        r.stderr
    );
}

#[test]
fn mistyped_names_get_a_suggestion() {
    let dir = repo(&["a.ko-KR.md"]);
    let r = run_in(dir.path(), &["check", "--select", "empty-link-txt", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `empty-link-text`?"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["check", "--ignore", "terminolgy", "."]);
    assert!(
        r.stderr.contains("did you mean `terminology`?"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["explain", "fused-links"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `links-fused`?"),
        "{}",
        r.stderr
    );
    write(dir.path(), "loclint.toml", "ignore = [\"dobule-space\"]\n");
    let r = run_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("loclint.toml:1:11:")
            && r.stderr.contains("did you mean `double-space`?"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "loclint.toml",
        "[severity]\nlinks-fuse = \"off\"\n",
    );
    let r = run_in(dir.path(), &["check", "."]);
    assert!(
        r.stderr.contains("did you mean `links-fused`?"),
        "{}",
        r.stderr
    );
    // Nothing close: no guess.
    let r = run_in(dir.path(), &["explain", "banana"]);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn nested_configurations_extend_their_parent() {
    let dir = repo(&["docs/ko/a.md", "docs/ko/drafts/b.md", "other/c.ko-KR.md"]);
    write(
        dir.path(),
        "loclint.toml",
        "ignore = [\"term-not-preferred\"]\nexclude = [\"**/drafts/**\"]\n[severity]\nempty-link-text = \"warning\"\nterm-inconsistent = \"info\"\n",
    );
    // No extend: the nested file replaces its parent.
    write(
        dir.path(),
        "docs/ko/loclint.toml",
        "locale = \"ko-KR\"\n[severity]\nterm-inconsistent = \"error\"\n",
    );
    let doc = json(&run_in(dir.path(), &["check", "--format", "json", "."]));
    let a = findings_in(&doc, "docs/ko/a.md");
    assert!(
        a.contains(&("empty-link-text".into(), "error".into())),
        "{a:?}"
    );
    assert!(a.iter().any(|f| f.0 == "term-not-preferred"), "{a:?}");
    assert!(!findings_in(&doc, "docs/ko/drafts/b.md").is_empty());

    // extend = "../../loclint.toml" and extend = true: the parent's ignore, exclude and
    // severities apply; the nearer file wins where both set something.
    for extend in ["\"../../loclint.toml\"", "true", "\"../..\""] {
        write(
            dir.path(),
            "docs/ko/loclint.toml",
            &format!(
                "extend = {extend}\nlocale = \"ko-KR\"\n[severity]\nterm-inconsistent = \"error\"\n"
            ),
        );
        let doc = json(&run_in(dir.path(), &["check", "--format", "json", "."]));
        let a = findings_in(&doc, "docs/ko/a.md");
        assert!(
            a.contains(&("empty-link-text".into(), "warning".into())),
            "{extend}: {a:?}"
        );
        assert!(
            a.contains(&("term-inconsistent".into(), "error".into())),
            "{extend}: {a:?}"
        );
        assert!(
            !a.iter().any(|f| f.0 == "term-not-preferred"),
            "{extend}: {a:?}"
        );
        assert!(
            findings_in(&doc, "docs/ko/drafts/b.md").is_empty(),
            "{extend}"
        );
        // The parent's own files are unchanged.
        let c = findings_in(&doc, "other/c.ko-KR.md");
        assert!(
            c.contains(&("term-inconsistent".into(), "info".into())),
            "{c:?}"
        );
    }

    // Mistakes in `extend`.
    write(
        dir.path(),
        "docs/ko/loclint.toml",
        "extend = \"../nope.toml\"\n",
    );
    let r = run_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: docs/ko/loclint.toml:1:10: `extend`: there is no configuration file docs/nope.toml"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "docs/ko/loclint.toml",
        "extend = \"../../loclint.toml\"\n",
    );
    write(
        dir.path(),
        "loclint.toml",
        "extend = \"docs/ko/loclint.toml\"\n",
    );
    let r = run_in(dir.path(), &["check", "."]);
    assert_eq!(r.code, 2);
    // Each of the two files starts a circle: each is named once.
    assert_eq!(
        r.stderr.matches("goes round in a circle").count(),
        2,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("docs/ko/loclint.toml → loclint.toml → docs/ko/loclint.toml"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(dir.path().join("loclint.toml")).unwrap();
    write(dir.path(), "docs/ko/loclint.toml", "extend = true\n");
    let r = run_in(dir.path(), &["check", "docs"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no folder above this one has a loclint.toml"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_settings_says_where_everything_comes_from() {
    let dir = repo(&["docs/guide.md", "docs/ko-KR/b.md"]);
    write(
        dir.path(),
        "loclint.toml",
        "ignore = [\"double-space\"]\n[severity]\nempty-link-text = \"warning\"\n",
    );
    write(
        dir.path(),
        "docs/loclint.toml",
        "extend = true\nselect = [\"links\", \"terminology\"]\nlocale = \"ja-JP\"\n[locales]\n\"guide.md\" = \"fr-BE\"\n",
    );
    // The front matter names the locale.
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/guide.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains("configuration: docs/loclint.toml\n  extends loclint.toml\n"),
        "{out}"
    );
    assert!(
        out.contains("locale: ko-KR, from the front matter"),
        "{out}"
    );
    assert!(
        out.contains("profile: ko-KR has a profile of its own."),
        "{out}"
    );
    assert!(out.contains("glossary: "), "{out}");
    let rules = run_in(dir.path(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&rules.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    let selected = rules
        .iter()
        .filter(|r| r["category"] == "links" || r["category"] == "terminology")
        .count();
    assert!(
        out.contains(&format!("rules: {selected} of {} run\n", rules.len())),
        "{out}"
    );
    assert!(
        out.contains("  empty-link-text") && out.contains("warning  [severity] in loclint.toml"),
        "{out}"
    );
    assert!(
        out.contains("not run, not selected by `select` in docs/loclint.toml: invalid-encoding"),
        "{out}"
    );
    // Without front matter: the [locales] pattern; a language fallback for the profile.
    std::fs::write(dir.path().join("docs/guide.md"), "# Guide\n").unwrap();
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/guide.md"]);
    assert!(
        r.stdout
            .contains("locale: fr-BE, from [locales] \"guide.md\" in docs/loclint.toml"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("it uses fr-FR, the profile of its language"),
        "{}",
        r.stdout
    );
    // The path; then `locale`; then --locale, which the command line gives.
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/ko-KR/b.md"]);
    assert!(
        r.stdout.contains("locale: ko-KR, from the front matter"),
        "{}",
        r.stdout
    );
    std::fs::write(dir.path().join("docs/ko-KR/b.md"), "x\n").unwrap();
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/ko-KR/b.md"]);
    assert!(
        r.stdout.contains("locale: ko-KR, from the path"),
        "{}",
        r.stdout
    );
    write(dir.path(), "docs/notes.md", "x\n");
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/notes.md"]);
    assert!(
        r.stdout
            .contains("locale: ja-JP, from `locale` in docs/loclint.toml"),
        "{}",
        r.stdout
    );
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--locale",
            "zh-TW",
            "--ignore",
            "links",
            "--show-settings",
            "docs/notes.md",
        ],
    );
    assert!(
        r.stdout.contains("locale: zh-TW, from --locale"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("not run, ignored by --ignore links: link-url-mismatch"),
        "{}",
        r.stdout
    );
    // No locale at all.
    std::fs::remove_file(dir.path().join("docs/loclint.toml")).unwrap();
    let r = run_in(dir.path(), &["check", "--show-settings", "docs/notes.md"]);
    assert!(
        r.stdout.contains("locale: none: set `ms.contentlocale`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "not run, ignored by `ignore = [\"double-space\"]` in loclint.toml: double-space"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn files_without_a_locale_get_one_notice() {
    let dir = repo(&["ko-KR/a.md"]);
    let no_locale = seed().replace("ms.contentlocale: ko-KR\n", "");
    assert_ne!(no_locale, seed());
    for i in 0..3 {
        write(dir.path(), &format!("notes/n{i}.md"), &no_locale);
    }
    let r = run_in(dir.path(), &["check", "--format", "json", "."]);
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", r.stderr);
    assert!(
        notes[0].starts_with("note: 3 files have (the first: notes/n0.md) no known locale"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("--locale"), "{}", notes[0]);
    // One file; none once the locale is given; none with --quiet.
    let r = run_in(dir.path(), &["check", "notes/n1.md"]);
    assert!(
        r.stderr.contains("note: notes/n1.md has no known locale"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["check", "--locale", "ko-KR", "notes"]);
    assert!(!r.stderr.contains("no known locale"), "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "--quiet", "notes"]);
    assert!(!r.stderr.contains("no known locale"), "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "ko-KR"]);
    assert!(!r.stderr.contains("no known locale"), "{}", r.stderr);
}

#[test]
fn a_run_without_markdown_files_says_so() {
    let dir = repo(&[]);
    write(dir.path(), "docs/readme.txt", "x");
    let r = run_in(dir.path(), &["check", "docs"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("no Markdown files in docs"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["check", "--format", "json", "docs"]);
    assert_eq!(json(&r)["summary"]["files"], 0);
    assert!(
        r.stderr.contains("no Markdown files in docs"),
        "{}",
        r.stderr
    );
}

#[test]
fn explain_a_category_lists_its_rules() {
    let dir = repo(&[]);
    let r = run_in(dir.path(), &["explain", "links"]);
    assert_eq!(r.code, 0);
    let rules = run_in(dir.path(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&rules.stdout).unwrap();
    let links: Vec<&Value> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["category"] == "links")
        .collect();
    assert!(links.len() >= 5);
    for rule in links {
        let line = r
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == rule["name"].as_str())
            .unwrap_or_else(|| panic!("{} not listed:\n{}", rule["name"], r.stdout));
        assert!(line.ends_with(rule["summary"].as_str().unwrap()), "{line}");
    }
}

#[test]
fn output_format_is_an_alias_of_format() {
    let dir = repo(&["a.ko-KR.md"]);
    let a = run_in(dir.path(), &["check", "--output-format", "concise", "."]);
    let b = run_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, b.code);
    assert!(a.stdout.starts_with("a.ko-KR.md:"), "{}", a.stdout);
}

/// Every subcommand, argument and choice has a help text.
fn check_help(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    if cmd.get_about().is_none() && !path.is_empty() {
        missing.push(format!("{path}: no about"));
    }
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if matches!(id, "help" | "version") {
            continue;
        }
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            missing.push(format!("{path} --{id}"));
        }
        if !arg.get_action().takes_values() {
            continue;
        }
        for value in arg.get_possible_values() {
            if value.get_help().is_none() {
                missing.push(format!("{path} --{id} {}", value.get_name()));
            }
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            check_help(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
}

#[test]
fn every_flag_has_help() {
    let cmd = loclint::cli::Cli::command();
    let mut missing = Vec::new();
    check_help(&cmd, "", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:#?}");
}
