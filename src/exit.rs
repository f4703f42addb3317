//! Exit codes are a contract, as grep's: 0 something matched, 1 nothing did, 2 an error.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Something matched (search), or at least one article was printed (clean).
    Match = 0,
    /// Nothing matched, or nothing was printed.
    NoMatch = 1,
    /// An error: bad input, a missing or damaged index, a locked index.
    Error = 2,
}

impl Exit {
    pub fn from_found(found: bool) -> Exit {
        if found {
            Exit::Match
        } else {
            Exit::NoMatch
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_grep() {
        assert_eq!(Exit::Match as u8, 0);
        assert_eq!(Exit::NoMatch as u8, 1);
        assert_eq!(Exit::Error as u8, 2);
        assert_eq!(Exit::from_found(true), Exit::Match);
        assert_eq!(Exit::from_found(false), Exit::NoMatch);
    }
}
