//! `corpus similar ID`: the articles most like one.

use anyhow::Result;

use crate::cli::{Global, SimilarArgs};
use crate::exit::Exit;

pub fn run(_global: &Global, _args: SimilarArgs) -> Result<Exit> {
    anyhow::bail!("not yet")
}
