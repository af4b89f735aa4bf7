//! Cost that grows with the work (issue 11): time linear in the input whatever its shape,
//! and memory that does not grow with the number of files.
//!
//! Each test compares a size n with 4n inside the same test, never against a wall-clock
//! limit: linear work takes about 4× as long, quadratic work 16×; a test fails above 8×.
//! Times are the fastest of a few runs, so a busy machine does not fail a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 3;

struct Measured {
    time: Duration,
    /// Peak resident memory of the process, in KiB.
    max_rss_kb: i64,
    stdout_bytes: u64,
    code: i32,
}

/// Runs loclint with `args`, its output into a file; the time and, through `wait4`, the
/// peak memory of that process alone.
fn run(args: &[&str], paths: &[PathBuf]) -> Measured {
    run_with(args, paths, &[])
}

/// [`run`] with these environment variables.
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its rusage
fn run_with(args: &[&str], paths: &[PathBuf], env: &[(&str, &str)]) -> Measured {
    let out = tempfile::tempfile().unwrap();
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .envs(env.iter().copied())
        .args(args)
        .args(paths)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(libc::WIFEXITED(status), "loclint was killed: {status}");
    Measured {
        time,
        max_rss_kb: usage.ru_maxrss,
        stdout_bytes: out.metadata().unwrap().len(),
        code: libc::WEXITSTATUS(status),
    }
}

/// The fastest of a few runs.
fn fastest(args: &[&str], paths: &[PathBuf]) -> Measured {
    (0..RUNS)
        .map(|_| run(args, paths))
        .min_by_key(|m| m.time)
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn ratio(small: Duration, large: Duration) -> f64 {
    large.as_secs_f64() / small.as_secs_f64().max(1e-6)
}

#[test]
fn positions_on_one_long_line_cost_linear_time() {
    // Unclosed spans on one line: a finding each, all on line 1 (a minified or generated
    // file). Finding the line and column of each from the line start would be quadratic.
    let dir = tempfile::tempdir().unwrap();
    let n = 2_500;
    let unit = "<span data-ttu-id=\"a-1\">";
    let small = write(dir.path(), "small.md", &unit.repeat(n));
    let large = write(dir.path(), "large.md", &unit.repeat(4 * n));
    for format in ["json", "human", "sarif", "github", "checkstyle"] {
        let args = ["check", "--color", "never", "--format", format];
        let s = fastest(&args, std::slice::from_ref(&small));
        let l = fastest(&args, std::slice::from_ref(&large));
        assert_eq!((s.code, l.code), (1, 1), "{format}: findings expected");
        // The report grows linearly too (each finding shows a bounded window of the line).
        let growth = l.stdout_bytes as f64 / s.stdout_bytes as f64;
        assert!(
            (3.0..5.0).contains(&growth),
            "{format}: output {} → {} bytes",
            s.stdout_bytes,
            l.stdout_bytes
        );
        let r = ratio(s.time, l.time);
        assert!(
            r < 8.0,
            "{format}: {n} spans {:?}, {} spans {:?}: {r:.1}× for 4× the input",
            s.time,
            4 * n,
            l.time
        );
    }
}

#[test]
fn reports_of_thousands_of_findings_on_one_long_segment_cost_linear_time() {
    // Each missing code span is a finding that flags the whole target: a report that read
    // the flagged text once per finding (the human quote test, SARIF's fingerprint) was
    // quadratic.
    let dir = tempfile::tempdir().unwrap();
    let n = 1_500;
    let doc = |n: usize| segment_in("ko-KR", &"가나다 ".repeat(n), Some(&"`abc` ".repeat(n)));
    let small = write(dir.path(), "small.md", &doc(n));
    let large = write(dir.path(), "large.md", &doc(4 * n));
    for format in ["human", "sarif", "json", "github", "checkstyle", "concise"] {
        let args = [
            "check",
            "--no-learn",
            "--color",
            "never",
            "--format",
            format,
        ];
        let s = fastest(&args, std::slice::from_ref(&small));
        let l = fastest(&args, std::slice::from_ref(&large));
        assert_eq!((s.code, l.code), (1, 1), "{format}: findings expected");
        let r = ratio(s.time, l.time);
        assert!(
            r < 8.0,
            "{format}: {n} findings {:?}, {} findings {:?}: {r:.1}× for 4× the input",
            s.time,
            4 * n,
            l.time
        );
    }
}

/// Real articles, concatenated: from the corpus when it is there, else the examples.
fn articles(bytes: usize) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus_dir().join("ko-KR/AlchemyInsights");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    if files.is_empty() {
        files.push(root.join("examples/device-writeback.ko-KR.md"));
    }
    let mut text = String::new();
    for f in files.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(&std::fs::read_to_string(f).unwrap());
        text.push('\n');
    }
    text
}

#[test]
fn an_article_on_one_line_costs_what_it_costs_on_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = articles(400_000);
    let lines = write(dir.path(), "lines.md", &text);
    let one = write(dir.path(), "one.md", &text.replace(['\n', '\r'], " "));
    // The front matter does not survive on one line: the locale comes from the option.
    let args = ["check", "--format", "json", "--locale", "ko-KR"];
    let on_lines = fastest(&args, std::slice::from_ref(&lines));
    let on_one = fastest(&args, std::slice::from_ref(&one));
    let r = ratio(on_lines.time, on_one.time);
    assert!(
        r <= 2.0,
        "{} bytes on lines {:?}, on one line {:?}: {r:.2}×",
        text.len(),
        on_lines.time,
        on_one.time
    );
}

#[test]
fn inline_parsing_is_linear_on_unmatched_brackets_and_backticks() {
    // One segment holding unmatched `[` and backtick runs that close nothing: a scan to
    // the segment end per `[` and per backtick run would be quadratic or worse.
    let doc = |n: usize| {
        let mut target = String::new();
        target.push_str(&"[`".repeat(n));
        target.push_str(&"[a ".repeat(n));
        target.push_str(&"`".repeat(n));
        target.push(' ');
        for len in 1..=((n as f64).sqrt() as usize) {
            target.push_str(&"`".repeat(len));
            target.push_str(" x [");
        }
        format!(
            "---\nms.contentlocale: ko-KR\n---\n\n<span data-ttu-id=\"a-101\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-101\">{target}</span></span>\n"
        )
    };
    // In-process: the CPU time of this thread, which a busy machine (the whole suite runs
    // side by side) does not inflate the way it does wall time.
    let time = |text: &str| check_cpu(text, 3 * RUNS);
    let n = 2_000;
    let (small, large) = (doc(n), doc(4 * n));
    let (s, l) = (time(&small), time(&large));
    let r = ratio(s, l);
    assert!(
        r < 8.0,
        "{} bytes {s:?}, {} bytes {l:?}: {r:.1}× for 4× the input",
        small.len(),
        large.len()
    );
}

/// In-process CPU time of checking `text` with every rule: the fastest of `runs` runs.
fn check_cpu(text: &str, runs: usize) -> Duration {
    use loclint::engine::timing::thread_cpu;
    use loclint::engine::{Settings, check_source};
    let settings = Settings::default();
    let rules = settings.enabled_rules();
    (0..runs)
        .map(|_| {
            let start = thread_cpu();
            let report = check_source(Path::new("a.md"), text.as_bytes(), &rules, &settings);
            std::hint::black_box(report.diagnostics.len());
            thread_cpu().saturating_sub(start)
        })
        .min()
        .unwrap()
}

/// A document made of n repetitions of something.
type Shape = fn(usize) -> String;

/// Each shape at 1,500 and 6,000 repetitions must cost less than 8× as much CPU for 4× the
/// input (linear work costs about 4×, quadratic 16×).
fn assert_linear(cases: &[(&str, Shape)]) {
    let n = 1_500;
    let mut failures = Vec::new();
    for (name, shape) in cases {
        let (small, large) = (shape(n), shape(4 * n));
        let (s, l) = (check_cpu(&small, RUNS), check_cpu(&large, RUNS));
        let r = ratio(s, l);
        if r >= 8.0 {
            failures.push(format!(
                "{name}: {} bytes {s:?}, {} bytes {l:?}: {r:.1}× for 4× the input",
                small.len(),
                large.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A segment of a `locale` target and its source.
fn segment_in(locale: &str, target: &str, source: Option<&str>) -> String {
    let source = source.unwrap_or("Source text.");
    format!(
        "---\nms.contentlocale: {locale}\n---\n\n<span data-ttu-id=\"a-101\">{target}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-101\">{source}</span></span>\n"
    )
}

/// A segment whose target, or target and source, is `content`.
fn segment(content: &str, source: Option<&str>) -> String {
    let source = source.unwrap_or("Source text.");
    format!(
        "---\nms.contentlocale: ko-KR\n---\n\n<span data-ttu-id=\"a-101\">{content}</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-101\">{source}</span></span>\n"
    )
}

#[test]
fn segments_of_thousands_of_markers_cost_linear_time() {
    // Inputs on which a rule or the parser once did work per marker over the whole segment
    // (found by repeating markup fragments and timing n against 4n): each must now cost
    // about 4× for 4× the markers.
    let cases: [(&str, Shape); 19] = [
        ("unclosed `<!--`", |n| segment(&"<!--".repeat(n), None)),
        ("`](` without `[`", |n| {
            let c = "](".repeat(n);
            segment(&c, Some(&c))
        }),
        ("links in both", |n| {
            let c = "[a](b)".repeat(n);
            segment(&c, Some(&c))
        }),
        ("glued emphasis", |n| segment(&"*x*".repeat(n), None)),
        ("emphasis around emphasis", |n| {
            segment(&format!("{}b{}", "*a ".repeat(n), " a*".repeat(n)), None)
        }),
        ("link destinations reached at the end", |n| {
            segment(&format!("{}{}", "[a".repeat(n), "]()".repeat(n)), None)
        }),
        ("unmatched `)`", |n| segment(&")".repeat(n), None)),
        ("unopened `</a>`", |n| segment(&"</a>".repeat(n), None)),
        ("`<br>` in both", |n| {
            let c = "<br>".repeat(n);
            segment(&c, Some(&c))
        }),
        ("nested `<i>`", |n| segment(&"<i>".repeat(n), None)),
        ("names", |n| {
            segment(&"Azure 설정 ".repeat(n), Some(&"Azure settings ".repeat(n)))
        }),
        ("English words after names", |n| {
            segment(
                &"설정 Azure the file is open ".repeat(n),
                Some(&"Azure the file is open ".repeat(n)),
            )
        }),
        ("URLs glued to words", |n| {
            let c = "_http://x.y/".repeat(n);
            segment(&c, Some(&c))
        }),
        ("a URL ending in `)`", |n| {
            segment(&format!("http://x.y/{} 설정.", ")".repeat(n)), None)
        }),
        ("English in `(` never closed", |n| {
            segment(
                &"가 (file is open ".repeat(n),
                Some(&"The file is open. ".repeat(n)),
            )
        }),
        ("English before `(` never closed", |n| {
            let c = "가 file is open (ABC ".repeat(n);
            segment(&c, Some(&"The file is open. ".repeat(n)))
        }),
        ("English after `<` never closed", |n| {
            segment(
                &"가 <file is open ".repeat(n),
                Some(&"The file is open. ".repeat(n)),
            )
        }),
        ("emphasized words the source does not call a field", |n| {
            segment(&"가 *file* ".repeat(n), Some(&"the *file* ".repeat(n)))
        }),
        ("nested `[` in the front matter", |n| {
            format!("---\ntitle: {}\n---\nbody\n", "[".repeat(n))
        }),
    ];
    assert_linear(&cases);
}

#[test]
fn rules_cost_linear_time_on_segments_of_thousands_of_items() {
    // Inputs on which a rule once compared each item of a segment (a number, a link, a
    // tag, a mark) with every item of the other side, or searched a whole side per item.
    let cases: Vec<(&str, Shape)> = vec![
        ("numbers the other side lacks", |n| {
            segment_in("ko-KR", &"7 ".repeat(n), Some(&"5 ".repeat(n)))
        }),
        ("integers to look for regrouped", |n| {
            segment_in("ko-KR", &"11 ".repeat(n), Some(&"1234 ".repeat(n)))
        }),
        ("numbers to look for as words", |n| {
            segment_in("fr-FR", &"cinqa ".repeat(n), Some(&"5 ".repeat(n)))
        }),
        ("links to one long source link", |n| {
            let source = format!("[{}](u) ", "Create Flow ".repeat(n));
            segment_in("ko-KR", &"가 [Create Flow](u) ".repeat(n), Some(&source))
        }),
        ("links to a source link after many delimiters", |n| {
            let source = format!("Go {}[Create Flow](u).", "; ".repeat(4 * n));
            segment_in("ko-KR", &"가 [Create Flow](u) ".repeat(n), Some(&source))
        }),
        ("one link text of names", |n| {
            let words = "Outlook file ".repeat(4 * n);
            let (target, source) = (format!("가 [{words}](u)"), format!("See [{words}](u)"));
            segment_in("ko-KR", &target, Some(&source))
        }),
        ("a name's word among kept names", |n| {
            let source = "Use Azure Active Directory with the file.";
            segment_in("ko-KR", &"Active Intune 가 ".repeat(4 * n), Some(source))
        }),
        ("an untranslated segment of names", |n| {
            let c = "Outlook a ".repeat(4 * n);
            segment_in("ko-KR", &c, Some(&c))
        }),
        ("marks after white space", |n| {
            segment_in("ko-KR", &"가 ? ".repeat(n), Some(&"go? ".repeat(n)))
        }),
        ("links whose text swallowed an ending", |n| {
            segment_in("ko-KR", &"[가.](a) ".repeat(n), Some(&"[b](b) ".repeat(n)))
        }),
        ("a link text ending in thousands of unbalanced `)`", |n| {
            segment_in(
                "ko-KR",
                &format!("[가{}.](a)", "))))".repeat(n)),
                Some("go"),
            )
        }),
        ("bold text ending in thousands of unbalanced `)`", |n| {
            segment_in(
                "ko-KR",
                &format!("가 **나{}.**", "))))".repeat(n)),
                Some("Go **b**."),
            )
        }),
        ("link URLs none of which match", |n| {
            segment_in("ko-KR", &"[가](a) ".repeat(n), Some(&"[b](b) ".repeat(n)))
        }),
        ("links broken by a space before the URL", |n| {
            segment_in(
                "ko-KR",
                &"[가] (http://a) ".repeat(n),
                Some(&"[b](b) ".repeat(n)),
            )
        }),
        ("fused links whose URLs the source lacks", |n| {
            segment_in(
                "ko-KR",
                &"[가](a)[나](b)".repeat(n),
                Some(&"[x](x) ".repeat(n)),
            )
        }),
        ("images none of which match", |n| {
            segment_in(
                "ko-KR",
                &"![가](a.png) ".repeat(n),
                Some(&"![b](b.png) ".repeat(n)),
            )
        }),
        ("source code spans missing from the target", |n| {
            segment_in(
                "ko-KR",
                &"가나다 가나다 가나다 ".repeat(n),
                Some(&"`abc` ".repeat(n)),
            )
        }),
        ("target code spans the source lacks", |n| {
            segment_in(
                "zh-CN",
                &"甲 `x`".repeat(n),
                Some(&"go b go b go b go b ".repeat(n)),
            )
        }),
        ("empty link texts", |n| {
            segment_in("ko-KR", &"[](a) ".repeat(n), Some(&"[b](b) ".repeat(n)))
        }),
        ("code spans with spaces before the final mark", |n| {
            let c = "`x y`a".repeat(n);
            segment_in("ko-KR", &format!("가{c}"), Some(&format!("Go{c}.")))
        }),
        ("tags the source has not, after a source `\\<`", |n| {
            let source = format!("\\< go {}<b>x</b>", "<i>go</i> ".repeat(n));
            segment_in("ko-KR", &"<b>가</b> ".repeat(n), Some(&source))
        }),
        ("split escapes inside tags", |n| {
            let target = "<b title=\"\\ *\">가</b> ".repeat(n);
            segment_in(
                "ko-KR",
                &target,
                Some(&format!("\\* go {}", "go ".repeat(n))),
            )
        }),
        ("markers left as text", |n| {
            let source = format!("**go** {}", "go ".repeat(n));
            segment_in("ko-KR", &"가* ".repeat(n), Some(&source))
        }),
        ("quoted labels beside bold", |n| {
            segment_in(
                "zh-CN",
                &"**甲**“乙”“乙”“乙”".repeat(n),
                Some(&"**a** **b** ".repeat(n)),
            )
        }),
        ("dot-joined words without spaces", |n| {
            segment_in("ko-KR", &"ab.C".repeat(n), Some(&"go ".repeat(n)))
        }),
        ("double spaces before tags", |n| {
            segment_in("ko-KR", &"가  <br> ".repeat(n), Some(&"go  b ".repeat(n)))
        }),
        ("no-break spaces before tags", |n| {
            segment_in("zh-CN", &"甲\u{a0}<br>".repeat(n), Some(&"go b ".repeat(n)))
        }),
        ("nested half-width parentheses", |n| {
            let (open, close) = ("(".repeat(n), ")".repeat(n));
            let target = format!("甲{open}乙{close}丙");
            segment_in("zh-CN", &target, Some(&format!("a{open}b{close}")))
        }),
    ];
    assert_linear(&cases);
}

#[test]
fn peak_memory_does_not_grow_with_the_number_of_files() {
    // Files with many findings each: holding every finding of the run until the end (or
    // the rendered report) would grow with the number of files; streaming keeps one file's
    // findings per thread at a time, the files checked ahead of the one the report waits
    // for (at most 64 files and 8 MB), and a few bytes a file besides. Both sizes here fill
    // that read-ahead whenever the writing falls behind (a file's report is 100–250 KB), so
    // from 128 to 512 files the peak may grow by at most 15 % of what the report grows by:
    // holding the findings costs 40 % or more of the report (a finding is about 200 bytes
    // in memory, its JSON record 500), holding the report 100 %.
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::from("---\nms.contentlocale: ko-KR\n---\n\n");
    for i in 0..500 {
        body.push_str(&format!("<span data-ttu-id=\"a-{i}\">장치\n\n"));
    }
    let (few, many) = (128, 512);
    let files: Vec<PathBuf> = (0..many)
        .map(|i| write(dir.path(), &format!("f{i:03}.md"), &body))
        .collect();
    for format in ["json", "human", "sarif"] {
        let args = ["check", "--color", "never", "--format", format];
        let small = run(&args, &files[..few]);
        let large = run(&args, &files);
        assert_eq!((small.code, large.code), (1, 1));
        let report = (large.stdout_bytes - small.stdout_bytes) as f64;
        assert!(
            report > 2.0 * small.stdout_bytes as f64,
            "{format}: the report covers every file"
        );
        let memory = (large.max_rss_kb - small.max_rss_kb) as f64 * 1024.0;
        assert!(
            memory < 0.15 * report,
            "{format}: from {few} to {many} files the report grew by {:.1} MB, peak memory by {:.2} MB ({} → {} KiB; {:.1} % of the report, at most 15 %)",
            report / 1e6,
            memory / 1e6,
            small.max_rss_kb,
            large.max_rss_kb,
            100.0 * memory / report
        );
    }
}

#[test]
fn a_file_s_report_is_written_as_it_is_rendered_not_held_in_memory() {
    // Two files of unclosed spans on one line (three findings a span), n and then 4n spans
    // each: the first file's findings are rendered straight into the report, the second's
    // go to a temporary file as they are rendered. Holding a file's rendered report whole
    // (once, or twice: rendered, then read back) makes peak memory grow at least as much
    // as the report does; what grows now is the findings themselves, a fraction of it.
    // Wide human snippets make a large report from the same findings.
    let dir = tempfile::tempdir().unwrap();
    let n = 5_000;
    let unit = "<span data-ttu-id=\"a-1\">";
    let files = |spans: usize, tag: &str| -> Vec<PathBuf> {
        ["a", "b"]
            .iter()
            .map(|f| write(dir.path(), &format!("{f}-{tag}.md"), &unit.repeat(spans)))
            .collect()
    };
    let (small, large) = (files(n, "small"), files(4 * n, "large"));
    for (format, columns, bound) in [
        ("human", "1000", 0.6),
        ("sarif", "120", 0.8),
        ("json", "120", 1.2),
    ] {
        let args = ["check", "--color", "never", "--format", format];
        let env = [("COLUMNS", columns)];
        let s = run_with(&args, &small, &env);
        let l = run_with(&args, &large, &env);
        assert_eq!((s.code, l.code), (1, 1), "{format}: findings expected");
        let report = l.stdout_bytes as f64 - s.stdout_bytes as f64;
        let memory = (l.max_rss_kb - s.max_rss_kb) as f64 * 1024.0;
        assert!(
            memory < bound * report,
            "{format}: the report grew by {:.1} MB, peak memory by {:.1} MB ({:.2}×, at most {bound})",
            report / 1e6,
            memory / 1e6,
            memory / report
        );
    }
}

#[test]
fn cross_file_facts_are_kept_in_a_temporary_file() {
    // What the cross-file rules compare (about 100 bytes a segment with its keys) is known
    // only when every file is checked: held in memory it would grow with the repository.
    // The store says what it holds (`LOCLINT_PROFILE`): from 20 to 100 files of 1,000
    // segments the temporary file grows by several MB and the store's memory not at all.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ko-KR");
    std::fs::create_dir(&folder).unwrap();
    let files: Vec<PathBuf> = (0..100)
        .map(|f| {
            let mut text = String::from("---\nms.contentlocale: ko-KR\n---\n\n");
            for i in 0..1_000 {
                text.push_str(&format!(
                    "<span data-ttu-id=\"a-{i}\">파일 {f}의 설정 {i}을 선택합니다.</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-{i}\">Select setting {i} of file {f} in the list.</span></span>\n\n"
                ));
            }
            write(&folder, &format!("f{f:03}.md"), &text)
        })
        .collect();
    // (files, MB in memory, MB in the temporary file)
    let facts = |files: &[PathBuf]| -> (usize, f64, f64) {
        let out = Command::new(env!("CARGO_BIN_EXE_loclint"))
            .env("LOCLINT_PROFILE", "1")
            .args(["check", "--format", "json"])
            .args(files)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr
            .lines()
            .find(|l| l.starts_with("loclint: facts of "))
            .unwrap_or_else(|| panic!("no facts line in {stderr}"));
        let numbers: Vec<f64> = line
            .split([' ', ':', ';'])
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(numbers.len() >= 3, "{line}");
        (numbers[0] as usize, numbers[1], numbers[2])
    };
    let (few, few_memory, few_disk) = facts(&files[..20]);
    let (many, many_memory, many_disk) = facts(&files);
    assert_eq!((few, many), (20, 100));
    assert!(
        many_disk - few_disk > 5.0,
        "the facts of 80 files more take {:.1} MB",
        many_disk - few_disk
    );
    assert!(
        many_memory <= few_memory + 0.1,
        "facts in memory: {few_memory} MB for 20 files, {many_memory} MB for 100"
    );
}

/// The shared corpus: `$LOCLINT_CORPUS`, or `shared/corpus` next to the repository or to
/// the folder holding it (a worktree).
fn corpus_dir() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("LOCLINT_CORPUS")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([
            root.join("../shared/corpus"),
            root.join("../../shared/corpus"),
        ])
        .find(|p| p.is_dir())
        .unwrap_or_default()
}

/// In-process CPU time of the editor's "suppress on this line" action for every finding of
/// `text` (what a code action request over the whole document asks): the fastest of `runs`.
fn suppress_all_cpu(text: &str, runs: usize) -> (Duration, usize) {
    use loclint::engine::timing::thread_cpu;
    use loclint::engine::{Settings, check_source};
    use loclint::server::{Encoding, Positions};
    let settings = Settings::default();
    let rules = settings.enabled_rules();
    let findings = check_source(Path::new("a.md"), text.as_bytes(), &rules, &settings).diagnostics;
    let body_start = loclint::document::Document::parse(text).body_start;
    let uri: lsp_types::Uri = "file:///a.md".parse().unwrap();
    let mut actions = 0;
    let time = (0..runs)
        .map(|_| {
            let start = thread_cpu();
            let positions = Positions::for_findings(text, Encoding::Utf16, &findings);
            actions = findings
                .iter()
                .filter_map(|f| {
                    let diagnostic = loclint::server::to_lsp(f, &positions, &uri);
                    loclint::editor::suppress(text, body_start, f, &positions, &uri, diagnostic)
                })
                .count();
            thread_cpu().saturating_sub(start)
        })
        .min()
        .unwrap();
    (time, actions)
}

#[test]
fn suppressing_thousands_of_findings_on_one_line_costs_linear_time() {
    // Unclosed spans on one long body line, with and without a disable comment on the line
    // above to add each rule to: the action read the text from the finding back to its
    // line's start and on to its end, a quadratic cost on one line (0.2 s for 6,000
    // findings, 4.4 s for 48,000 over the language server).
    let plain = |n: usize| -> String {
        format!(
            "---\nms.contentlocale: ko-KR\n---\n\n{}\n",
            "<span data-ttu-id=\"a-1\">가 ".repeat(n)
        )
    };
    let commented = |n: usize| -> String {
        format!(
            "---\nms.contentlocale: ko-KR\n---\n\n<!-- loclint-disable-next-line double-space -->\n{}\n",
            "<span data-ttu-id=\"a-1\">가 ".repeat(n)
        )
    };
    let n = 3_000;
    let mut failures = Vec::new();
    for (name, shape) in [
        ("plain", &plain as &dyn Fn(usize) -> String),
        ("commented", &commented),
    ] {
        let (small, large) = (shape(n), shape(4 * n));
        let ((s, a), (l, b)) = (
            suppress_all_cpu(&small, RUNS),
            suppress_all_cpu(&large, RUNS),
        );
        // One action per finding, so the sizes compare like for like.
        assert!(a >= n && b >= 4 * n, "{name}: {a} and {b} actions");
        let r = ratio(s, l);
        if r >= 8.0 {
            failures.push(format!(
                "{name}: {a} actions {s:?}, {b} actions {l:?}: {r:.1}×"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
