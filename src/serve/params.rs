//! A search request as the API takes it, from a query string (GET) or a JSON body (POST),
//! checked against the server's caps before any search runs.

use serde::Deserialize;

use super::reply::Problem;

/// The longest query, in bytes: far above any query a person types, far below one that
/// would make a search slow for everyone else.
pub const MAX_QUERY_BYTES: usize = 2_000;
/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// How deep into the results a request may page (`offset + limit`).
pub const MAX_WINDOW: usize = 10_000;
/// Hits when `limit` is not given (Meilisearch's default).
pub const DEFAULT_LIMIT: usize = 20;

/// The facets a request may ask for.
pub const FACETS: [&str; 3] = ["site", "lang", "year"];

#[derive(Debug, Default, Clone, PartialEq)]
pub struct SearchParams {
    pub q: String,
    pub offset: usize,
    pub limit: usize,
    pub lang: Option<String>,
    pub site: Option<String>,
    pub author: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort_by_date: bool,
    /// Of `FACETS`, in the order asked.
    pub facets: Vec<String>,
    pub fuzzy: bool,
}

/// A POST body: the same names, as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    q: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
    lang: Option<String>,
    site: Option<String>,
    author: Option<String>,
    since: Option<String>,
    until: Option<String>,
    sort: Option<String>,
    facets: Option<FacetList>,
    fuzzy: Option<bool>,
}

/// Facets as a JSON list (Meilisearch's form) or one comma-separated text (the URL's form).
#[derive(Deserialize)]
#[serde(untagged)]
enum FacetList {
    List(Vec<String>),
    Text(String),
}

impl SearchParams {
    /// From a query string's decoded pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<SearchParams, Problem> {
        let mut params = SearchParams { limit: DEFAULT_LIMIT, ..SearchParams::default() };
        let text = |value: &str| (!value.trim().is_empty()).then(|| value.to_string());
        for (name, value) in pairs {
            match name.as_str() {
                "q" => params.q = value.clone(),
                "offset" => params.offset = number("offset", value)?,
                "limit" => params.limit = number("limit", value)?,
                "lang" => params.lang = text(value),
                "site" => params.site = text(value),
                "author" => params.author = text(value),
                "since" => params.since = text(value),
                "until" => params.until = text(value),
                "sort" => params.sort_by_date = sort(value)?,
                "facets" => params.facets = facets(value.split(','))?,
                "fuzzy" => params.fuzzy = flag("fuzzy", value)?,
                other => {
                    return Err(Problem::bad_request(
                        "unknown_parameter",
                        format!(
                            "unknown parameter {other:?}: the search takes q, offset, limit, lang, site, author, since, until, sort, facets and fuzzy"
                        ),
                    ))
                }
            }
        }
        params.checked()
    }

    /// From a POST body, which must be a JSON object.
    pub fn from_json(body: &[u8]) -> Result<SearchParams, Problem> {
        let body: Body = serde_json::from_slice(body).map_err(|err| {
            Problem::bad_request("malformed_payload", format!("the body is not a search: {err}"))
        })?;
        let params = SearchParams {
            q: body.q.unwrap_or_default(),
            offset: body.offset.unwrap_or(0),
            limit: body.limit.unwrap_or(DEFAULT_LIMIT),
            lang: body.lang,
            site: body.site,
            author: body.author,
            since: body.since,
            until: body.until,
            sort_by_date: body.sort.as_deref().map(sort).transpose()?.unwrap_or(false),
            facets: match body.facets {
                None => Vec::new(),
                Some(FacetList::List(list)) => facets(list.iter().map(String::as_str))?,
                Some(FacetList::Text(text)) => facets(text.split(','))?,
            },
            fuzzy: body.fuzzy.unwrap_or(false),
        };
        params.checked()
    }

    fn checked(self) -> Result<SearchParams, Problem> {
        if self.q.len() > MAX_QUERY_BYTES {
            return Err(Problem::bad_request(
                "invalid_search_q",
                format!("the query is {} bytes long; the server takes up to {MAX_QUERY_BYTES}", self.q.len()),
            ));
        }
        if self.limit > MAX_LIMIT {
            return Err(Problem::bad_request(
                "invalid_search_limit",
                format!("limit is {}; the server gives up to {MAX_LIMIT} hits a request", self.limit),
            ));
        }
        if self.offset.saturating_add(self.limit) > MAX_WINDOW {
            return Err(Problem::bad_request(
                "invalid_search_offset",
                format!("offset + limit is past {MAX_WINDOW}: the server pages through the first {MAX_WINDOW} hits"),
            ));
        }
        Ok(self)
    }
}

fn number(name: &str, value: &str) -> Result<usize, Problem> {
    value.trim().parse().map_err(|_| {
        Problem::bad_request(
            format!("invalid_search_{name}"),
            format!("{name} must be a whole number, not {value:?}"),
        )
    })
}

fn flag(name: &str, value: &str) -> Result<bool, Problem> {
    match value {
        "" | "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(Problem::bad_request(
            format!("invalid_search_{name}"),
            format!("{name} must be true or false, not {value:?}"),
        )),
    }
}

fn sort(value: &str) -> Result<bool, Problem> {
    match value {
        "score" | "" => Ok(false),
        "date" => Ok(true),
        _ => {
            Err(Problem::bad_request("invalid_search_sort", format!("sort is score or date, not {value:?}")))
        }
    }
}

fn facets<'a>(names: impl Iterator<Item = &'a str>) -> Result<Vec<String>, Problem> {
    let mut out: Vec<String> = Vec::new();
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        if !FACETS.contains(&name) {
            return Err(Problem::bad_request(
                "invalid_search_facets",
                format!("no facet {name:?}: the facets are site, lang and year"),
            ));
        }
        if !out.iter().any(|f| f == name) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn a_query_string_and_a_json_body_give_the_same_search() {
        let from_url = SearchParams::from_pairs(&pairs(&[
            ("q", "open source"),
            ("limit", "5"),
            ("offset", "10"),
            ("sort", "date"),
            ("facets", "site,year"),
            ("fuzzy", "true"),
            ("lang", "eng"),
        ]))
        .unwrap();
        let from_body = SearchParams::from_json(
            br#"{"q":"open source","limit":5,"offset":10,"sort":"date","facets":["site","year"],"fuzzy":true,"lang":"eng"}"#,
        )
        .unwrap();
        assert_eq!(from_url, from_body);
        assert_eq!(from_url.facets, ["site", "year"]);
        assert!(from_url.sort_by_date && from_url.fuzzy);
    }

    #[test]
    fn out_of_range_and_unknown_values_are_refused_with_their_name() {
        let refused = |list: &[(&str, &str)]| SearchParams::from_pairs(&pairs(list)).unwrap_err().code;
        assert_eq!(refused(&[("limit", "101")]), "invalid_search_limit");
        assert_eq!(refused(&[("limit", "-1")]), "invalid_search_limit");
        assert_eq!(refused(&[("offset", "99999999999999999999999")]), "invalid_search_offset");
        assert_eq!(refused(&[("offset", "9990"), ("limit", "20")]), "invalid_search_offset");
        assert_eq!(refused(&[("sort", "random")]), "invalid_search_sort");
        assert_eq!(refused(&[("facets", "site,colour")]), "invalid_search_facets");
        assert_eq!(refused(&[("qq", "x")]), "unknown_parameter");
        let long = "a".repeat(MAX_QUERY_BYTES + 1);
        assert_eq!(refused(&[("q", &long)]), "invalid_search_q");
        let body = |text: &[u8]| SearchParams::from_json(text).unwrap_err().code;
        assert_eq!(body(b"{\"q\":"), "malformed_payload");
        assert_eq!(body(b"[1,2]"), "malformed_payload");
        assert_eq!(body(b"{\"colour\":1}"), "malformed_payload");
        assert_eq!(body(b"{\"limit\":1000}"), "invalid_search_limit");
    }
}
