//! Applying fixes: safe ones with `--fix`, the rest too with `--unsafe-fixes`, shown as a
//! unified diff with `--diff`. Files are written atomically (a temporary file in the same
//! folder, renamed over the original, permissions kept); edits replace byte ranges, so a
//! BOM, line endings and every byte outside the edits stay as they were.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::{Settings, check_source};
use crate::rule::Rule;
use std::io::Write;
use std::path::Path;

/// Rounds of check-and-fix per file: a fix can make another one possible, and the last
/// round must find nothing left to fix, so fixing twice changes nothing the second time.
const MAX_ROUNDS: usize = 8;

fn allowed(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe || unsafe_fixes)
}

/// Applies the allowed fixes that do not overlap one another (a fix's edits go together or
/// not at all); returns the new text and how many fixes were applied.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<&crate::diagnostic::Fix> = diagnostics
        .iter()
        .filter(|d| allowed(d, unsafe_fixes))
        .filter_map(|d| d.fix.as_ref())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.range.start).min());
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let spans: Vec<(usize, usize)> = fix
            .edits
            .iter()
            .map(|e| (e.range.start(), e.range.end()))
            .collect();
        let in_bounds = spans.iter().all(|&(s, e)| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        });
        let overlaps = spans.iter().any(|&(s, e)| {
            taken
                .iter()
                .any(|&(ts, te)| s < te && ts < e || (s == e && s == ts && e == te))
        });
        if !in_bounds || overlaps {
            continue;
        }
        taken.extend(&spans);
        edits.extend(
            fix.edits
                .iter()
                .map(|e| (e.range.start(), e.range.end(), e.content.as_str())),
        );
        applied += 1;
    }
    if applied == 0 {
        return (text.to_string(), 0);
    }
    edits.sort_by_key(|&(s, e, _)| (s, e));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (s, e, content) in edits {
        out.push_str(&text[copied..s]);
        out.push_str(content);
        copied = e;
    }
    out.push_str(&text[copied..]);
    (out, applied)
}

/// The text after fixing until nothing more can be fixed, and the number of fixes applied.
/// Fixes that keep finding more to fix (two rules undoing each other, a fix that does not
/// remove its finding) are an error, and the text is left as it was.
pub fn fix_text(
    path: &Path,
    text: &str,
    rules: &[&'static dyn Rule],
    settings: &Settings,
    unsafe_fixes: bool,
) -> Result<(String, usize), String> {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_ROUNDS {
        let report = check_source(path, current.as_bytes(), rules, settings);
        let (next, applied) = apply(&current, &report.diagnostics, unsafe_fixes);
        if applied == 0 {
            return Ok((current, total));
        }
        total += applied;
        current = next;
    }
    Err(format!(
        "the fixes did not settle after {MAX_ROUNDS} rounds ({total} applied); the file was left unchanged"
    ))
}

/// Replaces the file's content atomically, keeping its permissions.
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".loclint-")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a new file (or replaces one) atomically.
pub fn write_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return write_atomically(path, content);
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".loclint-")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff between the file's text and its fixed text.
pub fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.to_string_lossy().replace('\\', "/");
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix};
    use crate::rules;
    use crate::text::TextRange;

    fn diag(start: usize, end: usize, content: &str, applicability: Applicability) -> Diagnostic {
        let meta = rules::ALL[0].meta();
        Diagnostic::new(meta, TextRange::new(start, end), "m").with_fix(Fix {
            message: "f".into(),
            edits: vec![Edit {
                range: TextRange::new(start, end),
                content: content.into(),
            }],
            applicability,
        })
    }

    #[test]
    fn applies_safe_non_overlapping_fixes() {
        let text = "\u{feff}ab cd\r\nef";
        let d = [
            diag(3, 5, "XY", Applicability::Safe),
            diag(4, 6, "no", Applicability::Safe),
            diag(6, 8, "Z", Applicability::Unsafe),
            diag(10, 12, "GH", Applicability::Safe),
        ];
        assert_eq!(
            apply(text, &d, false),
            ("\u{feff}XY cd\r\nGH".to_string(), 2)
        );
        assert_eq!(apply(text, &d, true), ("\u{feff}XY Z\r\nGH".to_string(), 3));
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
