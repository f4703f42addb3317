//! `corpus serve` end to end: the real binary on 127.0.0.1 with port 0, spoken to over
//! real HTTP (a small client over `TcpStream`, below), with the security checks the issue
//! lists. Every test indexes into a temporary directory.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::process;
use common::served::Served;
use serde_json::Value;
use tempfile::TempDir;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn index(index: &Path, args: &[&Path]) {
    let out = process().arg("--index").arg(index).arg("index").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn indexed_seeds() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    index(dir.path(), &[&seeds()]);
    dir
}

impl Served {
    fn host(&self) -> String {
        self.address.to_string()
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target, &[], b"")
    }

    fn json(&self, target: &str) -> Value {
        let response = self.get(target);
        assert_eq!(response.status, 200, "{target}: {}", response.text());
        response.json()
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        raw(self.address, &bytes)
    }
}

/// A reply as the client read it.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.text()))
    }

    /// An error reply: its status, and `{"message", "code"}`.
    fn problem(&self) -> (u16, String) {
        let body = self.json();
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
        (self.status, body["code"].as_str().unwrap().to_string())
    }
}

/// Sends `bytes` and reads the reply to the end of the connection.
fn raw(address: SocketAddr, bytes: &[u8]) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.write_all(bytes).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    parse(&reply)
}

fn parse(reply: &[u8]) -> Response {
    let end = reply.windows(4).position(|w| w == b"\r\n\r\n").expect("no end of headers");
    let head = String::from_utf8_lossy(&reply[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = reply[end + 4..].to_vec();
    let chunked =
        headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

/// The text of segments `[[text, is_match], ...]`, with the matches in brackets.
fn marked(segments: &Value) -> String {
    segments
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = s[0].as_str().unwrap();
            if s[1].as_bool().unwrap() {
                format!("[{text}]")
            } else {
                text.to_string()
            }
        })
        .collect()
}

#[test]
fn a_search_over_http_gives_the_cli_hits_with_highlight_segments_and_facets() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let reply = server.get("/api/search?q=proprietary+flagship&facets=site,lang,year&limit=5");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["query"], "proprietary flagship");
    assert_eq!(body["estimatedTotalHits"], 2);
    assert_eq!((body["offset"].as_u64(), body["limit"].as_u64()), (Some(0), Some(5)));
    assert_eq!(body["fallback"], false);
    assert!(body["processingTimeMs"].as_f64().is_some());
    assert_eq!(body["facetDistribution"]["lang"]["eng"], 2, "{}", body["facetDistribution"]);
    assert!(body["facetDistribution"]["year"].is_object());
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let first = &hits[0];
    let id = first["id"].as_str().unwrap();
    assert!(id.starts_with("seeds/000_") || id.starts_with("seeds/001_"), "{id}");
    // The CLI's hit: the same fields as `corpus search --json`, plus segments.
    let cli = process()
        .arg("--index")
        .arg(index.path())
        .args(["search", "--json", "-n", "1", "proprietary flagship"])
        .output()
        .unwrap();
    let cli_hit: Value =
        serde_json::from_str(String::from_utf8(cli.stdout).unwrap().lines().next().unwrap()).unwrap();
    for field in ["rank", "score", "id", "title", "title_highlights", "lang", "site", "author", "date"] {
        assert_eq!(first[field], cli_hit[field], "{field}");
    }
    let all_marked: String = first["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = f["text"].as_str().unwrap();
            let joined: String =
                f["segments"].as_array().unwrap().iter().map(|s| s[0].as_str().unwrap()).collect();
            assert_eq!(joined, text, "segments join back into the fragment");
            marked(&f["segments"]).to_lowercase()
        })
        .collect();
    assert!(all_marked.contains("[proprietary]") && all_marked.contains("[flagship]"), "{all_marked}");
    assert!(first["title_segments"].is_array());
    // Security headers, and no CORS.
    assert!(reply.header("Content-Security-Policy").is_some_and(|csp| csp.contains("default-src 'none'")));
    assert_eq!(reply.header("Referrer-Policy"), Some("no-referrer"));
    assert!(reply.headers.iter().all(|(n, _)| !n.to_ascii_lowercase().starts_with("access-control-")));
}

#[test]
fn post_takes_the_same_search_as_json_and_filters_and_sorts_and_pages() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let get = server.json("/api/search?q=meta&limit=2&offset=1&sort=date");
    let body = br#"{"q":"meta","limit":2,"offset":1,"sort":"date"}"#;
    let post = server.request("POST", "/api/search", &[("Content-Type", "application/json")], body);
    assert_eq!(post.status, 200, "{}", post.text());
    let post = post.json();
    let ids = |v: &Value| v["hits"].as_array().unwrap().iter().map(|h| h["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&get), ids(&post));
    assert_eq!(ids(&get).len(), 2);
    assert_eq!(get["estimatedTotalHits"], 5);
    assert_eq!(get["hits"][0]["rank"], 2, "offset 1: the first hit shown is the second");
    assert_eq!(get["hits"][0]["score"], Value::Null, "sorted by date: no score");
    // A site filter: one article is from Happycapy Guide.
    let site = server.json("/api/search?q=meta&site=happycapy");
    assert_eq!(site["estimatedTotalHits"], 1);
    assert_eq!(site["hits"][0]["site"], "Happycapy Guide");
    let dated = server.json("/api/search?q=meta&since=2026-01-01&until=2026-12-31");
    assert_eq!(dated["estimatedTotalHits"], 1);
}

#[test]
fn a_query_problem_is_a_warning_with_its_position_and_a_bad_filter_a_400() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let body = server.json("/api/search?q=%22open+source");
    let warnings = body["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty(), "{body}");
    assert!(warnings.iter().any(|w| w.as_str().unwrap().chars().any(|c| c.is_ascii_digit())), "{warnings:?}");
    let (status, code) = server.get("/api/search?q=meta&since=yesterday").problem();
    assert_eq!((status, code.as_str()), (400, "invalid_search"));
    let (status, _) = server.get("/api/search?q=meta&lang=klingon").problem();
    assert_eq!(status, 400);
    // No words: no hits, not an error (the page asks so when it opens).
    let empty = server.json("/api/search?q=");
    assert_eq!(empty["estimatedTotalHits"], 0);
}

#[test]
fn an_article_by_its_encoded_id_has_what_show_json_has_and_the_removed_lines_and_fragments() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let ids = process().arg("--index").arg(index.path()).args(["search", "--ids", "meta"]).output().unwrap();
    let ids = String::from_utf8(ids.stdout).unwrap();
    let id_004 = ids.lines().find(|id| id.starts_with("seeds/004_")).unwrap();
    let article = server.json(&format!("/api/articles/{}?q=open+source", id_004.replace('/', "%2F")));
    let show = process().arg("--index").arg(index.path()).args(["show", "--json", id_004]).output().unwrap();
    let show: Value = serde_json::from_slice(&show.stdout).unwrap();
    for (field, value) in show.as_object().unwrap() {
        assert_eq!(&article[field], value, "{field}");
    }
    // show --json gives the removed lines and fragments as clean --json does, over the same folder.
    let cleaned = process().arg("clean").arg("--json").arg(seeds()).output().unwrap();
    let cleaned: Vec<Value> = String::from_utf8(cleaned.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (name, id) in [("004", id_004), ("000", ids.lines().find(|id| id.starts_with("seeds/000_")).unwrap())]
    {
        let clean = cleaned.iter().find(|c| c["id"].as_str().unwrap().starts_with(name)).unwrap();
        let show = process().arg("--index").arg(index.path()).args(["show", "--json", id]).output().unwrap();
        let show: Value = serde_json::from_slice(&show.stdout).unwrap();
        assert_eq!(show["removed"], clean["removed"], "{name}");
        assert_eq!(show["fragments"], clean["fragments"], "{name}");
    }
    let removed = article["removed"].as_array().unwrap();
    let reason_of = |line: u64| removed.iter().find(|r| r["line"] == line).map(|r| r["reason"].clone());
    assert_eq!(reason_of(1), Some("affiliate".into()));
    assert_eq!(reason_of(54), Some("newsletter".into()));
    assert!(article["raw"].as_str().unwrap().lines().count() >= 55);
    let body = marked(&article["body_segments"]).to_lowercase();
    assert!(body.contains("[open]") && body.contains("[source]"), "{}", &body[..300.min(body.len())]);
    // The Korean footer of 000, by the end of its id alone.
    let id_000 = ids.lines().find(|id| id.starts_with("seeds/000_")).unwrap();
    let file_name = id_000.trim_start_matches("seeds/");
    let article = server.json(&format!("/api/articles/{file_name}"));
    assert_eq!(article["id"], id_000);
    let langs: Vec<&str> =
        article["fragments"].as_array().unwrap().iter().map(|f| f["lang"].as_str().unwrap()).collect();
    assert!(!langs.is_empty() && langs.iter().all(|l| *l == "kor"), "{langs:?}");
    let (status, code) = server.get("/api/articles/seeds%2Fnone.txt").problem();
    assert_eq!((status, code.as_str()), (404, "document_not_found"));
}

#[test]
fn an_article_is_found_by_any_unique_end_of_its_id_and_an_ambiguous_end_is_a_409() {
    let dir = tempfile::tempdir().unwrap();
    let folder = |name: &str, files: &[(&str, &str)]| {
        let root = dir.path().join(name);
        for (file, topic) in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, common::article(topic)).unwrap();
        }
        root
    };
    let news = folder("news", &[("2026/a.txt", "parking"), ("b.txt", "bridges")]);
    let wire = folder("wire", &[("b.txt", "tunnels")]);
    let idx = dir.path().join("idx");
    index(&idx, &[&news, &wire]);
    let server = Served::start(&idx, &[]);
    for end in ["news%2F2026%2Fa.txt", "2026%2Fa.txt", "a.txt"] {
        assert_eq!(server.json(&format!("/api/articles/{end}"))["id"], "news/2026/a.txt", "{end}");
    }
    let reply = server.get("/api/articles/b.txt");
    assert_eq!(reply.problem(), (409, "ambiguous_id".to_string()));
    let message = reply.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains("news/b.txt") && message.contains("wire/b.txt"), "{message}");
    let (status, code) = server.get("/api/articles/s%2Fb.txt").problem();
    assert_eq!((status, code.as_str()), (404, "document_not_found"), "a part of a name is not an end");
}

#[test]
fn stats_health_the_page_and_unknown_paths() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let stats = server.json("/api/stats");
    assert_eq!(stats["articles"], 5);
    assert_eq!(stats["languages"][0], serde_json::json!(["eng", 5]));
    assert_eq!(server.json("/health")["status"], "available");
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("Content-Type").unwrap().starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("<script src=\"/app.js\"") && !html.contains("<script>"), "no inline script");
    assert!(!html.contains("http://") && !html.contains("https://"), "nothing fetched from elsewhere");
    assert_eq!(server.get("/app.js").status, 200);
    assert_eq!(server.get("/app.css").status, 200);
    for path in ["/nothing", "/api/nothing", "/api", "/index.html"] {
        let (status, code) = server.get(path).problem();
        assert_eq!((status, code.as_str()), (404, "not_found"), "{path}");
    }
    // Read-only: nothing but GET and HEAD (and POST for a search) is answered.
    for (method, path) in
        [("PUT", "/api/search"), ("DELETE", "/api/articles/x"), ("POST", "/api/stats"), ("POST", "/")]
    {
        let reply = server.request(method, path, &[], b"");
        assert_eq!(reply.status, 405, "{method} {path}");
        assert!(reply.header("Allow").is_some());
    }
}

#[test]
fn a_foreign_host_is_refused_and_loopback_names_with_the_port_are_not() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let port = server.address.port();
    for host in ["evil.example", &format!("evil.example:{port}"), &format!("127.0.0.1:{}", port + 1), ""] {
        let reply = server.request("GET", "/api/stats", &[("Host", host)], b"");
        assert_eq!(reply.problem(), (403, "invalid_host".to_string()), "{host:?}");
        let page = server.request("GET", "/", &[("Host", host)], b"");
        assert_eq!(page.status, 403, "the page too, for {host:?}");
    }
    // No Host at all (HTTP/1.0).
    let reply = raw(server.address, b"GET /api/stats HTTP/1.0\r\n\r\n");
    assert_eq!(reply.status, 403);
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        let reply = server.request("GET", "/api/stats", &[("Host", &host)], b"");
        assert_eq!(reply.status, 200, "{host}");
    }
}

#[test]
fn a_path_traversal_id_is_looked_up_in_the_index_and_never_read_from_disk() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    // corpus.json is in the index folder, the seeds beside the index: neither is served.
    let file = seeds().read_dir().unwrap().next().unwrap().unwrap().path();
    let absolute = file.display().to_string().replace('/', "%2F");
    for target in [
        "/api/articles/..%2F..%2F..%2F..%2Fetc%2Fpasswd".to_string(),
        "/api/articles/../../../../etc/passwd".to_string(),
        "/api/articles/%2E%2E%2Fcorpus.json".to_string(),
        "/api/articles/corpus.json".to_string(),
        format!("/api/articles/{absolute}"),
        "/../../../../etc/passwd".to_string(),
        "/..%2F..%2Fetc%2Fpasswd".to_string(),
    ] {
        let reply = server.get(&target);
        assert_eq!(reply.status, 404, "{target}: {}", reply.text());
        let text = reply.text();
        assert!(!text.contains("root:") && !text.contains("schema_version"), "{target}: {text}");
    }
    let (status, code) = server.get("/api/articles/%zz").problem();
    assert_eq!((status, code.as_str()), (400, "invalid_id"));
}

#[test]
fn oversized_queries_limits_and_bodies_and_malformed_bodies_get_4xx_and_the_server_goes_on() {
    let index = indexed_seeds();
    let server = Served::start(index.path(), &[]);
    let long_q = format!("/api/search?q={}", "a".repeat(2_001));
    assert_eq!(server.get(&long_q).problem(), (400, "invalid_search_q".to_string()));
    let very_long = format!("/api/search?q={}", "a".repeat(100_000));
    assert_eq!(server.get(&very_long).problem().0, 414);
    assert_eq!(
        server.get("/api/search?q=meta&limit=101").problem(),
        (400, "invalid_search_limit".to_string())
    );
    assert_eq!(server.get("/api/search?q=meta&limit=18446744073709551616").problem().0, 400);
    assert_eq!(
        server.get("/api/search?q=meta&offset=9990&limit=20").problem(),
        (400, "invalid_search_offset".to_string())
    );
    assert_eq!(server.get("/api/search?q=meta&limt=1").problem(), (400, "unknown_parameter".to_string()));
    let json = [("Content-Type", "application/json")];
    for body in [&b"{\"q\":"[..], b"not json", b"[]", b"{\"q\":1}", b"{\"limit\":-1}", b"\xff\xfe"] {
        let reply = server.request("POST", "/api/search", &json, body);
        assert_eq!(
            reply.problem(),
            (400, "malformed_payload".to_string()),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let big = format!("{{\"q\":\"{}\"}}", "a".repeat(20_000));
    assert_eq!(server.request("POST", "/api/search", &json, big.as_bytes()).problem().0, 413);
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    assert_eq!(server.request("POST", "/api/search", &form, b"q=meta").problem().0, 415);
    // A query nested far too deep: refused with a message, not a crashed server.
    let deep = format!("/api/search?q={}meta{}", "%28".repeat(500), "%29".repeat(500));
    assert_eq!(server.get(&deep).problem().0, 400);
    let deep_article = format!("/api/articles/000_e6c5c0a6c5537778.txt?q={}", "-".repeat(1_000));
    assert_eq!(server.get(&deep_article).status, 200);
    // Garbage on the wire, and a client that leaves halfway.
    for bytes in [
        &b"\x00\x01\x02\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /api/search?q=meta HTTP/1.1\r\nHost: x",
    ] {
        let mut stream = TcpStream::connect(server.address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let _ = stream.write_all(bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    }
    assert_eq!(server.json("/api/search?q=meta")["estimatedTotalHits"], 5, "still serving");
}

#[test]
fn an_article_holding_markup_is_sent_as_json_text() {
    let folder = tempfile::tempdir().unwrap();
    let news = folder.path().join("news");
    std::fs::create_dir(&news).unwrap();
    let title = "Attack <script>alert('title')</script> on the parser";
    let body = "The payload <img src=x onerror=alert(1)> and <script>alert('body')</script> were found in a comment field by researchers.";
    std::fs::write(news.join("xss.txt"), format!("{title}\n\n{body}\n")).unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    index(index_dir.path(), &[&news]);
    let server = Served::start(index_dir.path(), &[]);
    let reply = server.get("/api/search?q=payload");
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
    let hit = &reply.json()["hits"][0];
    assert!(hit["title"].as_str().unwrap().contains("<script>alert('title')</script>"), "{hit}");
    let article = server.json("/api/articles/news%2Fxss.txt");
    assert!(article["body"].as_str().unwrap().contains("<script>alert('body')</script>"));
}

#[test]
fn off_loopback_needs_a_token_and_then_every_api_request_carries_it() {
    let index = indexed_seeds();
    let refused =
        process().arg("--index").arg(index.path()).args(["serve", "--bind", "0.0.0.0:0"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--token"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let server = Served::start(index.path(), &["--token", "s3cret-token"]);
    assert_eq!(server.get("/api/stats").problem(), (401, "missing_authorization_header".to_string()));
    let wrong = server.request("GET", "/api/stats", &[("Authorization", "Bearer guess")], b"");
    assert_eq!(wrong.problem(), (403, "invalid_api_key".to_string()));
    let right = server.request("GET", "/api/search?q=meta", &[("Authorization", "Bearer s3cret-token")], b"");
    assert_eq!(right.status, 200);
    // The page holds no data; it asks for the token itself.
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn a_commit_a_new_source_and_a_full_rebuild_show_up_without_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let (first, second) = (folder.path().join("first"), folder.path().join("second"));
    std::fs::create_dir(&first).unwrap();
    std::fs::create_dir(&second).unwrap();
    let story = |word: &str| {
        format!("A report on {word}\n\nThe committee published its findings on {word} after a long review of the evidence.\n")
    };
    std::fs::write(first.join("a.txt"), story("lighthouses")).unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    index(index_dir.path(), &[&first]);
    let server = Served::start(index_dir.path(), &[]);
    let total =
        |word: &str| server.json(&format!("/api/search?q={word}"))["estimatedTotalHits"].as_u64().unwrap();
    assert_eq!(total("lighthouses"), 1);
    assert_eq!(total("windmills"), 0);
    // Waits for the server to see a change; the time is printed, the benchmark measures it.
    let wait_for = |what: &str, seen: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !seen() {
            assert!(start.elapsed() < Duration::from_secs(120), "{what}: never seen");
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("{what}: seen after {:?}", start.elapsed());
    };
    // A commit to the live generation: a new source.
    std::fs::write(second.join("b.txt"), story("windmills")).unwrap();
    index(index_dir.path(), &[&second]);
    wait_for("a commit", &|| total("windmills") == 1);
    // A rebuild in a new generation, swapped in by corpus.json.
    let generation = || {
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(index_dir.path().join("corpus.json")).unwrap()).unwrap();
        manifest["generation"].as_str().unwrap().to_string()
    };
    let before = generation();
    std::fs::write(first.join("c.txt"), story("canals")).unwrap();
    let out = process().arg("--index").arg(index_dir.path()).args(["index", "--full"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_ne!(generation(), before, "--full built a new generation");
    wait_for("a --full rebuild", &|| total("canals") == 1);
    assert_eq!((total("lighthouses"), total("windmills")), (1, 1));
    // A removal commits too.
    let out = process().arg("--index").arg(index_dir.path()).args(["remove", "second"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    wait_for("a removal", &|| total("windmills") == 0);
}

#[test]
fn ctrl_c_stops_the_server_cleanly_and_a_port_in_use_is_an_error() {
    let index = indexed_seeds();
    let mut server = Served::start(index.path(), &[]);
    assert_eq!(server.get("/health").status, 200);
    let port = server.address.port().to_string();
    let busy = process()
        .arg("--index")
        .arg(index.path())
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(busy.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("cannot listen"),
        "{}",
        String::from_utf8_lossy(&busy.stderr)
    );
    let interrupted = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", server.stderr.lock().unwrap());
    // The reader thread may still be collecting the last lines.
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.stderr.lock().unwrap().contains("stopped"));
}

#[test]
fn a_missing_index_is_said_before_listening() {
    let empty = tempfile::tempdir().unwrap();
    let out = process()
        .arg("--index")
        .arg(empty.path().join("none"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("corpus index"));
}

#[test]
fn running_out_of_file_descriptors_stops_connections_for_a_moment_not_the_server() {
    let index = indexed_seeds();
    // A limit of 40 open files (soft and hard, so the server cannot raise it), then 60
    // connections held open: tiny_http runs out of descriptors while accepting.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 40 && exec \"$0\" --index \"$1\" serve --bind 127.0.0.1:0")
        .arg(env!("CARGO_BIN_EXE_corpus"))
        .arg(index.path())
        .env_remove("CORPUS_INDEX")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    let child = Stopped(child);
    let address: SocketAddr = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let rest = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&rest);
    std::thread::spawn(move || {
        for line in lines.lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&line);
        }
    });
    let held: Vec<TcpStream> = (0..60).filter_map(|_| TcpStream::connect(address).ok()).collect();
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    // Then it serves again, on the same address.
    let start = Instant::now();
    let health = loop {
        let reply = TcpStream::connect(address).ok().and_then(|mut stream| {
            stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
            let request = format!("GET /health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).ok()?;
            let mut bytes = Vec::new();
            stream.read_to_end(&mut bytes).ok()?;
            (!bytes.is_empty()).then(|| parse(&bytes))
        });
        if let Some(reply) = reply.filter(|r| r.status == 200) {
            break reply;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "never served again: {}", rest.lock().unwrap());
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(health.json()["status"], "available");
    eprintln!("served again after {:?}: {}", start.elapsed(), rest.lock().unwrap());
    drop(child);
}

/// A child process killed when the test ends, pass or fail.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
