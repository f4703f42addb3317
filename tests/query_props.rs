//! Property tests over the query path: any string a user can type gives hits, no hits or a
//! clear error, never a panic.

use std::sync::OnceLock;

use corpus::index::Reader;
use corpus::search::{self, Collapse, Filters, Request};
use proptest::prelude::*;

/// The seeds, indexed once for all cases.
fn reader() -> &'static Reader {
    static READER: OnceLock<(tempfile::TempDir, Reader)> = OnceLock::new();
    let (_, reader) = READER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_corpus"))
            .arg("--index")
            .arg(dir.path())
            .args(["-q", "index"])
            .arg(seeds)
            .status()
            .unwrap();
        assert!(status.success());
        let reader = Reader::open(dir.path()).unwrap();
        (dir, reader)
    });
    reader
}

fn request(query: String, fuzzy: bool) -> Request {
    Request {
        query,
        limit: 5,
        offset: 0,
        fragments: 2,
        fuzzy,
        snippets: true,
        filters: Filters::default(),
        sort_by_date: false,
        facets: true,
        collapse: Collapse::Copies,
    }
}

fn check(query: String, fuzzy: bool) {
    if let Ok(outcome) = search::search(reader(), &request(query, fuzzy)) {
        assert!(outcome.hits.len() <= 5);
        for hit in &outcome.hits {
            for f in &hit.fragments {
                for &(s, e) in &f.highlights {
                    assert!(s < e && e <= f.text.len());
                    assert!(f.text.is_char_boundary(s) && f.text.is_char_boundary(e));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_unicode_query_is_answered(query in "\\PC{0,60}", fuzzy in any::<bool>()) {
        check(query, fuzzy);
    }

    #[test]
    fn queries_of_grammar_pieces_are_answered(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("\""), Just("("), Just(")"), Just(":"), Just("-"), Just("+"), Just("*"), Just("^2"),
                Just("AND"), Just("OR"), Just("NOT"), Just("title:"), Just("site:"), Just("lang:"),
                Just("meta"), Just("flagship"), Just("proprietary"), Just("구독"), Just(" "), Just("https://x.y/z"),
                Just("["), Just("]"), Just("{"), Just("}"), Just("~"), Just("\\"), Just("'"),
            ],
            0..12,
        ),
        fuzzy in any::<bool>(),
    ) {
        check(pieces.concat(), fuzzy);
    }
}
