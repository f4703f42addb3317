//! The rule table: boilerplate phrases and shapes, each with the reason it gives, the
//! longest block it may judge, and where in the article it applies. A phrase alone never
//! decides a long block: the word limit keeps article sentences that merely mention
//! "newsletter" or "cookies" out of reach, and weak rules defer to context.

use super::pattern::Pattern;
use super::prefilter::Prefilter;
use super::Reason;
use regex::Regex;
use std::cell::Cell;
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

/// Rules asked together first: one pass over the block says whether any of them can
/// match, where asking each in turn would read the block once per rule, and most blocks
/// match none. Patterns with Unicode classes stay alone: joined, they make an automaton
/// too large to be fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Phrases looked for anywhere in the block: first the literals every match holds
    /// (see [`Prefilter`]), whose cost does not grow with the phrases listed.
    Phrases,
    /// Words at the start of the block.
    Start,
    /// Asked on its own.
    Alone,
}

struct Rule {
    reason: Reason,
    place: Place,
    max_words: usize,
    weight: Weight,
    /// Which rules it is first asked together with (see [`Group`]).
    group: Group,
    /// The bytes an ASCII text it matches may start with, when the pattern says: a rule
    /// asked alone is not asked of a text that starts with any other (the fixed cost of
    /// a regex call, on most blocks).
    opens: Option<&'static str>,
    pattern: &'static str,
}

/// The table, in priority order: the first matching rule gives the reason.
const RULES: &[Rule] = &[
    Rule {
        reason: Reason::SignOff,
        place: Place::Tail,
        max_words: 25,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^\(?(?:reuter|reuters|ap|afp|dpa|upi|ians|pti)\)?\.?$|^\(?(?:reporting|additional reporting|writing|editing|compiled|translated|produced) by\b|^(?:-+ ?end ?-+|#{3}|-30-|ends|\[end\])$",
    },
    Rule {
        reason: Reason::Copyright,
        place: Place::Anywhere,
        max_words: 45,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        pattern: r"(?i)©|ⓒ|\(c\) ?(?:19|20)\d\d|무단 ?전재|재배포 ?금지|저작권자|無断転載|版权所有|版權所有|^copyright\b|copyright (?:©|\(c\)|(?:19|20)\d\d)|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden|materiał chroniony prawem|wszelkie prawa zastrzeżone|všechna práva vyhrazena|alla rättigheter förbehållna|tüm hakları saklıdır|все права защищены|kaikki oikeudet pidätetään|alle rettigheder forbeholdes|alle rettigheter reservert|minden jog fenntartva|toate drepturile rezervate|^(?:proudly )?powered by (?:wordpress|\S+ ?(?:cms|theme))\b|^(?:(?:web)?design|theme|template) (?:by|von|par|por|di) (?-i:\p{Lu})",
    },
    Rule {
        reason: Reason::Cookie,
        place: Place::Anywhere,
        max_words: 70,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        pattern: r"(?i)(?:we|this (?:site|website)|our (?:site|website|partners)) (?:and our partners )?(?:use|uses)[^.]{0,30}cookies|cookies?[^.]{0,80}(?:your (?:experience|browsing|consent|preferences|device|choices)|you (?:agree|accept|consent))|by (?:continuing|using|clicking|browsing)[^.]{0,60}(?:agree|accept|consent)|(?:site|nous) utilis\w* (?:des |les )?cookies|cookies?[^.]{0,80}(?:\bvotre\b|\bvous\b|\bihre[nm]?\b|\bsie\b|\busted\b|\btu\b|\bsua\b|\bseu\b)|^(?:tout accepter|tout refuser|paramétrer|personnaliser|alle akzeptieren|alle ablehnen|aceptar(?: todo| todas)?|rechazar(?: todo)?|accetta(?: tutto)?|rifiuta(?: tutto)?|aceitar(?: tudo)?|alles accepteren)$|^(?:accept(?: all)?(?: cookies)?|reject(?: all)?|manage (?:cookies|preferences|settings|consent)|cookie (?:settings|policy|preferences|notice)|(?:privacy|consent) (?:settings|preferences))$|cookie-einstellungen|wir verwenden cookies|nous utilisons des cookies|utilizamos cookies|utilizziamo (?:i )?cookie|(?:verwenden|nutzen|benutzen|setzen) wir (?:\w+ )?cookies|cookies erleichtern|(?:korzystamy|używamy) (?:z )?(?:plików )?cookies?|pliki cookies?|este sitio (?:web )?(?:utiliza|usa) cookies|questo sito (?:web )?(?:utilizza|usa) (?:i )?cookie|ce site utilise des cookies|(?:wij gebruiken|deze website gebruikt) cookies|vi använder cookies|çerez(?:ler)? kullan|wyrażam zgodę|przetwarzanie moich danych|administratorem (?:\w+ )?danych (?:osobowych )?jest|ich willige ein|einwilligung in die verarbeitung meiner|verarbeitung meiner (?:personenbezogenen )?daten|\bi (?:agree|consent) to (?:the )?(?:processing|privacy policy|terms|storage)|^acepto (?:la|el|los|las) (?:política|términos|condiciones|aviso)|tratamiento de mis datos|trattamento dei miei dati|j'accepte (?:les|la) (?:conditions|politique)|protected by recaptcha|^(?:wir respektieren (?:deine|ihre) privatsphäre|we (?:respect|value|care about) your privacy|respetamos tu privacidad|nous respectons votre vie privée|rispettiamo la tua privacy)|externe inhalte angezeigt|einverstanden, dass (?:mir )?externe|^einige von ihnen sind essenziell(?:,| und)[^.]{0,80}\b(?:webseite|website)\b|^essenzielle cookies (?:sind|werden)[^.]{0,80}\b(?:webseite|website)\b",
    },
    Rule {
        reason: Reason::Affiliate,
        place: Place::Anywhere,
        max_words: 80,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        pattern: r"(?i)affiliate (?:links?|commissions?|disclosure)|we (?:may )?(?:earn|receive|get|make) (?:a )?(?:small |modest )?(?:commission|fee|compensation)|commission at no (?:extra |additional )?cost|as an amazon associate|(?:sponsored|paid) (?:content|post|links?|partnership)|advertiser disclosure|contains? (?:affiliate|sponsored|partner) links?|(?:partner|affiliate)-?links?|links auf dieser seite|provision vom händler|provisions-links|^(?:check|see|view|compare|shop|buy|get)(?: the)?(?: latest| best| current| today's)? (?:price|prices|deal|deals|offer|offers)(?: on| at)\b|\b(?:buy|shop|order) (?:it |now )?(?:on|at|from) (?:amazon|walmart|best buy|target|ebay)\b",
    },
    Rule {
        reason: Reason::Newsletter,
        place: Place::Anywhere,
        max_words: 40,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        pattern: r"(?i)sign[ -]?up (?:for|to) (?:our|my) |sign up (?:for|to) (?:the|a) |subscribe (?:to|for) (?:our|my|updates|free|the (?:newsletter|podcast|channel|briefing))\b|subscribe (?:now|today)\b|(?:our|free) (?:weekly |daily |email |e-mail )?newsletter|newsletter (?:sign[ -]?up|abonnieren)|in your inbox|to your inbox|no spam|unsubscribe\b|enter your e-?mail|your e-?mail address|get the (?:best|latest)\b.{0,60}\b(?:weekly|daily|every (?:week|day|morning))|^(?:subscribe|sign up|join now|get (?:the )?(?:daily|weekly) (?:briefing|digest|brief))$|already a (?:subscriber|member)\s*[?!.]?\s*(?:log|sign) in|subscribers? only|to continue reading|(?:log|sign) in to (?:continue|read|keep reading)|create a free account|register (?:for free )?to (?:continue|read)|(?:^|\. )become an? (?:member|subscriber|supporter)\b|support (?:our|independent) (?:journalism|reporting)|in ihr postfach|dans votre boîte|en tu (?:bandeja|correo)|abonnez-vous|inscrivez-vous|suscríbete|iscriviti|assine (?:a|nossa)|\b(?:unse?re[nm]?|kostenlose[nm]?|per|zum|im) (?:\w+)?newsletter\b|newsletter (?:anmelden|bestellen|hier abonnieren)|in (?:deinen|ihren) posteingang|(?:notre|nuestr[oa]|la nostra|nossa) newsletter|(?:zapisz się|zapisz się do) (?:na )?newslett|onze nieuwsbrief|please subscribe|subscribe to (?:read|continue|view|unlock|access)|^(?:to )?(?:view|read) the (?:full|whole|entire|rest of the) (?:story|article)|already (?:a )?(?:subscriber|member)\s*[?!.,]?\s*(?:you can |please )?(?:log|sign) ?in\b|suscríbase|suscribirte|assine já|zapraszamy (?:też )?do subskrypcji|jetzt abonnieren|cancela cuando quieras|^cancel (?:at )?any ?time|^verpasse keine|verpassen sie keine (?:news|artikel|beiträge|folge|ausgabe)|never miss an? (?:story|update|article|post)|ne manquez (?:aucun|rien)|no te pierdas (?:nada|ninguna)|(?:instant|immediate) (?:online )?access to (?:the full|all issues|this article)",
    },
    Rule {
        reason: Reason::Newsletter,
        place: Place::Anywhere,
        max_words: 12,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        // The bare word leads the line, or the line is a button or heading of a few words;
        // a wire headline "... STARTS INVESTMENT NEWSLETTER" is neither.
        pattern: r"(?i)^\W*(?:newsletters?|abonnieren|subscribe|뉴스레터|구독|メルマガ|メールマガジン|订阅)\b|^\W*(?:\S+\s+){0,2}(?:newsletters?|subscribe|뉴스레터|구독)\W*$",
    },
    Rule {
        reason: Reason::Comments,
        place: Place::Anywhere,
        max_words: 12,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^(?:\d+\s+)?(?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?)(?:\s*\(\d+\))?\s*:?$|^(?:댓글|コメント|评论|réagir|kommentieren)(?:\s*\d+)?$|^(?:(?:sign|log) in to (?:comment|reply|join the (?:conversation|discussion))|leave a (?:comment|reply)|add a comment|post a comment|write a comment|join the (?:conversation|discussion)|(?:show|view|load|hide|read) (?:all )?(?:\d+ )?comments|comments are closed|be the first to comment|\d+ (?:comments?|responses?|replies))\b|^(?:schreib(?:e|en sie)? einen kommentar|kommentar schreiben|laisser un commentaire|deja (?:un|tu) comentario|lascia un commento|deixe (?:um|seu) comentário|dodaj komentarz|(?:neueste|letzte|aktuelle|neue|weitere|top)(?: leser)?[- ]?kommentare|(?:recent|latest|top) comments|vos réactions|(?:deine|ihre|eure|your) (?:kommentare|comments))(?:\s*\(\d+\))?\s*[:!.]?$",
    },
    Rule {
        reason: Reason::Comments,
        place: Place::Anywhere,
        max_words: 30,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        // What a comment form asks of a reader before it opens: to log in or register.
        pattern: r"(?i)(?:kommentieren|kommentare? (?:zu )?schreiben|para comentar|pour commenter|komentować|dodać komentarz|per commentare|om te reageren)[^.!?]{0,40}(?:\banmeld|\bangemeldet|\beinlogg|\beingeloggt|\bregistr|iniciar sesión|inicia sesión|\bconnectez|\bzaloguj|\bzalogowan|\baccedi\b|\binloggen)|(?:\banmelden|\bangemeldet\w*|\beinloggen|\beingeloggt|\bloggen sie sich|\bregistrier\w*|\bregístrate|\bregistrarte|iniciar sesión|inicia sesión|\bconnectez-vous|\bzaloguj się|\bzalogowani|\baccedi\b|\binloggen)[^.!?]{0,40}(?:kommentieren|kommentare? (?:zu )?schreiben|para comentar|pour commenter|komentować|komentarz|per commentare|om te reageren)|\b(?:must|need to|please) (?:be )?(?:logged|signed) in to (?:comment|reply)|\bregister (?:now )?to comment|netiquette|kommentarrichtlinien|comment (?:policy|guidelines)|freue mich über (?:eure|deine|ihre) kommentare|we want to hear what you think about this (?:article|story)",
    },
    Rule {
        reason: Reason::Other,
        place: Place::Anywhere,
        max_words: 12,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        // A button or label that asks for money or an account, the placeholder of embedded
        // content; and the few appeals in the imperative that go on ("Unterstütze RosaMag
        // mit 2,50!"). "Donate blood this summer" is a headline.
        pattern: r"(?i)^\W*(?:donate(?: now| today)?|make a donation|support us|jetzt spenden|spenden sie|faites un don|faire un don|soutenez(?:-nous)?|apóyanos|wesprzyj(?: nas)?|doneer|steun ons|sostienici|sostieni|apoie|doe agora|jetzt registrieren|register now|create (?:a )?free account|externer inhalt|external content|contenu externe|contenido externo|zum shop)\s*[!.:]?\s*$|^\W*(?:unterstütze(?:n sie)?(?: uns| meine arbeit)?|je fais un don|neu hier\?|besuchen sie unseren? (?:\S+-)?shop|visit our (?:\S+ )?(?:shop|store)|support (?:our|independent) (?:work|journalism))(?:\s|$|[!:.,])",
    },
    Rule {
        reason: Reason::Tags,
        place: Place::Anywhere,
        max_words: 45,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^(?:tags?|topics?|filed under|categories|category|keywords|related topics|schlagwörter|schlagworte|themen|mots-clés|sujets|etiquetas|temas|argomenti|tag)\s*[:：]",
    },
    Rule {
        reason: Reason::Share,
        place: Place::Anywhere,
        max_words: 16,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^(?:share(?: this| the)?(?: article| story| post| page| on)?|share on \w+|tweet|pin(?: it)?|e-?mail|print|copy(?: the)? link|link copied|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|flipboard|pinterest|messenger|bluesky|threads|mastodon|teilen|partager|compartir|condividi|compartilhar|delen|공유하기|공유|シェア|分享到?)(?:\s*[|·•/,]?\s*(?:share|facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|e-?mail|print|telegram|copy link|tweet|flipboard|mail|messenger|bluesky|threads|mastodon))*\s*:?$|^(?:e-?mail|share|tweet|print|send|post|save|gift) this (?:story|article|post|page|link)\b|^listen to (?:this|the) (?:article|story)\b|^\d[\d,.]*k? shares?$|^(?:save|saved|bookmark|gift article|copy link|print)$|^(?:print|pin|save|jump to|rate) (?:this )?recipe$|^(?:den |diesen )?(?:artikel|beitrag) (?:\S+ ){0,3}(?:teilen|weiterempfehlen)(?:/\S+)?\s*:?$|^(?:\w+ )?(?:teilen|share|partager|compartir|condividi|compartilhar|delen)\s*:|^(?:follow (?:us|@\w+)|like us on|find us on|connect with us|folgen sie uns|suivez-nous|síguenos|seguici)\b",
    },
    Rule {
        reason: Reason::Related,
        place: Place::Anywhere,
        max_words: 25,
        weight: Weight::Strong,
        group: Group::Alone,
        // The first letters of its phrases, in either case.
        opens: Some("RrAaMmYySsTtDdUuPpLlEeWwKkCcNnVvZzIi"),
        pattern: r"(?i)^(?:related(?: articles?| stories| posts?| coverage| content| reading| news| links)?|read more|read next|read also|also read|more from [\w .'’-]{1,40}|must[ -]reads?|you may (?:also )?like|you might (?:also )?(?:like|enjoy)|recommended(?: for you| reading| stories| articles)?|more (?:stories|news|articles|coverage|on this(?: story| topic)?|to read)|see also|trending(?: now| stories)?|most (?:read|popular|viewed|shared)|don'?t miss|up next|popular(?: now| stories| posts)?|latest (?:news|stories|articles|posts)|top stories|editor'?s picks|what to read next|keep reading|continue reading|weiterlesen|mehr zum thema|lesen sie auch|auch interessant|lire aussi|à lire aussi|lire la suite|leer más|lee también|leggi anche|leia também|lees ook|weitere artikel|das könnte sie auch interessieren|sur le même sujet|les plus lus|dans la même rubrique|noticias relacionadas|lo más leído|te puede interesar|più letti|mais lidas|veja também|meest gelezen|zobacz (?:też|także|również)|czytaj (?:też|także|również|więcej)|(?:vea|ver|mire|lea) también|(?:también )?(?:le|te) puede interesar|(?:à )?voir aussi|(?:à )?lire également|vedi anche|leia mais|saiba mais|zie ook|lees meer|läs (?:också|även|mer)|čtěte (?:také|též)|přečtěte si (?:také|též)|lue myös|читайте (?:также|ещё|еще)|siehe auch|mehr dazu|ilginizi çekebilir|(?:vea|mire|leia|veja|czytaj|zobacz)\s*:\s*\S.*|articles? correspondants?|articles? liés|lesen sie auch (?:die )?(?:folgenden |weiteren )?(?:beiträge|artikel)|mehr von(?: [^\s-]+){1,2}\s*$|관련 ?기사|많이 본 (?:뉴스|기사)|인기 기사|関連記事|人気記事|相关(?:新闻|阅读|文章)|热门(?:新闻|文章))(?:\s*[:：»›>→-].*|\s*$)",
    },
    Rule {
        reason: Reason::Share,
        place: Place::Anywhere,
        max_words: 40,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        // The site's own channels, named as "ours".
        pattern: r"(?i)\b(?:nuestro|unser(?:en)?|our|notre|nosso) canal de (?:telegram|youtube|whatsapp)|\b(?:unser(?:en)?|our) (?:telegram|whatsapp|youtube)[- ]?(?:kanal|channel)|join (?:us|our \S+) on (?:telegram|whatsapp)|folg(?:e|en sie) uns auf|síguenos en|suivez-nous sur|seguici su|obserwuj nas|volg ons op",
    },
    Rule {
        reason: Reason::Other,
        place: Place::Anywhere,
        max_words: 60,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        // The publisher's disclaimer under an opinion piece.
        pattern: r"(?i)gibt die meinung (?:des|der) (?:autors|autorin|verfasser)|the views (?:and opinions )?expressed (?:in this (?:article|post|column) )?are (?:those of the author|(?:the author's|their) own|solely)|opinions expressed (?:here|in this (?:article|post|column)) are (?:the author's|those of)|las opiniones expresadas (?:en este (?:artículo|espacio|texto) )?son (?:de )?(?:exclusiva )?responsabilidad|les opinions exprimées (?:dans cet article )?n'engagent que|le opinioni espresse (?:in questo articolo )?sono (?:esclusivamente )?(?:quelle|dell)",
    },
    Rule {
        reason: Reason::Bio,
        place: Place::Tail,
        max_words: 90,
        weight: Weight::Strong,
        group: Group::Alone,
        // A capital, or "about", "contact", "reach", "email", "follow" in either case.
        opens: Some(concat!("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "acref")),
        pattern: r"^(?i:about the (?:author|writer|reporter))|^\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){0,2} (?:is|was) an? (?:(?i:senior|staff|freelance|contributing|technology|tech|business|political|deputy|chief|managing|associate|special|investigative|national|foreign|science|health) )*(?i:reporter|writer|journalist|editor|correspondent|contributor|columnist)\b|^\p{Lu}\p{L}+(?: \p{Lu}\p{L}+){1,2} (?:covers|writes about|reports on|has covered|has reported)\b|^(?i:(?:contact|reach|email) (?:the )?(?:author|reporter|writer)|follow (?:him|her|them) on)\b",
    },
    Rule {
        reason: Reason::Byline,
        place: Place::Edge,
        max_words: 16,
        weight: Weight::Strong,
        group: Group::Alone,
        // A capital, or "by", "written by", "words by", "author:", "von", "par", "por",
        // "di", "door" in lower case (the Korean form needs non-ASCII text).
        opens: Some(concat!("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "bwavpd")),
        pattern: r"^\S{2,5} (?:기자|記者|记者|特派員)(?:\s|$)|^\p{Lu}[\p{L}&.'’-]*(?: [\p{L}&.'’-]+){0,4} (?i:staff|staff reports?|staff writers?|wire reports|and wire reports|news services|news desk|newsroom)(?:\s*[·|,•].*)?$|^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|den|la|le|del|da|di|dos|bin|al|and|&|und|et|y|e)){0,6}\s*(?:$|[,|·•—–-]|\bon\b|\bin\b|\bfor\b)",
    },
    Rule {
        reason: Reason::Metadata,
        place: Place::Anywhere,
        max_words: 25,
        weight: Weight::Strong,
        group: Group::Alone,
        // Credits may stand anywhere in it.
        opens: None,
        pattern: r"(?i)^(?:photo|image|picture|illustration|graphic|credit|photograph|foto|bild|fotos?|image source|lead image|header image|cover image|featured image|imagen|imagem|kuva|zdjęcie|fotografía|fotografia|crédito|crédit|grafik|abbildung)s?(?: credit| by)?\s*[:：]|^fot\.\s|(?:^|[.!?|)]\s*|\(\s*)(?:fotos?|photos?|bild(?:er)?|imagen|imagem|kuva|zdjęcie|fot\.)\s*[:：]\s*[^:!?]+$|\(\s*(?:crédito|credit)\s*[:：][^()]+\)\s*$|^(?:opublikowano|aktualizacja|veröffentlicht|aktualisiert|erstellt|publié|publicado|pubblicato|gepubliceerd|published|posted|updated|last modified|last updated)(?: am| le| el| em| il| op| on)?\s*[:：]\s*$|^(?:last modified|zuletzt (?:aktualisiert|geändert))\s*[:：]|^erstellt am\s|^(?:dieser eintrag wurde|this entry was posted|diese seite wurde zuletzt|this page was last (?:edited|modified|updated))|\((?:reuters|ap photo|ap|afp|epa|efe|dpa|ansa|télam|xinhua|anadolu|getty images)\s*/\s*(?-i:\p{Lu})[\p{L}.'’-]+ (?-i:\p{Lu})[^()]*\)\s*$|,\s*(?:photo|foto|fot\.|bild|kuva|zdjęcie)\s*[:：]\s*[^,.]+$|^image \d+ of \d+$|^(?:crédit photo|bildquelle|quelle|fuente|fonte|bron)\s*:|^\(?(?:file )?photo(?:graph)?:|\b(?:getty ?images|shutterstock|afp via getty|ap photo|istock(?:photo)?|unsplash|dpa-bildfunk|picture alliance)\s*\)?\s*$|^\d+\s*(?:min|mins|minute|minutes)\s+(?:read|lesezeit)\b|^(?:reading time|lesezeit|temps de lecture)\b",
    },
    Rule {
        reason: Reason::Other,
        place: Place::Anywhere,
        max_words: 16,
        weight: Weight::Strong,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^(?:advertisement|advertising|sponsored|ad|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|reklama|реклама|reklam|advertentie|annons|annonse|annonce|mainos|hirdetés|광고|広告|广告|loading\.*|click here(?: to [\w ]{1,40})?\.?|this (?:article|story) (?:was |has been )?(?:originally|first) (?:published|appeared)\b.*|story continues below(?: advertisement)?|article continues below(?: advertisement)?|scroll to continue(?: with content)?|continue reading below|rate this (?:article|story|post)|was this (?:article|page|post) (?:helpful|useful)\??|(?:hat|gefällt) (?:ihnen|dir) (?:dieser|der) (?:artikel|beitrag)\??|dieser (?:artikel|beitrag) gefällt (?:ihnen|dir)\??|war dieser (?:artikel|beitrag) hilfreich\??|valora (?:esta|este) (?:noticia|nota|artículo)|¿te (?:gustó|ha gustado) (?:esta|este) (?:noticia|artículo|nota)\??|cet article vous a plu\s*\??|oceń (?:ten )?artykuł|vota (?:questo|l') ?articolo)$",
    },
    Rule {
        reason: Reason::Comments,
        place: Place::Anywhere,
        max_words: 40,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        // The comment form's buttons and the notices under it, as publishing systems print
        // them in each language.
        pattern: r"(?i)^(?:post|submit|send) (?:a |your )?(?:comment|reply)$|^cancel reply$|^(?:kommentar|antwort) (?:absenden|abschicken|senden)$|^antwort abbrechen$|^(?:publicar|enviar) (?:el )?comentario$|^cancelar (?:la )?respuesta$|^(?:envoyer|publier) (?:le )?commentaire$|^annuler la réponse$|^(?:pubblica|invia) (?:il )?commento$|^annulla (?:la )?risposta$|notify me of (?:follow-up|new) (?:comments|posts|replies)|benachrichtige mich über (?:neue |folge)?(?:kommentare|beiträge)|benachrichtigen sie mich über (?:neue |folge)?kommentare|save my name,? e-?mail,? and website in this browser|(?:meinen|meine) namen?,? (?:meine )?e-mail(?:-adresse)?,? (?:und meine website )?in diesem browser speichern|enregistrer mon nom,? mon (?:e-?mail|courriel)|guardar mi nombre,? correo|salva il mio nome,? email|prévenez-moi de tous les nouveaux commentaires|^(?:deine|ihre) e-mail-adresse wird nicht veröffentlicht\.?(?:\s[^.]*\.?)?$|^votre adresse (?:e-?mail|de messagerie) ne sera pas publiée\.?(?:\s[^.]*\.?)?$|^tu dirección de correo electrónico no será publicada\.?(?:\s[^.]*\.?)?$|^il tuo indirizzo email non sarà pubblicato\.?(?:\s[^.]*\.?)?$",
    },
    Rule {
        reason: Reason::Newsletter,
        place: Place::Anywhere,
        max_words: 30,
        weight: Weight::Strong,
        group: Group::Phrases,
        opens: None,
        // What a page asks of its reader before the article goes on: to turn off an ad
        // blocker, to log in as a subscriber, to read on by paying. The appeal opens the
        // line and speaks to the reader; a report of such appeals is no appeal.
        pattern: r"(?i)^(?:please )?(?:disable|turn off|deactivate|pause|whitelist us in) your ad ?-?blocker\b|^(?:it looks like |we(?:'ve)? (?:noticed|detected) (?:that )?)?you(?:'re| are) using an ad ?-?blocker\W*$|^ad ?-?blocker (?:detected|erkannt)\W*$|^(?:bitte )?(?:schalte|deaktiviere) (?:bitte )?deinen (?:werbe|ad)-?blocker\b|^(?:bitte )?(?:schalten|deaktivieren) sie (?:bitte )?ihren (?:werbe|ad)-?blocker\b|^wir haben (?:festgestellt|bemerkt), dass (?:du|sie) einen (?:werbe|ad)-?blocker\b|^(?:veuillez )?désactive[zr]? (?:votre|ton) (?:bloqueur de (?:pub\w*|annonces)|adblock\w*)|^(?:por favor,? )?desactiva (?:tu|el) (?:bloqueador de (?:anuncios|publicidad)|adblock\w*)|^disattiva (?:il tuo )?(?:adblock\w*|blocco (?:della )?pubblicità)|^bereits abonnent(?:/in|in)?\s*\?\s*(?:hier )?(?:anmelden|einloggen)|^jetzt (?:diesen artikel )?(?:weiter)?lesen\s*!?$|^gleich können sie weiterlesen|^bitte melde dich an, um diesen artikel in deiner (?:persönlichen )?merkliste",
    },
    Rule {
        reason: Reason::Navigation,
        place: Place::Anywhere,
        max_words: 4,
        weight: Weight::Weak,
        group: Group::Start,
        opens: None,
        pattern: r"(?i)^(?:home|homepage|menu|main menu|navigation|search|search for:?|log ?in|log ?out|sign ?in|sign ?out|register|create (?:an )?account|my account|skip to (?:main )?content|skip navigation|back to top|go to top|scroll to top|(?:next|previous|prev)(?: article| story| post| page)?|close|open menu|toggle navigation|site information|site map|sitemap|about(?: us)?|contact(?: us)?|privacy(?: policy| notice)?|terms(?: of (?:use|service))?|terms (?:and|&) conditions|careers|jobs|advertise(?: with us)?|help|accessibility|podcasts?|videos?|photos?|live|opinion|sections|all sections|world|politics|business|tech|technology|science|health|sports?|entertainment|culture|lifestyle|travel|markets|economy|climate|weather|español|deutsch|français|english|edition|impressum|kontakt|startseite|accueil|inicio|datenschutz|mentions légales|rss|feeds?|apps?|store|shop|events|about this site|faqs?)$",
    },
];

fn compiled() -> &'static [(Pattern, &'static Rule)] {
    static TABLE: OnceLock<Vec<(Pattern, &'static Rule)>> = OnceLock::new();
    TABLE.get_or_init(|| RULES.iter().map(|r| (Pattern::new(r.pattern), r)).collect())
}

/// The patterns of a group's rules.
fn patterns_of(group: Group) -> impl Iterator<Item = &'static str> {
    RULES.iter().filter(move |r| r.group == group).map(|r| r.pattern)
}

/// Patterns as one alternation.
fn joined(patterns: &[&str]) -> String {
    let each: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    each.join("|")
}

/// The patterns of a group's rules as one alternation.
fn joined_pattern(group: Group) -> String {
    joined(&patterns_of(group).collect::<Vec<_>>())
}

/// What every match of a phrase rule holds, asked before the rules.
fn phrases() -> &'static Prefilter {
    static PHRASES: OnceLock<Prefilter> = OnceLock::new();
    PHRASES.get_or_init(|| {
        Prefilter::new(patterns_of(Group::Phrases), |rest| super::pattern::loose(&joined(rest)))
    })
}

/// Whether any rule of `group` can match `text` (always true for a rule asked alone).
/// A yes is only a reason to ask the group's rules one by one, so the joined patterns
/// are built loose (see [`super::pattern::loose`]).
fn any_of(group: Group, text: &str) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    match group {
        Group::Phrases => phrases().may_match(text),
        // Anchored at the start: the automaton reads a few bytes of most blocks.
        Group::Start => {
            START.get_or_init(|| super::pattern::loose(&joined_pattern(Group::Start))).is_match(text)
        }
        Group::Alone => true,
    }
}

/// Whether `text` may match a rule that `opens` with one of these bytes: it starts with
/// one, or is not ASCII (a capital or a letter of another case, a Kelvin sign for a "k").
fn may_open(text: &str, opens: &str) -> bool {
    match text.bytes().next() {
        Some(b) if opens.as_bytes().contains(&b) => true,
        Some(_) => !text.is_ascii(),
        None => false,
    }
}

/// Where a block sits in the article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Position {
    pub head: bool,
    pub tail: bool,
    /// Before the first or after the last paragraph of text, with no slack.
    pub outside: bool,
}

/// A rule's verdict on a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub reason: Reason,
    pub weight: Weight,
}

/// What the joined groups said of one text, kept between the questions asked of the same
/// block (where the article text starts, then what each block is): each group reads the
/// text once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Groups {
    phrases: Option<bool>,
    start: Option<bool>,
}

/// The first rule of the table that matches `text`, if any.
pub(crate) fn judge(
    text: &str,
    words: usize,
    terminal: bool,
    separators: usize,
    pos: Position,
) -> Option<Hit> {
    judge_with(text, words, terminal, separators, pos, &Cell::default())
}

/// [`judge`], with what the groups said of `text` before, and keeping what they say now.
pub(crate) fn judge_with(
    text: &str,
    words: usize,
    terminal: bool,
    separators: usize,
    pos: Position,
    groups: &Cell<Groups>,
) -> Option<Hit> {
    let mut asked = groups.get();
    let hit = first_rule(text, words, terminal, pos, separators, &mut asked);
    groups.set(asked);
    if hit.is_some() {
        return hit;
    }
    if (pos.head || pos.tail) && is_dateline(text, words) {
        return Some(Hit { reason: Reason::Dateline, weight: Weight::Strong });
    }
    if pos.head && tagline(text, words).is_some() {
        return Some(Hit { reason: Reason::Tagline, weight: Weight::Strong });
    }
    None
}

/// The first rule of the table that matches, asking each group at most once.
fn first_rule(
    text: &str,
    words: usize,
    terminal: bool,
    pos: Position,
    separators: usize,
    asked: &mut Groups,
) -> Option<Hit> {
    let Groups { phrases, start } = asked;
    for (re, rule) in compiled() {
        let placed = match rule.place {
            Place::Anywhere => true,
            Place::Tail => pos.tail,
            Place::Edge => pos.head || pos.tail,
        };
        if words > rule.max_words || !placed {
            continue;
        }
        let possible = match rule.group {
            Group::Phrases => *phrases.get_or_insert_with(|| any_of(Group::Phrases, text)),
            Group::Start => *start.get_or_insert_with(|| any_of(Group::Start, text)),
            Group::Alone => rule.opens.is_none_or(|opens| may_open(text, opens)),
        };
        if !possible || !re.is_match(text) {
            continue;
        }
        // "By Monday, officials said ..." is a sentence, not a byline.
        if rule.reason == Reason::Byline && terminal && words > 6 && separators == 0 {
            continue;
        }
        return Some(Hit { reason: rule.reason, weight: rule.weight });
    }
    None
}

fn date_core() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?i)\b{m}\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d\b|\s*$|\s*[·|•–—-]|,(?:\s|$))|\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{m}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b(?:19|20)\d\d[./]\d{{1,2}}[./]\d{{1,2}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b|\b\d{{1,2}}:\d{{2}}\b|\b\d{{1,2}}h\d{{2}}\b|\b\d+\s*(?:min|mins|minute|minutes)\s+(?:read|lesezeit)\b|\b\d+\s+(?:hours?|minutes?|days?|weeks?)\s+ago\b|\b(?:published|updated|posted|last (?:updated|modified|reviewed)|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\b[^a-z]{{0,3}}(?:on\s+)?(?:{m}|\d)",
            m = super::months::pattern()
        );
        Pattern::new(&p)
    })
}

fn period_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"(?i)\b(?:ended|ending|ends|period|quarter|fiscal|through|until|since|from|between|due|pay|payable|record)\b")
    })
}

fn publishing_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"(?i)\b(?:published|updated|posted|modified|reviewed|veröffentlicht|aktualisiert|publié|publicado|actualizado|pubblicato|aggiornato)\b|입력|수정|등록")
    })
}

fn strong_date() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"(?i)\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}h\d{2}\b|\b(?:min|mins|minute|minutes)\s+(?:read|lesezeit)\b|\bago\b|\b(?:published|updated|posted|modified|reviewed|veröffentlicht|aktualisiert|publié|publicado|actualizado|pubblicato|aggiornato|입력|수정|등록)")
    })
}

fn date_noise() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        let p = format!(
            r"(?i)\b{m}\b\.?|\b\d+(?:st|nd|rd|th)?\b|\b(?:min|mins|minute|minutes|read|lesezeit|ago|hours?|days?|weeks?|published|updated|posted|last|modified|reviewed|on|at|am|pm|a\.m\.|p\.m\.|et|est|edt|pt|pst|gmt|utc|bst|cet|cest|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|veröffentlicht|aktualisiert|publié|publicado|pubblicato|um|uhr|le|el|de|il|by)\b|[^\p{{L}}\s]",
            m = super::months::pattern()
        );
        Pattern::new(&p)
    })
}

/// A line that is a date, a time or a reading time, with at most a few other words
/// (a site or author name): "April 7, 2026 · 8 min read · Happycapy Guide".
pub(crate) fn is_dateline(text: &str, words: usize) -> bool {
    // A wire story's "CLEVELAND, Feb 26 -" opens its first paragraph: article text.
    if words > 20 || !date_core().is_match(text) || is_wire_dateline(text) {
        return false;
    }
    // "Period ended December 31, 1986" heads a table of results; so do rows of dates.
    let table_row = date_core().find_iter(text).count() >= 3 && !publishing_re().is_match(text);
    if period_re().is_match(text) || table_row {
        return false;
    }
    let rest = date_noise().replace_all(text, " ");
    let rest: Vec<&str> = rest.split_whitespace().collect();
    // "Payable March 31" in a dividend notice is data: a dateline names a year, a
    // time, a reading time or a publishing verb, or is nothing but the date.
    if !rest.is_empty() && !strong_date().is_match(text) {
        return false;
    }
    // "The budget takes effect July 1." is a sentence that holds a date.
    let lowercase = rest.iter().filter(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
    // "AM INTERNATIONAL INC <AM> 2ND QTR JAN 31" is a wire headline.
    let shouting =
        rest.iter().filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase)).count();
    rest.len() <= 5 && shouting < 2 && !(lowercase >= 2 && text.ends_with('.') && !text.ends_with(".m."))
}

/// Whether `text` opens with a wire dateline, [`wire_dateline`]. The pattern starts with
/// a capital and needs a dash: without them, the automaton is not asked.
pub(crate) fn is_wire_dateline(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
        && text.contains(['-', '–', '—'])
        && wire_dateline().is_match(text)
}

/// A market report's headline: an exchange and the time of its prices, "CBT 10:40 EDT",
/// "NYSE 12:01". Read as a dateline, it would leave the report without its headline.
pub(crate) fn is_time_stamp_headline(text: &str) -> bool {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| Pattern::new(r"^[A-Z]{2,6} +\d{1,2}:\d{2}(?: +[A-Z]{2,4})?$")).is_match(text)
}

/// "CLEVELAND, Feb 26 -", "SANTA CRUZ, Calif., Feb 26 -": where a wire story begins.
/// It names no year.
fn wire_dateline() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        // A city in capitals, or any city followed by a month and day; regions after commas.
        let region = r"(?:, \p{Lu}[\p{L}.]+(?: \p{Lu}[\p{L}.]+)?)*";
        let p = format!(
            r"^(?:\p{{Lu}}[\p{{Lu}} .'-]*\p{{Lu}}{region},?(?: (?i:{m})\.? \d{{1,2}})?|\p{{Lu}}[\p{{L}} .'-]*?{region},? (?i:{m})\.? \d{{1,2}})\s*[-–—](?:\s|$)",
            m = super::months::pattern()
        );
        Pattern::new(&p)
    })
}

fn tagline_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(
            r"^(?P<site>(?:The |the |Le |La |Les |Der |Die |Das |El |Il )?\p{Lu}[\p{L}\p{N}&.'’-]*(?: (?:\p{Lu}[\p{L}\p{N}&.'’-]*|of|de|du|des|la|le|der|am|del|di|&)){0,4})(?: (?i:newsroom|team|staff|editors|editorial team|desk|editorial board))?\s*(?:—|–|-|\||:)\s+(?P<slogan>.+)$",
        )
    })
}

fn slogan_re() -> &'static Pattern {
    static RE: OnceLock<Pattern> = OnceLock::new();
    RE.get_or_init(|| {
        Pattern::new(r"(?i)\b(?:delivering|delivers|your (?:source|guide|daily|trusted|home|window)|since (?:19|20)\d\d|trusted|independent (?:news|journalism|voice)|insights?|the latest|stories that|journalism|at the speed of|for (?:people|those|readers|professionals|everyone)|news (?:you|that|for|from)|all the news|depuis (?:19|20)\d\d|seit (?:19|20)\d\d|desde (?:19|20)\d\d|dal (?:19|20)\d\d|l'info|l'actualité|nachrichten)\b")
    })
}

/// A site's slogan line ("The AI Post newsroom — delivering AI news at the speed of
/// intelligence."), returning the site name.
pub(crate) fn tagline(text: &str, words: usize) -> Option<String> {
    // The name and the slogan are split by a dash, a bar or a colon.
    if words > 25 || !text.contains(['—', '–', '-', '|', ':']) {
        return None;
    }
    // Most lines with a dash are no tagline: the automaton says so before the slower
    // search for where the name ends.
    let re = tagline_re();
    if !re.is_match(text) {
        return None;
    }
    let caps = re.captures(text)?;
    let slogan = caps.name("slogan")?.as_str();
    let slogan_words = slogan.split_whitespace().count();
    // "Pitchside — football without the noise.": a short lower-case motto after a name.
    let dashed = text.contains(['—', '–', '|']);
    let motto = dashed && slogan_words <= 10 && slogan.chars().next().is_some_and(char::is_lowercase);
    if slogan_words > 16 || !(motto || slogan_re().is_match(slogan)) {
        return None;
    }
    Some(caps.name("site")?.as_str().trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: Position = Position { head: true, tail: false, outside: true };
    const TAIL: Position = Position { head: false, tail: true, outside: true };
    const MID: Position = Position { head: false, tail: false, outside: false };

    fn reason(text: &str, pos: Position) -> Option<Reason> {
        let f = super::super::features::of(text);
        judge(text, f.words, f.terminal, f.separators, pos).map(|h| h.reason)
    }

    #[test]
    fn every_pattern_compiles() {
        for rule in RULES {
            assert!(super::super::pattern::builds(rule.pattern), "{}", rule.pattern);
        }
        for group in [Group::Phrases, Group::Start] {
            assert!(super::super::pattern::builds(&joined_pattern(group)), "{group:?}");
        }
    }

    #[test]
    fn table_gives_the_expected_reasons() {
        assert_eq!(reason("April 7, 2026 · 8 min read · Happycapy Guide", HEAD), Some(Reason::Dateline));
        // Spanish and Portuguese put "de" between the day and the month.
        assert_eq!(reason("3 de febrero de 2026", HEAD), Some(Reason::Dateline));
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
        assert_eq!(reason("Already a subscriber? Log in", MID), Some(Reason::Newsletter));
        assert_eq!(reason("Listen to this article", MID), Some(Reason::Share));
        assert_eq!(
            reason("This article was originally published on The Conversation.", MID),
            Some(Reason::Other)
        );
        assert_eq!(reason("Photo: Reuters/Jane Doe", MID), Some(Reason::Metadata));
        assert_eq!(
            reason("We use cookies to improve your experience on our site.", MID),
            Some(Reason::Cookie)
        );
    }

    /// Boilerplate in other languages, and the reason each gives anywhere in an article.
    const OTHER_LANGUAGES: &[(&str, Reason)] = &[
        ("Reklama", Reason::Other),
        ("Valora esta noticia", Reason::Other),
        ("Dieser Artikel gefällt Ihnen?", Reason::Other),
        ("Unterstütze RosaMag", Reason::Other),
        ("Je fais un don à Attac", Reason::Other),
        ("Zobacz także", Reason::Related),
        ("VEA TAMBIÉN: Estrella de la educación no brilla para estudiantes", Reason::Related),
        ("Le puede interesar", Reason::Related),
        ("Czytaj też: Gazprom przelał PGNiG 1,5 mld dolarów", Reason::Related),
        ("Fot. Europol Gaz", Reason::Metadata),
        ("Imagen: Télam", Reason::Metadata),
        ("Deniz Aytekin / Kevin Voigt/GettyImages", Reason::Metadata),
        ("Kuva: Alexander Becher", Reason::Metadata),
        ("Weltspitze der Junioren angekommen. (Foto: Privat)", Reason::Metadata),
        ("El Nobel de la Paz habla en Oslo (REUTERS/Denis Balibouse)", Reason::Metadata),
        ("Roman Prymula, photo: Jana Přinosilová", Reason::Metadata),
        ("Bitte loggen Sie sich vor dem Kommentieren ein.", Reason::Comments),
        ("Para comentar debes registrarte y completar los datos generales.", Reason::Comments),
        ("Nur angemeldete Benutzer können kommentieren und bewerten.", Reason::Comments),
        ("To view the full story, please subscribe to The Haitian Times.", Reason::Newsletter),
        ("Tú también puedes hacer periodismo incómodo. Cancela cuando quieras.", Reason::Newsletter),
        ("This site is protected by reCAPTCHA and the Google Privacy Policy.", Reason::Cookie),
        ("Wyrażam zgodę na przetwarzanie moich danych osobowych przez wydawcę.", Reason::Cookie),
        ("Wir respektieren deine Privatsphäre", Reason::Cookie),
        (". Imagen: Télam", Reason::Metadata),
        ("Merkel keskusteli Sanna Marinin kanssa. Kuva: ALEXANDER BECHER", Reason::Metadata),
        ("(Foto: DBT/Stella von Saldern (bearbeitet durch spdfraktion.de))", Reason::Metadata),
        ("opublikowano:", Reason::Metadata),
        ("Diese Seite wurde zuletzt am 3. Mai 2021 bearbeitet.", Reason::Metadata),
        ("Schreib einen Kommentar", Reason::Comments),
        ("Vos réactions (11)", Reason::Comments),
        ("Bitte registrieren Sie sich und halten Sie sich an unsere Netiquette.", Reason::Comments),
        ("We want to hear what you think about this article.", Reason::Comments),
        ("articles correspondants", Reason::Related),
        ("Lesen Sie auch die folgenden Beiträge:", Reason::Related),
        ("Mehr von 1000things", Reason::Related),
        ("Materiał chroniony prawem autorskim.", Reason::Copyright),
        ("Design von Andreas Viklund", Reason::Copyright),
        ("Für Links auf dieser Seite erhält CHIP ggf. eine Provision vom Händler.", Reason::Affiliate),
        ("Jetzt registrieren", Reason::Other),
        ("Externer Inhalt", Reason::Other),
        ("Der Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.", Reason::Other),
        ("Verpasse keine News zu Hardware & Gadgets", Reason::Newsletter),
        ("¡Mira lo que tiene nuestro canal de YouTube!", Reason::Share),
        ("Den Artikel mit anderen teilen/diskutieren:", Reason::Share),
        ("Print Recipe", Reason::Share),
    ];

    #[test]
    fn reader_appeals_and_credits_in_other_languages() {
        for &(text, want) in OTHER_LANGUAGES {
            assert_eq!(reason(text, MID), Some(want), "{text}");
        }
    }

    /// Article sentences that share words with the rules' phrases.
    const SHARING_WORDS: &[&str] = &[
        // A headline that reports an appeal, and a company whose name holds "subscribers".
        "Unterstützung für die Ukraine wächst",
        "Societa Elenchi Ufficiali degli Abbonati al Telefono is among the likely partners.",
        // A transcript's speaker, and a name that is a Spanish verb.
        "Lee: We will not give up the seat.",
        "Residents who registered can comment on the plan until May.",
        "La ley regula el tratamiento de datos personales en los hospitales.",
        "The agency (AP) said the count was complete.",
        "Der Makler erhält eine Provision von drei Prozent.",
        "The cars are powered by hydrogen made on site.",
        "Más de 300 personas llegaron a la plaza.",
        "Photos of the flood were shared widely: the river rose two metres.",
        // A source named at the end of a paragraph is the article's own.
        "Die Arbeitslosenquote stieg im Mai auf 5,2 Prozent. Quelle: Bundesagentur für Arbeit",
        // Sentences that share words with the appeals, credits and notices.
        "The company, registered in Cyprus, declined to comment.",
        "Police declined to comment on any connection between the two attacks.",
        "Registered voters have until Friday to comment on the proposal.",
        "Das Unternehmen wollte den Eintrag im Handelsregister nicht kommentieren.",
        "Las opiniones expresadas por el presidente provocaron críticas de la oposición.",
        "Authorities blocked four Telegram channels linked to the group.",
        "Sweden, already a member of the European Union, is signing a defence pact.",
        "He said he had not read the full article before sharing it.",
        "Subscribers can cancel at any time, the company said.",
        "Der Kanzler verpasse keine Gelegenheit, sich zu inszenieren, kritisierte die Opposition.",
        "Trump and Modi agree to terms of a trade pact, officials say.",
        "\u{201c}We value your privacy,\u{201d} the chief executive told the Senate.",
        "Den Beitrag zur Krankenversicherung teilen sich Arbeitgeber und Beschäftigte.",
        "Faire un don aux Restos du cœur : quelle réduction d'impôt ?",
        "Donate blood this summer, Red Cross urges",
        "External content moderators sue the platform over trauma",
        "Mehr von den Corona-Hilfen profitierten Großkonzerne als erwartet.",
        "Outlook for U.S. credit: banks brace for tighter rules",
        "Support for the president slips to 38% (Reuters/Ipsos)",
        "Design by committee rarely produces good aircraft, the report said.",
    ];

    #[test]
    fn article_lines_that_share_their_words_stay() {
        for text in SHARING_WORDS {
            assert_eq!(reason(text, MID), None, "{text}");
        }
    }

    /// Phrases in every case a page may print them, non-ASCII capitals among them.
    const PHRASES_IN_CAPITALS: &[&str] = &[
        "© 2026 Example Media. All rights reserved.",
        "ALL RIGHTS RESERVED",
        "TOUS DROITS RÉSERVÉS",
        "Wszelkie Prawa Zastrzeżone",
        "VŠECHNA PRÁVA VYHRAZENA",
        "ALLA RÄTTIGHETER FÖRBEHÅLLNA",
        "ВСЕ ПРАВА ЗАЩИЩЕНЫ",
        "무단전재 및 재배포 금지",
        "We use cookies to improve your experience on our site.",
        "NOUS RESPECTONS VOTRE VIE PRIVÉE",
        "Ich freue mich ÜBER eure Kommentare!",
        "Für Links auf dieser Seite erhält CHIP ggf. eine PROVISION VOM HÄNDLER.",
        "Inscrivez-vous, c'est gratuit : la lettre arrive DANS VOTRE BOÎTE chaque matin.",
        "SUSCRÍBETE a nuestro boletín",
        "Sign up for our newsletter",
        "Honest reviews, tutorials, and Happycapy tips. No spam.",
        "LES OPINIONS EXPRIMÉES DANS CET ARTICLE N'ENGAGENT QUE LEUR AUTEUR.",
        "Síguenos en Twitter",
        "As an Amazon Associate we earn from qualifying purchases.",
    ];

    /// `text` in other cases: all capitals, all small letters, each letter's case swapped,
    /// and "s", "k" written as the long s and the Kelvin sign, which `(?i)` also matches.
    fn cases(text: &str) -> [String; 5] {
        let swapped = text
            .chars()
            .flat_map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().collect::<Vec<_>>()
                } else {
                    c.to_uppercase().collect()
                }
            })
            .collect();
        let exotic = text.replace('s', "ſ").replace('k', "\u{212A}");
        [text.to_string(), text.to_uppercase(), text.to_lowercase(), swapped, exotic]
    }

    /// The phrase group's prefilter is only asked first: a text that one of its rules
    /// matches must always pass it, in any case.
    #[test]
    fn every_phrase_match_passes_the_prefilter() {
        let phrase_rules: Vec<&Pattern> =
            compiled().iter().filter(|(_, rule)| rule.group == Group::Phrases).map(|(re, _)| re).collect();
        let matched_by_a_phrase = |text: &str| phrase_rules.iter().any(|re| re.is_match(text));
        let unmatched: Vec<String> = PHRASES_IN_CAPITALS
            .iter()
            .flat_map(|text| cases(text))
            .filter(|form| !matched_by_a_phrase(form))
            .collect();
        assert!(unmatched.is_empty(), "no phrase rule matches {unmatched:?}");
        for form in PHRASES_IN_CAPITALS.iter().flat_map(|text| cases(text)) {
            assert!(any_of(Group::Phrases, &form), "{form:?}");
        }
        let others = OTHER_LANGUAGES.iter().map(|(text, _)| *text).chain(SHARING_WORDS.iter().copied());
        for text in others {
            for form in cases(text).iter().filter(|form| matched_by_a_phrase(form)) {
                assert!(any_of(Group::Phrases, form), "{form:?}");
            }
        }
        // Every phrase rule has literals: no pattern is left to read every block.
        assert!(!phrases().has_rest());
        // Most article text holds no literal of any phrase.
        assert!(!any_of(Group::Phrases, "The company said first-quarter profit rose 12 pct to 45 mln dlrs."));
    }

    /// One of a character's forms that `(?i)` matches alike: as it is, its capital or small
    /// letter (when one character), or the long s, the Kelvin sign, the capital sharp s.
    fn form_of(c: char, pick: u8) -> char {
        fn single(mut chars: impl Iterator<Item = char>, or: char) -> char {
            match (chars.next(), chars.next()) {
                (Some(one), None) => one,
                _ => or,
            }
        }
        match (pick, c) {
            (1, _) => single(c.to_uppercase(), c),
            (2, _) => single(c.to_lowercase(), c),
            (3, 's' | 'S') => 'ſ',
            (3, 'k' | 'K') => '\u{212A}',
            (3, 'ß') => 'ẞ',
            _ => c,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// A phrase among other words, each of its letters in any of the forms `(?i)`
        /// matches: whenever a phrase rule matches it, the prefilter lets it through.
        #[test]
        fn a_phrase_in_any_case_passes_the_prefilter(
            which in 0..PHRASES_IN_CAPITALS.len() + OTHER_LANGUAGES.len(),
            picks in proptest::collection::vec(0u8..4, 120),
            before in "[a-zA-Zäöüß ſ.,:]{0,16}",
            after in "[a-zA-Zéèàç ſ.,!]{0,16}",
        ) {
            let phrase = PHRASES_IN_CAPITALS.get(which).copied()
                .unwrap_or_else(|| OTHER_LANGUAGES[which - PHRASES_IN_CAPITALS.len()].0);
            let mangled: String = phrase.chars().zip(picks.iter().cycle()).map(|(c, &p)| form_of(c, p)).collect();
            let text = format!("{before}{mangled}{after}");
            let matched = compiled().iter().any(|(re, rule)| rule.group == Group::Phrases && re.is_match(&text));
            proptest::prop_assert!(!matched || any_of(Group::Phrases, &text), "{:?}", text);
        }
    }

    #[test]
    fn comment_forms_ad_blocker_appeals_and_paywalls() {
        for (text, want) in [
            ("Post Comment", Reason::Comments),
            ("Cancel reply", Reason::Comments),
            ("Kommentar absenden", Reason::Comments),
            ("Antwort abbrechen", Reason::Comments),
            ("Notify me of follow-up comments by email.", Reason::Comments),
            ("Benachrichtige mich über Folgekommentare per E-Mail. Du kannst auch ohne Kommentar abonnieren.", Reason::Comments),
            ("Save my name, email, and website in this browser for the next time I comment.", Reason::Comments),
            ("Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern, bis ich wieder kommentiere.", Reason::Comments),
            ("Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert", Reason::Comments),
            ("Bitte schalte deinen Adblocker für t3n.de aus, um diesen Artikel zu lesen.", Reason::Newsletter),
            ("Please disable your ad blocker to continue reading.", Reason::Newsletter),
            ("We noticed you're using an ad blocker.", Reason::Newsletter),
            ("Désactivez votre bloqueur de publicité pour continuer.", Reason::Newsletter),
            ("Wir haben festgestellt, dass Sie einen Adblocker verwenden.", Reason::Newsletter),
            ("Bereits Abonnent/in? Anmelden", Reason::Newsletter),
            ("Jetzt diesen Artikel lesen!", Reason::Newsletter),
            ("Gleich können Sie weiterlesen!", Reason::Newsletter),
            ("Bitte melde dich an, um diesen Artikel in deiner persönlichen Merkliste auf t3n zu speichern.", Reason::Newsletter),
            ("Einige von ihnen sind essenziell und werden zum Betrieb der Webseite benötigt.", Reason::Cookie),
            ("Essenzielle Cookies sind für den Betrieb der Webseite unbedingt erforderlich.", Reason::Cookie),
        ] {
            assert_eq!(reason(text, MID), Some(want), "{text}");
        }
        // Article sentences about the same things, each of which an earlier form removed.
        for text in [
            "YouTube has begun warning users that they must disable ad blockers to keep watching videos, the company confirmed in a statement.",
            "Privacy groups said the changes would effectively disable the ad blocker extensions that tens of millions of people rely on.",
            "Viewers see a pop-up that reads \"It looks like you are using an ad blocker\" before a video starts, users said.",
            "Laut einer Umfrage gaben 30 Prozent der Befragten an, dass sie einen Adblocker nutzen, um Werbung im Netz zu vermeiden.",
            "Die Verlage wollen die Nutzer nun bitten: Schalten Sie bitte Ihren Adblocker aus, heißt es in einer gemeinsamen Erklärung.",
            "Muchos usuarios se niegan a desactivar su bloqueador de anuncios incluso cuando los medios se lo piden, señala el informe.",
            "Secondo il garante, nessun sito può obbligare gli utenti a disattivare adblock per leggere le notizie.",
            "« Désactivez votre bloqueur de publicité », demande désormais le site à ses lecteurs.",
            "Die Forscher untersuchten 400 Gene. Einige von ihnen sind essenziell für das Überleben der Zelle.",
            "Nur essenzielle Cookies dürfen ohne Einwilligung gesetzt werden, entschieden die Richter.",
            "\"Ihre E-Mail-Adresse wird nicht veröffentlicht\", versicherte ein Sprecher der Behörde den Bürgern.",
            "Getty Images and Shutterstock agreed on Tuesday to merge in a deal worth $3.7 billion.",
            "Der Verlag will jetzt diesen Artikel lesen lassen, bevor er erscheint.",
            "Bereits Abonnenten des Dienstes zahlen ab Mai mehr, teilte das Unternehmen mit.",
        ] {
            assert_eq!(reason(text, MID), None, "{text}");
        }
    }

    #[test]
    fn rules_asked_alone_still_match_every_opening() {
        for (text, pos, want) in [
            ("read more: the next models", MID, Reason::Related),
            ("Keep reading", MID, Reason::Related),
            ("à lire aussi : la suite", MID, Reason::Related),
            ("관련 기사", MID, Reason::Related),
            ("about the author", TAIL, Reason::Bio),
            ("Jane Doe is a senior reporter at Example News.", TAIL, Reason::Bio),
            ("follow her on Mastodon", TAIL, Reason::Bio),
            ("by Jane Doe", HEAD, Reason::Byline),
            ("door Jan de Vries", HEAD, Reason::Byline),
            ("Éric Dupont staff", HEAD, Reason::Byline),
            ("홍길동 기자", HEAD, Reason::Byline),
        ] {
            assert_eq!(reason(text, pos), Some(want), "{text}");
        }
        // The same rules, not asked of what cannot open a match.
        assert!(!may_open("\"Read more\"", "Rr"));
        assert!(may_open("ſee also", "Ss"));
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
        for text in [
            "CLEVELAND, Feb 26 -",
            "SANTA CRUZ, Calif., Feb 26 - The bank said",
            "Scarborough, Ontario, Feb 26 -",
            "WASHINGTON - The",
        ] {
            assert!(is_wire_dateline(text), "{text}");
        }
        for text in [
            "The Harbour Ledger — Independent news for the Tidewater coast",
            "Pitchside — football without the noise.",
        ] {
            assert!(!is_wire_dateline(text), "{text}");
            assert_eq!(reason(text, HEAD), Some(Reason::Tagline), "{text}");
        }
    }
}
