//! `--stdin`/`--stdin-filename` and `--changed-since` with the real binary; the
//! `--changed-since` tests build throwaway git repositories with the real `git`.

mod common;
use assert_cmd::Command;
use common::Run;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs loclint in `dir` with `stdin` as standard input; git sees no user configuration.
fn loclint(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut cmd = Command::cargo_bin("loclint").expect("loclint binary");
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .write_stdin(stdin.to_vec());
    common::finish(cmd.output().expect("run loclint"), args)
}

fn diagnostics(doc: &Value) -> &Vec<Value> {
    doc["diagnostics"].as_array().expect("diagnostics array")
}

fn rules_of(doc: &Value) -> Vec<&str> {
    diagnostics(doc)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// A ko-KR document (locale from the front matter) whose only finding is one
/// `term-not-preferred` (장치 for "device") in the heading.
fn ko_doc(id: &str) -> String {
    format!(
        "---\ntitle: 장치 설정\nms.contentlocale: ko-KR\nms.locfileid: \"{id}\"\n---\n\
         # <span data-ttu-id=\"a1b2-101\">장치 설정</span><span class=\"sxs-lookup\">\
         <span data-stu-id=\"a1b2-101\">Device settings</span></span>\n"
    )
}

/// The same heading without front matter: the locale must come from the path.
const HEADING: &str = "# <span data-ttu-id=\"a1b2-101\">장치 설정</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1b2-101\">Device settings</span></span>\n";

// ---------------------------------------------------------------------------------------
// --stdin

#[test]
fn stdin_reports_exactly_what_checking_the_file_reports() {
    let seed = "examples/device-writeback.ko-KR.md";
    let bytes = std::fs::read(root().join(seed)).unwrap();
    let from_file = loclint(&root(), &["check", "--format", "json", seed], b"");
    let from_stdin = loclint(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            seed,
        ],
        &bytes,
    );
    assert_eq!(from_file.code, 1, "{}", from_file.stderr);
    assert_eq!(from_stdin.code, 1, "{}", from_stdin.stderr);
    let doc = from_stdin.json();
    assert!(rules_of(&doc).contains(&"empty-link-text"));
    assert_eq!(doc, from_file.json());
}

#[test]
fn stdin_filename_decides_the_locale_and_names_the_report() {
    // The file on disk at that path is not read: only standard input is checked.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/ko-KR")).unwrap();
    std::fs::write(dir.path().join("docs/ko-KR/settings.md"), "clean on disk\n").unwrap();
    let run = loclint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "--stdin",
            "--stdin-filename",
            "docs/ko-KR/settings.md",
        ],
        HEADING.as_bytes(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(rules_of(&doc), ["term-not-preferred"]);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["path"], "docs/ko-KR/settings.md");
    let start = HEADING.find("장치").unwrap();
    assert_eq!(
        d["byte_range"],
        serde_json::json!([start, start + "장치".len()])
    );
    let column = HEADING[..start].chars().count() + 1;
    assert_eq!(
        d["start"],
        serde_json::json!({ "line": 1, "column": column })
    );
    assert_eq!(
        d["end"],
        serde_json::json!({ "line": 1, "column": column + 2 })
    );
    assert_eq!(d["fix"]["edits"][0]["content"], "디바이스");

    // Human output names the file too.
    let human = loclint(
        dir.path(),
        &[
            "check",
            "--stdin",
            "--stdin-filename",
            "docs/ko-KR/settings.md",
        ],
        HEADING.as_bytes(),
    );
    assert_eq!(human.code, 0, "an info finding does not fail by default");
    assert!(
        human
            .stdout
            .contains(&format!("docs/ko-KR/settings.md:1:{column}")),
        "{}",
        human.stdout
    );
}

#[test]
fn stdin_filename_picks_the_configuration() {
    // The nearest loclint.toml above PATH applies: its locale, severity and exclusions.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap(); // the configuration search stops here
    std::fs::create_dir_all(dir.path().join("docs/drafts")).unwrap();
    std::fs::write(
        dir.path().join("docs/loclint.toml"),
        "exclude = [\"drafts/**\"]\n\n[severity]\nterm-not-preferred = \"error\"\n\n[locales]\n\"guide/**\" = \"ko-KR\"\n",
    )
    .unwrap();
    let stdin_as = |path: &str| {
        loclint(
            dir.path(),
            &[
                "check",
                "--format",
                "json",
                "--stdin",
                "--stdin-filename",
                path,
            ],
            HEADING.as_bytes(),
        )
    };
    let run = stdin_as("docs/guide/a.md");
    assert_eq!(
        run.code, 1,
        "term-not-preferred is an error here: {}",
        run.stderr
    );
    let doc = run.json();
    assert_eq!(rules_of(&doc), ["term-not-preferred"]);
    assert_eq!(diagnostics(&doc)[0]["severity"], "error");
    assert_eq!(diagnostics(&doc)[0]["path"], "docs/guide/a.md");

    // Outside the [locales] pattern: no locale, no term finding.
    let run = stdin_as("docs/other/a.md");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!rules_of(&run.json()).contains(&"term-not-preferred"));

    // Excluded, as the file would be when named: nothing is checked.
    let run = stdin_as("docs/drafts/a.ko-KR.md");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["summary"]["files"], 0);
    assert_eq!(diagnostics(&doc).len(), 0);
}

#[test]
fn stdin_without_a_filename_is_named_stdin_and_has_no_locale() {
    let dir = tempfile::tempdir().unwrap();
    let run = loclint(
        dir.path(),
        &["check", "--format", "json", "--stdin"],
        HEADING.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["summary"]["files"], 1);
    assert!(
        !rules_of(&doc).contains(&"term-not-preferred"),
        "no locale, no glossary: {doc}"
    );
    for d in diagnostics(&doc) {
        assert_eq!(d["path"], "<stdin>");
    }
    // --locale still applies.
    let run = loclint(
        dir.path(),
        &["check", "--format", "json", "--stdin", "--locale", "ko-KR"],
        HEADING.as_bytes(),
    );
    let doc = run.json();
    assert_eq!(rules_of(&doc), ["term-not-preferred"]);
    assert_eq!(diagnostics(&doc)[0]["path"], "<stdin>");
}

#[test]
fn stdin_with_invalid_utf8_is_an_invalid_encoding_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = ko_doc("1").into_bytes();
    let bad = bytes.len();
    bytes.extend_from_slice(b"caf\xe9 au lait\n");
    let run = loclint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            "bad.md",
        ],
        &bytes,
    );
    assert_eq!(run.code, 1, "invalid-encoding is an error: {}", run.stderr);
    let doc = run.json();
    assert_eq!(rules_of(&doc), ["invalid-encoding"]);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["path"], "bad.md");
    assert_eq!(d["byte_range"], serde_json::json!([bad + 3, bad + 4]));
}

#[test]
fn empty_stdin_is_one_clean_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = loclint(dir.path(), &["check", "--format", "json", "--stdin"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["summary"]["files"], 1);
    assert_eq!(diagnostics(&doc).len(), 0);
}

#[test]
fn stdin_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), ko_doc("1")).unwrap();
    for args in [
        &["check", "--stdin-filename", "a.md"][..],
        &["check", "--stdin", "a.md"],
        &["check", "--stdin", "--changed-since", "HEAD"],
        &["check", "--stdin", "--stdin-filename", "a.md", "--fix"],
        &["check", "--stdin", "--diff"],
    ] {
        let run = loclint(dir.path(), args, HEADING.as_bytes());
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    }
    // --fix was refused: the file on disk is untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        ko_doc("1")
    );
}

// ---------------------------------------------------------------------------------------
// --changed-since

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git is installed");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// The set of files loclint checked: every test document has exactly one finding, so
    /// the reported paths are the checked files (and their count must be `summary.files`).
    fn checked(&self, cwd: &str, args: &[&str]) -> BTreeSet<String> {
        let mut all = vec!["check", "--format", "json", "--fail-on", "info"];
        all.extend_from_slice(args);
        let run = loclint(&self.path().join(cwd), &all, b"");
        assert!(run.code <= 1, "{args:?}: exit {}: {}", run.code, run.stderr);
        let doc = run.json();
        let paths: Vec<String> = diagnostics(&doc)
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        let set: BTreeSet<String> = paths.iter().cloned().collect();
        assert_eq!(set.len(), paths.len(), "one finding per file: {doc}");
        assert_eq!(doc["summary"]["files"], set.len(), "{doc}");
        set
    }
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

/// A repository with a base commit, then every kind of change: committed since the base,
/// staged, unstaged, renamed, deleted (staged and not), untracked (with spaces and
/// non-ASCII names), ignored, hidden and non-Markdown.
fn changed_repo() -> (Repo, String) {
    let repo = Repo::new();
    repo.write(".gitignore", "ignored.md\nbuild/\n");
    for (i, name) in [
        "unchanged.md",
        "committed.md",
        "staged.md",
        "unstaged.md",
        "deleted.md",
        "deleted-staged.md",
        "renamed-old.md",
        "docs/sub/deep.md",
    ]
    .iter()
    .enumerate()
    {
        repo.write(name, &ko_doc(&format!("base{i}")));
    }
    repo.write("notes.txt", "base\n");
    let base = repo.commit("base");

    repo.write("committed.md", &ko_doc("committed"));
    repo.commit("after the base");
    repo.write("staged.md", &ko_doc("staged"));
    repo.git(&["add", "staged.md"]);
    repo.write("unstaged.md", &ko_doc("unstaged"));
    std::fs::remove_file(repo.path().join("deleted.md")).unwrap();
    repo.git(&["rm", "-q", "deleted-staged.md"]);
    repo.git(&["mv", "renamed-old.md", "renamed new.md"]);
    repo.write("notes.txt", "changed\n");
    repo.write("with space.md", &ko_doc("space"));
    repo.write("한국어 문서.md", &ko_doc("hangul"));
    repo.write("docs/sub/새 파일.md", &ko_doc("new-in-docs"));
    repo.write("untracked.markdown", &ko_doc("markdown"));
    repo.write("untracked.txt", "not markdown\n");
    repo.write("ignored.md", &ko_doc("ignored"));
    repo.write("build/out.md", &ko_doc("build"));
    repo.write(".hidden/h.md", &ko_doc("hidden"));
    (repo, base)
}

#[test]
fn changed_since_checks_exactly_the_changed_markdown_files() {
    let (repo, base) = changed_repo();
    // Without the flag everything (not ignored, not hidden) is checked.
    assert_eq!(
        repo.checked(".", &[]),
        set(&[
            "committed.md",
            "docs/sub/deep.md",
            "docs/sub/새 파일.md",
            "renamed new.md",
            "staged.md",
            "unchanged.md",
            "unstaged.md",
            "untracked.markdown",
            "with space.md",
            "한국어 문서.md",
        ])
    );
    assert_eq!(
        repo.checked(".", &["--changed-since", &base]),
        set(&[
            "committed.md",
            "docs/sub/새 파일.md",
            "renamed new.md",
            "staged.md",
            "unstaged.md",
            "untracked.markdown",
            "with space.md",
            "한국어 문서.md",
        ])
    );
    // A symbolic revision works the same; HEAD has only the uncommitted changes.
    repo.git(&["tag", "base", &base]);
    assert_eq!(
        repo.checked(".", &["--changed-since", "base"]).len(),
        8,
        "tag"
    );
    assert_eq!(
        repo.checked(".", &["--changed-since", "HEAD"]),
        set(&[
            "docs/sub/새 파일.md",
            "renamed new.md",
            "staged.md",
            "unstaged.md",
            "untracked.markdown",
            "with space.md",
            "한국어 문서.md",
        ])
    );
}

#[test]
fn changed_since_intersects_with_the_given_paths() {
    let (repo, base) = changed_repo();
    assert_eq!(
        repo.checked(".", &["--changed-since", &base, "docs"]),
        set(&["docs/sub/새 파일.md"])
    );
    assert_eq!(
        repo.checked(
            ".",
            &[
                "--changed-since",
                &base,
                "with space.md",
                "unchanged.md",
                "docs/sub/deep.md",
                "한국어 문서.md",
            ]
        ),
        set(&["with space.md", "한국어 문서.md"])
    );
    // From a subfolder, `.` is that folder and paths are reported relative to it; git
    // still runs from the repository root.
    assert_eq!(
        repo.checked("docs", &["--changed-since", &base]),
        set(&["sub/새 파일.md"])
    );
    assert_eq!(
        repo.checked("docs/sub", &["--changed-since", &base, "../.."]),
        repo.checked(".", &["--changed-since", &base])
            .iter()
            .map(|p| format!("../../{p}"))
            .collect::<BTreeSet<_>>()
    );
    // A path that does not exist is still an error (exit 2), the rest is checked.
    let run = loclint(
        repo.path(),
        &[
            "check",
            "--format",
            "json",
            "--changed-since",
            &base,
            "gone.md",
            "staged.md",
        ],
        b"",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("gone.md"), "{}", run.stderr);
    assert_eq!(diagnostics(&run.json())[0]["path"], "staged.md");
}

#[test]
fn changed_since_with_nothing_changed_checks_nothing() {
    let repo = Repo::new();
    repo.write("a.md", &ko_doc("a"));
    repo.commit("one");
    assert_eq!(repo.checked(".", &["--changed-since", "HEAD"]), set(&[]));
    let run = loclint(repo.path(), &["check", "--changed-since", "HEAD"], b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn changed_since_errors_carry_gits_message() {
    let repo = Repo::new();
    repo.write("a.md", &ko_doc("a"));
    repo.commit("one");
    let run = loclint(repo.path(), &["check", "--changed-since", "nope"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: --changed-since nope: fatal: bad revision 'nope'"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing is checked");

    // An option in disguise is refused before git sees it.
    let run = loclint(
        repo.path(),
        &["check", "--changed-since=--output=pwned", "a.md"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a git revision"), "{}", run.stderr);
    assert!(!repo.path().join("pwned").exists());

    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("a.md"), ko_doc("a")).unwrap();
    let run = loclint(plain.path(), &["check", "--changed-since", "HEAD"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("fatal: not a git repository"),
        "{}",
        run.stderr
    );
}
