//! The command line: `check`, `rules`, `explain`.

use crate::diagnostic::Severity;
use crate::engine::{self, Selector, Settings};
use crate::output;
use crate::rule::Category;
use crate::rules;
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
    Check(CheckArgs),
    /// List every rule with its category, default severity and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    // [server command]
    /// Print a rule's documentation.
    Explain {
        /// A rule name, as `loclint rules` lists them.
        rule: String,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
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
    // [config flags: --config, --baseline, --write-baseline]
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Also apply fixes that may change meaning (implies --fix unless --diff is given).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if there are any).
    #[arg(long)]
    pub diff: bool,
    // [output flags: --output-file, --quiet, --statistics]
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
        Command::Check(args) => check(args),
        // [server command: dispatch]
        Command::Rules { format } => {
            print_rules(format);
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                let meta = r.meta();
                println!(
                    "# {}\n\nCategory: {} · Default severity: {}\n\n{}",
                    meta.name,
                    meta.category.as_str(),
                    meta.default_severity.as_str(),
                    meta.doc_markdown()
                );
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: unknown rule `{rule}`; `loclint rules` lists them");
                ExitCode::from(EXIT_TROUBLE)
            }
        },
    }
}

fn print_rules(format: Format) {
    match format {
        Format::Human => {
            let width = rules::ALL
                .iter()
                .map(|r| r.meta().name.len())
                .max()
                .unwrap_or(0);
            for category in Category::ALL {
                for rule in rules::ALL.iter().filter(|r| r.meta().category == category) {
                    let m = rule.meta();
                    println!(
                        "{:width$}  {:12}  {:7}  {}",
                        m.name,
                        m.category.as_str(),
                        m.default_severity.as_str(),
                        m.summary
                    );
                }
            }
        }
        Format::Json => {
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
            println!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serializable")
            );
        }
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

/// Writes the reports in the chosen format.
fn write_reports(
    args: &CheckArgs,
    reports: &[engine::FileReport],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match args.format {
        Format::Json => output::json::write(reports, out),
        Format::Human => output::human::render(reports, use_color(args.color), out),
        // [output formats: dispatch]
    }
}

fn check(args: CheckArgs) -> ExitCode {
    // 1. Settings from the command line.
    let settings = match (selectors(&args.select), selectors(&args.ignore)) {
        (Ok(select), Ok(ignore)) => Settings {
            select: (!select.is_empty()).then_some(select),
            ignore,
            locale: args.locale.clone(),
        },
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    };
    if let Some(locale) = &settings.locale {
        if let Some(problem) = rules::locale_problem(locale) {
            eprintln!("error: --locale: {problem}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    }
    // 2. Inputs.
    // [input stage]
    let (files, missing) = engine::collect_files(&args.paths);
    // 3. Check.
    let mut reports = engine::check_files(&files, &settings);
    for (path, error) in missing {
        reports.push(engine::FileReport {
            path,
            source: String::new(),
            diagnostics: Vec::new(),
            error: Some(error),
            facts: None,
        });
    }
    // 4. Baseline and fixes.
    // [baseline stage]
    // [fix stage]
    if args.fix || args.unsafe_fixes || args.diff {
        match apply_fixes(&args, &reports, &settings) {
            Ok(FixOutcome::Diffed { changed }) => {
                return ExitCode::from(if changed { EXIT_FINDINGS } else { 0 });
            }
            Ok(FixOutcome::Written {
                fixes,
                files: fixed_files,
            }) => {
                if fixes > 0 {
                    eprintln!(
                        "loclint: fixed {fixes} finding{} in {fixed_files} file{}",
                        if fixes == 1 { "" } else { "s" },
                        if fixed_files == 1 { "" } else { "s" }
                    );
                    // Report what is left after the fixes.
                    reports = engine::check_files(&files, &settings);
                }
            }
            Err(code) => return code,
        }
    }
    // 5. Output.
    // [output stage]
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Err(e) = write_reports(&args, &reports, &mut out).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: writing output: {e}");
            return ExitCode::from(EXIT_TROUBLE);
        }
    }
    // 6. Exit code.
    exit_code(&args, &reports)
}

enum FixOutcome {
    Diffed { changed: bool },
    Written { fixes: usize, files: usize },
}

/// Fixes every file that has fixable findings: writes it, or prints the diff with --diff.
fn apply_fixes(
    args: &CheckArgs,
    reports: &[engine::FileReport],
    settings: &Settings,
) -> Result<FixOutcome, ExitCode> {
    let rules = settings.enabled_rules();
    let unsafe_fixes = args.unsafe_fixes;
    let mut out = std::io::stdout().lock();
    let (mut fixes, mut files, mut changed) = (0, 0, false);
    for report in reports {
        let fixable = report.diagnostics.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                unsafe_fixes || f.applicability == crate::diagnostic::Applicability::Safe
            })
        });
        if report.error.is_some() || !fixable {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&report.path) else {
            continue;
        };
        let (fixed, applied) =
            crate::fix::fix_text(&report.path, &text, &rules, settings, unsafe_fixes);
        if applied == 0 || fixed == text {
            continue;
        }
        changed = true;
        if args.diff {
            let _ = out.write_all(crate::fix::unified_diff(&report.path, &text, &fixed).as_bytes());
        } else if let Err(e) = crate::fix::write_atomically(&report.path, fixed.as_bytes()) {
            eprintln!(
                "error: {}: could not write the fixes: {e}",
                report.path.display()
            );
            return Err(ExitCode::from(EXIT_TROUBLE));
        } else {
            fixes += applied;
            files += 1;
        }
    }
    Ok(if args.diff {
        FixOutcome::Diffed { changed }
    } else {
        FixOutcome::Written { fixes, files }
    })
}

fn exit_code(args: &CheckArgs, reports: &[engine::FileReport]) -> ExitCode {
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if reports.iter().any(|r| r.error.is_some()) {
        if args.format != Format::Human {
            for r in reports.iter().filter(|r| r.error.is_some()) {
                eprintln!(
                    "error: {}: {}",
                    r.path.display(),
                    r.error.as_deref().unwrap_or("")
                );
            }
        }
        return ExitCode::from(EXIT_TROUBLE);
    }
    if reports
        .iter()
        .any(|r| r.diagnostics.iter().any(|d| d.severity >= threshold))
    {
        return ExitCode::from(EXIT_FINDINGS);
    }
    ExitCode::SUCCESS
}
