//! The seed verdicts of the cleaning issue, and robustness.

use super::*;
use crate::testutil::XorShift;

const S000: &str = include_str!("../../seeds/000_e6c5c0a6c5537778.txt");
const S001: &str = include_str!("../../seeds/001_b4bff1ee588b09f9.txt");
const S002: &str = include_str!("../../seeds/002_d7e602d5e941a32f.txt");
const S003: &str = include_str!("../../seeds/003_d4fa5a2affe2ad12.txt");
const S004: &str = include_str!("../../seeds/004_71a336833f40eb96.txt");

fn run(text: &str) -> Cleaned {
    clean(text, &Templates::default())
}

/// Lines removed, lines in fragments, lines kept (by line number).
fn verdicts(c: &Cleaned, text: &str) -> (Vec<usize>, Vec<usize>) {
    let _ = text;
    let removed = c.removed.iter().flat_map(|r| r.line..=r.line_end.unwrap_or(r.line)).collect();
    let frags = c.fragments.iter().flat_map(|r| r.line..=r.line_end.unwrap_or(r.line)).collect();
    (removed, frags)
}

/// Asserts the seed verdicts: exactly `drop` removed and `frag` fragments, apart from
/// `either` lines; every other non-blank line is in the body.
fn check(text: &str, drop: &[usize], frag: &[usize], either: &[usize]) -> Cleaned {
    let c = run(text);
    let (removed, frags) = verdicts(&c, text);
    for l in drop {
        assert!(removed.contains(l), "line {l} should be removed: {:#?}", c.removed);
    }
    for l in frag {
        assert!(frags.contains(l), "line {l} should be a fragment: {:#?}", c.fragments);
    }
    for l in removed.iter().chain(&frags) {
        assert!(
            drop.contains(l) || frag.contains(l) || either.contains(l),
            "line {l} lost: removed {:#?} fragments {:#?}",
            c.removed,
            c.fragments
        );
    }
    let body: Vec<&str> = c.body.lines().collect();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || drop.contains(&n) || frag.contains(&n) || either.contains(&n) {
            continue;
        }
        // The headline is kept as the title, not repeated in the body.
        if line.trim() == c.title {
            assert!(!body.contains(&line.trim()), "the title is in the body too");
            continue;
        }
        assert!(body.contains(&line.trim()), "line {n} missing from body: {line}");
    }
    c
}

#[test]
fn seed_000() {
    let c = check(S000, &[4], &[70, 71, 72, 73], &[2, 66, 67, 68, 69]);
    assert_eq!(c.title, "Meta Preps First AI Models Under Alexandr Wang's Leadership");
    assert_eq!(c.lang, "eng");
    assert!(c.fragments.iter().all(|f| f.lang == "kor"));
    assert!(!c.body.chars().any(|ch| ('\u{ac00}'..='\u{d7af}').contains(&ch)));
    assert_eq!(
        c.sources,
        vec![
            "https://www.axios.com/2026/04/06/meta-open-source-ai-models",
            "https://the-decoder.com/meta-plans-to-open-source-parts-of-its-new-ai-models/",
            "https://gizmodo.com/as-meta-flounders-it-reportedly-plans-to-open-source-its-new-ai-models-2000743047",
        ]
    );
    let reason = c.removed.iter().find(|r| r.line == 4).map(|r| r.reason);
    assert_eq!(reason, Some(Reason::RepeatedTitle));
    // The only date is in a cited source's URL: it dates the source, not this article.
    assert_eq!(c.date, None);
}

#[test]
fn seed_001_title_from_first_sentence() {
    let c = check(S001, &[], &[], &[]);
    assert_eq!(c.title, "Meta is gearing up to release its first batch of AI models…");
    assert_eq!(c.lang, "eng");
}

#[test]
fn seed_002() {
    let c = check(S002, &[], &[], &[]);
    assert_eq!(
        c.title,
        "Meta Is About to Release Its First AI Models Built Under Alexandr Wang — Some Will Be Open Source"
    );
}

#[test]
fn seed_003() {
    let c = check(S003, &[4], &[], &[3, 12]);
    assert_eq!(
        c.title,
        "Meta Hired a 27-Year-Old to Run Its AI. His First Models Will Be Proprietary. Open Source Can Wait."
    );
    assert_eq!(c.site.as_deref(), Some("The AI Post"));
    assert_eq!(c.removed.iter().find(|r| r.line == 4).map(|r| r.reason), Some(Reason::Tagline));
}

#[test]
fn seed_004() {
    let c = check(S004, &[1, 3, 54, 55], &[], &[35, 53]);
    assert_eq!(
        c.title,
        "Meta's Next AI Models Are Being Built by the Scale AI Founder — And They'll Be Open Source"
    );
    assert_eq!(c.author.as_deref(), Some("Connie"));
    assert_eq!(c.date.as_deref(), Some("2026-04-07"));
    assert_eq!(c.site.as_deref(), Some("Happycapy Guide"));
    let reason = |l: usize| c.removed.iter().find(|r| r.line == l).map(|r| r.reason);
    assert!(matches!(reason(1), Some(Reason::Affiliate | Reason::Byline)));
    assert_eq!(reason(3), Some(Reason::Dateline));
    assert_eq!(reason(54), Some(Reason::Newsletter));
    assert_eq!(reason(55), Some(Reason::Newsletter));
}

#[test]
fn no_english_seed_line_is_a_fragment() {
    for text in [S000, S001, S002, S003, S004] {
        let c = run(text);
        for f in &c.fragments {
            assert_eq!(f.lang, "kor", "{f:?}");
        }
    }
}

#[test]
fn reason_codes_are_documented_and_distinct() {
    let mut seen = std::collections::HashSet::new();
    for r in Reason::ALL {
        assert!(seen.insert(r.as_str()));
        assert!(!r.describe().is_empty());
        let json = format!("\"{}\"", r.as_str());
        assert_eq!(serde_json::to_string(&r).ok(), Some(json));
    }
}

#[test]
fn a_flash_headline_alone_is_the_body_too() {
    let c = run("ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK\n");
    assert_eq!(c.title, "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK");
    assert_eq!(c.body, c.title);
    let c = run("Subscribe to our newsletter\n\nAll rights reserved.\n");
    assert!(c.body.is_empty(), "{c:?}");
}

#[test]
fn wire_story_is_joined_and_signed_off() {
    let text = "ELDERS HAPPY TO LEAVE CARLING SHARES OUTSTANDING\n\n    TORONTO, June 2 - Elders IXL Ltd <ELXA.S> says it is happy\nto leave preferences shares of brewer Carling O'Keefe Ltd\noutstanding after an undisclosed bidder made an offer to\nacquire all of Carling's outstanding preferred stock.\n    Elders, which owns 100 pct of Carling's outstanding common\nshares, previously proposed to redeem the 433,745 Carling\nseries A preferred shares at 33.50 Canadian dlrs each and\nredeem the 386,662 series B preferreds at 40 dlrs a share.\n    The series A and B preferred shares carry no vote while\ndividends are paid.\n Reuter\n";
    let c = run(text);
    assert_eq!(c.title, "ELDERS HAPPY TO LEAVE CARLING SHARES OUTSTANDING");
    assert_eq!(c.date, None);
    assert_eq!(c.body.lines().count(), 3, "the headline is the title, not body: {}", c.body);
    assert!(c.body.contains("made an offer to acquire all of Carling's"));
    assert_eq!(c.removed.len(), 1, "{:?}", c.removed);
    assert_eq!(c.removed[0].reason, Reason::SignOff);
    assert_eq!(c.removed[0].line, 13);
}

#[test]
fn all_boilerplate_has_an_empty_body() {
    let c = run("Home\nWorld\nBusiness\nTech\n\nSubscribe to our newsletter\n© 2026 Example News. All rights reserved.\n");
    assert!(c.body.is_empty(), "{c:#?}");
}

#[test]
fn templates_recurring_in_five_articles_are_removed() {
    let mut t = Templates::default();
    let article = |i: usize| {
        format!(
            "Headline number {i} about the markets\nThe markets rose on day {i} as investors weighed the latest figures from the central bank and the government.\nSiteName Daily Briefing\n"
        )
    };
    for i in 0..5 {
        t.learn(&article(i * 7 + 1));
    }
    let c = clean(&article(3), &t);
    assert_eq!(c.removed.iter().map(|r| r.reason).collect::<Vec<_>>(), vec![Reason::Template]);
}

fn random_unicode(rng: &mut XorShift, len: usize) -> String {
    const POOLS: &[(u32, u32)] = &[
        (0x20, 0x7e),
        (0x0a, 0x0d),
        (0xa0, 0x24f),
        (0x370, 0x52f),
        (0x590, 0x6ff),
        (0x900, 0xe7f),
        (0x1100, 0x11ff),
        (0x2000, 0x206f),
        (0x3000, 0x30ff),
        (0x4e00, 0x9fff),
        (0xac00, 0xd7af),
        (0xfe00, 0xffff),
        (0x1f300, 0x1faff),
    ];
    let mut s = String::new();
    for _ in 0..len {
        let (lo, hi) = *rng.pick(POOLS);
        let c = char::from_u32(lo + rng.below((hi - lo + 1) as usize) as u32).unwrap_or(' ');
        s.push(c);
        if rng.below(9) == 0 {
            s.push(' ');
        }
    }
    s
}

/// Words from the seeds and the rule table, shuffled: inputs that reach deep into the rules.
fn random_words(rng: &mut XorShift, len: usize) -> String {
    const WORDS: &[&str] = &[
        "By",
        "Connie",
        "·",
        "April",
        "7,",
        "2026",
        "min",
        "read",
        "Subscribe",
        "newsletter",
        "©",
        "Reuter",
        "the",
        "of",
        "and",
        "Meta",
        "|",
        "---",
        "Sources",
        "https://x.com/2026/04/06/a",
        "\n",
        "\n\n",
        "\r\n",
        "    ",
        "\t",
        "출처",
        "관련",
        "Die",
        "der",
        "und",
        "—",
        "-",
        "?",
        ".",
        "Share",
        "Home",
        "(김정은)",
        "\u{feff}",
    ];
    let mut s = String::new();
    for _ in 0..len {
        s.push_str(rng.pick::<&str>(WORDS));
        s.push(' ');
    }
    s
}

fn check_invariants(text: &str, c: &Cleaned) {
    let lines = text.lines().count().max(1);
    for r in &c.removed {
        assert!(r.line >= 1 && r.line <= lines && r.line_end.is_none_or(|e| e > r.line && e <= lines));
    }
    for f in &c.fragments {
        assert!(f.line >= 1 && f.line <= lines && !f.lang.is_empty());
    }
    assert!(!c.lang.is_empty());
}

#[test]
fn never_panics_on_random_input() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut templates = Templates::default();
    for round in 0..300 {
        let len = rng.below(400);
        let text = match round % 3 {
            0 => {
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => random_unicode(&mut rng, len),
            _ => random_words(&mut rng, len),
        };
        templates.learn(&text);
        let c = clean(&text, &templates);
        check_invariants(&text, &c);
    }
}

#[test]
fn a_megabyte_line_is_linear() {
    let sentence = "The company said it would release the models to developers soon. ";
    let text: String = sentence.repeat(1_000_000 / sentence.len());
    let start = std::time::Instant::now();
    let c = run(&text);
    let elapsed = start.elapsed();
    assert_eq!(c.body.len(), text.trim().len());
    // A generous bound: a quadratic pass over a megabyte would take minutes.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
}

#[test]
fn wire_tables_are_article_text() {
    let text = "COBANCO INC <CBCO> YEAR NET\n\n    SANTA CRUZ, Calif., Feb 26 -\n    Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n    Assets 510.2 mln vs 479.7 mln\n    Note: 4th qtr not available. Year includes 1985\nextraordinary gain from tax carry forward of 132,000 dlrs, or\nfive cts per shr.\n Reuter\n";
    let c = run(text);
    assert_eq!(c.lang, "eng");
    assert!(c.fragments.is_empty(), "{:?}", c.fragments);
    let removed: Vec<(usize, Reason)> = c.removed.iter().map(|r| (r.line, r.reason)).collect();
    assert_eq!(removed, vec![(10, Reason::SignOff)]);
    assert!(c.body.contains("Shr 34 cts vs 1.19 dlrs"));
}

#[test]
fn a_web_page_loses_its_furniture() {
    let text = "Skip to main content\n\nHome\nNews\nSport\nBusiness\n\nCulture › Museums\n\n\
Maritime Museum Reopens With a Whaling Gallery\n\n\
After a two-year renovation, the museum asks visitors to sit with the uncomfortable parts of the town's past.\n\n\
By Ines Castillo\n11 March 2026\n\nShare this article\nFacebook · X · LinkedIn · Email\n\n\
For most of the last century, the museum told the story of whaling as an adventure: tall ships, brave men and scrimshaw in glass cases.\n\n\
Visitor Information\n\nMonday–Friday\t10:00–17:00\nAdults\t$14\n\n\
The new gallery places a restored harpoon boat at the centre of a darkened room, surrounded by the names of the sailors who died.\n\n\
14 comments\n\nRelated\nThe diary that changed the exhibit\nReview: Salt and Iron at the Playhouse\n\n\
Tags: museums, history, whaling\n\nWe use cookies to improve your experience. By continuing to browse you agree to our use of cookies.\n\
© 2026 Harbour Ledger Media Cooperative. All rights reserved.\n";
    let c = run(text);
    assert_eq!(c.title, "Maritime Museum Reopens With a Whaling Gallery");
    assert_eq!(c.author.as_deref(), Some("Ines Castillo"));
    assert_eq!(c.date.as_deref(), Some("2026-03-11"));
    let kept: Vec<&str> = c.body.lines().collect();
    assert_eq!(kept.len(), 6, "{kept:#?}");
    for line in ["Visitor Information", "Adults $14", "Monday–Friday 10:00–17:00"] {
        assert!(kept.contains(&line), "{line} lost: {kept:#?}");
    }
}

#[test]
fn a_table_of_contents_is_kept() {
    let text = "Why Meta Is Changing Course\n\nIn this article\nThe Hire\nThe Strategy\nWhat It Means\n\n\
The Hire\nMeta hired the founder of a data company last year and gave him its most important project.\n\
The Strategy\nThe company will open some of its models and keep the largest ones for its own products.\n\
What It Means\nDevelopers will get capable open models, while the frontier stays behind an interface.\n";
    let c = run(text);
    assert!(c.removed.is_empty(), "{:#?}", c.removed);
}

#[test]
fn a_footer_menu_repeating_the_header_is_not_contents() {
    let text = "News\nSport\nBusiness\n\nCity Council Approves New Budget\n\n\
The council approved the budget on Tuesday after a long debate about the cost of the new tram line.\n\
The mayor said the plan would keep taxes flat for another year while the city repairs its roads.\n\n\
News\nSport\nBusiness\n";
    let c = run(text);
    let removed: Vec<usize> = c.removed.iter().map(|r| r.line).collect();
    assert_eq!(removed, vec![1, 2, 3, 10, 11, 12], "{:#?}", c.removed);
}

/// An earnings item of the wire, as dozens of companies file it in one folder.
fn earnings_item(name: &str, shr: u32, net: u32) -> String {
    format!(
        "{name} INC <{ticker}> 4TH QTR NET\n\n    CHICAGO, March 2 -\n    Shr {shr} cts vs {prev} cts\n    \
Net {net},000 vs {net2},000\n    Revs 12.{shr} mln vs 11.1 mln\n    Year\n    Shr not given\n    \
Net {net3},000 vs 987,000\n    Qtly div three cts vs three cts prior\n    Pay April one\n    Record March 13\n Reuter\n",
        ticker = &name[..3],
        prev = shr + 3,
        net2 = net + 17,
        net3 = net * 3,
    )
}

#[test]
fn wire_data_lines_are_never_templates() {
    let names = ["ACME", "BOLT", "CRANE", "DELTA", "EAGLE", "FALCON", "GARNET"];
    let items: Vec<String> =
        names.iter().enumerate().map(|(i, n)| earnings_item(n, 10 + i as u32, 400 + 9 * i as u32)).collect();
    let mut t = Templates::default();
    for item in &items {
        t.learn(item);
    }
    assert!(t.is_template("Year") && t.is_template("Qtly div three cts vs three cts prior"));
    let c = clean(&items[2], &t);
    for line in [
        "Shr 12 cts vs 15 cts",
        "Year",
        "Shr not given",
        "Qtly div three cts vs three cts prior",
        "Pay April one",
        "Record March 13",
    ] {
        assert!(c.body.lines().any(|l| l == line), "{line} lost: {:#?}", c.removed);
    }
    // The sign-off still goes, and it is the only line that does.
    let removed: Vec<Reason> = c.removed.iter().map(|r| r.reason).collect();
    assert_eq!(removed, vec![Reason::SignOff]);
}

#[test]
fn a_recurring_footer_under_figures_is_still_a_template() {
    let article = |i: usize| {
        format!(
            "Harbour prices for week {i}\n\nThe harbour authority published its weekly table of fees on day {i} as usual.\n\n\
Berth A\t{i}0 dlrs\nBerth B\t{i}5 dlrs\n\nRead more stories from the Harbour Ledger\n"
        )
    };
    let mut t = Templates::default();
    for i in 1..=5 {
        t.learn(&article(i));
    }
    let c = clean(&article(3), &t);
    let removed: Vec<(&str, Reason)> = c.removed.iter().map(|r| (r.text.as_str(), r.reason)).collect();
    assert_eq!(removed, vec![("Read more stories from the Harbour Ledger", Reason::Template)]);
    assert!(c.body.contains("Berth A 30 dlrs"), "{}", c.body);
}

#[test]
fn a_market_report_keeps_its_time_stamp_headline() {
    let text = concat!(
        "CBT 10:40 EDT\n",
        "WHEAT\n",
        "MAY7  287 1/2 UP  1 1/4\n",
        "JUL7  273 1/2 UP   3/4\n",
        "SEP7  274 UP  1\n",
        "CORN\n",
        "MAY7  159 1/2 UP  1 1/4\n",
        "JUL7  163 UP  1 1/4\n",
    );
    let c = run(text);
    assert_eq!(c.title, "CBT 10:40 EDT");
    assert!(c.removed.is_empty(), "{:#?}", c.removed);
}

#[test]
fn a_table_of_figures_in_english_is_english() {
    // "per" is Italian and English alike: twice in a table, it made the table Italian.
    let text = concat!(
        "BANGKOK RICE 1 - APRIL 7\n",
        " Offered prices in U.S. Dlrs per tonne\n",
        " FOB basis Bangkok\n",
        "                       ASSOCIATION    TRADER\n",
        " Fragrant rice\n",
        " 100 pct 1st class         unq         300\n",
        " 100 pct 2nd class         unq         290\n",
        " White rice\n",
        " 100 pct 1st class         258         253\n",
        "   5 pct                   213         208\n",
        "  10 pct                   208         203\n",
        " Offered prices in U.S. Dlrs per tonne\n",
        " FOB basis Bangkok\n",
    );
    assert_eq!(run(text).lang, "eng");
    // Trigrams were sure of Catalan here, and the English note became a fragment.
    let text = concat!(
        "(CORRECTED) - <TRANSALTA UTILITIES CORP> YEAR NET\n",
        "\n",
        "    CALGARY, Alberta, March 2 -\n",
        "    Shr 81 cts vs 2.78 dlrs\n",
        "    Net 53.5 mln vs 180.9 mln\n",
        "    Revs 915.5 mln vs 836.0 mln\n",
        "    Note: 1986 net includes 125 mln dlr or 1.90 dlr shr\n",
        "writedown of investment in <Canada Northwest Energy Ltd> vs\n",
        "yr-ago extraordinary loss of 17 cts shr (net fig not given).\n",
        " Reuter\n",
    );
    let c = run(text);
    assert_eq!(c.lang, "eng");
    assert!(c.fragments.is_empty(), "{:?}", c.fragments);
}

#[test]
fn web_furniture_with_figures_is_still_a_template() {
    // A menu of channel names, a menu laid out in columns, and a site name above a footer
    // full of figures: none of them is a table, and each recurs in every page.
    let page = |i: usize| {
        format!(
            "BBC One\nBBC Two\nRadio 4\nHome   World   Sport\n\nCouncil approves budget number {i}\n\n\
The council voted on day {i} to approve a budget that the mayor had proposed in the spring.\n\n\
The Harbour Ledger\n© 2024 Harbour Ledger Ltd. 1234 Main St, Suite 500, City 12345\n"
        )
    };
    let mut t = Templates::default();
    for i in 1..=6 {
        t.learn(&page(i));
    }
    let c = clean(&page(3), &t);
    for furniture in ["BBC One", "BBC Two", "Radio 4", "Home", "The Harbour Ledger", "1234 Main St"] {
        assert!(!c.body.contains(furniture), "{furniture} kept: {}", c.body);
    }
    assert!(c.body.contains("approve a budget"), "{}", c.body);
}

/// A news page saved whole: menus, the headline, its byline and date, the article, then
/// share buttons, a "Most read" list of teasers and the comments.
const WHOLE_PAGE: &str = "Skip to main content\nHome\nNews\nSport\nWeather\nSign in\n\n\
Harbour News\n\n\
Ferry fares to rise by a fifth from March\n\n\
By Martha Quayle\n14 February 2026, 09:12 GMT\n\n\
Fares on the three ferry routes linking the islands to the mainland will rise by about twenty per cent from March, the operator confirmed on Friday.\n\n\
The company said the increase was needed to cover the cost of two new vessels, as well as higher fuel and insurance bills over the winter.\n\n\
Islanders with a resident's card will be spared the full increase, and their fares will rise by eight per cent instead.\n\n\
Share this article\nFacebook\nEmail\n\n\
Most read\n\
Harbour wall repairs will close the pier to vehicles for six weeks this spring, the council has warned residents.\n\
Island school wins a national award for a seashore science project that counted crabs and limpets for a year.\n\n\
3 Comments\n\
Angus_B\n\
Twenty per cent in one go is outrageous when the new boats were paid for with a government grant in the first place.\n\
Reply\n";

#[test]
fn a_whole_page_keeps_its_article_and_loses_lists_and_comments() {
    let c = run(WHOLE_PAGE);
    assert_eq!(c.title, "Ferry fares to rise by a fifth from March");
    for kept in ["rise by about twenty per cent", "two new vessels", "resident's card"] {
        assert!(c.body.contains(kept), "{kept} lost: {}", c.body);
    }
    let reason = |needle: &str| c.removed.iter().find(|r| r.text.contains(needle)).map(|r| r.reason);
    assert_eq!(reason("Most read"), Some(Reason::Related));
    assert_eq!(reason("Harbour wall repairs"), Some(Reason::Related));
    assert_eq!(reason("Island school wins"), Some(Reason::Related));
    assert_eq!(reason("3 Comments"), Some(Reason::Comments));
    assert_eq!(reason("Twenty per cent in one go"), Some(Reason::Comments));
    assert!(!c.body.contains("Harbour News"), "the site's name is no part of the article: {}", c.body);
}

#[test]
fn a_box_of_links_inside_the_article_does_not_end_it() {
    let text = "Stadtbad bleibt bis zum Herbst geschlossen\n\n\
Das Stadtbad an der Mühlenstraße bleibt länger geschlossen als geplant, weil die Handwerker Schäden an den Trägern entdeckt haben.\n\n\
Lesen Sie auch\nNeue Buslinie zum Bahnhof\n\n\
Ursprünglich sollte das Bad nach den Osterferien wieder öffnen, nun rechnet die Verwaltung mit dem September und höheren Kosten.\n\n\
Die Schulen müssen für den Schwimmunterricht weiter mit dem Bad in der Nachbargemeinde auskommen, die Busse bezahlt die Stadt.\n\n\
Der Schwimmverein hat seit dem Sommer keine eigenen Trainingszeiten mehr und hat ein Drittel der Kinder in der Anfängergruppe verloren.\n";
    let c = run(text);
    assert_eq!(c.lang, "deu");
    for kept in ["Osterferien", "Schwimmunterricht", "Schwimmverein"] {
        assert!(c.body.contains(kept), "{kept} lost: {}", c.body);
    }
}

#[test]
fn text_below_the_footer_is_not_the_article_but_a_plain_article_keeps_its_last_lines() {
    let page = format!(
        "{}\nAbout us\nContact us\nPrivacy policy\nTerms of service\nCareers\nAdvertise with us\n\
Get the morning briefing from the islands in your inbox every weekday.\n\
© 2026 Harbour News Ltd. All rights reserved.\n\n\
The island's best holiday cottages, hand-picked by our travel team and bookable all year round.\n",
        WHOLE_PAGE.split("\n\nShare this article").next().unwrap_or_default()
    );
    let c = run(&page);
    assert!(c.body.contains("resident's card"), "{}", c.body);
    let teaser = c.removed.iter().find(|r| r.text.contains("holiday cottages"));
    assert_eq!(teaser.map(|r| r.reason), Some(Reason::Other), "{:#?}", c.removed);

    let plain = "Council approves the budget\n\n\
The council met on Tuesday and approved the budget for the year after a long debate about the harbour.\n\n\
Further talks are planned\n";
    let c = run(plain);
    assert!(c.body.contains("Further talks are planned"), "{}", c.body);
}

#[test]
fn a_page_is_in_the_language_of_its_sentences_not_of_its_menus() {
    let text = "Home\nVideos\nPremier League\nChampions League\nUS Open\nTour de France\nFormula One\nLive Scores\n\n\
Olympia: Zweiter Coronafall im deutschen Team sorgt für Aufregung\n\n\
Eigentlich sollte in Peking der Sport in den Vordergrund rücken. Stattdessen muss sich das Team mit einem weiteren Fall beschäftigen.\n\n\
Der Präsident blickte sichtlich angespannt in den leeren Raum, als er über die Lage der Mannschaft sprach.\n";
    let c = run(text);
    assert_eq!(c.lang, "deu");
    assert!(c.fragments.is_empty(), "{:?}", c.fragments);
    assert!(c.body.contains("Vordergrund"), "{}", c.body);
}

/// An article about a library, then other articles' teasers with no heading above them.
const TEASERS_PAGE: &str = "Home\nNews\nSport\nWhat's on\nContact\n\n\
Library to open on Sundays from April\n\n\
The central library will open on Sundays from the first of April, the council said on Monday, after a trial last winter drew more visitors than expected.\n\n\
The trial ran for ten weeks and brought in about four hundred people each Sunday, most of them families with young children and students preparing for exams.\n\n\
The extra hours will be paid for by closing the mobile library van, which the council says now serves fewer than twenty readers a week in the outlying villages.\n\n\
Share this article\n\n\
Harbour wall repairs to start in May\n\
The work will close the eastern car park for six weeks.\n\
Island school wins national science prize\n\
Pupils built a weather station that reports to the met office.\n\
New bus timetable from the spring\n\
Two evening services are added on the island route.\n\
Ferry fares to rise by a fifth from March\n\
The operator blames the cost of fuel and of its new boats.\n";

#[test]
fn a_list_of_teasers_after_the_article_ends_it() {
    let c = run(TEASERS_PAGE);
    assert_eq!(c.title, "Library to open on Sundays from April");
    for kept in ["first of April", "four hundred people", "mobile library van"] {
        assert!(c.body.contains(kept), "{kept} lost: {}", c.body);
    }
    for teaser in ["Harbour wall repairs", "eastern car park", "weather station", "cost of fuel"] {
        let reason = c.removed.iter().find(|r| r.text.contains(teaser)).map(|r| r.reason);
        assert_eq!(reason, Some(Reason::Related), "{teaser}: {}", c.body);
    }
}

#[test]
fn a_plain_article_keeps_short_sections_at_its_end() {
    // The same layout in text without a page's menus, share bar or notices is the
    // article's own: short sections, each a heading and a sentence.
    let plain = TEASERS_PAGE
        .split("\n\n")
        .filter(|block| !block.starts_with("Home") && !block.starts_with("Share"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let c = run(&plain);
    for kept in ["mobile library van", "Harbour wall repairs", "eastern car park", "cost of fuel"] {
        assert!(c.body.contains(kept), "{kept} lost: {}", c.body);
    }
}

#[test]
fn a_subheading_after_a_read_also_link_stays() {
    let text = "„Królowa Elżbieta” wypływa w świat\n\n\
Brytyjski lotniskowiec wyrusza w pierwszy rejs operacyjny, który potrwa siedem miesięcy i zaprowadzi go aż do Japonii.\n\n\
Czytaj też: Wyścig zbrojeń ruszył z kopyta\n\n\
Największe narzędzie brytyjskiej dyplomacji\n\n\
Okręt jest największym, jaki kiedykolwiek zbudowano dla Royal Navy, a jego grupa bojowa liczy kilkanaście jednostek.\n\n\
Po ćwiczeniach z francuską marynarką grupa przejdzie przez Kanał Sueski i Morze Czerwone do Zatoki Adeńskiej.\n";
    let c = run(text);
    assert!(c.body.contains("Największe narzędzie"), "the subheading was cut: {:#?}", c.removed);
    let link = c.removed.iter().find(|r| r.text.starts_with("Czytaj też"));
    assert_eq!(link.map(|r| r.reason), Some(Reason::Related), "{:#?}", c.removed);
}

/// A sports site's page saved as text: its menus, whose items with figures or numbers
/// ("1. FC Köln", "Hannover 96") are no menu run of their own, then the headline, the
/// byline, a picture's credit and the article.
#[test]
fn a_pages_header_above_its_headline_leaves_the_article() {
    let menu = "Fußball News\nTransfers\n1. Bundesliga\nBundesliga\n1. FC Heidenheim\n1. FC Köln\nBayer Leverkusen\n\
Borussia Dortmund\nEintracht Frankfurt\nFC Augsburg\nSV Darmstadt 98\nRB Leipzig\nSC Freiburg\nHannover 96\nVfL Bochum\n";
    let article = "So sähe die Tabelle nach dem zehnten Spieltag ohne Fehlentscheidungen aus\n\
Von Jan Kupitz | Oct 24, 2023\n\
Deniz Aytekin / Kevin Voigt/GettyImages\n\n\
Die ersten zehn Spieltage der Bundesliga sind gespielt, und an fast jedem Wochenende wurde über den Schiedsrichter gestritten.\n\n\
Der Verein, der in dieser Saison am meisten benachteiligt wurde, ist nach der Zählung des Portals Eintracht Frankfurt.\n\n\
Auf der anderen Seite haben der SC Freiburg und der VfL Wolfsburg bislang von falschen Entscheidungen profitiert.\n";
    let c = run(&format!("{menu}{article}"));
    assert_eq!(c.title, "So sähe die Tabelle nach dem zehnten Spieltag ohne Fehlentscheidungen aus");
    assert!(c.body.starts_with("Die ersten zehn Spieltage"), "{}", c.body);
    for item in ["Fußball News", "1. FC Köln", "SV Darmstadt 98", "Hannover 96"] {
        let removed = c.removed.iter().find(|r| r.text == item);
        assert_eq!(removed.map(|r| r.reason), Some(Reason::Navigation), "{item}: {:#?}", c.removed);
    }
    // A plain-text article has no page header: what stands above its title stays.
    let c = run("Copenhagen\nStocks close higher as rates hold\n\nShares rose on Monday after the central bank kept its main rate where it was, traders said in London.\n\nThe index gained one percent in quiet trading before the holiday.\n");
    assert_eq!(c.title, "Stocks close higher as rates hold");
    assert!(c.body.starts_with("Copenhagen\n"), "{:#?}", c.removed);
}

/// A page saved as text: the site's name and its menus, longer than the few lines where a
/// headline is looked for first, then the headline, the byline and a picture's caption
/// without a credit right above the first paragraph. The headline is the line whose words
/// the article uses, not the caption nearest the text.
#[test]
fn a_pages_headline_is_the_line_whose_words_the_article_uses() {
    let text = "Sound Gazette\nHome\nNews\nSport\nOpinion\nWeather\nCulture\nBusiness\nTravel\nPodcasts\nVideo\nPuzzles\nObituaries\n\
Ferries on the sound will run on batteries from next summer\n\
By Ann Lee\n\
The older ferry at the island quay in March\n\n\
The county's two ferries will run on batteries from next summer, the transport office said on Monday.\n\n\
Both boats were built in 1994 and burn about a million litres of diesel a year crossing the sound.\n\n\
Charging points on each quay will draw on the grid for twelve minutes while cars drive on and off.\n";
    let c = run(text);
    assert_eq!(c.title, "Ferries on the sound will run on batteries from next summer", "{:#?}", c.removed);
    assert!(!c.body.contains("Sound Gazette"), "{}", c.body);
    // A headline long enough to read as text, under a label that ends in a colon.
    let long = "The county will run both of its car ferries on batteries from next summer and end decades of diesel on the sound";
    let text = text.replace("Ferries on the sound will run on batteries from next summer\nBy Ann Lee\nThe older ferry at the island quay in March\n", &format!("Skip to:\n{long}\n"));
    assert!(text.contains(long));
    assert_eq!(run(&text).title, long);
}
