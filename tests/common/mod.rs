//! What the tests of indexing share: the binary, and articles to feed it.
// Each test crate compiles this module and uses a part of it.
#![allow(dead_code)]

use assert_cmd::Command;

/// The binary, in an environment that no setting of the caller's leaks into.
pub fn corpus() -> Command {
    let mut cmd = Command::cargo_bin("corpus").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("CORPUS_INDEX");
    cmd
}

/// A short article about `topic`: a title, and two sentences a cleaner keeps.
pub fn article(topic: &str) -> String {
    format!(
        "A report on {topic}\n\nThe council met on Tuesday to discuss {topic} and the budget for next year.\n\
         Officials said the plan for {topic} would be published in the spring, after a public consultation.\n"
    )
}

/// A made-up word for each number, without digits: the cleaner's template statistics
/// would treat articles that differ only in digits as one template.
pub fn word(mut n: usize) -> String {
    const SYLLABLES: [&str; 16] =
        ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ba", "de", "fi", "go", "hu", "je", "pa", "zo"];
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[n % 16]);
        n /= 16;
        if n == 0 {
            return w;
        }
    }
}
