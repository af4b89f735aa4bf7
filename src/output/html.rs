//! `--format html`: one self-contained page to open, filter and send: an overview (a
//! chart of the findings by locale and category, the count per rule), every finding with
//! its target and English source side by side and the flagged text marked, grouped by
//! file and filterable by locale, severity, category and rule, and the documentation of
//! every rule that reported something.
//!
//! The page loads nothing: the CSS, the SVG chart and the small script are inline, and a
//! Content-Security-Policy forbids any other source. Each finding is one
//! `<article class="finding">` carrying `data-rule`, `data-severity`, `data-category` and
//! `data-locale`; no other element has `data-rule`, so `[data-rule]` counts the findings.
//! Filters can also be given in the address: `report.html#filter:severity=error&locale=ko-KR`.

use super::snippet::Lines;
use super::{FileView, RecordSink, Totals, display};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::{Document, Segment};
use crate::engine::FileReport;
use crate::rule::{Category, RuleMeta};
use crate::text::{Places, TextRange};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// The locale shown for files whose locale is unknown.
pub(super) const UNKNOWN: &str = "unknown";

/// Text escaped for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn category_color(c: Category) -> &'static str {
    match c {
        Category::Encoding => "#6b7280",
        Category::Structure => "#dc2626",
        Category::Links => "#2563eb",
        Category::Markup => "#9333ea",
        Category::Numbers => "#d97706",
        Category::Untranslated => "#059669",
        Category::Whitespace => "#0f766e",
        Category::Punctuation => "#db2777",
        Category::Terminology => "#0891b2",
        Category::FrontMatter => "#65a30d",
        Category::Consistency => "#7c3aed",
        Category::Suppression => "#a8a29e",
    }
}

fn locale_of(locale: Option<&str>) -> &str {
    locale.unwrap_or(UNKNOWN)
}

/// The rule documentation (Markdown, as `loclint explain` prints it) as HTML: headings,
/// paragraphs, lists, fenced code and inline code, nothing else.
fn markdown(md: &str) -> String {
    fn inline(s: &str) -> String {
        let mut out = String::new();
        for (i, part) in s.split('`').enumerate() {
            if i % 2 == 1 {
                let _ = write!(out, "<code>{}</code>", escape(part));
            } else {
                out.push_str(&escape(part));
            }
        }
        out
    }
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list = false;
    let mut code: Option<Vec<&str>> = None;
    let flush = |out: &mut String, paragraph: &mut Vec<&str>, list: &mut bool| {
        if !paragraph.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", inline(&paragraph.join(" ")));
            paragraph.clear();
        }
        if *list {
            out.push_str("</ul>\n");
            *list = false;
        }
    };
    for line in md.lines() {
        if let Some(block) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(&block.join("\n")));
                code = None;
            } else {
                block.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut out, &mut paragraph, &mut list);
            code = Some(Vec::new());
        } else if let Some(rest) = trimmed.strip_prefix('#') {
            flush(&mut out, &mut paragraph, &mut list);
            let level = 1 + rest.chars().take_while(|&c| c == '#').count();
            let title = rest.trim_start_matches('#').trim();
            // The rule's own title is the <summary>; its sections are h4.
            if level > 1 {
                let _ = writeln!(out, "<h4>{}</h4>", inline(title));
            }
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                let _ = writeln!(out, "<p>{}</p>", inline(&paragraph.join(" ")));
                paragraph.clear();
            }
            if !list {
                out.push_str("<ul>\n");
                list = true;
            }
            let _ = writeln!(out, "<li>{}</li>", inline(item));
        } else if trimmed.is_empty() {
            flush(&mut out, &mut paragraph, &mut list);
        } else if list && line.starts_with(' ') {
            // A list item's continuation line.
            if let Some(pos) = out.rfind("</li>") {
                out.insert_str(pos, &format!(" {}", inline(trimmed)));
            }
        } else {
            if list {
                out.push_str("</ul>\n");
                list = false;
            }
            paragraph.push(trimmed);
        }
    }
    if let Some(block) = code {
        let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(&block.join("\n")));
    }
    flush(&mut out, &mut paragraph, &mut list);
    out
}

/// A stretch of the file with the marks that fall in it.
struct Pane {
    range: TextRange,
    /// `target`, `source` or `context`.
    kind: &'static str,
}

/// A mark in a pane: the primary range or a label.
struct Mark<'a> {
    range: TextRange,
    primary: bool,
    title: &'a str,
}

/// The pane's text, escaped, with the marks in it as `<mark>` elements.
fn marked(text: &str, pane: &Pane, marks: &[Mark]) -> String {
    let (start, end) = (pane.range.start(), pane.range.end().min(text.len()));
    let mut inside: Vec<&Mark> = marks
        .iter()
        .filter(|m| {
            let (a, b) = (m.range.start(), m.range.end());
            (a < end && b > start) || (a == b && a >= start && a <= end)
        })
        .collect();
    inside.sort_by_key(|m| (m.range.start, !m.primary));
    let mut out = String::new();
    let mut at = start;
    for m in inside {
        let a = crate::text::floor_char_boundary(text, m.range.start().max(at).min(end));
        let b = crate::text::floor_char_boundary(text, m.range.end().min(end).max(a));
        if m.range.start() < at && m.range.end() <= at {
            continue;
        }
        out.push_str(&escape(&text[at..a]));
        let class = if m.primary { "primary" } else { "label" };
        let title = if m.title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(m.title))
        };
        if a == b {
            let _ = write!(out, "<mark class=\"{class} point\"{title}>\u{2038}</mark>");
        } else {
            let _ = write!(
                out,
                "<mark class=\"{class}\"{title}>{}</mark>",
                escape(&text[a..b])
            );
        }
        at = b;
    }
    out.push_str(&escape(&text[at..end]));
    out
}

/// The target and source of the finding's segment (the one holding the finding, else
/// the first with its ID); the line around the finding when there is no segment or the
/// finding is outside both.
/// The segments of a document by ID, each ID's in document order.
struct SegmentIndex<'d> {
    document: &'d Document<'d>,
    by_id: HashMap<&'d str, Vec<usize>>,
}

impl<'d> SegmentIndex<'d> {
    fn new(document: &'d Document<'d>) -> Self {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in document.segments.iter().enumerate() {
            by_id.entry(s.id_str(document.text)).or_default().push(i);
        }
        SegmentIndex { document, by_id }
    }

    /// The first segment with this ID that holds `range`, else the first with this ID.
    fn find(&self, id: &str, range: TextRange) -> Option<&'d Segment> {
        let segments = &self.document.segments;
        let list = self.by_id.get(id)?;
        // Segments follow one another without overlapping: only those starting at or
        // before the range, and ending at or after its start, can hold it (a few at the
        // end of that part of the list), however many share the ID.
        let before = list.partition_point(|&i| segments[i].range.start <= range.start);
        let holding = list[..before]
            .iter()
            .rev()
            .take_while(|&&i| segments[i].range.end >= range.start)
            .filter(|&&i| segments[i].range.contains_range(range))
            .last();
        Some(&segments[*holding.unwrap_or(&list[0])])
    }
}

fn panes(text: &str, lines: &Lines, index: Option<&SegmentIndex>, d: &Diagnostic) -> Vec<Pane> {
    let mut out = Vec::new();
    if let (Some(index), Some(id)) = (index, &d.segment)
        && let Some(seg) = index.find(id, d.range)
    {
        if let Some(t) = &seg.target {
            out.push(Pane {
                range: t.content,
                kind: "target",
            });
        }
        if let Some(s) = &seg.source {
            out.push(Pane {
                range: s.content,
                kind: "source",
            });
        }
    }
    let covered = out
        .iter()
        .any(|p| p.range.start <= d.range.start && d.range.end <= p.range.end.max(d.range.start));
    if !covered {
        // The line, at most 160 bytes either side of the finding.
        let start = d.range.start().min(text.len());
        let end = d.range.end().min(text.len()).max(start);
        let (line_start, line_end) = lines.around(start, end);
        let from =
            crate::text::floor_char_boundary(text, line_start.max(start.saturating_sub(160)));
        let to = crate::text::floor_char_boundary(text, line_end.min(end + 160));
        let to = if to < end { end } else { to };
        out.insert(
            0,
            Pane {
                range: TextRange::new(from, to),
                kind: "context",
            },
        );
    }
    out
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn write_finding(
    page: &mut String,
    locale: &str,
    text: &str,
    index: Option<&SegmentIndex>,
    lines: &Lines,
    d: &Diagnostic,
) {
    let severity = d.severity.as_str();
    let (line, column) = lines.line_column(d.range.start());
    let _ = write!(
        page,
        "<article class=\"finding {severity}\" data-rule=\"{}\" data-severity=\"{severity}\" data-category=\"{}\" data-locale=\"{}\">",
        d.rule.name,
        d.rule.category.as_str(),
        escape(locale)
    );
    let _ = write!(
        page,
        "<div class=\"head\"><span class=\"sev\">{severity}</span><a class=\"rule\" href=\"#rule-{0}\">{0}</a><span class=\"pos\">{line}:{column}</span>",
        d.rule.name
    );
    if let Some(id) = &d.segment {
        let _ = write!(page, "<span class=\"seg\">segment {}</span>", escape(id));
    }
    let _ = write!(page, "</div><p class=\"msg\">{}</p>", escape(&d.message));
    let mut marks = vec![Mark {
        range: d.range,
        primary: true,
        title: "",
    }];
    marks.extend(d.labels.iter().map(|l| Mark {
        range: l.range,
        primary: false,
        title: &l.message,
    }));
    let panes = panes(text, lines, index, d);
    page.push_str("<div class=\"pair\">");
    for pane in &panes {
        let (name, lang, dir) = match pane.kind {
            "target" => (locale.to_string(), locale, "auto"),
            "source" => ("en (source)".to_string(), "en", "ltr"),
            _ => ("line".to_string(), "", "auto"),
        };
        let lang = if lang.is_empty() || lang == UNKNOWN {
            String::new()
        } else {
            format!(" lang=\"{}\"", escape(lang))
        };
        let _ = write!(
            page,
            "<div class=\"pane {}\"><div class=\"name\">{}</div><div class=\"text\" dir=\"{dir}\"{lang}>{}</div></div>",
            pane.kind,
            escape(&name),
            marked(text, pane, &marks)
        );
    }
    page.push_str("</div>");
    let labels: Vec<&str> = d
        .labels
        .iter()
        .map(|l| l.message.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    if !labels.is_empty() {
        let mut unique: Vec<&str> = Vec::new();
        for l in labels {
            if !unique.contains(&l) {
                unique.push(l);
            }
        }
        let _ = write!(
            page,
            "<p class=\"labels\"><mark class=\"label\">marked</mark> {}</p>",
            escape(&unique.join(" · "))
        );
    }
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "fix (--fix)",
            Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
        };
        let _ = write!(
            page,
            "<p class=\"fix\"><span>{how}</span> {}</p>",
            escape(&fix.message)
        );
    }
    page.push_str("</article>\n");
}

/// The stacked bar chart: one bar per locale, one colored part per category.
fn chart(
    by_locale: &BTreeMap<String, BTreeMap<Category, usize>>,
    categories: &[Category],
) -> String {
    let max = by_locale
        .values()
        .map(|c| c.values().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h) = (90.0, 440.0, 26.0);
    let legend_rows = categories.len().div_ceil(4);
    let height = by_locale.len() as f64 * row_h + 16.0 + legend_rows as f64 * 22.0 + 8.0;
    let width = label_w + bar_w + 70.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Findings by locale and category\">"
    );
    for (row, (locale, counts)) in by_locale.iter().enumerate() {
        let y = row as f64 * row_h + 4.0;
        let total: usize = counts.values().sum();
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"axis\">{}</text>",
            label_w - 8.0,
            y + 15.0,
            escape(locale)
        );
        let mut x = label_w;
        for category in categories {
            let n = counts.get(category).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let w = n as f64 / max as f64 * bar_w;
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"20\" fill=\"{}\" data-filter-locale=\"{}\" data-filter-category=\"{}\"><title>{}: {} {}</title></rect>",
                w.max(0.5),
                category_color(*category),
                escape(locale),
                category.as_str(),
                escape(locale),
                n,
                category.as_str()
            );
            x += w;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" class=\"total\">{total}</text>",
            x + 6.0,
            y + 15.0
        );
    }
    let legend_y = by_locale.len() as f64 * row_h + 18.0;
    for (i, category) in categories.iter().enumerate() {
        let x = label_w + (i % 4) as f64 * 125.0;
        let y = legend_y + (i / 4) as f64 * 22.0;
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>",
            category_color(*category),
            x + 20.0,
            y + 12.0,
            category.as_str()
        );
    }
    svg.push_str("</svg>");
    svg
}

const STYLE: &str = r#"
:root{--err:#c81e1e;--warn:#b45309;--info:#0e7490;--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK KR","Noto Sans Arabic","Noto Sans Thai",sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#111827;color:#f9fafb;padding:18px 28px}
header.top h1{margin:0;font-size:22px}
header.top p{margin:4px 0 0;color:#d1d5db}
.counts b.error{color:#fca5a5}.counts b.warning{color:#fcd34d}.counts b.info{color:#67e8f9}
nav{padding:8px 28px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
nav a{margin-right:18px;color:#2563eb;text-decoration:none}
main{padding:8px 28px 40px;max-width:1400px}
h2{font-size:18px;margin:26px 0 10px}
.overview{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
svg.chart text{font:12px system-ui,sans-serif;fill:#374151}
svg.chart rect[data-filter-locale]{cursor:pointer}
svg.chart rect[data-filter-locale]:hover{opacity:.8}
table{border-collapse:collapse;font-size:14px}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.matrix td.n{background:rgba(37,99,235,var(--v,0))}
table.matrix td.hot{color:#fff}
.sevtag{font-size:12px;padding:1px 6px;border-radius:9px;color:#fff}
.sevtag.error{background:var(--err)}.sevtag.warning{background:var(--warn)}.sevtag.info{background:var(--info)}
form.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;position:sticky;top:41px;z-index:1}
form.filters label{font-size:13px;color:var(--muted)}
form.filters select{font-size:14px;margin-left:4px;max-width:260px}
section.file{margin:18px 0}
section.file>h3{font-size:15px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;margin:0 0 6px;word-break:break-all}
section.file>h3 .loc{font-family:system-ui,sans-serif;font-size:12px;background:#e5e7eb;border-radius:9px;padding:1px 8px;margin-left:8px}
article.finding{background:#fff;border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:8px 12px;margin:8px 0}
article.finding.error{border-left-color:var(--err)}
article.finding.warning{border-left-color:var(--warn)}
.head{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap;font-size:13px}
.head .sev{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
.finding.error .sev{color:var(--err)}.finding.warning .sev{color:var(--warn)}.finding.info .sev{color:var(--info)}
.head .rule{font-family:ui-monospace,Menlo,monospace}
.head .pos,.head .seg{color:var(--muted);font-family:ui-monospace,Menlo,monospace}
p.msg{margin:4px 0 8px}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:10px}
.pane{border:1px solid var(--line);border-radius:4px;background:#fcfcfd}
.pane .name{font-size:11px;color:var(--muted);padding:2px 8px;border-bottom:1px solid var(--line);text-transform:uppercase;letter-spacing:.04em}
.pane .text{padding:6px 8px;white-space:pre-wrap;word-break:break-word;font-size:14px}
mark.primary{background:#fde68a;outline:2px solid #f59e0b;border-radius:2px}
.finding.error mark.primary{background:#fecaca;outline-color:#ef4444}
mark.label{background:#dbeafe;outline:1px solid #60a5fa;border-radius:2px}
mark.point{padding:0 1px;font-weight:700}
p.labels,p.fix{margin:6px 0 0;font-size:13px;color:#374151}
p.fix span{font-weight:600;color:#047857}
details.rule{background:#fff;border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 12px}
details.rule summary{cursor:pointer}
details.rule summary code{font-weight:600}
details.rule pre{background:#f3f4f6;padding:8px;overflow:auto}
details.rule h4{margin:12px 0 4px}
.errors li{font-family:ui-monospace,Menlo,monospace}
[hidden]{display:none!important}
"#;

const SCRIPT: &str = r##"
(function () {
  var sel = {};
  ["locale", "severity", "category", "rule"].forEach(function (k) {
    sel[k] = document.getElementById("f-" + k);
  });
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  function apply() {
    var shown = 0;
    findings.forEach(function (f) {
      var ok = Object.keys(sel).every(function (k) {
        return !sel[k].value || f.getAttribute("data-" + k) === sel[k].value;
      });
      f.hidden = !ok;
      if (ok) shown++;
    });
    files.forEach(function (s) {
      s.hidden = !s.querySelector("article.finding:not([hidden])");
    });
    document.getElementById("shown").textContent = shown;
  }
  function fromHash() {
    var h = location.hash;
    if (h.indexOf("#filter:") === 0) {
      Object.keys(sel).forEach(function (k) { sel[k].value = ""; });
      h.slice(8).split("&").forEach(function (p) {
        var kv = p.split("=");
        if (sel[kv[0]]) sel[kv[0]].value = decodeURIComponent(kv[1] || "");
      });
      apply();
      document.getElementById("findings").scrollIntoView();
    } else if (h.indexOf("#rule-") === 0) {
      var d = document.getElementById(decodeURIComponent(h.slice(1)));
      if (d) d.open = true;
    }
  }
  Object.keys(sel).forEach(function (k) { sel[k].addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(sel).forEach(function (k) { sel[k].value = ""; });
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-locale]"), function (r) {
    r.addEventListener("click", function () {
      sel.locale.value = r.getAttribute("data-filter-locale");
      sel.category.value = r.getAttribute("data-filter-category") || "";
      sel.severity.value = "";
      sel.rule.value = "";
      apply();
      document.getElementById("findings").scrollIntoView();
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
  apply();
  document.body.setAttribute("data-ready", "1");
})();
"##;

fn options(page: &mut String, id: &str, label: &str, values: &[(String, usize)]) {
    let _ = write!(
        page,
        "<label>{label}<select id=\"f-{id}\"><option value=\"\">all</option>"
    );
    for (v, n) in values {
        let _ = write!(page, "<option value=\"{0}\">{0} ({n})</option>", escape(v));
    }
    page.push_str("</select></label>");
}

/// Renders one file's findings, an `<article>` each.
pub(super) fn render_file(
    view: &FileView<'_>,
    diagnostics: &[Diagnostic],
    out: &mut dyn RecordSink,
) {
    let text = view.text;
    let document = Document::parse(text);
    let index = SegmentIndex::new(&document);
    let places = Places::new(text, diagnostics.iter().map(|d| d.range.start()));
    let lines = Lines::with_places(text, places);
    let locale = locale_of(view.locale);
    let mut page = String::new();
    for d in diagnostics {
        out.record(d, &mut |bytes| {
            page.clear();
            write_finding(&mut page, locale, text, Some(&index), &lines, d);
            bytes.extend_from_slice(page.as_bytes());
        });
    }
}

/// The page up to the findings: the counts, the overview and the filters.
pub(super) fn begin(totals: &Totals, out: &mut dyn Write) -> std::io::Result<()> {
    let summary = totals.summary;
    let findings = summary.errors + summary.warnings + summary.infos;
    // Counts for the overview and the filters.
    let by_locale = &totals.by_locale;
    let mut by_rule: BTreeMap<&str, (&RuleMeta, BTreeMap<Severity, usize>)> = BTreeMap::new();
    for (&(name, severity), &(meta, n)) in &totals.per_rule {
        *by_rule
            .entry(name)
            .or_insert_with(|| (meta, BTreeMap::new()))
            .1
            .entry(severity)
            .or_default() += n;
    }
    let locales: BTreeMap<String, usize> = by_locale
        .iter()
        .map(|(l, c)| (l.clone(), c.values().sum()))
        .collect();
    let mut severities: BTreeMap<Severity, usize> = BTreeMap::new();
    for (s, n) in [
        (Severity::Error, summary.errors),
        (Severity::Warning, summary.warnings),
        (Severity::Info, summary.infos),
    ] {
        if n > 0 {
            severities.insert(s, n);
        }
    }
    let mut categories: BTreeMap<Category, usize> = BTreeMap::new();
    for counts in by_locale.values() {
        for (c, n) in counts {
            *categories.entry(*c).or_default() += n;
        }
    }
    let used_categories: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| categories.contains_key(c))
        .collect();
    let files_with_findings = totals.with_findings;

    let mut page = String::with_capacity(16384);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    page.push_str("<meta name=\"generator\" content=\"loclint ");
    page.push_str(env!("CARGO_PKG_VERSION"));
    page.push_str("\">\n<title>loclint report</title>\n<style>");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n<header class=\"top\"><h1>loclint report</h1>");
    let _ = writeln!(
        page,
        "<p class=\"counts\">{} file{} checked · <b class=\"error\">{} error{}</b> · <b class=\"warning\">{} warning{}</b> · <b class=\"info\">{} info</b> · findings in {} file{}{}</p></header>",
        summary.files,
        if summary.files == 1 { "" } else { "s" },
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" },
        summary.infos,
        files_with_findings,
        if files_with_findings == 1 { "" } else { "s" },
        if summary.unreadable > 0 {
            format!(" · {} could not be checked", summary.unreadable)
        } else {
            String::new()
        }
    );
    page.push_str("<nav><a href=\"#overview\">Overview</a><a href=\"#findings\">Findings</a><a href=\"#rules\">Rules</a></nav>\n<main>\n");

    // Overview.
    page.push_str("<section id=\"overview\"><h2>Overview</h2>");
    if findings == 0 {
        page.push_str("<p>No findings.</p>");
    } else {
        page.push_str(
            "<div class=\"overview\"><div class=\"card\"><h3>Findings by locale and category</h3>",
        );
        page.push_str(&chart(by_locale, &used_categories));
        page.push_str("</div><div class=\"card\"><h3>Findings per rule</h3><table class=\"rules\"><thead><tr><th>rule</th><th>category</th><th class=\"n\">error</th><th class=\"n\">warning</th><th class=\"n\">info</th><th class=\"n\">total</th></tr></thead><tbody>");
        let mut rows: Vec<_> = by_rule.iter().collect();
        rows.sort_by_key(|(name, (_, counts))| {
            (std::cmp::Reverse(counts.values().sum::<usize>()), **name)
        });
        for (name, (meta, counts)) in rows {
            let cell = |s: Severity| counts.get(&s).map_or(String::new(), |n| n.to_string());
            let _ = write!(
                page,
                "<tr><td><a href=\"#rule-{name}\" title=\"{}\">{name}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\"><a href=\"#filter:rule={name}\">{}</a></td></tr>",
                escape(meta.summary),
                meta.category.as_str(),
                cell(Severity::Error),
                cell(Severity::Warning),
                cell(Severity::Info),
                counts.values().sum::<usize>()
            );
        }
        page.push_str("</tbody></table></div></div>");
        // The same counts as numbers: locale × category.
        let max = by_locale
            .values()
            .flat_map(|c| c.values())
            .max()
            .copied()
            .unwrap_or(1)
            .max(1);
        page.push_str("<div class=\"card\" style=\"margin-top:18px;overflow:auto\"><h3>Counts by locale and category</h3><table class=\"matrix\"><thead><tr><th>locale</th>");
        for c in &used_categories {
            let _ = write!(page, "<th class=\"n\">{}</th>", c.as_str());
        }
        page.push_str("<th class=\"n\">total</th></tr></thead><tbody>");
        for (locale, counts) in by_locale {
            let _ = write!(page, "<tr><th>{}</th>", escape(locale));
            for c in &used_categories {
                match counts.get(c) {
                    Some(&n) => {
                        let v = (n as f64 / max as f64).sqrt() * 0.85;
                        let _ = write!(
                            page,
                            "<td class=\"n{}\" style=\"--v:{v:.2}\"><a href=\"#filter:locale={}&amp;category={}\">{n}</a></td>",
                            if v > 0.5 { " hot" } else { "" },
                            escape(locale),
                            c.as_str()
                        );
                    }
                    None => page.push_str("<td class=\"n\"></td>"),
                }
            }
            let _ = write!(
                page,
                "<td class=\"n\"><b>{}</b></td></tr>",
                counts.values().sum::<usize>()
            );
        }
        page.push_str("</tbody></table></div>");
    }
    page.push_str("</section>\n");

    // Findings, by file.
    let _ = write!(
        page,
        "<section id=\"findings\"><h2>Findings</h2><form class=\"filters\" onsubmit=\"return false\">"
    );
    let list =
        |m: &BTreeMap<String, usize>| m.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>();
    options(&mut page, "locale", "locale", &list(&locales));
    let sev: Vec<(String, usize)> = {
        let mut v: Vec<_> = severities.iter().collect();
        v.sort_by_key(|(s, _)| severity_rank(**s));
        v.into_iter()
            .map(|(s, n)| (s.as_str().to_string(), *n))
            .collect()
    };
    options(&mut page, "severity", "severity", &sev);
    let cats: Vec<(String, usize)> = used_categories
        .iter()
        .map(|c| (c.as_str().to_string(), categories[c]))
        .collect();
    options(&mut page, "category", "category", &cats);
    let rule_counts: Vec<(String, usize)> = by_rule
        .iter()
        .map(|(name, (_, c))| (name.to_string(), c.values().sum()))
        .collect();
    options(&mut page, "rule", "rule", &rule_counts);
    let _ = writeln!(
        page,
        "<button type=\"button\" id=\"reset\">show all</button><span><b id=\"shown\">{}</b> of {} shown</span></form>",
        findings, findings
    );
    out.write_all(page.as_bytes())
}

/// The heading of a file's findings (files without any are not shown); `count` records
/// follow.
pub(super) fn file_start(
    path: &Path,
    locale: Option<&str>,
    count: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if count == 0 {
        return Ok(());
    }
    let path = display(path);
    writeln!(
        out,
        "<section class=\"file\" data-path=\"{}\"><h3>{}<span class=\"loc\">{}</span></h3>",
        escape(&path),
        escape(&path),
        escape(locale_of(locale))
    )
}

/// The end of a file's findings (see [`file_start`]).
pub(super) fn file_end(count: usize, out: &mut dyn Write) -> std::io::Result<()> {
    if count == 0 {
        return Ok(());
    }
    out.write_all(b"</section>\n")
}

/// The end of the page: the files that could not be read, the rules' documentation.
pub(super) fn end(totals: &Totals, out: &mut dyn Write) -> std::io::Result<()> {
    let mut page = String::new();
    let unreadable = &totals.file_errors;
    if !unreadable.is_empty() {
        page.push_str("<h3>Files that could not be read</h3><ul class=\"errors\">");
        for (path, error) in unreadable {
            let _ = write!(
                page,
                "<li>{}: {}</li>",
                escape(&display(path)),
                escape(error)
            );
        }
        page.push_str("</ul>");
    }
    page.push_str("</section>\n");

    // The documentation of the rules that reported.
    page.push_str("<section id=\"rules\"><h2>Rules</h2>");
    let used: BTreeSet<&str> = totals.per_rule.keys().map(|(name, _)| *name).collect();
    for rule in crate::rules::ALL
        .iter()
        .filter(|r| used.contains(r.meta().name))
    {
        let meta = rule.meta();
        let _ = writeln!(
            page,
            "<details class=\"rule\" id=\"rule-{0}\"><summary><code>{0}</code> · {1} · {2} — {3}</summary>{4}</details>",
            meta.name,
            meta.category.as_str(),
            meta.default_severity.as_str(),
            escape(meta.summary),
            markdown(&crate::cli::rule_page(meta, 1))
        );
    }
    page.push_str("</section>\n</main>\n<script>");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

/// Writes the page.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    super::write_reports(&super::Style::Html, reports, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_s_segment_is_the_first_of_its_id_that_holds_it() {
        let pair = |id: &str, t: &str| {
            format!(
                "<span data-ttu-id=\"{id}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{t}</span></span>"
            )
        };
        let mut text = String::from("---\nms.contentlocale: ko-KR\n---\n\n");
        for i in 0..30 {
            let id = if i % 3 == 0 {
                "a-1".to_string()
            } else {
                format!("a-{i}")
            };
            text.push_str(&pair(&id, "장치"));
            text.push_str(if i % 4 == 0 { "\n\n" } else { " " });
        }
        text.push_str(&"<span data-ttu-id=\"a-1\">".repeat(5));
        let doc = Document::parse(&text);
        let index = SegmentIndex::new(&doc);
        for id in ["a-1", "a-2", "a-29", "a-404"] {
            for start in (0..=text.len()).step_by(3) {
                for len in [0, 2, 30] {
                    let range = TextRange::new(start, (start + len).min(text.len()));
                    let mut with_id = doc.segments.iter().filter(|s| s.id_str(&text) == id);
                    let first = with_id.clone().next();
                    let naive = with_id.find(|s| s.range.contains_range(range)).or(first);
                    let found = index.find(id, range);
                    assert_eq!(
                        found.map(|s| s.range),
                        naive.map(|s| s.range),
                        "{id} {range:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn marks_split_the_text_on_character_boundaries() {
        let text = "앞 장치 뒤 [x](u)";
        let target = Pane {
            range: TextRange::new(0, text.len()),
            kind: "target",
        };
        let a = text.find("장치").unwrap();
        let marks = [
            Mark {
                range: TextRange::new(a, a + "장치".len()),
                primary: true,
                title: "",
            },
            Mark {
                range: TextRange::new(text.len(), text.len()),
                primary: false,
                title: "<here>",
            },
        ];
        assert_eq!(
            marked(text, &target, &marks),
            "앞 <mark class=\"primary\">장치</mark> 뒤 [x](u)<mark class=\"label point\" title=\"&lt;here&gt;\">\u{2038}</mark>"
        );
    }

    #[test]
    fn rule_docs_become_html() {
        let html = markdown(
            "# x\n\n## What it does\nA `code` and\nmore.\n\n- one\n  two\n- three\n\n```markdown\n<a> & b\n```\n",
        );
        assert_eq!(
            html,
            "<h4>What it does</h4>\n<p>A <code>code</code> and more.</p>\n<ul>\n<li>one two</li>\n<li>three</li>\n</ul>\n<pre><code>&lt;a&gt; &amp; b</code></pre>\n"
        );
    }
}
