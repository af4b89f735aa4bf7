//! The command line: `check`, `rules`, `explain`.

use crate::diagnostic::Severity;
use crate::engine::{self, Selector, Settings};
use crate::output;
use crate::rule::{Category, RuleMeta};
use crate::rules;
use crate::run::{self, Inputs, Mode};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 clean, 1 findings at the failing level, 2 usage, config or read errors.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

/// How to give a file a locale.
pub const LOCALE_HELP: &str = "set `ms.contentlocale` in the front matter, name the locale in \
     the path (`ko-KR/intro.md`, `intro.ko-KR.md`), or give --locale, or `locale` or \
     [locales] in loclint.toml";

#[derive(Parser, Debug)]
#[command(
    name = "loclint",
    version,
    about = "A linter for side-by-side localized Markdown (sxs) docs."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check Markdown files and folders of them.
    Check(Box<CheckArgs>),
    /// List every rule with its category, default severity and summary.
    Rules {
        /// How to list them.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    // [server command]
    /// Run a Language Server over stdin/stdout: diagnostics and quick fixes in editors.
    Server {
        /// Accepted for clients that pass it; stdin/stdout is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the locale profiles, or show the one a locale tag gets (with a configuration's
    /// overrides).
    Locales {
        /// A locale tag (`fr-CA`, `sr-Latn-RS`): print the profile it resolves to.
        tag: Option<String>,
        /// Use this configuration's `[profiles]` (default: the nearest loclint.toml here).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// How to print them.
        #[arg(long, value_enum, default_value_t = LocalesFormat::Human)]
        format: LocalesFormat,
    },
    /// Terminology learned from the aligned text (`terms learn`).
    Terms {
        #[command(subcommand)]
        command: crate::terms::cli::TermsCommand,
    },
    /// Print a rule's documentation, or list a category's rules.
    Explain {
        /// A rule name or a category, as `loclint rules` lists them.
        rule: String,
    },
}

/// How `loclint rules` lists the rules.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table: name, category, default severity, summary.
    Human,
    /// A JSON array of the same.
    Json,
    /// Every rule's documentation as one Markdown page (docs/rules.md is this output).
    Markdown,
}

/// How `loclint locales` prints.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LocalesFormat {
    /// A table of profiles, or a profile as YAML with how it was found.
    Human,
    /// JSON.
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets cut to the screen's width, with a summary.
    Human,
    /// One JSON document (schema in README.md).
    Json,
    /// SARIF 2.1.0 (code scanning, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One self-contained HTML page: overview, filterable findings, rule documentation.
    Html,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Every finding.
    Info,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colors.
    Always,
    /// Never colors.
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check (folders: `*.md` below them, honoring .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// How to report the findings.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only these rules or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules or categories (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The locale of files whose front matter and path name none (e.g. ko-KR).
    #[arg(long)]
    pub locale: Option<String>,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colors in the human format.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    // [input flags: --stdin, --stdin-filename, --changed-since]
    /// Check the document on standard input instead of files (for editor plugins).
    #[arg(long, conflicts_with_all = ["paths", "changed_since", "fix", "unsafe_fixes", "diff"])]
    pub stdin: bool,
    /// With --stdin: check the document as if it were this file (locale, name in reports).
    #[arg(long, value_name = "PATH", requires = "stdin")]
    pub stdin_filename: Option<PathBuf>,
    /// Check only the Markdown files changed against this git revision (committed since,
    /// staged, unstaged or untracked), among those the PATHS name.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Use this configuration file for every file (instead of finding loclint.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "unsafe_fixes", "diff", "statistics"])]
    pub write_baseline: Option<PathBuf>,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Also apply fixes that may change meaning (implies --fix unless --diff is given).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if there are any).
    #[arg(long, conflicts_with_all = ["fix", "format", "output_file", "statistics", "quiet"])]
    pub diff: bool,
    // [output flags: --output-file, --quiet, --statistics]
    /// Write the report to this file (created or truncated) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Print only the findings: no summary line in the human format, nothing when there
    /// are none (the other formats are unchanged).
    #[arg(long)]
    pub quiet: bool,
    /// Instead of the findings, print how many each rule reported, most first (a table, or
    /// JSON with --format json).
    #[arg(long)]
    pub statistics: bool,
    /// Print what applies to this file instead of checking: its configuration files, its
    /// locale and where that came from, the locale profile, glossary and rules.
    #[arg(long, value_name = "FILE")]
    pub show_settings: Option<PathBuf>,
    /// Learn terminology from the checked files, so that the term rules also report terms
    /// no glossary lists (as with `learn = true`; see `loclint terms learn --help`).
    #[arg(long, overrides_with = "no_learn")]
    pub learn: bool,
    /// Do not learn terminology on the fly, even where `learn = true` is configured.
    #[arg(long, overrides_with = "learn")]
    pub no_learn: bool,
}

fn selectors(values: &[String]) -> Result<Vec<Selector>, String> {
    values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| Selector::parse(v))
        .collect()
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => check(*args),
        // [server command: dispatch]
        Command::Server { .. } => crate::server::run(),
        Command::Locales {
            tag,
            config,
            format,
        } => crate::locale::report::run(tag.as_deref(), config.as_deref(), format),
        Command::Terms { command } => crate::terms::cli::run(command),
        Command::Rules { format } => {
            print_rules(format);
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => {
            if let Some(r) = rules::find(&rule) {
                print_out(&rule_page(r.meta(), 1));
                return ExitCode::SUCCESS;
            }
            if let Some(category) = Category::parse(&rule) {
                print_out(&category_page(category));
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "error: unknown rule or category `{rule}`{} (`loclint rules` lists them)",
                crate::suggest::hint_rule(&rule)
            );
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

/// Prints to standard output; a closed pipe (`loclint rules | head`) is not an error.
pub(crate) fn print_out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A rule's documentation as Markdown, its title at heading `level`.
pub(crate) fn rule_page(meta: &RuleMeta, level: usize) -> String {
    let hashes = "#".repeat(level);
    // The doc's own `## What it does` headings go one level below the title.
    let doc = meta
        .doc_with_locale()
        .replace("\n## ", &format!("\n{hashes}# "))
        .replacen("## ", &format!("{hashes}# "), 1);
    format!(
        "{hashes} {}\n\nCategory: {} · Default severity: {}\n\n{}",
        meta.name,
        meta.category.as_str(),
        meta.default_severity.as_str(),
        doc
    )
}

/// A category's rules with their default severity and summary.
fn category_page(category: Category) -> String {
    let in_category: Vec<&RuleMeta> = rules::ALL
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.category == category)
        .collect();
    let width = in_category.iter().map(|m| m.name.len()).max().unwrap_or(0);
    let mut out = format!(
        "# {}\n\n{} rule{} (`loclint explain RULE` for one of them):\n\n",
        category.as_str(),
        in_category.len(),
        if in_category.len() == 1 { "" } else { "s" }
    );
    for m in in_category {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            m.name,
            m.default_severity.as_str(),
            m.summary
        ));
    }
    out
}

/// Every rule's documentation as one Markdown page, by category.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated by `loclint rules --format markdown` from each rule's doc comment \
         (`src/rules/<rule>.rs`); `loclint explain RULE` prints one of them.\n",
    );
    for category in Category::ALL {
        let in_category: Vec<_> = rules::ALL
            .iter()
            .filter(|r| r.meta().category == category)
            .collect();
        if in_category.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n", category.as_str()));
        for rule in in_category {
            out.push('\n');
            out.push_str(&rule_page(rule.meta(), 3));
        }
    }
    out
}

fn print_rules(format: RulesFormat) {
    match format {
        RulesFormat::Human => {
            let width = rules::ALL
                .iter()
                .map(|r| r.meta().name.len())
                .max()
                .unwrap_or(0);
            let mut table = String::new();
            for category in Category::ALL {
                for rule in rules::ALL.iter().filter(|r| r.meta().category == category) {
                    let m = rule.meta();
                    table.push_str(&format!(
                        "{:width$}  {:12}  {:7}  {}\n",
                        m.name,
                        m.category.as_str(),
                        m.default_severity.as_str(),
                        m.summary
                    ));
                }
            }
            print_out(&table);
        }
        RulesFormat::Json => {
            let list: Vec<_> = rules::ALL
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "name": m.name,
                        "category": m.category.as_str(),
                        "severity": m.default_severity.as_str(),
                        "summary": m.summary,
                    })
                })
                .collect();
            print_out(
                &(serde_json::to_string_pretty(&list).expect("serializable")
                    + "
"),
            );
        }
        RulesFormat::Markdown => print_out(&rules_markdown()),
    }
}

/// Where the human format may use color.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// The output format with its options.
fn style(args: &CheckArgs) -> output::Style {
    let cwd = || std::env::current_dir().ok();
    if args.statistics {
        return output::Style::Statistics {
            json: args.format == Format::Json,
            quiet: args.quiet,
        };
    }
    match args.format {
        Format::Json => output::Style::Json,
        Format::Human => output::Style::Human {
            // Into a file, `auto` means no colors.
            color: match args.color {
                ColorChoice::Auto if args.output_file.is_some() => false,
                choice => use_color(choice),
            },
            width: output::snippet::output_width(
                args.output_file.is_none() && std::io::stdout().is_terminal(),
            ),
            summary: !args.quiet,
        },
        // [output formats: dispatch]
        Format::Sarif => output::Style::Sarif { cwd: cwd() },
        Format::Github => output::Style::Github { cwd: cwd() },
        Format::Checkstyle => output::Style::Checkstyle,
        Format::Concise => output::Style::Concise {
            summary: !args.quiet,
        },
        Format::Html => output::Style::Html,
    }
}

fn check(args: CheckArgs) -> ExitCode {
    // 1. Settings from the command line.
    let settings = match (selectors(&args.select), selectors(&args.ignore)) {
        (Ok(select), Ok(ignore)) => Settings {
            select: (!select.is_empty()).then_some(select),
            ignore,
            locale: args.locale.clone(),
            learn: if args.learn {
                Some(true)
            } else if args.no_learn {
                Some(false)
            } else {
                None
            },
            ..Settings::default()
        },
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    if let Some(locale) = &settings.locale
        && let Some(problem) = rules::locale_problem(locale)
    {
        eprintln!("error: --locale: {problem}");
        return ExitCode::from(EXIT_TROUBLE);
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        eprintln!("error: --statistics prints a table (--format human) or JSON (--format json)");
        return ExitCode::from(EXIT_TROUBLE);
    }
    let resolver = crate::config::Resolver::new(settings, args.config.as_deref());
    if let Some(file) = &args.show_settings {
        let (cli_ignore, cli_select) = (resolver.base().ignore.clone(), !args.select.is_empty());
        let cli = crate::show_settings::CommandLine {
            select: cli_select,
            ignore: &cli_ignore,
            locale: args.locale.is_some(),
            config: args.config.as_deref(),
        };
        return crate::show_settings::run(file, &resolver, &cli);
    }
    // 2. Inputs: the files (sorted), standard input, then paths that are not files.
    // [input stage]
    let mut args = args;
    if args.stdin {
        args.paths.clear(); // standard input only: checked below, with its configuration
    }
    if let Some(rev) = &args.changed_since {
        match crate::inputs::changed_since(rev, &args.paths) {
            Ok(paths) => args.paths = paths,
            Err(e) => {
                eprintln!("error: --changed-since {rev}: {e}");
                return ExitCode::from(EXIT_TROUBLE);
            }
        }
    }
    let (files, missing) = engine::collect_file_list(&args.paths);
    // Configuration errors: each once, before anything is checked.
    let stdin_name = args.stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::inputs::STDIN_NAME))
    });
    let config_errors = resolver.errors_for(files.iter().chain(stdin_name.as_deref()));
    if !config_errors.is_empty() {
        for e in &config_errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(EXIT_TROUBLE);
    }
    if files.is_empty() && missing.is_empty() && !args.stdin && !args.quiet {
        let named: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        match &args.changed_since {
            Some(rev) => eprintln!("loclint: no Markdown file changed since {rev} to check"),
            None => eprintln!(
                "loclint: no Markdown files in {} (folders are searched for *.md and *.markdown; hidden and .gitignored files are skipped)",
                named.join(", ")
            ),
        }
    }
    engine::timing::memory("files found");
    // [input stage: stdin] standard input follows the files, under `stdin_name`.
    let inputs = Inputs::new(files, stdin_name, missing);

    // 3. What to do: report, fix, diff or record a baseline.
    // [baseline stage]
    let mode = if args.write_baseline.is_some() {
        Mode::Record
    } else if args.diff {
        Mode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else if args.fix || args.unsafe_fixes {
        Mode::Fix {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else {
        Mode::Report
    };
    let baseline = match &args.baseline {
        Some(path) => match crate::baseline::Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_TROUBLE);
            }
        },
        None => None,
    };
    let options = run::Options {
        style: style(&args),
        mode,
        baseline,
        record_base: args
            .write_baseline
            .as_deref()
            .map(crate::baseline::base_dir),
        // The human format shows unreadable files in its report, which is not on screen
        // with these options.
        errors_to_stderr: matches!(args.format, Format::Human | Format::Concise)
            && (args.statistics || args.output_file.is_some()),
    };
    // 4. Check, and write the report as it comes.
    // [output stage]
    let mut out: Box<dyn Write + Send> = match (&args.output_file, mode) {
        (Some(path), Mode::Report | Mode::Fix { .. }) => match std::fs::File::create(path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(e) => {
                eprintln!("error: --output-file {}: {e}", path.display());
                return ExitCode::from(EXIT_TROUBLE);
            }
        },
        _ => Box::new(std::io::BufWriter::with_capacity(
            64 << 10,
            std::io::stdout(),
        )),
    };
    let mut outcome = run::run(&inputs, &resolver, &options, &mut *out);
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
        && outcome.write_error.is_none()
    {
        outcome.write_error = Some(e);
    }
    drop(out);
    if !args.quiet && matches!(mode, Mode::Report | Mode::Fix { .. }) {
        locale_notice(&outcome.totals);
        crate::terms::check::unlearned_notice(outcome.learning, resolver.base(), &outcome.totals);
    }
    engine::timing::report();

    // 5. Exit code.
    match mode {
        Mode::Diff { .. } => {
            return ExitCode::from(if outcome.changed { EXIT_FINDINGS } else { 0 });
        }
        Mode::Record => {
            let path = args
                .write_baseline
                .as_deref()
                .expect("recording a baseline");
            let errors = outcome.totals.summary.unreadable > 0;
            for (p, e) in &outcome.totals.file_errors {
                eprintln!("error: {}: {e}", p.display());
            }
            return match crate::baseline::write_entries(path, outcome.recorded) {
                Ok(n) => {
                    eprintln!(
                        "loclint: recorded {n} finding{} in {}",
                        if n == 1 { "" } else { "s" },
                        path.display()
                    );
                    ExitCode::from(if errors { EXIT_TROUBLE } else { 0 })
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", path.display());
                    ExitCode::from(EXIT_TROUBLE)
                }
            };
        }
        Mode::Fix { .. } if outcome.fixes > 0 => {
            let (fixes, files) = (outcome.fixes, outcome.fixed_files);
            eprintln!(
                "loclint: fixed {fixes} finding{} in {files} file{}",
                if fixes == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            );
        }
        _ => {}
    }
    if let Some(e) = &outcome.write_error {
        match &args.output_file {
            Some(path) => eprintln!("error: writing {}: {e}", path.display()),
            None => eprintln!("error: writing output: {e}"),
        }
        return ExitCode::from(EXIT_TROUBLE);
    }
    if !outcome.internal_errors.is_empty() {
        for e in &outcome.internal_errors {
            eprintln!("error: {e}");
        }
        return ExitCode::from(EXIT_TROUBLE);
    }
    exit_code(&args, &outcome)
}

/// One line, once per run, about the files whose locale is unknown: the checks that need
/// one did not run there.
fn locale_notice(totals: &output::Totals) {
    let Some(first) = &totals.first_unknown_locale else {
        return;
    };
    let which = match totals.unknown_locale {
        1 => format!("{} has", output::display(first)),
        n => format!("{n} files have (the first: {})", output::display(first)),
    };
    eprintln!(
        "note: {which} no known locale, so the checks that need one (terminology, untranslated text, punctuation) did not run there; {LOCALE_HELP}"
    );
}

fn exit_code(args: &CheckArgs, outcome: &run::Outcome) -> ExitCode {
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let totals = &outcome.totals;
    if !totals.file_errors.is_empty() {
        if !matches!(args.format, Format::Human | Format::Concise) {
            for (path, error) in &totals.file_errors {
                eprintln!("error: {}: {error}", path.display());
            }
        }
        return ExitCode::from(EXIT_TROUBLE);
    }
    if outcome.fix_trouble {
        return ExitCode::from(EXIT_TROUBLE);
    }
    if totals.any_at_least(threshold) {
        return ExitCode::from(EXIT_FINDINGS);
    }
    ExitCode::SUCCESS
}
