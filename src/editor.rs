//! What the language server offers besides diagnostics and quick fixes: it notices when a
//! configuration changes on disk, fixes every safe finding of a file at once
//! (`source.fixAll`), and suppresses one finding with the comment loclint understands.

use crate::config::{self, Resolver};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::server::Positions;
use lsp_types as lsp;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The code action kind of "fix all safe findings".
pub const FIX_ALL: &str = "source.fixAll.loclint";

/// The glob patterns the client is asked to watch.
pub const WATCHED: [&str; 2] = ["**/loclint.toml", "**/.loclint.toml"];

/// `client/registerCapability` params: watch the configuration files.
pub fn watch_registration() -> lsp::RegistrationParams {
    let watchers = WATCHED
        .iter()
        .map(|g| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String((*g).to_string()),
            kind: None,
        })
        .collect();
    let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
    lsp::RegistrationParams {
        registrations: vec![lsp::Registration {
            id: "loclint-configuration".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    }
}

/// Whether the client can watch files for the server (dynamic registration).
pub fn client_watches(initialize_params: &serde_json::Value) -> bool {
    initialize_params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The files whose content decides the open documents' settings, with their modification
/// times: every place a `loclint.toml` could be found for them (so a new one is seen too),
/// the files those extend, and the glossary and do-not-translate files they name. A
/// change is noticed without the client's help (the fallback when it does not watch files).
#[derive(Default)]
pub struct ConfigWatch {
    stamps: HashMap<PathBuf, Stamp>,
}

impl ConfigWatch {
    fn watched(resolver: &Resolver, documents: &[PathBuf]) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for path in documents {
            let abs = config::absolute(path);
            for dir in abs.ancestors().skip(1) {
                out.extend(config::FILE_NAMES.iter().map(|n| dir.join(n)));
                if dir.join(".git").exists() {
                    break;
                }
            }
            if let Ok(settings) = resolver.settings_for(path)
                && let Some(c) = &settings.config
            {
                out.extend(c.files.iter().cloned());
                out.extend(c.glossary_files.values().flatten().cloned());
                out.extend(c.dnt_files.iter().cloned());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether a watched file changed (appeared, went away, was written) since the last
    /// call; files watched for the first time are only recorded.
    pub fn changed(&mut self, resolver: &Resolver, documents: &[PathBuf]) -> bool {
        let mut changed = false;
        for path in Self::watched(resolver, documents) {
            let now = stamp(&path);
            match self.stamps.insert(path, now) {
                Some(before) if before != now => changed = true,
                _ => {}
            }
        }
        changed
    }
}

/// Whether a client's `only` list asks for actions of `kind` (a kind covers its sub-kinds:
/// `source` and `source.fixAll` cover `source.fixAll.loclint`).
pub fn wanted(only: Option<&Vec<lsp::CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            k.is_empty() || k == kind || kind.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// One edit that turns `before` into `after`: the changed middle, between their common
/// start and end (on character boundaries).
fn minimal_edit(before: &str, after: &str, positions: &Positions) -> lsp::TextEdit {
    let mut start = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(start) || !after.is_char_boundary(start) {
        start -= 1;
    }
    let max_suffix = before.len().min(after.len()) - start;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    let range = crate::text::TextRange::new(start, before.len() - suffix);
    lsp::TextEdit::new(
        positions.range(range),
        after[start..after.len() - suffix].to_string(),
    )
}

/// "Fix all safe findings in this file": the safe fixes applied until nothing more can
/// be fixed, as one edit; None when there is nothing to fix.
pub fn fix_all(
    resolver: &Resolver,
    path: &Path,
    text: &str,
    positions: &Positions,
    uri: &lsp::Uri,
) -> Option<lsp::CodeAction> {
    let settings = resolver.settings_for(path).ok()?;
    if settings
        .config
        .as_ref()
        .is_some_and(|c| c.is_excluded(path))
    {
        return None;
    }
    let rules: Vec<&'static dyn Rule> = settings
        .enabled_rules()
        .into_iter()
        .filter(|r| !r.needs_project())
        .collect();
    let (fixed, applied, _) = crate::fix::fix_text(path, text, &rules, &settings, false).ok()?;
    if applied == 0 || fixed == text {
        return None;
    }
    let edit = minimal_edit(text, &fixed, positions);
    Some(lsp::CodeAction {
        title: format!(
            "Fix all safe findings in this file ({applied} fix{})",
            if applied == 1 { "" } else { "es" }
        ),
        kind: Some(lsp::CodeActionKind::new(FIX_ALL)),
        diagnostics: None,
        edit: Some(lsp::WorkspaceEdit::new(HashMap::from([(
            uri.clone(),
            vec![edit],
        )]))),
        command: None,
        is_preferred: None,
        disabled: None,
        data: None,
    })
}

const NEXT_LINE: &str = "loclint-disable-next-line";

/// "Suppress RULE on this line": a `<!-- loclint-disable-next-line RULE -->` line above the
/// finding's line (after the same indentation and `>` quote markers, so it stays in the
/// block), or RULE added to such a comment already there. None for a finding in the front
/// matter, where comments are not read.
pub fn suppress(
    text: &str,
    body_start: usize,
    finding: &Diagnostic,
    positions: &Positions,
    uri: &lsp::Uri,
    diagnostic: lsp::Diagnostic,
) -> Option<lsp::CodeAction> {
    let start = finding.range.start().min(text.len());
    if start < body_start {
        return None;
    }
    let rule = finding.rule.name;
    // Lines are found in the index, not by reading the text: a long line with many
    // findings costs what one finding does (the line above is a comment, read whole).
    let (line, span) = positions.line_at(start);
    let line_start = span.start();
    let content = span.slice(text);
    let prefix_len = content
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
        .count();
    let prefix = &content[..prefix_len];
    let eol = if content.ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    };
    // A disable-next-line comment on the line above: add the rule to it.
    let edit = if line > 0 {
        let above_span = positions.line_span(line - 1);
        let above_start = above_span.start();
        let above = above_span.slice(text).trim_end_matches('\r');
        let body = above.trim_start_matches([' ', '\t', '>']);
        match body
            .strip_prefix("<!--")
            .map(str::trim_start)
            .and_then(|b| b.strip_prefix(NEXT_LINE))
            .and_then(|rest| rest.trim_end().strip_suffix("-->"))
        {
            Some(names) if names.trim().is_empty() => return None,
            Some(names) => {
                let listed = names.split([',', ' ', '\t']).any(|n| n == rule);
                if listed {
                    return None;
                }
                let names_end = above_start
                    + (above.len() - body.len())
                    + body.find(NEXT_LINE)?
                    + NEXT_LINE.len()
                    + names.trim_end().len();
                let at = positions.position_in_line(line - 1, above_start, names_end);
                Some(lsp::TextEdit::new(
                    lsp::Range::new(at, at),
                    format!(", {rule}"),
                ))
            }
            None => None,
        }
    } else {
        None
    };
    let edit = edit.unwrap_or_else(|| {
        let at = positions.position_in_line(line, line_start, line_start);
        lsp::TextEdit::new(
            lsp::Range::new(at, at),
            format!("{prefix}<!-- {NEXT_LINE} {rule} -->{eol}"),
        )
    });
    Some(lsp::CodeAction {
        title: format!("Suppress {rule} on this line"),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(lsp::WorkspaceEdit::new(HashMap::from([(
            uri.clone(),
            vec![edit],
        )]))),
        command: None,
        is_preferred: Some(false),
        disabled: None,
        data: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::Encoding;

    fn apply(text: &str, edit: &lsp::TextEdit) -> String {
        let p = Positions::new(text, Encoding::Utf16);
        let r = p.text_range(edit.range);
        let mut out = text.to_string();
        out.replace_range(r.as_range(), &edit.new_text);
        out
    }

    #[test]
    fn minimal_edits_keep_what_is_common() {
        let before = "앞 장치 뒤\r\n끝";
        let after = "앞 디바이스 뒤\r\n끝";
        let p = Positions::new(before, Encoding::Utf16);
        let edit = minimal_edit(before, after, &p);
        assert_eq!(edit.new_text, "디바이스");
        assert_eq!(apply(before, &edit), after);
        // Sharing a first byte inside a character is not sharing the character.
        let (b, a) = ("x가", "x각");
        let edit = minimal_edit(b, a, &Positions::new(b, Encoding::Utf16));
        assert_eq!(apply(b, &edit), a);
    }

    /// The text after "suppress on this line", as the action was first written: the lines
    /// found by reading back and forward from the finding.
    fn suppressed_by_reading(
        text: &str,
        body_start: usize,
        at: usize,
        rule: &str,
    ) -> Option<String> {
        if at < body_start {
            return None;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let prefix_len = text[line_start..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
            .count();
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let eol = if text[..line_end].ends_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        let mut out = text.to_string();
        if line_start > 0 {
            let above_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            let above = text[above_start..line_start - 1].trim_end_matches('\r');
            let body = above.trim_start_matches([' ', '\t', '>']);
            if let Some(names) = body
                .strip_prefix("<!--")
                .map(str::trim_start)
                .and_then(|b| b.strip_prefix(NEXT_LINE))
                .and_then(|rest| rest.trim_end().strip_suffix("-->"))
            {
                if names.trim().is_empty() || names.split([',', ' ', '\t']).any(|n| n == rule) {
                    return None;
                }
                let names_end = above_start
                    + (above.len() - body.len())
                    + body.find(NEXT_LINE)?
                    + NEXT_LINE.len()
                    + names.trim_end().len();
                out.insert_str(names_end, &format!(", {rule}"));
                return Some(out);
            }
        }
        let prefix = &text[line_start..line_start + prefix_len];
        out.insert_str(
            line_start,
            &format!("{prefix}<!-- {NEXT_LINE} {rule} -->{eol}"),
        );
        Some(out)
    }

    #[test]
    fn suppressing_edits_what_reading_the_lines_would_in_both_encodings() {
        use crate::engine::{Settings, check_source};
        let body = [
            "<span data-ttu-id=\"a-1\">장치  쓰기</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-1\">Device writeback</span></span>",
            "> <!-- loclint-disable-next-line double-space -->",
            "> <span data-ttu-id=\"a-2\">😀 값  장치</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-2\">A device value</span></span>",
            "  <!--  loclint-disable-next-line   double-space  -->",
            "\t<span data-ttu-id=\"a-3\">끝  장치</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-3\">End device</span></span>",
            "<!-- loclint-disable-next-line -->",
            "<span data-ttu-id=\"a-4\">두  장치</span><span class=\"sxs-lookup\"><span data-stu-id=\"a-4\">Two devices</span></span>",
        ];
        let settings = Settings::default();
        let rules = settings.enabled_rules();
        let mut compared = 0;
        for (bom, eol, last_eol) in [
            ("", "\n", "\n"),
            ("\u{feff}", "\r\n", ""),
            ("", "\r\n", "\r\n"),
        ] {
            let text = format!(
                "{bom}---{eol}ms.contentlocale: ko-KR{eol}---{eol}{eol}{}{last_eol}",
                body.join(eol)
            );
            let findings =
                check_source(Path::new("a.md"), text.as_bytes(), &rules, &settings).diagnostics;
            assert!(findings.len() >= 6, "{findings:#?}");
            let body_start = crate::document::Document::parse(&text).body_start;
            let uri: lsp::Uri = "file:///a.md".parse().unwrap();
            for encoding in [Encoding::Utf16, Encoding::Utf8] {
                let positions = Positions::for_findings(&text, encoding, &findings);
                for f in &findings {
                    let diagnostic = crate::server::to_lsp(f, &positions, &uri);
                    let action = suppress(&text, body_start, f, &positions, &uri, diagnostic);
                    let applied = action.map(|a| {
                        let edits = &a.edit.unwrap().changes.unwrap()[&uri];
                        assert_eq!(edits.len(), 1);
                        let r = Positions::new(&text, encoding).text_range(edits[0].range);
                        assert!(r.is_empty(), "{:?}", edits[0]);
                        let mut out = text.clone();
                        out.insert_str(r.start(), &edits[0].new_text);
                        out
                    });
                    let start = f.range.start().min(text.len());
                    let expected = suppressed_by_reading(&text, body_start, start, f.rule.name);
                    assert_eq!(
                        applied, expected,
                        "{} at {start} ({encoding:?})",
                        f.rule.name
                    );
                    compared += usize::from(applied.is_some());
                }
            }
        }
        assert!(compared >= 24, "{compared}");
    }

    #[test]
    fn kinds_cover_their_sub_kinds() {
        let only = |k: &[&str]| {
            k.iter()
                .map(|s| lsp::CodeActionKind::from(s.to_string()))
                .collect::<Vec<_>>()
        };
        assert!(wanted(None, FIX_ALL));
        assert!(wanted(Some(&only(&["source.fixAll"])), FIX_ALL));
        assert!(wanted(Some(&only(&["source"])), FIX_ALL));
        assert!(!wanted(Some(&only(&["source.fix"])), FIX_ALL));
        assert!(!wanted(Some(&only(&["quickfix"])), FIX_ALL));
    }
}
