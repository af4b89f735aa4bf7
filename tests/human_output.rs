//! The human format fits the screen: long sxs lines are cut to a window around the
//! flagged text (`…` where they go on) and the `^` marks stand under the flagged text,
//! counting double-width characters as two columns and combining marks as none.
//!
//! Snapshots (tests/snapshots/human_output__*.snap) show long Korean, Chinese, Arabic
//! and Thai lines at 80 columns; the properties are checked against the JSON output of
//! the same run: every excerpt line fits the width, and the text above each run of `^`
//! is the finding's flagged text (its start, when it is wider than the window).

mod common;
use assert_cmd::Command;
use common::Run;
use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthChar;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in the crate root; stdout is a pipe, so the width is `COLUMNS`.
fn run(args: &[&str], columns: Option<usize>) -> Run {
    let mut cmd = Command::cargo_bin("loclint").expect("loclint binary");
    cmd.args(args).env("NO_COLOR", "1").current_dir(root());
    match columns {
        Some(c) => cmd.env("COLUMNS", c.to_string()),
        None => cmd.env_remove("COLUMNS"),
    };
    common::finish(cmd.output().expect("run loclint"), args)
}

/// Display width as a terminal counts it: wide characters 2, combining marks and
/// format characters (the LRO/PDF around right-to-left excerpts) 0.
fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The flagged text as the excerpt shows it.
fn shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if loclint::locale::script::is_invisible(c) => {
                out.push_str(&format!("<U+{:04X}>", c as u32))
            }
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap()),
            c => out.push(c),
        }
    }
    out
}

/// The part of an excerpt line (after the gutter) under columns `[a, b)`.
fn under(line: &str, a: usize, b: usize) -> String {
    let mut col: usize = 0;
    let mut out = String::new();
    for c in line.chars() {
        if matches!(c, '\u{202D}' | '\u{202C}') {
            continue;
        }
        let w = c.width().unwrap_or(0);
        // A combining mark belongs to the cell before it.
        let at = if w == 0 { col.saturating_sub(1) } else { col };
        if at >= a && at < b {
            out.push(c);
        }
        col += w;
    }
    out
}

/// Checks every finding's excerpt in `human` against the JSON findings of the same run.
fn check_excerpts(human: &str, json: &Value, columns: usize) -> usize {
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    let lines: Vec<&str> = human.lines().collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            ["error[", "warning[", "info["]
                .iter()
                .any(|p| lines[i].starts_with(p))
        })
        .collect();
    assert_eq!(starts.len(), diagnostics.len(), "one block per finding");
    let mut checked = 0;
    for (k, (&from, d)) in starts.iter().zip(diagnostics).enumerate() {
        let to = starts.get(k + 1).copied().unwrap_or(lines.len());
        let block = &lines[from..to];
        let rule = d["rule"].as_str().unwrap();
        assert!(block[0].contains(&format!("[{rule}]")), "{}", block[0]);
        // Every line of the excerpt fits the screen.
        for line in &block[1..] {
            if line.starts_with(|c: char| c == ' ' || c.is_ascii_digit()) && line.contains('│') {
                assert!(
                    width(line) <= columns,
                    "{} columns > {columns}:\n{line}",
                    width(line)
                );
            }
        }
        // The first `^` run is under the flagged text.
        let Some(caret_at) = block.iter().position(|l| {
            l.split_once("│ ")
                .is_some_and(|(g, m)| g.trim().is_empty() && m.contains('^'))
        }) else {
            panic!("no ^ line for {rule}:\n{}", block.join("\n"));
        };
        let (gutter, marks) = block[caret_at].split_once("│ ").unwrap();
        let source_line = block[caret_at - 1];
        let (source_gutter, text) = source_line.split_once("│ ").expect("source line");
        assert_eq!(width(gutter), width(source_gutter), "{source_line}");
        let a = marks.find('^').unwrap();
        let b = a + marks[a..].chars().take_while(|&c| c == '^').count();
        let path = d["path"].as_str().unwrap();
        let bytes = std::fs::read(root().join(path)).unwrap();
        let range = &d["byte_range"];
        let (s, e) = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        let file = String::from_utf8_lossy(&bytes);
        let flagged = shown(file.get(s..e).unwrap_or(""));
        let flagged = flagged.split(['\r', '\n']).next().unwrap_or("");
        let seen = under(text, a, b);
        if flagged.is_empty() {
            assert_eq!(b - a, 1, "an empty range is one ^: {source_line}");
        } else if text.trim_end_matches('\u{202C}').ends_with('…') && seen.len() < flagged.len() {
            assert!(
                flagged.starts_with(&seen) && !seen.is_empty(),
                "{rule} in {path}: {seen:?} is not the start of {flagged:?}\n{}",
                block.join("\n")
            );
        } else {
            assert_eq!(
                seen,
                flagged,
                "{rule} in {path}: the ^ are not under the flagged text\n{}",
                block.join("\n")
            );
        }
        checked += 1;
    }
    checked
}

fn check_paths(paths: &[&str], columns: usize) -> usize {
    let mut args = vec!["check", "--color", "never"];
    args.extend(paths);
    let human = run(&args, Some(columns));
    args.extend(["--format", "json"]);
    let json = run(&args, Some(columns));
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    check_excerpts(&human.stdout, &json, columns)
}

#[test]
fn seeds_fit_120_columns_with_the_marks_under_the_flagged_text() {
    let n = check_paths(&["examples/"], 120);
    assert!(n >= 20, "{n} findings");
}

#[test]
fn long_lines_fit_narrow_screens() {
    for columns in [60, 80, 100, 200] {
        let n = check_paths(&["tests/fixtures/human/"], columns);
        assert!(n >= 10, "{n} findings at {columns}");
    }
}

#[test]
fn without_a_terminal_or_columns_the_width_is_120() {
    let r = run(&["check", "--color", "never", "examples/"], None);
    let widest = r
        .stdout
        .lines()
        .filter(|l| l.contains(" │ "))
        .map(width)
        .max()
        .unwrap();
    assert!((110..=120).contains(&widest), "{widest}");
}

#[test]
fn snapshots_of_long_lines() {
    let dir = root().join("tests/fixtures/human");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let rel = file
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let r = run(&["check", "--color", "never", &rel], Some(80));
        let name = Path::new(&rel).file_stem().unwrap().to_str().unwrap();
        insta::assert_snapshot!(name.to_string(), r.stdout);
    }
}

#[test]
fn summary_says_what_is_fixable_and_by_which_flag() {
    let r = run(&["check", "examples/"], None);
    let json = run(&["check", "--format", "json", "examples/"], None);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    let count = |kind: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["fix"]["applicability"] == kind)
            .count()
    };
    let (safe, unsafe_) = (count("safe"), count("unsafe"));
    assert!(safe > 0 && unsafe_ > 0);
    let expected =
        format!("{safe} findings fixable with --fix ({unsafe_} more with --unsafe-fixes)");
    assert_eq!(
        r.stdout.lines().last(),
        Some(expected.as_str()),
        "{}",
        r.stdout
    );
}

#[test]
fn concise_is_one_line_per_finding() {
    let r = run(&["check", "--format", "concise", "examples/"], None);
    assert_eq!(r.code, 1);
    let json = run(&["check", "--format", "json", "examples/"], None);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = r.stdout.lines().collect();
    // The findings, then the human format's summary lines.
    assert_eq!(lines.len(), diagnostics.len() + 2, "{}", r.stdout);
    for (line, d) in lines.iter().zip(diagnostics) {
        let mut expected = format!(
            "{}:{}:{}: {}[{}] {}",
            d["path"].as_str().unwrap(),
            d["start"]["line"],
            d["start"]["column"],
            d["severity"].as_str().unwrap(),
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        if let Some(id) = d["segment"].as_str() {
            expected.push_str(&format!(" (segment {id})"));
        }
        assert_eq!(*line, expected);
    }
    assert!(lines[diagnostics.len()].contains(" files checked: "));
    let quiet = run(
        &["check", "--format", "concise", "--quiet", "examples/"],
        None,
    );
    assert_eq!(quiet.stdout.lines().count(), diagnostics.len());
}

#[test]
fn the_readme_shows_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```text\nerror[empty-link-text]")
        .expect("the sample in README.md")
        + "```text\n".len();
    let sample = &readme[start..start + readme[start..].find("```").unwrap()];
    let (finding, summary) = sample
        .split_once("\n…\n")
        .expect("a `…` line between the parts");
    let finding = format!("{finding}\n");
    let r = run(&["check", "--color", "never", "examples/"], Some(100));
    let at = r.stdout.find("error[empty-link-text]").unwrap();
    let block = &r.stdout[at..at + r.stdout[at..].find("\n\n").unwrap() + 1];
    assert_eq!(
        finding, block,
        "README's sample is not what loclint prints at 100 columns"
    );
    assert!(r.stdout.ends_with(summary), "{}", r.stdout);
}
