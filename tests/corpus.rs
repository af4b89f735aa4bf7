//! The real binary over the real corpus (`../shared/corpus/{ko-KR,zh-TW}`):
//! it must finish without trouble, report every file, and give sane byte ranges.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

const LOCALES: [&str; 2] = ["ko-KR", "zh-TW"];

/// Every `*.md` file below `dir`, with its length in bytes.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let entry = entry.unwrap();
        let path = entry.path();
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            walk(&path, out);
        } else if ty.is_file() && path.extension().is_some_and(|e| e == "md") {
            out.push((path, entry.metadata().unwrap().len()));
        }
    }
}

#[test]
fn corpus_runs_clean_through_the_binary() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("SKIPPED: corpus not found at {}", corpus.display());
        return;
    }
    let dirs: Vec<PathBuf> = LOCALES.iter().map(|l| corpus.join(l)).collect();
    let mut files = Vec::new();
    for d in &dirs {
        walk(d, &mut files);
    }
    assert!(files.len() > 100, "suspiciously few files: {}", files.len());
    // JSON paths are the paths as walked from the arguments given, so compare them as strings.
    let lengths: HashMap<String, u64> = files
        .iter()
        .map(|(p, n)| (p.to_string_lossy().into_owned(), *n))
        .collect();

    let started = Instant::now();
    let out = Command::cargo_bin("loclint")
        .expect("loclint binary")
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(&dirs)
        .output()
        .expect("run loclint");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    let code = out.status.code().expect("exited, not killed by a signal");
    assert!(code == 0 || code == 1, "exit code {code}:\n{stderr}");

    let doc: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"]["files"],
        files.len() as u64,
        "summary.files vs *.md files found"
    );
    let file_errors = doc["file_errors"].as_array().map_or(0, Vec::len);
    assert_eq!(file_errors, 0, "file_errors: {}", doc["file_errors"]);

    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    let mut by_severity: HashMap<&str, u64> = HashMap::new();
    for d in diags {
        let path = d["path"].as_str().expect("path");
        let len = *lengths
            .get(path)
            .unwrap_or_else(|| panic!("diagnostic for a file that is not in the corpus: {path}"));
        let r = d["byte_range"].as_array().expect("byte_range");
        let (s, e) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
        assert!(
            s <= e && e <= len,
            "byte_range {s}..{e} outside {path} ({len} bytes): {d}"
        );
        assert!(
            d["start"]["line"].as_u64().unwrap() >= 1
                && d["start"]["column"].as_u64().unwrap() >= 1
        );
        *by_severity
            .entry(d["severity"].as_str().unwrap())
            .or_default() += 1;
    }
    for (key, sev) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("infos", "info"),
    ] {
        assert_eq!(
            doc["summary"][key],
            by_severity.get(sev).copied().unwrap_or(0),
            "summary.{key}"
        );
    }
    assert_eq!(
        code == 1,
        by_severity.contains_key("error"),
        "exit code {code} vs error count"
    );
    eprintln!(
        "corpus: {} files, {} diagnostics ({:?}), exit {code}, {:.2} s",
        files.len(),
        diags.len(),
        by_severity,
        elapsed.as_secs_f64()
    );
}
