//! loclint where users run it besides the editor: as a hook of the real pre-commit framework
//! (commits in throwaway git repositories), the hook manifest and example configuration as
//! pre-commit itself validates them, and the GitHub Actions example's commands.
//!
//! The pre-commit tests need `pre-commit` on PATH (`pip install pre-commit`); without it
//! they print a SKIPPED line and pass.
//!
//! Most hooks below run the binary Cargo just built (`language: system`) with the
//! manifest's entry, types and file passing. One test runs the repository's own
//! `.pre-commit-hooks.yaml` as users get it (`language: rust`: pre-commit builds loclint
//! with `cargo install`, a few minutes; its build folder is kept under `target/` so a second
//! run reuses it).

use serde_yaml::Value as Yaml;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn has_pre_commit() -> bool {
    let found = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        // CI installs pre-commit and sets LOCLINT_REQUIRE_TOOLS: there a missing tool fails.
        assert!(
            std::env::var_os("LOCLINT_REQUIRE_TOOLS").is_none(),
            "pre-commit is required (LOCLINT_REQUIRE_TOOLS is set) but not installed"
        );
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: pre-commit not installed (pip install pre-commit)"
        );
    }
    found
}

/// A throwaway git repository with pre-commit installed as its commit hook.
struct Repo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Repo {
    /// `hook_args` are the hook's `args:` (YAML flow list items).
    fn with_local_hook(hook_args: &[&str]) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        let manifest = hook_manifest();
        let hook = &manifest[0];
        let args = hook_args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        // The manifest's hook, with the binary Cargo built in place of `loclint`.
        let config = format!(
            "repos:\n\
             \x20 - repo: local\n\
             \x20   hooks:\n\
             \x20     - id: {id}\n\
             \x20       name: {name}\n\
             \x20       entry: {entry:?}\n\
             \x20       language: system\n\
             \x20       types: [markdown]\n\
             \x20       pass_filenames: {pass}\n\
             \x20       require_serial: {serial}\n\
             \x20       args: [{args}]\n",
            id = hook["id"].as_str().unwrap(),
            name = hook["name"].as_str().unwrap(),
            entry = hook["entry"].as_str().unwrap().replacen(
                "loclint",
                &shell_quote(env!("CARGO_BIN_EXE_loclint")),
                1
            ),
            pass = hook["pass_filenames"].as_bool().unwrap(),
            serial = hook["require_serial"].as_bool().unwrap(),
        );
        repo.write(".pre-commit-config.yaml", config.as_bytes());
        repo.git(&["add", ".pre-commit-config.yaml"]);
        let out = repo.git(&["commit", "-q", "-m", "pre-commit configuration"]);
        assert!(out.status.success(), "{}", text(&out));
        let out = repo.run("pre-commit", &["install"]);
        assert!(out.status.success(), "pre-commit install: {}", text(&out));
        repo
    }

    /// A repository whose `.pre-commit-config.yaml` uses this repository's own hook
    /// manifest, at a snapshot of the working tree (pre-commit clones `repo` at `rev`).
    fn with_repository_hook() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        // A snapshot commit of the working tree, so uncommitted changes are what is tested.
        let snapshot = repo.home.path().join("loclint-snapshot");
        let copy = |args: &[&str], dir: &Path| {
            let out = repo
                .command("git")
                .current_dir(dir)
                .args(args)
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?}: {}", text(&out));
            out
        };
        copy(
            &[
                "clone",
                "-q",
                "--no-hardlinks",
                root().to_str().unwrap(),
                snapshot.to_str().unwrap(),
            ],
            &root(),
        );
        for entry in [
            "src",
            "rules",
            "Cargo.toml",
            "Cargo.lock",
            ".pre-commit-hooks.yaml",
        ] {
            let from = root().join(entry);
            let to = snapshot.join(entry);
            let out = Command::new("cp")
                .args(["-R", "-T"])
                .arg(&from)
                .arg(&to)
                .output()
                .unwrap();
            assert!(out.status.success(), "cp {entry}: {}", text(&out));
        }
        copy(&["add", "-A"], &snapshot);
        copy(
            &["commit", "-q", "--allow-empty", "-m", "snapshot"],
            &snapshot,
        );
        let rev = text(&copy(&["rev-parse", "HEAD"], &snapshot))
            .trim()
            .to_string();
        let config = format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: loclint\n",
            snapshot.display()
        );
        repo.write(".pre-commit-config.yaml", config.as_bytes());
        repo.git(&["add", ".pre-commit-config.yaml"]);
        let out = repo.git(&["commit", "-q", "-m", "pre-commit configuration"]);
        assert!(out.status.success(), "{}", text(&out));
        let out = repo.run("pre-commit", &["install"]);
        assert!(out.status.success(), "pre-commit install: {}", text(&out));
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("PRE_COMMIT_HOME", self.home.path())
            .env("PRE_COMMIT_COLOR", "never")
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE");
        cmd
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        self.command(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"))
    }

    fn git(&self, args: &[&str]) -> Output {
        self.run("git", args)
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        std::fs::write(self.path().join(path), bytes).unwrap();
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).unwrap()
    }

    fn commits(&self) -> usize {
        let out = self.git(&["rev-list", "--count", "HEAD"]);
        text(&out).trim().parse().unwrap()
    }

    /// Stages `files` and commits them with the hooks on.
    fn commit(&self, files: &[&str]) -> Output {
        let mut add = vec!["add", "--"];
        add.extend_from_slice(files);
        assert!(self.git(&add).status.success());
        self.git(&["commit", "-m", "change"])
    }
}

fn shell_quote(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Standard output and error together (git passes the hook's output on to either).
fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn hook_manifest() -> Yaml {
    let yaml = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    serde_yaml::from_str(&yaml).unwrap()
}

/// The one line of pre-commit's summary for the loclint hook (`loclint....Failed`).
fn hook_line(output: &str) -> &str {
    output
        .lines()
        .find(|l| l.starts_with("loclint."))
        .unwrap_or_else(|| panic!("no hook line in:\n{output}"))
}

fn ko_seed() -> Vec<u8> {
    std::fs::read(root().join("examples/device-writeback.ko-KR.md")).unwrap()
}

fn clean() -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/cli/clean.md")).unwrap()
}

/// A ko-KR file whose only finding is `term-not-preferred` (장치 for "device", fix: 디바이스).
const FIXABLE: &str = "---\ntitle: 장치 설정\nms.contentlocale: ko-KR\nms.locfileid: \"50255173\"\n---\n# <span data-ttu-id=\"a1b2-101\">장치 설정</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1b2-101\">Device settings</span></span>\n";

#[test]
fn hook_blocks_a_commit_with_errors() {
    if !has_pre_commit() {
        return;
    }
    let repo = Repo::with_local_hook(&[]);
    repo.write("device-writeback.ko-KR.md", &ko_seed());
    let out = repo.commit(&["device-writeback.ko-KR.md"]);
    let output = text(&out);
    assert!(!out.status.success(), "the commit went through:\n{output}");
    assert_eq!(repo.commits(), 1, "no new commit");
    assert!(hook_line(&output).ends_with("Failed"), "{output}");
    assert!(output.contains("- exit code: 1"), "{output}");
    assert!(output.contains("error[empty-link-text]"), "{output}");
    // The hook was given the staged file by name.
    assert!(
        output.contains("device-writeback.ko-KR.md:32:311"),
        "{output}"
    );
}

#[test]
fn repository_hook_builds_with_cargo_and_blocks_a_commit_with_errors() {
    if !has_pre_commit() {
        return;
    }
    let repo = Repo::with_repository_hook();
    repo.write("device-writeback.ko-KR.md", &ko_seed());
    repo.write("clean.md", &clean());
    // pre-commit builds the hook with `cargo install`; keep its build between runs.
    let build_dir = root().join("target/pre-commit-hook-build");
    let mut add = repo.command("git");
    assert!(
        add.args(["add", "--", "device-writeback.ko-KR.md", "clean.md"])
            .status()
            .unwrap()
            .success()
    );
    let out = repo
        .command("git")
        .env("CARGO_TARGET_DIR", &build_dir)
        // What is tested is that the hook builds and runs, not how fast the build runs:
        // an unoptimised build takes a third of the time of a release one.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .args(["commit", "-m", "change"])
        .output()
        .unwrap();
    let output = text(&out);
    assert!(!out.status.success(), "the commit went through:\n{output}");
    assert_eq!(repo.commits(), 1, "no new commit");
    assert!(hook_line(&output).ends_with("Failed"), "{output}");
    assert!(output.contains("error[empty-link-text]"), "{output}");
    assert!(
        output.contains("device-writeback.ko-KR.md:32:311"),
        "{output}"
    );
    assert!(
        !output.contains("clean.md:"),
        "the clean file has no finding:\n{output}"
    );
}

#[test]
fn hook_passes_a_clean_commit_and_skips_other_files() {
    if !has_pre_commit() {
        return;
    }
    let repo = Repo::with_local_hook(&[]);
    repo.write("notes.txt", b"not markdown\n");
    let out = repo.commit(&["notes.txt"]);
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    assert!(hook_line(&output).ends_with("Skipped"), "{output}");
    assert!(output.contains("(no files to check)"), "{output}");

    repo.write("clean.md", &clean());
    let out = repo.commit(&["clean.md"]);
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    assert!(hook_line(&output).ends_with("Passed"), "{output}");
    assert_eq!(repo.commits(), 3);
}

#[test]
fn hook_with_fix_fixes_the_file_and_stops_the_commit() {
    if !has_pre_commit() {
        return;
    }
    let repo = Repo::with_local_hook(&["--fix"]);
    repo.write("settings.ko-KR.md", FIXABLE.as_bytes());
    let out = repo.commit(&["settings.ko-KR.md"]);
    let output = text(&out);
    assert!(!out.status.success(), "{output}");
    assert_eq!(repo.commits(), 1, "no new commit");
    assert!(hook_line(&output).ends_with("Failed"), "{output}");
    assert!(
        output.contains("- files were modified by this hook"),
        "{output}"
    );
    // loclint exits 0 (nothing left at the failing level); pre-commit fails the hook
    // only because the file changed.
    assert!(!output.contains("- exit code:"), "{output}");
    assert!(output.contains("fixed 1 finding in 1 file"), "{output}");
    // Only the segment's 장치 is replaced (the title is not a segment).
    let heading = FIXABLE.rfind("장치 설정</span>").unwrap();
    let mut expected = FIXABLE.to_string();
    expected.replace_range(heading..heading + "장치".len(), "디바이스");
    assert_eq!(repo.read("settings.ko-KR.md"), expected);

    // Staging the fixed file lets the commit through.
    let out = repo.commit(&["settings.ko-KR.md"]);
    let output = text(&out);
    assert!(out.status.success(), "{output}");
    assert!(hook_line(&output).ends_with("Passed"), "{output}");
    assert_eq!(repo.commits(), 2);
}

#[test]
fn manifest_and_example_config_are_valid_for_pre_commit() {
    let manifest = hook_manifest();
    let hook = &manifest[0];
    assert_eq!(manifest.as_sequence().unwrap().len(), 1);
    assert_eq!(hook["id"].as_str(), Some("loclint"));
    assert_eq!(hook["entry"].as_str(), Some("loclint check"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(
        hook["types"],
        serde_yaml::from_str::<Yaml>("[markdown]").unwrap()
    );
    assert_eq!(hook["pass_filenames"].as_bool(), Some(true));
    assert_eq!(hook["require_serial"].as_bool(), Some(true));
    if !has_pre_commit() {
        return;
    }
    let out = Command::new("pre-commit")
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = Command::new("pre-commit")
        .args(["validate-config", "examples/.pre-commit-config.yaml"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
}

/// The `run:` commands of a job's steps in the GitHub Actions example.
fn workflow_steps(job: &str) -> Vec<Yaml> {
    let yaml = std::fs::read_to_string(root().join("examples/github-actions/loclint.yml")).unwrap();
    let workflow: Yaml = serde_yaml::from_str(&yaml).unwrap();
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job {job} has no steps"))
        .clone()
}

fn step_with<'a>(steps: &'a [Yaml], key: &str, prefix: &str) -> &'a Yaml {
    steps
        .iter()
        .find(|s| s[key].as_str().is_some_and(|v| v.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no step with {key}: {prefix}…"))
}

/// Runs a workflow's `loclint check …` line (the binary Cargo built, `docs/` replaced by
/// `dir`) in `cwd`.
fn run_workflow_line(line: &str, cwd: &Path, dir: &Path) -> Output {
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[..2], ["loclint", "check"], "{line}");
    assert_eq!(words.last(), Some(&"docs/"), "{line}");
    Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(&words[1..words.len() - 1])
        .arg(dir)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn github_actions_sarif_job_gates_and_always_uploads() {
    let steps = workflow_steps("code-scanning");
    let check = step_with(&steps, "run", "loclint check")["run"]
        .as_str()
        .unwrap();
    assert_eq!(
        check,
        "loclint check --format sarif --output-file loclint.sarif docs/"
    );
    let upload = step_with(&steps, "uses", "github/codeql-action/upload-sarif@");
    assert!(
        upload["if"]
            .as_str()
            .is_some_and(|c| c.starts_with("always()")),
        "{upload:?}"
    );
    assert_eq!(upload["with"]["sarif_file"].as_str(), Some("loclint.sarif"));
    assert!(
        steps.iter().any(|s| s["run"]
            .as_str()
            .is_some_and(|r| r.starts_with("cargo install --path ."))),
        "installs loclint"
    );

    // The line itself: exit 1 on the seeds (the job fails) and the SARIF file is written
    // for the upload step; exit 0 on clean docs.
    let cwd = tempfile::tempdir().unwrap();
    let out = run_workflow_line(check, cwd.path(), &root().join("examples"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.path().join("loclint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "empty-link-text"),
        "{sarif}"
    );

    let docs = tempfile::tempdir().unwrap();
    std::fs::write(docs.path().join("clean.md"), clean()).unwrap();
    let out = run_workflow_line(check, cwd.path(), docs.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn github_actions_annotation_job_prints_workflow_commands() {
    let steps = workflow_steps("annotations");
    let check = step_with(&steps, "run", "loclint check")["run"]
        .as_str()
        .unwrap();
    assert_eq!(check, "loclint check --format github docs/");
    let cwd = tempfile::tempdir().unwrap();
    let out = run_workflow_line(check, cwd.path(), &root().join("examples"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().any(|l| l.starts_with("::error ")
            && l.contains("device-writeback.ko-KR.md")
            && l.contains("line=32")),
        "{stdout}"
    );
}
