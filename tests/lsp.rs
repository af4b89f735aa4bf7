//! `loclint server` driven over JSON-RPC on stdin/stdout, as an editor would.
//!
//! A small client writes Content-Length framed messages to the real binary and a reader
//! thread parses what comes back; every wait has a timeout, so a hung server fails the
//! test instead of blocking it. Expected positions are computed here from the file text,
//! not with loclint's own conversions.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);
const KO_SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/device-writeback.ko-KR.md"
);
const ZH_SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/device-writeback.zh-TW.md"
);

// ---------------------------------------------------------------------------------------
// The client.

/// A field the client adds to each message it receives: microseconds from [`epoch`] to
/// the moment the message had fully arrived.
const ARRIVED: &str = "_arrived_us";

fn epoch() -> Instant {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages received while waiting for something else.
    stash: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loclint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loclint server");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        length = Some(v.trim().parse::<usize>().expect("Content-Length"));
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                // When the whole message had arrived (before this client parses it).
                let arrived = epoch().elapsed().as_micros() as u64;
                let mut message: Value = serde_json::from_slice(&body).expect("JSON body");
                if let Some(object) = message.as_object_mut() {
                    object.insert(ARRIVED.to_string(), json!(arrived));
                }
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut child_stderr = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = child_stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            stash: VecDeque::new(),
            next_id: 1,
            stderr,
        }
    }

    fn write(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(&body).unwrap();
        stdin.flush().unwrap();
    }

    /// Writes one framed message with any body, JSON or not.
    fn write_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.write(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to {method} #{id}"), |m| {
            m["id"] == json!(id) && m.get("method").is_none()
        })
    }

    /// The `result` of a request that must succeed.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.stash.iter().position(&matches) {
            return self.stash.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if matches(&m) => return m,
                Ok(m) => self.stash.push_back(m),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for {what}; server stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the server closed stdout while we waited for {what}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> (Option<i64>, Vec<Value>) {
        let m = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        let version = m["params"]["version"].as_i64();
        (
            version,
            m["params"]["diagnostics"].as_array().unwrap().clone(),
        )
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        let result = self.call(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": null,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": true},
                        "codeAction": {"codeActionLiteralSupport": {
                            "codeActionKind": {"valueSet": ["quickfix"]}}}
                    }
                }
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// shutdown, then exit; returns the process's exit code.
    fn shutdown_and_exit(mut self) -> i32 {
        assert_eq!(self.call("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    fn wait_exit(&mut self) -> i32 {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("exited normally, not by a signal");
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Positions and edits, computed independently of loclint.

fn file_uri(path: &str) -> String {
    let mut uri = String::from("file://");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count()
}

/// (line, UTF-16 column), 0-based.
fn utf16_pos(text: &str, offset: usize) -> (u64, u64) {
    let start = line_start(text, offset);
    (
        line_of(text, offset) as u64,
        text[start..offset].encode_utf16().count() as u64,
    )
}

/// (line, UTF-8 byte column), 0-based.
fn utf8_pos(text: &str, offset: usize) -> (u64, u64) {
    (
        line_of(text, offset) as u64,
        (offset - line_start(text, offset)) as u64,
    )
}

fn char_column(text: &str, offset: usize) -> usize {
    text[line_start(text, offset)..offset].chars().count()
}

fn lsp_range(pos: impl Fn(&str, usize) -> (u64, u64), text: &str, r: Range<usize>) -> Value {
    let (sl, sc) = pos(text, r.start);
    let (el, ec) = pos(text, r.end);
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

/// The byte offset of an LSP position whose character counts UTF-16 units.
fn offset_of_utf16(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == character {
            return start + i;
        }
        assert!(units < character, "position inside a character");
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 positions) the way an editor does: all at once.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut byte_edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset_of_utf16(text, &e["range"]["start"]),
                offset_of_utf16(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    byte_edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in byte_edits {
        out.replace_range(start..end, new);
    }
    out
}

/// The byte range of a segment's target text (inside `<span data-ttu-id="ID">…</span>`).
fn target_of(text: &str, id: &str) -> Range<usize> {
    let open = format!("data-ttu-id=\"{id}\">");
    let start = text.find(&open).expect("segment") + open.len();
    start..start + text[start..].find("</span>").unwrap()
}

/// The byte range of a segment's English source.
fn source_of(text: &str, id: &str) -> Range<usize> {
    let open = format!("data-stu-id=\"{id}\">");
    let start = text.find(&open).expect("source segment") + open.len();
    start..start + text[start..].find("</span>").unwrap()
}

/// The first occurrence of `needle` inside `within`.
fn find_in(text: &str, within: Range<usize>, needle: &str) -> Range<usize> {
    let start = within.start + text[within].find(needle).expect(needle);
    start..start + needle.len()
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn at<'a>(diagnostics: &'a [Value], code: &str, range: &Value) -> Option<&'a Value> {
    diagnostics
        .iter()
        .find(|d| d["code"] == code && d["range"] == *range)
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn korean_seed_diagnostics_quick_fix_and_edits_in_utf16() {
    let text = std::fs::read_to_string(KO_SEED).unwrap();
    let uri = file_uri(KO_SEED);
    let mut client = Client::start();

    let init = client.initialize(&["utf-16"]);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.loclint"])
    );
    assert_eq!(init["serverInfo"]["name"], "loclint");

    client.open(&uri, "markdown", &text);
    let (version, diagnostics) = client.diagnostics(&uri);
    assert_eq!(version, Some(1));
    for d in &diagnostics {
        assert_eq!(d["source"], "loclint", "{d}");
        assert!(d["code"].is_string(), "{d}");
        assert!([1, 2, 3].contains(&d["severity"].as_i64().unwrap()), "{d}");
    }

    // empty-link-text: the whole `[](URL)` link in the target of d58e0-108.
    let url = "https://docs.microsoft.com/azure/active-directory/conditional-access/overview";
    let link = find_in(&text, target_of(&text, "d58e0-108"), &format!("[]({url})"));
    let expected = lsp_range(utf16_pos, &text, link.clone());
    let empty = at(&diagnostics, "empty-link-text", &expected)
        .unwrap_or_else(|| panic!("no empty-link-text at {expected}: {diagnostics:#?}"));
    assert_eq!(empty["severity"], 1);
    assert!(
        empty["message"]
            .as_str()
            .unwrap()
            .ends_with("(segment d58e0-108)"),
        "{empty}"
    );
    assert!(empty["message"].as_str().unwrap().contains(url), "{empty}");
    // On this Korean line bytes and UTF-16 units differ; the server counts UTF-16.
    assert_eq!(expected["start"]["line"], 31);
    let (_, byte_col) = utf8_pos(&text, link.start);
    assert_ne!(byte_col, expected["start"]["character"].as_u64().unwrap());
    // Its label: the link text of the English source, as related information.
    let source = source_of(&text, "d58e0-108");
    let url_in_source = find_in(&text, source.clone(), &format!("]({url})"));
    let open_bracket = source.start + text[source.start..url_in_source.start].rfind('[').unwrap();
    let related = &empty["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri.as_str());
    assert_eq!(
        related["location"]["range"],
        lsp_range(utf16_pos, &text, open_bracket + 1..url_in_source.start)
    );
    assert_eq!(related["message"], "the source's link text");

    // term-not-preferred: "장치" (device) in the heading segment d58e0-102.
    let jangchi = find_in(&text, target_of(&text, "d58e0-102"), "장치");
    let jangchi_range = lsp_range(utf16_pos, &text, jangchi.clone());
    let finding = at(&diagnostics, "term-not-preferred", &jangchi_range)
        .unwrap_or_else(|| panic!("no term-not-preferred at {jangchi_range}"));
    assert_eq!(finding["severity"], 3);
    let not_preferred_before = with_code(&diagnostics, "term-not-preferred").len();

    // The quick fix for it, asked for with the cursor inside the word.
    let cursor = json!({"line": jangchi_range["start"]["line"],
                        "character": jangchi_range["start"]["character"].as_u64().unwrap() + 1});
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": cursor, "end": cursor},
               "context": {"diagnostics": [finding]}}),
    );
    let actions = actions.as_array().unwrap();
    let action = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "term-not-preferred")
        .unwrap_or_else(|| panic!("no quick fix: {actions:#?}"));
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true, "{action}");
    assert!(
        action["title"].as_str().unwrap().contains("디바이스"),
        "{action}"
    );
    let edits = action["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(
        edits,
        &vec![json!({"range": jangchi_range, "newText": "디바이스"})]
    );
    // The other segments on that line (d58e0-102's term-inconsistent …) have no
    // other fixable finding touching the cursor; besides the fix, the finding can be
    // suppressed, and the whole file's safe findings fixed.
    let kinds: Vec<(&str, &str)> = actions
        .iter()
        .map(|a| (a["kind"].as_str().unwrap(), a["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|(k, _)| *k == "source.fixAll.loclint")
            .count(),
        1,
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("quickfix", "Suppress term-not-preferred on this line")),
        "{kinds:?}"
    );
    assert!(
        kinds
            .iter()
            .all(|(k, _)| *k == "quickfix" || *k == "source.fixAll.loclint")
    );

    // Apply it as an editor would and send the whole new text.
    let fixed = apply_edits(&text, edits);
    let mut by_hand = text.clone();
    by_hand.replace_range(jangchi.clone(), "디바이스");
    assert_eq!(fixed, by_hand);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let (version, after) = client.diagnostics(&uri);
    assert_eq!(version, Some(2));
    let new_range = lsp_range(
        utf16_pos,
        &fixed,
        jangchi.start..jangchi.start + "디바이스".len(),
    );
    assert!(
        after
            .iter()
            .all(|d| !(d["code"] == "term-not-preferred"
                && d["range"]["start"] == new_range["start"])),
        "the fixed finding is still reported: {after:#?}"
    );
    assert_eq!(
        with_code(&after, "term-not-preferred").len(),
        not_preferred_before - 1
    );
    // The empty link is still there, on the same line and UTF-16 column (the edit was on
    // another line).
    assert!(at(&after, "empty-link-text", &expected).is_some());

    // Incremental sync: fix "쓰기백" (writeback) by sending only the edited range.
    let sseugibaek = find_in(&fixed, target_of(&fixed, "d58e0-102"), "쓰기백");
    let range = lsp_range(utf16_pos, &fixed, sseugibaek.clone());
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let edit = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "term-not-preferred")
        .map(|a| a["edit"]["changes"][uri.as_str()][0].clone())
        .expect("a quick fix for 쓰기백");
    assert_eq!(edit["range"], range);
    let new_text = edit["newText"].as_str().unwrap().to_string();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"range": range, "text": new_text}]}),
    );
    let (version, after) = client.diagnostics(&uri);
    assert_eq!(version, Some(3));
    assert!(
        after
            .iter()
            .all(|d| d["range"]["start"] != range["start"] || d["code"] != "term-not-preferred"),
        "{after:#?}"
    );
    // The server's text now is ours: the empty link's position on the later line agrees.
    let mut ours = fixed.clone();
    ours.replace_range(sseugibaek, &new_text);
    let link = find_in(&ours, target_of(&ours, "d58e0-108"), &format!("[]({url})"));
    assert!(
        at(
            &after,
            "empty-link-text",
            &lsp_range(utf16_pos, &ours, link)
        )
        .is_some()
    );

    // Save re-publishes; close clears.
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    let (_, saved) = client.diagnostics(&uri);
    assert_eq!(saved, after);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let (_, closed) = client.diagnostics(&uri);
    assert!(closed.is_empty());

    assert_eq!(client.shutdown_and_exit(), 0);
}

/// A Korean line with an emoji (outside the BMP) before a finding: byte, character and
/// UTF-16 columns all differ, and the server reports UTF-16 columns.
const ASTRAL: &str = "---\nms.contentlocale: ko-KR\n---\n\n\
<span data-ttu-id=\"abc12-101\">😀 회사 장치를 등록합니다.</span><span class=\"sxs-lookup\"><span data-stu-id=\"abc12-101\">😀 Register the company device.</span></span>\n";

#[test]
fn surrogate_pairs_count_as_two_utf16_units() {
    let uri = "file:///tmp/loclint-lsp-test/astral.md";
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(uri, "markdown", ASTRAL);
    let (_, diagnostics) = client.diagnostics(uri);

    let jangchi = find_in(ASTRAL, target_of(ASTRAL, "abc12-101"), "장치");
    let bytes = utf8_pos(ASTRAL, jangchi.start).1 as usize;
    let chars = char_column(ASTRAL, jangchi.start);
    let units = utf16_pos(ASTRAL, jangchi.start).1 as usize;
    assert_eq!((bytes, chars, units), (42, 35, 36));
    let range = lsp_range(utf16_pos, ASTRAL, jangchi);
    assert_eq!(range["start"], json!({"line": 4, "character": 36}));
    assert_eq!(range["end"], json!({"line": 4, "character": 38}));
    let finding = at(&diagnostics, "term-not-preferred", &range)
        .unwrap_or_else(|| panic!("no term-not-preferred at {range}: {diagnostics:#?}"));

    // A code action asked for at the UTF-16 position of the finding edits exactly it.
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range,
               "context": {"diagnostics": [finding], "only": ["quickfix"]}}),
    );
    let edits = &actions[0]["edit"]["changes"][uri];
    assert_eq!(edits, &json!([{"range": range, "newText": "디바이스"}]));
    assert_eq!(
        apply_edits(ASTRAL, edits.as_array().unwrap()),
        ASTRAL.replacen("회사 장치", "회사 디바이스", 1)
    );
    // Only source actions wanted: no quick fixes.
    let none = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range,
               "context": {"diagnostics": [], "only": ["source.organizeImports"]}}),
    );
    assert_eq!(none, json!([]));
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn chinese_line_columns_are_utf16() {
    let text = std::fs::read_to_string(ZH_SEED).unwrap();
    let uri = file_uri(ZH_SEED);
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(&uri, "markdown", &text);
    let (_, diagnostics) = client.diagnostics(&uri);
    // "條件存取" (conditional access) in segment d1db2-108 is not the preferred "條件式存取".
    let term = find_in(&text, target_of(&text, "d1db2-108"), "條件存取");
    let range = lsp_range(utf16_pos, &text, term.clone());
    let (_, bytes) = utf8_pos(&text, term.start);
    assert_ne!(bytes, range["start"]["character"].as_u64().unwrap());
    assert!(
        at(&diagnostics, "term-not-preferred", &range).is_some(),
        "{range}"
    );
    assert!(
        at(&diagnostics, "term-inconsistent", &range).is_some(),
        "{range}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let uri = "file:///tmp/loclint-lsp-test/astral.md";
    let mut client = Client::start();
    let init = client.initialize(&["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(uri, "markdown", ASTRAL);
    let (_, diagnostics) = client.diagnostics(uri);
    let jangchi = find_in(ASTRAL, target_of(ASTRAL, "abc12-101"), "장치");
    let range = lsp_range(utf8_pos, ASTRAL, jangchi.clone());
    assert_eq!(range["start"], json!({"line": 4, "character": 42}));
    assert!(
        at(&diagnostics, "term-not-preferred", &range).is_some(),
        "{range}: {diagnostics:#?}"
    );
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][uri],
        json!([{"range": range, "newText": "디바이스"}])
    );
    // An incremental change in UTF-8 positions: replace the emoji (4 bytes) with "x".
    let emoji = find_in(ASTRAL, target_of(ASTRAL, "abc12-101"), "😀");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": lsp_range(utf8_pos, ASTRAL, emoji), "text": "x"}]}),
    );
    let (_, after) = client.diagnostics(uri);
    let edited = ASTRAL.replacen("😀", "x", 1);
    let jangchi = find_in(&edited, target_of(&edited, "abc12-101"), "장치");
    let moved = lsp_range(utf8_pos, &edited, jangchi);
    assert_eq!(moved["start"], json!({"line": 4, "character": 39}));
    assert!(
        at(&after, "term-not-preferred", &moved).is_some(),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn bad_input_gets_errors_not_crashes() {
    let uri = "file:///tmp/loclint-lsp-test/astral.md";
    let mut client = Client::start();
    client.initialize(&[]);

    // Unknown request: MethodNotFound; unknown notification: ignored.
    let response = client.request("textDocument/hover", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    client.notify("loclint/unknownNotification", json!({"x": 1}));
    // A second initialize is an invalid request.
    let response = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(response["error"]["code"], -32600, "{response}");
    // Params that do not parse: InvalidParams.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(response["error"]["code"], -32602, "{response}");

    // Requests and changes for a document that is not open.
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///nowhere.md"},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, json!([]));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.md", "version": 2},
               "contentChanges": [{"range": {"start": {"line": 5, "character": 3},
                                             "end": {"line": 9, "character": 1}}, "text": "x"}]}),
    );

    client.open(uri, "markdown", ASTRAL);
    let (_, diagnostics) = client.diagnostics(uri);
    assert!(!diagnostics.is_empty());
    // Positions past the end, reversed ranges, the middle of a surrogate pair.
    for range in [
        json!({"start": {"line": 1_000_000, "character": 0}, "end": {"line": 2_000_000, "character": 4_000_000_000u32}}),
        json!({"start": {"line": 4, "character": 4_000_000_000u32}, "end": {"line": 0, "character": 0}}),
        json!({"start": {"line": 4, "character": 31}, "end": {"line": 4, "character": 31}}),
    ] {
        let response = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        assert!(response["result"].is_array(), "{range}: {response}");
    }
    // A reversed range covering the whole line still finds the fix.
    let response = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 5, "character": 0}, "end": {"line": 4, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert!(
        response
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["edit"]["changes"][uri][0]["newText"] == "디바이스"),
        "{response}"
    );
    // Edits with ranges out of bounds are clamped; the server keeps going.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [
                   {"range": {"start": {"line": 4, "character": 1}, "end": {"line": 4, "character": 1}}, "text": "?"},
                   {"range": {"start": {"line": 99, "character": 99}, "end": {"line": 0, "character": 9999}}, "text": ""}]}),
    );
    let (version, _) = client.diagnostics(uri);
    assert_eq!(version, Some(2));
    // Not JSON-RPC params at all for a notification.
    client.notify("textDocument/didOpen", json!(42));

    // A document that is not Markdown is checked too (its locale from the name).
    let txt = "file:///tmp/loclint-lsp-test/notes.ko-KR.txt";
    client.open(
        txt,
        "plaintext",
        "<span data-ttu-id=\"abc12-101\">장치</span><span class=\"sxs-lookup\"><span data-stu-id=\"abc12-101\">device</span></span>\n",
    );
    let (_, diagnostics) = client.diagnostics(txt);
    assert!(
        !with_code(&diagnostics, "term-not-preferred").is_empty(),
        "{diagnostics:#?}"
    );

    // After shutdown, requests are invalid; exit then ends the process with 0.
    assert_eq!(client.call("shutdown", Value::Null), Value::Null);
    let response = client.request("textDocument/codeAction", json!({}));
    assert_eq!(response["error"]["code"], -32600, "{response}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 0);
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), 1);

    // The client going away (end of input) ends the server too.
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    assert_eq!(client.wait_exit(), 1);
}

#[test]
fn loclint_toml_applies_and_is_reread_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let config = dir.path().join("loclint.toml");
    std::fs::write(&config, "ignore = [\"term-not-preferred\"]\n").unwrap();
    let doc = dir.path().join("astral.md");
    let (uri, config_uri) = (
        file_uri(doc.to_str().unwrap()),
        file_uri(config.to_str().unwrap()),
    );
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(&uri, "markdown", ASTRAL);
    let (_, diagnostics) = client.diagnostics(&uri);
    assert!(
        with_code(&diagnostics, "term-not-preferred").is_empty(),
        "{diagnostics:#?}"
    );

    // The user edits and saves loclint.toml: every open document is checked again.
    std::fs::write(&config, "ignore = []\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    let (_, diagnostics) = client.diagnostics(&uri);
    let jangchi = find_in(ASTRAL, target_of(ASTRAL, "abc12-101"), "장치");
    let range = lsp_range(utf16_pos, ASTRAL, jangchi);
    assert!(at(&diagnostics, "term-not-preferred", &range).is_some());

    // A configuration that cannot be read: the user is told once, the defaults apply.
    std::fs::write(&config, "ignore = [\"no-such-rule\"]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    let (_, diagnostics) = client.diagnostics(&uri);
    assert!(at(&diagnostics, "term-not-preferred", &range).is_some());
    let shown = client.wait_for("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("loclint.toml:1") && message.contains("no-such-rule"),
        "{message}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn malformed_messages_get_a_parse_error_and_the_server_goes_on() {
    let uri = "file:///tmp/loclint-lsp-test/seed.ko-KR.md";
    let mut client = Client::start();
    client.initialize(&[]);
    let bodies: [&[u8]; 5] = [
        b"{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ",
        b"[{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"shutdown\"}]",
        b"\xff\xfe not even text",
        b"42",
        b"{\"jsonrpc\": \"2.0\", \"what\": \"no method, no id\"}",
    ];
    for body in bodies {
        client.write_raw(body);
        let error = client.wait_for("a parse error", |m| m.get("error").is_some());
        assert_eq!(error["error"]["code"], -32700, "{error}");
        assert_eq!(error["id"], Value::Null, "{error}");
    }
    // A frame without Content-Length is answered too, and the next message is read.
    {
        let stdin = client.stdin.as_mut().unwrap();
        stdin.write_all(b"Content-Type: x\r\n\r\n").unwrap();
        stdin.flush().unwrap();
    }
    let error = client.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    // Still serving: a document is checked, a request answered, and it exits cleanly.
    client.open(uri, "markdown", &std::fs::read_to_string(KO_SEED).unwrap());
    let (_, diagnostics) = client.diagnostics(uri);
    assert!(!diagnostics.is_empty());
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn a_burst_of_full_document_changes_is_checked_once_not_once_each() {
    let uri = "file:///tmp/loclint-lsp-test/big.ko-KR.md";
    let seed = std::fs::read_to_string(KO_SEED).unwrap();
    // About half a megabyte: each check takes a while, so the burst piles up meanwhile.
    let text = seed.repeat(500_000 / seed.len() + 1);
    let mut client = Client::start();
    client.initialize(&[]);
    client.open(uri, "markdown", &text);
    let (_, first) = client.diagnostics(uri);
    assert!(!first.is_empty());
    let changes = 40;
    for version in 2..2 + changes {
        // Full-document changes, as editors without incremental sync send them.
        let edited = format!("{text}\n추가 {version}\n");
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": edited}]}),
        );
    }
    let last = 1 + changes;
    let mut published = 0;
    loop {
        let (version, _) = client.diagnostics(uri);
        published += 1;
        if version == Some(last) {
            break;
        }
    }
    // The changes that arrived while a check ran are checked together, once.
    assert!(
        published <= changes / 4,
        "{published} publications for {changes} queued changes"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

// ---------------------------------------------------------------------------------------
// Watching the configuration, fixing a whole file, suppressing a finding.

/// A repository with a loclint.toml and a copy of the Korean seed.
fn watched_repo(config: &str) -> (tempfile::TempDir, std::path::PathBuf, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let config_path = dir.path().join("loclint.toml");
    std::fs::write(&config_path, config).unwrap();
    let doc = dir.path().join("device-writeback.ko-KR.md");
    std::fs::write(&doc, std::fs::read_to_string(KO_SEED).unwrap()).unwrap();
    let uri = file_uri(doc.to_str().unwrap());
    let config_uri = file_uri(config_path.to_str().unwrap());
    (dir, config_path, uri, config_uri)
}

#[test]
fn a_configuration_changed_on_disk_relints_open_documents_unasked() {
    let (_dir, config, uri, _) = watched_repo("ignore = [\"term-not-preferred\"]\n");
    let text = std::fs::read_to_string(KO_SEED).unwrap();
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(&uri, "markdown", &text);
    let (_, before) = client.diagnostics(&uri);
    assert!(with_code(&before, "term-not-preferred").is_empty());
    // Another program edits loclint.toml; the client says nothing.
    std::fs::write(&config, "ignore = [\"links\"]\n").unwrap();
    let (_, after) = client.diagnostics(&uri);
    assert!(
        !with_code(&after, "term-not-preferred").is_empty(),
        "{after:#?}"
    );
    assert!(
        with_code(&after, "empty-link-text").is_empty(),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

/// Benchmark (run by `scripts/bench.sh`, or `cargo test --release --test lsp -- --ignored
/// --nocapture relint_latency`): the time from sending a change of a 100 KB document to
/// receiving its diagnostics, over the JSON-RPC connection; median of 20 changes. In a
/// release build the median must stay within 5 ms.
#[test]
#[ignore]
fn relint_latency_of_a_100_kb_document() {
    let uri = "file:///tmp/loclint-lsp-test/latency.ko-KR.md";
    // Real articles (the corpus when it is there), else the seed, whose findings are far
    // denser than real text's (one every 250 bytes): the number of findings serialized is
    // much of the cost. `LOCLINT_LATENCY_SEED=1` measures the seed.
    let seed = std::fs::read_to_string(KO_SEED).unwrap();
    let corpus = corpus_dir().join("ko-KR/AlchemyInsights");
    let mut articles: Vec<_> = std::fs::read_dir(&corpus)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    articles.sort();
    let mut text = String::new();
    if std::env::var_os("LOCLINT_LATENCY_SEED").is_none() {
        for a in &articles {
            if text.len() >= 100_000 {
                break;
            }
            text.push_str(&std::fs::read_to_string(a).unwrap_or_default());
        }
    }
    if text.len() < 100_000 {
        text = seed.repeat(100_000 / seed.len() + 1);
    }
    let lines = text.lines().count() as u64;
    let mut client = Client::start();
    client.initialize(&[]);
    client.open(uri, "markdown", &text);
    let (_, first) = client.diagnostics(uri);
    assert!(!first.is_empty());
    let mut times = Vec::new();
    for version in 2..22i64 {
        // Typing one character on a line in the middle, as an editor sends it.
        let line = lines / 2 + version as u64;
        let sent = epoch().elapsed();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                                 "end": {"line": line, "character": 0}},
                                       "text": "x"}]}),
        );
        let m = client.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        let arrived = Duration::from_micros(m[ARRIVED].as_u64().unwrap());
        times.push(arrived - sent);
        assert_eq!(m["params"]["version"], version);
        assert!(!m["params"]["diagnostics"].as_array().unwrap().is_empty());
    }
    times.sort();
    let median = (times[9] + times[10]) / 2;
    println!(
        "relint of a {} byte document with {} findings over JSON-RPC: median {:.2} ms, min {:.2} ms, max {:.2} ms (20 changes)",
        text.len(),
        first.len(),
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[19].as_secs_f64() * 1e3
    );
    if !cfg!(debug_assertions) {
        assert!(median <= Duration::from_millis(5), "median {median:?}");
    }
    assert_eq!(client.shutdown_and_exit(), 0);
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

#[test]
fn the_server_asks_the_client_to_watch_loclint_toml() {
    let (_dir, config, uri, config_uri) = watched_repo("ignore = [\"term-not-preferred\"]\n");
    let text = std::fs::read_to_string(KO_SEED).unwrap();
    let mut client = Client::start();
    client.call(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    client.notify("initialized", json!({}));
    let request = client.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let registration = &request["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/loclint.toml", "**/.loclint.toml"]);
    client.write(json!({"jsonrpc": "2.0", "id": request["id"], "result": null}));
    client.open(&uri, "markdown", &text);
    let (_, before) = client.diagnostics(&uri);
    assert!(with_code(&before, "term-not-preferred").is_empty());
    // A change the server cannot see on disk (same length, same modification time):
    // only the client's notification tells it.
    let modified = std::fs::metadata(&config).unwrap().modified().unwrap();
    let old_len = std::fs::metadata(&config).unwrap().len() as usize;
    let mut new = String::from("ignore = [\"links\"] #");
    new.push_str(&"-".repeat(old_len - new.len() - 1));
    new.push('\n');
    assert_eq!(new.len(), old_len);
    std::fs::write(&config, &new).unwrap();
    let file = std::fs::File::options().write(true).open(&config).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(
        std::fs::metadata(&config).unwrap().modified().unwrap(),
        modified
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let (_, after) = client.diagnostics(&uri);
    assert!(
        !with_code(&after, "term-not-preferred").is_empty(),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}

#[test]
fn fix_all_is_what_check_fix_does() {
    let (dir, _, uri, _) = watched_repo("");
    let path = dir.path().join("device-writeback.ko-KR.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(&uri, "markdown", &text);
    let (_, diagnostics) = client.diagnostics(&uri);
    assert!(!diagnostics.is_empty());
    let start = json!({"line": 0, "character": 0});
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": start},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.loclint");
    let edits = actions[0]["edit"]["changes"][uri.as_str()]
        .as_array()
        .unwrap();
    let fixed = apply_edits(&text, edits);
    assert_ne!(fixed, text);
    // `loclint check --fix` on the file gives the same text.
    let status = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(["check", "--fix", "--quiet"])
        .arg(&path)
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some());
    assert_eq!(fixed, std::fs::read_to_string(&path).unwrap());
    // Asked for quick fixes only: no fix-all.
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": start},
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] == "quickfix")
    );
    // Nothing left to fix: no action.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    client.diagnostics(&uri);
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": start},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(actions, json!([]));
    assert_eq!(client.shutdown_and_exit(), 0);
}

/// The "suppress" action for the finding with `code` at `range`, applied to `text`.
fn suppressed(client: &mut Client, uri: &str, text: &str, code: &str, range: &Value) -> String {
    let actions = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range,
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let title = format!("Suppress {code} on this line");
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == title.as_str())
        .unwrap_or_else(|| panic!("no `{title}` in {actions:#?}"));
    assert_eq!(action["diagnostics"][0]["code"], code);
    apply_edits(text, action["edit"]["changes"][uri].as_array().unwrap())
}

#[test]
fn a_finding_can_be_suppressed_on_its_line() {
    let text = std::fs::read_to_string(KO_SEED).unwrap();
    let uri = "file:///tmp/loclint-lsp-suppress/device-writeback.ko-KR.md";
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.open(uri, "markdown", &text);
    let (_, before) = client.diagnostics(uri);

    // empty-link-text on line 32: a comment line is inserted above it.
    let url = "https://docs.microsoft.com/azure/active-directory/conditional-access/overview";
    let link = find_in(&text, target_of(&text, "d58e0-108"), &format!("[]({url})"));
    let range = lsp_range(utf16_pos, &text, link.clone());
    assert!(at(&before, "empty-link-text", &range).is_some());
    let once = suppressed(&mut client, uri, &text, "empty-link-text", &range);
    let line = line_start(&text, link.start);
    let mut expected = text.clone();
    expected.insert_str(line, "<!-- loclint-disable-next-line empty-link-text -->\n");
    assert_eq!(once, expected);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": once}]}),
    );
    let (_, after) = client.diagnostics(uri);
    assert!(
        with_code(&after, "empty-link-text").is_empty(),
        "{after:#?}"
    );
    assert!(
        with_code(&after, "unused-suppression").is_empty(),
        "{after:#?}"
    );
    assert_eq!(after.len(), before.len() - 1);

    // A second rule on the same line joins the comment.
    let moved = link.start + once.len() - text.len();
    let jangchi = once[moved..].find("장치").unwrap() + moved;
    let range = lsp_range(utf16_pos, &once, jangchi..jangchi + "장치".len());
    assert!(
        at(&after, "term-not-preferred", &range).is_some(),
        "{after:#?}"
    );
    let twice = suppressed(&mut client, uri, &once, "term-not-preferred", &range);
    assert_eq!(
        twice,
        once.replace(
            "<!-- loclint-disable-next-line empty-link-text -->",
            "<!-- loclint-disable-next-line empty-link-text, term-not-preferred -->"
        )
    );

    // In a block quote, the comment keeps the quote's indentation and marker.
    let quoted = text.find("    > <span data-ttu-id=\"d58e0-106\">").unwrap();
    let term = text[quoted..].find("쓰기 저장소").unwrap() + quoted;
    let range = lsp_range(utf16_pos, &text, term..term + "쓰기 저장소".len());
    assert!(at(&before, "term-not-preferred", &range).is_some());
    let in_quote = suppressed(&mut client, uri, &text, "term-not-preferred", &range);
    let mut expected = text.clone();
    expected.insert_str(
        quoted,
        "    > <!-- loclint-disable-next-line term-not-preferred -->\n",
    );
    assert_eq!(in_quote, expected);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": in_quote}]}),
    );
    let (_, after) = client.diagnostics(uri);
    assert_eq!(after.len(), before.len() - 1, "{after:#?}");
    assert!(
        with_code(&after, "unused-suppression").is_empty(),
        "{after:#?}"
    );
    assert_eq!(client.shutdown_and_exit(), 0);
}
