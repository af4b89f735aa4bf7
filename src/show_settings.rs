//! `loclint check --show-settings FILE`: what loclint would do with one file — its
//! configuration files, its locale and where that came from, the locale profile and how
//! the tag found it, the glossary and do-not-translate lists, and every rule with the
//! severity it reports at (or why it does not run).

use crate::cli::{EXIT_TROUBLE, print_out};
use crate::config::{Resolver, shown};
use crate::engine::{LocaleSource, Selector, resolve_locale};
use crate::rules;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// What the command line said, to tell it apart from the configuration.
pub struct CommandLine<'a> {
    pub select: bool,
    pub ignore: &'a [Selector],
    pub locale: bool,
    pub config: Option<&'a Path>,
}

fn name_of(selector: &Selector) -> String {
    match selector {
        Selector::Rule(r) => (*r).to_string(),
        Selector::Category(c) => c.as_str().to_string(),
        Selector::All => "all".to_string(),
    }
}

pub fn run(file: &Path, resolver: &Resolver, cli: &CommandLine) -> ExitCode {
    let settings = match resolver.settings_for(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    let config = settings.config.as_deref();
    let mut out = String::new();
    let _ = writeln!(out, "file: {}", file.display());
    if !file.is_file() {
        let _ = writeln!(
            out,
            "      (no such file: the settings a file at this path would get)"
        );
    }

    // Configuration files.
    match (cli.config, config) {
        (Some(path), _) => {
            let _ = writeln!(out, "configuration: {} (--config)", path.display());
        }
        (None, Some(c)) => {
            let _ = writeln!(out, "configuration: {}", shown(&c.files[0]));
            for extended in &c.files[1..] {
                let _ = writeln!(out, "  extends {}", shown(extended));
            }
        }
        (None, None) => {
            let _ = writeln!(
                out,
                "configuration: none (no loclint.toml from the file's folder up to the repository root): the defaults"
            );
        }
    }
    if let Some(c) = config
        && c.is_excluded(file)
    {
        let _ = writeln!(
            out,
            "excluded: yes, by an `exclude` pattern: `loclint check` skips this file"
        );
    }

    // Locale.
    let text = std::fs::read(file).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let document = crate::document::Document::parse(&text);
    let front_matter = document.locale();
    let resolved = resolve_locale(front_matter, file, &settings);
    match &resolved {
        Some((locale, source)) => {
            let from = match source {
                LocaleSource::FrontMatter => {
                    "from the front matter (`ms.contentlocale`)".to_string()
                }
                LocaleSource::Pattern { file, pattern } => {
                    format!("from [locales] \"{pattern}\" in {}", shown(file))
                }
                LocaleSource::Path => "from the path (a folder or file name)".to_string(),
                LocaleSource::Default if cli.locale => "from --locale".to_string(),
                LocaleSource::Default => match config.and_then(|c| c.locale_file.as_ref()) {
                    Some(f) => format!("from `locale` in {}", shown(f)),
                    None => "the default".to_string(),
                },
            };
            let _ = writeln!(out, "locale: {locale}, {from}");
            if let Some(bad) = front_matter.filter(|l| rules::locale_problem(l).is_some()) {
                let _ = writeln!(
                    out,
                    "  (the front matter's `ms.contentlocale: {bad}` is not a valid tag and was passed over)"
                );
            }
        }
        None => {
            let _ = writeln!(out, "locale: none: {}", crate::cli::LOCALE_HELP);
        }
    }
    let locale = resolved.as_ref().map(|(l, _)| l.as_str());

    // Profile.
    let profile = settings.profile(locale);
    match locale {
        Some(_) => {
            let _ = writeln!(
                out,
                "profile: {} ({})",
                crate::locale::report::resolution(&profile),
                profile.name
            );
            if let Some(c) = config {
                for (tag, f) in &c.profile_files {
                    if tag.eq_ignore_ascii_case(&profile.tag) {
                        let _ = writeln!(out, "  changed by [profiles] {tag} in {}", shown(f));
                    }
                }
            }
        }
        None => {
            let _ = writeln!(
                out,
                "profile: none: rules that need a language's conventions stay quiet"
            );
        }
    }

    // Glossary and do-not-translate names.
    match locale.and_then(|l| settings.glossary(l)) {
        Some(g) => {
            let files = config
                .zip(locale)
                .and_then(|(c, l)| c.glossary_files.get(&l.to_ascii_lowercase()));
            let builtin = locale.and_then(crate::glossary::canonical_builtin);
            let mut parts = Vec::new();
            if let Some(b) = builtin {
                parts.push(format!("built-in {b} (rules/terms/{b}.yaml)"));
            }
            for f in files.into_iter().flatten() {
                parts.push(shown(f));
            }
            let _ = writeln!(
                out,
                "glossary: {} terms: {}",
                g.concepts.len(),
                parts.join(" + ")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "glossary: none for {}: the terminology rules stay quiet",
                locale.unwrap_or("an unknown locale")
            );
        }
    }
    let dnt = settings.dnt();
    let mut parts = vec!["built-in (rules/do-not-translate.yaml)".to_string()];
    if let Some(c) = config {
        parts.extend(c.dnt_files.iter().map(|f| shown(f)));
    }
    let _ = writeln!(
        out,
        "do-not-translate: {} names: {}",
        dnt.names.len(),
        parts.join(" + ")
    );

    // Rules.
    let enabled = settings.enabled_rules();
    let mut on = Vec::new();
    let mut off = Vec::new();
    for rule in rules::ALL {
        let meta = rule.meta();
        let selected = settings
            .select
            .as_ref()
            .is_none_or(|sel| sel.iter().any(|s| s.matches_meta(meta)));
        let ignored_by = settings
            .ignore
            .iter()
            .find(|s| s.matches_meta(meta))
            .map(|s| {
                let from_config = config.and_then(|c| {
                    c.ignored
                        .iter()
                        .find(|(sel, _)| sel == s)
                        .map(|(_, f)| format!("`ignore = [\"{}\"]` in {}", name_of(s), shown(f)))
                });
                if cli.ignore.contains(s) {
                    format!("--ignore {}", name_of(s))
                } else {
                    from_config.unwrap_or_else(|| format!("ignore {}", name_of(s)))
                }
            });
        if !selected {
            let by = if cli.select {
                "--select".to_string()
            } else {
                config
                    .and_then(|c| c.select_file.as_ref())
                    .map_or("`select`".to_string(), |f| {
                        format!("`select` in {}", shown(f))
                    })
            };
            off.push((meta.name, format!("not selected by {by}")));
            continue;
        }
        if let Some(by) = ignored_by {
            off.push((meta.name, format!("ignored by {by}")));
            continue;
        }
        let configured = config.and_then(|c| c.severity.get(meta.name).map(|s| (*s, c)));
        if let Some((level, c)) = configured {
            let f = c
                .severity_files
                .get(meta.name)
                .map(|f| shown(f))
                .unwrap_or_default();
            match level {
                Some(s) => on.push((meta, s.as_str().to_string(), format!("[severity] in {f}"))),
                None => off.push((meta.name, format!("off in [severity] in {f}"))),
            }
            continue;
        }
        if let Some(adjustment) = profile.rule_adjustment(meta.name) {
            let why = format!("profile {}: {}", profile.tag, adjustment.reason);
            match crate::diagnostic::Severity::parse(&adjustment.severity) {
                Some(s) => on.push((meta, s.as_str().to_string(), why)),
                None => off.push((meta.name, format!("off in the {why}"))),
            }
            continue;
        }
        debug_assert!(enabled.iter().any(|r| r.meta().name == meta.name));
        on.push((
            meta,
            meta.default_severity.as_str().to_string(),
            "default".into(),
        ));
    }
    let width = rules::ALL
        .iter()
        .map(|r| r.meta().name.len())
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "rules: {} of {} run", on.len(), rules::ALL.len());
    for (meta, severity, why) in &on {
        let _ = writeln!(
            out,
            "  {:width$}  {:12}  {:7}  {why}",
            meta.name,
            meta.category.as_str(),
            severity
        );
    }
    // Rules that do not run, by reason.
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, why) in &off {
        match reasons.iter_mut().find(|(r, _)| r == why) {
            Some((_, names)) => names.push(name),
            None => reasons.push((why, vec![name])),
        }
    }
    for (why, names) in reasons {
        let _ = writeln!(out, "not run, {why}: {}", names.join(", "));
    }
    print_out(&out);
    ExitCode::SUCCESS
}
