//! Links the `corpus` binary at a fixed address on Linux with glibc. A position-independent
//! binary has some 18,000 pointers for the loader to relocate, on pages it must copy, at
//! every start: about a sixth of a short `corpus search` process. Only the binary is linked
//! so; the code stays position-independent and tests and examples are unchanged. The cost
//! is address-space randomisation of the binary's own code; `CORPUS_PIE=1` at build time
//! keeps it.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CORPUS_PIE");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu && std::env::var_os("CORPUS_PIE").is_none() {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
