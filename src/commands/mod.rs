//! One file per subcommand; each takes its parsed flags and returns an exit code.

mod check;
mod clean;
mod index;
mod list;
mod remove;
mod search;
mod serve;
mod show;
mod similar;
mod sources;
mod stats;
mod stories;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::Exit;

pub fn run(cli: Cli) -> Result<Exit> {
    let index = cli.global.index.clone();
    // tantivy panics on some damaged files (an unknown compressor in a store's footer,
    // say): the user gets the damaged file and the remedy instead of a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let reads_index = !matches!(cli.command, Command::Clean(_));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli))) {
        Ok(Err(err)) if reads_index => Err(damage(&index).unwrap_or(err)),
        Ok(result) => result,
        Err(payload) => Err(damage(&index).unwrap_or_else(|| panicked(payload.as_ref()))),
    }
}

fn dispatch(cli: Cli) -> Result<Exit> {
    let global = cli.global;
    match cli.command {
        Command::Index(args) => index::run(&global, args),
        Command::Search(args) => search::run(&global, args),
        Command::Clean(args) => clean::run(&global, args),
        Command::Show(args) => show::run(&global, args),
        Command::List(args) => list::run(&global, args),
        Command::Stats => stats::run(&global),
        Command::Sources => sources::run(&global),
        Command::Remove(args) => remove::run(&global, args),
        Command::Check => check::run(&global),
        Command::Serve(args) => serve::run(&global, args),
        Command::Similar(args) => similar::run(&global, args),
        Command::Stories(args) => stories::run(&global, args),
    }
}

/// After a failure: the damaged files and the remedy, if the index's checksums find any.
fn damage(index: &std::path::Path) -> Option<anyhow::Error> {
    let report = crate::index::check::check(index).ok().filter(|r| !r.damage.is_empty())?;
    Some(anyhow::anyhow!(
        "the index at {} is damaged: {}",
        crate::index::display_dir(index),
        crate::index::check::remedy(&report)
    ))
}

fn panicked(payload: &(dyn std::any::Any + Send)) -> anyhow::Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    anyhow::anyhow!("internal error ({what}); \"corpus check\" tells whether the index is damaged")
}

/// The article a user names by its id or a unique end of it (as `--ids` and `list` print
/// ids); none, said on stderr, when no article has it; an error when several do.
fn find_article(
    reader: &crate::index::Reader,
    searcher: &tantivy::Searcher,
    given: &str,
) -> Result<Option<tantivy::DocAddress>> {
    use crate::index::IdMatch;
    use crate::output::escape_controls;
    match reader.match_id(searcher, given, |id| escape_controls(id).into_owned())? {
        IdMatch::One(address) => Ok(Some(address)),
        IdMatch::None => {
            eprintln!("corpus: no article with id {given:?} in the index: \"corpus list\" prints the ids");
            Ok(None)
        }
        IdMatch::Several(ids) => {
            let shown: Vec<String> = ids.iter().take(5).map(|id| escape_controls(id).into_owned()).collect();
            let more = if ids.len() > 5 { format!(" and {} more", ids.len() - 5) } else { String::new() };
            anyhow::bail!(
                "{given:?} names {} articles ({}{more}): give more of the id",
                ids.len(),
                shown.join(", ")
            );
        }
        IdMatch::Vanished(id) => {
            anyhow::bail!("the article {id:?} was listed but cannot be found: run \"corpus index\" again")
        }
    }
}
