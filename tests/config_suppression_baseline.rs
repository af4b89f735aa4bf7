//! Configuration files, inline suppression comments and baselines, through the binary.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn loclint() -> Command {
    Command::cargo_bin("loclint").unwrap()
}

fn seed() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/device-writeback.ko-KR.md"),
    )
    .unwrap()
}

fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let out = loclint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"));
    let list = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), list)
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

#[test]
fn nearest_config_sets_severity_ignores_and_excludes() {
    let dir = repo();
    let root = dir.path();
    std::fs::create_dir_all(root.join("docs/drafts")).unwrap();
    std::fs::write(root.join("docs/a.md"), seed()).unwrap();
    std::fs::write(root.join("docs/drafts/b.md"), seed()).unwrap();
    std::fs::write(root.join("c.md"), seed()).unwrap();
    std::fs::write(
        root.join("docs/loclint.toml"),
        "select = [\"empty-link-text\", \"terminology\"]\nignore = [\"terminology\"]\nexclude = [\"drafts/**\"]\n[severity]\nempty-link-text = \"warning\"\n",
    )
    .unwrap();
    let (code, found) = findings(root, &["."]);
    // docs/a.md: terminology ignored, empty-link-text demoted; drafts excluded; c.md untouched.
    let a: Vec<_> = found.iter().filter(|f| f.2 == "docs/a.md").collect();
    assert_eq!(
        a,
        [&(
            "empty-link-text".to_string(),
            "warning".to_string(),
            "docs/a.md".to_string()
        )]
    );
    assert!(!found.iter().any(|f| f.2.contains("drafts")));
    assert!(
        found
            .iter()
            .any(|f| f.2 == "c.md" && f.0 == "empty-link-text" && f.1 == "error")
    );
    assert_eq!(code, 1, "c.md still has an error");
    // The command line adds to the configuration's ignores.
    let (code, found) = findings(root, &["--ignore", "empty-link-text", "docs"]);
    assert_eq!((code, found.len()), (0, 0));
}

#[test]
fn config_errors_name_file_and_line_and_exit_2() {
    let dir = repo();
    std::fs::write(dir.path().join("a.md"), seed()).unwrap();
    std::fs::write(
        dir.path().join("loclint.toml"),
        "select = [\"links\"]\n\n[severity]\nempty-link-text = \"fatal\"\n",
    )
    .unwrap();
    let out = loclint()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("loclint.toml:4:") && text.contains("fatal"),
        "{text}"
    );
    std::fs::write(dir.path().join("loclint.toml"), "selekt = [\"links\"]\n").unwrap();
    let out = loclint()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("loclint.toml:1:") && text.contains("selekt"),
        "{text}"
    );
}

#[test]
fn suppression_comments_and_unused_ones() {
    let dir = repo();
    let text = seed()
        .replace(
            "<span data-ttu-id=\"d58e0-107\">",
            "<!-- loclint-disable-next-line empty-link-text -->\n<span data-ttu-id=\"d58e0-107\">",
        )
        .replace(
            "# <a name",
            "<!-- loclint-disable term-not-preferred -->\n# <a name",
        )
        .replace(
            "- <span data-ttu-id=\"d58e0-104\">",
            "<!-- loclint-enable term-not-preferred -->\n- <span data-ttu-id=\"d58e0-104\">",
        )
        + "\n<!-- loclint-disable-next-line broken-link-syntax -->\nplain text\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (_, found) = findings(
        dir.path(),
        &["--select", "links,terminology,suppression", "a.md"],
    );
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert!(!rules.contains(&"empty-link-text"), "{rules:?}");
    // The two in 102 and the two in 103 are suppressed; the rest still report.
    let tnp = rules.iter().filter(|r| **r == "term-not-preferred").count();
    assert_eq!(tnp, 14 - 4, "{rules:?}");
    assert_eq!(
        rules.iter().filter(|r| **r == "unused-suppression").count(),
        1,
        "{rules:?}"
    );
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = repo();
    std::fs::write(dir.path().join("a.md"), seed()).unwrap();
    let out = loclint()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "base.json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let (code, found) = findings(
        dir.path(),
        &[
            "--select",
            "empty-link-text",
            "--baseline",
            "base.json",
            "a.md",
        ],
    );
    assert_eq!((code, found.len()), (0, 0));
    // Lines moved and a new defect added: only the new one is reported.
    let moved = format!("\n\n{}", seed()).replacen("---\n", "---\n", 1);
    let moved = moved.trim_start().to_string().replace(
        "<span data-ttu-id=\"d58e0-107\">",
        "\n<span data-ttu-id=\"d58e0-107\">",
    ) + "\n<span data-ttu-id=\"d58e0-120\">[](https://aka.ms/new)</span><span class=\"sxs-lookup\"><span data-stu-id=\"d58e0-120\">[New link](https://aka.ms/new)</span></span>\n";
    std::fs::write(dir.path().join("a.md"), moved).unwrap();
    let (code, found) = findings(
        dir.path(),
        &[
            "--select",
            "empty-link-text",
            "--baseline",
            "base.json",
            "a.md",
        ],
    );
    assert_eq!(
        found,
        [(
            "empty-link-text".to_string(),
            "error".to_string(),
            "a.md".to_string()
        )]
    );
    assert_eq!(code, 1);
    let out = loclint()
        .current_dir(dir.path())
        .args(["check", "--baseline", "nope.json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn segment(prefix: &str, n: u32, target: &str, source: &str) -> String {
    format!(
        "<span data-ttu-id=\"{prefix}-{n}\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{prefix}-{n}\">{source}</span></span>\n"
    )
}

const KO: &str =
    "---\ntitle: 문서\nms.contentlocale: ko-KR\nms.locfileid: \"1\"\nms.topic: article\n---\n";
const SOURCE: &str = "For more information, see the admin center.";

#[test]
fn cross_file_findings_follow_each_files_suppressions_and_configuration() {
    let dir = repo();
    let a = format!(
        "{KO}{}",
        segment(
            "aa111",
            101,
            "자세한 내용은 관리 센터를 참조하세요.",
            SOURCE
        )
    );
    let b = format!(
        "{KO}<!-- loclint-disable-next-line segment-translated-inconsistently -->\n{}",
        segment(
            "bb222",
            101,
            "추가 정보는 관리 센터에서 확인하십시오.",
            SOURCE
        )
    );
    let c = format!(
        "{KO}{}",
        segment("cc333", 101, "더 많은 정보는 관리 센터에 있습니다.", SOURCE)
    );
    std::fs::write(dir.path().join("a.md"), &a).unwrap();
    std::fs::write(dir.path().join("b.md"), &b).unwrap();
    std::fs::create_dir(dir.path().join("quiet")).unwrap();
    std::fs::write(dir.path().join("quiet/c.md"), &c).unwrap();
    std::fs::write(
        dir.path().join("quiet/loclint.toml"),
        "[severity]\nsegment-translated-inconsistently = \"off\"\n",
    )
    .unwrap();
    let select = [
        "--select",
        "segment-translated-inconsistently,unused-suppression",
        ".",
    ];
    let (_, found) = findings(dir.path(), &select);
    // Three translations of one sentence: reported at a file using a less common one. b.md
    // suppresses it (and the comment counts as used), quiet/ turns the rule off.
    assert!(!found.iter().any(|f| f.2 == "b.md"), "{found:?}");
    assert!(!found.iter().any(|f| f.2 == "quiet/c.md"), "{found:?}");
    assert!(
        !found.iter().any(|f| f.0 == "unused-suppression"),
        "{found:?}"
    );
    // Without the comment and the configuration, the finding lands in one of those files.
    std::fs::write(
        dir.path().join("b.md"),
        b.replace(
            "<!-- loclint-disable-next-line segment-translated-inconsistently -->\n",
            "",
        ),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("quiet/loclint.toml")).unwrap();
    let (_, found) = findings(dir.path(), &select);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn an_enable_for_a_category_ends_a_disabled_rule() {
    let dir = repo();
    let text = format!(
        "{KO}<!-- loclint-disable term-not-preferred -->\n{}<!-- loclint-enable terminology -->\n\n{}",
        segment("aa111", 101, "장치 등록", "Register the device"),
        segment("aa111", 102, "장치 설정", "Device settings")
    );
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (_, found) = findings(dir.path(), &["--select", "term-not-preferred", "a.md"]);
    assert_eq!(found.len(), 1, "only segment 102 reports: {found:?}");
}

#[test]
fn a_baseline_does_not_hide_a_different_finding_at_the_same_place() {
    let dir = repo();
    let body = segment("aa111", 101, "디바이스 설정", "Device settings");
    std::fs::write(
        dir.path().join("a.md"),
        format!("---\nms.contentlocale: ko-KR\nms.locfileid: \"1\"\n---\n{body}"),
    )
    .unwrap();
    let out = loclint()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "b.json", "a.md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // `title` is added and `ms.locfileid` dropped: a new finding at the same `---`.
    std::fs::write(
        dir.path().join("a.md"),
        format!("---\ntitle: 설정\nms.contentlocale: ko-KR\n---\n{body}"),
    )
    .unwrap();
    let (_, found) = findings(
        dir.path(),
        &[
            "--select",
            "front-matter-missing-key",
            "--baseline",
            "b.json",
            "a.md",
        ],
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn broken_yaml_elsewhere_keeps_the_locale() {
    let dir = repo();
    let text = format!(
        "---\nms.contentlocale: ko-KR\nbar: x: y\n---\n{}",
        segment("aa111", 101, "쓰기백 사용", "Enable writeback")
    );
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (_, found) = findings(
        dir.path(),
        &[
            "--select",
            "front-matter-invalid,term-not-preferred",
            "a.md",
        ],
    );
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        rules,
        ["front-matter-invalid", "term-not-preferred"],
        "{found:?}"
    );
}
