//! `--statistics`: how many findings each rule reported, instead of the findings.
//!
//! Rows are (rule, category, severity, count), most frequent first, then by rule name (a
//! rule whose findings were reported at two severities has a row for each). The human view
//! is a table with a header and a total line (`--quiet`: the rows only); `--format json`
//! prints an array of `{ "rule", "category", "severity", "count" }` objects.

use super::Totals;
use crate::diagnostic::Severity;
use serde::Serialize;
use std::io::Write;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub category: &'static str,
    pub severity: &'static str,
    pub count: usize,
}

/// The rows, most frequent first.
pub fn counts(totals: &Totals) -> Vec<RuleCount> {
    let mut rows: Vec<((&str, Severity), RuleCount)> = totals
        .per_rule
        .iter()
        .map(|(&(name, severity), &(rule, count))| {
            (
                (name, severity),
                RuleCount {
                    rule: rule.name,
                    category: rule.category.as_str(),
                    severity: severity.as_str(),
                    count,
                },
            )
        })
        .collect();
    rows.sort_by(|((ra, sa), a), ((rb, sb), b)| {
        b.count.cmp(&a.count).then(ra.cmp(rb)).then(sb.cmp(sa))
    });
    rows.into_iter().map(|(_, row)| row).collect()
}

pub fn write_json(totals: &Totals, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(totals))?;
    out.write_all(b"\n")
}

pub fn write_human(totals: &Totals, quiet: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let rows = counts(totals);
    let total: usize = rows.iter().map(|r| r.count).sum();
    let count_w = total.to_string().len().max("count".len());
    let rule_w = rows
        .iter()
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(0)
        .max("rule".len());
    let cat_w = rows
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(0)
        .max("category".len());
    if !quiet {
        writeln!(
            out,
            "{:>count_w$}  {:rule_w$}  {:cat_w$}  severity",
            "count", "rule", "category"
        )?;
    }
    for r in &rows {
        writeln!(
            out,
            "{:>count_w$}  {:rule_w$}  {:cat_w$}  {}",
            r.count, r.rule, r.category, r.severity
        )?;
    }
    if !quiet {
        writeln!(out, "{total:>count_w$}  total")?;
    }
    Ok(())
}
