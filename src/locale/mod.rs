//! Locale knowledge, in one place: writing systems (`script`), locale profiles
//! (`profile`, data in `rules/locales/`) and the Hangul particle rules (`hangul`). Rules
//! never compare locale codes or test character ranges; they read a `LocaleProfile`.
//!
//! A tag is resolved to a profile by: the exact tag; the same language and script
//! (`sr-Latn-ME` → `sr-Latn-RS`); the language's default profile (`fr-BE` → `fr-FR`);
//! the script alone (`ka-GE` → Georgian script facts, no conventions); else nothing. A
//! rule that needs a convention a profile does not have stays quiet.

pub mod hangul;
pub mod profile;
pub mod report;
pub mod script;

pub use profile::{
    CaseRule, Direction, LocaleProfile, Mark, NameInflection, ProfileData, Resolution,
    SentencePeriod, Width, WritingSystem,
};

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// `rules/locales/scripts.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptsFile {
    writing_systems: BTreeMap<String, WritingSystem>,
    languages: BTreeMap<String, LanguageEntry>,
}

/// What is known of a language without a profile of its own.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    pub name: String,
    /// Its usual writing system.
    pub script: String,
    /// The profile that serves the language when no profile has the requested tag.
    #[serde(default)]
    pub default: Option<String>,
    /// Writing systems by region, where they differ (`zh`: `TW: Hant`).
    #[serde(default)]
    pub regions: BTreeMap<String, String>,
}

/// The profiles shipped in `rules/locales/`, one file a locale.
pub const BUILTIN: &[(&str, &str)] = &include!(concat!(env!("OUT_DIR"), "/locales.rs"));
const SCRIPTS_YAML: &str = include_str!("../../rules/locales/scripts.yaml");

/// The parts of a BCP 47 tag that profiles are chosen by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub language: String,
    pub script: Option<String>,
    pub region: Option<String>,
}

impl Tag {
    /// Parses `ll`, `ll-RR`, `ll-Ssss-RR` (any case, `_` or `-`); extensions and variants
    /// after them are ignored. None for something that is no language tag.
    pub fn parse(tag: &str) -> Option<Tag> {
        let mut parts = tag.split(['-', '_']);
        let language = parts.next()?.to_ascii_lowercase();
        if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return None;
        }
        let mut script = None;
        let mut region = None;
        for p in parts {
            if p.len() == 4
                && script.is_none()
                && region.is_none()
                && p.bytes().all(|b| b.is_ascii_alphabetic())
            {
                let mut s = p.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                script = Some(s);
            } else if region.is_none()
                && ((p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
                    || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())))
            {
                region = Some(p.to_ascii_uppercase());
            } else {
                break;
            }
        }
        Some(Tag {
            language,
            script,
            region,
        })
    }
}

/// Every profile known to a run: the built-in ones, with a configuration's overrides.
pub struct Registry {
    /// Profile data by lowercase tag, before `extends` is applied.
    raw: BTreeMap<String, RawProfile>,
    writing_systems: BTreeMap<String, WritingSystem>,
    languages: BTreeMap<String, LanguageEntry>,
    cache: Mutex<HashMap<String, Arc<LocaleProfile>>>,
}

/// Merges `over` onto `base`: mappings key by key (recursively), anything else replaced.
fn merge(base: &mut serde_yaml::Value, over: serde_yaml::Value) {
    match (base, over) {
        (serde_yaml::Value::Mapping(b), serde_yaml::Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, o) => *b = o,
    }
}

#[cfg(test)]
fn tag_of(value: &serde_yaml::Value) -> Option<&str> {
    value.get("tag").and_then(serde_yaml::Value::as_str)
}

/// A profile's data: a built-in one is parsed on first use (a run reads a few of them),
/// a configured one when the configuration is read.
struct RawProfile {
    /// The tag as written (the built-in file's name).
    tag: String,
    yaml: &'static str,
    value: OnceLock<Result<serde_yaml::Value, String>>,
}

impl RawProfile {
    fn value(&self) -> Result<&serde_yaml::Value, String> {
        self.value
            .get_or_init(|| {
                serde_yaml::from_str(self.yaml)
                    .map_err(|e| format!("rules/locales/{}.yaml: {e}", self.tag))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parsed(tag: String, value: serde_yaml::Value) -> RawProfile {
        RawProfile {
            tag,
            yaml: "",
            value: OnceLock::from(Ok(value)),
        }
    }
}

impl Registry {
    fn builtin_parts() -> Result<Registry, String> {
        let scripts: ScriptsFile = serde_yaml::from_str(SCRIPTS_YAML)
            .map_err(|e| format!("rules/locales/scripts.yaml: {e}"))?;
        // A built-in profile's file is named by its tag (a test holds the two together).
        let raw = BUILTIN
            .iter()
            .map(|(file, yaml)| {
                let tag = file.trim_end_matches(".yaml").to_string();
                let profile = RawProfile {
                    tag: tag.clone(),
                    yaml,
                    value: OnceLock::new(),
                };
                (tag.to_ascii_lowercase(), profile)
            })
            .collect();
        Ok(Registry {
            raw,
            writing_systems: scripts.writing_systems,
            languages: scripts.languages,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// A registry with user profiles (from a configuration) merged over the built-in ones:
    /// a user profile with a built-in tag overrides the keys it sets; a new tag needs a
    /// `script` or an `extends`. With overrides, every profile is validated here, so a
    /// mistake is reported once, up front; the built-in ones alone are held valid by a test
    /// and parsed when a run first needs them.
    pub fn with_overrides(overrides: Vec<(String, serde_yaml::Value)>) -> Result<Registry, String> {
        let mut reg = Registry::builtin_parts()?;
        if overrides.is_empty() {
            return Ok(reg);
        }
        for (tag, mut value) in overrides {
            if Tag::parse(&tag).is_none() {
                return Err(format!("`{tag}` is not a locale tag"));
            }
            if let serde_yaml::Value::Mapping(m) = &mut value {
                m.insert("tag".into(), tag.clone().into());
            } else {
                return Err(format!("the profile of `{tag}` is not a mapping"));
            }
            let key = tag.to_ascii_lowercase();
            let merged = match reg.raw.get(&key) {
                Some(base) => {
                    let mut base = base.value()?.clone();
                    merge(&mut base, value);
                    base
                }
                None => value,
            };
            let written = reg.raw.get(&key).map_or(tag, |b| b.tag.clone());
            reg.raw.insert(key, RawProfile::parsed(written, merged));
        }
        for tag in reg.raw.keys().cloned().collect::<Vec<_>>() {
            reg.build(&tag, &tag, Resolution::Exact)
                .map_err(|e| format!("profile `{tag}`: {e}"))?;
        }
        Ok(reg)
    }

    /// The data of a profile with its `extends` chain applied.
    fn merged(&self, key: &str, depth: usize) -> Result<serde_yaml::Value, String> {
        if depth > 8 {
            return Err("`extends` goes round in a circle".into());
        }
        let own = self
            .raw
            .get(key)
            .ok_or_else(|| format!("no profile `{key}`"))?
            .value()?
            .clone();
        let Some(parent) = own.get("extends").and_then(serde_yaml::Value::as_str) else {
            return Ok(own);
        };
        let mut base = self.merged(&parent.to_ascii_lowercase(), depth + 1)?;
        merge(&mut base, own);
        Ok(base)
    }

    fn build(
        &self,
        key: &str,
        requested: &str,
        resolution: Resolution,
    ) -> Result<LocaleProfile, String> {
        let value = self.merged(key, 0)?;
        let data: ProfileData = serde_yaml::from_value(value).map_err(|e| e.to_string())?;
        let ws = self.writing_systems.get(&data.script).ok_or_else(|| {
            format!(
                "unknown script `{}` (one of: {})",
                data.script,
                self.writing_systems
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        LocaleProfile::from_data(requested, resolution, data, ws)
    }

    /// The tags of every profile, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.raw.values().map(|p| p.tag.clone()).collect();
        tags.sort();
        tags
    }

    pub fn writing_systems(&self) -> &BTreeMap<String, WritingSystem> {
        &self.writing_systems
    }

    /// The writing system a tag implies: its script subtag, its region's, its language's.
    fn writing_system_of(&self, tag: &Tag) -> Option<String> {
        let lang = self.languages.get(&tag.language);
        if let Some(s) = &tag.script {
            // `zh-Hant` is written `Hant`; `sr-Latn` is `Latn`.
            if self.writing_systems.contains_key(s) {
                return Some(s.clone());
            }
        }
        let lang = lang?;
        if let Some(r) = &tag.region
            && let Some(s) = lang.regions.get(r)
        {
            return Some(s.clone());
        }
        Some(lang.script.clone())
    }

    fn find(&self, requested: &str) -> Result<LocaleProfile, String> {
        let lower = requested.to_ascii_lowercase().replace('_', "-");
        if self.raw.contains_key(&lower) {
            return self.build(&lower, requested, Resolution::Exact);
        }
        let Some(tag) = Tag::parse(requested) else {
            return Ok(LocaleProfile::unknown(requested));
        };
        let ws = self.writing_system_of(&tag);
        // The same language and writing system.
        let same_language: Vec<&String> = self
            .raw
            .iter()
            .filter(|(k, _)| k.split('-').next() == Some(tag.language.as_str()))
            .map(|(k, _)| k)
            .collect();
        let default = self
            .languages
            .get(&tag.language)
            .and_then(|l| l.default.as_ref())
            .map(|d| d.to_ascii_lowercase());
        let mut candidates: Vec<&String> = Vec::new();
        if let Some(d) = &default {
            candidates.extend(same_language.iter().copied().filter(|k| *k == d));
        }
        candidates.extend(same_language.iter().copied());
        for key in candidates {
            let profile = self.build(key, requested, Resolution::Exact)?;
            if ws.is_none() || profile.writing_system == ws {
                let resolution = Resolution::Language {
                    profile: profile.tag.clone(),
                };
                return self.build(key, requested, resolution);
            }
        }
        match ws.and_then(|code| Some((self.writing_systems.get(&code)?, code))) {
            Some((w, code)) => Ok(LocaleProfile::script_only(requested, &code, w)),
            None => Ok(LocaleProfile::unknown(requested)),
        }
    }

    /// The profile for a locale tag (resolved once, then shared).
    pub fn resolve(&self, requested: &str) -> Arc<LocaleProfile> {
        if let Some(p) = self.cache.lock().expect("profile cache").get(requested) {
            return p.clone();
        }
        // Profiles were validated when the registry was built; a failure here is a bug in
        // the shipped data, which a test guards.
        let p = Arc::new(
            self.find(requested)
                .unwrap_or_else(|_| LocaleProfile::unknown(requested)),
        );
        self.cache
            .lock()
            .expect("profile cache")
            .insert(requested.to_string(), p.clone());
        p
    }

    /// The profile for a file whose locale may be unknown.
    pub fn resolve_opt(&self, requested: Option<&str>) -> Arc<LocaleProfile> {
        match requested {
            Some(tag) => self.resolve(tag),
            None => unknown(),
        }
    }
}

/// The built-in profiles.
pub fn builtin() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| Registry::with_overrides(Vec::new()).expect("rules/locales"))
}

/// The profile of the sources' language (the English `sxs-lookup` text).
pub fn source() -> Arc<LocaleProfile> {
    static SOURCE: OnceLock<Arc<LocaleProfile>> = OnceLock::new();
    SOURCE.get_or_init(|| builtin().resolve("en-US")).clone()
}

/// The profile of a file with no known locale.
pub fn unknown() -> Arc<LocaleProfile> {
    static UNKNOWN: OnceLock<Arc<LocaleProfile>> = OnceLock::new();
    UNKNOWN
        .get_or_init(|| Arc::new(LocaleProfile::unknown("")))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_by_parts() {
        let t = Tag::parse("sr-latn-rs").unwrap();
        assert_eq!(t.language, "sr");
        assert_eq!(t.script.as_deref(), Some("Latn"));
        assert_eq!(t.region.as_deref(), Some("RS"));
        let t = Tag::parse("es-419").unwrap();
        assert_eq!(t.region.as_deref(), Some("419"));
        assert!(Tag::parse("x").is_none());
        assert!(Tag::parse("1234").is_none());
    }

    #[test]
    fn every_shipped_profile_builds() {
        let reg = builtin();
        for tag in reg.tags() {
            // The file name is the tag the profile says it is.
            let value = reg.raw[&tag.to_ascii_lowercase()].value().unwrap();
            assert_eq!(tag_of(value), Some(tag.as_str()));
            let p = reg.find(&tag).unwrap_or_else(|e| panic!("{tag}: {e}"));
            assert_eq!(p.resolution, Resolution::Exact, "{tag}");
            assert!(p.punctuation.is_some(), "{tag} has no punctuation");
            assert!(p.quotes.is_some(), "{tag} has no quotes");
            assert!(p.numbers.is_some(), "{tag} has no numbers");
            assert!(!p.name.is_empty(), "{tag} has no name");
        }
    }

    #[test]
    fn the_locales_microsoft_docs_publish_in_have_profiles() {
        let tags = builtin().tags();
        for t in "ar-SA bg-BG cs-CZ da-DK de-DE el-GR es-ES et-EE fi-FI fr-FR he-IL hi-IN hr-HR \
                  hu-HU id-ID it-IT ja-JP ko-KR lt-LT lv-LV nb-NO nl-NL pl-PL pt-BR pt-PT ro-RO \
                  ru-RU sk-SK sl-SI sr-Latn-RS sv-SE th-TH tr-TR uk-UA vi-VN zh-CN zh-TW"
            .split_whitespace()
        {
            assert!(tags.iter().any(|x| x == t), "no profile for {t}");
        }
    }

    #[test]
    fn fallback_by_language_then_script() {
        let reg = builtin();
        let p = reg.resolve("fr-BE");
        assert_eq!(
            p.resolution,
            Resolution::Language {
                profile: "fr-FR".into()
            }
        );
        assert_eq!(p.tag, "fr-FR");
        let p = reg.resolve("zh-SG");
        assert_eq!(p.tag, "zh-CN");
        let p = reg.resolve("zh-MO");
        assert_eq!(p.writing_system.as_deref(), Some("Hant"));
        let p = reg.resolve("sr-Latn-ME");
        assert_eq!(p.tag, "sr-Latn-RS");
        // Georgian: only the script is known.
        let p = reg.resolve("ka-GE");
        assert_eq!(
            p.resolution,
            Resolution::Script {
                script: "Geor".into()
            }
        );
        assert!(p.punctuation.is_none());
        assert_eq!(p.word_spaces, Some(true));
        // Nothing known.
        let p = reg.resolve("qq-ZZ");
        assert_eq!(p.resolution, Resolution::Unknown);
        assert!(p.word_spaces.is_none());
        // Case and separators do not matter.
        assert_eq!(reg.resolve("KO_kr").tag, "ko-KR");
    }

    #[test]
    fn overrides_merge_over_builtin_and_extend() {
        let yaml = |s: &str| serde_yaml::from_str::<serde_yaml::Value>(s).unwrap();
        let reg = Registry::with_overrides(vec![
            ("de-DE".into(), yaml("quotes:\n  primary: [\"»\", \"«\"]\n")),
            (
                "fr-XX".into(),
                yaml("extends: fr-FR\nname: French (test)\npunctuation:\n  space_before: []\n"),
            ),
        ])
        .unwrap();
        let de = reg.resolve("de-DE");
        assert_eq!(de.quotes.as_ref().unwrap().primary.as_ref().unwrap().0, "»");
        // Keys the override does not set stay as built in.
        assert_eq!(de.decimal_separator(), Some(','));
        let fr = reg.resolve("fr-XX");
        assert_eq!(fr.resolution, Resolution::Exact);
        assert_eq!(fr.spaced_before(':'), Some(false));
        assert_eq!(fr.decimal_separator(), Some(','));
        let bad =
            Registry::with_overrides(vec![("de-DE".into(), yaml("punctuation:\n  colour: x\n"))]);
        assert!(bad.err().unwrap().contains("colour"));
    }
}
