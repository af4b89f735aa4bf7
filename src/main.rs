use clap::Parser;
use std::process::ExitCode;

// Parsing thousands of files in parallel allocates many small vectors; mimalloc's
// thread-local free lists make that markedly cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    loclint::cli::run(loclint::cli::Cli::parse())
}
