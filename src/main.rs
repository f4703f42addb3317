use std::process::ExitCode;

use clap::Parser;
use corpus::cli::Cli;
use corpus::exit::Exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match corpus::commands::run(cli) {
        Ok(exit) => exit,
        Err(err) => {
            // `corpus search ... | head` closes the pipe early: that is success, not an error.
            if is_broken_pipe(&err) {
                Exit::Match
            } else {
                eprintln!("corpus: {err:#}");
                Exit::Error
            }
        }
    };
    code.into()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
