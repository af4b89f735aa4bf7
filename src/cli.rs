//! The command line: `check`, `rules`, `explain`.

use crate::diagnostic::Severity;
use crate::engine::{self, Selector, Settings};
use crate::output;
use crate::rule::{Category, RuleMeta};
use crate::rules;
use crate::run::{self, Input, Mode};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes: 0 clean, 1 findings at the failing level, 2 usage, config or read errors.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

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
    /// Print a rule's documentation.
    Explain {
        /// A rule name, as `loclint rules` lists them.
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

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets with a summary line.
    Human,
    /// One JSON document (schema in README.md).
    Json,
    /// SARIF 2.1.0 (code scanning, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// Checkstyle XML.
    Checkstyle,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check (folders: `*.md` below them, honoring .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
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
        Command::Rules { format } => {
            print_rules(format);
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                print_out(&rule_page(r.meta(), 1));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: unknown rule `{rule}`; `loclint rules` lists them");
                ExitCode::from(EXIT_TROUBLE)
            }
        },
    }
}

/// Prints to standard output; a closed pipe (`loclint rules | head`) is not an error.
fn print_out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A rule's documentation as Markdown, its title at heading `level`.
fn rule_page(meta: &RuleMeta, level: usize) -> String {
    let hashes = "#".repeat(level);
    // The doc's own `## What it does` headings go one level below the title.
    let doc = meta
        .doc_markdown()
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
            summary: !args.quiet,
        },
        // [output formats: dispatch]
        Format::Sarif => output::Style::Sarif { cwd: cwd() },
        Format::Github => output::Style::Github { cwd: cwd() },
        Format::Checkstyle => output::Style::Checkstyle,
    }
}

fn check(args: CheckArgs) -> ExitCode {
    // 1. Settings from the command line.
    let settings = match (selectors(&args.select), selectors(&args.ignore)) {
        (Ok(select), Ok(ignore)) => Settings {
            select: (!select.is_empty()).then_some(select),
            ignore,
            locale: args.locale.clone(),
            config: None,
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
    let (files, missing) = engine::collect_files(&args.paths);
    engine::timing::memory("files found");
    let mut inputs: Vec<Input> = files.into_iter().map(Input::File).collect();
    if args.stdin {
        // [input stage: stdin]
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::inputs::STDIN_NAME));
        inputs.push(Input::Stdin(name));
    }
    inputs.extend(missing.into_iter().map(|(p, e)| Input::Missing(p, e)));

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
        errors_to_stderr: args.format == Format::Human
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
    let resolver = crate::config::Resolver::new(settings, args.config.as_deref());
    let mut outcome = run::run(&inputs, &resolver, &options, &mut *out);
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
        && outcome.write_error.is_none()
    {
        outcome.write_error = Some(e);
    }
    drop(out);
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
    exit_code(&args, &outcome)
}

fn exit_code(args: &CheckArgs, outcome: &run::Outcome) -> ExitCode {
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let totals = &outcome.totals;
    if !totals.file_errors.is_empty() {
        if args.format != Format::Human {
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
