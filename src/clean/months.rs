//! Month names in the stop-word languages, in one table: the patterns that find
//! datelines and the reader of their dates both use it, so a line removed as a dateline
//! ("5. Oktober 2026") also gives its date.

use std::sync::OnceLock;

/// Every name and abbreviation of each month, January first, in lower case.
const NAMES: [&[&str]; 12] = [
    &["jan", "january", "januar", "janvier", "enero", "gennaio", "janeiro", "januari"],
    &["feb", "february", "februar", "février", "fevrier", "febrero", "febbraio", "fevereiro", "februari"],
    &["mar", "march", "märz", "maerz", "mars", "marzo", "março", "marco", "maart"],
    &["apr", "april", "avril", "abril", "aprile"],
    &["may", "mai", "mayo", "maggio", "maio", "mei"],
    &["jun", "june", "juni", "juin", "junio", "giugno", "junho"],
    &["jul", "july", "juli", "juillet", "julio", "luglio", "julho"],
    &["aug", "august", "août", "aout", "agosto", "augustus"],
    &["sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "setembro"],
    &["oct", "october", "okt", "oktober", "octobre", "octubre", "ottobre", "outubro"],
    &["nov", "november", "novembre", "noviembre", "novembro"],
    &["dec", "december", "dez", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"],
];

/// A regex group that matches any month name (for case-insensitive patterns); longer
/// names first, so that "september" is not read as "sep".
pub(crate) fn pattern() -> &'static str {
    static PATTERN: OnceLock<String> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let mut names: Vec<&str> = NAMES.iter().flat_map(|names| names.iter().copied()).collect();
        names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
        format!("(?:{})", names.join("|"))
    })
}

/// The number of the month `name` names (1 for January), in any case.
pub(crate) fn number(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let month = NAMES.iter().position(|names| names.contains(&lower.as_str()))?;
    u8::try_from(month + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_the_pattern_finds_has_a_number() {
        let re = regex::Regex::new(&format!("(?i)^{}$", pattern())).unwrap();
        for (month, names) in NAMES.iter().enumerate() {
            for name in *names {
                assert!(re.is_match(name), "{name}");
                assert_eq!(number(name), Some(month as u8 + 1), "{name}");
                assert_eq!(number(&name.to_uppercase()), Some(month as u8 + 1), "{name}");
            }
        }
        assert_eq!(number("Oktober"), Some(10));
        assert_eq!(number("Sept"), Some(9));
        assert_eq!(number("smarch"), None);
    }
}
