use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    loclint::cli::run(loclint::cli::Cli::parse())
}
