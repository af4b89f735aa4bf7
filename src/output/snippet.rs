//! The source excerpts of the human format: each line a finding marks, cut down to a
//! window around the marked text that fits the screen (`…` where the line goes on), with
//! the marks (`^` primary, `-` labels) under the text.
//!
//! Columns are terminal cells: a double-width character (CJK, Hangul, fullwidth forms)
//! takes two, a combining mark (Thai vowels and tone marks, Arabic harakat, conjoining
//! jamo) none: it stays with the character before it, so a window never cuts between
//! them. Tabs show as four spaces, control characters as their control pictures (␛) and
//! invisible format characters (zero-width spaces and joiners, direction marks, BOMs) as
//! `<U+200B>`, so a finding about one of them has something to point at and nothing in
//! a line can move the terminal's cursor or reorder its text.
//!
//! Right-to-left text: a line is shown in stored (logical) order, left to right, one cell
//! per character, which is how terminals without bidirectional layout (xterm, VS Code,
//! Windows Terminal, kitty, alacritty, tmux) show it. Renderers that reorder
//! right-to-left runs (browsers showing CI logs, Konsole, macOS Terminal) would mirror
//! an Arabic or Hebrew run and move the text away from its marks, so an excerpt holding
//! right-to-left characters is wrapped in LEFT-TO-RIGHT OVERRIDE … POP DIRECTIONAL
//! FORMATTING (U+202D … U+202C), zero-width characters that make a bidirectional
//! renderer lay it out in stored order too. The marks then stand under the flagged text
//! in both kinds of terminal; a primary mark on right-to-left text also quotes the
//! text, which the terminal shows in its natural order there.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::locale::script;
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use unicode_width::UnicodeWidthChar;

/// The width when the output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 120;
/// Narrower screens still get windows of this width (lines then wrap).
const MIN_WIDTH: usize = 40;
/// Columns of text kept before a mark wider than its window.
const LEAD: usize = 8;

const LRO: char = '\u{202D}';
const PDF: char = '\u{202C}';

/// The width to fit: the terminal's when writing to one, else `COLUMNS`, else 120.
pub fn output_width(to_terminal: bool) -> usize {
    let from_terminal = if to_terminal {
        terminal_columns()
    } else {
        None
    };
    let from_env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&w| w > 0)
    };
    from_terminal
        .or_else(from_env)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

#[cfg(unix)]
fn terminal_columns() -> Option<usize> {
    let size = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    (size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<usize> {
    None
}

/// How findings are drawn.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colors.
    pub color: bool,
    /// The screen width in columns.
    pub width: usize,
}

/// Where the lines of one file start, for finding the lines of ranges.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The places of the offsets that will be asked for, found in one pass.
    places: Option<crate::text::Places<'a>>,
    /// The layouts of the lines marked last, (line, content start, layout): the findings
    /// of a file come in order, so the next one often marks the same (long) line.
    layouts: RefCell<Vec<(usize, usize, Rc<Layout>)>>,
}

/// Layouts of lines kept for the next findings.
const KEPT_LAYOUTS: usize = 4;

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            text,
            starts,
            places: None,
            layouts: RefCell::new(Vec::new()),
        }
    }

    /// Lines whose `line_column` reads the places of the offsets given to `places`
    /// (others cost a read from the nearest one before them).
    pub fn with_places(text: &'a str, places: crate::text::Places<'a>) -> Self {
        Lines {
            places: Some(places),
            ..Lines::new(text)
        }
    }

    /// The content start and layout of a line, kept for the next findings.
    fn layout(&self, line: usize) -> (usize, Rc<Layout>) {
        let mut kept = self.layouts.borrow_mut();
        if let Some(&(_, start, ref layout)) = kept.iter().find(|(l, _, _)| *l == line) {
            return (start, Rc::clone(layout));
        }
        let (start, end) = self.content(line);
        let made = Rc::new(layout(&self.text[start..end]));
        if kept.len() == KEPT_LAYOUTS {
            kept.remove(0);
        }
        kept.push((line, start, Rc::clone(&made)));
        (start, made)
    }

    /// The 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte range of a line's content: no line break, no BOM.
    fn content(&self, line: usize) -> (usize, usize) {
        let mut start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        if line == 0 && self.text[start..end].starts_with('\u{feff}') {
            start += 3;
        }
        (start, end)
    }

    /// The start of the line holding byte `start` and the end (its line break, or the
    /// end of the text) of the line holding byte `end`.
    pub fn around(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.line_of(start.min(self.text.len()));
        let last = self.line_of(end.min(self.text.len()));
        let end = self
            .starts
            .get(last + 1)
            .map_or(self.text.len(), |&next| next - 1);
        (self.starts[first], end)
    }

    /// 1-based line and column (Unicode scalar values, as the other formats count).
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        if let Some(places) = &self.places {
            let at = places.line_column(offset);
            return (at.line, at.column);
        }
        let offset = crate::text::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let (start, _) = self.content(line);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// One character as the terminal shows it (with the combining marks after it). A cell
/// ends where the next starts; offsets and columns fit 32 bits (a file is at most 64 MB):
/// a long line costs 16 bytes a character to lay out.
struct Cell {
    /// Where it starts in the line.
    start: u32,
    /// Display column.
    col: u32,
    /// Where what is shown of it starts in `Layout::shown`.
    shown: u32,
    /// Display width (at most that of `<U+10FFFF>`).
    width: u8,
    rtl: bool,
}

impl Cell {
    fn col(&self) -> usize {
        self.col as usize
    }
}

/// A line cut into cells.
struct Layout {
    cells: Vec<Cell>,
    shown: String,
    total: usize,
    /// The line's length in bytes.
    len: usize,
    /// Whether any cell holds right-to-left text.
    rtl: bool,
    /// The cells found last, most recent first: the findings of a line come in order,
    /// so the next search starts near one of them (a long line's cells are many, and far
    /// apart in memory). A finding and its labels are often far apart: several are kept.
    near: std::cell::Cell<[usize; 4]>,
}

fn layout(line: &str) -> Layout {
    let mut cells: Vec<Cell> = Vec::with_capacity(line.len());
    let mut shown = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for (i, c) in line.char_indices() {
        let rtl = script::of(c).is_right_to_left();
        let from = shown.len();
        let width = match c {
            '\t' => {
                shown.push_str("    ");
                4
            }
            '\u{0}'..='\u{1f}' => {
                shown.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
                1
            }
            '\u{7f}' => {
                shown.push('\u{2421}');
                1
            }
            '\u{80}'..='\u{9f}' => {
                shown.push('\u{fffd}');
                1
            }
            c if script::is_invisible(c) => {
                let code = format!("<U+{:04X}>", c as u32);
                shown.push_str(&code);
                code.len()
            }
            c => match c.width() {
                Some(0) => {
                    // A combining mark: with the character before it.
                    if let Some(last) = cells.last_mut() {
                        shown.push(c);
                        last.rtl |= rtl;
                        continue;
                    }
                    shown.push(' ');
                    shown.push(c);
                    1
                }
                Some(w) => {
                    shown.push(c);
                    w
                }
                None => {
                    shown.push('\u{fffd}');
                    1
                }
            },
        };
        cells.push(Cell {
            start: i as u32,
            col: col as u32,
            width: width as u8,
            shown: from as u32,
            rtl,
        });
        col += width;
    }
    let rtl = cells.iter().any(|c| c.rtl);
    Layout {
        cells,
        shown,
        total: col,
        len: line.len(),
        rtl,
        near: std::cell::Cell::new([0; 4]),
    }
}

impl Layout {
    /// The column where cell `i` starts (`total` past the last).
    fn col(&self, i: usize) -> usize {
        self.cells.get(i).map_or(self.total, Cell::col)
    }

    /// The cell holding byte `offset` of the line (the count of cells past the end).
    fn cell_at(&self, offset: usize) -> usize {
        self.search(|i| self.end(i) <= offset)
    }

    /// The first cell starting at or after byte `offset`.
    fn cell_from(&self, offset: usize) -> usize {
        self.search(|i| (self.cells[i].start as usize) < offset)
    }

    /// Where cell `i` ends in the line.
    fn end(&self, i: usize) -> usize {
        self.cells.get(i + 1).map_or(self.len, |c| c.start as usize)
    }

    /// What is shown of cells `from..to`.
    fn shown(&self, from: usize, to: usize) -> &str {
        let at = |i: usize| {
            self.cells
                .get(i)
                .map_or(self.shown.len(), |c| c.shown as usize)
        };
        &self.shown[at(from)..at(to)]
    }

    /// The number of cells for which `pred` holds (a prefix), searched from the cells
    /// found last.
    fn search(&self, pred: impl Fn(usize) -> bool) -> usize {
        let n = self.cells.len();
        // The cells found last bound the answer from both sides.
        let mut near = self.near.get();
        let (mut lo, mut hi) = (0, n);
        for &h in near.iter().filter(|&&h| h < n) {
            if pred(h) {
                lo = lo.max(h + 1);
            } else {
                hi = hi.min(h);
            }
        }
        let found = partition_point_between(lo, hi.max(lo), pred);
        if let Some(i) = near.iter().position(|&h| h == found) {
            near[..=i].rotate_right(1);
        } else {
            near.rotate_right(1);
            near[0] = found;
        }
        self.near.set(near);
        found
    }
}

/// A mark on one line: cells `[from, to)`, or the point before `from` when empty.
struct Piece<'m> {
    line: usize,
    from: usize,
    to: usize,
    primary: bool,
    message: Option<&'m str>,
}

impl Piece<'_> {
    /// The columns the mark covers (one column for an empty range).
    fn cols(&self, layout: &Layout) -> (usize, usize) {
        let a = layout.col(self.from);
        let b = if self.to > self.from {
            layout.col(self.to)
        } else {
            a + 1
        };
        (a, b)
    }
}

/// The visible cells `[start, end)` of a line and whether the line goes on either side.
struct Window {
    start: usize,
    end: usize,
}

impl Window {
    fn left(&self) -> usize {
        usize::from(self.start > 0)
    }
}

/// The window of `width` columns (the `…` on either side included) that shows columns
/// `[a, b)` of the line with as much text around them as fits, the text before and after
/// shared evenly; a mark wider than the window shows its start.
fn window(layout: &Layout, a: usize, b: usize, width: usize) -> Window {
    let n = layout.cells.len();
    // An empty mark at the end of the line takes a column past the text.
    let total = layout.total.max(b);
    if total <= width {
        return Window { start: 0, end: n };
    }
    let budget = width.saturating_sub(2).max(1);
    let want = if b - a <= budget {
        a.saturating_sub((budget - (b - a)) / 2)
    } else {
        a.saturating_sub(LEAD.min(budget / 4))
    };
    let first = layout.cell_at_col(a);
    let start = layout.search(|i| layout.cells[i].col() < want).min(first);
    let cost = |s: usize, e: usize| {
        let past_end = if e == n { total - layout.total } else { 0 };
        layout.col(e) - layout.col(s) + past_end + usize::from(s > 0) + usize::from(e < n)
    };
    // Every cell is at least a column wide, so the cost grows with the end and shrinks
    // with the start: the widest window is found by bisection, not cell by cell.
    let end = partition_point_between(start, n, |e| cost(start, e + 1) <= width);
    let start = if end == n {
        partition_point_between(0, start, |s| cost(s, end) > width)
    } else {
        start
    };
    Window { start, end }
}

/// The first `k` in `lo..=hi` for which `pred` does not hold (`hi` if none), `pred`
/// holding for a prefix: searched inward from both ends in doubling steps, then by
/// bisection, so an answer near either end costs a few steps near it.
fn partition_point_between(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    let mut step = 1;
    while hi - lo > 2 * step {
        let probe = lo + step;
        if !pred(probe) {
            hi = probe;
            break;
        }
        lo = probe + 1;
        let probe = hi - step;
        if pred(probe) {
            lo = probe + 1;
            break;
        }
        hi = probe;
        step *= 2;
    }
    lo + partition_point(hi - lo, |k| pred(lo + k))
}

/// The number of `k` in `0..len` for which `pred` holds, `pred` holding for a prefix.
fn partition_point(len: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl Layout {
    /// The cell that starts at or covers column `col`.
    fn cell_at_col(&self, col: usize) -> usize {
        self.search(|i| {
            let c = &self.cells[i];
            c.col() + usize::from(c.width) <= col
        })
    }
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;34m";

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

fn paint(out: &mut String, color: bool, code: &str, text: &str) {
    if color && !text.is_empty() {
        out.push_str(code);
        out.push_str(text);
        out.push_str(RESET);
    } else {
        out.push_str(text);
    }
}

/// [`paint`] of formatted text, formatted in place.
fn paint_fmt(out: &mut String, color: bool, code: &str, text: std::fmt::Arguments<'_>) {
    use std::fmt::Write as _;
    if !color {
        let _ = out.write_fmt(text);
        return;
    }
    let before = out.len();
    out.push_str(code);
    let start = out.len();
    let _ = out.write_fmt(text);
    if out.len() == start {
        out.truncate(before);
    } else {
        out.push_str(RESET);
    }
}

/// Runs of one ASCII character, for [`push_run`].
const SPACES: &str = "                                                                ";
const CARETS: &str = "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
const DASHES: &str = "----------------------------------------------------------------";

/// [`paint`] of `n` characters of `run`.
fn paint_run(out: &mut String, color: bool, code: &str, run: &str, n: usize) {
    if color && n > 0 {
        out.push_str(code);
    }
    push_run(out, run, n);
    if color && n > 0 {
        out.push_str(RESET);
    }
}

/// Appends `n` characters of `run` (a run of one ASCII character), a slice at a time.
fn push_run(out: &mut String, run: &str, mut n: usize) {
    while n > 0 {
        let k = n.min(run.len());
        out.push_str(&run[..k]);
        n -= k;
    }
}

/// `text` cut to `width` columns, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn str_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Writes one finding: the header, the excerpts of the lines it marks, its fix.
pub fn write(
    out: &mut dyn Write,
    path: &str,
    lines: &Lines,
    d: &Diagnostic,
    style: Style,
) -> io::Result<()> {
    use std::fmt::Write as _;
    let text = lines.text;
    let color = style.color;
    let sev_color = severity_color(d.severity);
    let mut s = String::with_capacity(512);
    // Header: `error[rule]: message (segment id)`.
    paint_fmt(
        &mut s,
        color,
        sev_color,
        format_args!("{}[{}]", d.severity.as_str(), d.rule.name),
    );
    paint_fmt(&mut s, color, BOLD, format_args!(": {}", d.message));
    s.push('\n');

    // The marks, per line they touch (a range over several lines: its first and last).
    let clamp = |r: crate::text::TextRange| {
        let end = crate::text::floor_char_boundary(text, r.end().min(text.len()));
        (
            crate::text::floor_char_boundary(text, r.start().min(end)),
            end,
        )
    };
    let (primary_start, primary_end) = clamp(d.range);
    let rtl_quote = primary_quote(&text[primary_start..primary_end]);
    let mut marks: Vec<(usize, usize, bool, Option<&str>)> =
        vec![(primary_start, primary_end, true, rtl_quote.as_deref())];
    for label in &d.labels {
        let (a, b) = clamp(label.range);
        marks.push((
            a,
            b,
            false,
            Some(label.message.as_str()).filter(|m| !m.is_empty()),
        ));
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut layouts: std::collections::BTreeMap<usize, (usize, Rc<Layout>)> = Default::default();
    for &(a, b, primary, message) in &marks {
        let first = lines.line_of(a);
        let last = if b > a { lines.line_of(b - 1) } else { first };
        let spans: Vec<(usize, usize, usize)> = if first == last {
            vec![(first, a, b)]
        } else {
            let (_, first_end) = lines.content(first);
            let (last_start, _) = lines.content(last);
            vec![(first, a, first_end.max(a)), (last, last_start.min(b), b)]
        };
        let count = spans.len();
        for (k, (line, a, b)) in spans.into_iter().enumerate() {
            let (start, _) = layouts.entry(line).or_insert_with(|| lines.layout(line));
            let start = *start;
            let layout = &layouts[&line].1;
            let (a, b) = (a.saturating_sub(start), b.saturating_sub(start));
            let from = layout.cell_at(a);
            let to = if b > a {
                layout.cell_from(b).max(from + 1).min(layout.cells.len())
            } else {
                from
            };
            let to = to.max(from);
            pieces.push(Piece {
                line,
                from,
                to,
                primary,
                message: if k + 1 == count { message } else { None },
            });
        }
    }

    let (line, column) = lines.line_column(primary_start);
    let max_line = pieces.iter().map(|p| p.line + 1).max().unwrap_or(line);
    let digits = max_line.checked_ilog10().unwrap_or(0) as usize + 1;
    let pad = " ".repeat(digits + 1);
    let gutter_width = digits + 3;
    let text_width = style.width.saturating_sub(gutter_width).max(MIN_WIDTH / 2);
    let gutter = |s: &mut String| paint_fmt(s, color, BLUE, format_args!("{pad}│"));
    s.push_str(&pad);
    paint(&mut s, color, BLUE, "┌─");
    match &d.segment {
        Some(id) => {
            let _ = writeln!(s, " {path}:{line}:{column} (segment {id})");
        }
        None => {
            let _ = writeln!(s, " {path}:{line}:{column}");
        }
    }
    gutter(&mut s);
    s.push('\n');

    // Windows: the marks of a line that fit one window together share it; a mark far
    // from the others gets a window (a line) of its own.
    pieces.sort_by_key(|p| (p.line, layouts[&p.line].1.col(p.from), !p.primary));
    let mut groups: Vec<(usize, Vec<&Piece>)> = Vec::new();
    for piece in &pieces {
        let layout = &layouts[&piece.line].1;
        let (a, b) = piece.cols(layout);
        if let Some((line, group)) = groups.last_mut()
            && *line == piece.line
        {
            let (ga, _) = group[0].cols(layout);
            let gb = group.iter().map(|p| p.cols(layout).1).max().unwrap_or(b);
            let fits_line = layout.total.max(gb).max(b) <= text_width;
            if fits_line || gb.max(b) - ga.min(a) <= text_width.saturating_sub(2) {
                group.push(piece);
                continue;
            }
        }
        groups.push((piece.line, vec![piece]));
    }
    let mut previous: Option<usize> = None;
    for (line, group) in &groups {
        if let Some(p) = previous
            && *line > p + 1
        {
            s.push_str(&" ".repeat(digits + 1));
            paint(&mut s, color, BLUE, "·");
            s.push('\n');
        }
        previous = Some(*line);
        let layout = &layouts[line].1;
        let a = group.iter().map(|p| p.cols(layout).0).min().unwrap_or(0);
        let b = group.iter().map(|p| p.cols(layout).1).max().unwrap_or(a);
        let win = window(layout, a, b, text_width);
        write_window(&mut s, layout, &win, group, *line, digits, style, sev_color);
    }
    if let Some(fix) = &d.fix {
        gutter(&mut s);
        s.push('\n');
        let how = match fix.applicability {
            Applicability::Safe => "fix (--fix)",
            Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
        };
        s.push_str(&format!("{pad}= {how}: {}\n", fix.message));
    }
    s.push('\n');
    out.write_all(s.as_bytes())
}

/// The flagged text, quoted, when it holds right-to-left letters and is short: the marks
/// stand under it in stored order; the quote shows it as the reader's terminal does.
fn primary_quote(flagged: &str) -> Option<String> {
    const WIDEST: usize = 40;
    // Read only as far as a quote may reach: many findings of a segment may flag all of
    // its long text.
    let (mut width, mut rtl) = (0, false);
    for c in flagged.chars() {
        width += c.width().unwrap_or(0);
        if width > WIDEST || c == '\n' {
            return None;
        }
        rtl |= script::of(c).is_right_to_left();
    }
    rtl.then(|| format!("\"{flagged}\""))
}

#[allow(clippy::too_many_arguments)]
fn write_window(
    s: &mut String,
    layout: &Layout,
    win: &Window,
    group: &[&Piece],
    line: usize,
    digits: usize,
    style: Style,
    sev_color: &str,
) {
    let color = style.color;
    let n = layout.cells.len();
    // The source line.
    paint_fmt(s, color, BLUE, format_args!("{:>digits$} │", line + 1));
    s.push(' ');
    let cells = &layout.cells[win.start..win.end];
    let rtl = layout.rtl && cells.iter().any(|c| c.rtl);
    if rtl {
        s.push(LRO);
    }
    if win.start > 0 {
        s.push('…');
    }
    let in_primary = |i: usize| {
        group
            .iter()
            .any(|p| p.primary && p.from <= i && i < p.to.max(p.from))
    };
    // Where the highlighting may change: the ends of the primary marks.
    let mut cuts: Vec<usize> = group
        .iter()
        .filter(|p| p.primary)
        .flat_map(|p| [p.from, p.to.max(p.from)])
        .filter(|&c| win.start < c && c < win.end)
        .chain([win.end])
        .collect();
    cuts.sort_unstable();
    let next_cut = |i: usize| cuts[cuts.partition_point(|&c| c <= i)];
    let mut i = win.start;
    while i < win.end {
        let hl = in_primary(i);
        let mut j = next_cut(i);
        while j < win.end && in_primary(j) == hl {
            j = next_cut(j);
        }
        let part = layout.shown(i, j);
        if hl {
            paint(s, color, sev_color, part);
        } else {
            s.push_str(part);
        }
        i = j;
    }
    if win.end < n {
        s.push('…');
    }
    if rtl {
        s.push(PDF);
    }
    s.push('\n');

    // The marks under it.
    let origin = layout.col(win.start);
    let left = win.left();
    let visible_end = layout.col(win.end) - origin + left;
    let width = style.width.saturating_sub(digits + 3);
    // Columns (relative to the text start) of each piece, clipped to the window.
    let spans: Vec<(usize, usize)> = group
        .iter()
        .map(|p| {
            let (a, b) = p.cols(layout);
            let a = a.max(origin) - origin + left;
            let b = (b.max(origin) - origin + left).min(visible_end.max(a + 1));
            (a, b.max(a + 1))
        })
        .collect();
    // What marks each column: a primary mark (`^`), a label (`-`), or nothing.
    let mut kinds: Vec<Option<bool>> = vec![None; spans.iter().map(|s| s.1).max().unwrap_or(0)];
    for (p, &(a, b)) in group.iter().zip(&spans) {
        for kind in &mut kinds[a..b] {
            if *kind != Some(true) {
                *kind = Some(p.primary);
            }
        }
    }
    let marks = kinds.len();
    let pad = " ".repeat(digits + 1);
    paint_fmt(s, color, BLUE, format_args!("{pad}│"));
    s.push(' ');
    let mut k = 0;
    while k < marks {
        let kind = kinds[k];
        let mut j = k + 1;
        while j < marks && kinds[j] == kind {
            j += 1;
        }
        match kind {
            Some(true) => paint_run(s, color, sev_color, CARETS, j - k),
            Some(false) => paint_run(s, color, BLUE, DASHES, j - k),
            None => push_run(s, SPACES, j - k),
        }
        k = j;
    }
    // Messages: the last one after its mark when it fits, the others below, each at the
    // column of its mark with `│` leading down to it.
    let mut pending: Vec<(usize, &str, bool)> = Vec::new();
    let labeled: Vec<usize> = (0..group.len())
        .filter(|&i| group[i].message.is_some())
        .collect();
    for (rank, &i) in labeled.iter().enumerate() {
        let message = group[i].message.unwrap_or("");
        let (a, b) = spans[i];
        let last = rank + 1 == labeled.len();
        if last && b == marks && b + 1 + str_width(message) <= width {
            s.push(' ');
            paint(
                s,
                color,
                if group[i].primary { sev_color } else { BLUE },
                message,
            );
        } else {
            pending.push((a, message, group[i].primary));
        }
    }
    s.push('\n');
    if pending.is_empty() {
        return;
    }
    let bars = |s: &mut String, upto: usize, pending: &[(usize, &str, bool)]| {
        let mut row = String::new();
        let mut at = 0;
        for &(a, _, primary) in &pending[..upto] {
            row.push_str(&" ".repeat(a - at));
            paint(&mut row, color, if primary { sev_color } else { BLUE }, "│");
            at = a + 1;
        }
        s.push_str(&row);
        at
    };
    paint_fmt(s, color, BLUE, format_args!("{pad}│"));
    s.push(' ');
    bars(s, pending.len(), &pending);
    s.push('\n');
    for k in (0..pending.len()).rev() {
        paint_fmt(s, color, BLUE, format_args!("{pad}│"));
        s.push(' ');
        let at = bars(s, k, &pending);
        let (a, message, primary) = pending[k];
        let code = if primary { sev_color } else { BLUE };
        if a + str_width(message) <= width {
            s.push_str(&" ".repeat(a - at));
            paint(s, color, code, message);
        } else {
            // No room after the mark: the message ends at it, `message ─╯`.
            let lo = if k == 0 { 0 } else { at + 1 };
            let shown = fit(message, a.saturating_sub(lo + 1));
            let start = a.saturating_sub(1 + str_width(&shown)).max(lo);
            s.push_str(&" ".repeat(start.saturating_sub(at)));
            paint(s, color, code, &shown);
            let mut tail = " ".to_string();
            tail.push_str(&"─".repeat(a.saturating_sub(start + str_width(&shown) + 1)));
            tail.push('╯');
            paint(s, color, code, &tail);
        }
        s.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_combining_marks_with_their_base() {
        // Thai: น + ้ (tone mark, zero width) + ำ (sara am, one column).
        let l = layout("กน้ำ");
        assert_eq!(l.cells.len(), 3);
        assert_eq!(l.total, 3);
        assert_eq!(l.shown(1, 2), "น้");
        assert_eq!((l.end(0), l.end(1), l.end(2)), (3, 9, 12));
        // Hangul and Han take two columns.
        let l = layout("장치x回");
        assert_eq!(
            l.cells.iter().map(|c| c.width).collect::<Vec<_>>(),
            [2, 2, 1, 2]
        );
        // Tabs, controls and invisible characters are shown.
        let l = layout("a\tb\u{1b}\u{200b}");
        assert_eq!(l.shown, "a    b␛<U+200B>");
        assert_eq!(l.total, 1 + 4 + 1 + 1 + 8);
    }

    #[test]
    fn searches_from_both_ends_find_the_partition_point() {
        for len in 0..40 {
            for answer in 0..=len {
                for lo in 0..=answer {
                    for hi in answer..=len {
                        let got = partition_point_between(lo, hi, |k| {
                            assert!(lo <= k && k < hi, "{k} outside {lo}..{hi}");
                            k < answer
                        });
                        assert_eq!(got, answer, "{lo}..={hi}");
                    }
                }
            }
        }
    }

    #[test]
    fn cells_found_near_the_last_ones_are_those_a_full_search_finds() {
        // Offsets asked for out of order, far apart and near: the cells found from the
        // last ones are those a search of all the cells finds.
        let line = "ab가\t\u{200b}xน้ำy".repeat(50);
        let l = layout(&line);
        let ends: Vec<usize> = (0..l.cells.len()).map(|i| l.end(i)).collect();
        let mut offsets: Vec<usize> = (0..=line.len()).collect();
        offsets.extend((0..=line.len()).rev().step_by(7));
        offsets.extend(
            (0..=line.len())
                .step_by(13)
                .flat_map(|o| [o, line.len() - o]),
        );
        for &o in &offsets {
            assert_eq!(
                l.cell_at(o),
                ends.partition_point(|&e| e <= o),
                "cell_at {o}"
            );
            assert_eq!(
                l.cell_from(o),
                l.cells.partition_point(|c| (c.start as usize) < o),
                "cell_from {o}"
            );
            let col = o % (l.total + 2);
            assert_eq!(
                l.cell_at_col(col),
                l.cells
                    .partition_point(|c| c.col() + usize::from(c.width) <= col),
                "cell_at_col {col}"
            );
        }
    }

    #[test]
    fn windows_fit_and_keep_the_mark() {
        let line = "가".repeat(300);
        let l = layout(&line);
        for (a, b) in [(0, 4), (300, 310), (590, 600), (100, 500)] {
            let w = window(&l, a, b, 80);
            let used = l.col(w.end) - l.col(w.start)
                + usize::from(w.start > 0)
                + usize::from(w.end < l.cells.len());
            assert!(used <= 80, "{a}..{b}: {used}");
            assert!(l.col(w.start) <= a && a < l.col(w.end), "{a}..{b}");
        }
    }
}
