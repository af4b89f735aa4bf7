//! `loclint locales`: the profiles a run knows, and what one locale tag resolves to.

use super::{LocaleProfile, Registry, Resolution};
use crate::cli::{EXIT_TROUBLE, LocalesFormat, print_out};
use crate::config::Resolver;
use crate::engine::Settings;
use std::path::Path;
use std::process::ExitCode;

fn first(list: &[String]) -> &str {
    list.first().map_or("–", String::as_str)
}

/// One row of the table: tag, name, writing system, direction, spacing, marks, quotes,
/// decimal separator.
fn row(p: &LocaleProfile) -> [String; 9] {
    let punct = p.punctuation.as_ref();
    let quotes = p
        .quotes
        .as_ref()
        .and_then(|q| q.primary.as_ref())
        .map_or("–".to_string(), |(o, c)| format!("{o}…{c}"));
    [
        p.tag.clone(),
        p.name.clone(),
        p.writing_system.clone().unwrap_or_default(),
        match p.direction {
            Some(super::Direction::Rtl) => "rtl".into(),
            Some(super::Direction::Ltr) => "ltr".into(),
            None => "?".into(),
        },
        match p.word_spaces {
            Some(true) => "spaced".into(),
            Some(false) => "unspaced".into(),
            None => "?".into(),
        },
        punct.map_or("–".into(), |x| {
            let stop = first(&x.full_stop);
            format!(
                "{} {}",
                if stop == "–" { "(none)" } else { stop },
                first(&x.question)
            )
        }),
        quotes,
        p.numbers
            .as_ref()
            .map_or("–".into(), |n| format!("{:?}", n.decimal)),
        if p.rules.is_empty() {
            String::new()
        } else {
            p.rules.keys().cloned().collect::<Vec<_>>().join(", ")
        },
    ]
}

fn table(registry: &Registry) -> String {
    let header = [
        "tag",
        "name",
        "script",
        "dir",
        "words",
        "stop ?",
        "quotes",
        "decimal",
        "adjusted rules",
    ]
    .map(String::from);
    let rows: Vec<[String; 9]> = std::iter::once(header)
        .chain(registry.tags().iter().map(|t| row(&registry.resolve(t))))
        .collect();
    let widths: Vec<usize> = (0..9)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(
        "\nOther tags resolve by language (`fr-BE` → fr-FR), then by script (`ka-GE`: Georgian \
         script facts only). `loclint locales TAG` shows one.\n",
    );
    out
}

/// How a requested tag found its profile, as a sentence.
pub fn resolution(p: &LocaleProfile) -> String {
    match &p.resolution {
        Resolution::Exact => format!("{} has a profile of its own.", p.requested),
        Resolution::Language { profile } => format!(
            "{} has no profile of its own; it uses {profile}, the profile of its language.",
            p.requested
        ),
        Resolution::Script { script } => format!(
            "{} has no profile; only its script is known ({script}: {}). Rules that need the \
             language's punctuation, quotes or numbers stay quiet for it.",
            p.requested, p.name
        ),
        Resolution::Unknown => format!(
            "Nothing is known about `{}`: rules that need a convention stay quiet.",
            p.requested
        ),
    }
}

fn describe(p: &LocaleProfile) -> String {
    let how = resolution(p);
    let mut out = format!("# {how}\n");
    match &p.data {
        Some(data) => {
            out.push_str(&serde_yaml::to_string(data).unwrap_or_default());
        }
        None => {
            if let Some(ws) = &p.writing_system {
                out.push_str(&format!(
                    "script: {ws}\ndirection: {}\nword_spaces: {}\n",
                    if p.direction == Some(super::Direction::Rtl) {
                        "rtl"
                    } else {
                        "ltr"
                    },
                    p.word_spaces.unwrap_or(true)
                ));
                if !p.invisible.is_empty() {
                    let codes: Vec<String> = p
                        .invisible
                        .iter()
                        .map(|c| format!("U+{:04X}", *c as u32))
                        .collect();
                    out.push_str(&format!("invisible: [{}]\n", codes.join(", ")));
                }
            }
        }
    }
    out
}

fn json(p: &LocaleProfile) -> serde_json::Value {
    serde_json::json!({
        "requested": p.requested,
        "resolution": p.resolution,
        "tag": p.tag,
        "name": p.name,
        "script": p.writing_system,
        "direction": p.direction,
        "word_spaces": p.word_spaces,
        "profile": p.data,
    })
}

/// Runs `loclint locales [TAG]`.
pub fn run(tag: Option<&str>, config: Option<&Path>, format: LocalesFormat) -> ExitCode {
    let resolver = Resolver::new(Settings::default(), config);
    let here = std::env::current_dir()
        .unwrap_or_default()
        .join("loclint-locales.md");
    let settings = match resolver.settings_for(&here) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    let registry = settings.profiles();
    let text = match (tag, format) {
        (None, LocalesFormat::Human) => table(registry),
        (None, LocalesFormat::Json) => {
            let all: Vec<_> = registry
                .tags()
                .iter()
                .map(|t| json(&registry.resolve(t)))
                .collect();
            serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
        }
        (Some(t), LocalesFormat::Human) => describe(&registry.resolve(t)),
        (Some(t), LocalesFormat::Json) => {
            serde_json::to_string_pretty(&json(&registry.resolve(t))).unwrap_or_default() + "\n"
        }
    };
    print_out(&text);
    ExitCode::SUCCESS
}
