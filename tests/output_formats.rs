//! The real `loclint` binary with `--format sarif|github|checkstyle`, `--output-file`,
//! `--quiet` and `--statistics`. SARIF logs are validated against the official SARIF 2.1.0
//! JSON schema (tests/fixtures/sarif/sarif-schema-2.1.0.json, the OASIS errata01 text);
//! positions are recomputed here from the files' bytes.

mod common;
use assert_cmd::Command;
use common::Run;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const KO: &str = "examples/device-writeback.ko-KR.md";
const ZH: &str = "examples/device-writeback.zh-TW.md";

/// Runs the binary in `dir` (the crate root when None).
fn run_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("loclint").expect("loclint binary");
    cmd.args(args)
        .env("NO_COLOR", "1")
        .current_dir(dir.map_or_else(root, Path::to_path_buf));
    common::finish(cmd.output().expect("run loclint"), args)
}

fn run(args: &[&str]) -> Run {
    run_in(None, args)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    })
}

fn schema_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let text =
            std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
                .expect("schema fixture");
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
        assert_eq!(
            schema["title"],
            "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
        );
        jsonschema::draft4::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema compiles")
    })
}

fn schema_errors(doc: &Value) -> Vec<String> {
    schema_validator()
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Checks every `uri` in a SARIF log against RFC 3986's characters: unreserved,
/// reserved, and `%` followed by two hex digits (JSON Schema's `uri-reference` format
/// check in the validator is more lenient than that).
fn strict_uris(doc: &Value) {
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                if let (true, Value::String(uri)) = (key == "uri", value) {
                    let b = uri.as_bytes();
                    let mut i = 0;
                    while i < b.len() {
                        if b[i] == b'%' {
                            assert!(
                                b.len() > i + 2
                                    && b[i + 1].is_ascii_hexdigit()
                                    && b[i + 2].is_ascii_hexdigit(),
                                "bad %-escape in {uri:?}"
                            );
                            i += 3;
                            continue;
                        }
                        assert!(
                            b[i].is_ascii_alphanumeric()
                                || b"-._~:/?#[]@!$&'()*+,;=".contains(&b[i]),
                            "{:?} in URI {uri:?}",
                            b[i] as char
                        );
                        i += 1;
                    }
                }
                strict_uris(value);
            }
        }
        Value::Array(items) => items.iter().for_each(strict_uris),
        _ => {}
    }
}

/// Parses a SARIF log and checks it against the official schema.
fn sarif(run: &Run) -> Value {
    let doc = json_of(run);
    let errors = schema_errors(&doc);
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    strict_uris(&doc);
    assert_eq!(doc["version"], "2.1.0");
    doc
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

/// 1-based line and UTF-16 column of a byte offset, computed from the bytes.
fn utf16_position(bytes: &[u8], offset: usize) -> (u64, u64) {
    let line_start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let mut prefix = std::str::from_utf8(&bytes[line_start..offset]).expect("UTF-8 prefix");
    if line == 1 {
        prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
    }
    (line as u64, prefix.encode_utf16().count() as u64 + 1)
}

fn region_of(bytes: &[u8], start: usize, end: usize) -> Value {
    let (sl, sc) = utf16_position(bytes, start);
    let (el, ec) = utf16_position(bytes, end);
    json!({
        "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
        "byteOffset": start, "byteLength": end - start,
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A temporary folder with a file whose name has a space and a link whose URL has `<`,
/// `&`, `"` and a non-BMP character, plus a file with an invalid byte.
fn odd_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a b.ko-KR.md"), SPACED).unwrap();
    std::fs::write(
        dir.path().join("bad.ko-KR.md"),
        b"# \xEC\x9E\xA5\xEC\xB9\x98\n\nok \xFF here\n",
    )
    .unwrap();
    dir
}

const SPACED: &str = "<span data-ttu-id=\"abcde-101\">보기 [](https://x.test/?a=1&b=\"<😀>\")를 참조하세요.</span><span class=\"sxs-lookup\"><span data-stu-id=\"abcde-101\">See [the docs](https://x.test/?a=1&b=\"<😀>\").</span></span>\n";

#[test]
fn sarif_validates_on_the_seeds_and_odd_files() {
    for args in [
        &["check", "--format", "sarif", KO][..],
        &["check", "--format", "sarif", ZH],
        &["check", "--format", "sarif", "examples"],
    ] {
        let r = run(args);
        assert!(r.code < 2, "{args:?}: {}", r.stderr);
        let doc = sarif(&r);
        assert!(!results(&doc).is_empty());
    }
    let dir = odd_files();
    let r = run_in(Some(dir.path()), &["check", "--format", "sarif", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = sarif(&r);
    let uris: Vec<&str> = results(&doc)
        .iter()
        .map(|x| {
            x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"a%20b.ko-KR.md"), "{uris:?}");
    assert!(uris.contains(&"bad.ko-KR.md"), "{uris:?}");

    // The validation is not vacuous: a broken log fails it.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = json!("info");
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    let errors = schema_errors(&broken);
    assert_eq!(errors.len(), 3, "{errors:?}");
    // The schema's `uri-reference` check lets a space through; `strict_uris` does not.
    let mut spaced = doc.clone();
    spaced["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        json!("a b.md");
    assert!(std::panic::catch_unwind(|| strict_uris(&spaced)).is_err());
}

#[test]
fn sarif_driver_and_rules() {
    let doc = sarif(&run(&["check", "--format", "sarif", KO]));
    let run0 = &doc["runs"][0];
    assert_eq!(doc["$schema"], loclint::output::sarif::SCHEMA_URI);
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    assert_eq!(run0["tool"]["driver"]["name"], "loclint");
    assert_eq!(run0["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = json_of(&run(&["rules", "--format", "json"]));
    let listed = listed.as_array().unwrap();
    assert_eq!(rules.len(), listed.len());
    for (sarif_rule, rule) in rules.iter().zip(listed) {
        let name = rule["name"].as_str().unwrap();
        assert_eq!(sarif_rule["id"], name);
        assert_eq!(sarif_rule["shortDescription"]["text"], rule["summary"]);
        assert_eq!(sarif_rule["properties"]["category"], rule["category"]);
        let level = match rule["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(sarif_rule["defaultConfiguration"]["level"], level);
        // The doc is `loclint explain` less its two header lines.
        let explain = run(&["explain", name]).stdout;
        let doc_md = explain.splitn(3, "\n\n").nth(2).unwrap();
        assert_eq!(
            sarif_rule["help"]["markdown"].as_str().unwrap().trim(),
            doc_md.trim()
        );
        assert_eq!(
            sarif_rule["fullDescription"]["text"],
            sarif_rule["help"]["markdown"]
        );
    }
    let empty_link = rules.iter().find(|r| r["id"] == "empty-link-text").unwrap();
    assert_eq!(empty_link["name"], "EmptyLinkText");
    // ruleIndex points at the result's rule.
    for x in results(&doc) {
        let i = x["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], x["ruleId"]);
    }
    // The base URI is the current directory.
    let base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(base, format!("file://{}/", root().display()));
}

#[test]
fn sarif_values_on_the_ko_seed() {
    let bytes = std::fs::read(root().join(KO)).unwrap();
    let r = run(&["check", "--format", "sarif", KO]);
    let doc = sarif(&r);
    let json_doc = json_of(&run(&["check", "--format", "json", KO]));
    let res = results(&doc);
    assert_eq!(res.len(), json_doc["diagnostics"].as_array().unwrap().len());

    // The empty link `[](…)`, located here from the bytes: the only `[](` in the file.
    let start = find(&bytes, b"[](").expect("the empty link");
    let end = start + find(&bytes[start..], b")").unwrap() + 1;
    let hit: Vec<&Value> = res
        .iter()
        .filter(|x| x["ruleId"] == "empty-link-text")
        .collect();
    assert_eq!(hit.len(), 1);
    let hit = hit[0];
    assert_eq!(hit["level"], "error");
    assert_eq!(
        hit["message"]["text"],
        "link to `https://docs.microsoft.com/azure/active-directory/conditional-access/overview` has empty text"
    );
    let loc = &hit["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"],
        json!({"uri": KO, "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(loc["region"], region_of(&bytes, start, end));
    assert_eq!(loc["region"]["startLine"], 32);
    assert_eq!(
        hit["properties"],
        json!({"category": "links", "segment": "d58e0-108"})
    );
    // The label: the source's link text, as in --format json.
    let label = json_doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "empty-link-text")
        .unwrap()["labels"][0]
        .clone();
    let (ls, le) = (
        label["byte_range"][0].as_u64().unwrap() as usize,
        label["byte_range"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        std::str::from_utf8(&bytes[ls..le]).unwrap(),
        "Managing Risk with Conditional Access"
    );
    let related = &hit["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "the source's link text");
    assert_eq!(
        related["physicalLocation"]["region"],
        region_of(&bytes, ls, le)
    );

    // A fix: the first `장치` (device) rendering, replaced by `디바이스`.
    let fixed: Vec<&Value> = res.iter().filter(|x| x["fixes"].is_array()).collect();
    assert!(!fixed.is_empty());
    let first = fixed[0];
    assert_eq!(first["ruleId"], "term-not-preferred");
    assert_eq!(first["level"], "note");
    let replacement = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "디바이스");
    let deleted = &replacement["deletedRegion"];
    let (ds, dl) = (
        deleted["byteOffset"].as_u64().unwrap() as usize,
        deleted["byteLength"].as_u64().unwrap() as usize,
    );
    assert_eq!(std::str::from_utf8(&bytes[ds..ds + dl]).unwrap(), "장치");
    assert_eq!(*deleted, region_of(&bytes, ds, ds + dl));
    assert_eq!(
        first["fixes"][0]["description"]["text"],
        "Replace with \"디바이스\""
    );
    assert_eq!(first["fixes"][0]["properties"]["applicability"], "safe");
    assert_eq!(
        first["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"],
        KO
    );
}

#[test]
fn sarif_columns_are_utf16_and_uris_encoded() {
    let dir = odd_files();
    let abs = dir.path().join("a b.ko-KR.md");
    // An absolute path below the current directory is made relative to it.
    let r = run_in(
        Some(dir.path()),
        &["check", "--format", "sarif", abs.to_str().unwrap()],
    );
    let doc = sarif(&r);
    let bytes = SPACED.as_bytes();
    let start = find(bytes, b"[](").unwrap();
    let end = start + find(&bytes[start..], "😀>\")".as_bytes()).unwrap() + "😀>\")".len();
    let hit = results(&doc)
        .iter()
        .find(|x| x["ruleId"] == "empty-link-text")
        .unwrap();
    let loc = &hit["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"],
        json!({"uri": "a%20b.ko-KR.md", "uriBaseId": "%SRCROOT%"})
    );
    // 😀 is two UTF-16 code units: the end column is one more than in code points.
    assert_eq!(loc["region"], region_of(bytes, start, end));
    let code_points = SPACED[..end].chars().count() as u64 + 1;
    assert_eq!(loc["region"]["endColumn"], code_points + 1);
    assert_eq!(
        hit["message"]["text"],
        "link to `https://x.test/?a=1&b=\"<😀>\"` has empty text"
    );

    // A file outside the current directory gets an absolute file URI.
    let elsewhere = tempfile::tempdir().unwrap();
    let r = run_in(
        Some(elsewhere.path()),
        &["check", "--format", "sarif", abs.to_str().unwrap()],
    );
    let doc = sarif(&r);
    let uri = &results(&doc)[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        *uri,
        json!({"uri": format!("file://{}/a%20b.ko-KR.md", dir.path().display())})
    );

    // The invalid byte: its byte offset, and a one-column region at it.
    let r = run_in(
        Some(dir.path()),
        &["check", "--format", "sarif", "bad.ko-KR.md"],
    );
    assert_eq!(r.code, 1);
    let doc = sarif(&r);
    let hit = &results(&doc)[0];
    assert_eq!(hit["ruleId"], "invalid-encoding");
    let bad = std::fs::read(dir.path().join("bad.ko-KR.md")).unwrap();
    let at = find(&bad, b"\xFF").unwrap();
    assert_eq!(
        hit["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 5,
               "byteOffset": at, "byteLength": 1})
    );
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join(KO)).unwrap();
    let path = dir.path().join("device-writeback.ko-KR.md");
    let fingerprints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(&path, text).unwrap();
        let r = run_in(Some(dir.path()), &["check", "--format", "sarif", "."]);
        results(&sarif(&r))
            .iter()
            .map(|x| {
                (
                    x["partialFingerprints"]["loclint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    x["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&seed);
    // Three lines more after the front matter: every finding moves down three lines.
    let end_of_front_matter = seed.find("\n---\n").unwrap() + 5;
    let moved = format!(
        "{}\n\n\n{}",
        &seed[..end_of_front_matter],
        &seed[end_of_front_matter..]
    );
    let after = fingerprints(&moved);
    assert_eq!(before.len(), after.len());
    for ((fp_a, line_a), (fp_b, line_b)) in before.iter().zip(&after) {
        assert_eq!(fp_a, fp_b);
        assert_eq!(line_a + 3, *line_b);
    }
    // Distinct findings have distinct fingerprints (repeats are numbered).
    let mut unique: Vec<&String> = before.iter().map(|(f, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), before.len());
    // Recomputed from the documented recipe for the empty link.
    let bytes = seed.as_bytes();
    let start = find(bytes, b"[](").unwrap();
    let end = start + find(&bytes[start..], b")").unwrap() + 1;
    let expected = loclint::output::sarif::fingerprint(
        "empty-link-text",
        "device-writeback.ko-KR.md",
        Some("d58e0-108"),
        &bytes[start..end],
        1,
    );
    assert!(before.iter().any(|(f, _)| *f == expected), "{expected}");
}

#[test]
fn sarif_unreadable_file_is_a_notification() {
    let r = run(&["check", "--format", "sarif", KO, "no-such-file.md"]);
    assert_eq!(r.code, 2);
    let doc = sarif(&r);
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such-file.md"
    );
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("could not read the file: ")
    );
}

#[test]
fn github_annotations() {
    let bytes = std::fs::read(root().join(KO)).unwrap();
    let r = run(&["check", "--format", "github", KO]);
    assert_eq!(r.code, 1);
    let json_doc = json_of(&run(&["check", "--format", "json", KO]));
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        json_doc["diagnostics"].as_array().unwrap().len()
    );
    let start = find(&bytes, b"[](").unwrap();
    let end = start + find(&bytes[start..], b")").unwrap() + 1;
    let (l, c) = utf16_position(&bytes, start);
    let (el, ec) = utf16_position(&bytes, end);
    let expected = format!(
        "::error file={KO},line={l},col={c},endLine={el},endColumn={ec},title=loclint (empty-link-text)::link to `https://docs.microsoft.com/azure/active-directory/conditional-access/overview` has empty text (segment d58e0-108)"
    );
    // Property values escape `:` and `,`; messages only `%`, CR and LF (`:` stays).
    assert!(
        lines.contains(&expected.as_str()),
        "{expected}\n{}",
        r.stdout
    );
    // One line per finding, in order, with the severity's command.
    for (line, d) in lines
        .iter()
        .zip(json_doc["diagnostics"].as_array().unwrap())
    {
        let command = match d["severity"].as_str().unwrap() {
            "error" => "::error ",
            "warning" => "::warning ",
            _ => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        let title = format!(",title=loclint ({})::", d["rule"].as_str().unwrap());
        assert!(line.contains(&title), "{line}");
    }

    // Escaping in a file name (`,` and `:`) and in a message (`%`).
    let dir = tempfile::tempdir().unwrap();
    let text = SPACED.replace("?a=1&b=\"<😀>\"", "?q=100%25");
    std::fs::write(dir.path().join("x,y:z.ko-KR.md"), &text).unwrap();
    let r = run_in(
        Some(dir.path()),
        &["check", "--format", "github", "x,y:z.ko-KR.md"],
    );
    let start = text.find("[](").unwrap();
    let end = text.find("%25)").unwrap() + 4;
    assert_eq!(
        r.stdout,
        format!(
            "::error file=x%2Cy%3Az.ko-KR.md,line=1,col={},endLine=1,endColumn={},title=loclint (empty-link-text)::link to `https://x.test/?q=100%2525` has empty text (segment abcde-101)\n",
            text[..start].encode_utf16().count() + 1,
            text[..end].encode_utf16().count() + 1,
        )
    );
}

#[test]
fn checkstyle_xml() {
    let dir = odd_files();
    std::fs::write(dir.path().join("clean.md"), "# Title\n").unwrap();
    let r = run_in(Some(dir.path()), &["check", "--format", "checkstyle", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let xml = roxmltree::Document::parse(&r.stdout)
        .unwrap_or_else(|e| panic!("not XML ({e}):\n{}", r.stdout));
    let root_el = xml.root_element();
    assert_eq!(root_el.tag_name().name(), "checkstyle");
    assert_eq!(root_el.attribute("version"), Some("4.3"));
    let files: BTreeMap<&str, Vec<roxmltree::Node>> = root_el
        .children()
        .filter(|n| n.has_tag_name("file"))
        .map(|f| {
            (
                f.attribute("name").unwrap(),
                f.children().filter(|n| n.has_tag_name("error")).collect(),
            )
        })
        .collect();
    assert_eq!(
        files.keys().copied().collect::<Vec<_>>(),
        ["a b.ko-KR.md", "bad.ko-KR.md", "clean.md"]
    );
    assert!(files["clean.md"].is_empty());
    let link = files["a b.ko-KR.md"]
        .iter()
        .find(|e| e.attribute("source") == Some("loclint.empty-link-text"))
        .unwrap();
    // `<`, `&`, `"` and 😀 come back exactly from the parsed attribute.
    assert_eq!(
        link.attribute("message"),
        Some("link to `https://x.test/?a=1&b=\"<😀>\"` has empty text (segment abcde-101)")
    );
    assert_eq!(link.attribute("severity"), Some("error"));
    let start = SPACED.find("[](").unwrap();
    assert_eq!(link.attribute("line"), Some("1"));
    assert_eq!(
        link.attribute("column"),
        Some(
            (SPACED[..start].encode_utf16().count() + 1)
                .to_string()
                .as_str()
        )
    );
    let bad = &files["bad.ko-KR.md"];
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].attribute("source"), Some("loclint.invalid-encoding"));
    assert_eq!(bad[0].attribute("line"), Some("3"));
    assert_eq!(bad[0].attribute("column"), Some("4"));
    // The raw text escapes them.
    assert!(
        r.stdout.contains("b=&quot;&lt;😀&gt;&quot;"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("a=1&amp;b"));

    // Severities on the seed: as in --format json.
    let r = run(&["check", "--format", "checkstyle", KO]);
    let xml = roxmltree::Document::parse(&r.stdout).unwrap();
    let severities: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .map(|n| n.attribute("severity").unwrap())
        .collect();
    let json_doc = json_of(&run(&["check", "--format", "json", KO]));
    let expected: Vec<&str> = json_doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, expected);
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.sarif");
    std::fs::write(&out, "x".repeat(1_000_000)).unwrap();
    let r = run(&[
        "check",
        "--format",
        "sarif",
        "--output-file",
        out.to_str().unwrap(),
        KO,
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(&out).unwrap();
    // Truncated, and the same report as on stdout.
    let on_stdout = run(&["check", "--format", "sarif", KO]).stdout;
    assert_eq!(written, on_stdout);

    // Human output into a file: no colors with --color auto, summary included.
    let txt = dir.path().join("report.txt");
    let r = run(&["check", "--output-file", txt.to_str().unwrap(), KO]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let written = std::fs::read_to_string(&txt).unwrap();
    assert!(!written.contains('\x1b'));
    assert!(written == run(&["check", KO]).stdout, "differs from stdout");
    assert!(
        written
            .lines()
            .any(|l| l.starts_with("1 file checked: 1 error,")),
        "{written}"
    );

    // Unwritable: a missing folder, and a folder itself.
    for bad in [
        dir.path().join("no/such/dir/x.json"),
        dir.path().to_path_buf(),
    ] {
        let r = run(&[
            "check",
            "--format",
            "json",
            "--output-file",
            bad.to_str().unwrap(),
            KO,
        ]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_eq!(r.stdout, "");
        assert!(
            r.stderr
                .starts_with(&format!("error: --output-file {}: ", bad.display())),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn quiet() {
    let clean = root().join("tests/fixtures/cli/clean.md");
    let r = run(&["check", "--quiet", clean.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    let loud = run(&["check", KO]);
    let quiet = run(&["check", "--quiet", KO]);
    assert_eq!(quiet.code, 1);
    assert!(!quiet.stdout.contains("checked:"));
    // The summary: what was found, then what --fix would fix.
    let at = loud
        .stdout
        .find("1 file checked: 1 error,")
        .expect("summary");
    let summary = &loud.stdout[at..];
    assert_eq!(summary.lines().count(), 2, "{summary}");
    assert!(summary.contains("fixable with --fix"), "{summary}");
    assert!(
        format!("{}{summary}", quiet.stdout) == loud.stdout,
        "--quiet is not the output less its summary"
    );
    // Machine formats are unchanged.
    let r = run(&["check", "--quiet", "--format", "json", KO]);
    assert_eq!(r.stdout, run(&["check", "--format", "json", KO]).stdout);
}

#[test]
fn statistics() {
    let json_doc = json_of(&run(&["check", "--format", "json", "examples"]));
    let mut expected: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for d in json_doc["diagnostics"].as_array().unwrap() {
        let key = (
            d["rule"].as_str().unwrap().to_string(),
            d["category"].as_str().unwrap().to_string(),
            d["severity"].as_str().unwrap().to_string(),
        );
        *expected.entry(key).or_default() += 1;
    }
    let mut rows: Vec<((String, String, String), u64)> = expected.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.0.cmp(&b.0.0)));

    let r = run(&["check", "--statistics", "--format", "json", "examples"]);
    assert_eq!(r.code, 1);
    let want: Vec<Value> = rows
        .iter()
        .map(|((rule, cat, sev), n)| json!({"rule": rule, "category": cat, "severity": sev, "count": n}))
        .collect();
    assert_eq!(json_of(&r), Value::Array(want));

    let r = run(&["check", "--statistics", "examples"]);
    assert_eq!(r.code, 1);
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let rule_w = rows.iter().map(|r| r.0.0.len()).max().unwrap();
    let cat_w = rows.iter().map(|r| r.0.1.len()).max().unwrap().max(8);
    let mut table = format!(
        "count  {:rule_w$}  {:cat_w$}  severity\n",
        "rule", "category"
    );
    for ((rule, cat, sev), n) in &rows {
        table += &format!("{n:>5}  {rule:rule_w$}  {cat:cat_w$}  {sev}\n");
    }
    table += &format!("{total:>5}  total\n");
    assert_eq!(r.stdout, table);

    // --quiet: the rows only; nothing for a clean file.
    let r = run(&["check", "--statistics", "--quiet", "examples"]);
    assert_eq!(r.stdout.lines().count(), rows.len());
    let clean = root().join("tests/fixtures/cli/clean.md");
    let r = run(&["check", "--statistics", "--quiet", clean.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));

    // An unreadable file is named on stderr (the table has no place for it): exit 2.
    let r = run(&["check", "--statistics", KO, "no-such-file.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("error: no-such-file.md: "),
        "{}",
        r.stderr
    );
    assert!(r.stdout.ends_with("  total\n"));

    // Only human and JSON.
    let r = run(&["check", "--statistics", "--format", "sarif", KO]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("--statistics"), "{}", r.stderr);
}
