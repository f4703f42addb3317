//! Command-line flags, parsed once by clap. Commands read these plain structs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "corpus",
    version,
    about = "Index a folder of scraped news articles and search it with highlighted snippets",
    after_help = "Exit status: 0 something matched, 1 nothing matched, 2 an error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Where the index lives.
    #[arg(long, global = true, env = "CORPUS_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// When to colour the output: auto colours only a terminal and honours NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print no progress or summary on stderr (warnings and errors still show).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add folders of articles to the index, or bring them up to date (all, with none named).
    Index(IndexArgs),
    /// Search the index: tantivy's query language, AND between terms.
    Search(SearchArgs),
    /// Show what indexing would store for each article, without indexing.
    Clean(CleanArgs),
    /// Print one stored article by id.
    Show(ShowArgs),
    /// Print the ids and titles in the index.
    List(ListArgs),
    /// Print counts, languages, sites, dates and the size of the index.
    Stats,
    /// Print the folders the index keeps up to date: name, articles, last run, state.
    Sources,
    /// Remove sources and their articles from the index.
    Remove(RemoveArgs),
    /// Verify every file of the index against its checksum.
    Check,
    /// Serve the index over HTTP: a search page and a JSON API, until Ctrl-C.
    Serve(ServeArgs),
    /// Print the articles most like one, best first, with the words they share.
    Similar(SimilarArgs),
    /// Print the stories (articles about one event), largest first.
    Stories(StoriesArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON object per article: id, title, lang, site, date, copy_group, story.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The article's id, or any unique end of it (as for `corpus show`).
    pub id: String,
    /// How many articles to print.
    #[arg(short = 'n', long = "limit", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=MAX_HITS))]
    pub limit: u32,
    /// Also print the article's copies (left out by default: they are the same text).
    #[arg(long)]
    pub copies: bool,
    /// Print JSON Lines: one "hit" object per article, then a "summary".
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Print only stories of at least this many articles.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_HITS))]
    pub min_size: u32,
    /// Print JSON Lines: one "story" object per story, then a "summary".
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders of articles (.txt, .md or no extension) to add or update. Without one, every source.
    pub dirs: Vec<PathBuf>,
    /// Rebuild every source (and add the folders named) in a new index, swapped in at the end.
    #[arg(long)]
    pub full: bool,
    /// Skip files larger than this many megabytes.
    #[arg(
        long,
        default_value_t = crate::ingest::DEFAULT_MAX_BYTES / 1_000_000,
        value_name = "MB",
        value_parser = clap::value_parser!(u64).range(1..=MAX_FILE_MB)
    )]
    pub max_file_size: u64,
    /// Exit 2 if any file was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Indexing threads (default: one per core, at most 4).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// The index writer's memory budget in megabytes.
    #[arg(long, default_value_t = 200, value_name = "MB", value_parser = clap::value_parser!(u32).range(15..=MAX_MEMORY_MB))]
    pub memory: u32,
}

/// The largest `--max-file-size`: 100 GB, far above any article, and far below the
/// bytes a 64-bit count holds.
pub const MAX_FILE_MB: u64 = 100_000;
/// The largest `--memory`: tantivy takes at most about 4 GB per indexing thread.
pub const MAX_MEMORY_MB: i64 = 16_000;
/// The largest `-n`, `--offset` and `--fragments` (see `SearchArgs`).
pub const MAX_HITS: i64 = 1_000_000;

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Sources to remove, by name (as "corpus sources" prints it) or folder.
    #[arg(required = true)]
    pub sources: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: one quoted argument or several words (after `--` if it starts with a minus).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// How many hits to print [default: 10; every match with --ids].
    #[arg(short = 'n', long, value_parser = clap::value_parser!(u32).range(1..=MAX_HITS))]
    pub limit: Option<u32>,
    /// Skip this many hits first.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=MAX_HITS))]
    pub offset: u32,
    /// Snippet fragments per hit.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=20))]
    pub fragments: u8,
    /// Tolerate typos: one edit in words of 5 letters or more, two in words of 9 or more.
    #[arg(long)]
    pub fuzzy: bool,
    /// Only articles in this language (ISO 639-3 `eng` or 639-1 `en`).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only articles from this site (every word must match, any case).
    #[arg(long)]
    pub site: Option<String>,
    /// Only articles by this author.
    #[arg(long)]
    pub author: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Best first, or newest first (undated articles last).
    #[arg(long, value_enum, default_value_t = SortOrder::Score)]
    pub sort: SortOrder,
    /// Also print, for the query, counts by site, language and year.
    #[arg(long)]
    pub facets: bool,
    /// Print JSON Lines: one object per hit, then a summary.
    #[arg(long, conflicts_with_all = ["ids", "count"])]
    pub json: bool,
    /// Show every article, copies included (by default a copy group is one hit, its copies
    /// named under it).
    #[arg(long, conflicts_with = "stories")]
    pub no_collapse: bool,
    /// Show one hit per story (articles about one event), its other articles named under it.
    #[arg(long)]
    pub stories: bool,
    /// Print only the ids of matching articles, one a line.
    #[arg(long, conflicts_with = "count")]
    pub ids: bool,
    /// Print only the number of matching articles.
    #[arg(long)]
    pub count: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    Score,
    Date,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files or folders of articles.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object per article.
    #[arg(long, conflicts_with = "explain")]
    pub json: bool,
    /// Print each file with its removed lines and fragments marked, and why.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as `corpus list` or `corpus search --ids` prints it, or any unique
    /// end of it, such as the file name.
    pub id: String,
    /// Print the original text, with removed lines and fragments marked.
    #[arg(long)]
    pub raw: bool,
    /// Print the stored article as one JSON object.
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (port 0 picks a free one). Any address but
    /// loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub bind: std::net::SocketAddr,
    /// Every API request must then carry "Authorization: Bearer TOKEN".
    #[arg(long, env = "CORPUS_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}
