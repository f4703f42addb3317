//! The index as a set of sources, and the ordinary mistakes that must not lose data: an
//! empty, missing or unreadable folder, a second folder, `--full` in the wrong place, an
//! option out of range, a run killed at any moment. Each test reproduces the user's
//! situation with the real binary in a temporary folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{article, corpus, word};
use tempfile::TempDir;

/// A temporary place with an index folder `idx` and article folders made on demand.
struct Place {
    tmp: TempDir,
}

impl Place {
    fn new() -> Place {
        Place { tmp: tempfile::tempdir().unwrap() }
    }

    fn index(&self) -> PathBuf {
        self.tmp.path().join("idx")
    }

    /// Writes `files` (name, text) under the folder `dir`, made if needed; returns it.
    fn folder(&self, dir: &str, files: &[(&str, &str)]) -> PathBuf {
        let root = self.tmp.path().join(dir);
        fs::create_dir_all(&root).unwrap();
        for (name, text) in files {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        root
    }

    fn run(&self, args: &[&str]) -> Output {
        corpus().arg("--index").arg(self.index()).args(args).output().unwrap()
    }

    /// `corpus index` over `folders` with `extra` flags: (exit code, stderr).
    fn index_folders(&self, folders: &[&Path], extra: &[&str]) -> (i32, String) {
        let out = corpus()
            .arg("--index")
            .arg(self.index())
            .arg("index")
            .args(folders)
            .args(extra)
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    fn ids(&self) -> Vec<String> {
        let out = self.run(&["list"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect()
    }

    fn count(&self, query: &str) -> usize {
        let out = self.run(&["search", query, "--count"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        walk(dir).into_iter().map(|p| (p.clone(), fs::read(&p).unwrap())).collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn full_never_deletes_a_file_corpus_did_not_write() {
    let p = Place::new();
    let seeds = p.folder("seeds", &[("a.txt", &article("parking"))]);
    let foreign = p.folder(
        "p",
        &[
            ("meta.json", "{}"),
            ("movie.idx", "film"),
            ("app.store", "app"),
            ("notes.txt", "k"),
            ("x.del", "d"),
        ],
    );
    let before = snapshot(&foreign);
    for extra in [&["--full"][..], &[]] {
        let out =
            corpus().arg("--index").arg(&foreign).arg("index").arg(&seeds).args(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("did not write"), "{}", stderr(&out));
        assert_eq!(snapshot(&foreign), before, "nothing deleted, changed or added");
    }
    let out = corpus().arg("--index").arg(&foreign).args(["search", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(&foreign), before);
}

#[test]
fn an_emptied_or_missing_source_keeps_its_articles_and_says_how_to_remove_it() {
    let p = Place::new();
    let news = p.folder("news", &[("a.txt", &article("parking")), ("b.txt", &article("bridges"))]);
    let wire = p.folder("wire", &[("c.txt", &article("tunnels"))]);
    assert_eq!(p.index_folders(&[&news, &wire], &[]).0, 0);
    // An unmounted drive: the folder is there, and empty.
    let aside = p.tmp.path().join("aside");
    fs::rename(&news, &aside).unwrap();
    fs::create_dir(&news).unwrap();
    for folders in [vec![news.as_path()], vec![]] {
        let (code, err) = p.index_folders(&folders, &[]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("source news") && err.contains("corpus remove news"), "{err}");
        assert_eq!(p.ids(), ["news/a.txt", "news/b.txt", "wire/c.txt"], "nothing removed");
    }
    let sources = String::from_utf8_lossy(&p.run(&["sources"]).stdout).into_owned();
    assert!(sources.lines().any(|l| l.starts_with("news\t2\t") && l.contains("unavailable")), "{sources}");
    // Gone altogether: the same.
    fs::remove_dir(&news).unwrap();
    let (code, err) = p.index_folders(&[], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing"), "{err}");
    assert_eq!(p.count("council"), 3);
    // --full refuses rather than rebuild without them.
    let (code, err) = p.index_folders(&[], &["--full"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(p.count("council"), 3);
    // Back again: indexed as before, and the source is whole.
    fs::rename(&aside, &news).unwrap();
    let (code, err) = p.index_folders(&[], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 removed"), "{err}");
    // Removing it is an explicit act.
    let out = p.run(&["remove", "news"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.ids(), ["wire/c.txt"]);
    let sources = String::from_utf8_lossy(&p.run(&["sources"]).stdout).into_owned();
    assert!(!sources.contains("news"), "{sources}");
    let out = p.run(&["remove", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a source"), "{}", stderr(&out));
}

#[test]
fn a_subfolder_read_and_emptied_loses_its_articles_like_any_vanished_file() {
    let p = Place::new();
    let news =
        p.folder("news", &[("march/a.txt", &article("parking")), ("april/b.txt", &article("bridges"))]);
    assert_eq!(p.index_folders(&[&news], &[]).0, 0);
    fs::remove_file(news.join("march/a.txt")).unwrap();
    let (code, err) = p.index_folders(&[], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(p.ids(), ["news/april/b.txt"]);
    fs::remove_dir_all(news.join("april")).unwrap();
    fs::write(news.join("c.txt"), article("tunnels")).unwrap();
    assert_eq!(p.index_folders(&[], &[]).0, 0);
    assert_eq!(p.ids(), ["news/c.txt"]);
}

/// Runs corpus as the user `nobody`, for whom `chmod 000` means something (root reads
/// anything). Needs setpriv, from util-linux, which every Debian has.
#[cfg(unix)]
fn as_nobody(place: &Place) -> std::process::Command {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(place.tmp.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = if is_root() {
        assert!(Path::new("/usr/bin/setpriv").exists(), "this test runs as root and needs /usr/bin/setpriv");
        let mut cmd = std::process::Command::new("/usr/bin/setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("corpus"));
        cmd
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("corpus"))
    };
    cmd.env_remove("CORPUS_INDEX").arg("--index").arg(place.index());
    cmd
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// Gives `path` and everything under it to `nobody` (when running as root).
#[cfg(unix)]
fn give_to_nobody(path: &Path) {
    if is_root() {
        let status =
            std::process::Command::new("chown").args(["-R", "65534:65534"]).arg(path).status().unwrap();
        assert!(status.success());
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_keeps_its_articles() {
    use std::os::unix::fs::PermissionsExt;
    let p = Place::new();
    let news = p.folder(
        "news",
        &[
            ("a.txt", &article("parking")),
            ("sub/b.txt", &article("bridges")),
            ("sub/c.txt", &article("tunnels")),
        ],
    );
    fs::create_dir(p.index()).unwrap();
    give_to_nobody(p.tmp.path());
    let out = as_nobody(&p).arg("index").arg(&news).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(p.count("council"), 3);

    // A subfolder that cannot be read: its articles stay, with a warning; exit 2 with --strict.
    fs::set_permissions(news.join("sub"), fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_nobody(&p).arg("index").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("sub") && stderr(&out).contains("unreadable"), "{}", stderr(&out));
    assert_eq!(p.count("council"), 3, "the unreadable subfolder's articles are kept");
    let out = as_nobody(&p).args(["index", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(p.count("council"), 3);

    // The source's folder itself: nothing removed, exit 2 and how to remove it on purpose.
    fs::set_permissions(news.join("sub"), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&news, fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_nobody(&p).arg("index").output().unwrap();
    fs::set_permissions(&news, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("corpus remove news"), "{}", stderr(&out));
    assert_eq!(p.count("council"), 3);
}

#[test]
fn numeric_options_out_of_range_are_refused_before_any_work() {
    let p = Place::new();
    let news = p.folder("news", &[("a.txt", &article("parking"))]);
    assert_eq!(p.index_folders(&[&news], &[]).0, 0);
    for flags in [
        &["--max-file-size", "99999999999999"][..],
        &["--max-file-size", "18446744073710"],
        &["--max-file-size", "0"],
        &["--memory", "100000"],
        &["--memory", "1"],
        &["--threads", "0"],
        &["--threads", "100000"],
    ] {
        let (code, err) = p.index_folders(&[], flags);
        assert_eq!(code, 2, "{flags:?}: {err}");
        assert!(err.contains("is not in"), "{flags:?}: the allowed range is given: {err}");
        assert_eq!(p.ids(), ["news/a.txt"], "{flags:?}: nothing removed");
    }
    for flags in [&["-n", "99999999999"][..], &["--offset", "99999999999"], &["--fragments", "1000"]] {
        let out = p.run(&[&["search", "council"][..], flags].concat());
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert!(stderr(&out).contains("is not in"), "{}", stderr(&out));
    }
}

#[test]
fn folders_are_added_as_sources_and_ids_never_change() {
    let p = Place::new();
    let news = p.folder("news", &[("x.txt", &article("parking")), ("sub/y.txt", &article("bridges"))]);
    let wire = p.folder("wire", &[("x.txt", &article("tunnels"))]);
    assert_eq!(p.index_folders(&[&news], &[]).0, 0);
    assert_eq!(p.ids(), ["news/sub/y.txt", "news/x.txt"]);
    assert_eq!(p.index_folders(&[&wire], &[]).0, 0);
    assert_eq!(p.ids(), ["news/sub/y.txt", "news/x.txt", "wire/x.txt"], "added, and no id changed");
    // No folder: every source brought up to date.
    fs::write(news.join("z.txt"), article("libraries")).unwrap();
    fs::write(wire.join("x.txt"), article("museums")).unwrap();
    let (code, err) = p.index_folders(&[], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 added, 1 updated"), "{err}");
    // The same folder twice, or a folder and its subfolder: each file once.
    let (code, err) = p.index_folders(&[&news, &news, &news.join("sub")], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("part of the source news"), "{err}");
    assert_eq!(p.count("council"), 4);
    // --full rebuilds every source and drops none.
    let (code, err) = p.index_folders(&[], &["--full"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(p.ids(), ["news/sub/y.txt", "news/x.txt", "news/z.txt", "wire/x.txt"]);
    // Removing one source leaves the other's ids as they were.
    assert!(p.run(&["remove", "wire"]).status.success());
    assert_eq!(p.ids(), ["news/sub/y.txt", "news/x.txt", "news/z.txt"]);
    let sources = String::from_utf8_lossy(&p.run(&["sources"]).stdout).into_owned();
    assert!(
        sources.lines().any(|l| l.starts_with("news\t3\t") && l.ends_with(&news.display().to_string())),
        "{sources}"
    );
}

#[test]
fn a_source_inside_another_keeps_its_files_and_ids() {
    let p = Place::new();
    let root = p.folder("d", &[("a.txt", &article("parking")), ("sub/b.txt", &article("bridges"))]);
    assert_eq!(p.index_folders(&[&root.join("sub")], &[]).0, 0);
    assert_eq!(p.index_folders(&[&root], &[]).0, 0);
    assert_eq!(p.ids(), ["d/a.txt", "sub/b.txt"], "the inner source keeps its file");
    assert_eq!(p.count("council"), 2);
    // Removing the outer one leaves the inner one whole.
    assert!(p.run(&["remove", "d"]).status.success());
    assert_eq!(p.ids(), ["sub/b.txt"]);
}

#[test]
fn show_takes_any_unique_end_of_an_id() {
    let p = Place::new();
    let news = p.folder("news", &[("2026/a.txt", &article("parking")), ("b.txt", &article("bridges"))]);
    let wire = p.folder("wire", &[("b.txt", &article("tunnels"))]);
    assert_eq!(p.index_folders(&[&news, &wire], &[]).0, 0);
    for id in ["news/2026/a.txt", "2026/a.txt", "a.txt"] {
        let out = p.run(&["show", id]);
        assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("parking"), "{id}");
    }
    let out = p.run(&["show", "b.txt"]);
    assert_eq!(out.status.code(), Some(2), "two articles end so");
    assert!(stderr(&out).contains("news/b.txt") && stderr(&out).contains("wire/b.txt"), "{}", stderr(&out));
    assert_eq!(p.run(&["show", "s/b.txt"]).status.code(), Some(1), "a part of a name is not an end");
}

#[cfg(unix)]
#[test]
fn control_characters_in_names_are_escaped_except_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let p = Place::new();
    let news = p.folder("news", &[]);
    let name = std::ffi::OsStr::from_bytes(b"evil\x1b[2J\nname\t.txt");
    fs::write(
        news.join(name),
        "Title \x1b]0;owned\x07 here\n\nThe council met on Tuesday to discuss the budget for the harbour.\n",
    )
    .unwrap();
    assert_eq!(p.index_folders(&[&news], &[]).0, 0);
    let escaped = "news/evil\\x1b[2J\\nname\\t.txt";
    for args in [&["list"][..], &["search", "--ids", "council"], &["search", "council", "--color", "always"]]
    {
        let out = p.run(args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(escaped), "{args:?}: {text}");
        assert!(
            !text.contains("\x1b[2J") && !text.contains("\x1b]0;") && !text.contains('\x07'),
            "{args:?}: {text:?}"
        );
    }
    let ids = String::from_utf8_lossy(&p.run(&["search", "--ids", "council"]).stdout).into_owned();
    assert_eq!(ids.lines().count(), 1, "one id a line");
    let json = String::from_utf8_lossy(&p.run(&["search", "--json", "council"]).stdout).into_owned();
    let hit: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(hit["id"], "news/evil\x1b[2J\nname\t.txt", "JSON keeps the id exact");
    // The id as printed finds the article.
    let out = p.run(&["show", escaped]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Articles with a made-up word each, enough to keep a run busy for a second or more.
fn many(count: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| (format!("f{:02}/a{i:05}.txt", i % 40), article(&format!("harbour number{i}")).repeat(8)))
        .collect()
}

#[cfg(unix)]
#[test]
fn full_waits_for_a_running_first_index_and_the_first_finishes() {
    let p = Place::new();
    let files = many(4000);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let big = p.folder("big", &refs);
    let seeds = p.folder("seeds", &[("a.txt", &article("parking"))]);
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("corpus"))
        .arg("--index")
        .arg(p.index())
        .arg("index")
        .arg(&big)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !p.index().join("corpus.json").exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the first run never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, err) = p.index_folders(&[&seeds], &["--full"]);
    let finished_already = first.try_wait().unwrap().is_some();
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success(), "the first run finishes: {}", stderr(&out));
    if !finished_already {
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("another \"corpus index\""), "{err}");
    }
    assert_eq!(p.count("harbour"), 4000);
}

/// Kills `corpus index` runs at moments spread over their length; after each, a plain
/// `corpus index` (the same command without --full, or no folder named once the sources
/// are known) must leave exactly the articles on disk.
#[cfg(unix)]
#[test]
fn kill_9_during_first_full_and_remove_runs_then_a_plain_run_finishes_the_job() {
    let files = many(3000);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let bin = assert_cmd::cargo::cargo_bin("corpus");
    // Random moments, spread over a run's length: one in each of four windows. The
    // messages name the moment, so a failure can be replayed.
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.subsec_nanos());
    let jitter = |window: u64| {
        let mixed = u64::from(seed).wrapping_add(window.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        (mixed.wrapping_mul(6_364_136_223_846_793_005) >> 33) % 100
    };
    for (window, start) in [0u64, 50, 250, 650].into_iter().enumerate() {
        let delay_ms = start + jitter(window as u64) * (start / 50 + 1);
        let p = Place::new();
        let big = p.folder("big", &refs);
        let other = p.folder("other", &[("x.txt", &article("parking"))]);
        let kill_after = |args: &[&std::ffi::OsStr]| {
            let mut child = std::process::Command::new(&bin)
                .arg("--index")
                .arg(p.index())
                .args(args)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay_ms));
            child.kill().unwrap();
            child.wait().unwrap();
        };
        // A first run, killed: search answers or says what to do, never "not corpus's".
        kill_after(&["index".as_ref(), big.as_os_str()]);
        let out = p.run(&["search", "harbour", "--count"]);
        assert!(
            !stderr(&out).contains("did not build") && !stderr(&out).contains("another version"),
            "{}",
            stderr(&out)
        );
        // The same command again, without --full, finishes the job.
        let (code, err) = p.index_folders(&[&big], &[]);
        assert_eq!(code, 0, "after a first run killed at {delay_ms} ms: {err}");
        assert_eq!(p.count("harbour"), 3000, "killed at {delay_ms} ms");
        assert_eq!(p.index_folders(&[&other], &[]).0, 0);

        // A rebuild, killed: the old index stays whole; the next plain run is whole too.
        kill_after(&["index".as_ref(), "--full".as_ref()]);
        assert_eq!(p.count("harbour"), 3000, "--full killed at {delay_ms} ms");
        assert_eq!(p.index_folders(&[], &[]).0, 0);
        assert_eq!(p.count("council"), 3001);

        // A removal, killed: afterwards the source is either still there, whole, or gone
        // with all its articles.
        kill_after(&["remove".as_ref(), "other".as_ref()]);
        let (code, err) = p.index_folders(&[], &[]);
        assert_eq!(code, 0, "{err}");
        let sources = String::from_utf8_lossy(&p.run(&["sources"]).stdout).into_owned();
        let expected = if sources.contains("other") { 3001 } else { 3000 };
        assert_eq!(p.count("council"), expected, "remove killed at {delay_ms} ms: {sources}");
        // No generation is left behind.
        let generations =
            fs::read_dir(p.index()).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
        assert_eq!(generations, 1);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_searched() {
    let p = Place::new();
    let news = p.folder("news", &[("a.txt", &article("parking")), ("b.txt", &article("bridges"))]);
    fs::create_dir(p.index()).unwrap();
    give_to_nobody(p.tmp.path());
    let out = as_nobody(&p).arg("index").arg(&news).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Read-only for its owner too, as a read-only mount or a shared copy is.
    let status = std::process::Command::new("chmod").args(["-R", "a-w"]).arg(p.index()).status().unwrap();
    assert!(status.success());
    for args in [
        &["search", "--count", "council"][..],
        &["search", "parking"],
        &["list"],
        &["stats"],
        &["show", "a.txt"],
    ] {
        let out = as_nobody(&p).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let out = as_nobody(&p).args(["search", "--count", "council"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
    let status = std::process::Command::new("chmod").args(["-R", "u+w"]).arg(p.index()).status().unwrap();
    assert!(status.success());
}

/// A real full disk: a 3 MB tmpfs, which root can mount on these machines.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_as_such_keeps_the_index_and_leaves_no_orphans() {
    assert!(is_root(), "this test mounts a small tmpfs, which needs root; run it as root");
    let p = Place::new();
    let disk = p.tmp.path().join("disk");
    fs::create_dir(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&disk)
        .status();
    assert!(
        mounted.is_ok_and(|s| s.success()),
        "mounting a tmpfs failed: this test cannot run its case here"
    );
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&disk);
    let index = disk.join("idx");
    let text = |n: usize| {
        let words: Vec<String> = (0..60).map(|i| word(n * 60 + i)).collect();
        format!("Story {}\n\nThe harbour board said {}.\n", word(n), words.join(" "))
    };
    let small: Vec<(String, String)> = (0..50).map(|n| (format!("s{n}.txt"), text(n))).collect();
    let big: Vec<(String, String)> = (50..6000).map(|n| (format!("b{n}.txt"), text(n))).collect();
    let refs =
        |files: &[(String, String)]| files.iter().map(|(n, t)| (n.clone(), t.clone())).collect::<Vec<_>>();
    let small_dir =
        p.folder("small", &refs(&small).iter().map(|(n, t)| (n.as_str(), t.as_str())).collect::<Vec<_>>());
    let big_dir =
        p.folder("big", &refs(&big).iter().map(|(n, t)| (n.as_str(), t.as_str())).collect::<Vec<_>>());
    let run = |args: &[&std::ffi::OsStr]| corpus().arg("--index").arg(&index).args(args).output().unwrap();
    let out = run(&["index".as_ref(), small_dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&["index".as_ref(), big_dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no space left on device") && stderr(&out).contains("idx"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("killed"), "{}", stderr(&out));
    let out = run(&["search".as_ref(), "--count".as_ref(), "harbour".as_ref()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "50", "the index is as it was");
    // The failed run's files are gone at once, and after the next run too.
    let no_orphans = || {
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(index.join("corpus.json")).unwrap()).unwrap();
        let live = index.join(manifest["generation"].as_str().unwrap());
        let managed: Vec<String> =
            serde_json::from_slice(&fs::read(live.join(".managed.json")).unwrap()).unwrap();
        for entry in fs::read_dir(&live).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                managed.contains(&name)
                    || name.starts_with('.')
                    || name == "meta.json"
                    || name == "corpus-groups.bin",
                "{name} is an orphan"
            );
        }
    };
    no_orphans();
    for (name, _) in &big {
        fs::remove_file(big_dir.join(name)).unwrap();
    }
    let out = run(&["index".as_ref()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    no_orphans();
}

#[test]
fn an_index_of_the_first_layout_is_rebuilt_from_its_folders_by_full() {
    let p = Place::new();
    let news = p.folder("news", &[("a.txt", &article("parking"))]);
    // What an earlier corpus left: tantivy's files in the folder itself, and the folders
    // of its last run in corpus.json.
    let index = p.index();
    fs::create_dir(&index).unwrap();
    let manifest = serde_json::json!({"schema_version": 5, "folders": [news]});
    fs::write(index.join("corpus.json"), manifest.to_string()).unwrap();
    fs::write(index.join(".managed.json"), r#"["abc.store","abc.idx"]"#).unwrap();
    for name in ["meta.json", "abc.store", "abc.idx"] {
        fs::write(index.join(name), "old").unwrap();
    }
    let out = p.run(&["search", "parking"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("another version") && stderr(&out).contains("--full"), "{}", stderr(&out));
    let (code, err) = p.index_folders(&[], &["--full"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(p.ids(), ["news/a.txt"], "the old folders became sources");
    for name in ["meta.json", "abc.store", "abc.idx", ".managed.json"] {
        assert!(!index.join(name).exists(), "{name}: the old layout's files are gone");
    }
}
