//! The rule table: boilerplate phrases and shapes, each with the reason it gives, the
//! longest block it may judge, and where in the article it applies. A phrase alone never
//! decides a long block: the word limit keeps article sentences that merely mention
//! "newsletter" or "cookies" out of reach, and weak rules defer to context.

use super::Reason;
use regex::Regex;
use std::sync::OnceLock;

/// Where in the article a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Anywhere,
    /// Among the last blocks (sign-offs, bios).
    Tail,
    /// Head or tail.
    Edge,
}

/// How much a match weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// The match decides the block.
    Strong,
    /// The match decides unless the next block is article text (then it may be a heading).
    Weak,
}

struct Rule {
    reason: Reason,
    place: Place,
    max_words: usize,
    weight: Weight,
    pattern: &'static str,
}

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// The table, in priority order: the first matching rule gives the reason.
const RULES: &[Rule] = &[
    Rule {
        reason: Reason::SignOff,
        place: Place::Tail,
        max_words: 25,
        weight: Weight::Strong,
        pattern: r"(?i)^\(?(?:reuter|reuters|ap|afp|dpa|upi|ians|pti)\)?\.?$|^\(?(?:reporting|additional reporting|writing|editing|compiled|translated|produced) by\b|^(?:-+ ?end ?-+|#{3}|-30-|ends|\[end\])$",
    },
    Rule {
        reason: Reason::Copyright,
        place: Place::Anywhere,
        max_words: 45,
        weight: Weight::Strong,
        pattern: r"(?i)©|\(c\) ?(?:19|20)\d\d|^copyright\b|copyright (?:©|\(c\)|(?:19|20)\d\d)|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden",
    },
    Rule {
        reason: Reason::Cookie,
        place: Place::Anywhere,
        max_words: 70,
        weight: Weight::Strong,
        pattern: r"(?i)(?:we|this (?:site|website)|our (?:site|website|partners)) (?:and our partners )?(?:use|uses)[^.]{0,30}cookies|cookies?[^.]{0,80}(?:your (?:experience|browsing|consent|preferences|device|choices)|you (?:agree|accept|consent))|by (?:continuing|using|clicking|browsing)[^.]{0,60}(?:agree|accept|consent)|^(?:accept(?: all)?(?: cookies)?|reject(?: all)?|manage (?:cookies|preferences|settings|consent)|cookie (?:settings|policy|preferences|notice)|(?:privacy|consent) (?:settings|preferences))$|cookie-einstellungen|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies|utilizziamo (?:i )?cookie",
    },
    Rule {
        reason: Reason::Affiliate,
        place: Place::Anywhere,
        max_words: 80,
        weight: Weight::Strong,
        pattern: r"(?i)affiliate (?:links?|commissions?|partners?|programs?|disclosure)|we (?:may )?(?:earn|receive|get|make) (?:a )?(?:small |modest )?(?:commission|fee|compensation)|commission at no (?:extra |additional )?cost|as an amazon associate|(?:sponsored|paid) (?:content|post|links?|partnership)|advertiser disclosure|contains? (?:affiliate|sponsored|partner) links?|(?:partner|affiliate)-?links|provisions-links",
    },
    Rule {
        reason: Reason::Newsletter,
        place: Place::Anywhere,
        max_words: 40,
        weight: Weight::Strong,
        pattern: r"(?i)sign[ -]?up (?:for|to) (?:our|the|my|a) |subscribe (?:to|for|now|today)\b|newsletter|in your inbox|to your inbox|no spam|unsubscribe|enter your e-?mail|your e-?mail address|get the (?:best|latest)\b.{0,60}\b(?:weekly|daily|every (?:week|day|morning))|^(?:subscribe|sign up|join now|get (?:the )?(?:daily|weekly) (?:briefing|digest|brief))$|abonnieren|abonnez-vous|inscrivez-vous|suscríbete|iscriviti|assine",
    },
    Rule {
        reason: Reason::Comments,
        place: Place::Anywhere,
        max_words: 12,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:\d+\s+)?(?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?)(?:\s*\(\d+\))?\s*:?$|^(?:leave a (?:comment|reply)|add a comment|post a comment|write a comment|join the (?:conversation|discussion)|(?:show|view|load|hide|read) (?:all )?(?:\d+ )?comments|comments are closed|be the first to comment|\d+ (?:comments?|responses?|replies))\b",
    },
    Rule {
        reason: Reason::Tags,
        place: Place::Anywhere,
        max_words: 45,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:tags?|topics?|filed under|categories|category|keywords|related topics|schlagwörter|schlagworte|themen|mots-clés|sujets|etiquetas|temas|argomenti|tag)\s*[:：]",
    },
    Rule {
        reason: Reason::Share,
        place: Place::Anywhere,
        max_words: 16,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:share(?: this| the)?(?: article| story| post| page| on)?|share on \w+|tweet|pin(?: it)?|e-?mail|print|copy(?: the)? link|link copied|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|flipboard|pinterest|messenger|bluesky|threads|mastodon|teilen|partager|compartir|condividi|compartilhar|delen)(?:\s*[|·•/,]?\s*(?:share|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|e-?mail|print|telegram|copy link|tweet|flipboard|mail|messenger|bluesky|threads|mastodon))*\s*:?$|^(?:follow (?:us|@\w+)|like us on|find us on|connect with us|folgen sie uns|suivez-nous|síguenos|seguici)\b",
    },
    Rule {
        reason: Reason::Related,
        place: Place::Anywhere,
        max_words: 25,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:related(?: articles?| stories| posts?| coverage| content| reading| news| links)?|read more|read next|read also|also read|more from [\w .'’-]{1,40}|must[ -]reads?|you may (?:also )?like|you might (?:also )?(?:like|enjoy)|recommended(?: for you| reading| stories| articles)?|more (?:stories|news|articles|coverage|on this(?: story| topic)?|to read)|see also|trending(?: now| stories)?|most (?:read|popular|viewed|shared)|don'?t miss|up next|popular(?: now| stories| posts)?|latest (?:news|stories|articles|posts)|top stories|editor'?s picks|what to read next|keep reading|continue reading|weiterlesen|mehr zum thema|lesen sie auch|auch interessant|lire aussi|à lire aussi|lire la suite|leer más|lee también|leggi anche|leia também|lees ook)(?:\s*[:：»›>→-].*|\s*$)",
    },
    Rule {
        reason: Reason::Bio,
        place: Place::Tail,
        max_words: 90,
        weight: Weight::Strong,
        pattern: r"^(?i:about the (?:author|writer|reporter))|^\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){0,2} (?:is|was) an? (?:(?i:senior|staff|freelance|contributing|technology|tech|business|political|deputy|chief|managing|associate|special|investigative|national|foreign|science|health) )*(?i:reporter|writer|journalist|editor|correspondent|contributor|columnist|analyst|producer)\b|^(?i:(?:contact|reach|email) (?:the )?(?:author|reporter|writer)|follow (?:him|her|them) on)\b",
    },
    Rule {
        reason: Reason::Byline,
        place: Place::Edge,
        max_words: 16,
        weight: Weight::Strong,
        pattern: r"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|den|la|le|del|da|di|dos|bin|al|and|&|und|et|y|e)){0,6}\s*(?:$|[,|·•—–-]|\bon\b|\bin\b|\bfor\b)",
    },
    Rule {
        reason: Reason::Metadata,
        place: Place::Anywhere,
        max_words: 25,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:photo|image|picture|illustration|graphic|credit|photograph|foto|bild|fotos?|image source|lead image|header image|cover image|featured image)s?(?: credit| by)?\s*[:：]|\b(?:getty images|shutterstock|afp via getty|ap photo|istock(?:photo)?|unsplash|dpa-bildfunk|picture alliance)\b|^\d+\s*(?:min|mins|minute|minutes)\s+(?:read|lesezeit)\b|^(?:reading time|lesezeit|temps de lecture)\b",
    },
    Rule {
        reason: Reason::Other,
        place: Place::Anywhere,
        max_words: 8,
        weight: Weight::Strong,
        pattern: r"(?i)^(?:advertisement|advertising|sponsored|ad|anzeige|werbung|publicité|publicidad|pubblicità|story continues below(?: advertisement)?|article continues below(?: advertisement)?|scroll to continue(?: with content)?|continue reading below)$",
    },
    Rule {
        reason: Reason::Navigation,
        place: Place::Anywhere,
        max_words: 4,
        weight: Weight::Weak,
        pattern: r"(?i)^(?:home|homepage|menu|main menu|navigation|search|search for:?|log ?in|log ?out|sign ?in|sign ?out|register|create (?:an )?account|my account|skip to (?:main )?content|skip navigation|back to top|go to top|scroll to top|(?:next|previous|prev)(?: article| story| post| page)?|close|open menu|toggle navigation|site information|site map|sitemap|about(?: us)?|contact(?: us)?|privacy(?: policy| notice)?|terms(?: of (?:use|service))?|terms (?:and|&) conditions|careers|jobs|advertise(?: with us)?|help|accessibility|podcasts?|videos?|photos?|live|opinion|sections|all sections|world|politics|business|tech|technology|science|health|sports?|entertainment|culture|lifestyle|travel|markets|economy|climate|weather|español|deutsch|français|english|edition|impressum|kontakt|startseite|accueil|inicio|datenschutz|mentions légales|rss|feeds?|apps?|store|shop|events|about this site|faqs?)$",
    },
];

fn compiled() -> &'static [(Regex, &'static Rule)] {
    static TABLE: OnceLock<Vec<(Regex, &'static Rule)>> = OnceLock::new();
    TABLE.get_or_init(|| RULES.iter().filter_map(|r| Regex::new(r.pattern).ok().map(|re| (re, r))).collect())
}

/// Where a block sits in the article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Position {
    pub head: bool,
    pub tail: bool,
}

/// A rule's verdict on a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub reason: Reason,
    pub weight: Weight,
}

/// The first rule of the table that matches `text`, if any.
pub(crate) fn judge(
    text: &str,
    words: usize,
    terminal: bool,
    separators: usize,
    pos: Position,
) -> Option<Hit> {
    for (re, rule) in compiled() {
        if words > rule.max_words {
            continue;
        }
        let placed = match rule.place {
            Place::Anywhere => true,
            Place::Tail => pos.tail,
            Place::Edge => pos.head || pos.tail,
        };
        if !placed || !re.is_match(text) {
            continue;
        }
        // "By Monday, officials said ..." is a sentence, not a byline.
        if rule.reason == Reason::Byline && terminal && words > 6 && separators == 0 {
            continue;
        }
        return Some(Hit { reason: rule.reason, weight: rule.weight });
    }
    if (pos.head || pos.tail) && is_dateline(text, words) {
        return Some(Hit { reason: Reason::Dateline, weight: Weight::Strong });
    }
    if pos.head && tagline(text, words).is_some() {
        return Some(Hit { reason: Reason::Tagline, weight: Weight::Strong });
    }
    None
}

fn date_core() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?i)\b{m}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{m}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|\b\d{{1,2}}:\d{{2}}\b|\b\d+\s*(?:min|mins|minute|minutes)\s+(?:read|lesezeit)\b|\b\d+\s+(?:hours?|minutes?|days?|weeks?)\s+ago\b|\b(?:published|updated|posted|last (?:updated|modified|reviewed)|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\b[^a-z]{{0,3}}(?:on\s+)?(?:{m}|\d)",
            m = MONTHS
        );
        Regex::new(&p).unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

fn date_noise() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?i)\b{m}\b\.?|\b\d+(?:st|nd|rd|th)?\b|\b(?:min|mins|minute|minutes|read|lesezeit|ago|hours?|days?|weeks?|published|updated|posted|last|modified|reviewed|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|pt|pst|gmt|utc|bst|cet|cest|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|veröffentlicht|aktualisiert|publié|publicado|pubblicato|um|uhr|le|el|de|il|by)\b|[^\p{{L}}\s]",
            m = MONTHS
        );
        Regex::new(&p).unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// A line that is a date, a time or a reading time, with at most a few other words
/// (a site or author name): "April 7, 2026 · 8 min read · Happycapy Guide".
pub(crate) fn is_dateline(text: &str, words: usize) -> bool {
    if words > 20 || !date_core().is_match(text) {
        return false;
    }
    let rest = date_noise().replace_all(text, " ");
    rest.split_whitespace().count() <= 5
}

fn tagline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?P<site>(?:The |the )?\p{Lu}[\p{L}\p{N}&.'’-]*(?: \p{Lu}[\p{L}\p{N}&.'’-]*){0,4})(?: (?i:newsroom|team|staff|editors|editorial team|desk|editorial board))?\s*(?:—|–|-|\||:)\s+(?P<slogan>.+)$",
        )
        .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

fn slogan_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:delivering|delivers|your (?:source|guide|daily|trusted|home|window)|since (?:19|20)\d\d|trusted|independent (?:news|journalism|voice)|insights?|the latest|stories that|journalism|at the speed of|for (?:people|those|readers|professionals|everyone)|news (?:you|that|for|from)|all the news)\b")
            .unwrap_or_else(|_| Regex::new("$^").unwrap_or_else(|_| unreachable!()))
    })
}

/// A site's slogan line ("The AI Post newsroom — delivering AI news at the speed of
/// intelligence."), returning the site name.
pub(crate) fn tagline(text: &str, words: usize) -> Option<String> {
    if words > 25 {
        return None;
    }
    let caps = tagline_re().captures(text)?;
    let slogan = caps.name("slogan")?.as_str();
    if slogan.split_whitespace().count() > 16 || !slogan_re().is_match(slogan) {
        return None;
    }
    Some(caps.name("site")?.as_str().trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: Position = Position { head: true, tail: false };
    const TAIL: Position = Position { head: false, tail: true };
    const MID: Position = Position { head: false, tail: false };

    fn reason(text: &str, pos: Position) -> Option<Reason> {
        let f = super::super::features::of(text);
        judge(text, f.words, f.terminal, f.separators, pos).map(|h| h.reason)
    }

    #[test]
    fn table_gives_the_expected_reasons() {
        assert_eq!(reason("April 7, 2026 · 8 min read · Happycapy Guide", HEAD), Some(Reason::Dateline));
        assert_eq!(
            reason("The AI Post newsroom — delivering AI news at the speed of intelligence.", HEAD),
            Some(Reason::Tagline)
        );
        assert_eq!(reason("Get the best AI tools tips — weekly", TAIL), Some(Reason::Newsletter));
        assert_eq!(
            reason("Honest reviews, tutorials, and Happycapy tips. No spam.", TAIL),
            Some(Reason::Newsletter)
        );
        assert_eq!(reason("By Jane Doe, Reuters", HEAD), Some(Reason::Byline));
        assert_eq!(reason(" Reuter", TAIL).or(reason("Reuter", TAIL)), Some(Reason::SignOff));
        assert_eq!(reason("© 2026 Example Media. All rights reserved.", TAIL), Some(Reason::Copyright));
        assert_eq!(reason("Share on Facebook", MID), Some(Reason::Share));
        assert_eq!(reason("Read more: Meta's next models", MID), Some(Reason::Related));
        assert_eq!(
            reason("We use cookies to improve your experience on our site.", MID),
            Some(Reason::Cookie)
        );
    }

    #[test]
    fn article_sentences_are_not_boilerplate() {
        for text in [
            "By Monday, officials said the count was complete.",
            "The lawsuit alleges copyright infringement on a massive scale by the start-up.",
            "Google will phase out third-party cookies in Chrome next year, the company said.",
            "TOKYO, March 23 - Japan has launched a last-ditch effort to salvage its computer micro-chip pact with the United States.",
            "Who Is Alexandr Wang and Why Does This Matter?",
            "Frequently Asked Questions",
            "How We Got Here",
        ] {
            assert_eq!(reason(text, HEAD), None, "{text}");
        }
    }
}
