//! Lists of teasers of other articles, by their layout alone. After an article, a page goes
//! on with other articles' headlines, each with a sentence or two under it (or a date, or
//! nothing). Those sentences read as article text, so no verdict on a line alone removes
//! them; the layout does: an article's sections are a subheading over paragraphs, two of
//! them or a long one, where a list of teasers alternates a headline and a short summary.

use super::classify::Class;
use super::features::Features;
use super::Reason;
use std::ops::RangeInclusive;

/// A headline is a few words and no sentence. Fewer words are a label ("Video", "mehr")
/// or a time ("67'"), which neither make nor break a list.
const HEADLINE_WORDS: RangeInclusive<usize> = 3..=15;
/// What a teaser says under its headline: a sentence or two, less than an article's
/// paragraph says.
const SUMMARY_MAX_WORDS: usize = 40;
/// Headlines in a row that make a list of teasers, not an article's subheading or two.
const MIN_HEADLINES: usize = 3;
/// A line this much digits is a date, a time or a count: no headline.
const FIGURES_SHARE: f32 = 0.15;

/// What a block is in the layout of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Headline,
    /// A sentence or two.
    Summary,
    /// Longer than a teaser's summary: an article's paragraph; an item of its own list or
    /// table; or the page's furniture, such as the share bar under the article.
    Paragraph,
    /// Removed already (but as the page's furniture), a fragment, the title, a label or
    /// a date: it neither makes nor breaks a list.
    Aside,
}

fn role(class: Class, f: &Features, is_title: bool) -> Role {
    match class {
        _ if is_title => Role::Aside,
        // A teaser's date, byline or link label; the page's furniture (a share bar, a
        // menu, a notice) is no part of a list and ends it.
        Class::Bad(reason, _) if reason.is_page_furniture() && reason != Reason::Related => Role::Paragraph,
        Class::Bad(..) | Class::Frag => Role::Aside,
        // The article's own list, table or contents: its items are no headlines, and a
        // list of other articles does not run through them.
        Class::Kept => Role::Paragraph,
        _ if f.list_item || f.table_row || f.columns => Role::Paragraph,
        _ if f.words < *HEADLINE_WORDS.start() || f.data || f.digit_share >= FIGURES_SHARE => Role::Aside,
        _ if HEADLINE_WORDS.contains(&f.words) && !f.terminal => Role::Headline,
        _ if f.words <= SUMMARY_MAX_WORDS => Role::Summary,
        _ => Role::Paragraph,
    }
}

/// The blocks laid out as a list of teasers: from a headline on, headlines each followed
/// by at most one summary (asides anywhere), at least [`MIN_HEADLINES`] headlines in all.
/// Two summaries in a row, or a paragraph, end the list.
pub(crate) fn runs(classes: &[Class], feats: &[Features], title: Option<usize>) -> Vec<bool> {
    let roles: Vec<Role> =
        (0..classes.len()).map(|i| role(classes[i], &feats[i], Some(i) == title)).collect();
    let mut teaser = vec![false; roles.len()];
    let mut start = 0;
    while start < roles.len() {
        if roles[start] != Role::Headline {
            start += 1;
            continue;
        }
        // `end` is one past the run's last headline or summary.
        let (mut end, mut headlines, mut last) = (start, 0, Role::Aside);
        for (i, &r) in roles.iter().enumerate().skip(start) {
            match r {
                Role::Headline => headlines += 1,
                Role::Summary if last == Role::Headline => {}
                Role::Aside => continue,
                Role::Summary | Role::Paragraph => break,
            }
            last = r;
            end = i + 1;
        }
        if headlines >= MIN_HEADLINES {
            teaser[start..end].iter_mut().for_each(|t| *t = true);
        }
        start = end.max(start + 1);
    }
    teaser
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::classify::by_features;
    use crate::clean::features;
    use crate::clean::rules::Weight;

    /// Each line as the cleaner has it when the article's end is sought: classed by its
    /// features, but "Read more" removed as a link label and "Share" as a share bar.
    fn teasers(lines: &[&str]) -> Vec<bool> {
        let feats: Vec<Features> = lines.iter().map(|l| features::of(l)).collect();
        let classes: Vec<Class> = lines
            .iter()
            .zip(&feats)
            .map(|(l, f)| match *l {
                "Read more" => Class::Bad(Reason::Other, Weight::Strong),
                "Share" => Class::Bad(Reason::Share, Weight::Strong),
                _ => by_features(f, None),
            })
            .collect();
        runs(&classes, &feats, None)
    }

    const PARAGRAPH: &str = "The council approved the budget on Tuesday after a debate that lasted \
        most of the afternoon, and the mayor said that the money for the new library would be \
        spent over the next three years, starting with the roof and the reading rooms.";

    #[test]
    fn headlines_alternating_with_short_summaries_are_a_list_of_teasers() {
        let lines = [
            PARAGRAPH,
            "Ferry fares rise again in spring",
            "The operator blames the price of fuel.",
            "12 March 2026",
            "New cycle lane opens on the bridge",
            "Read more",
            "Commuters welcomed it on the first morning.",
            "School meals to be free for all pupils",
            "Heavy snow closes the mountain pass",
        ];
        // The date and the link label inside the list are part of it.
        assert_eq!(teasers(&lines), [false, true, true, true, true, true, true, true, true]);
    }

    #[test]
    fn an_articles_sections_are_no_list_of_teasers() {
        let subheadings = [
            PARAGRAPH,
            "What the money is for",
            PARAGRAPH,
            "Who pays for the roof",
            "The council pays for most of it.",
            "The rest comes from a national fund.",
            "When the work starts",
            PARAGRAPH,
        ];
        assert!(teasers(&subheadings).iter().all(|t| !t));
        // Two headlines are a subheading or two, not a list.
        let two = [
            PARAGRAPH,
            "Ferry fares rise again in spring",
            "The operator blames fuel.",
            "New cycle lane opens",
        ];
        assert!(teasers(&two).iter().all(|t| !t));
    }

    #[test]
    fn the_share_bar_under_the_article_ends_its_last_section_before_the_teasers() {
        let lines = [
            PARAGRAPH,
            "What comes next",
            "The group wants to plant a hedge along the northern fence this autumn.",
            "Share",
            "Ferry fares rise again in spring",
            "The operator blames the price of fuel.",
            "New cycle lane opens on the bridge",
            "Commuters welcomed it on the first morning.",
            "School meals to be free for all pupils",
        ];
        assert_eq!(teasers(&lines), [false, false, false, false, true, true, true, true, true]);
    }
}
