//! `--fix`, `--unsafe-fixes` and `--diff` through the real binary: fixes land, nothing
//! else changes (BOM, CRLF, permissions), and fixing twice changes nothing the second time.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn loclint() -> Command {
    Command::cargo_bin("loclint").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_fix(path: &Path, extra: &[&str]) -> std::process::Output {
    loclint()
        .args(["check", "--fix", "--color", "never"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

fn json_rules(path: &Path, select: &str) -> Vec<serde_json::Value> {
    let out = loclint()
        .args(["check", "--format", "json", "--select", select])
        .arg(path)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn fixing_the_korean_seed_is_idempotent_and_keeps_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join("examples/device-writeback.ko-KR.md")).unwrap();
    let crlf = format!("\u{feff}{}", seed.replace('\n', "\r\n"));
    let path = dir.path().join("seed.md");
    std::fs::write(&path, &crlf).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();

    let out = run_fix(&path, &[]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("fixed 14 findings in 1 file"),
        "{out:?}"
    );
    let once = std::fs::read(&path).unwrap();
    let text = String::from_utf8(once.clone()).unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM kept");
    assert_eq!(
        text.matches("\r\n").count(),
        crlf.matches("\r\n").count(),
        "CRLF kept"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "no bare LF introduced"
    );
    assert!(
        text.contains("디바이스 쓰기 저장은 다음과 같은 시나리오에서"),
        "preferred terms with the particle kept"
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Only the fixed words changed: every other line is identical.
    let changed = crlf
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 6, "the six lines with non-preferred terms");
    assert!(json_rules(&path, "term-not-preferred").is_empty());

    let out = run_fix(&path, &[]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("fixed"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        once,
        "second fix changes nothing"
    );
}

#[test]
fn diff_prints_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::copy(root().join("examples/device-writeback.ko-KR.md"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = loclint()
        .args(["check", "--diff"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("-<span data-ttu-id=\"d58e0-103\">장치 쓰기 기록은"),
        "{diff}"
    );
    assert!(
        diff.contains("+<span data-ttu-id=\"d58e0-103\">디바이스 쓰기 저장은"),
        "{diff}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Nothing to fix: exit 0, no output.
    let clean = root().join("tests/fixtures/cli/clean.md");
    let out = loclint()
        .args(["check", "--diff"])
        .arg(&clean)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

/// Every rule fixture with fixes: `--fix` removes the fixable findings of that rule and a
/// second `--fix` changes nothing.
#[test]
fn every_fixable_rule_fixture_fixes_idempotently() {
    let fixtures = root().join("tests/fixtures");
    let mut cases = Vec::new();
    for rule in loclint::rules::ALL {
        let name = rule.meta().name;
        let Ok(entries) = std::fs::read_dir(fixtures.join(name)) else {
            continue;
        };
        for entry in entries.flatten() {
            let fname = entry.file_name().to_string_lossy().to_string();
            if fname.starts_with("fire") && fname.ends_with(".md") {
                cases.push((name, entry.path(), fname));
            }
        }
    }
    cases.sort();
    // Each case runs the binary six times; the cases are independent, so they share the
    // cores.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let fixable_rules: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut fixed = 0;
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((name, file, fname)) = cases.get(i) else {
                            return fixed;
                        };
                        fixed += usize::from(fixes_idempotently(name, file, fname));
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert!(fixable_rules >= 1, "no fixture has a safe fix");
}

/// Fixes a copy of one firing fixture with `--fix` (then `--unsafe-fixes`) twice, checking
/// that no safe fix is left and the second run changes nothing; false if the fixture has no
/// safe fix.
fn fixes_idempotently(name: &str, file: &Path, fname: &str) -> bool {
    let before = json_rules(file, name);
    let with_fix = before
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .count();
    if with_fix == 0 {
        return false;
    }
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join(fname);
    std::fs::copy(file, &copy).unwrap();
    run_fix(&copy, &["--select", name]);
    let after = json_rules(&copy, name);
    let still_fixable = after
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .count();
    assert_eq!(
        still_fixable, 0,
        "{name}: safe fixes left after --fix in {fname}: {after:?}"
    );
    let once = std::fs::read(&copy).unwrap();
    run_fix(&copy, &["--select", name]);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        once,
        "{name}: second --fix changed {fname}"
    );
    // With the unsafe fixes too (all rules): fixing settles, and a second run is a no-op.
    let out = run_fix(&copy, &["--unsafe-fixes"]);
    assert_ne!(out.status.code(), Some(2), "{name}: {fname}: {out:?}");
    let twice = std::fs::read(&copy).unwrap();
    run_fix(&copy, &["--unsafe-fixes"]);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        twice,
        "{name}: second --unsafe-fixes changed {fname}"
    );
    true
}

#[test]
fn unreadable_paths_still_fail_the_run_after_fixing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::copy(root().join("examples/device-writeback.ko-KR.md"), &path).unwrap();
    let missing = dir.path().join("missing.md");
    let out = loclint()
        .args(["check", "--fix", "--fail-on", "info", "--format", "json"])
        .arg(&path)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = doc["file_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["path"].as_str().unwrap().ends_with("missing.md"));
}

#[test]
fn unsafe_fixes_apply_what_fix_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    // An unused suppression comment: removing it is an unsafe fix.
    let seed = std::fs::read_to_string(root().join("examples/device-writeback.ko-KR.md")).unwrap();
    std::fs::write(
        &path,
        format!("{seed}\n<!-- loclint-disable-next-line -->\nplain\n"),
    )
    .unwrap();
    run_fix(&path, &[]);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("<!-- loclint-disable-next-line -->")
    );
    run_fix(&path, &["--unsafe-fixes"]);
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("<!-- loclint-disable-next-line -->")
    );
}
