//! `--format sarif`: one SARIF 2.1.0 log with one run.
//!
//! - `tool.driver.rules` lists every rule (not only the enabled ones), so `ruleIndex` is the
//!   rule's place in `loclint rules`.
//! - Regions: `startLine`/`startColumn`/`endLine`/`endColumn` are 1-based; columns count
//!   UTF-16 code units (`run.columnKind` is `utf16CodeUnits`, SARIF's default); a BOM at the
//!   start of a file is not a column. `byteOffset`/`byteLength` are the finding's byte range
//!   in the file as stored (a BOM counts), as in `--format json`.
//! - `artifactLocation.uri` is the path relative to the current directory, `/`-separated and
//!   %-encoded (every byte but `A-Z a-z 0-9 - . _ ~ /`), with `uriBaseId` `%SRCROOT%`, which
//!   `run.originalUriBaseIds` maps to the current directory. A file outside the current
//!   directory gets an absolute `file://` URI.
//! - `partialFingerprints["loclint/v1"]` is stable when lines move: see [`fingerprint`].
//! - Labels become `relatedLocations`; a fix becomes `fixes[0]`, whose replacements delete
//!   the edit's region (line/column and byte range) and insert its content.
//! - Files that could not be read become `invocations[0].toolExecutionNotifications`, and
//!   make `executionSuccessful` false.

use super::Style;
use super::{FileView, RecordSink, Totals};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::FileReport;
use crate::rules;
use crate::text::{Places, TextRange};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `uriBaseId` of every relative artifact URI: the directory loclint ran in.
pub const SRCROOT: &str = "%SRCROOT%";
/// The key of loclint's partial fingerprint (bump the version if its recipe changes).
pub const FINGERPRINT_KEY: &str = "loclint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<HashMap<&'static str, ArtifactLocation>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: String,
    short_description: MultiformatMessage,
    full_description: MultiformatMessage,
    help: MultiformatMessage,
    default_configuration: ReportingConfiguration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct MultiformatMessage {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
struct ReportingConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
    tags: [&'static str; 2],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: [Location; 1],
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: u32,
    byte_length: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Content<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    properties: ResultProperties<'a>,
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `empty-link-text` → `EmptyLinkText` (SARIF's `name` is an identifier-like word).
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn rule_descriptors() -> Vec<ReportingDescriptor> {
    rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            let doc = m.doc_with_locale();
            ReportingDescriptor {
                id: m.name,
                name: pascal_case(m.name),
                short_description: MultiformatMessage {
                    text: m.summary.to_string(),
                    markdown: None,
                },
                full_description: MultiformatMessage {
                    text: doc.clone(),
                    markdown: Some(doc.clone()),
                },
                help: MultiformatMessage {
                    text: doc.clone(),
                    markdown: Some(doc),
                },
                default_configuration: ReportingConfiguration {
                    level: level(m.default_severity),
                },
                properties: RuleProperties {
                    category: m.category.as_str(),
                    tags: ["localization", m.category.as_str()],
                },
            }
        })
        .collect()
}

/// Appends `bytes` %-encoded for a URI path: unreserved characters and `/` stay as they are.
fn percent_encode(bytes: &[u8], out: &mut String) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The `/`-joined, %-encoded components of a relative path (`.` dropped).
fn relative_uri(path: &Path) -> String {
    let mut uri = String::new();
    for c in path.components() {
        let part: &[u8] = match c {
            Component::CurDir => continue,
            Component::ParentDir => b"..",
            Component::Normal(s) => s.as_encoded_bytes(),
            Component::RootDir | Component::Prefix(_) => continue,
        };
        if !uri.is_empty() {
            uri.push('/');
        }
        percent_encode(part, &mut uri);
    }
    uri
}

/// A `file://` URI of an absolute path (a Windows drive keeps its colon: `file:///C:/x`).
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                uri.push('/');
                let s = p.as_os_str().to_string_lossy();
                for part in s.split(':') {
                    if !uri.ends_with('/') {
                        uri.push(':');
                    }
                    percent_encode(part.replace('\\', "/").as_bytes(), &mut uri);
                }
            }
            Component::RootDir => uri.push('/'),
            Component::CurDir => {}
            Component::ParentDir => uri.push_str("../"),
            Component::Normal(s) => {
                percent_encode(s.as_encoded_bytes(), &mut uri);
                uri.push('/');
            }
        }
    }
    if uri.ends_with('/') && uri.len() > "file:///".len() {
        uri.pop();
    }
    uri
}

/// Where a report's file is: relative to `cwd` (with `%SRCROOT%`) when it can be.
fn artifact_location(path: &Path, cwd: Option<&Path>) -> ArtifactLocation {
    let leaves_cwd = path.components().any(|c| c == Component::ParentDir);
    if leaves_cwd {
        // `../x.md` is above the root a code-scanning upload resolves against: resolve it.
        let normalized = crate::config::absolute(path);
        return artifact_location(&normalized, cwd);
    }
    if path.is_absolute() {
        match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
            Some(rel) => ArtifactLocation {
                uri: relative_uri(rel),
                uri_base_id: Some(SRCROOT),
            },
            None => ArtifactLocation {
                uri: file_uri(path),
                uri_base_id: None,
            },
        }
    } else {
        ArtifactLocation {
            uri: relative_uri(path),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// The smallest char boundary at or above `offset`.
pub(crate) fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The offsets `utf16_span` looks up for `range`: an end inside a character (as where an
/// invalid byte became U+FFFD) moves to the character's end.
pub(crate) fn span_offsets(text: &str, range: TextRange) -> [usize; 2] {
    let end = ceil_char_boundary(text, range.end().min(text.len()));
    [range.start().min(end), end]
}

/// The 1-based UTF-16 line/column start and end of `range` (an end inside a character, as
/// where an invalid byte became U+FFFD, moves to the character's end); a leading BOM is not
/// a column. `places` must hold the offsets of [`span_offsets`].
pub(crate) fn utf16_span(
    places: &Places<'_>,
    text: &str,
    range: TextRange,
) -> ((usize, usize), (usize, usize)) {
    let [start, end] = span_offsets(text, range);
    (
        places.utf16_line_column(start),
        places.utf16_line_column(end),
    )
}

fn region(places: &Places<'_>, text: &str, range: TextRange) -> Region {
    let ((start_line, start_column), (end_line, end_column)) = utf16_span(places, text, range);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        byte_offset: range.start,
        byte_length: range.end - range.start,
    }
}

/// 64-bit FNV-1a: a small hash whose value never changes across platforms or Rust versions.
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator that cannot occur in rule names, URIs or segment IDs.
            hash ^= 0xff;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        for &b in *part {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The partial fingerprint of a finding, stable when lines are added or removed around it:
///
/// `format!("{:016x}:{n}", fnv1a64([rule, uri, segment, format!("{:016x}", fnv1a64([text]))]))`
///
/// where `rule` is the rule name, `uri` the artifact URI as written in the log (relative to
/// the current directory), `segment` the segment ID (empty when there is none), `text` the
/// bytes of the file at the finding's range, and `n` counts (from 1) the findings of the
/// same file with the same hash, in file order — so two identical findings in one segment
/// stay distinct. Line and column numbers are not part of it.
pub fn fingerprint(rule: &str, uri: &str, segment: Option<&str>, text: &[u8], n: usize) -> String {
    fingerprint_of_hash(rule, uri, segment, &text_hash(text), n)
}

/// The hash of a finding's text, as [`fingerprint`] writes it.
fn text_hash(text: &[u8]) -> String {
    format!("{:016x}", fnv1a64(&[text]))
}

/// [`fingerprint`] of a text whose hash is known.
fn fingerprint_of_hash(
    rule: &str,
    uri: &str,
    segment: Option<&str>,
    text_hash: &str,
    n: usize,
) -> String {
    let hash = fnv1a64(&[
        rule.as_bytes(),
        uri.as_bytes(),
        segment.unwrap_or("").as_bytes(),
        text_hash.as_bytes(),
    ]);
    format!("{hash:016x}:{n}")
}

/// What the fingerprints of one file's findings share: how many of each were given, and
/// the hash of each range's text (thousands of findings may flag one long target).
#[derive(Default)]
struct Fingerprints {
    seen: HashMap<String, usize>,
    text_hashes: HashMap<(usize, usize), String>,
}

fn result<'a>(
    d: &'a Diagnostic,
    rule_index: &HashMap<&'static str, usize>,
    artifact: &ArtifactLocation,
    index: &Places<'_>,
    text: &str,
    fingerprints: &mut Fingerprints,
) -> SarifResult<'a> {
    let at = |range: TextRange| PhysicalLocation {
        artifact_location: artifact.clone(),
        region: Some(region(index, text, range)),
    };
    let range = (
        d.range.start().min(text.len()),
        d.range.end().min(text.len()),
    );
    let text_hash = fingerprints
        .text_hashes
        .entry(range)
        .or_insert_with(|| text_hash(text.as_bytes().get(range.0..range.1).unwrap_or_default()));
    let base = fingerprint_of_hash(
        d.rule.name,
        &artifact.uri,
        d.segment.as_deref(),
        text_hash,
        0,
    );
    let n = fingerprints.seen.entry(base).or_insert(0);
    *n += 1;
    let fp = fingerprint_of_hash(
        d.rule.name,
        &artifact.uri,
        d.segment.as_deref(),
        text_hash,
        *n,
    );
    SarifResult {
        rule_id: d.rule.name,
        rule_index: rule_index.get(d.rule.name).copied(),
        level: level(d.severity),
        message: Message {
            text: d.message.clone(),
        },
        locations: [Location {
            id: None,
            physical_location: at(d.range),
            message: None,
        }],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| Location {
                id: Some(i + 1),
                physical_location: at(l.range),
                message: Some(Message {
                    text: l.message.clone(),
                }),
            })
            .collect(),
        partial_fingerprints: HashMap::from([(FINGERPRINT_KEY, fp)]),
        fixes: d
            .fix
            .iter()
            .map(|f| SarifFix {
                description: Message {
                    text: f.message.clone(),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact.clone(),
                    replacements: f
                        .edits
                        .iter()
                        .map(|e| Replacement {
                            deleted_region: region(index, text, e.range),
                            inserted_content: Content { text: &e.content },
                        })
                        .collect(),
                }],
                properties: FixProperties {
                    applicability: f.applicability,
                },
            })
            .collect(),
        properties: ResultProperties {
            category: d.rule.category.as_str(),
            segment: d.segment.as_deref(),
        },
    }
}

/// The index of each rule in `tool.driver.rules`.
fn rule_indexes() -> &'static HashMap<&'static str, usize> {
    static INDEX: std::sync::OnceLock<HashMap<&'static str, usize>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        rules::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (r.meta().name, i))
            .collect()
    })
}

/// One result per finding, as it appears in `runs[0].results`.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    cwd: Option<&Path>,
    out: &mut dyn RecordSink,
) {
    let artifact = artifact_location(view.path, cwd);
    let text = view.text;
    let offsets = diagnostics.iter().flat_map(|d| {
        let labels = d.labels.iter().map(|l| l.range);
        let edits = d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.range));
        std::iter::once(d.range)
            .chain(labels)
            .chain(edits)
            .flat_map(|r| span_offsets(text, r))
    });
    let places = Places::new(text, offsets);
    let mut fingerprints = Fingerprints::default();
    for d in diagnostics {
        let record = result(
            d,
            rule_indexes(),
            &artifact,
            &places,
            text,
            &mut fingerprints,
        );
        out.record(d, &mut |bytes| {
            super::write_indented_json(&record, 8, bytes)
        });
    }
}

/// The log with an empty `results` list, split at the list.
pub(super) fn frame(totals: &Totals, cwd: Option<&Path>) -> (Vec<u8>, Vec<u8>) {
    let notifications: Vec<Notification> = totals
        .file_errors
        .iter()
        .map(|(path, err)| Notification {
            level: "error",
            message: Message {
                text: format!("could not read the file: {err}"),
            },
            locations: [Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(path, cwd),
                    region: None,
                },
                message: None,
            }],
        })
        .collect();
    let information_uri = Some(env!("CARGO_PKG_REPOSITORY")).filter(|s| !s.is_empty());
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "loclint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri,
                    rules: rule_descriptors(),
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: cwd.map(|cwd| {
                let mut uri = file_uri(cwd);
                if !uri.ends_with('/') {
                    uri.push('/');
                }
                HashMap::from([(
                    SRCROOT,
                    ArtifactLocation {
                        uri,
                        uri_base_id: None,
                    },
                )])
            }),
            column_kind: "utf16CodeUnits",
            results: Vec::new(),
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("serializable");
    text.push('\n');
    super::split_at_empty_list(text, "results")
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let cwd = std::env::current_dir().ok();
    super::write_reports(&Style::Sarif { cwd }, reports, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn uris() {
        assert_eq!(relative_uri(Path::new("./a b/ü.md")), "a%20b/%C3%BC.md");
        assert_eq!(relative_uri(Path::new("../x:y#1.md")), "../x%3Ay%231.md");
        assert_eq!(file_uri(Path::new("/tmp/a b")), "file:///tmp/a%20b");
        assert_eq!(file_uri(Path::new("/")), "file:///");
        let cwd = PathBuf::from("/work/main");
        let loc = artifact_location(Path::new("/work/main/docs/x.md"), Some(&cwd));
        assert_eq!(
            (loc.uri.as_str(), loc.uri_base_id),
            ("docs/x.md", Some(SRCROOT))
        );
        let loc = artifact_location(Path::new("/elsewhere/x.md"), Some(&cwd));
        assert_eq!(
            (loc.uri.as_str(), loc.uri_base_id),
            ("file:///elsewhere/x.md", None)
        );
    }

    #[test]
    fn utf16_columns_and_bom() {
        let text = "\u{feff}a😀b\n";
        let b = text.find('b').unwrap();
        let places = Places::new(text, [b, 3]);
        // BOM not counted; 😀 is two UTF-16 code units.
        assert_eq!(places.utf16_line_column(b), (1, 4));
        assert_eq!(places.utf16_line_column(3), (1, 1));
    }

    #[test]
    fn fingerprint_ignores_position() {
        let a = fingerprint("r", "x.md", Some("d58e0-101"), "장치".as_bytes(), 1);
        assert_eq!(
            a,
            fingerprint("r", "x.md", Some("d58e0-101"), "장치".as_bytes(), 1)
        );
        assert_ne!(
            a,
            fingerprint("r", "x.md", Some("d58e0-102"), "장치".as_bytes(), 1)
        );
        assert!(a.ends_with(":1") && a.len() == 18);
        // FNV-1a 64 reference value for "a".
        assert_eq!(fnv1a64(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
    }
}
