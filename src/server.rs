//! `loclint server`: a Language Server over stdin/stdout.
//!
//! Open documents are checked in memory with the per-file rules (cross-file rules need
//! the whole project and are left to `loclint check`). Findings are pushed with
//! `textDocument/publishDiagnostics` on open, change and save (and cleared on close);
//! every fix of a finding is offered as a quick fix by `textDocument/codeAction`.
//!
//! Positions are UTF-16 code units, as LSP requires, unless the client offers `utf-8` in
//! `general.positionEncodings`: then they are bytes, which is what loclint computes anyway.

use crate::config;
use crate::diagnostic::{Applicability, Diagnostic as Finding, Severity};
use crate::engine::{self, Settings};
use crate::rule::Rule;
use crate::text::{LineIndex, Places, TextRange, floor_char_boundary};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;

/// How the `character` of an LSP position counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
}

impl Encoding {
    /// The encoding to use given the client's `initialize` params: UTF-8 when offered,
    /// else UTF-16 (which every client must support).
    pub fn negotiate(initialize_params: &serde_json::Value) -> Encoding {
        let offered = initialize_params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(|v| v.as_array());
        match offered {
            Some(list) if list.iter().any(|e| e.as_str() == Some("utf-8")) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }
}

/// Converts between byte offsets into one text and LSP positions in one encoding.
pub struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: Encoding,
    /// UTF-16 columns of the offsets that will be asked for, found in one pass.
    places: Option<Places<'a>>,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
            encoding,
            places: None,
        }
    }

    /// Positions for the ranges of these findings (their labels and fixes too), computed
    /// in one pass over the text: many findings on one long line cost what one does.
    pub fn for_findings(text: &'a str, encoding: Encoding, findings: &[Finding]) -> Self {
        let mut positions = Positions::new(text, encoding);
        if encoding == Encoding::Utf16 {
            let offsets = findings.iter().flat_map(|f| {
                let labels = f.labels.iter().map(|l| l.range);
                let edits = f.fix.iter().flat_map(|x| x.edits.iter().map(|e| e.range));
                std::iter::once(f.range)
                    .chain(labels)
                    .chain(edits)
                    .flat_map(|r| [r.start(), r.end()])
            });
            positions.places = Some(Places::new(text, offsets));
        }
        positions
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> lsp::Position {
        let (line, character) = match self.encoding {
            Encoding::Utf16 => match &self.places {
                Some(places) => {
                    let place = places.get(offset);
                    (place.line, place.utf16)
                }
                None => self.index.line_utf16(self.text, offset),
            },
            Encoding::Utf8 => {
                let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
                let line = self.index.line_of(offset);
                (line, offset - self.index.line_start(line))
            }
        };
        lsp::Position::new(saturate(line), saturate(character))
    }

    /// The 0-based line holding a byte offset, and that line's span
    /// ([`LineIndex::line_span`]), found without reading the text.
    pub fn line_at(&self, offset: usize) -> (usize, TextRange) {
        let line = self.index.line_of(offset.min(self.text.len()));
        (line, self.index.line_span(self.text, line))
    }

    /// The span of a 0-based line (see [`Positions::line_at`]).
    pub fn line_span(&self, line: usize) -> TextRange {
        self.index.line_span(self.text, line)
    }

    /// The position of an offset of a line whose start is known: only the text between
    /// them is read (unlike [`Positions::position`], which may read on from a distant
    /// offset given to [`Positions::for_findings`]).
    pub fn position_in_line(&self, line: usize, line_start: usize, offset: usize) -> lsp::Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len())).max(line_start);
        let character = match self.encoding {
            Encoding::Utf16 => self.text[line_start..offset]
                .chars()
                .map(char::len_utf16)
                .sum(),
            Encoding::Utf8 => offset - line_start,
        };
        lsp::Position::new(saturate(line), saturate(character))
    }

    pub fn range(&self, range: TextRange) -> lsp::Range {
        lsp::Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// The byte offset of a position. A line past the end means the end of the text; a
    /// character past the end of its line means the end of the line (before its line
    /// break), as the LSP specification says; a position inside a character (half a
    /// surrogate pair, a byte inside a UTF-8 sequence) moves to a character boundary.
    pub fn offset(&self, position: lsp::Position) -> usize {
        let line = position.line as usize;
        let character = position.character as usize;
        match self.encoding {
            Encoding::Utf16 => self.index.offset_of_utf16(self.text, line, character),
            Encoding::Utf8 => {
                if line >= self.index.line_count() {
                    return self.text.len();
                }
                let start = self.index.line_start(line);
                let rest = &self.text[start..];
                let content = rest.find(['\r', '\n']).unwrap_or(rest.len());
                floor_char_boundary(self.text, start + character.min(content))
            }
        }
    }

    /// The byte range of an LSP range; a reversed range is put in order.
    pub fn text_range(&self, range: lsp::Range) -> TextRange {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        TextRange::new(a.min(b), a.max(b))
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The file path a document URI stands for: `file:` URIs are decoded to their path;
/// for other schemes (`untitled:` …) the path part is used as it is, so a name such as
/// `notes.ko-KR.md` still tells the locale.
pub fn path_of(uri: &str) -> PathBuf {
    let (scheme, rest) = uri.split_once(':').unwrap_or(("", uri));
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let path = match rest.strip_prefix("//") {
        // Skip the authority (empty for local files).
        Some(after) => after.find('/').map_or("", |i| &after[i..]),
        None => rest,
    };
    let decoded = percent_decode(path);
    if scheme.eq_ignore_ascii_case("file") && cfg!(windows) {
        // `/C:/x` → `C:/x`
        let b = decoded.as_bytes();
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return PathBuf::from(&decoded[1..]);
        }
    }
    PathBuf::from(decoded)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks a document's text with the per-file rules under the settings of its nearest
/// `loclint.toml` (a file the configuration excludes has no findings), again only where
/// the text changed since the session's last check (see [`crate::incremental`]). A rule
/// that panics costs the document its findings, not the server its life. The error is the
/// configuration's, when it could not be read: the defaults apply then.
pub fn check_text(
    resolver: &config::Resolver,
    path: &std::path::Path,
    text: &str,
    session: &mut crate::incremental::Session,
) -> (Vec<Finding>, Option<String>) {
    // config: per-file settings
    let (settings, config_error) = match resolver.settings_for(path) {
        Ok(settings) => (settings, None),
        Err(e) => (std::sync::Arc::new(resolver.base().clone()), Some(e)),
    };
    if settings
        .config
        .as_ref()
        .is_some_and(|c| c.is_excluded(path))
    {
        return (Vec::new(), config_error);
    }
    let rules: Vec<&'static dyn Rule> = settings
        .enabled_rules()
        .into_iter()
        .filter(|r| !r.needs_project())
        .collect();
    let findings = match session.check(path, text, &rules, &settings) {
        Ok(findings) => findings,
        Err(e) => {
            eprintln!("loclint server: checking {} failed: {e}", path.display());
            Vec::new()
        }
    };
    (findings, config_error)
}

fn is_config_file(uri: &lsp::Uri) -> bool {
    let path = path_of(uri.as_str());
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| config::FILE_NAMES.contains(&n))
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// One finding as an LSP diagnostic.
pub fn to_lsp(finding: &Finding, positions: &Positions, uri: &lsp::Uri) -> lsp::Diagnostic {
    let message = match &finding.segment {
        Some(id) => format!("{} (segment {id})", finding.message),
        None => finding.message.clone(),
    };
    let related: Vec<_> = finding
        .labels
        .iter()
        .map(|label| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), positions.range(label.range)),
            message: label.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: positions.range(finding.range),
        severity: Some(severity(finding.severity)),
        code: Some(lsp::NumberOrString::String(finding.rule.name.to_string())),
        code_description: None,
        source: Some("loclint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A finding as the JSON of an LSP diagnostic, serialized straight from the finding: the
/// same JSON [`to_lsp`] gives, without building an `lsp::Diagnostic` (and its strings)
/// first.
struct LspDiagnostic<'a> {
    finding: &'a Finding,
    positions: &'a Positions<'a>,
    uri: &'a str,
}

impl serde::Serialize for LspDiagnostic<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// The message with the segment, as `to_lsp` writes it.
        struct Message<'a>(&'a Finding);
        impl serde::Serialize for Message<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match &self.0.segment {
                    Some(id) => s.collect_str(&format_args!("{} (segment {id})", self.0.message)),
                    None => s.serialize_str(&self.0.message),
                }
            }
        }
        #[derive(serde::Serialize)]
        struct Location<'a> {
            uri: &'a str,
            range: lsp::Range,
        }
        #[derive(serde::Serialize)]
        struct Related<'a> {
            location: Location<'a>,
            message: &'a str,
        }
        let f = self.finding;
        let mut d = serializer.serialize_struct("Diagnostic", 6)?;
        d.serialize_field("range", &self.positions.range(f.range))?;
        d.serialize_field("severity", &severity(f.severity))?;
        d.serialize_field("code", f.rule.name)?;
        d.serialize_field("source", "loclint")?;
        d.serialize_field("message", &Message(f))?;
        if !f.labels.is_empty() {
            let related = f.labels.iter().map(|label| Related {
                location: Location {
                    uri: self.uri,
                    range: self.positions.range(label.range),
                },
                message: &label.message,
            });
            d.serialize_field(
                "relatedInformation",
                &Seq(std::cell::Cell::new(Some(related))),
            )?;
        }
        d.end()
    }
}

/// An iterator serialized as a JSON array (once).
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: serde::Serialize> serde::Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

/// The `textDocument/publishDiagnostics` notification of these findings of a text,
/// serialized straight into the bytes to write.
fn publish_diagnostics(
    uri: &lsp::Uri,
    text: &str,
    findings: &[Finding],
    encoding: Encoding,
    version: Option<i32>,
) -> Option<Framed> {
    #[derive(serde::Serialize)]
    struct Params<'a, D: serde::Serialize> {
        uri: &'a str,
        diagnostics: D,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    #[derive(serde::Serialize)]
    struct Publish<'a, D: serde::Serialize> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a, D>,
    }
    let positions = engine::timing::time("(server: positions)", || {
        Positions::for_findings(text, encoding, findings)
    });
    let uri = uri.as_str();
    let diagnostics = findings.iter().map(|finding| LspDiagnostic {
        finding,
        positions: &positions,
        uri,
    });
    let message = Publish {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            diagnostics: Seq(std::cell::Cell::new(Some(diagnostics))),
            version,
        },
    };
    engine::timing::time("(server: serialize)", || {
        Framed::new(|out| serde_json::to_writer(out, &message))
    })
}

struct Document {
    text: String,
    version: i32,
    /// The findings for `text`; None when the text changed since they were computed.
    findings: Option<Vec<Finding>>,
    /// What the last check found, for checking again only what an edit changed.
    session: crate::incremental::Session,
}

/// How the message loop ended.
enum End {
    /// `exit` after `shutdown`: exit code 0.
    Exit,
    /// `exit` without `shutdown`, or the client went away: exit code 1.
    Abrupt,
}

struct Server<'c> {
    conn: &'c Connection,
    encoding: Encoding,
    documents: HashMap<lsp::Uri, Document>,
    /// Documents whose diagnostics must be published once the queued messages are handled.
    dirty: BTreeSet<lsp::Uri>,
    shutting_down: bool,
    /// Finds each file's `loclint.toml`; made anew when one is saved.
    resolver: config::Resolver,
    /// Configuration errors already shown to the user.
    shown_errors: HashSet<String>,
    /// Notices configuration files changed on disk (when the client does not tell).
    watch: crate::editor::ConfigWatch,
    /// The client watches files for the server (`workspace/didChangeWatchedFiles`).
    client_watches: bool,
    /// When the configuration was last read again.
    reloaded: Option<std::time::Instant>,
}

/// Runs the server on stdin/stdout until `exit`.
pub fn run() -> ExitCode {
    let (conn, io_threads) = stdio();
    let (id, params) = match conn.initialize_start() {
        Ok(x) => x,
        Err(e) => {
            // `exit` before `initialize`, end of input, or a malformed message.
            eprintln!("loclint server: {e}");
            return ExitCode::from(1);
        }
    };
    let encoding = Encoding::negotiate(&params);
    let result = lsp::InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(lsp::ServerInfo {
            name: "loclint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    send(&conn, Response::new_ok(id, result));
    let mut server = Server {
        conn: &conn,
        encoding,
        documents: HashMap::new(),
        dirty: BTreeSet::new(),
        shutting_down: false,
        resolver: config::Resolver::new(Settings::default(), None),
        shown_errors: HashSet::new(),
        watch: crate::editor::ConfigWatch::default(),
        client_watches: crate::editor::client_watches(&params),
        reloaded: None,
    };
    let end = server.serve();
    drop(server);
    // Closing the connection lets the writer thread flush and stop; the reader has
    // stopped at `exit` or at the end of input.
    drop(conn);
    for thread in io_threads {
        let _ = thread.join();
    }
    // `LOCLINT_PROFILE=1`: where the session's time went.
    engine::timing::report();
    match end {
        End::Exit => ExitCode::SUCCESS,
        End::Abrupt => ExitCode::from(1),
    }
}

/// The server's end of the stdio transport: messages parsed by the reader thread come in;
/// messages go out already framed (`Content-Length` header and JSON body, serialized on the
/// thread that sends them) to the writer thread, which writes each with one system call.
struct Connection {
    receiver: std::sync::mpsc::Receiver<Message>,
    sender: std::sync::mpsc::Sender<Framed>,
}

impl Connection {
    /// Waits for the `initialize` request, as `lsp_server::Connection::initialize_start`
    /// does: other requests are answered with "server not initialized", notifications
    /// other than `exit` are ignored; `exit`, a response or the end of input is an error.
    fn initialize_start(&self) -> Result<(RequestId, serde_json::Value), String> {
        loop {
            let message = self
                .receiver
                .recv()
                .map_err(|_| "disconnected channel".to_string())?;
            match message {
                Message::Request(r) if r.method == "initialize" => return Ok((r.id, r.params)),
                Message::Request(r) => send(
                    self,
                    Response::new_err(
                        r.id.clone(),
                        ErrorCode::ServerNotInitialized as i32,
                        format!("expected initialize request, got {r:?}"),
                    ),
                ),
                Message::Notification(n) if n.method != "exit" => {}
                message => return Err(format!("expected initialize request, got {message:?}")),
            }
        }
    }
}

/// One outgoing message: `bytes[start..]` is its header and body.
struct Framed {
    bytes: Vec<u8>,
    start: usize,
}

impl Framed {
    /// Room left before the body for the header (`Content-Length: `, 20 digits, 2 CRLF).
    const ROOM: usize = 48;

    /// A message whose JSON body `write` appends to the buffer it is given; the header is
    /// put in front of it afterwards, so the body is written once, where it stays. None
    /// when the body could not be serialized (which in memory happens only for maps with
    /// keys that are not strings, which no message has).
    fn new(write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>) -> Option<Framed> {
        let mut bytes = vec![0; Self::ROOM];
        if let Err(e) = write(&mut bytes) {
            eprintln!("loclint server: a message could not be serialized: {e}");
            return None;
        }
        let header = format!("Content-Length: {}\r\n\r\n", bytes.len() - Self::ROOM);
        let start = Self::ROOM - header.len();
        bytes[start..Self::ROOM].copy_from_slice(header.as_bytes());
        Some(Framed { bytes, start })
    }

    /// A JSON-RPC message of `lsp_server`'s kinds.
    fn message(message: &Message) -> Option<Framed> {
        #[derive(serde::Serialize)]
        struct JsonRpc<'a> {
            jsonrpc: &'static str,
            #[serde(flatten)]
            message: &'a Message,
        }
        Framed::new(|out| {
            serde_json::to_writer(
                out,
                &JsonRpc {
                    jsonrpc: "2.0",
                    message,
                },
            )
        })
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

/// The connection over stdin/stdout. Unlike `lsp_server`'s, the reader reads ahead (so
/// a burst of edits waits in the queue and is checked once, see [`Server::serve`]), a
/// message that is not JSON-RPC is answered with a parse error (-32700) instead of ending
/// the server, and messages are serialized by their sender straight into the bytes that
/// are written (see [`Framed`]).
fn stdio() -> (Connection, Vec<std::thread::JoinHandle<()>>) {
    use std::io::{BufRead, Read, Write};
    use std::os::fd::AsFd;
    let (incoming, receiver) = std::sync::mpsc::channel::<Message>();
    let (sender, outgoing) = std::sync::mpsc::channel::<Framed>();
    let errors = sender.clone();
    let writer = std::thread::spawn(move || {
        // Written without the line buffer of `std::io::stdout()`, which would split each
        // message in two writes at the header's line breaks.
        let mut out: Box<dyn Write> = match std::io::stdout().as_fd().try_clone_to_owned() {
            Ok(fd) => Box::new(std::fs::File::from(fd)),
            Err(_) => Box::new(std::io::stdout()),
        };
        for message in outgoing {
            let written = engine::timing::time("(server: write)", || {
                out.write_all(message.as_bytes())?;
                out.flush()
            });
            if written.is_err() {
                return;
            }
        }
    });
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let parse_error = |what: String| {
            let body = serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": ErrorCode::ParseError as i32, "message": what},
            });
            if let Some(message) = Framed::new(|out| serde_json::to_writer(out, &body)) {
                let _ = errors.send(message);
            }
        };
        let mut line = Vec::new();
        loop {
            // Headers up to an empty line; only Content-Length matters.
            let mut length = None;
            let mut any = false;
            loop {
                line.clear();
                match input.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let header = String::from_utf8_lossy(&line);
                let header = header.trim_end_matches(['\r', '\n']);
                if header.is_empty() {
                    if any {
                        break;
                    }
                    continue;
                }
                any = true;
                if let Some((name, value)) = header.split_once(':')
                    && name.trim().eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse::<usize>().ok();
                }
            }
            let Some(length) = length else {
                parse_error("loclint server: a message without a valid Content-Length".into());
                continue;
            };
            let mut body = Vec::new();
            match (&mut input).take(length as u64).read_to_end(&mut body) {
                Ok(n) if n == length => {}
                _ => return,
            }
            let message: Message = match serde_json::from_slice(&body) {
                Ok(message) => message,
                Err(e) => {
                    parse_error(format!("loclint server: not a JSON-RPC message: {e}"));
                    continue;
                }
            };
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if incoming.send(message).is_err() || exit {
                return;
            }
        }
    });
    (Connection { receiver, sender }, vec![reader, writer])
}

pub fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(false),
                    },
                )),
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::new(crate::editor::FIX_ALL),
                ]),
                work_done_progress_options: Default::default(),
                resolve_provider: Some(false),
            },
        )),
        ..Default::default()
    }
}

fn send(conn: &Connection, message: impl Into<Message>) {
    send_framed(conn, Framed::message(&message.into()));
}

fn send_framed(conn: &Connection, message: Option<Framed>) {
    // Fails only when the writer thread is gone (stdout closed); the reader will see
    // the end of input soon after.
    if let Some(message) = message {
        let _ = conn.sender.send(message);
    }
}

impl Server<'_> {
    fn serve(&mut self) -> End {
        loop {
            // While idle, look at the configuration files now and then: a loclint.toml
            // edited elsewhere re-lints the open documents.
            let message = match self.conn.receiver.recv_timeout(CONFIG_POLL) {
                Ok(message) => message,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if !self.shutting_down && self.config_changed() {
                        self.reload_config();
                        self.publish_dirty();
                    }
                    continue;
                }
                Err(_) => return End::Abrupt,
            };
            if let Some(end) = self.handle(message) {
                return end;
            }
            // Handle what is already queued (a burst of edits) before checking again.
            while let Ok(message) = self.conn.receiver.try_recv() {
                if let Some(end) = self.handle(message) {
                    return end;
                }
            }
            self.publish_dirty();
        }
    }

    fn handle(&mut self, message: Message) -> Option<End> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                let response = catch_unwind(AssertUnwindSafe(|| self.request(request)))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            format!("loclint server: internal error handling {method}"),
                        )
                    });
                send(self.conn, response);
                None
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Some(if self.shutting_down {
                        End::Exit
                    } else {
                        End::Abrupt
                    });
                }
                if self.shutting_down {
                    return None;
                }
                let method = notification.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.notification(notification))).is_err() {
                    eprintln!("loclint server: internal error handling {method}");
                }
                None
            }
            // The server sends no requests, so there is nothing to match responses to.
            Message::Response(_) => None,
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let Request { id, method, params } = request;
        if self.shutting_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_string(),
            );
        }
        match method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Response::new_ok(id, ())
            }
            "initialize" => Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "initialize was already received".to_string(),
            ),
            "textDocument/codeAction" => match serde_json::from_value(params) {
                Ok(params) => Response::new_ok(id, self.code_actions(params)),
                Err(e) => invalid_params(id, &method, e),
            },
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("loclint server does not handle {method}"),
            ),
        }
    }

    fn notification(&mut self, notification: Notification) {
        fn parse<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            match serde_json::from_value(n.params) {
                Ok(p) => Some(p),
                Err(e) => {
                    eprintln!("loclint server: invalid params for {}: {e}", n.method);
                    None
                }
            }
        }
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let Some(p) = parse::<lsp::DidOpenTextDocumentParams>(notification) else {
                    return;
                };
                let doc = p.text_document;
                self.documents.insert(
                    doc.uri.clone(),
                    Document {
                        text: doc.text,
                        version: doc.version,
                        findings: None,
                        session: Default::default(),
                    },
                );
                self.dirty.insert(doc.uri);
            }
            "textDocument/didChange" => {
                let Some(p) = parse::<lsp::DidChangeTextDocumentParams>(notification) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(document) = self.documents.get_mut(&uri) else {
                    eprintln!(
                        "loclint server: didChange for {} which is not open",
                        uri.as_str()
                    );
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        None => document.text = change.text,
                        Some(range) => engine::timing::time("(server: apply change)", || {
                            let positions = Positions::new(&document.text, self.encoding);
                            let range = positions.text_range(range);
                            document.text.replace_range(range.as_range(), &change.text);
                        }),
                    }
                }
                document.version = p.text_document.version;
                document.findings = None;
                self.dirty.insert(uri);
            }
            "initialized" if self.client_watches => {
                let request = Request::new(
                    RequestId::from("loclint-watch".to_string()),
                    "client/registerCapability".to_string(),
                    crate::editor::watch_registration(),
                );
                send(self.conn, request);
            }
            "workspace/didChangeWatchedFiles" => {
                let Some(p) = parse::<lsp::DidChangeWatchedFilesParams>(notification) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config_file(&c.uri)) {
                    self.config_event();
                }
            }
            "textDocument/didSave" => {
                let Some(p) = parse::<lsp::DidSaveTextDocumentParams>(notification) else {
                    return;
                };
                let uri = p.text_document.uri;
                if is_config_file(&uri) {
                    // A saved loclint.toml may change every document's settings.
                    self.config_event();
                }
                if let Some(document) = self.documents.get_mut(&uri) {
                    if let Some(text) = p.text {
                        document.text = text;
                        document.findings = None;
                    }
                    self.dirty.insert(uri);
                }
            }
            "textDocument/didClose" => {
                let Some(p) = parse::<lsp::DidCloseTextDocumentParams>(notification) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.documents.remove(&uri);
                self.dirty.remove(&uri);
                let cleared = publish_diagnostics(&uri, "", &[], self.encoding, None);
                send_framed(self.conn, cleared);
            }
            // `initialized`, `$/cancelRequest` (requests are answered at once),
            // `$/setTrace`, configuration changes …: nothing to do.
            _ => {}
        }
    }

    /// Whether a configuration file of the open documents changed on disk.
    fn config_changed(&mut self) -> bool {
        let paths: Vec<PathBuf> = self.documents.keys().map(|u| path_of(u.as_str())).collect();
        self.watch.changed(&self.resolver, &paths)
    }

    /// The client says a configuration file changed: read them again, unless that was
    /// just done for this change (seen on disk first).
    fn config_event(&mut self) {
        let seen = !self.config_changed()
            && self
                .reloaded
                .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(2));
        if !seen {
            self.reload_config();
        }
    }

    /// Reads the configuration files again and re-checks every open document.
    fn reload_config(&mut self) {
        self.reloaded = Some(std::time::Instant::now());
        self.resolver = config::Resolver::new(Settings::default(), None);
        self.shown_errors.clear();
        for (uri, document) in &mut self.documents {
            document.findings = None;
            self.dirty.insert(uri.clone());
        }
    }

    fn publish_dirty(&mut self) {
        if !self.dirty.is_empty() && self.config_changed() {
            self.reload_config();
        }
        for uri in std::mem::take(&mut self.dirty) {
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            let version = Some(document.version);
            let (text, findings, config_error) = checked(&self.resolver, &uri, document);
            let message = publish_diagnostics(&uri, text, findings, self.encoding, version);
            send_framed(self.conn, message);
            if let Some(error) = config_error {
                self.show_config_error(error);
            }
        }
    }

    /// Tells the user once about a configuration file that could not be used.
    fn show_config_error(&mut self, error: String) {
        if self.shown_errors.insert(error.clone()) {
            let params = lsp::ShowMessageParams {
                typ: lsp::MessageType::ERROR,
                message: format!("loclint: {error} (using the default settings)"),
            };
            send(
                self.conn,
                Notification::new("window/showMessage".to_string(), params),
            );
        }
    }

    /// A quick fix for every fix of a finding that touches the requested range, one to
    /// suppress each of those findings, and one to fix every safe finding of the file.
    fn code_actions(&mut self, params: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let only = params.context.only.as_ref();
        let wants_quickfix = crate::editor::wanted(only, lsp::CodeActionKind::QUICKFIX.as_str());
        let wants_fix_all = crate::editor::wanted(only, crate::editor::FIX_ALL);
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return Vec::new();
        };
        if !wants_quickfix && !wants_fix_all {
            return Vec::new();
        }
        let (text, findings, _) = checked(&self.resolver, &uri, document);
        let positions = Positions::new(text, self.encoding);
        let wanted = positions.text_range(params.range);
        let mut actions = Vec::new();
        if wants_quickfix {
            actions.extend(Self::quickfixes(
                text,
                findings,
                self.encoding,
                wanted,
                &uri,
            ));
        }
        if wants_fix_all
            && let Some(action) = crate::editor::fix_all(
                &self.resolver,
                &path_of(uri.as_str()),
                text,
                &positions,
                &uri,
            )
        {
            actions.push(lsp::CodeActionOrCommand::CodeAction(action));
        }
        actions
    }

    fn quickfixes(
        text: &str,
        findings: &[Finding],
        encoding: Encoding,
        wanted: TextRange,
        uri: &lsp::Uri,
    ) -> Vec<lsp::CodeActionOrCommand> {
        let touching: Vec<Finding> = findings
            .iter()
            .filter(|f| f.range.start <= wanted.end && wanted.start <= f.range.end)
            .cloned()
            .collect();
        // Positions of these findings alone, found in one pass over the text.
        let positions = &Positions::for_findings(text, encoding, &touching);
        let body_start = crate::document::Document::parse(text).body_start;
        let suppress = touching.iter().filter_map(|f| {
            let diagnostic = to_lsp(f, positions, uri);
            crate::editor::suppress(text, body_start, f, positions, uri, diagnostic)
                .map(lsp::CodeActionOrCommand::CodeAction)
        });
        let fixes: Vec<lsp::CodeActionOrCommand> = touching
            .iter()
            .filter_map(|f| {
                let fix = f.fix.as_ref()?;
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| lsp::TextEdit::new(positions.range(e.range), e.content.clone()))
                    .collect();
                Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("{} ({})", fix.message, f.rule.name),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(f, positions, uri)]),
                    edit: Some(lsp::WorkspaceEdit::new(HashMap::from([(
                        uri.clone(),
                        edits,
                    )]))),
                    command: None,
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    disabled: None,
                    data: None,
                }))
            })
            .collect();
        // The fixes first: a client that applies the first action fixes, not hides.
        fixes.into_iter().chain(suppress).collect()
    }
}

/// The document's text and findings, checking it first if its text changed.
fn checked<'d>(
    resolver: &config::Resolver,
    uri: &lsp::Uri,
    document: &'d mut Document,
) -> (&'d str, &'d [Finding], Option<String>) {
    let Document {
        text,
        findings,
        session,
        ..
    } = document;
    let mut error = None;
    let findings = findings.get_or_insert_with(|| {
        let (findings, config_error) = engine::timing::time("(server: check)", || {
            check_text(resolver, &path_of(uri.as_str()), text, session)
        });
        error = config_error;
        findings
    });
    (text, findings, error)
}

/// How often the configuration files are looked at while the server is idle.
const CONFIG_POLL: std::time::Duration = std::time::Duration::from_secs(1);

fn invalid_params(id: RequestId, method: &str, e: serde_json::Error) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        format!("invalid params for {method}: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "a😀b\r\n회x\n";
        let b = text.find('b').unwrap();
        let x = text.find('x').unwrap();
        let utf16 = Positions::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(b), lsp::Position::new(0, 3));
        assert_eq!(utf16.position(x), lsp::Position::new(1, 1));
        assert_eq!(utf16.offset(lsp::Position::new(1, 1)), x);
        let utf8 = Positions::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(b), lsp::Position::new(0, 5));
        assert_eq!(utf8.position(x), lsp::Position::new(1, 3));
        assert_eq!(utf8.offset(lsp::Position::new(1, 3)), x);
        // Past the line's end: the end of the line, before `\r\n`.
        assert_eq!(utf8.offset(lsp::Position::new(0, 99)), b + 1);
        assert_eq!(utf16.offset(lsp::Position::new(0, 99)), b + 1);
        // Inside a character: a character boundary.
        assert_eq!(utf8.offset(lsp::Position::new(0, 2)), 1);
        // Past the last line: the end of the text.
        assert_eq!(utf8.offset(lsp::Position::new(9, 0)), text.len());
        assert_eq!(utf16.offset(lsp::Position::new(9, 0)), text.len());
    }

    #[test]
    fn published_diagnostics_are_the_json_of_to_lsp() {
        // The notification serialized straight from the findings says what the
        // `lsp_types` structures built by `to_lsp` say, in both encodings, for findings
        // with and without labels, segments and fixes.
        let resolver = config::Resolver::new(Settings::default(), None);
        for example in ["device-writeback.ko-KR.md", "device-writeback.zh-TW.md"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
            let text = std::fs::read_to_string(path.join(example)).unwrap();
            // An astral character first, so UTF-16 columns differ from scalar counts, and a
            // stray closing tag (a finding outside any segment) last.
            let text = format!("😀{text}\n</span>\n");
            let uri: lsp::Uri = format!("file:///tmp/x%20y/{example}").parse().unwrap();
            let mut session = crate::incremental::Session::default();
            let (findings, _) = check_text(&resolver, &path_of(uri.as_str()), &text, &mut session);
            assert!(findings.iter().any(|f| !f.labels.is_empty()));
            assert!(findings.iter().any(|f| f.segment.is_none()));
            assert!(findings.iter().any(|f| f.segment.is_some()));
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                for (findings, version) in [(&findings[..], Some(7)), (&[][..], None)] {
                    let framed =
                        publish_diagnostics(&uri, &text, findings, encoding, version).unwrap();
                    let bytes = framed.as_bytes();
                    let body_at = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    assert_eq!(
                        std::str::from_utf8(&bytes[..body_at]).unwrap(),
                        format!("Content-Length: {}\r\n\r\n", bytes.len() - body_at)
                    );
                    let got: serde_json::Value = serde_json::from_slice(&bytes[body_at..]).unwrap();
                    let positions = Positions::new(&text, encoding);
                    let params = lsp::PublishDiagnosticsParams {
                        uri: uri.clone(),
                        diagnostics: findings
                            .iter()
                            .map(|f| to_lsp(f, &positions, &uri))
                            .collect(),
                        version,
                    };
                    let notification =
                        Notification::new("textDocument/publishDiagnostics".to_string(), params);
                    let mut want = serde_json::to_value(notification).unwrap();
                    want["jsonrpc"] = "2.0".into();
                    assert_eq!(got, want, "{example} {encoding:?}");
                }
            }
        }
    }

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            path_of("file:///home/a/ko-KR/%EC%9E%A5%EC%B9%98%20x.md"),
            PathBuf::from("/home/a/ko-KR/장치 x.md")
        );
        assert_eq!(
            path_of("untitled:notes.zh-TW.md"),
            PathBuf::from("notes.zh-TW.md")
        );
        assert_eq!(path_of("file:///a%2"), PathBuf::from("/a%2"));
        assert_eq!(path_of("file:///a%"), PathBuf::from("/a%"));
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        let offer = |v: serde_json::Value| {
            Encoding::negotiate(
                &serde_json::json!({"capabilities": {"general": {"positionEncodings": v}}}),
            )
        };
        assert_eq!(offer(serde_json::json!(["utf-16"])), Encoding::Utf16);
        assert_eq!(
            offer(serde_json::json!(["utf-32", "utf-8"])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(&serde_json::json!({})), Encoding::Utf16);
    }
}
