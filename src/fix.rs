//! Applying fixes: safe ones with `--fix`, the rest too with `--unsafe-fixes`, shown as a
//! unified diff with `--diff`. Files are written atomically (a temporary file in the same
//! folder, renamed over the original, permissions kept); edits replace byte ranges, so a
//! BOM, line endings and every byte outside the edits stay as they were.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::Document;
use crate::engine::{Checked, Settings, check_bytes};
use crate::rule::Rule;
use crate::text::TextRange;
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

/// The English source of every segment: the `sxs-lookup` wrapper with the source span in
/// it (or the source span alone when it has no wrapper), sorted, overlapping ones merged.
fn source_spans(doc: &Document<'_>) -> Vec<TextRange> {
    let mut spans: Vec<TextRange> = doc
        .segments
        .iter()
        .flat_map(|seg| {
            let source = seg.source.as_ref().map(|s| TextRange {
                start: s.open_tag.start,
                end: s.close_tag.map_or(s.content.end, |c| c.end),
            });
            seg.lookup.into_iter().chain(source)
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<TextRange> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Whether an edit changes text inside one of the disjoint sorted `spans` (an insertion at
/// a span's edge is outside it).
fn touches_any(edit: TextRange, spans: &[TextRange]) -> bool {
    // The last span starting before the edit's end (before its point, for an insertion)
    // is the only one that can reach into it.
    let before = spans.partition_point(|s| s.start < edit.end);
    let Some(span) = before.checked_sub(1).map(|i| spans[i]) else {
        return false;
    };
    if edit.is_empty() {
        edit.start < span.end
    } else {
        edit.start < span.end && span.start < edit.end
    }
}

/// Drops every fix with an edit inside the English source of a segment: a fix never touches
/// the source span, whichever rule offers it (the finding itself stays).
pub fn drop_fixes_in_source(doc: &Document<'_>, diagnostics: &mut [Diagnostic]) {
    if !diagnostics.iter().any(|d| d.fix.is_some()) {
        return;
    }
    let spans = source_spans(doc);
    for d in diagnostics.iter_mut() {
        if d.fix
            .as_ref()
            .is_some_and(|f| f.edits.iter().any(|e| touches_any(e.range, &spans)))
        {
            d.fix = None;
        }
    }
}

/// Applies the allowed fixes that do not overlap one another (a fix's edits go together or
/// not at all); returns the new text and how many fixes were applied.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<&crate::diagnostic::Fix> = diagnostics
        .iter()
        .filter(|d| allowed(d, unsafe_fixes))
        .filter_map(|d| d.fix.as_deref())
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

/// The text after fixing until nothing more can be fixed, the number of fixes applied, and
/// the check of that text (what is left to report). Fixes that keep finding more to fix
/// (two rules undoing each other, a fix that does not remove its finding) are an error,
/// and the text is left as it was.
pub fn fix_text(
    path: &Path,
    text: &str,
    rules: &[&'static dyn Rule],
    settings: &Settings,
    unsafe_fixes: bool,
) -> Result<(String, usize, Checked), String> {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..MAX_ROUNDS {
        let checked = check_bytes(path, current.as_bytes(), rules, settings)?;
        let (next, applied) = apply(&current, &checked.diagnostics, unsafe_fixes);
        if applied == 0 {
            return Ok((current, total, checked));
        }
        total += applied;
        current = next;
    }
    Err(format!(
        "the fixes did not settle after {MAX_ROUNDS} rounds ({total} applied); the file was left unchanged"
    ))
}

/// Whether a finding has a fix `--fix` applies (`--unsafe-fixes`: any fix).
pub fn is_fixable(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    allowed(d, unsafe_fixes)
}

/// Why fixes were not written to a file.
fn refused(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, why.to_string())
}

/// Whether the permission bits let this process write the file. A file without any write
/// bit is read-only for everyone, root included: fixes are findings a person asked to
/// apply, not a reason to override a file's protection.
fn may_write(path: &Path, meta: &std::fs::Metadata) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o222 == 0 {
        return false;
    }
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; faccessat only reads it.
    unsafe {
        libc::faccessat(
            libc::AT_FDCWD,
            c_path.as_ptr(),
            libc::W_OK,
            libc::AT_EACCESS,
        ) == 0
    }
}

/// Writes fixed text to a file: through a symbolic link to the file it names, in place when
/// the file has other hard links (so every name sees the fix) or when its owner could not be
/// kept otherwise, else atomically (an unnamed temporary file in the same folder, given the
/// file's owner, group and permissions, then renamed over it). A read-only file, or one this
/// process may not write, is refused and left as it is.
pub fn write_fixed(path: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(refused("not a regular file"));
    }
    if !may_write(&target, &meta) {
        return Err(refused("the file is read-only; it was left unchanged"));
    }
    if meta.nlink() > 1 {
        return write_in_place(&target, content);
    }
    replace(&target, content, Some(&meta))
}

/// Overwrites a file's content in its own inode (its links, owner and permissions stay).
fn write_in_place(target: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(target)?;
    file.write_all(content)?;
    file.set_len(content.len() as u64)?;
    file.sync_all()
}

/// A temporary file in `dir` that has no name until it is linked: a run killed while it is
/// written leaves nothing behind. None where the file system cannot make one.
fn unnamed_file(dir: &Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
        .ok()
}

/// Gives an unnamed file the name `name` (which must not exist).
fn link_unnamed(file: &std::fs::File, name: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let proc_path = format!("/proc/self/fd/{}\0", file.as_raw_fd());
    let c_name = std::ffi::CString::new(name.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings.
    let linked = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            proc_path.as_ptr().cast(),
            libc::AT_FDCWD,
            c_name.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if linked == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Replaces (or creates) `target` atomically with `content`; `meta`: the file it replaces,
/// whose owner, group and permissions the new content keeps.
fn replace(target: &Path, content: &[u8], meta: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let keep = |file: &std::fs::File| -> std::io::Result<bool> {
        let Some(meta) = meta else { return Ok(true) };
        let mine = file.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return Ok(false);
        }
        file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))?;
        Ok(true)
    };
    if let Some(mut file) = unnamed_file(dir) {
        file.write_all(content)?;
        if !keep(&file)? {
            // The owner could not be given to a new file: keep the file's own inode.
            return write_in_place(target, content);
        }
        file.sync_all()?;
        if meta.is_none() && link_unnamed(&file, target).is_ok() {
            return Ok(());
        }
        // A name for the moment between linking and renaming over the file.
        for attempt in 0..16u32 {
            let name = dir.join(format!(
                ".loclint-{}-{}-{attempt}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.subsec_nanos())
            ));
            match link_unnamed(&file, &name) {
                Ok(()) => {
                    return std::fs::rename(&name, target).inspect_err(|_| {
                        let _ = std::fs::remove_file(&name);
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // No /proc (or no linking here): the named temporary file below.
                Err(_) => break,
            }
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".loclint-")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    if !keep(tmp.as_file())? {
        drop(tmp);
        return write_in_place(target, content);
    }
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces the file's content atomically, keeping its owner, group and permissions (through
/// a symbolic link, to the file it names).
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    replace(&target, content, Some(&meta))
}

/// Writes a new file (or replaces one) atomically.
pub fn write_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return write_atomically(path, content);
    }
    replace(path, content, None)
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
