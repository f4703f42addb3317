//! Re-indexing that never loses anything: incremental runs, one writer at a time,
//! damaged indexes, and hostile input. Each test builds its own input in a temporary folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{article, corpus, word};
use tempfile::TempDir;

struct Setup {
    _tmp: TempDir,
    docs: PathBuf,
    index: PathBuf,
}

fn setup(files: &[(&str, &str)]) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    for (name, text) in files {
        let path = docs.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::create_dir_all(&docs).unwrap();
    let index = tmp.path().join("idx");
    Setup { _tmp: tmp, docs, index }
}

/// Runs `corpus index`, returns (exit code, stderr).
fn index(s: &Setup, extra: &[&str]) -> (i32, String) {
    let out = corpus().arg("--index").arg(&s.index).arg("index").arg(&s.docs).args(extra).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn ids(index: &Path) -> Vec<String> {
    let out = corpus().arg("--index").arg(index).arg("list").output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

/// The folder of the live generation of tantivy's files, as corpus.json names it.
fn live(index: &Path) -> PathBuf {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(index.join("corpus.json")).unwrap()).unwrap();
    index.join(manifest["generation"].as_str().unwrap())
}

fn count(index: &Path, query: &str) -> String {
    let out = corpus().arg("--index").arg(index).args(["search", query, "--count"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_second_run_adds_updates_removes_and_leaves_the_rest() {
    let s = setup(&[
        ("a.txt", &article("parking")),
        ("b.txt", &article("bridges")),
        ("c.txt", &article("parks")),
    ]);
    let (code, first) = index(&s, &[]);
    assert_eq!(code, 0, "{first}");
    assert!(first.contains("3 added"), "{first}");
    fs::write(s.docs.join("b.txt"), article("tunnels")).unwrap();
    fs::remove_file(s.docs.join("c.txt")).unwrap();
    fs::write(s.docs.join("d.txt"), article("libraries")).unwrap();
    let (code, second) = index(&s, &[]);
    assert_eq!(code, 0);
    assert!(second.contains("1 added, 1 updated, 1 removed, 1 unchanged"), "{second}");
    assert_eq!(ids(&s.index), ["docs/a.txt", "docs/b.txt", "docs/d.txt"]);
    assert_eq!(count(&s.index, "tunnels"), "1");
    assert_eq!(count(&s.index, "bridges"), "0");
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    // Same bytes, new modification time: the content hash decides.
    fs::write(s.docs.join("a.txt"), article("parking")).unwrap();
    let (_, second) = index(&s, &[]);
    assert!(second.contains("0 added, 0 updated, 0 removed, 1 unchanged"), "{second}");
}

#[test]
fn full_rebuilds_and_no_folder_reindexes_the_last_ones() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    let (code, full) = index(&s, &["--full"]);
    assert_eq!(code, 0);
    assert!(full.contains("1 added"), "{full}");
    fs::write(s.docs.join("b.txt"), article("bridges")).unwrap();
    let out = corpus().arg("--index").arg(&s.index).arg("index").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(ids(&s.index), ["docs/a.txt", "docs/b.txt"]);
}

#[test]
fn a_second_folder_is_added_beside_the_first_and_no_id_changes() {
    let s = setup(&[("news/a.txt", &article("parking")), ("wire/a.txt", &article("bridges"))]);
    corpus().arg("--index").arg(&s.index).arg("index").arg(s.docs.join("news")).assert().success();
    assert_eq!(ids(&s.index), ["news/a.txt"]);
    corpus().arg("--index").arg(&s.index).arg("index").arg(s.docs.join("wire")).assert().success();
    assert_eq!(ids(&s.index), ["news/a.txt", "wire/a.txt"], "added, not replaced");
    // Naming one source again updates it alone; the other stays as it is.
    corpus().arg("--index").arg(&s.index).arg("index").arg(s.docs.join("news")).assert().success();
    assert_eq!(ids(&s.index), ["news/a.txt", "wire/a.txt"]);
}

#[test]
fn a_second_indexer_exits_2_at_once_while_the_first_holds_the_index() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    let holder = corpus::index::folder::lock_for_writing(&s.index).unwrap();
    for extra in [&[][..], &["--full"]] {
        let (code, stderr) = index(&s, extra);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("another \"corpus index\" is writing"), "{stderr}");
    }
    let removed = corpus().arg("--index").arg(&s.index).args(["remove", "docs"]).output().unwrap();
    assert_eq!(removed.status.code(), Some(2), "remove waits its turn too");
    drop(holder);
    assert_eq!(index(&s, &[]).0, 0);
    assert_eq!(count(&s.index, "parking"), "1");
}

#[test]
fn a_damaged_index_gets_a_clear_message_and_full_repairs_it() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    let meta = live(&s.index).join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    fs::write(&meta, &text[..text.len() / 2]).unwrap();
    let out = corpus().arg("--index").arg(&s.index).args(["search", "parking"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("corpus index --full"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(index(&s, &["--full"]).0, 0);
    assert_eq!(count(&s.index, "parking"), "1");
}

#[test]
fn a_missing_segment_file_gets_a_clear_message() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    let store = fs::read_dir(live(&s.index))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    fs::remove_file(store).unwrap();
    let out = corpus().arg("--index").arg(&s.index).args(["search", "parking"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("corpus index --full") && !stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_index_of_another_schema_version_is_refused_with_advice() {
    let s = setup(&[("a.txt", &article("parking"))]);
    index(&s, &[]);
    fs::write(s.index.join("corpus.json"), r#"{"schema_version": 999, "folders": []}"#).unwrap();
    let out = corpus().arg("--index").arg(&s.index).args(["search", "parking"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("another version") && stderr.contains("--full"), "{stderr}");
}

#[test]
fn hostile_files_are_skipped_or_decoded_and_never_cost_another_article() {
    let latin1: Vec<u8> = b"Prices in London\n\nThe average flat now costs \xa3450,000, a record for the caf\xe9 district of the city.\n".to_vec();
    let s = setup(&[("good.txt", &article("parking")), ("empty.txt", ""), ("blank.txt", "  \n\t\n")]);
    fs::write(s.docs.join("latin1.txt"), latin1).unwrap();
    fs::write(s.docs.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in
        "Tram news\n\nThe new tram line to Zürich airport opens in May, officials said.\n".encode_utf16()
    {
        utf16.extend(unit.to_le_bytes());
    }
    fs::write(s.docs.join("utf16.txt"), utf16).unwrap();
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("image.txt: binary file"), "{stderr}");
    assert!(stderr.contains("empty.txt: empty file") && stderr.contains("blank.txt: empty file"), "{stderr}");
    assert!(stderr.contains("3 skipped"), "{stderr}");
    assert_eq!(ids(&s.index), ["docs/good.txt", "docs/latin1.txt", "docs/utf16.txt"]);
    let shown = corpus().arg("--index").arg(&s.index).args(["show", "latin1.txt"]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("£450,000") && shown.contains("café"), "{shown}");
    assert_eq!(count(&s.index, "zürich"), "1");
    // --strict turns any skip into exit 2.
    assert_eq!(index(&s, &["--strict"]).0, 2);
}

#[test]
fn big_files_are_skipped_above_the_limit_and_long_lines_are_indexed_whole() {
    let long_line = format!("A very long line\n\n{}needle at the end.\n", "word ".repeat(2_100_000));
    let s = setup(&[("long.txt", &long_line), ("small.txt", &article("parking"))]);
    let (code, stderr) = index(&s, &["--max-file-size", "5"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("long.txt: too large"), "{stderr}");
    let (code, stderr) = index(&s, &["--max-file-size", "64"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(count(&s.index, "needle"), "1");
}

#[test]
fn deep_folders_link_loops_and_odd_names_do_not_stop_the_walk() {
    let deep = (0..40).map(|i| format!("d{i}")).collect::<Vec<_>>().join("/") + "/deep.txt";
    let s = setup(&[(&deep, &article("bridges")), ("a.txt", &article("parking"))]);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&s.docs, s.docs.join("loop")).unwrap();
        use std::os::unix::ffi::OsStrExt;
        let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        fs::write(s.docs.join(odd), article("cafes")).unwrap();
        let odd2 = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
        fs::write(s.docs.join(odd2), article("bakeries")).unwrap();
    }
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0, "{stderr}");
    let ids = ids(&s.index);
    assert!(ids.iter().any(|id| id.ends_with("deep.txt")), "{ids:?}");
    assert!(ids.contains(&"docs/a.txt".to_string()));
    #[cfg(unix)]
    {
        assert!(stderr.contains("symbolic link loop"), "{stderr}");
        let odd: Vec<&String> = ids.iter().filter(|id| id.starts_with("docs/caf")).collect();
        assert_eq!(odd.len(), 2, "{ids:?}");
        assert_ne!(odd[0], odd[1]);
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_rest_indexed() {
    use std::os::unix::fs::PermissionsExt;
    let s = setup(&[("a.txt", &article("parking")), ("secret.txt", &article("bridges"))]);
    let secret = s.docs.join("secret.txt");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = if fs::read(&secret).is_err() {
        corpus()
    } else if Path::new("/usr/bin/setpriv").exists() {
        // Root reads anything: run the binary as the unprivileged user `nobody` instead.
        for dir in [s.docs.parent().unwrap(), &s.docs] {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
        }
        fs::set_permissions(s.docs.join("a.txt"), fs::Permissions::from_mode(0o644)).unwrap();
        let mut cmd = assert_cmd::Command::new("/usr/bin/setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("corpus"));
        cmd
    } else {
        panic!("this test runs as root and needs setpriv (util-linux) to drop to an ordinary user");
    };
    let out = cmd.arg("--index").arg(&s.index).arg("index").arg(&s.docs).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("secret.txt: unreadable"), "{stderr}");
    assert!(stderr.contains("1 indexed"), "{stderr}");
}

#[test]
fn an_index_folder_that_holds_other_files_is_refused() {
    let s = setup(&[("a.txt", &article("parking"))]);
    let out = corpus().arg("--index").arg(&s.docs).arg("index").arg(&s.docs).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not write"));
    assert!(s.docs.join("a.txt").exists());
}

#[cfg(unix)]
#[test]
fn kill_9_at_any_moment_leaves_a_working_index_and_the_next_run_finishes() {
    use std::time::Duration;
    let files: Vec<(String, String)> = (0..3000)
        .map(|i| (format!("f{:02}/a{i:05}.txt", i % 50), article(&format!("harbour {}", word(i))).repeat(6)))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let s = setup(&refs);
    assert_eq!(index(&s, &[]).0, 0);
    assert_eq!(count(&s.index, "harbour"), "3000");
    let bin = assert_cmd::cargo::cargo_bin("corpus");
    for (round, delay_ms) in [40u64, 150, 400, 900, 1600].into_iter().enumerate() {
        // Change every file, so the run has real work to lose.
        for (name, text) in &files {
            // Inside a paragraph: a line shared by every file would be learned as a template.
            fs::write(
                s.docs.join(name),
                text.replace("The council met", &format!("The council met round{round}")),
            )
            .unwrap();
        }
        let mut child = std::process::Command::new(&bin)
            .arg("--index")
            .arg(&s.index)
            .arg("index")
            .arg(&s.docs)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Searches while the index changes see the old state or the new, never a broken one.
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_millis(delay_ms) {
            assert_eq!(count(&s.index, "harbour"), "3000", "a search during indexing");
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever the moment, the index opens and holds every article, old or new.
        assert_eq!(count(&s.index, "harbour"), "3000", "after a kill at {delay_ms} ms");
    }
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(count(&s.index, "harbour"), "3000");
    assert_eq!(count(&s.index, "round4"), "3000", "{stderr}");
}

#[test]
fn a_line_that_becomes_a_template_makes_its_articles_clean_again() {
    let story =
        |topic: &str| format!("{}\nRead more local stories at the Harbour Ledger website\n", article(topic));
    let topics = ["parking", "bridges", "libraries", "tunnels"];
    let files: Vec<(String, String)> = topics.iter().map(|t| (format!("{t}.txt"), story(t))).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let s = setup(&refs);
    assert_eq!(index(&s, &[]).0, 0);
    // Four articles: not yet a template, so the footer is searchable.
    assert_eq!(count(&s.index, "\"Harbour Ledger website\""), "4");
    fs::write(s.docs.join("museums.txt"), story("museums")).unwrap();
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0);
    assert!(stderr.contains("1 added, 4 updated, 0 removed, 0 unchanged"), "{stderr}");
    assert_eq!(count(&s.index, "\"Harbour Ledger website\""), "0");
    // Nothing changed since: nothing is cleaned again.
    let (_, stderr) = index(&s, &[]);
    assert!(stderr.contains("0 added, 0 updated, 0 removed, 5 unchanged"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_file_gone_before_it_is_read_and_a_100_mb_file_are_reported_not_fatal() {
    let s = setup(&[("a.txt", &article("parking"))]);
    // A name that leads nowhere: what a file deleted between the listing and the read looks like.
    std::os::unix::fs::symlink(s.docs.join("deleted.txt"), s.docs.join("gone.txt")).unwrap();
    // 100 MB, sparse: refused by its size before a byte is read.
    let big = fs::File::create(s.docs.join("huge.txt")).unwrap();
    big.set_len(100_000_000).unwrap();
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("gone.txt: unreadable"), "{stderr}");
    assert!(stderr.contains("huge.txt: too large (100 MB, the limit is 64 MB"), "{stderr}");
    assert_eq!(ids(&s.index), ["docs/a.txt"]);
}

#[test]
fn one_bad_byte_in_utf8_is_replaced_and_the_article_reads_as_written() {
    let seed =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_e6c5c0a6c5537778.txt")).unwrap();
    let middle = seed.len() / 2 + seed[seed.len() / 2..].iter().position(|&b| b == b' ').unwrap();
    let mut damaged = seed[..middle].to_vec();
    damaged.push(0xa0);
    damaged.extend(&seed[middle..]);
    let s = setup(&[]);
    fs::write(s.docs.join("000.txt"), damaged).unwrap();
    let (code, stderr) = index(&s, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("000.txt: 1 malformed byte sequence(s) replaced"), "{stderr}");
    assert_eq!(count(&s.index, "dividends"), "1");
    let shown = corpus().arg("--index").arg(&s.index).args(["show", "000.txt"]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("dividends—or") && !shown.contains("â€"), "dashes and quotes stay, no mojibake");
}

#[test]
fn utf16_without_a_bom_and_a_stray_nul_are_read() {
    let text = "Tram news\n\nThe new tram line to the airport opens in May, officials said on Tuesday.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.replace("Tram", "Ferry").encode_utf16().flat_map(u16::to_be_bytes).collect();
    let with_nul = article("parking").replace("next year.", "next year.\0");
    let s = setup(&[("nul.txt", &with_nul)]);
    fs::write(s.docs.join("le.txt"), le).unwrap();
    fs::write(s.docs.join("be.txt"), be).unwrap();
    let (code, stderr) = index(&s, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ids(&s.index), ["docs/be.txt", "docs/le.txt", "docs/nul.txt"]);
    assert_eq!(count(&s.index, "airport"), "2");
    assert_eq!(count(&s.index, "parking"), "1");
}

#[test]
fn a_damaged_store_is_named_with_its_remedy_never_a_panic() {
    let s = setup(&[("a.txt", &article("parking")), ("b.txt", &article("bridges"))]);
    assert_eq!(index(&s, &[]).0, 0);
    let store = fs::read_dir(live(&s.index))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let mut bytes = fs::read(&store).unwrap();
    let len = bytes.len();
    for byte in &mut bytes[len / 3..] {
        *byte ^= 0x5a;
    }
    fs::write(&store, bytes).unwrap();
    let name = store.file_name().unwrap().to_string_lossy().into_owned();
    for args in
        [&["search", "council", "--count"][..], &["search", "council", "--json"], &["list"], &["index"]]
    {
        let out = corpus().arg("--index").arg(&s.index).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&name) && stderr.contains("corpus index --full"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let out = corpus().arg("--index").arg(&s.index).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("{name} fails its checksum")));
    // The remedy works: the sources are still known, and --full rebuilds from them.
    assert_eq!(index(&s, &["--full"]).0, 0);
    assert_eq!(count(&s.index, "council"), "2");
    let out = corpus().arg("--index").arg(&s.index).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn deeply_nested_queries_get_a_message_and_long_ones_still_run() {
    let s = setup(&[("a.txt", &article("parking"))]);
    assert_eq!(index(&s, &[]).0, 0);
    let parens = format!("{}parking{}", "(".repeat(5000), ")".repeat(5000));
    let nots = format!("{}parking", "NOT ".repeat(1000));
    for query in [parens.as_str(), nots.as_str()] {
        let out =
            corpus().arg("--index").arg(&s.index).args(["search", "--count", "--", query]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("levels deep"), "{stderr}");
    }
    // Four hundred words are not deep: the query runs.
    let long = format!("parking {}", "council budget spring ".repeat(133));
    let out = corpus().arg("--index").arg(&s.index).args(["search", "--count", &long]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_a_dumb_terminal_and_a_fifo_get_clear_answers() {
    let s = setup(&[("a.txt", &article("parking"))]);
    assert_eq!(index(&s, &[]).0, 0);
    let bin = assert_cmd::cargo::cargo_bin("corpus");
    let index = s.index.display().to_string();
    // `>&-`: stdout closed by the shell. `> /dev/null` is still a place to print to.
    let sh = |redirect: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("'{}' --index '{index}' search parking {redirect}", bin.display()))
            .output()
            .unwrap()
    };
    let closed = sh(">&-");
    assert_eq!(closed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output is closed"));
    assert_eq!(sh("> /dev/null").status.code(), Some(0));
    assert_eq!(sh("1<> /dev/null").status.code(), Some(0), "opened read-write, as Python's DEVNULL is");

    // On a terminal, colour unless TERM says the terminal is dumb (`script` gives a pty).
    let on_terminal = |term: &str| {
        let out = std::process::Command::new("script")
            .args(["-qec", &format!("'{}' --index '{index}' search parking", bin.display()), "/dev/null"])
            .env("TERM", term)
            .env_remove("NO_COLOR")
            .output()
            .expect("script, from util-linux, gives the test a terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(on_terminal("xterm").contains("\x1b["), "a terminal gets colour");
    assert!(!on_terminal("dumb").contains("\x1b["), "a dumb terminal gets none");

    let fifo = s.docs.join("pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = corpus().args(["clean"]).arg(&fifo).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pipe.txt: unreadable: not a regular file"), "{stderr}");
}

#[test]
fn ids_and_count_read_no_stored_article() {
    let s = setup(&[("a.txt", &article("parking")), ("b.txt", &article("bridges"))]);
    assert_eq!(index(&s, &[]).0, 0);
    // Scramble the stored articles, leaving the store's footer whole: any read of a stored
    // article now fails, and what does not read one still works.
    for entry in fs::read_dir(live(&s.index)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "store") {
            let mut bytes = fs::read(&path).unwrap();
            let end = bytes.len().saturating_sub(200);
            for byte in &mut bytes[..end] {
                *byte ^= 0xa5;
            }
            fs::write(&path, bytes).unwrap();
        }
    }
    let shown = corpus().arg("--index").arg(&s.index).args(["search", "council"]).output().unwrap();
    assert_eq!(shown.status.code(), Some(2), "a search with snippets reads the store");
    let ids = corpus().arg("--index").arg(&s.index).args(["search", "--ids", "council"]).output().unwrap();
    assert_eq!(ids.status.code(), Some(0), "{}", String::from_utf8_lossy(&ids.stderr));
    assert_eq!(String::from_utf8_lossy(&ids.stdout).lines().count(), 2);
    assert_eq!(count(&s.index, "council"), "2");
}

#[test]
fn a_damaged_corpus_json_or_an_index_path_that_is_a_file_get_clear_messages() {
    let s = setup(&[("a.txt", &article("parking"))]);
    assert_eq!(index(&s, &[]).0, 0);
    fs::write(s.index.join("corpus.json"), b"{\"schema_version\": \xff\xfe}").unwrap();
    let out = corpus().arg("--index").arg(&s.index).args(["search", "parking"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("corpus.json is damaged") && stderr.contains("--full"), "{stderr}");
    assert!(!stderr.contains("Error(") && !stderr.contains("{ "), "no raw Debug text: {stderr}");
    // The remedy it names works.
    assert_eq!(index(&s, &["--full"]).0, 0);
    assert_eq!(count(&s.index, "parking"), "1");

    let file = s.docs.join("a.txt");
    let out = corpus().arg("--index").arg(&file).args(["search", "parking"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("is a file, not an index folder"), "{stderr}");
}
