//! Ctrl-C (SIGINT) and SIGTERM as a request to stop: the handler only sets a flag, which the
//! server's threads read between requests, so a stop never cuts a reply in half.

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C or SIGTERM has arrived.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: nothing else is safe inside a signal handler.
    STOP.store(true, Ordering::Relaxed);
}

/// Installs the handler for SIGINT and SIGTERM.
#[cfg(unix)]
pub fn install() {
    let handler = on_signal as extern "C" fn(libc::c_int);
    // SAFETY: the handler does one atomic store, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
        libc::signal(libc::SIGTERM, handler as libc::sighandler_t);
    }
}

/// Elsewhere Ctrl-C ends the process at once, which for a read-only server loses nothing.
#[cfg(not(unix))]
pub fn install() {}
