use std::process::ExitCode;

use clap::Parser;
use corpus::cli::Cli;
use corpus::exit::Exit;

/// jemalloc rather than glibc's malloc: the cleaner makes and drops many small strings and
/// vectors for every article, on several threads at once, and articles are freed on
/// tantivy's threads. Over Reuters, `corpus index` took 9% less CPU time and 12% less wall
/// time (BENCHMARKS.md).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read once when it starts. One arena: by default each new thread is
/// given one of eight, each set up on first use, which made a search process (a few
/// milliseconds) 3% slower than with glibc's malloc; with one it is on a par, and indexing is
/// as fast. A C string, as jemalloc declares the symbol.
#[cfg(target_os = "linux")]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 10] = b"narenas:1\0";

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
