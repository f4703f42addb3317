//! A running `corpus serve` on 127.0.0.1 with a port the system picks, stopped when dropped.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

pub struct Served {
    pub child: Child,
    pub address: SocketAddr,
    /// What the server printed on stderr so far, its first line included.
    pub stderr: Arc<Mutex<String>>,
}

impl Served {
    pub fn start(index: &Path, extra: &[&str]) -> Served {
        let mut child = super::process()
            .arg("--index")
            .arg(index)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        lines.read_line(&mut first).unwrap();
        // "serving INDEX at http://127.0.0.1:PORT/"
        let url = first.trim().rsplit(' ').next().unwrap().to_string();
        assert!(first.starts_with("serving ") && url.starts_with("http://127.0.0.1:"), "{first:?}");
        let address: SocketAddr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
        assert_ne!(address.port(), 0, "{first}");
        let stderr = Arc::new(Mutex::new(first));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            sink.lock().unwrap().push_str(&rest);
        });
        Served { child, address, stderr }
    }

    /// The page's address, without the final slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
