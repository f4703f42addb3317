//! Replies and errors, and the headers every reply carries.

use std::io::Cursor;

use serde::Serialize;
use tiny_http::{Header, Response};

/// The page may load only its own script and style, and fetch only from this server; it
/// cannot be framed, and nothing is sent as a referrer.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A failed request: its status, a code a program can test, and a message for a person
/// (Meilisearch's `{"message", "code"}`).
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// For a 405: the methods the path answers.
    pub allow: Option<&'static str>,
}

impl Problem {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { status, code: code.into(), message: message.into(), allow: None }
    }

    pub fn bad_request(code: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::new(400, code, message)
    }
}

/// A reply ready to send.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(value: &impl Serialize) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply { status: 200, content_type: "application/json", body, headers: Vec::new() },
            Err(err) => Reply::problem(&Problem::new(
                500,
                "internal",
                format!("the reply could not be written: {err}"),
            )),
        }
    }

    pub fn problem(problem: &Problem) -> Reply {
        #[derive(Serialize)]
        struct Body<'a> {
            message: &'a str,
            code: &'a str,
        }
        let body =
            serde_json::to_vec(&Body { message: &problem.message, code: &problem.code }).unwrap_or_default();
        let headers = problem.allow.map(|allow| ("Allow", allow.to_string())).into_iter().collect();
        Reply { status: problem.status, content_type: "application/json", body, headers }
    }

    pub fn asset(content_type: &'static str, body: &'static str) -> Reply {
        Reply { status: 200, content_type, body: body.as_bytes().to_vec(), headers: Vec::new() }
    }

    pub fn into_response(self) -> Response<Cursor<Vec<u8>>> {
        let mut response = Response::from_data(self.body).with_status_code(self.status);
        let fixed = [
            ("Content-Type", self.content_type),
            ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Cache-Control", "no-store"),
            ("Server", "corpus"),
        ];
        let extra = self.headers.iter().map(|(name, value)| (*name, value.as_str()));
        for (name, value) in fixed.into_iter().chain(extra) {
            // Only this module's names and values, which are ASCII: never refused.
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}
