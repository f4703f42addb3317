//! One file per subcommand; each takes its parsed flags and returns an exit code.

mod clean;
mod index;
mod list;
mod remove;
mod search;
mod show;
mod sources;
mod stats;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

pub fn run(cli: Cli) -> Result<Exit> {
    let global = cli.global;
    match cli.command {
        Command::Index(args) => index::run(&global, args),
        Command::Search(args) => search::run(&global, args),
        Command::Clean(args) => clean::run(&global, args),
        Command::Show(args) => show::run(&global, args),
        Command::List => list::run(&global),
        Command::Stats => stats::run(&global),
        Command::Sources => sources::run(&global),
        Command::Remove(args) => remove::run(&global, args),
    }
}
