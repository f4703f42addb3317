//! Where the article ends on a web page saved whole. The page goes on after it: a list of
//! other articles ("Most read", "Related", "Das könnte Sie auch interessieren"), the
//! comments, the footer. Their teasers and comments are sentences, so no verdict on a
//! block alone removes them; the heading that opens them does, once most of the article's
//! text is above it. And text that boilerplate separates from the article, more of it
//! than the text itself, is no part of it.

use super::classify::{self, Class};
use super::features::Features;
use super::pattern::Pattern;
use super::rules::Weight;
use super::teasers;
use super::Reason;
use std::sync::OnceLock;

/// A section heading is a few words; a longer line that names one is a sentence about it.
const HEADING_MAX_WORDS: usize = 8;

/// What a section heading may name after its words: a topic or a site, after a dash, a
/// colon or a preposition ("Most read in Politics", "Más leídas de Política"). Any other
/// words after them make a line that only starts like a heading ("The most read book of
/// the year").
const TOPIC: &str = r"(?:(?:\s*[-–|:]\s*|\s+(?:in|on|at|from|about|for|bei|auf|zu|zum|zur|aus|von|über|de|del|en|sur|du|des|di|da|do|w|na|z|o|van|över)\s+)(?:\S+\s*){1,5})?";

/// Headings of lists of other articles, in the languages of the stop-word lists and a few
/// more; matched as the whole line, with at most a count, a colon or a [`TOPIC`] after.
fn related_source() -> String {
    concat!(
        r"(?i)^(?:\W*)(?:",
        // English
        r"related(?: articles?| stories| posts?| content| news| reading)?|more (?:stories|news|articles|to read|on this (?:story|topic))|more from .{1,40}|",
        r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|recommended(?: for you| stories| articles| reading)?|",
        r"(?:the )?most (?:read|popular|viewed|shared|commented|recent)(?: articles| stories| posts| news)?|trending(?: now| stories| articles)?|",
        r"popular (?:now|stories|posts|articles)|latest (?:news|stories|articles|posts)|top stories|editor'?s picks|what to read next|read (?:next|also)|see also|",
        // German
        r"(?:die )?meist[- ]?(?:gelesen|kommentiert|diskutiert|geklickt|gesehen)\w*(?: artikel| beiträge| nachrichten)?|(?:die )?beliebteste[n]? (?:artikel|beiträge)|",
        r"populäre (?:artikel|beiträge)|ähnliche (?:artikel|beiträge|themen)|weitere (?:artikel|beiträge|nachrichten|meldungen|themen|news)|",
        r"(?:das|dies) könnte (?:sie|dich|euch) (?:auch )?interessieren|auch interessant|mehr zum thema|lesen sie auch|zum weiterlesen|",
        r"empfehlungen(?: der redaktion)?|top[- ]artikel|neueste (?:artikel|beiträge)|verwandte (?:artikel|themen)|",
        // French, Spanish, Italian, Portuguese, Dutch
        r"(?:à )?lire aussi|les plus lus|articles similaires|sur le même sujet|dans la même rubrique|à voir aussi|",
        r"te puede interesar|lo más (?:leído|visto)|(?:las )?más (?:leídas|vistas)|noticias relacionadas|artículos relacionados|también te puede interesar|",
        r"leggi anche|(?:i )?più letti|articoli correlati|potrebbe interessarti|",
        r"veja também|(?:as )?mais lidas|notícias relacionadas|leia também|",
        r"lees ook|meest gelezen|gerelateerde artikelen|",
        // Polish, Czech, Swedish, Turkish, Russian
        r"zobacz (?:też|także|również)|czytaj (?:też|także|również)|polecane(?: artykuły)?|najczęściej czytane|najpopularniejsze|",
        r"související články|nejčtenější|läs också|mest lästa|ilginizi çekebilir|en çok okunanlar|читайте также|популярное|",
        // Chinese, Japanese, Korean
        r"相关(?:新闻|阅读|文章|推荐)|热门(?:推荐|新闻|文章)|猜你喜欢|関連記事|人気記事|관련 ?기사|많이 본 (?:뉴스|기사)|인기 기사",
        r")(?:\s*\(\d+\))?",
    )
    .to_string()
        + TOPIC
        + r"\s*[:：»›>→.…]?\s*$"
}

/// The other common form of such a heading: a word for "more", "other", "popular" or
/// "latest" and a word for articles or stories, in either order, and little else
/// ("Trending Posts", "Weitere Beiträge zu diesem Artikel", "Otras noticias").
fn listing_source() -> String {
    let qualifier = concat!(
        r"(?:more|other|similar|related|recommended|popular|trending|latest|recent|top|",
        r"weitere[nm]?|mehr|andere|ähnliche|verwandte|empfohlene|beliebte(?:ste)?n?|neueste[n]?|aktuelle|alle[nm]?|",
        r"autres|similaires|populaires|récents|derniers|dernières|plus|",
        r"más|otr[oa]s|relacionad[oa]s|populares|recientes|últim[oa]s|altri|altre|correlati|popolari|ultimi|ultime|",
        r"mais|outr[oa]s|meer|populaire|inne|podobne|popularne|najnowsze|ostatnie|powiązane)"
    );
    let noun = concat!(
        r"(?:articles?|stories|posts?|news|headlines|reads|",
        r"artikel|beiträge[n]?|nachrichten|meldungen|news|geschichten|storys|",
        r"actualités|infos|sujets|noticias|artículos|notas|articoli|notizie|notícias|artigos|matérias|",
        r"berichten|artikelen|artykuły|wiadomości|teksty|wpisy)"
    );
    format!(
        r"(?i)^\W*(?:\S+\s+){{0,2}}(?:{qualifier}\s+(?:\S+\s+)?{noun}|{noun}\s+(?:\S+\s+)?{qualifier})\b{TOPIC}\s*[:：»›>→]?\s*$"
    )
}

/// Headings of an author's box under the article.
const BIO_HEADING: &str = concat!(
    r"(?i)^\W*(?:about the (?:author|writer)|über (?:den autor|die autorin|die autoren)|zum autor|zur autorin|",
    r"à propos de l'auteur|sobre (?:el|la|o|a) autora?|o autorze|sull'autore|over de (?:auteur|schrijver))\s*:?\s*$"
);

/// Headings of a comment section, or the form that opens one.
const COMMENTS_HEADING: &str = concat!(
    r"(?i)^(?:\W*)(?:\d+\s+)?(?:",
    r"comments?|responses?|replies|reader comments|leave a (?:comment|reply)|add a comment|post a comment|join the (?:conversation|discussion)|",
    r"(?:leser)?kommentare?(?: (?:einblenden|anzeigen|lesen))?|schreib(?:e|en sie)? einen kommentar|kommentar schreiben|",
    r"(?:vos|your|deine|ihre|sus|i vostri) (?:réactions|reactions|kommentare|comentarios|commenti)|",
    r"commentaires?|laisser un commentaire|réagir|comentarios?|deja (?:un|tu) comentario|",
    r"commenti|lascia un commento|comentários?|deixe um comentário|reacties|komentarze?|dodaj komentarz|",
    r"댓글|コメント|评论|网友评论|留言",
    r")(?:\s*\(\d+\))?\s*[:：]?\s*$"
);

/// Each kind of heading, built at its first use.
fn headings() -> &'static [(Reason, Pattern); 4] {
    static TABLE: OnceLock<[(Reason, Pattern); 4]> = OnceLock::new();
    TABLE.get_or_init(|| {
        [
            (Reason::Comments, Pattern::new(COMMENTS_HEADING)),
            (Reason::Related, Pattern::new(&related_source())),
            (Reason::Related, Pattern::new(&listing_source())),
            (Reason::Bio, Pattern::new(BIO_HEADING)),
        ]
    })
}

/// The section a heading opens, if it is one.
fn opens(text: &str, f: &Features) -> Option<Reason> {
    if f.words == 0 || f.words > HEADING_MAX_WORDS || f.has_url {
        return None;
    }
    headings().iter().find(|(_, p)| p.is_match(text)).map(|(reason, _)| *reason)
}

/// Ends the article at the first section heading that follows most of its text: that
/// heading and every block after it leave the body with the section's reason (fragments
/// stay fragments, and what another rule removed keeps its reason). A heading with more
/// text after it than before is a sidebar's or a box's inside the article ("Lesen Sie
/// auch" above two links), and the title is never cut.
///
/// When the page's markup told which text is inside links (`links_known`), a list of
/// other articles ends where a paragraph outside any link follows: the list was a box
/// inside the article, which goes on below it.
pub(crate) fn end_at_sections(
    classes: &mut [Class],
    texts: &[&str],
    feats: &[Features],
    title: Option<usize>,
    links_known: bool,
) {
    let text_words = |i: usize| match classes[i] {
        Class::Content | Class::Near | Class::Kept if Some(i) != title => feats[i].words,
        _ => 0,
    };
    let total: usize = (0..classes.len()).map(text_words).sum();
    let mut before = 0;
    let mut cut = None;
    for i in 0..classes.len() {
        if before > 0 && before * 2 >= total {
            if let Some(reason) = opens(texts[i], &feats[i]) {
                cut = Some((i, reason));
                break;
            }
        }
        before += text_words(i);
    }
    let Some((at, mut reason)) = cut else { return };
    // A later heading opens the next section ("Most read", then "3 Comments"), whether
    // found here or by the rule table ("Must read"); what another rule removed keeps its
    // own reason.
    for i in at..classes.len() {
        let prose = classes[i] == Class::Content && feats[i].link_share == 0.0;
        if links_known && reason == Reason::Related && prose {
            return;
        }
        reason = match classes[i] {
            Class::Bad(known @ (Reason::Related | Reason::Comments | Reason::Bio), _) => known,
            _ => opens(texts[i], &feats[i]).unwrap_or(reason),
        };
        if matches!(classes[i], Class::Content | Class::Near | Class::Short | Class::Kept) && Some(i) != title
        {
            classes[i] = Class::Bad(reason, Weight::Strong);
        }
    }
}

/// Starts a web page's article at its headline: on a page saved as text, the short lines
/// above the headline that are no sentences are the page's header (its name, menu items
/// the menus' runs left behind, a section's label). Sentences stay, in case the line taken
/// as the headline is a subheading of the article, and so do lines that name the article's
/// topic (`names_the_topic`: the headline, when the line taken is its standfirst). Asked
/// only of a page whose header stands above its text ([`classify::has_page_header`]): a
/// wire story keeps its dateline and kicker.
pub(crate) fn start_at_title(
    classes: &mut [Class],
    feats: &[Features],
    title: Option<usize>,
    names_the_topic: impl Fn(usize) -> bool,
) {
    let Some(title) = title else { return };
    for (i, (class, f)) in classes[..title].iter_mut().zip(feats).enumerate() {
        if matches!(class, Class::Near | Class::Short) && !f.terminal && !names_the_topic(i) {
            *class = Class::Bad(Reason::Navigation, Weight::Strong);
        }
    }
}

/// Ends the article where the boilerplate after it outweighs any text further down: the
/// article is the stretch of blocks whose words of text, less the words of boilerplate
/// between them, add up to the most (as Finn's Body Text Extraction weighs tokens against
/// tags). A teaser or a comment below the footer's menus, its share bar and its notices
/// would need more text than all of them to join the article. A list of teasers of other
/// articles ([`teasers::runs`]) weighs as boilerplate: its summaries are sentences, but the
/// list is no part of the article above it. Wire sign-offs, fragments and short lines
/// weigh nothing; a plain-text article with no boilerplate after its text loses nothing.
pub(crate) fn end_at_main_span(classes: &mut [Class], feats: &[Features], title: Option<usize>) {
    // Lists of other articles are a web page's, as its menus, share bar and notices are:
    // on text without any of those (a newswire's story), runs of short lines are the
    // article's own tables and lists.
    let page = classify::is_web_page(classes);
    let teaser = if page { teasers::runs(classes, feats, title) } else { vec![false; classes.len()] };
    let weight = |i: usize| -> i64 {
        let words = i64::try_from(feats[i].words).unwrap_or(i64::MAX / 4);
        match classes[i] {
            _ if Some(i) == title => 0,
            Class::Content | Class::Near | Class::Short if teaser[i] => -words.max(1),
            Class::Content | Class::Near | Class::Kept => words,
            Class::Bad(Reason::SignOff, _) | Class::Frag | Class::Short => 0,
            Class::Bad(..) => -words.max(1),
        }
    };
    // Kadane's maximum sum over contiguous blocks; only its end is used, and blocks that
    // weigh nothing after it extend it.
    let (mut best, mut best_end) = (0i64, None);
    let mut run = 0i64;
    for i in 0..classes.len() {
        run = (run + weight(i)).max(0);
        if run > 0 && run >= best {
            best = run;
            best_end = Some(i);
        }
    }
    let Some(end) = best_end else { return };
    for (i, class) in classes.iter_mut().enumerate().skip(end + 1) {
        // Figures under a line the folder repeats are a wire story's table, not a teaser.
        let data = feats[i].data || feats[i].digit_share >= 0.15;
        if matches!(class, Class::Content | Class::Near | Class::Short | Class::Kept)
            && Some(i) != title
            && !data
        {
            let reason = if teaser[i] { Reason::Related } else { Reason::Other };
            *class = Class::Bad(reason, Weight::Strong);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(text: &str) -> Option<Reason> {
        opens(text, &super::super::features::of(text))
    }

    #[test]
    fn every_heading_pattern_builds() {
        for p in [related_source(), listing_source(), BIO_HEADING.to_string(), COMMENTS_HEADING.to_string()] {
            assert!(super::super::pattern::builds(&p), "{p}");
        }
    }

    #[test]
    fn headings_of_the_page_around_an_article_open_their_section() {
        for (text, want) in [
            ("Most read", Reason::Related),
            ("Most read in Politics", Reason::Related),
            ("Die meistgelesenen Artikel bei SWR.de/Sport", Reason::Related),
            ("Das könnte Sie auch interessieren", Reason::Related),
            ("Weitere Beiträge zu diesem Artikel", Reason::Related),
            ("Trending Posts", Reason::Related),
            ("Otras noticias de Cámara de Diputados", Reason::Related),
            ("Más leídas de Política", Reason::Related),
            ("À lire aussi :", Reason::Related),
            ("Zobacz także", Reason::Related),
            ("相关新闻", Reason::Related),
            ("3 Comments", Reason::Comments),
            ("Kommentare (2)", Reason::Comments),
            ("Leave a Reply", Reason::Comments),
            ("Schreib einen Kommentar", Reason::Comments),
            ("Vos réactions (11)", Reason::Comments),
            ("Über den Autor", Reason::Bio),
        ] {
            assert_eq!(opened(text), Some(want), "{text}");
        }
    }

    #[test]
    fn lines_that_only_start_like_a_heading_open_nothing() {
        for text in [
            "The most read book of the year",
            "Comments from the minister drew criticism.",
            "Readers left comments on the council's website for weeks after the vote was taken.",
            "Related parties",
            "More snow is expected",
            "Weitere Informationen zur Sanierung",
        ] {
            assert_eq!(opened(text), None, "{text}");
        }
    }
}
