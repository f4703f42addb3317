//! `corpus check`: verifies every file of the index against its checksum.

use anyhow::Result;

use crate::cli::Global;
use crate::exit::Exit;
use crate::index::check;

pub fn run(global: &Global) -> Result<Exit> {
    let report = check::check(&global.index)?;
    for damage in &report.damage {
        let what = if damage.missing { "is missing" } else { "fails its checksum" };
        println!(
            "{} {what} (segment {}, {} articles)",
            damage.file.display(),
            damage.segment,
            damage.articles
        );
    }
    if report.damage.is_empty() {
        println!("{} files in {} segments: every checksum holds", report.files, report.segments);
        return Ok(Exit::Match);
    }
    eprintln!("corpus: the index is damaged: {}", check::remedy(&report));
    Ok(Exit::Error)
}
