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
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    locale: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    locales: Option<toml::Table>,
    glossary: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    do_not_translate: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    profiles: Option<BTreeMap<String, Spanned<toml::Value>>>,
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

/// What a configuration file adds to the command line settings.
#[derive(Clone, Default)]
pub struct FileConfig {
    /// The folder patterns are relative to.
    pub root: PathBuf,
    pub exclude: Vec<PathPattern>,
    pub severity: HashMap<&'static str, Option<Severity>>,
    pub locales: Vec<(PathPattern, String)>,
    pub glossaries: HashMap<String, &'static Glossary>,
    pub dnt: Option<&'static DntList>,
    /// Locale profiles with this file's `[profiles]` merged over the built-in ones.
    pub profiles: Option<Arc<crate::locale::Registry>>,
    /// Locales whose `[glossary]` names a learned glossary (`learned: true`).
    pub learned_glossaries: Vec<String>,
}

impl FileConfig {
    pub fn is_excluded(&self, path: &Path) -> bool {
        let rel = relative_to(path, &self.root);
        self.exclude.iter().any(|p| p.matches(&rel))
    }

    pub fn locale_for(&self, path: &Path) -> Option<&str> {
        let rel = relative_to(path, &self.root);
        self.locales
            .iter()
            .find(|(p, _)| p.matches(&rel))
            .map(|(_, l)| l.as_str())
    }
}

/// The absolute path with `.` and `..` resolved by name (`a/b/../c` is `a/c`), so the
/// upward search for a configuration visits only the file's real ancestors.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
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

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads and validates one configuration file on top of the command line settings.
pub fn load(path: &Path, base: &Settings) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let at =
        |span: std::ops::Range<usize>| format!("{}:{}", path.display(), line_of(&text, span.start));
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
        format!("{}:{line}: {}", path.display(), e.message())
    })?;
    let root = absolute(path.parent().unwrap_or(Path::new(".")));
    let selectors = |values: &Option<Vec<Spanned<String>>>| -> Result<Vec<Selector>, String> {
        values
            .iter()
            .flatten()
            .map(|v| Selector::parse(v.get_ref()).map_err(|e| format!("{}: {e}", at(v.span()))))
            .collect()
    };
    let mut settings = base.clone();
    let select = selectors(&raw.select)?;
    if settings.select.is_none() && raw.select.is_some() {
        settings.select = Some(select);
    }
    settings.ignore.extend(selectors(&raw.ignore)?);
    if raw.learn == Some(false) {
        settings.no_learn = true;
    }
    if settings.locale.is_none()
        && let Some(l) = &raw.locale
    {
        if let Some(problem) = rules::locale_problem(l.get_ref()) {
            return Err(format!("{}: `locale`: {problem}", at(l.span())));
        }
        settings.locale = Some(l.get_ref().clone());
    }
    let mut config = FileConfig {
        root: root.clone(),
        ..FileConfig::default()
    };
    for pattern in raw.exclude.iter().flatten() {
        config.exclude.push(
            PathPattern::new(pattern.get_ref())
                .map_err(|e| format!("{}: `exclude`: {e}", at(pattern.span())))?,
        );
    }
    for (rule, level) in raw.severity.iter().flatten() {
        let Some(r) = rules::find(rule.get_ref()) else {
            return Err(format!(
                "{}: unknown rule `{}` in [severity]",
                at(rule.span()),
                rule.get_ref()
            ));
        };
        let severity = match level.get_ref().as_str() {
            "off" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                format!(
                    "{}: severity of `{}` must be error, warning, info or off, not `{other}`",
                    at(level.span()),
                    rule.get_ref()
                )
            })?),
        };
        config.severity.insert(r.meta().name, severity);
    }
    for (pattern, locale) in raw.locales.iter().flatten() {
        let Some(locale) = locale.as_str() else {
            return Err(format!(
                "{}: [locales] values must be locale tags (\"{pattern}\")",
                path.display()
            ));
        };
        if let Some(problem) = rules::locale_problem(locale) {
            return Err(format!(
                "{}: [locales] \"{pattern}\": {problem}",
                path.display()
            ));
        }
        let p = PathPattern::new(pattern)
            .map_err(|e| format!("{}: [locales] \"{pattern}\": {e}", path.display()))?;
        config.locales.push((p, locale.to_string()));
    }
    for (locale, files) in raw.glossary.iter().flatten() {
        if let Some(problem) = rules::locale_problem(locale) {
            return Err(format!(
                "{}: [glossary] `{locale}`: {problem}",
                path.display()
            ));
        }
        let mut entries = Vec::new();
        if let Some(key) = glossary::canonical_builtin(locale) {
            let yaml = glossary::BUILTIN
                .iter()
                .find(|(l, _)| *l == key)
                .map(|(_, y)| *y)
                .unwrap_or("");
            let builtin: GlossaryFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
            entries = builtin.terms;
        }
        for file in files {
            let full = root.join(file.get_ref());
            let yaml = std::fs::read_to_string(&full)
                .map_err(|e| format!("{}: {}: {e}", at(file.span()), full.display()))?;
            let extra: GlossaryFile =
                serde_yaml::from_str(&yaml).map_err(|e| format!("{}: {e}", full.display()))?;
            if extra.learned {
                // A learned glossary adds the terms nobody wrote down; written entries win.
                config.learned_glossaries.push(locale.clone());
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
            // A user's entry replaces the built-in one for the same term.
            entries.retain(|b| {
                !extra
                    .terms
                    .iter()
                    .any(|e| e.term.eq_ignore_ascii_case(&b.term))
            });
            entries.extend(extra.terms);
        }
        let g = Glossary::new(locale.clone(), entries)
            .map_err(|e| format!("{}: [glossary] {locale}: {e}", path.display()))?;
        config
            .glossaries
            .insert(locale.to_ascii_lowercase(), Box::leak(Box::new(g)));
    }
    if let Some(lists) = &raw.do_not_translate {
        let mut names: Vec<DntName> = crate::dnt::builtin().names.clone();
        for (key, files) in lists {
            if key != "*"
                && let Some(problem) = rules::locale_problem(key)
            {
                return Err(format!(
                    "{}: [do-not-translate] `{key}`: {problem}",
                    path.display()
                ));
            }
            for file in files {
                let full = root.join(file.get_ref());
                let yaml = std::fs::read_to_string(&full)
                    .map_err(|e| format!("{}: {}: {e}", at(file.span()), full.display()))?;
                let extra =
                    DntList::from_yaml(&yaml).map_err(|e| format!("{}: {e}", full.display()))?;
                names.extend(extra.names);
            }
        }
        let list = DntList::new(names)
            .map_err(|e| format!("{}: [do-not-translate]: {e}", path.display()))?;
        config.dnt = Some(Box::leak(Box::new(list)));
    }
    if let Some(profiles) = &raw.profiles {
        let mut overrides = Vec::new();
        for (tag, value) in profiles {
            let yaml = match value.get_ref() {
                toml::Value::String(file) => {
                    let full = root.join(file);
                    let text = std::fs::read_to_string(&full)
                        .map_err(|e| format!("{}: {}: {e}", at(value.span()), full.display()))?;
                    serde_yaml::from_str::<serde_yaml::Value>(&text)
                        .map_err(|e| format!("{}: {e}", full.display()))?
                }
                table @ toml::Value::Table(_) => serde_yaml::to_value(table)
                    .map_err(|e| format!("{}: [profiles] {tag}: {e}", at(value.span())))?,
                _ => {
                    return Err(format!(
                        "{}: [profiles] `{tag}` must be a profile file name or a table",
                        at(value.span())
                    ));
                }
            };
            overrides.push((tag.clone(), yaml));
        }
        let registry = crate::locale::Registry::with_overrides(overrides)
            .map_err(|e| format!("{}: [profiles]: {e}", path.display()))?;
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
        let found = match FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) {
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
