//! `corpus serve`: the index over HTTP from the one binary, a JSON API and one page.
//!
//! tiny_http reads requests on its own threads; a few workers here take them one at a
//! time, each answering with the reader of the moment (see `live`), while a watcher
//! thread follows `corpus index`. A panic in a request is caught and answered with a 500;
//! the worker goes on with the next request.

mod api;
mod guard;
mod listening;
mod live;
mod marks;
mod page;
mod params;
mod reply;
mod segments;
pub mod signal;
mod socket;
mod url;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;

use reply::{Problem, Reply};

/// How long a worker waits for a request before it looks whether to stop.
const STOP_CHECK: Duration = Duration::from_millis(200);

pub struct Options {
    pub index: PathBuf,
    pub bind: SocketAddr,
    pub token: Option<String>,
    /// Requests answered at once.
    pub workers: usize,
}

/// A server listening, not yet answering.
pub struct Server {
    listening: Arc<listening::Listening>,
    state: Arc<api::State>,
    workers: usize,
}

impl Server {
    /// Opens the index and listens on `options.bind`.
    pub fn bind(options: Options) -> Result<Server> {
        let live = live::LiveIndex::open(&options.index)?;
        socket::raise_file_limit();
        let listening = listening::Listening::bind(options.bind)?;
        let hosts = guard::Hosts::for_address(listening.address());
        let state = api::State { live, hosts, token: options.token };
        Ok(Server { listening: Arc::new(listening), state: Arc::new(state), workers: options.workers.max(1) })
    }

    /// The address it listens on (with the port chosen, when port 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.listening.address()
    }

    /// Answers requests until `stop()` says so, then returns once every answer in progress is sent.
    pub fn run(self, stop: impl Fn() -> bool + Send + Sync + Copy + 'static) {
        let mut threads = Vec::new();
        for _ in 0..self.workers {
            let (listening, state) = (Arc::clone(&self.listening), Arc::clone(&self.state));
            threads.push(std::thread::spawn(move || work(&listening, &state, stop)));
        }
        let state = Arc::clone(&self.state);
        threads.push(std::thread::spawn(move || state.live.watch(stop)));
        let listening = Arc::clone(&self.listening);
        threads.push(std::thread::spawn(move || listening.watch(stop)));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

fn work(listening: &listening::Listening, state: &api::State, stop: impl Fn() -> bool) {
    while !stop() {
        let http = listening.current();
        let mut request = match http.recv_timeout(STOP_CHECK) {
            Ok(Some(request)) => request,
            Ok(None) => continue,
            Err(err) => {
                eprintln!("corpus: accepting a connection failed ({err}); listening again");
                listening.restart(&http, &stop);
                continue;
            }
        };
        let answered =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| api::answer(state, &mut request)));
        let reply = answered.unwrap_or_else(|_| {
            // Said on stderr too, with what was asked, so that the failure can be reported.
            let target = crate::output::escape_controls(request.url()).into_owned();
            eprintln!("corpus: internal error on {} {target}; serving on", request.method());
            Reply::problem(&Problem::new(
                500,
                "internal",
                "the server failed on this request; it goes on serving others",
            ))
        });
        // A client that left before its answer costs nothing more.
        let _ = request.respond(reply.into_response());
    }
}
