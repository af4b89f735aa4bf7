//! `loclint terms learn PATH… [--locale L]`: learns the terminology of one locale's files
//! and prints it as a glossary.

use super::facts::{self, FileText};
use super::target::Reader;
use crate::document::Document;
use crate::engine::{self, Settings};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum TermsCommand {
    /// Learn how each English term is rendered in the files of one locale and print it as a
    /// glossary (YAML, the schema of rules/terms/*.yaml) to review and to configure under
    /// [glossary] in loclint.toml.
    ///
    /// Terms are English noun phrases and names that recur in the sources, and the bold,
    /// italic and link texts paired with their counterparts in the targets; their renderings
    /// are aligned statistically over all segment pairs. Text is read as the locale's
    /// profile says: words with their endings stripped, or characters in languages written
    /// without spaces.
    Learn(LearnArgs),
}

#[derive(clap::Args, Debug)]
pub struct LearnArgs {
    /// Files or folders of one locale (folders: `*.md` below them, honoring .gitignore).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The locale to learn: files of other locales are skipped; files whose front matter
    /// and path name no locale are taken to be in it. Needed when the files are in several
    /// locales.
    #[arg(long)]
    pub locale: Option<String>,
    /// Use this configuration file's locale profiles (default: the nearest loclint.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn run(command: TermsCommand) -> ExitCode {
    match command {
        TermsCommand::Learn(args) => learn(args),
    }
}

/// The path to show in examples: relative to the folder it was found under.
fn shown(path: &Path, roots: &[PathBuf]) -> String {
    for root in roots {
        if root.is_dir()
            && let Ok(rel) = path.strip_prefix(root)
        {
            return rel.to_string_lossy().replace('\\', "/");
        }
    }
    path.to_string_lossy().replace('\\', "/")
}

fn learn(args: LearnArgs) -> ExitCode {
    let trouble = ExitCode::from(crate::cli::EXIT_TROUBLE);
    if let Some(l) = &args.locale
        && let Some(problem) = crate::rules::locale_problem(l)
    {
        eprintln!("error: --locale: {problem}");
        return trouble;
    }
    let started = std::time::Instant::now();
    let (files, missing) = engine::collect_files(&args.paths);
    for (path, error) in &missing {
        eprintln!("error: {}: {error}", path.display());
    }
    if !missing.is_empty() {
        return trouble;
    }
    let settings = Settings {
        locale: args.locale.clone(),
        ..Settings::default()
    };
    let resolver = crate::config::Resolver::new(settings, args.config.as_deref());
    // Each file's locale and texts; a file that cannot be read, or whose configuration
    // cannot, is an error (exit 2), one that is not UTF-8 is left out with a warning, and
    // the others are learned from all the same.
    let read: Vec<Result<Option<(String, FileText)>, Unread>> = files
        .par_iter()
        .map(|path| {
            let settings = resolver.settings_for(path).map_err(Unread::Error)?;
            let mut bytes = Vec::new();
            engine::read_regular_file(path, &mut bytes).map_err(Unread::Error)?;
            let text = simdutf8::compat::from_utf8(&bytes).map_err(|e| {
                Unread::Warning(format!(
                    "not valid UTF-8 (at byte {}); not learned from",
                    e.valid_up_to()
                ))
            })?;
            let doc = Document::parse(text);
            Ok(engine::file_locale(&doc, path, &settings)
                .map(|locale| (locale, facts::gather(path.clone(), &doc))))
        })
        .collect();
    let mut failed = false;
    for (path, r) in files.iter().zip(&read) {
        match r {
            Err(Unread::Error(e)) => {
                eprintln!("error: {}: {e}", path.display());
                failed = true;
            }
            Err(Unread::Warning(w)) => eprintln!("warning: {}: {w}", path.display()),
            Ok(_) => {}
        }
    }
    let read: Vec<Option<(String, FileText)>> =
        read.into_iter().map(|r| r.ok().flatten()).collect();
    let mut locales: Vec<String> = read.iter().flatten().map(|(l, _)| l.clone()).collect();
    locales.sort_by_key(|l| l.to_ascii_lowercase());
    locales.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let locale = match (&args.locale, locales.as_slice()) {
        (Some(l), _) => l.clone(),
        (None, [one]) => one.clone(),
        (None, []) => {
            eprintln!(
                "error: no file names its locale (front matter or path); give one with --locale"
            );
            return trouble;
        }
        (None, many) => {
            eprintln!(
                "error: the files are in {} locales ({}); choose one with --locale",
                many.len(),
                many.join(", ")
            );
            return trouble;
        }
    };
    let texts: Vec<FileText> = read
        .into_iter()
        .flatten()
        .filter(|(l, _)| l.eq_ignore_ascii_case(&locale))
        .map(|(_, t)| t)
        .collect();
    let profile = resolver
        .settings_for(files.first().map_or(Path::new("."), |p| p.as_path()))
        .map(|s| s.profile(Some(&locale)))
        .unwrap_or_else(|_| crate::locale::builtin().resolve(&locale));
    if !profile.is_known() {
        eprintln!("warning: no profile knows the locale {locale}: words are read as written");
    }
    let reader = Reader::new(profile);
    let _keep = crate::allocator::KeepFreedPages::hold();
    let learned = match engine::catch_internal(|| {
        engine::in_guarded_pool(|| {
            super::learn::learn(&texts, &reader, super::learn::Options::FULL)
        })
    }) {
        Ok(learned) => learned,
        Err(what) => {
            eprintln!(
                "error: internal error while learning the terminology of {locale} ({what}); \
                 please report it"
            );
            return trouble;
        }
    };
    let name = |f: u32| shown(&texts[f as usize].path, &args.paths);
    crate::cli::print_out(&super::output::write(&locale, &learned, &name));
    eprintln!(
        "loclint: learned {} terms of {locale} from {} files ({} distinct segment pairs) in {:.1} s",
        learned.terms.len(),
        learned.files,
        learned.pairs,
        started.elapsed().as_secs_f64()
    );
    if failed { trouble } else { ExitCode::SUCCESS }
}

/// Why a file was not learned from.
enum Unread {
    /// It or its configuration could not be read.
    Error(String),
    /// Its text cannot be learned from.
    Warning(String),
}
