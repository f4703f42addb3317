//! The routes: the page, `/health`, and the JSON API under `/api/`. Every request is
//! checked (Host, then token for the API) before it is routed; only GET and HEAD are
//! answered, and POST for a search, which changes nothing either.

use std::io::Read;

use serde::Serialize;
use serde_json::{json, Value};
use tiny_http::{Method, Request};

use super::guard::{self, Hosts};
use super::live::LiveIndex;
use super::params::{SearchParams, MAX_QUERY_BYTES};
use super::reply::{Problem, Reply};
use super::segments::segments;
use super::{marks, page, url};
use crate::groups::Groups;
use crate::index::stats::Stats;
use crate::index::{self, IdMatch, Reader};
use crate::output::json::{self, hit_record};
use crate::search::{self, Collapse, Filters, Request as SearchRequest};

/// The longest request target (path and query string) taken: a query of `MAX_QUERY_BYTES`
/// percent-encoded, with room for the other parameters.
pub const MAX_TARGET_BYTES: usize = 4 * MAX_QUERY_BYTES;
/// The largest POST body taken.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Snippet fragments per hit, as `corpus search` gives by default.
const FRAGMENTS: usize = 2;

/// What every request is answered from.
pub struct State {
    pub live: LiveIndex,
    pub hosts: Hosts,
    pub token: Option<String>,
}

/// The reply to one request.
pub fn answer(state: &State, request: &mut Request) -> Reply {
    route(state, request).unwrap_or_else(|problem| Reply::problem(&problem))
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn route(state: &State, request: &mut Request) -> Result<Reply, Problem> {
    let host = header(request, "Host").unwrap_or("");
    if !state.hosts.accepts(host) {
        return Err(Problem::new(
            403,
            "invalid_host",
            format!("this server does not answer to the host {host:?}: open it by the address it printed"),
        ));
    }
    let target = request.url().to_string();
    if target.len() > MAX_TARGET_BYTES {
        return Err(Problem::new(
            414,
            "uri_too_long",
            format!("the URL is longer than {MAX_TARGET_BYTES} bytes"),
        ));
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let method = request.method().clone();
    let reading = matches!(method, Method::Get | Method::Head);
    if !path.starts_with("/api/") {
        let reply = match path {
            "/" => Some(Reply::asset("text/html; charset=utf-8", page::HTML)),
            "/app.js" => Some(Reply::asset("text/javascript; charset=utf-8", page::SCRIPT)),
            "/app.css" => Some(Reply::asset("text/css; charset=utf-8", page::STYLE)),
            "/health" => Some(Reply::json(&json!({"status": "available"}))),
            _ => None,
        };
        return match reply {
            None => Err(not_found()),
            Some(_) if !reading => Err(not_allowed("GET, HEAD")),
            Some(reply) => Ok(reply),
        };
    }
    if let Some(token) = &state.token {
        match header(request, "Authorization") {
            None => {
                return Err(Problem::new(
                    401,
                    "missing_authorization_header",
                    "this server needs its token: send Authorization: Bearer TOKEN",
                ))
            }
            Some(given) if !guard::bearer_matches(given, token) => {
                return Err(Problem::new(403, "invalid_api_key", "the token is not this server's"))
            }
            Some(_) => {}
        }
    }
    match path {
        "/api/search" if reading => search(state, &SearchParams::from_pairs(&pairs(query)?)?),
        "/api/search" if method == Method::Post => {
            let body = read_body(request)?;
            search(state, &SearchParams::from_json(&body)?)
        }
        "/api/search" => Err(not_allowed("GET, HEAD, POST")),
        "/api/stats" if reading => stats(state),
        "/api/stats" => Err(not_allowed("GET, HEAD")),
        _ => match path.strip_prefix("/api/articles/") {
            Some(id) if reading => article(state, id, &pairs(query)?),
            Some(_) => Err(not_allowed("GET, HEAD")),
            None => Err(not_found()),
        },
    }
}

fn not_found() -> Problem {
    Problem::new(404, "not_found", "no such path: the API is /api/search, /api/articles/ID and /api/stats")
}

fn not_allowed(allow: &'static str) -> Problem {
    let message = format!("this path answers {allow} only: the server changes nothing");
    Problem { allow: Some(allow), ..Problem::new(405, "method_not_allowed", message) }
}

fn pairs(query: &str) -> Result<Vec<(String, String)>, Problem> {
    url::query_pairs(query).map_err(|message| Problem::bad_request("bad_request", message))
}

/// A POST body as JSON, at most `MAX_BODY_BYTES`.
fn read_body(request: &mut Request) -> Result<Vec<u8>, Problem> {
    let json = header(request, "Content-Type").is_some_and(|t| {
        t.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return Err(Problem::new(
            415,
            "invalid_content_type",
            "a search body must be JSON (Content-Type: application/json)",
        ));
    }
    let too_large =
        || Problem::new(413, "payload_too_large", format!("the body is larger than {MAX_BODY_BYTES} bytes"));
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    request.as_reader().take(MAX_BODY_BYTES as u64 + 1).read_to_end(&mut body).map_err(|err| {
        Problem::bad_request("malformed_payload", format!("the body could not be read: {err}"))
    })?;
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

/// A failure of `search()` or the index: the request's fault unless the index or the disk failed.
fn failure(err: anyhow::Error) -> Problem {
    let ours = err.chain().any(|cause| cause.is::<tantivy::TantivyError>() || cause.is::<std::io::Error>());
    if ours {
        Problem::new(500, "internal", format!("{err:#}"))
    } else {
        Problem::bad_request("invalid_search", format!("{err:#}"))
    }
}

fn search(state: &State, params: &SearchParams) -> Result<Reply, Problem> {
    let q = crate::ingest::nfc(params.q.clone());
    let mut reply = json!({
        "query": params.q,
        "hits": [],
        "estimatedTotalHits": 0,
        "offset": params.offset,
        "limit": params.limit,
        "processingTimeMs": 0,
        "fallback": false,
        "warnings": [],
    });
    // No words, no search: the page asks with an empty box when it opens.
    if q.trim().is_empty() {
        if !params.facets.is_empty() {
            reply["facetDistribution"] = json!({});
        }
        return Ok(Reply::json(&reply));
    }
    let request = SearchRequest {
        query: q,
        limit: params.limit,
        offset: params.offset,
        fragments: FRAGMENTS,
        fuzzy: params.fuzzy,
        snippets: true,
        filters: Filters {
            lang: params.lang.clone(),
            site: params.site.clone(),
            author: params.author.clone(),
            since: params.since.clone(),
            until: params.until.clone(),
        },
        sort_by_date: params.sort_by_date,
        facets: !params.facets.is_empty(),
        // The API counts and pages articles, as the search APIs it follows do.
        collapse: Collapse::Off,
    };
    let reader = state.live.reader();
    let outcome = search::search(&reader, &request).map_err(failure)?;
    let hits: Vec<Value> = outcome.hits.iter().map(hit).collect();
    reply["hits"] = Value::Array(hits);
    reply["estimatedTotalHits"] = json!(outcome.total_hits);
    reply["processingTimeMs"] = json!((outcome.elapsed_ms * 1000.0).round() / 1000.0);
    reply["fallback"] = json!(outcome.fallback);
    reply["warnings"] = json!(outcome.warnings);
    if let Some(facets) = &outcome.facets {
        let mut distribution = serde_json::Map::new();
        for name in &params.facets {
            let counts = match name.as_str() {
                "site" => &facets.site,
                "lang" => &facets.lang,
                _ => &facets.year,
            };
            let counts: serde_json::Map<String, Value> =
                counts.iter().map(|(value, n)| (value.clone(), json!(n))).collect();
            distribution.insert(name.clone(), Value::Object(counts));
        }
        reply["facetDistribution"] = Value::Object(distribution);
    }
    Ok(Reply::json(&reply))
}

/// The CLI's JSON hit, with the title's and each fragment's highlights as text segments.
fn hit(hit: &search::Hit) -> Value {
    let mut value = serde_json::to_value(hit_record(hit)).unwrap_or(Value::Null);
    // As the CLI prints it: an f32 widened to f64 would print as 1.3732634782791138.
    if let Some(score) = hit.score {
        value["score"] = score.to_string().parse::<f64>().map_or(Value::Null, |s| json!(s));
    }
    value["title_segments"] = json!(segments(&hit.article.title, &hit.title_highlights));
    if let Some(Value::Array(fragments)) = value.get_mut("fragments") {
        for (record, fragment) in fragments.iter_mut().zip(&hit.fragments) {
            record["segments"] = json!(segments(&fragment.text, &fragment.highlights));
        }
    }
    value
}

fn stats(state: &State) -> Result<Reply, Problem> {
    #[derive(Serialize)]
    struct Reply_<'a> {
        #[serde(flatten)]
        stats: &'a Stats,
        size_bytes: u64,
    }
    let reader = state.live.reader();
    let stats = Stats::gather(&reader.searcher()).map_err(failure)?;
    let size_bytes = index::size_on_disk(&reader.dir);
    Ok(Reply::json(&Reply_ { stats: &stats, size_bytes }))
}

/// One article: `show --json`'s object, with the original text (`raw`) for the page's view
/// of what was removed; with `q`, the query's matches in the title and the body as segments.
fn article(state: &State, encoded: &str, pairs: &[(String, String)]) -> Result<Reply, Problem> {
    let Some(given) = url::decode(encoded, false) else {
        return Err(Problem::bad_request("invalid_id", "the id is not percent-encoded UTF-8"));
    };
    let (mut q, mut fuzzy) = (String::new(), false);
    for (name, value) in pairs {
        match name.as_str() {
            "q" if value.len() <= MAX_QUERY_BYTES => q = crate::ingest::nfc(value.clone()),
            "q" => return Err(Problem::bad_request("invalid_search_q", "the query is too long")),
            "fuzzy" => fuzzy = value != "false" && value != "0",
            other => {
                return Err(Problem::bad_request(
                    "unknown_parameter",
                    format!("unknown parameter {other:?}: an article takes q and fuzzy"),
                ))
            }
        }
    }
    let reader = state.live.reader();
    let searcher = reader.searcher();
    // The id is only ever looked up in the index: it never names a file.
    let address = match reader.match_id(&searcher, &given, |id| id.to_string()).map_err(failure)? {
        IdMatch::One(address) => address,
        IdMatch::None => {
            return Err(Problem::new(404, "document_not_found", format!("no article with the id {given:?}")))
        }
        IdMatch::Several(ids) => {
            return Err(Problem::new(
                409,
                "ambiguous_id",
                format!(
                    "{given:?} ends {} ids ({}): give more of it",
                    ids.len(),
                    ids.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
        IdMatch::Vanished(id) => {
            return Err(Problem::new(404, "document_not_found", format!("no article with the id {id:?}")))
        }
    };
    article_reply(&reader, &searcher, address, &q, fuzzy)
}

fn article_reply(
    reader: &Reader,
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
    q: &str,
    fuzzy: bool,
) -> Result<Reply, Problem> {
    let article = reader.load(searcher, address).map_err(failure)?;
    let groups = Groups::load(reader, searcher).map_err(failure)?;
    let mut value = json::article_value(searcher, &groups, address, &article).map_err(failure)?;
    value["raw"] = json!(article.raw);
    if !q.trim().is_empty() {
        let found = marks::matches(reader, &article.lang, q, fuzzy, &[&article.title, &article.body])
            .map_err(failure)?;
        if let [title, body] = found.as_slice() {
            value["title_segments"] = json!(segments(&article.title, title));
            value["body_segments"] = json!(segments(&article.body, body));
        }
    }
    Ok(Reply::json(&value))
}
