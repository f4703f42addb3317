//! `corpus serve`: the index over HTTP until Ctrl-C (see `crate::serve`).

use anyhow::{bail, Result};

use crate::cli::{Global, ServeArgs};
use crate::exit::Exit;
use crate::serve::{signal, Options, Server};

pub fn run(global: &Global, args: ServeArgs) -> Result<Exit> {
    if !args.bind.ip().is_loopback() && args.token.is_none() {
        bail!(
            "serving on {} would let anyone who reaches this machine read the index: give --token TOKEN \
             (every API request must then carry it), or bind to 127.0.0.1",
            args.bind.ip()
        );
    }
    if args
        .token
        .as_deref()
        .is_some_and(|t| t.trim().is_empty() || t.chars().any(|c| c.is_control() || c == ' '))
    {
        bail!("--token must be non-empty, without spaces or control characters");
    }
    // Two per core: a request that waits on the disk leaves the core to another.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
    let server =
        Server::bind(Options { index: global.index.clone(), bind: args.bind, token: args.token, workers })?;
    signal::install();
    eprintln!("serving {} at http://{}/", crate::index::display_dir(&global.index), server.address());
    server.run(signal::stop_requested);
    if !global.quiet {
        eprintln!("corpus: stopped");
    }
    Ok(Exit::Match)
}
