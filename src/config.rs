//! `loclint.toml` (or `.loclint.toml`): found from each checked file's folder upward to
//! the repository root (the first folder with `.git`); the nearest one applies. Command
//! line options override it (`--select` replaces `select`, `--ignore` adds to `ignore`).
//!
//! ```toml
//! select = ["structure", "links", "terminology"]   # rules or categories; default: all
//! ignore = ["term-not-preferred"]
//! exclude = ["drafts/**", "**/includes/**"]        # relative to this file's folder
//! locale = "ko-KR"                                 # when front matter and path name none
//!
//! [severity]                                       # per rule: error, warning, info, off
//! term-inconsistent = "error"
//!
//! [locales]                                        # path patterns naming a locale
//! "**/ko-kr/**" = "ko-KR"
//! "*.ja-JP.md" = "ja-JP"
//!
//! [glossary]                                       # extra glossary files per locale
//! ko-KR = ["terms/ko-KR.yaml"]
//!
//! [do-not-translate]                               # extra name lists, per locale or "*"
//! "*" = ["dnt/products.yaml"]
//!
//! [profiles]                                       # locale profiles: a file or a table,
//! fr-CA = "locales/fr-CA.yaml"                     # merged over the built-in profile of
//! [profiles.de-DE]                                 # that tag (or a new one)
//! quotes.primary = ["»", "«"]
//! ```

use crate::diagnostic::Severity;
use crate::dnt::{DntList, DntName};
use crate::engine::{Selector, Settings};
use crate::glossary::{self, Glossary, GlossaryFile};
use crate::rules;
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use toml::Spanned;

pub const FILE_NAMES: [&str; 2] = ["loclint.toml", ".loclint.toml"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    extend: Option<Spanned<toml::Value>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    locale: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    locales: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    glossary: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    do_not_translate: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    profiles: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    learn: Option<bool>,
}

/// A path pattern: one without `/` matches the file name, one with `/` the path
/// relative to the configuration's folder (`*` stays within one folder, `**` crosses).
#[derive(Clone)]
pub struct PathPattern {
    matcher: GlobMatcher,
    basename: bool,
}

impl PathPattern {
    pub fn new(pattern: &str) -> Result<PathPattern, String> {
        let basename = !pattern.contains('/');
        let glob = GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .case_insensitive(false)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(PathPattern {
            matcher: glob.compile_matcher(),
            basename,
        })
    }

    pub fn matches(&self, relative: &Path) -> bool {
        if self.basename {
            relative
                .file_name()
                .is_some_and(|n| self.matcher.is_match(n))
        } else {
            self.matcher.is_match(relative)
        }
    }
}

/// A `[locales]` entry: files matching `pattern` (relative to `root`) are in `locale`.
#[derive(Clone)]
pub struct LocalePattern {
    pub root: PathBuf,
    pub pattern: PathPattern,
    /// The pattern as written.
    pub text: String,
    pub locale: String,
    /// The configuration file it is in.
    pub file: PathBuf,
}

/// What a configuration file adds to the command line settings; with `extend`, the
/// files it extends are merged in (the nearest file wins where they disagree).
#[derive(Clone, Default)]
pub struct FileConfig {
    /// The folder of the nearest file (the one found for the checked file).
    pub root: PathBuf,
    /// `exclude` patterns, each with the folder it is relative to.
    pub exclude: Vec<(PathBuf, PathPattern)>,
    pub severity: HashMap<&'static str, Option<Severity>>,
    /// `[locales]` patterns, the nearest file's first.
    pub locales: Vec<LocalePattern>,
    pub glossaries: HashMap<String, &'static Glossary>,
    pub dnt: Option<&'static DntList>,
    /// Locale profiles with this file's `[profiles]` merged over the built-in ones.
    pub profiles: Option<Arc<crate::locale::Registry>>,
    /// Locales whose `[glossary]` names a learned glossary (`learned: true`).
    pub learned_glossaries: Vec<String>,
    /// The configuration files, the nearest first, then the ones it extends.
    pub files: Vec<PathBuf>,
    /// Which file set `locale` (None when none did, or `--locale` was given).
    pub locale_file: Option<PathBuf>,
    /// Which file set `select` (None when none did, or `--select` was given).
    pub select_file: Option<PathBuf>,
    /// `ignore` entries with the file that names them.
    pub ignored: Vec<(Selector, PathBuf)>,
    /// Which file set each rule's `[severity]`.
    pub severity_files: HashMap<&'static str, PathBuf>,
    /// The glossary files per locale (lowercase tag), in the order they apply.
    pub glossary_files: BTreeMap<String, Vec<PathBuf>>,
    /// The do-not-translate files, in the order they apply.
    pub dnt_files: Vec<PathBuf>,
    /// `[profiles]` entries: the tag and the configuration file that changes it.
    pub profile_files: Vec<(String, PathBuf)>,
}

impl FileConfig {
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude
            .iter()
            .any(|(root, p)| p.matches(&relative_to(path, root)))
    }

    /// The `[locales]` entry that names the file's locale.
    pub fn locale_pattern(&self, path: &Path) -> Option<&LocalePattern> {
        self.locales
            .iter()
            .find(|l| l.pattern.matches(&relative_to(path, &l.root)))
    }

    pub fn locale_for(&self, path: &Path) -> Option<&str> {
        self.locale_pattern(path).map(|l| l.locale.as_str())
    }
}

/// The absolute path with `.` and `..` resolved by name (`a/b/../c` is `a/c`), so the
/// upward search for a configuration visits only the file's real ancestors.
pub fn absolute(path: &Path) -> PathBuf {
    let joined;
    let abs = if path.is_absolute() {
        path
    } else if let Some(cwd) = working_dir() {
        joined = cwd.join(path);
        &joined
    } else {
        path
    };
    resolved_by_name(abs)
}

/// `.` dropped and `..` taking off the component before it, without asking the file system.
fn resolved_by_name(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn relative_to(path: &Path, root: &Path) -> PathBuf {
    let abs = absolute(path);
    abs.strip_prefix(root).map(Path::to_path_buf).unwrap_or(abs)
}

/// The current folder, absolute and resolved by name, read once: paths are made absolute
/// several times per file, and loclint never changes its working folder.
pub fn working_dir() -> Option<&'static Path> {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| {
        let cwd = std::env::current_dir().ok()?;
        Some(resolved_by_name(&cwd))
    })
    .as_deref()
}

/// A path for messages: relative to the current folder when it is below it.
pub fn shown(path: &Path) -> String {
    let abs = absolute(path);
    let rel = working_dir()
        .and_then(|c| abs.strip_prefix(c).ok())
        .filter(|r| !r.as_os_str().is_empty());
    rel.unwrap_or(path).display().to_string()
}

/// `file:line:column: message` and the line with the offending text marked:
///
/// ```text
/// loclint.toml:1:18: unclosed array, expected `]`
///   |
/// 1 | select = ["links"
///   |                  ^
/// ```
pub fn located(path: &Path, text: &str, span: std::ops::Range<usize>, message: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let start = crate::text::floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let end = crate::text::floor_char_boundary(text, span.end.clamp(start, line_end));
    let end = end.min(line_start + line_text.len()).max(start);
    let lead = text[line_start..start].replace('\t', "    ").width();
    let marks = text[start..end].width().max(1);
    let digits = line.to_string().len();
    let pad = " ".repeat(digits);
    format!(
        "{}:{line}:{column}: {message}\n{pad} |\n{line} | {}\n{pad} | {}{}",
        shown(path),
        line_text.replace('\t', "    "),
        " ".repeat(lead),
        "^".repeat(marks)
    )
}

/// One configuration file as read.
struct Layer {
    path: PathBuf,
    text: String,
    raw: RawConfig,
    root: PathBuf,
}

impl Layer {
    fn at(&self, span: std::ops::Range<usize>, message: impl AsRef<str>) -> String {
        located(&self.path, &self.text, span, message.as_ref())
    }
}

/// The configuration file in `dir`, if there is one.
pub fn file_in(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// Reads a configuration file and the ones it extends; the farthest first.
fn read_layers(path: &Path) -> Result<Vec<Layer>, String> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut next = Some(absolute(path));
    while let Some(path) = next.take() {
        if layers.iter().any(|l| l.path == path) {
            let chain: Vec<String> = layers
                .iter()
                .map(|l| shown(&l.path))
                .chain([shown(&path)])
                .collect();
            return Err(format!(
                "`extend` goes round in a circle: {}",
                chain.join(" → ")
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", shown(&path)))?;
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            located(&path, &text, span, e.message().trim())
        })?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let layer = Layer {
            path,
            text,
            raw,
            root,
        };
        if let Some(extend) = &layer.raw.extend {
            next = match extend.get_ref() {
                toml::Value::String(target) => {
                    let full = absolute(&layer.root.join(target));
                    let found = if full.is_dir() {
                        file_in(&full)
                    } else {
                        Some(full.clone()).filter(|p| p.is_file())
                    };
                    Some(found.ok_or_else(|| {
                        layer.at(
                            extend.span(),
                            format!("`extend`: there is no configuration file {}", shown(&full)),
                        )
                    })?)
                }
                toml::Value::Boolean(true) => {
                    let parent = layer
                        .root
                        .ancestors()
                        .skip(1)
                        .find_map(file_in)
                        .ok_or_else(|| {
                            layer.at(
                                extend.span(),
                                "`extend = true`, but no folder above this one has a loclint.toml",
                            )
                        })?;
                    Some(parent)
                }
                toml::Value::Boolean(false) => None,
                _ => {
                    return Err(layer.at(
                        extend.span(),
                        "`extend` must be the path of a configuration file (\"../loclint.toml\") or `true` (the nearest one in a folder above)",
                    ));
                }
            };
        }
        layers.push(layer);
        if layers.len() > 32 {
            return Err(format!(
                "{}: `extend` chains more than 32 files",
                shown(&layers[0].path)
            ));
        }
    }
    layers.reverse();
    Ok(layers)
}

/// Reads and validates one configuration file (and the files it extends) on top of the
/// command line settings. Where files of an `extend` chain disagree, the nearer one wins:
/// `select`, `locale` and each `[severity]` come from the nearest file that sets them;
/// `ignore`, `exclude`, `[glossary]`, `[do-not-translate]` and `[profiles]` add up (the
/// nearer file's entries applied last); `[locales]` patterns of the nearer file are tried
/// first. The command line wins over every file.
pub fn load(path: &Path, base: &Settings) -> Result<Settings, String> {
    let layers = read_layers(path)?;
    let mut settings = base.clone();
    let mut config = FileConfig {
        root: layers.last().map(|l| l.root.clone()).unwrap_or_default(),
        files: layers.iter().rev().map(|l| l.path.clone()).collect(),
        ..FileConfig::default()
    };
    // Glossary files per locale: (the tag as written first, files with their text).
    let mut glossary_files: BTreeMap<String, (String, Vec<(PathBuf, String)>)> = BTreeMap::new();
    let mut dnt_files: Option<Vec<(PathBuf, String)>> = None;
    let mut overrides = Vec::new();
    for layer in &layers {
        let raw = &layer.raw;
        let root = &layer.root;
        let selectors = |values: &Option<Vec<Spanned<String>>>| -> Result<Vec<Selector>, String> {
            values
                .iter()
                .flatten()
                .map(|v| Selector::parse(v.get_ref()).map_err(|e| layer.at(v.span(), e)))
                .collect()
        };
        let select = selectors(&raw.select)?;
        if base.select.is_none() && raw.select.is_some() {
            settings.select = Some(select);
            config.select_file = Some(layer.path.clone());
        }
        for selector in selectors(&raw.ignore)? {
            settings.ignore.push(selector);
            config.ignored.push((selector, layer.path.clone()));
        }
        // `--learn` / `--no-learn` on the command line win over the configuration.
        if base.learn.is_none() && raw.learn.is_some() {
            settings.learn = raw.learn;
        }
        if base.locale.is_none()
            && let Some(l) = &raw.locale
        {
            if let Some(problem) = rules::locale_problem(l.get_ref()) {
                return Err(layer.at(l.span(), format!("`locale`: {problem}")));
            }
            settings.locale = Some(l.get_ref().clone());
            config.locale_file = Some(layer.path.clone());
        }
        for pattern in raw.exclude.iter().flatten() {
            let p = PathPattern::new(pattern.get_ref())
                .map_err(|e| layer.at(pattern.span(), format!("`exclude`: {e}")))?;
            config.exclude.push((root.clone(), p));
        }
        for (rule, level) in raw.severity.iter().flatten() {
            let Some(r) = rules::find(rule.get_ref()) else {
                return Err(layer.at(
                    rule.span(),
                    format!(
                        "unknown rule `{}` in [severity]{}",
                        rule.get_ref(),
                        crate::suggest::hint_rule(rule.get_ref())
                    ),
                ));
            };
            let severity = match level.get_ref().as_str() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    layer.at(
                        level.span(),
                        format!(
                            "severity of `{}` must be error, warning, info or off, not `{other}`",
                            rule.get_ref()
                        ),
                    )
                })?),
            };
            config.severity.insert(r.meta().name, severity);
            config
                .severity_files
                .insert(r.meta().name, layer.path.clone());
        }
        let mut patterns = Vec::new();
        for (pattern, locale) in raw.locales.iter().flatten() {
            let Some(tag) = locale.get_ref().as_str() else {
                return Err(layer.at(
                    locale.span(),
                    format!(
                        "[locales] values must be locale tags (\"{}\")",
                        pattern.get_ref()
                    ),
                ));
            };
            if let Some(problem) = rules::locale_problem(tag) {
                return Err(layer.at(locale.span(), format!("[locales]: {problem}")));
            }
            let p = PathPattern::new(pattern.get_ref())
                .map_err(|e| layer.at(pattern.span(), format!("[locales]: {e}")))?;
            patterns.push(LocalePattern {
                root: root.clone(),
                pattern: p,
                text: pattern.get_ref().clone(),
                locale: tag.to_string(),
                file: layer.path.clone(),
            });
        }
        // The nearer file's patterns are tried first.
        config.locales.splice(0..0, patterns);
        for (locale, files) in raw.glossary.iter().flatten() {
            if let Some(problem) = rules::locale_problem(locale.get_ref()) {
                return Err(layer.at(locale.span(), format!("[glossary]: {problem}")));
            }
            let entry = glossary_files
                .entry(locale.get_ref().to_ascii_lowercase())
                .or_insert_with(|| (locale.get_ref().clone(), Vec::new()));
            for file in files {
                let full = root.join(file.get_ref());
                let yaml = std::fs::read_to_string(&full)
                    .map_err(|e| layer.at(file.span(), format!("{}: {e}", shown(&full))))?;
                entry.1.push((full, yaml));
            }
        }
        if let Some(lists) = &raw.do_not_translate {
            let list = dnt_files.get_or_insert_with(Vec::new);
            for (key, files) in lists {
                if key.get_ref() != "*"
                    && let Some(problem) = rules::locale_problem(key.get_ref())
                {
                    return Err(layer.at(key.span(), format!("[do-not-translate]: {problem}")));
                }
                for file in files {
                    let full = root.join(file.get_ref());
                    let yaml = std::fs::read_to_string(&full)
                        .map_err(|e| layer.at(file.span(), format!("{}: {e}", shown(&full))))?;
                    list.push((full, yaml));
                }
            }
        }
        for (tag, value) in raw.profiles.iter().flatten() {
            let yaml = match value.get_ref() {
                toml::Value::String(file) => {
                    let full = root.join(file);
                    let text = std::fs::read_to_string(&full)
                        .map_err(|e| layer.at(value.span(), format!("{}: {e}", shown(&full))))?;
                    serde_yaml::from_str::<serde_yaml::Value>(&text)
                        .map_err(|e| format!("{}: {e}", shown(&full)))?
                }
                table @ toml::Value::Table(_) => serde_yaml::to_value(table).map_err(|e| {
                    layer.at(value.span(), format!("[profiles] {}: {e}", tag.get_ref()))
                })?,
                _ => {
                    return Err(layer.at(
                        value.span(),
                        format!(
                            "[profiles] `{}` must be a profile file name or a table",
                            tag.get_ref()
                        ),
                    ));
                }
            };
            overrides.push((tag.get_ref().clone(), yaml));
            config
                .profile_files
                .push((tag.get_ref().clone(), layer.path.clone()));
        }
    }
    let nearest = &layers[layers.len() - 1].path;
    for (key, (locale, files)) in glossary_files {
        let mut entries = Vec::new();
        if let Some(builtin_key) = glossary::canonical_builtin(&locale) {
            let yaml = glossary::BUILTIN
                .iter()
                .find(|(l, _)| *l == builtin_key)
                .map(|(_, y)| *y)
                .unwrap_or("");
            let builtin: GlossaryFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
            entries = builtin.terms;
        }
        for (full, yaml) in &files {
            let extra: GlossaryFile =
                serde_yaml::from_str(yaml).map_err(|e| format!("{}: {e}", shown(full)))?;
            if extra.learned {
                // A learned glossary adds the terms nobody wrote down; written entries win.
                if !config.learned_glossaries.contains(&locale) {
                    config.learned_glossaries.push(locale.clone());
                }
                let known: Vec<String> = entries.iter().map(|e| e.term.to_lowercase()).collect();
                entries.extend(
                    extra
                        .terms
                        .into_iter()
                        .filter(|e| !known.contains(&e.term.to_lowercase()))
                        .map(|mut e| {
                            e.learned = true;
                            e
                        }),
                );
                continue;
            }
            // A later entry replaces an earlier one for the same term.
            entries.retain(|b| {
                !extra
                    .terms
                    .iter()
                    .any(|e| e.term.eq_ignore_ascii_case(&b.term))
            });
            entries.extend(extra.terms);
        }
        let g = Glossary::new(locale.clone(), entries)
            .map_err(|e| format!("{}: [glossary] {locale}: {e}", shown(nearest)))?;
        config
            .glossary_files
            .insert(key.clone(), files.into_iter().map(|(p, _)| p).collect());
        config.glossaries.insert(key, Box::leak(Box::new(g)));
    }
    if let Some(files) = dnt_files {
        let mut names: Vec<DntName> = crate::dnt::builtin().names.clone();
        for (full, yaml) in &files {
            let extra = DntList::from_yaml(yaml).map_err(|e| format!("{}: {e}", shown(full)))?;
            names.extend(extra.names);
        }
        let list = DntList::new(names)
            .map_err(|e| format!("{}: [do-not-translate]: {e}", shown(nearest)))?;
        config.dnt = Some(Box::leak(Box::new(list)));
        config.dnt_files = files.into_iter().map(|(p, _)| p).collect();
    }
    if !overrides.is_empty() {
        let registry = crate::locale::Registry::with_overrides(overrides)
            .map_err(|e| format!("{}: [profiles]: {e}", shown(nearest)))?;
        config.profiles = Some(Arc::new(registry));
    }
    settings.config = Some(Arc::new(config));
    Ok(settings)
}

/// Finds the configuration for each file, caching per folder.
pub struct Resolver {
    base: Settings,
    /// `--config FILE`: one configuration for every file.
    explicit: Option<Result<Arc<Settings>, String>>,
    cache: Mutex<HashMap<PathBuf, Result<Arc<Settings>, String>>>,
}

impl Resolver {
    pub fn new(base: Settings, explicit: Option<&Path>) -> Resolver {
        let explicit = explicit.map(|p| load(p, &base).map(Arc::new));
        Resolver {
            base,
            explicit,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The command line settings.
    pub fn base(&self) -> &Settings {
        &self.base
    }

    /// The configuration errors of the files' configurations (and of `--config`), each
    /// once, in the order the files name them.
    pub fn errors_for<'f>(&self, files: impl IntoIterator<Item = &'f Path>) -> Vec<String> {
        let mut errors: Vec<String> = Vec::new();
        if let Some(Err(e)) = &self.explicit {
            errors.push(e.clone());
        }
        let mut dirs = std::collections::HashSet::new();
        for file in files {
            let dir = absolute(file).parent().map(Path::to_path_buf);
            if !dirs.insert(dir) {
                continue;
            }
            if let Err(e) = self.settings_for(file)
                && !errors.contains(&e)
            {
                errors.push(e);
            }
        }
        errors
    }

    /// The settings for a file: its nearest configuration on top of the command line.
    pub fn settings_for(&self, file: &Path) -> Result<Arc<Settings>, String> {
        if let Some(explicit) = &self.explicit {
            return explicit.clone();
        }
        let abs = absolute(file);
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        self.for_dir(&dir)
    }

    fn for_dir(&self, dir: &Path) -> Result<Arc<Settings>, String> {
        if let Some(found) = self.cache.lock().expect("config cache").get(dir) {
            return found.clone();
        }
        let found = match file_in(dir) {
            Some(path) => load(&path, &self.base).map(Arc::new),
            None if dir.join(".git").exists() => Ok(Arc::new(self.base.clone())),
            None => match dir.parent() {
                Some(parent) => self.for_dir(parent),
                None => Ok(Arc::new(self.base.clone())),
            },
        };
        self.cache
            .lock()
            .expect("config cache")
            .insert(dir.to_path_buf(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn paths_are_made_absolute_by_name_against_the_working_folder() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c.md")), cwd.join("a/c.md"));
        assert_eq!(absolute(Path::new("/x/y/../z")), PathBuf::from("/x/z"));
        // Shown relative to the working folder when below it, else as given.
        assert_eq!(shown(&cwd.join("docs/a.md")), "docs/a.md");
        assert_eq!(shown(Path::new("./docs/../docs/a.md")), "docs/a.md");
        assert_eq!(shown(Path::new("/elsewhere/a.md")), "/elsewhere/a.md");
    }

    #[test]
    fn nearest_config_applies_and_stops_at_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "loclint.toml", "ignore = [\"links\"]\n");
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        write(
            root,
            "repo/docs/.loclint.toml",
            "select = [\"structure\"]\n[severity]\nempty-target = \"warning\"\n",
        );
        let a = write(root, "repo/docs/ko-KR/a.md", "");
        let b = write(root, "repo/other/b.md", "");
        let c = write(root, "c.md", "");
        let r = Resolver::new(Settings::default(), None);
        let sa = r.settings_for(&a).unwrap();
        assert_eq!(
            sa.select.as_deref(),
            Some(&[Selector::Category(crate::rule::Category::Structure)][..])
        );
        let cfg = sa.config.as_ref().unwrap();
        assert_eq!(
            cfg.severity.get("empty-target"),
            Some(&Some(Severity::Warning))
        );
        // repo/other has no config and the repository root stops the search.
        assert!(r.settings_for(&b).unwrap().config.is_none());
        assert_eq!(r.settings_for(&c).unwrap().ignore.len(), 1);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "loclint.toml",
            "select = [\"links\"]\nselct = [\"x\"]\n",
        );
        let Err(e) = load(&p, &Settings::default()) else {
            panic!("accepted")
        };
        assert!(e.contains("loclint.toml:2:") && e.contains("selct"), "{e}");
        let p = write(
            dir.path(),
            "loclint.toml",
            "ignore = [\n  \"links\",\n  \"no-such-rule\",\n]\n",
        );
        let Err(e) = load(&p, &Settings::default()) else {
            panic!("accepted")
        };
        assert!(
            e.contains("loclint.toml:3:") && e.contains("no-such-rule"),
            "{e}"
        );
        let p = write(
            dir.path(),
            "loclint.toml",
            "[severity]\nempty-target = \"loud\"\n",
        );
        let Err(e) = load(&p, &Settings::default()) else {
            panic!("accepted")
        };
        assert!(e.contains("loclint.toml:2:") && e.contains("loud"), "{e}");
    }

    #[test]
    fn patterns_and_extra_glossaries() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "terms.yaml",
            "locale: ko-KR\nterms:\n- term: widget\n  preferred: 위젯\n  variants: [윗젯]\n",
        );
        let p = write(
            dir.path(),
            "loclint.toml",
            "exclude = [\"drafts/**\", \"*.tmp.md\"]\n[locales]\n\"**/kor/**\" = \"ko-KR\"\n[glossary]\nko-KR = [\"terms.yaml\"]\n",
        );
        let s = load(&p, &Settings::default()).unwrap();
        let cfg = s.config.as_ref().unwrap();
        assert!(cfg.is_excluded(&dir.path().join("drafts/x/a.md")));
        assert!(cfg.is_excluded(&dir.path().join("docs/a.tmp.md")));
        assert!(!cfg.is_excluded(&dir.path().join("docs/a.md")));
        assert_eq!(
            cfg.locale_for(&dir.path().join("x/kor/a.md")),
            Some("ko-KR")
        );
        let g = cfg.glossaries.get("ko-kr").unwrap();
        assert!(g.concepts.iter().any(|c| c.term == "widget"));
        assert!(
            g.concepts.iter().any(|c| c.term == "writeback"),
            "built-in terms kept"
        );
    }
}
