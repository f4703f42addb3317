use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use corpus::cli::{Cli, Command};
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
    if writes_stdout(&cli.command) && !stdout_is_open() {
        // Rust discards writes to a closed stdout without a word; say so, as ripgrep does.
        eprintln!("corpus: standard output is closed: nothing could be printed");
        return Exit::Error.into();
    }
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

/// Whether the command prints its results on stdout (`index`, `remove` and `serve` report on stderr).
fn writes_stdout(command: &Command) -> bool {
    !matches!(command, Command::Index(_) | Command::Remove(_) | Command::Serve(_))
}

/// Whether stdout was open when the process started. Rust's runtime reopens a closed
/// stdout on /dev/null before `main`, and writes then vanish without an error, so it is
/// looked at earlier, from the ELF initialisers that the C runtime calls before it.
#[cfg(target_os = "linux")]
static STDOUT_OPEN_AT_START: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static NOTE_STDOUT: extern "C" fn() = {
    extern "C" fn note_stdout() {
        let open =
            std::fs::symlink_metadata("/proc/self/fd/1").is_ok() || !Path::new("/proc/self/fd").exists();
        STDOUT_OPEN_AT_START.store(open, std::sync::atomic::Ordering::Relaxed);
    }
    note_stdout
};

#[cfg(target_os = "linux")]
fn stdout_is_open() -> bool {
    STDOUT_OPEN_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(target_os = "linux"))]
fn stdout_is_open() -> bool {
    true
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
