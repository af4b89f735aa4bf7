//! Inputs and situations found when trying to break loclint (issue 11, "Also found"):
//! `--fix` on files it cannot or must not write, links, FIFOs and devices, huge lines in
//! the human output, and fixes that must never write a mark the locale does not use nor
//! touch the English source.

use assert_cmd::Command;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn loclint() -> Command {
    let mut cmd = Command::cargo_bin("loclint").unwrap();
    // A run that hangs fails the test instead of blocking it.
    cmd.timeout(Duration::from_secs(60));
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> String {
    std::fs::read_to_string(root().join("examples/device-writeback.ko-KR.md")).unwrap()
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `--fix` changes in the seed, computed on a scratch copy.
fn fixed_seed() -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.md");
    std::fs::write(&path, seed()).unwrap();
    loclint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_ne!(fixed, seed(), "the seed has safe fixes");
    fixed
}

#[test]
fn a_file_that_cannot_be_fixed_does_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    // Sorted file order: the read-only file comes first, so a run that stopped at it would
    // leave the others unfixed.
    let locked = dir.path().join("a-read-only.md");
    let later = dir.path().join("b-writable.md");
    let last = dir.path().join("c-writable.md");
    for p in [&locked, &later, &last] {
        std::fs::write(p, seed()).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();

    let out = loclint()
        .args(["check", "--fix", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a-read-only.md") && stderr.contains("read-only"),
        "{stderr}"
    );
    // The read-only file is untouched, keeps its mode, and its findings are still reported.
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), seed());
    let mode = std::fs::metadata(&locked).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    let fixed = fixed_seed();
    assert_eq!(std::fs::read_to_string(&later).unwrap(), fixed);
    assert_eq!(std::fs::read_to_string(&last).unwrap(), fixed);
    let doc = json(&out);
    let reported: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str().or(d["path"].as_str()))
        .collect();
    assert!(
        reported.iter().any(|f| f.ends_with("a-read-only.md")),
        "the unfixed file's findings are reported: {reported:?}"
    );
    // No temporary file is left behind.
    assert_eq!(
        files_in(dir.path()),
        ["a-read-only.md", "b-writable.md", "c-writable.md"]
    );
}

#[test]
fn fix_writes_through_symbolic_and_hard_links() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    let soft = dir.path().join("soft.md");
    std::fs::write(&real, seed()).unwrap();
    std::os::unix::fs::symlink(&real, &soft).unwrap();

    let out = loclint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&soft)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    assert!(
        std::fs::symlink_metadata(&soft)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let fixed = fixed_seed();
    assert_eq!(std::fs::read_to_string(&real).unwrap(), fixed);

    // A hard link: both names still name one file, which is fixed.
    let hard_dir = tempfile::tempdir().unwrap();
    let one = hard_dir.path().join("one.md");
    let two = hard_dir.path().join("two.md");
    std::fs::write(&one, seed()).unwrap();
    std::fs::hard_link(&one, &two).unwrap();
    loclint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&two)
        .output()
        .unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        std::fs::metadata(&one).unwrap().ino(),
        std::fs::metadata(&two).unwrap().ino(),
        "still one file"
    );
    assert_eq!(std::fs::read_to_string(&one).unwrap(), fixed);
    assert_eq!(files_in(dir.path()), ["real.md", "soft.md"]);
    assert_eq!(files_in(hard_dir.path()), ["one.md", "two.md"]);
}

#[test]
fn fifos_and_devices_named_on_the_command_line_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let good = dir.path().join("good.md");
    std::fs::write(&good, seed()).unwrap();
    for special in [fifo.as_path(), Path::new("/dev/zero")] {
        // Nobody writes to the FIFO: reading it would block for ever (the timeout would
        // fail the test); /dev/zero never ends.
        let out = loclint()
            .args(["check", "--format", "json"])
            .arg(special)
            .arg(&good)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{special:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
        // The other file is still checked and reported.
        let doc = json(&out);
        assert!(
            !doc["diagnostics"].as_array().unwrap().is_empty(),
            "{special:?}"
        );
    }
    // The human summary counts it among the files that could not be checked.
    let out = loclint()
        .args(["check", "--color", "never"])
        .arg(&fifo)
        .arg(&good)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("; 1 file could not be checked"), "{all}");
}

#[test]
fn human_output_shows_a_window_of_a_huge_line_not_the_line() {
    // Half a megabyte on one line with a finding every few hundred bytes.
    let unit = "<span data-ttu-id=\"a-1\">장치</span> ";
    let line = unit.repeat(500_000 / unit.len());
    let findings_expected = 500_000 / unit.len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ko-KR.md");
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let out = loclint()
        .args(["check", "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json_out = loclint()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let findings = json(&json_out)["diagnostics"].as_array().unwrap().len();
    assert!(findings >= findings_expected, "{findings}");
    // Each finding shows a bounded window of the line: the output per finding does not
    // grow with the line (the whole line per finding would be ~0.5 MB each).
    let per_finding = out.stdout.len() / findings;
    assert!(
        per_finding < 4_000,
        "{} bytes of output for {findings} findings",
        out.stdout.len()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 2_000, "an output line of {longest} bytes");
}

const AR_QUESTION: &str = "---\nms.contentlocale: ar-SA\n---\n\n\
<span data-ttu-id=\"a1-101\">هل تريد المتابعة؟</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1-101\">Do you want to continue?</span></span>\n\n\
<span data-ttu-id=\"a1-102\">هل تريد الحذف</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1-102\">Do you want to delete it?</span></span>\n";

const TH_PERIOD: &str = "---\nms.contentlocale: th-TH\n---\n\n\
<span data-ttu-id=\"t1-101\">เปิดใช้งานการตั้งค่านี้</span><span class=\"sxs-lookup\"><span data-stu-id=\"t1-101\">Turn on this setting.</span></span>\n";

fn unsafe_fix(name: &str, text: &str, select: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    loclint()
        .args(["check", "--fix", "--unsafe-fixes", "--color", "never"])
        .args(["--select", select])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn ending_punctuation_fixes_write_the_locales_own_marks() {
    // Arabic: a target that already asks with `؟` gets no `?`; one that does not ask gets
    // the Arabic question mark, never the Latin one.
    let fixed = unsafe_fix("q.md", AR_QUESTION, "ending-punctuation");
    assert!(!fixed.contains("؟?") && !fixed.contains("?؟"), "{fixed}");
    assert!(fixed.contains("هل تريد المتابعة؟</span>"), "{fixed}");
    assert!(fixed.contains("هل تريد الحذف؟</span>"), "{fixed}");
    // Sources untouched.
    assert!(fixed.contains("Do you want to continue?</span>"));
    assert!(fixed.contains("Do you want to delete it?</span>"));
    // Thai ends a sentence without a period: nothing to add.
    assert_eq!(
        unsafe_fix("t.md", TH_PERIOD, "ending-punctuation"),
        TH_PERIOD
    );
}

#[test]
fn unused_suppression_fix_never_touches_the_english_source() {
    let text = "---\nms.contentlocale: ko-KR\n---\n\n\
<span data-ttu-id=\"k1-101\">장치를 다시 시작합니다.</span><span class=\"sxs-lookup\"><span data-stu-id=\"k1-101\">Restart the\n\
<!-- loclint-disable-next-line -->\n\
device.</span></span>\n\n\
<!-- loclint-disable -->\n\
<span data-ttu-id=\"k1-102\">설정을 엽니다.</span><span class=\"sxs-lookup\"><span data-stu-id=\"k1-102\">Open the settings.</span></span>\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.md");
    std::fs::write(&path, text).unwrap();
    let out = loclint()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "unused-suppression",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let doc = json(&out);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert!(
        diags.len() >= 2,
        "both comments suppress nothing: {diags:#?}"
    );
    // The finding inside the source is reported, without a fix.
    let in_source = text.find("<!-- loclint-disable-next-line -->").unwrap();
    let finding = diags
        .iter()
        .find(|d| d["byte_range"][0] == in_source)
        .expect("the comment inside the source is reported");
    assert!(finding["fix"].is_null(), "{finding:#}");
    let fixed = unsafe_fix("s.md", text, "unused-suppression");
    // The comment inside the English source stays; the one outside is removed.
    assert!(
        fixed.contains("Restart the\n<!-- loclint-disable-next-line -->\ndevice.</span>"),
        "{fixed}"
    );
    assert!(!fixed.contains("<!-- loclint-disable -->"), "{fixed}");
}
