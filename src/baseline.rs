//! Baselines: `--write-baseline FILE` records the current findings, `--baseline FILE`
//! reports only findings that are not in it. A finding is keyed by its path (relative to
//! the baseline file's folder), rule, segment ID, a hash of the text at its range and its
//! message — not by line numbers, so edits elsewhere in a file do not turn recorded
//! findings into new ones.

use crate::diagnostic::Diagnostic;
use crate::engine::FileReport;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub segment: Option<String>,
    /// Hash of the text at the finding's range (hex).
    pub text: String,
    /// The message: two findings of one rule at one place (a front matter missing two
    /// keys) differ only in it.
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

fn text_hash(text: &str) -> String {
    // FNV-1a: stable across platforms and releases, unlike std's hasher.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text
        .split_whitespace()
        .flat_map(|w| w.bytes().chain([b' ']))
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// The path a baseline records: relative to the baseline file's folder, so the same file
/// matches however the command line spells it (`docs/a.md`, `./docs/a.md`, an absolute path).
fn key_path(path: &Path, base: &Path) -> String {
    let relative = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.strip_prefix(base).ok().map(Path::to_path_buf));
    match relative {
        Some(p) => p.to_string_lossy().replace('\\', "/"),
        None => crate::output::display(path),
    }
}

/// The folder a baseline file's paths are relative to.
pub fn base_dir(baseline: &Path) -> std::path::PathBuf {
    let dir = baseline
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The entries of one file's findings (`text`: the file's text, which the hashes read).
pub fn entries(path: &Path, text: &str, diagnostics: &[Diagnostic], base: &Path) -> Vec<Entry> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let path = key_path(path, base);
    diagnostics
        .iter()
        .map(|d| Entry {
            path: path.clone(),
            rule: d.rule.name.to_string(),
            segment: d.segment.clone(),
            text: text_hash(text.get(d.range.as_range()).unwrap_or("")),
            message: d.message.clone(),
        })
        .collect()
}

/// Writes a baseline file with these entries; returns how many there are.
pub fn write_entries(path: &Path, mut findings: Vec<Entry>) -> std::io::Result<usize> {
    findings.sort();
    let count = findings.len();
    let doc = BaselineFile {
        version: 1,
        findings,
    };
    let json = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)? + "\n";
    crate::fix::write_new(path, json.as_bytes())?;
    Ok(count)
}

pub fn write(path: &Path, reports: &[FileReport]) -> std::io::Result<usize> {
    let base = base_dir(path);
    let findings = reports
        .iter()
        .flat_map(|r| entries(&r.path, &r.source, &r.diagnostics, &base))
        .collect();
    write_entries(path, findings)
}

/// A loaded baseline: what it records, each entry good for one finding.
pub struct Baseline {
    base: std::path::PathBuf,
    budget: Mutex<HashMap<Entry, usize>>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a loclint baseline: {e}", path.display()))?;
        if doc.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported",
                path.display(),
                doc.version
            ));
        }
        let mut budget: HashMap<Entry, usize> = HashMap::new();
        for e in doc.findings {
            *budget.entry(e).or_default() += 1;
        }
        Ok(Baseline {
            base: base_dir(path),
            budget: Mutex::new(budget),
        })
    }

    /// Removes the findings of one file that the baseline records; returns how many.
    pub fn retain(&self, path: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> usize {
        if diagnostics.is_empty() {
            return 0;
        }
        let keys = entries(path, text, diagnostics, &self.base);
        let mut budget = self.budget.lock().expect("baseline budget");
        let mut removed = 0;
        let mut keep = keys.iter().map(|k| match budget.get_mut(k) {
            Some(n) if *n > 0 => {
                *n -= 1;
                removed += 1;
                false
            }
            _ => true,
        });
        diagnostics.retain(|_| keep.next().unwrap_or(true));
        removed
    }
}

/// Removes the findings the baseline records (each entry matches one finding); returns
/// how many were removed.
pub fn filter(path: &Path, reports: &mut [FileReport]) -> Result<usize, String> {
    let baseline = Baseline::load(path)?;
    Ok(reports
        .iter_mut()
        .map(|r| baseline.retain(&r.path, &r.source, &mut r.diagnostics))
        .sum())
}
