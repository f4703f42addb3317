//! Metadata: title, subtitle, author, publication date, site name and cited sources.

use super::features::Features;
use super::rules;
use regex::Regex;
use std::sync::OnceLock;
use time::macros::format_description;
use time::Date;
use unicode_segmentation::UnicodeSegmentation;

/// Words a title derived from the first sentence may hold before it is cut.
const DERIVED_TITLE_WORDS: usize = 12;
/// Blocks searched for a headline.
const TITLE_WINDOW: usize = 12;

/// Whether a block is shaped like a headline: a few words, no URL, and either
/// title-cased or without a closing full stop.
pub(crate) fn headline_like(text: &str, f: &Features) -> bool {
    if f.words < 2 || f.words > 30 || f.has_url || f.table_row || f.list_item {
        return false;
    }
    let title_cased = f.cap_share >= 0.6;
    let upper = text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase);
    (title_cased || upper || !text.ends_with('.')) && !text.ends_with(',')
}

/// The title block: the first headline-shaped block before the article text starts.
/// `usable[i]` says whether block `i` is neither boilerplate nor a fragment;
/// `content[i]` whether it is article text by its features.
pub(crate) fn title_block(
    texts: &[&str],
    feats: &[Features],
    usable: &[bool],
    content: &[bool],
) -> Option<usize> {
    for i in 0..texts.len().min(TITLE_WINDOW) {
        if !usable[i] {
            continue;
        }
        let f = &feats[i];
        // A capitalised headline may end with a full stop ("... Open Source Can Wait.");
        // an ordinary sentence may not, and the article text starts with it.
        let strong = f.cap_share >= 0.6 && f.words <= 25;
        if headline_like(texts[i], f) && (strong || !content[i]) {
            return Some(i);
        }
        if content[i] {
            return None;
        }
    }
    None
}

/// A title made from the first sentence, cut at a word boundary.
pub(crate) fn derived_title(text: &str) -> String {
    let sentence = text.unicode_sentences().next().unwrap_or(text).trim();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= DERIVED_TITLE_WORDS {
        return sentence.trim_end_matches(['.', ' ']).to_string();
    }
    let mut cut = words[..DERIVED_TITLE_WORDS].to_vec();
    // Do not end on a dash or a dangling connective.
    while let Some(last) = cut.last() {
        let bare = last.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty() || ["and", "or", "the", "a", "an", "of", "to", "—", "-"].contains(&bare) {
            cut.pop();
        } else {
            break;
        }
    }
    let mut title = cut.join(" ");
    title = title.trim_end_matches([',', ';', ':', '.']).to_string();
    title.push('…');
    title
}

/// Normalised words for comparing lines with the title.
fn norm_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// A line equal or nearly equal to the title, or the title with a short site suffix.
pub(crate) fn repeats_title(line: &str, title: &str) -> bool {
    let a = norm_words(line);
    let b = norm_words(title);
    if a.is_empty() || b.is_empty() || a.len() > b.len() + 6 || b.len() > a.len() + 6 {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.starts_with(short) && short.len() >= 4 && long.len() - short.len() <= 5 {
        return true;
    }
    let shared = short.iter().filter(|w| long.contains(w)).count();
    short.len() >= 4 && shared * 10 >= long.len() * 9
}

/// The subtitle: the sentence right after the title, when it is short enough to be a
/// standfirst rather than the lede, and not a dateline-led news paragraph.
pub(crate) fn subtitle(text: &str, f: &Features) -> Option<String> {
    if f.words < 8 || f.words > 45 || f.table_row || f.list_item || f.has_url || !f.terminal {
        return None;
    }
    if wire_dateline().is_match(text) {
        return None;
    }
    Some(text.to_string())
}

/// "CLEVELAND, Feb 26 -": where a wire story begins. It names no year.
fn wire_dateline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\p{Lu}[\p{Lu} .'-]+(?:, \p{Lu}[\p{L} .]+)?,? (?:\w+\.? \d{1,2})?\s*[-–—]\s")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

fn author_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s+(?P<name>\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|den|la|le|del|da|di|dos|bin|al|and|&|und|et|y)){0,6})")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// The author of a "By Connie · ..." byline.
pub(crate) fn author(text: &str) -> Option<String> {
    let caps = author_re().captures(text)?;
    let name = caps.name("name")?.as_str();
    let name =
        name.trim_end_matches(|c: char| !c.is_alphanumeric()).trim_end_matches(" and").trim_end_matches(" &");
    (!name.is_empty()).then(|| name.to_string())
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b|\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<y2>(?:19|20)\d\d)\b|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)(?:\b|T)")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// The first full date (day, month and year) in a line, as ISO 8601. A date without a
/// year ("CLEVELAND, Feb 26 -") gives nothing: dates are never guessed.
pub(crate) fn date_in(text: &str) -> Option<String> {
    let long = format_description!("[day padding:none] [month repr:short case_sensitive:false] [year]");
    let iso = format_description!("[year]-[month]-[day]");
    let out = format_description!("[year]-[month]-[day]");
    for caps in date_re().captures_iter(text) {
        let parsed = if let Some(m) = caps.name("iso") {
            Date::parse(m.as_str(), &iso).ok()
        } else {
            let (d, m, y) = match (caps.name("d1"), caps.name("m1"), caps.name("y1")) {
                (Some(d), Some(m), Some(y)) => (d, m, y),
                _ => match (caps.name("d2"), caps.name("m2"), caps.name("y2")) {
                    (Some(d), Some(m), Some(y)) => (d, m, y),
                    _ => continue,
                },
            };
            Date::parse(&format!("{} {} {}", d.as_str(), m.as_str(), y.as_str()), &long).ok()
        };
        if let Some(date) = parsed.and_then(|d| d.format(&out).ok()) {
            return Some(date);
        }
    }
    None
}

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"https?://[^\s<>"'()\[\]]+"#)
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// URLs in a line, without trailing punctuation.
pub(crate) fn urls(text: &str) -> Vec<String> {
    url_re()
        .find_iter(text)
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']).to_string())
        .collect()
}

/// A "Sources" heading, in the languages the cleaner knows.
pub(crate) fn is_sources_heading(text: &str) -> bool {
    let t = text.trim_end_matches(':').trim().to_lowercase();
    matches!(
        t.as_str(),
        "sources"
            | "source"
            | "references"
            | "quellen"
            | "fuentes"
            | "fontes"
            | "fonti"
            | "bronnen"
            | "sources and references"
            | "출처"
    )
}

/// The article's own URL, given on a line such as "URL: https://...", or "Originally
/// published at https://...". Its /YYYY/MM/DD/ path dates the article itself.
pub(crate) fn own_url_date(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let own = RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:url|canonical(?: url)?|source url|permalink|originally (?:published|appeared) (?:at|on|in))\s*:?\s*https?://")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    });
    if !own.is_match(text) {
        return None;
    }
    urls(text).iter().find_map(|u| url_date(u))
}

/// The date in a URL path such as /2026/04/06/.
pub(crate) fn url_date(url: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    });
    let caps = re.captures(url)?;
    let iso = format!("{}-{}-{}", &caps[1], &caps[2], &caps[3]);
    Date::parse(&iso, &format_description!("[year]-[month]-[day]")).ok()?;
    Some(iso)
}

/// The site name in a dateline such as "April 7, 2026 · 8 min read · Happycapy Guide":
/// the separated segment that is neither a date, a reading time nor a byline.
pub(crate) fn site_in_dateline(text: &str) -> Option<String> {
    text.split(['·', '|', '•'])
        .map(str::trim)
        .filter(|seg| !seg.is_empty())
        .find(|seg| {
            let words = seg.split_whitespace().count();
            (1..=4).contains(&words)
                && !seg.chars().any(|c| c.is_ascii_digit())
                && author(seg).is_none()
                && !rules::is_dateline(seg, words)
                && seg
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()))
        })
        .map(str::to_string)
}

/// The holder named in a copyright line: "© 2026 The AI Post. All rights reserved."
pub(crate) fn site_in_copyright(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?(?P<site>\p{Lu}[\p{L}\p{N}&'’-]*(?: \p{Lu}[\p{L}\p{N}&'’-]*){0,4})")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    });
    let site = re.captures(text)?.name("site")?.as_str().trim_end_matches('.');
    (!site.eq_ignore_ascii_case("all")).then(|| site.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_and_never_guessed() {
        assert_eq!(date_in("April 7, 2026 · 8 min read · Happycapy Guide").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("Published 7 Apr 2026, 10:00").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("Updated 2026-04-07T10:00Z").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("CLEVELAND, Feb 26 - The company said"), None);
        assert_eq!(date_in("Last reviewed: April 2026"), None);
        assert_eq!(date_in("February 30, 2026"), None);
        assert_eq!(
            url_date("https://www.axios.com/2026/04/06/meta-open-source-ai-models").as_deref(),
            Some("2026-04-06")
        );
    }

    #[test]
    fn names_are_read() {
        assert_eq!(author("By Connie · Last reviewed: April 2026").as_deref(), Some("Connie"));
        assert_eq!(
            author("By Jane van Doe and John Roe, Reuters").as_deref(),
            Some("Jane van Doe and John Roe")
        );
        assert_eq!(
            site_in_dateline("April 7, 2026 · 8 min read · Happycapy Guide").as_deref(),
            Some("Happycapy Guide")
        );
        assert_eq!(
            site_in_copyright("© 2026 The AI Post. All rights reserved.").as_deref(),
            Some("The AI Post")
        );
    }

    #[test]
    fn derived_titles_are_cut_at_a_word() {
        let t = derived_title("Meta is gearing up to release its first batch of AI models developed under the direction of Alexandr Wang — and plans to.");
        assert_eq!(t, "Meta is gearing up to release its first batch of AI models…");
        assert_eq!(derived_title("Short sentence here. Another one."), "Short sentence here");
    }

    #[test]
    fn near_equal_titles_repeat() {
        let title = "Meta Preps First AI Models Under Alexandr Wang's Leadership";
        assert!(repeats_title("Meta Preps First AI Models Under Alexandr Wang’s Leadership", title));
        assert!(repeats_title(
            "Meta Preps First AI Models Under Alexandr Wang's Leadership | The AI Post",
            title
        ));
        assert!(!repeats_title("Why the Strategy Shift", title));
    }
}
