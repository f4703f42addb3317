//! Every language, end to end: articles in languages with no text fields of their own
//! (Indonesian, Polish, Japanese) are indexed, named by their ISO 639-3 code, found by
//! their words and filtered by language; stray lines under an English article are
//! fragments, searchable only as such.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

fn corpus() -> Command {
    let mut cmd = Command::cargo_bin("corpus").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CORPUS_INDEX");
    cmd
}

fn stdout(index: &Path, args: &[&str]) -> String {
    let out = corpus().arg("--index").arg(index).args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

const INDONESIAN: &str = "Banjir Rendam Ribuan Rumah di Jakarta Timur\n\n\
Hujan deras yang mengguyur Jakarta sejak Senin malam menyebabkan banjir di sejumlah wilayah, terutama di \
Jakarta Timur dan Jakarta Selatan.\n\n\
Badan Penanggulangan Bencana Daerah mencatat lebih dari delapan ribu warga terpaksa mengungsi ke masjid, \
sekolah, dan kantor kelurahan.\n";

const POLISH: &str = "Nowy rozkład jazdy. Pociągi z Warszawy do Gdańska pojadą szybciej\n\n\
Od niedzieli podróż pociągiem z Warszawy do Gdańska skróci się o dwadzieścia minut. To efekt zakończenia \
prac modernizacyjnych na linii kolejowej.\n\n\
Przewoźnik zapowiada, że na trasie pojawią się także dodatkowe połączenia w godzinach porannych.\n";

const JAPANESE: &str = "新型電池の工場、熊本に建設へ\n\n\
大手電機メーカーは十日、電気自動車向けの新型電池を生産する工場を熊本県に建設すると発表した。\n\n\
工場では約千人を新たに雇用する計画で、県は税制面での優遇措置を検討している。\n";

const ENGLISH: &str = "Council approves night buses\n\n\
The city council approved six night bus routes on Tuesday, including a long-requested line to the hospital.\n\n\
Buses will run every 20 minutes until 2 a.m., the transit director said after the vote.\n\n\
Obserwuj nas w mediach społecznościowych i bądź zawsze na bieżąco.\n\n\
詳しくは公式サイトをご覧ください。\n";

/// The four articles in a folder `docs` (so their ids are `docs/NAME`), and their index.
fn indexed() -> (TempDir, TempDir) {
    let root = tempfile::tempdir().unwrap();
    let docs = root.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for (name, text) in
        [("id.txt", INDONESIAN), ("pl.txt", POLISH), ("ja.txt", JAPANESE), ("en.txt", ENGLISH)]
    {
        std::fs::write(docs.join(name), text).unwrap();
    }
    let index = tempfile::tempdir().unwrap();
    corpus().arg("--index").arg(index.path()).arg("index").arg(&docs).assert().success();
    (root, index)
}

#[test]
fn articles_in_languages_without_fields_of_their_own_are_named_found_and_filtered() {
    let (_docs, index) = indexed();
    let p = index.path();
    let stats = stdout(p, &["stats"]);
    for lang in ["ind 1", "pol 1", "jpn 1", "eng 1"] {
        assert!(stats.contains(lang), "{lang}: {stats}");
    }
    assert_eq!(stdout(p, &["search", "--ids", "mengungsi"]), "docs/id.txt");
    assert_eq!(stdout(p, &["search", "--ids", "pociągiem"]), "docs/pl.txt");
    assert_eq!(stdout(p, &["search", "--ids", "熊本"]), "docs/ja.txt");
    assert_eq!(stdout(p, &["search", "--ids", "--lang", "id", "Jakarta"]), "docs/id.txt");
    assert_eq!(stdout(p, &["search", "--count", "--lang", "pol", "Jakarta"]), "0");
    assert_eq!(stdout(p, &["search", "--ids", "lang:pol"]), "docs/pl.txt");
}

#[test]
fn stray_polish_and_japanese_lines_under_an_english_article_are_fragments() {
    let (docs, index) = indexed();
    let p = index.path();
    // Not in a default search, nor in a snippet; found as fragments.
    assert_eq!(stdout(p, &["search", "--count", "społecznościowych"]), "0");
    assert_eq!(stdout(p, &["search", "--ids", "fragments:społecznościowych"]), "docs/en.txt");
    assert_eq!(stdout(p, &["search", "--ids", "fragments:公式"]), "docs/en.txt");
    let clean = stdout(p, &["clean", "--json", &docs.path().join("docs/en.txt").to_string_lossy()]);
    let article: serde_json::Value = serde_json::from_str(&clean).unwrap();
    let langs: Vec<&str> =
        article["fragments"].as_array().unwrap().iter().map(|f| f["lang"].as_str().unwrap()).collect();
    assert_eq!(langs, ["pol", "jpn"], "{clean}");
    assert_eq!(article["lang"], "eng");
}
