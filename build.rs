//! Links the `corpus` binary at a fixed address on Linux. A position-independent binary
//! has some 18,000 pointers for the loader to relocate, on pages it must copy, at every
//! start: about a sixth of a short `corpus search` process. Only the binary is linked so;
//! the code stays position-independent and tests and examples are unchanged.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
