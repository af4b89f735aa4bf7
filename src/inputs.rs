//! Inputs other than files named on the command line: a document on standard input
//! (`--stdin`, for editor plugins) and the files changed since a git revision
//! (`--changed-since`, for CI and hooks).

use crate::config::Resolver;
use crate::engine::{self, FileReport, Settings};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name reported for a document read from standard input without `--stdin-filename`.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads one document from `input` and checks it as if it were the file `path`: the path
/// decides the locale and is the name the report carries. The cross-file rules compare
/// several files and are not run (one document from an editor buffer has no neighbors).
/// Invalid UTF-8 is reported by the invalid-encoding rule, like in a file; a read failure
/// or a document over [`engine::MAX_FILE_SIZE`] becomes a report with an error (exit 2).
pub fn check_reader(path: &Path, input: &mut dyn Read, settings: &Settings) -> FileReport {
    let bytes = match read_input(input) {
        Ok(bytes) => bytes,
        Err(error) => return FileReport::failed(path, error),
    };
    let mut report = engine::check_source(path, &bytes, &per_file_rules(settings), settings);
    report.facts = None;
    report
}

/// The rules that check one document on its own (not the cross-file ones).
pub fn per_file_rules(settings: &Settings) -> Vec<&'static dyn crate::rule::Rule> {
    settings
        .enabled_rules()
        .into_iter()
        .filter(|r| !r.needs_project())
        .collect()
}

/// Reads a whole document from `input`, up to [`engine::MAX_FILE_SIZE`].
pub fn read_input(input: &mut dyn Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    if let Err(e) = input
        .take(engine::MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
    {
        return Err(format!("reading standard input: {e}"));
    }
    if bytes.len() as u64 > engine::MAX_FILE_SIZE {
        return Err(format!(
            "standard input is too large to be a Markdown article (the limit is {} MiB)",
            engine::MAX_FILE_SIZE >> 20
        ));
    }
    Ok(bytes)
}

/// Checks standard input as `filename` (or [`STDIN_NAME`]) with that path's configuration;
/// nothing when the configuration excludes the path (as when the file is named).
pub fn check_stdin(filename: Option<&Path>, resolver: &Resolver) -> Option<FileReport> {
    let path = filename.unwrap_or(Path::new(STDIN_NAME));
    let settings = match resolver.settings_for(path) {
        Ok(settings) => settings,
        Err(error) => {
            return Some(FileReport::failed(path, error));
        }
    };
    if settings
        .config
        .as_ref()
        .is_some_and(|c| c.is_excluded(path))
    {
        return None;
    }
    Some(check_reader(path, &mut std::io::stdin().lock(), &settings))
}

/// The paths to check with `--changed-since REV`: of the files `loclint check PATHS` would
/// check, those changed against `REV` (committed since, staged, unstaged, or untracked and
/// not ignored; deleted files are gone and not checked). Paths that do not exist are kept so
/// that they are reported as usual. Errors (no git, not a repository, an unknown revision)
/// carry git's message.
pub fn changed_since(rev: &str, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let changed = changed_files(rev)?;
    let (candidates, errors) = engine::collect_files(paths);
    let names: HashSet<&std::ffi::OsStr> = changed.iter().filter_map(|p| p.file_name()).collect();
    let mut keep: Vec<PathBuf> = candidates
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| names.contains(n)))
        .filter(|p| {
            std::fs::canonicalize(p)
                .ok()
                .is_some_and(|abs| changed.contains(&abs))
        })
        .collect();
    // Paths that could not be read or walked: named again so they are reported as usual.
    keep.extend(
        errors
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| !p.as_os_str().is_empty()),
    );
    Ok(keep)
}

/// Every file changed against `rev` in the repository around the current directory, as
/// canonical absolute paths: `git diff` against the working tree plus untracked files.
pub fn changed_files(rev: &str) -> Result<HashSet<PathBuf>, String> {
    if rev.starts_with('-') {
        return Err(format!(
            "`{rev}` is not a git revision (it starts with `-`)"
        ));
    }
    let top = git(None, &["rev-parse", "--show-toplevel"])?;
    let top = bytes_to_path(trim_newline(&top));
    let root = std::fs::canonicalize(&top)
        .map_err(|e| format!("repository root {}: {e}", top.display()))?;
    let diff = git(
        Some(&root),
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-ext-diff",
            "--diff-filter=d",
            rev,
            "--",
        ],
    )?;
    let untracked = git(
        Some(&root),
        &["ls-files", "--others", "--exclude-standard", "-z"],
    )?;
    Ok(diff
        .split(|&b| b == 0)
        .chain(untracked.split(|&b| b == 0))
        .filter(|name| !name.is_empty())
        .map(|name| root.join(bytes_to_path(name)))
        .filter(|p| p.is_file())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect())
}

/// Runs git (in `dir`, else the current directory) and returns its standard output, or
/// its error message.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<Vec<u8>, String> {
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    // Paths as bytes, unquoted, whatever the user's configuration says.
    cmd.args(["-c", "core.quotePath=false"]).args(args);
    let out = cmd.output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
        Err(if message.is_empty() {
            format!("`git {}` failed ({})", args.join(" "), out.status)
        } else {
            message
        })
    }
}

fn trim_newline(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

#[cfg(unix)]
fn bytes_to_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// Git prints paths in UTF-8 outside Unix.
#[cfg(not(unix))]
fn bytes_to_path(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_reports_under_the_given_name_and_path_decides_the_locale() {
        let doc = "# <span data-ttu-id=\"a1b2-101\">장치 설정</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1b2-101\">Device settings</span></span>\n";
        let settings = Settings::default();
        let named = check_reader(
            Path::new("docs/guide.ko-KR.md"),
            &mut doc.as_bytes(),
            &settings,
        );
        assert_eq!(named.path, PathBuf::from("docs/guide.ko-KR.md"));
        assert!(named.error.is_none());
        assert!(
            named
                .diagnostics
                .iter()
                .any(|d| d.rule.name == "term-not-preferred")
        );
        let anonymous = check_reader(Path::new(STDIN_NAME), &mut doc.as_bytes(), &settings);
        assert!(
            !anonymous
                .diagnostics
                .iter()
                .any(|d| d.rule.name == "term-not-preferred")
        );
    }

    #[test]
    fn trims_one_line_end() {
        assert_eq!(trim_newline(b"/a b\n"), b"/a b");
        assert_eq!(trim_newline(b"/a\r\n"), b"/a");
        assert_eq!(trim_newline(b"/a"), b"/a");
    }
}
