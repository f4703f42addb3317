//! The listening socket, set up before tiny_http takes it, and the process's limit on open
//! files, raised as far as it may go: tiny_http holds two descriptors per connection, and the
//! usual soft limit of 1,024 would let 500 idle connections stop it accepting. Linux gives each accepted
//! connection the listener's options, so two are set here once:
//! - TCP_NODELAY: tiny_http writes a reply's head and body separately, and with Nagle's
//!   algorithm the body then waits for the client's delayed ACK, 40 ms a request;
//! - receive and send timeouts: a client that stops halfway through a request, or stops
//!   reading its answer, holds a thread for at most `IDLE` (an idle kept-alive connection
//!   is closed then too).

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use anyhow::{anyhow, Result};

/// How long a connection may stay silent.
pub const IDLE: Duration = Duration::from_secs(30);

pub fn listen(address: SocketAddr) -> Result<TcpListener> {
    let listener = TcpListener::bind(address).map_err(|err| anyhow!("cannot listen on {address}: {err}"))?;
    tune(&listener);
    Ok(listener)
}

#[cfg(unix)]
fn tune(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    let fd = listener.as_raw_fd();
    let timeout = libc::timeval { tv_sec: IDLE.as_secs() as libc::time_t, tv_usec: 0 };
    let one: libc::c_int = 1;
    // SAFETY: setsockopt reads `size_of` bytes from a live value of the type the option
    // takes, on a socket this function borrows. A failure only leaves the default.
    unsafe {
        set(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, &one);
        set(fd, libc::SOL_SOCKET, libc::SO_RCVTIMEO, &timeout);
        set(fd, libc::SOL_SOCKET, libc::SO_SNDTIMEO, &timeout);
    }
}

#[cfg(unix)]
unsafe fn set<T>(fd: libc::c_int, level: libc::c_int, name: libc::c_int, value: &T) {
    let size = std::mem::size_of::<T>() as libc::socklen_t;
    libc::setsockopt(fd, level, name, (value as *const T).cast(), size);
}

#[cfg(not(unix))]
fn tune(_: &TcpListener) {}

/// Raises the soft limit on open files to the hard limit (Linux only).
#[cfg(target_os = "linux")]
pub fn raise_file_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit read and write one rlimit this function owns.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn raise_file_limit() {}
