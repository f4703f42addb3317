//! tiny_http's listening end, watched and started again if it stops. tiny_http accepts
//! connections on one thread, which ends at the first error `accept` returns (Linux reports
//! some failures of one incoming connection that way) and panics when the process is out of
//! file descriptors (it duplicates each connection's socket with an unwrap); either way the
//! socket closes and the server would be left unreachable. A watcher connects to the server
//! once a second: a refused connection means no one listens, and it listens again on the
//! same address; the workers pick the new listener up at their next look.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{anyhow, Result};

use super::socket;

/// How long to wait before trying to listen again when the address is still taken.
const RETRY: Duration = Duration::from_millis(100);
/// How often the watcher checks that someone listens.
const CHECK: Duration = Duration::from_secs(1);

pub struct Listening {
    address: SocketAddr,
    current: RwLock<Arc<tiny_http::Server>>,
}

impl Listening {
    /// Listens on `address`; port 0 picks a free port, which `address()` then gives.
    pub fn bind(address: SocketAddr) -> Result<Listening> {
        let http = start(address)?;
        let address = match http.server_addr() {
            tiny_http::ListenAddr::IP(bound) => bound,
            #[allow(unreachable_patterns)]
            _ => address,
        };
        Ok(Listening { address, current: RwLock::new(Arc::new(http)) })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The listener of the moment.
    pub fn current(&self) -> Arc<tiny_http::Server> {
        match self.current.read() {
            Ok(http) => Arc::clone(&http),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces `failed`, unless another worker has already, trying until `stop()` says so.
    pub fn restart(&self, failed: &Arc<tiny_http::Server>, stop: impl Fn() -> bool) {
        let mut current = match self.current.write() {
            Ok(current) => current,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !Arc::ptr_eq(&current, failed) {
            return;
        }
        while !stop() {
            // The failed listener's socket closes as its thread ends: until then the address is taken.
            match start(self.address) {
                Ok(http) => {
                    *current = Arc::new(http);
                    eprintln!("corpus: listening again on {}", self.address);
                    return;
                }
                Err(_) => std::thread::sleep(RETRY),
            }
        }
    }
}

impl Listening {
    /// Until `stop()`: once a second, a connection to the server; if it is refused, listens again.
    pub fn watch(&self, stop: impl Fn() -> bool) {
        // Bound to every address, the server is reached on loopback.
        let target = match self.address.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.address.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.address.port())
            }
            _ => self.address,
        };
        let mut waited = Duration::ZERO;
        while !stop() {
            // In short naps, so that a stop is not kept waiting for a whole check.
            std::thread::sleep(RETRY);
            waited += RETRY;
            if waited < CHECK {
                continue;
            }
            waited = Duration::ZERO;
            let http = self.current();
            // Only a refusal says no one listens: a timeout or a lack of file descriptors here says nothing.
            if let Err(err) = TcpStream::connect_timeout(&target, CHECK) {
                if err.kind() == std::io::ErrorKind::ConnectionRefused {
                    eprintln!("corpus: the server stopped accepting connections; listening again");
                    self.restart(&http, &stop);
                }
            }
        }
    }
}

fn start(address: SocketAddr) -> Result<tiny_http::Server> {
    let listener = socket::listen(address)?;
    tiny_http::Server::from_listener(listener, None)
        .map_err(|err| anyhow!("cannot listen on {address}: {err}"))
}
