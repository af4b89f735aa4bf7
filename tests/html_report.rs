//! `--format html` in a real browser: headless Chromium renders the report (its script
//! runs), and the DOM it dumps is compared with the JSON output of the same run.
//!
//! - one `[data-rule]` element per JSON finding, with the same file, rule and severity;
//! - the filters work (`#filter:…` in the address hides the other findings);
//! - the page loads nothing from the network: no `src`/`href` leaves the page, a
//!   Content-Security-Policy forbids it, and Chromium's own network log shows no request
//!   from the page (checked against a page that does load something, so the check can
//!   fail);
//! - a screenshot of the overview is kept: target/html-report.png (the page itself is
//!   target/html-report.html).
//!
//! The run covers the seeds (examples/) and every tenth file of ../shared/corpus/ko-KR
//! and ar-SA when the corpus is there. The human format's right-to-left excerpts are
//! checked here too: Chromium, a bidirectional renderer, lays them out in stored order.
//!
//! Needs `chromium` (Debian: `apt-get install -y chromium`); without it the tests print
//! SKIPPED, unless LOCLINT_REQUIRE_TOOLS is set (CI), where a missing browser fails.

mod common;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const TIMEOUT: Duration = Duration::from_secs(300);

/// The Chromium binary, or None (after saying SKIPPED) when there is none.
fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = std::process::Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            return Some(name);
        }
    }
    assert!(
        std::env::var_os("LOCLINT_REQUIRE_TOOLS").is_none(),
        "chromium is required (LOCLINT_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("SKIPPED: chromium not installed (apt-get install -y chromium)");
    None
}

/// What one headless Chromium run gives back.
struct Rendered {
    dom: String,
    /// URLs the page (not the browser itself) asked the network for.
    page_requests: Vec<String>,
}

/// Renders `url` in a fresh headless Chromium with no name resolution, returning the DOM
/// after the page's script ran; `screenshot` also saves a PNG of the window.
fn render(browser: &str, url: &str, screenshot: Option<&Path>) -> Rendered {
    let dir = tempfile::tempdir().unwrap();
    let netlog = dir.path().join("net.json");
    let mut cmd = std::process::Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--window-size=1400,1800",
    ])
    .arg(format!(
        "--user-data-dir={}",
        dir.path().join("profile").display()
    ))
    .arg(format!("--log-net-log={}", netlog.display()));
    match screenshot {
        Some(png) => cmd.arg(format!("--screenshot={}", png.display())),
        None => cmd.arg("--dump-dom"),
    };
    let out_path = dir.path().join("dom.html");
    let mut child = cmd
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium exited with {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let dom = std::fs::read_to_string(&out_path).unwrap();
    Rendered {
        dom,
        page_requests: page_requests(&netlog),
    }
}

/// The non-file URLs requested on behalf of a page opened from a file (`site_for_cookies`
/// is `file://`): what the page loaded, not the browser's own background requests.
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).unwrap_or_default();
    // Chromium may be stopped before it closes the JSON array.
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("Chromium's network log is JSON");
    let types = &log["constants"]["logEventTypes"];
    let start_job = types["URL_REQUEST_START_JOB"].as_u64().expect("event type");
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter_map(|e| {
            let p = &e["params"];
            let url = p["url"].as_str()?;
            let from_file = p["site_for_cookies"]
                .as_str()
                .is_some_and(|s| s.contains("site=file://"));
            (from_file && !url.starts_with("file:")).then(|| url.to_string())
        })
        .collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The files of the run: the seeds and every tenth Korean and Arabic corpus file.
fn inputs() -> Vec<String> {
    let mut paths = vec!["examples/".to_string()];
    // Relative to the crate root, where loclint runs: the paths in the report stay short.
    let corpus = Path::new("../shared/corpus");
    for locale in ["ko-KR", "ar-SA"] {
        let dir = root().join(corpus).join(locale);
        if !dir.is_dir() {
            eprintln!("note: {} is missing; the seeds only", dir.display());
            continue;
        }
        let mut files: Vec<PathBuf> = walk(&dir)
            .into_iter()
            .map(|p| corpus.join(locale).join(p.strip_prefix(&dir).unwrap()))
            .collect();
        files.sort();
        paths.extend(
            files
                .iter()
                .step_by(10)
                .map(|p| p.to_string_lossy().into_owned()),
        );
    }
    paths
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

fn loclint(args: &[String]) -> common::Run {
    let mut cmd = Command::cargo_bin("loclint").unwrap();
    cmd.args(args).current_dir(root());
    let strs: Vec<&str> = args.iter().map(String::as_str).collect();
    common::finish(cmd.output().unwrap(), &strs)
}

/// (path, rule, severity) of every finding in the dumped DOM.
fn dom_findings(dom: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut path = String::new();
    let mut rest = dom;
    loop {
        let section = rest.find("<section class=\"file\" data-path=\"");
        let article = rest.find("<article ");
        match (section, article) {
            (Some(s), a) if a.is_none_or(|a| s < a) => {
                let from = s + "<section class=\"file\" data-path=\"".len();
                let end = from + rest[from..].find('"').unwrap();
                path = rest[from..end].replace("&amp;", "&");
                rest = &rest[end..];
            }
            (_, Some(a)) => {
                let end = a + rest[a..].find('>').unwrap();
                let tag = &rest[a..end];
                let attr = |name: &str| {
                    let key = format!("{name}=\"");
                    let at = tag.find(&key)? + key.len();
                    Some(tag[at..at + tag[at..].find('"')?].to_string())
                };
                out.push((
                    path.clone(),
                    attr("data-rule").expect("data-rule"),
                    attr("data-severity").expect("data-severity"),
                ));
                assert!(attr("data-locale").is_some(), "{tag}");
                rest = &rest[end..];
            }
            _ => break,
        }
    }
    out
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

#[test]
fn the_report_in_chromium_has_every_finding_and_loads_nothing() {
    let Some(browser) = chromium() else { return };
    let target = root().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let html_path = target.join("html-report.html");
    let png_path = target.join("html-report.png");
    let _ = std::fs::remove_file(&png_path);
    let paths = inputs();
    let mut args: Vec<String> = ["check", "--format", "html", "--output-file"]
        .map(String::from)
        .to_vec();
    args.push(html_path.to_string_lossy().into_owned());
    args.extend(paths.iter().cloned());
    let run = loclint(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut args: Vec<String> = ["check", "--format", "json"].map(String::from).to_vec();
    args.extend(paths.iter().cloned());
    let json: Value = serde_json::from_str(&loclint(&args).stdout).unwrap();
    let expected: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(expected.len() >= 20, "{} findings", expected.len());

    // The page as written: nothing that points outside it.
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
        "no CSP"
    );
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            assert!(
                value.starts_with('#'),
                "{attr}{}",
                &value[..value.len().min(60)]
            );
        }
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
    assert_eq!(html.matches("data-rule=").count(), expected.len());

    // Rendered: the script ran, every finding is there once.
    let rendered = render(browser, &file_url(&html_path), None);
    assert!(
        rendered.dom.contains("data-ready=\"1\""),
        "the script did not run"
    );
    let found = dom_findings(&rendered.dom);
    assert_eq!(
        found.len(),
        expected.len(),
        "one [data-rule] element per finding"
    );
    assert_eq!(sorted(found), sorted(expected.clone()));
    assert!(
        rendered.page_requests.is_empty(),
        "the page loaded {:?}",
        rendered.page_requests
    );
    // The network check can see a page that loads something.
    let dir = tempfile::tempdir().unwrap();
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<html><body><img src=\"http://loclint-test.invalid/x.png\"></body></html>",
    )
    .unwrap();
    let loads = render(browser, &file_url(&control), None);
    assert_eq!(loads.page_requests, ["http://loclint-test.invalid/x.png"]);

    // The screenshot of the overview, kept for people to look at.
    render(browser, &file_url(&html_path), Some(&png_path));
    let png = std::fs::read(&png_path).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png.len() > 20_000, "{} bytes", png.len());
}

#[test]
fn filters_hide_the_other_findings() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("seeds.html");
    let args: Vec<String> = ["check", "--format", "html", "--output-file"]
        .map(String::from)
        .into_iter()
        .chain([html_path.to_string_lossy().into_owned(), "examples/".into()])
        .collect();
    loclint(&args);
    let json: Value = serde_json::from_str(
        &loclint(&["check", "--format", "json", "examples/"].map(String::from)).stdout,
    )
    .unwrap();
    let all = json["diagnostics"].as_array().unwrap();
    let count = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|d| f(d)).count();
    let cases: Vec<(&str, usize)> = vec![
        ("severity=error", count(&|d| d["severity"] == "error")),
        (
            "rule=term-not-preferred",
            count(&|d| d["rule"] == "term-not-preferred"),
        ),
        (
            "locale=zh-TW&category=links",
            count(&|d| d["path"].as_str().unwrap().contains("zh-TW") && d["category"] == "links"),
        ),
        ("", all.len()),
    ];
    for (filter, expected) in cases {
        assert!(expected > 0, "{filter}");
        let url = format!("{}#filter:{filter}", file_url(&html_path));
        let dom = render(browser, &url, None).dom;
        let articles: Vec<&str> = dom
            .match_indices("<article ")
            .map(|(i, _)| &dom[i..i + dom[i..].find('>').unwrap()])
            .collect();
        assert_eq!(articles.len(), all.len());
        let shown = articles.iter().filter(|a| !a.contains(" hidden")).count();
        assert_eq!(shown, expected, "#filter:{filter}");
        assert!(
            dom.contains(&format!("<b id=\"shown\">{expected}</b>")),
            "{filter}"
        );
        // A file with nothing shown is hidden as a whole.
        let visible_sections = dom
            .match_indices("<section class=\"file\"")
            .filter(|(i, _)| !dom[*i..*i + dom[*i..].find('>').unwrap()].contains("hidden"))
            .count();
        assert!(visible_sections >= 1);
    }
}

/// The human format's right-to-left excerpts are laid out in stored order by a
/// bidirectional renderer: every character of an excerpt line stands right of the one
/// stored before it, so the marks (counted in stored order) stand under the flagged text.
/// Without the LEFT-TO-RIGHT OVERRIDE around the excerpt, the same renderer reverses the
/// Arabic runs (the control below), which is why the override is there.
#[test]
fn right_to_left_excerpts_keep_stored_order_in_a_bidi_renderer() {
    let Some(browser) = chromium() else { return };
    let out = loclint(&["check", "--color", "never", "tests/fixtures/human/"].map(String::from));
    let excerpts: Vec<String> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_once(" │ ").map(|(_, t)| t.to_string()))
        .filter(|t| t.starts_with('\u{202D}'))
        .collect();
    assert!(
        excerpts.len() >= 5,
        "{} right-to-left excerpts",
        excerpts.len()
    );
    let page = |lines: &[String]| {
        let body: String = lines
            .iter()
            .map(|l| format!("<div class=\"l\">{}</div>", html_escape(l)))
            .collect();
        format!(
            "<html><head><meta charset=\"utf-8\"><style>.l{{white-space:pre;font:16px monospace}}</style></head><body>{body}<script>
var bad = 0;
document.querySelectorAll('.l').forEach(function (div) {{
  var t = div.firstChild, r = document.createRange(), last = -1;
  for (var i = 0; i < t.data.length; i++) {{
    var c = t.data.charCodeAt(i);
    if (c === 0x202D || c === 0x202C || (c >= 0x64B && c <= 0x652) || (c >= 0xDC00 && c <= 0xDFFF)) continue;
    r.setStart(t, i); r.setEnd(t, i + 1);
    var x = r.getBoundingClientRect().left;
    if (x + 0.5 < last) {{ bad++; break; }}
    last = x;
  }}
}});
document.body.setAttribute('data-out-of-order', bad);
</script></body></html>"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, lines: &[String]| -> usize {
        let path = dir.path().join(name);
        std::fs::write(&path, page(lines)).unwrap();
        let dom = render(browser, &file_url(&path), None).dom;
        let at = dom.find("data-out-of-order=\"").expect("script ran") + 19;
        dom[at..at + dom[at..].find('"').unwrap()].parse().unwrap()
    };
    assert_eq!(
        check("lro.html", &excerpts),
        0,
        "excerpts out of stored order"
    );
    let stripped: Vec<String> = excerpts
        .iter()
        .map(|l| l.replace(['\u{202D}', '\u{202C}'], ""))
        .collect();
    assert!(
        check("plain.html", &stripped) > 0,
        "the control: without the override, Arabic runs are reordered"
    );
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
