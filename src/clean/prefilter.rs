//! Whether any of a set of patterns can match a text, in one pass whose cost does not grow
//! with the number of phrases. Every match of a pattern contains one of a few literals
//! read off the pattern itself (its parsed form, as the regex crate parses it), so an
//! Aho-Corasick automaton over those literals answers first, and only a text that holds one
//! is asked the patterns. The phrases in a dozen languages, joined into one regex, made its
//! lazy DFA build thousands of states in every indexing thread; the automaton is built once
//! and shared.
//!
//! Case: where the pattern accepts a class of characters (`(?i)` makes "ß" the class
//! {ß, ẞ}, "k" {K, k, K (Kelvin sign)}), the literal takes each member through [`fold`],
//! which maps all the cases of a letter to one character, and the text is folded the same
//! way before the automaton reads it. So a text a pattern matches always holds one of its
//! literals: a false yes costs only time, a false no cannot happen.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The most literals one part of a pattern may stand for ("(?:a|b) (?:c|d)" stands for
/// four): enough for a phrase's forms, few enough for a small automaton.
const MAX_LITERALS: usize = 256;

/// Classes with more members than this are not read as a few characters (`(?i)` makes each
/// letter a class of its cases, at most four).
const MAX_CLASS: usize = 10;

/// Repetitions up to this many times are read as the strings they can make ("s?").
const MAX_REPEAT: u32 = 3;

pub(crate) struct Prefilter {
    /// The literals that are ASCII, asked of every text (folded if it is not ASCII). `None`
    /// if an automaton could not be built, and then every text is asked the patterns.
    ascii: Option<AhoCorasick>,
    /// The others, asked only of a text that is not ASCII, which alone can hold them: English
    /// text does not pay for the phrases of other languages.
    other: Option<AhoCorasick>,
    /// The patterns some match of which holds no literal, joined and asked as they are.
    rest: Option<Regex>,
}

impl Prefilter {
    /// `join` builds the one regex asked for the patterns without literals.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
        join: impl Fn(&[&str]) -> Regex,
    ) -> Prefilter {
        let mut literals = Vec::new();
        let mut rest = Vec::new();
        for pattern in patterns {
            match literals_of(pattern) {
                Some(mut found) => literals.append(&mut found),
                None => rest.push(pattern),
            }
        }
        literals.sort();
        literals.dedup();
        let (ascii, other): (Vec<String>, Vec<String>) = literals.into_iter().partition(|l| l.is_ascii());
        Prefilter {
            ascii: automaton(&ascii),
            other: automaton(&other),
            rest: (!rest.is_empty()).then(|| join(&rest)),
        }
    }

    /// Whether any of the patterns may match `text`: false only when none can.
    pub fn may_match(&self, text: &str) -> bool {
        let holds =
            |automaton: &Option<AhoCorasick>, text: &str| automaton.as_ref().is_none_or(|a| a.is_match(text));
        let holds_literal = if text.is_ascii() {
            // ASCII folds to lower case, which the automaton's case-insensitive search does.
            holds(&self.ascii, text)
        } else {
            let folded: String = text.chars().map(fold).collect();
            holds(&self.ascii, &folded) || holds(&self.other, &folded)
        };
        holds_literal || self.rest.as_ref().is_some_and(|rest| rest.is_match(text))
    }

    /// Whether some patterns are asked as they are, for lack of literals.
    #[cfg(test)]
    pub fn has_rest(&self) -> bool {
        self.rest.is_some()
    }
}

/// An automaton that finds any of `literals`, ASCII letters in either case. A DFA: each
/// byte costs one lookup, where the default for a thousand literals would be an automaton
/// that follows links, slower by a sixth on Reuters.
fn automaton(literals: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder().ascii_case_insensitive(true).kind(Some(AhoCorasickKind::DFA)).build(literals).ok()
}

/// One character for all the cases of a letter: the lower case of its upper case ("ſ" and
/// "S" give "s", "ς" and "Σ" give "σ", the Kelvin sign gives "k"), the character itself
/// where a case is more than one character ("ß"). ASCII folds to ASCII lower case.
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let upper = single(c.to_uppercase()).unwrap_or(c);
    single(upper.to_lowercase()).unwrap_or(upper)
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// Folded literals one of which every match of `pattern` contains, or `None` when some
/// match may contain none (or the pattern does not parse).
pub(crate) fn literals_of(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    required(&hir)
}

/// Every string a match of `hir` can be, folded, when they are at most [`MAX_LITERALS`]:
/// "(?i)sign[ -]?up" gives "signup", "sign up", "sign-up".
fn finite(hir: &Hir) -> Option<Vec<String>> {
    let set = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![String::new()],
        HirKind::Literal(literal) => vec![std::str::from_utf8(&literal.0).ok()?.chars().map(fold).collect()],
        HirKind::Class(Class::Unicode(class)) => {
            let mut members = Vec::new();
            for range in class.iter() {
                for c in range.start()..=range.end() {
                    if members.len() == MAX_CLASS {
                        return None;
                    }
                    members.push(fold(c).to_string());
                }
            }
            members
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Capture(capture) => finite(&capture.sub)?,
        HirKind::Concat(items) => {
            items.iter().try_fold(vec![String::new()], |set, item| product(&set, &finite(item)?))?
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.append(&mut finite(branch)?);
            }
            all
        }
        HirKind::Repetition(repetition) => {
            let max = repetition.max.filter(|&max| max <= MAX_REPEAT)?;
            let one = finite(&repetition.sub)?;
            let mut power = vec![String::new()];
            let mut all = Vec::new();
            for times in 0..=max {
                if times >= repetition.min {
                    all.extend(power.iter().cloned());
                }
                power = product(&power, &one)?;
            }
            all
        }
    };
    dedup(set)
}

/// Each string of `a` followed by each of `b`, when they are few enough.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_LITERALS {
        return None;
    }
    dedup(a.iter().flat_map(|x| b.iter().map(move |y| format!("{x}{y}"))).collect())
}

fn dedup(mut set: Vec<String>) -> Option<Vec<String>> {
    set.sort();
    set.dedup();
    (set.len() <= MAX_LITERALS).then_some(set)
}

/// Folded literals one of which every match of `hir` contains; `None` when there are none
/// (a match may be empty, or its only fixed parts are classes such as `\w`).
fn required(hir: &Hir) -> Option<Vec<String>> {
    if let Some(set) = finite(hir) {
        return set.iter().all(|s| !s.is_empty()).then_some(set);
    }
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min > 0 => required(&repetition.sub),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.append(&mut required(branch)?);
            }
            Some(all)
        }
        HirKind::Concat(items) => {
            // The candidates: every run of consecutive items with few forms (the strings
            // that run can be), and each other item's own literals. The best is the one
            // whose shortest literal is longest: the rarest in text.
            let sets: Vec<Option<Vec<String>>> = items.iter().map(finite).collect();
            let mut candidates: Vec<Vec<String>> = Vec::new();
            for start in 0..items.len() {
                let mut run = vec![String::new()];
                for set in sets[start..].iter().map_while(Option::as_ref) {
                    let Some(longer) = product(&run, set) else { break };
                    run = longer;
                    if run.iter().all(|s| !s.is_empty()) {
                        candidates.push(run.clone());
                    }
                }
            }
            candidates.extend(
                items
                    .iter()
                    .zip(&sets)
                    .filter(|(_, set)| set.is_none())
                    .filter_map(|(item, _)| required(item)),
            );
            let shortest = |set: &Vec<String>| set.iter().map(|l| l.chars().count()).min().unwrap_or(0);
            candidates.into_iter().max_by(|a, b| shortest(a).cmp(&shortest(b)).then(b.len().cmp(&a.len())))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(patterns: &[&str]) -> Prefilter {
        Prefilter::new(patterns.iter().copied(), |rest| Regex::new(&rest.join("|")).unwrap())
    }

    fn literals(pattern: &str) -> Option<Vec<String>> {
        literals_of(pattern).map(|mut set| {
            set.sort();
            set
        })
    }

    #[test]
    fn literals_are_read_off_the_pattern() {
        assert_eq!(literals(r"(?i)all rights reserved"), Some(vec!["all rights reserved".into()]));
        assert_eq!(literals(r"(?i)TOUS DROITS RÉSERVÉS"), Some(vec!["tous droits réservés".into()]));
        assert_eq!(
            literals(r"(?i)(?:partner|affiliate)-?links?"),
            Some(
                ["affiliate-link", "affiliate-links", "affiliatelink", "affiliatelinks"]
                    .into_iter()
                    .chain(["partner-link", "partner-links", "partnerlink", "partnerlinks"])
                    .map(String::from)
                    .collect()
            )
        );
        // The rarest part: a phrase's forms rather than the words around its gaps.
        assert_eq!(literals(r"(?i)cookies?[^.]{0,80}\bvotre\b"), Some(vec!["cookie".into()]));
        assert_eq!(
            literals(r"(?i)\b(?:view|read) the (?:full|rest of the) story"),
            Some(
                [
                    "read the full story",
                    "read the rest of the story",
                    "view the full story",
                    "view the rest of the story"
                ]
                .map(String::from)
                .to_vec()
            )
        );
        assert_eq!(literals(r"\w+ \d+"), Some(vec![" ".into()]));
        // A match that may hold nothing fixed.
        assert_eq!(literals(r"(?i)\w+|copyright"), None);
        assert_eq!(literals(r"(?i)(?:copyright)?"), None);
        assert_eq!(literals(r"(unclosed"), None);
    }

    #[test]
    fn every_case_of_a_letter_folds_alike() {
        for (a, b) in
            [('ß', 'ẞ'), ('k', '\u{212A}'), ('s', 'ſ'), ('σ', 'ς'), ('Σ', 'ς'), ('ü', 'Ü'), ('é', 'É')]
        {
            assert_eq!(fold(a), fold(b), "{a} {b}");
        }
        // Every class that `(?i)` makes of one letter is one folded character, whatever the
        // letter: the literals lose no letter of any script.
        for c in ['a', 'k', 's', 'ß', 'é', 'ж', 'σ', 'ǆ', 'ı', 'i', 'ω'] {
            let pattern = format!("(?i){c}");
            assert_eq!(literals_of(&pattern).map(|l| l.len()), Some(1), "{c}");
        }
    }

    #[test]
    fn a_text_any_pattern_matches_passes() {
        let patterns =
            [r"(?i)tous droits réservés", r"(?i)\bstraße\b", r"(?i)ske[^.]{0,9}up", r"(?i)über uns|©"];
        let f = filter(&patterns);
        assert!(!f.has_rest());
        for text in [
            "TOUS DROITS RÉSERVÉS",
            "Tous Droits Réservés.",
            "STRAẞE",
            "ſtraße",
            "ſ\u{212A}E up",
            "ſKE, UP",
            "ÜBER UNS",
            "Über Uns",
            "© 2026",
        ] {
            assert!(patterns.iter().any(|p| Regex::new(p).unwrap().is_match(text)), "{text}");
            assert!(f.may_match(text), "{text}");
        }
        assert!(!f.may_match("The market rose two percent on Tuesday."));
    }

    #[test]
    fn patterns_without_literals_are_asked_as_they_are() {
        let f = filter(&[r"(?i)copyright", r"^\d+$"]);
        assert!(f.has_rest());
        assert!(f.may_match("1987") && f.may_match("COPYRIGHT") && !f.may_match("19 87"));
    }
}
