//! Who may ask: the `Host` a request names (against DNS rebinding: a page on another site
//! whose name is made to point at 127.0.0.1 still sends its own name as the Host) and, when
//! a token is set, its bearer token.

use std::net::{IpAddr, SocketAddr};

/// The `Host` values the server answers to: the address it serves and, on loopback, the
/// names of loopback with the same port.
pub struct Hosts {
    accepted: Vec<String>,
    /// Bound to every address (0.0.0.0 or [::]): any name may reach it, and the token guards.
    any_with_port: Option<u16>,
}

impl Hosts {
    pub fn for_address(addr: SocketAddr) -> Hosts {
        let port = addr.port();
        if addr.ip().is_unspecified() {
            return Hosts { accepted: Vec::new(), any_with_port: Some(port) };
        }
        let mut accepted = vec![match addr.ip() {
            IpAddr::V4(ip) => format!("{ip}:{port}"),
            IpAddr::V6(ip) => format!("[{ip}]:{port}"),
        }];
        if addr.ip().is_loopback() {
            for name in ["localhost", "127.0.0.1", "[::1]"] {
                let host = format!("{name}:{port}");
                if !accepted.contains(&host) {
                    accepted.push(host);
                }
            }
        }
        Hosts { accepted, any_with_port: None }
    }

    /// Whether a request naming `host` is for this server.
    pub fn accepts(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if let Some(port) = self.any_with_port {
            return host.rsplit_once(':').is_some_and(|(_, p)| p == port.to_string());
        }
        self.accepted.contains(&host)
    }
}

/// Whether the `Authorization` header carries `token` as a bearer token. Compared in time
/// that does not depend on where the first difference is.
pub fn bearer_matches(header: &str, token: &str) -> bool {
    let Some(given) = header.trim().strip_prefix("Bearer ") else { return false };
    let (given, token) = (given.trim().as_bytes(), token.as_bytes());
    given.len() == token.len() && given.iter().zip(token).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_answers_to_its_address_and_loopback_names_with_its_port_only() {
        let hosts = Hosts::for_address("127.0.0.1:7700".parse().unwrap());
        for ok in ["127.0.0.1:7700", "localhost:7700", "LocalHost:7700", "[::1]:7700"] {
            assert!(hosts.accepts(ok), "{ok}");
        }
        for bad in
            ["evil.example:7700", "127.0.0.1:7701", "localhost", "127.0.0.1", "", "127.0.0.1:7700.evil"]
        {
            assert!(!hosts.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn another_address_answers_to_itself_alone() {
        let hosts = Hosts::for_address("192.168.1.5:80".parse().unwrap());
        assert!(hosts.accepts("192.168.1.5:80"));
        assert!(!hosts.accepts("localhost:80"));
    }

    #[test]
    fn a_bearer_token_must_match_exactly() {
        assert!(bearer_matches("Bearer s3cret", "s3cret"));
        for bad in ["Bearer s3cre", "Bearer s3cretx", "s3cret", "Basic s3cret", "Bearer "] {
            assert!(!bearer_matches(bad, "s3cret"), "{bad}");
        }
    }
}
