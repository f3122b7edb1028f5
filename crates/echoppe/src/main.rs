//! `echoppe`: one binary, one subcommand per job. Each lives in `commands`.

use clap::Parser;
use echoppe::cli::{Cli, Command};
use echoppe::commands;
use std::process::ExitCode;

/// glibc's allocator spent a fifth of the server's time under the
/// rehearsal (fragmentation across threads, `malloc_consolidate`, returning
/// memory with `munmap`); mimalloc keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Demo(args) => commands::demo(args).await,
        Command::Serve(args) => commands::serve(args).await,
        Command::Seed(args) => commands::seed(args).await,
        Command::Migrate(args) => commands::migrate(args).await,
        Command::Copy(args) => commands::copy(args).await,
        Command::GrantAdmin(args) => commands::grant_admin(args).await,
        Command::Reindex(args) => commands::reindex(args).await,
        Command::Warm(args) => commands::warm(args).await,
        Command::Mode(args) => echoppe::mode::run(args).await,
        Command::Surge(args) => commands::surge(args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole chain of causes on one line.
            eprintln!("echoppe: {error:#}");
            ExitCode::FAILURE
        }
    }
}
