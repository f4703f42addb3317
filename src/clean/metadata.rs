//! Metadata: title, subtitle, author, publication date, site name and cited sources.

use super::classify::Class;
use super::features::Features;
use super::lang::{self, Script};
use super::pattern::Pattern;
use super::rules;
use super::Reason;
use std::collections::HashSet;
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

/// On a page saved whole, the headline stands right above the article's first paragraph,
/// with at most its byline, date, credits or share buttons between; the first
/// headline-shaped line of the page may be the site's name above its menus. So the line
/// above the text is the title when menus or a cookie notice stand between it and
/// `first_pick` (the first headline-shaped block), or before it when there is none: an
/// article's own title is never followed by its site's menus.
pub(crate) fn headline_above_text(
    classes: &[Class],
    texts: &[&str],
    feats: &[Features],
    first_pick: Option<usize>,
) -> Option<usize> {
    let Some(first_text) = (0..classes.len()).find(|&i| classes[i] == Class::Content) else {
        return first_pick;
    };
    let between = |c: Class| {
        matches!(
            c,
            Class::Frag | Class::Bad(Reason::Byline | Reason::Dateline | Reason::Metadata | Reason::Share, _)
        )
    };
    let above = (0..first_text).rev().find(|&j| !between(classes[j]));
    let Some(above) = above.filter(|&a| classes[a] == Class::Short && headline_like(texts[a], &feats[a]))
    else {
        return first_pick;
    };
    let from = match first_pick {
        Some(t) if t >= above => return first_pick,
        Some(t) => t,
        None => 0,
    };
    let menus =
        (from..above).any(|k| matches!(classes[k], Class::Bad(Reason::Navigation | Reason::Cookie, _)));
    if menus {
        Some(above)
    } else {
        first_pick
    }
}

/// Blocks above the article's first paragraph searched for its headline on a page.
const HEADLINE_REACH: usize = 20;
/// Words of the article's text, from its first paragraph on, that a headline is compared with.
const HEADLINE_CONTEXT_WORDS: usize = 1000;

/// What a page's article is about: the words its text uses, from its first paragraph on.
/// A headline names what the article is about; the site's name, its menus, the byline, the
/// date and a picture's credit name other things.
pub(crate) struct ArticleWords<'a> {
    words: HashSet<String>,
    lang: &'a str,
    /// The first block of text, and the first the words were read from: the one after it
    /// when it is a headline long enough to be taken for text (no sentence's end).
    first_text: usize,
    text_from: usize,
}

impl<'a> ArticleWords<'a> {
    pub fn of(
        classes: &[Class],
        texts: &[&str],
        feats: &[Features],
        lang: &'a str,
    ) -> Option<ArticleWords<'a>> {
        let first_text = (0..classes.len()).find(|&i| classes[i] == Class::Content)?;
        let lead_is_headline =
            headline_shaped(texts[first_text], &feats[first_text]) && !feats[first_text].terminal;
        let text_from = first_text + usize::from(lead_is_headline);
        let words = (text_from..classes.len())
            .filter(|&i| matches!(classes[i], Class::Content | Class::Near))
            .flat_map(|i| topic_words(texts[i], lang))
            .take(HEADLINE_CONTEXT_WORDS)
            .collect();
        Some(ArticleWords { words, lang, first_text, text_from })
    }

    /// The share of `text`'s topic words that the article uses, when it has two or more.
    fn share_of(&self, text: &str) -> Option<f32> {
        let words: Vec<String> = topic_words(text, self.lang).collect();
        let shared = words.iter().filter(|w| self.words.contains(*w)).count();
        (words.len() >= 2).then(|| shared as f32 / words.len() as f32)
    }

    /// Whether `text` names what the article is about: at least half of its topic words.
    pub fn names_the_topic(&self, text: &str) -> bool {
        self.share_of(text).is_some_and(|share| share >= 0.5)
    }

    /// On a page saved whole, the headline among the lines above the article's first
    /// paragraph: the headline-shaped line that names the article's topic with the most of
    /// its words; of lines that score the same, the first. `None` when no line does.
    pub fn headline(&self, classes: &[Class], texts: &[&str], feats: &[Features]) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for i in self.first_text.saturating_sub(HEADLINE_REACH)..self.text_from {
            let usable = matches!(classes[i], Class::Short | Class::Near | Class::Content);
            if !usable || !headline_shaped(texts[i], &feats[i]) {
                continue;
            }
            let Some(share) = self.share_of(texts[i]).filter(|&share| share >= 0.5) else { continue };
            if best.is_none_or(|(score, _)| share > score) {
                best = Some((share, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// A headline's shape, for the lines a page's headline is looked for among: a few words, no
/// menu separators ("Home » News"), no colon at the end ("Jump to:").
fn headline_shaped(text: &str, f: &Features) -> bool {
    f.words >= 3 && f.separators == 0 && !text.ends_with([':', '：']) && headline_like(text, f)
}

/// The words of `text` that name a topic, lowercased: of four letters or more, neither a
/// stop word of `lang` ("will", "nicht") nor an English possessive's ending ("county's" is
/// "county"). A Hangul syllable counts as the letters it carries (two make a Korean word of
/// weight); Chinese and Japanese, split one character a word, offer none, and their pages
/// keep the headline nearest the text.
fn topic_words<'a>(text: &'a str, lang: &'a str) -> impl Iterator<Item = String> + 'a {
    let letters = |w: &str| w.chars().map(|c| lang::script_of(c).map_or(1, Script::weight)).sum::<u32>();
    text.unicode_words()
        .map(|w| w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w))
        .filter(move |w| letters(w) >= 4)
        .map(str::to_lowercase)
        .filter(move |w| !super::is_stop_word(lang, w))
}

/// A page title's site suffix: "Meta preps its first models | The Verge" gives the
/// headline and "The Verge".
pub fn split_site_suffix(title: &str) -> Option<(&str, &str)> {
    let (head, site) = title.rsplit_once(" | ")?;
    let site = site.trim();
    let site_words = site.split_whitespace().count();
    let named =
        site.split_whitespace().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()));
    (head.split_whitespace().count() >= 3 && (1..=4).contains(&site_words) && named)
        .then_some((head.trim(), site))
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
#[cfg(test)]
pub(crate) fn repeats_title(line: &str, title: &str) -> bool {
    Title::of(title).repeated_by(line)
}

/// The title, normalised once to be compared with every line.
pub(crate) struct Title<'a> {
    text: &'a str,
    words: Vec<String>,
}

impl<'a> Title<'a> {
    pub fn of(text: &'a str) -> Title<'a> {
        Title { text, words: norm_words(text) }
    }

    /// A line equal or nearly equal to the title, or the title with a short site suffix.
    pub fn repeated_by(&self, line: &str) -> bool {
        let (title, b) = (self.text, &self.words);
        // Cheap length tests first: most lines are paragraphs far longer than any title.
        if line.len() > title.len() * 2 + 60 || title.len() > line.len() * 2 + 60 {
            return false;
        }
        // Counted no further than the first test below needs.
        let limit = b.len() + 7;
        let count = if line.is_ascii() {
            // Where a run of letters and digits starts, a byte at a time.
            let bytes = line.as_bytes();
            let after = std::iter::once(&b' ').chain(bytes);
            let starts = bytes
                .iter()
                .zip(after)
                .filter(|(b, a)| b.is_ascii_alphanumeric() && !a.is_ascii_alphanumeric());
            starts.take(limit).count()
        } else {
            let words = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
            words.take(limit).count()
        };
        if count == 0 || b.is_empty() || count > b.len() + 6 || b.len() > count + 6 {
            return false;
        }
        // Word lists of different lengths are similar only when the shorter has four words.
        if count != b.len() && count.min(b.len()) < 4 {
            return false;
        }
        if line.is_ascii() {
            // Its words compared without a lower-case copy of each: an ASCII word is the
            // title's word when they differ only in the case of ASCII letters.
            let words: Vec<&str> =
                line.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
            similar(&words, b, |w, t| w.eq_ignore_ascii_case(t))
        } else {
            similar(&norm_words(line), b, |w, t| w == t)
        }
    }
}

/// Whether the line's words `a` are the title's words `b`, or nearly; `same` compares a
/// word of each.
fn similar<A, B>(a: &[A], b: &[B], same: impl Fn(&A, &B) -> bool) -> bool {
    let (n, m) = (a.len(), b.len());
    if n == m && a.iter().zip(b).all(|(w, t)| same(w, t)) {
        return true;
    }
    let (short, long) = (n.min(m), n.max(m));
    let prefix = a.iter().zip(b).all(|(w, t)| same(w, t));
    if prefix && short >= 4 && long - short <= 5 {
        return true;
    }
    // The shorter list's words found anywhere in the longer.
    let shared = if n <= m {
        a.iter().filter(|w| b.iter().any(|t| same(w, t))).count()
    } else {
        b.iter().filter(|t| a.iter().any(|w| same(w, t))).count()
    };
    short >= 4 && shared * 10 >= long * 9
}

/// The subtitle: the sentence right after the title, when it is short enough to be a
/// standfirst rather than the lede, and not a dateline-led news paragraph.
pub(crate) fn subtitle(text: &str, f: &Features) -> Option<String> {
    // A line of a table ("MTH BYR  SLR  HIGH LOW  SALES") is no standfirst.
    if f.words < 6 || f.words > 45 || f.table_row || f.list_item || f.has_url || f.columns || f.data {
        return None;
    }
    if rules::is_wire_dateline(text) {
        return None;
    }
    Some(text.to_string())
}

fn author_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s+(?P<name>\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|den|la|le|del|da|di|dos|bin|al|and|&|und|et|y)){0,6})")
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

fn date_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?i)\b(?P<m1>{m})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?P<m2>{m})\.?,?\s+(?:de\s+)?(?P<y2>(?:19|20)\d\d)\b|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)(?:\b|T)|\b(?P<y4>(?:19|20)\d\d)\.\s?(?P<m4>\d{{1,2}})\.\s?(?P<d4>\d{{1,2}})\b|\b(?P<d5>\d{{1,2}})\.(?P<m5>\d{{1,2}})\.(?P<y5>(?:19|20)\d\d)\b",
            m = super::months::pattern()
        );
        Pattern::new(&p)
    })
}

/// The first full date (day, month and year) in a line, as ISO 8601. A date without a
/// year ("CLEVELAND, Feb 26 -") gives nothing: dates are never guessed. Numeric dates
/// are read only where the order is unambiguous: 2026-03-04, 2026.03.04 (year first),
/// 04.03.2026 (dots put the day first); 03/04/2026 is left alone.
pub(crate) fn date_in(text: &str) -> Option<String> {
    let out = format_description!("[year]-[month]-[day]");
    let mut first = None;
    for caps in date_re().captures_iter(text) {
        let get = |name: &str| caps.name(name).map(|m| m.as_str());
        let parts = (1..=5).find_map(|k| {
            let (y, m, d) = (get(&format!("y{k}"))?, get(&format!("m{k}"))?, get(&format!("d{k}"))?);
            let month = m.parse::<u8>().ok().or_else(|| super::months::number(m))?;
            Some((y.parse::<i32>().ok()?, month, d.parse::<u8>().ok()?))
        });
        let Some((year, month, day)) = parts else { continue };
        let date =
            time::Month::try_from(month).ok().and_then(|m| Date::from_calendar_date(year, m, day).ok());
        let Some(iso) = date.and_then(|d| d.format(&out).ok()) else { continue };
        // "Updated March 5, 2026 | Published March 3, 2026": publication wins.
        let start = caps.get(0).map_or(0, |m| m.start());
        let before = &text[text.floor_char_boundary_compat(start.saturating_sub(30))..start];
        if published_re().is_match(before) {
            return Some(iso);
        }
        first.get_or_insert(iso);
    }
    first
}

fn published_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"(?i)(?:published|posted|first published|veröffentlicht|publié|publicado|pubblicato|입력)\W*(?:on\W*)?(?:\w+,?\s*)?$")
    })
}

/// The largest char boundary at or below `i` (str::floor_char_boundary is unstable).
trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, i: usize) -> usize {
        let mut i = i.min(self.len());
        while !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

fn url_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| Pattern::new(r#"https?://[^\s<>"'()\[\]]+"#))
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
    let t = text.trim_end_matches(':').trim();
    // Lower-casing never shortens a text in characters: a line longer than the longest
    // heading is none of them.
    if t.chars().nth("sources and references".len()).is_some() {
        return false;
    }
    let t = t.to_lowercase();
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
    static RE: OnceLock<Pattern> = OnceLock::new();
    let own = RE.get_or_init(|| {
        Pattern::new(r"(?i)^(?:url|canonical(?: url)?|source url|permalink|originally (?:published|appeared) (?:at|on|in))\s*:?\s*https?://")
    });
    if !own.is_match(text) {
        return None;
    }
    urls(text).iter().find_map(|u| url_date(u))
}

/// The date in a URL path such as /2026/04/06/.
pub(crate) fn url_date(url: &str) -> Option<String> {
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| Pattern::new(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)"));
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
    static RE: OnceLock<Pattern> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Pattern::new(r"(?i:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?(?P<site>\p{Lu}[\p{L}\p{N}&'’-]*(?: \p{Lu}[\p{L}\p{N}&'’-]*){0,4})")
    });
    let site = re.captures(text)?.name("site")?.as_str().trim_end_matches('.');
    (!site.eq_ignore_ascii_case("all")).then(|| site.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_words_weigh_syllables_and_letters_alike() {
        let words: Vec<String> =
            topic_words("The county's ferries on the Sound will run from May", "eng").collect();
        assert_eq!(words, ["county", "ferries", "sound"]);
        // Two Hangul syllables carry a word; one (명, "people") does not.
        let words: Vec<String> = topic_words("강릉 단오제, 올해 외국인 관광객 30만 명 목표", "kor").collect();
        assert_eq!(words, ["강릉", "단오제", "올해", "외국인", "관광객", "30만", "목표"]);
    }

    #[test]
    fn dates_are_read_and_never_guessed() {
        assert_eq!(date_in("April 7, 2026 · 8 min read · Happycapy Guide").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("Published 7 Apr 2026, 10:00").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("Updated 2026-04-07T10:00Z").as_deref(), Some("2026-04-07"));
        assert_eq!(date_in("CLEVELAND, Feb 26 - The company said"), None);
        assert_eq!(date_in("Last reviewed: April 2026"), None);
        assert_eq!(date_in("February 30, 2026"), None);
        assert_eq!(date_in("입력 2026.03.02 14:20 | 수정 2026.03.02 16:05").as_deref(), Some("2026-03-02"));
        assert_eq!(date_in("04.03.2026, 11:32 Uhr").as_deref(), Some("2026-03-04"));
        assert_eq!(date_in("03/04/2026"), None);
        assert_eq!(date_in("Publié le 9 mars 2026 à 18h05").as_deref(), Some("2026-03-09"));
        assert_eq!(date_in("9 de marzo de 2026").as_deref(), Some("2026-03-09"));
        assert_eq!(date_in("Sunday 8 March 2026, 9:14 pm").as_deref(), Some("2026-03-08"));
        // A line the dateline rule removes gives its date: one table of month names.
        assert_eq!(date_in("5. Oktober 2026").as_deref(), Some("2026-10-05"));
        assert_eq!(date_in("Sept. 3, 2026").as_deref(), Some("2026-09-03"));
        assert_eq!(date_in("Updated March 5, 2026 · Published March 3, 2026").as_deref(), Some("2026-03-03"));
        assert_eq!(date_in("입력 2026.03.02 14:20 | 수정 2026.03.04 16:05").as_deref(), Some("2026-03-02"));
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
    fn site_suffixes_leave_titles() {
        assert_eq!(
            split_site_suffix("Meta preps its first models | The Verge"),
            Some(("Meta preps its first models", "The Verge"))
        );
        assert_eq!(split_site_suffix("Prices | Plans | What changes for you"), None);
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
        // An ASCII line is compared a byte at a time, others word by lower-cased word.
        assert!(repeats_title("META PREPS FIRST AI MODELS UNDER ALEXANDR WANG'S LEADERSHIP", title));
        assert!(repeats_title(
            "Exclusive: Meta preps first AI models under Alexandr Wang's leadership",
            title
        ));
        let title = "Zürich Bankers Meet Over Rates Today";
        assert!(repeats_title("ZÜRICH BANKERS MEET OVER RATES TODAY", title));
        assert!(
            !repeats_title("ZURICH BANKERS MEET OVER RATES TODAY", title),
            "five words of six are not nine in ten"
        );
        assert!(repeats_title("Zürich bankers meet over rates today - Reuters", title));
    }
}
