//! Copy groups: articles whose texts are near-identical, found by locality-sensitive
//! hashing of their MinHash signatures, then checked signature against signature.

use super::signature::{resemblance, Signature};

/// Signatures that agree on at least this share of slots are copies. A copy that drops a
/// paragraph or rewords a sentence keeps far more; two articles telling one event in their
/// own words share a few three-word phrases (names, quotes), far fewer.
pub const COPY_RESEMBLANCE: f32 = 0.5;

/// Slots per band: two articles are compared when they agree on every slot of a band.
const BAND_SLOTS: usize = 2;

/// Bands, over the first slots: a pair at the threshold is compared with a probability of
/// 1 - 0.75^16 (0.99), a pair of copies that kept 70% of their phrases with 0.99998.
const BANDS: usize = 16;

/// Earlier articles an article is compared with per band, at most: a band shared by
/// thousands (a common table layout) costs no more than a few.
const MAX_COMPARISONS: usize = 16;

/// A resemblance that only copies word for word reach: the search for a group ends there.
const WORD_FOR_WORD: f32 = 0.95;

fn band_key(signature: &Signature, band: usize) -> u32 {
    u32::from(signature[band * BAND_SLOTS]) << 16 | u32::from(signature[band * BAND_SLOTS + 1])
}

/// One band of every article's signature.
struct Band {
    /// (key, rank) of every article with a signature, sorted: the articles of one key come
    /// together, earliest first.
    sorted: Vec<(u32, u32)>,
    /// For each rank, where in `sorted` the earlier articles with its key are: the articles
    /// are taken in rank order, so these are read one after another, with no search.
    spans: Vec<(u32, u32)>,
}

impl Band {
    fn new(signatures: &[Option<Signature>], rank: &[u32], band: usize) -> Band {
        let mut sorted: Vec<(u32, u32)> = signatures
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|s| (band_key(s, band), rank[i])))
            .collect();
        sorted.sort_unstable();
        let mut spans = vec![(0, 0); signatures.len()];
        let mut start = 0;
        for (at, &(key, r)) in sorted.iter().enumerate() {
            if at > 0 && sorted[at - 1].0 != key {
                start = at;
            }
            spans[r as usize] = (start as u32, at as u32);
        }
        Band { sorted, spans }
    }

    /// The articles before the one of `rank` that share its key, earliest first.
    fn earlier(&self, rank: u32) -> &[(u32, u32)] {
        let (start, end) = self.spans[rank as usize];
        &self.sorted[start as usize..end as usize]
    }
}

/// The copy group of each article, as the index of the article it was first found with.
/// Articles are taken in `order` (a fixed order, so that the groups depend on the articles
/// alone): each joins the group of the earlier article it resembles most, if that group's
/// first article resembles it too, and starts a group otherwise. A group is so a star
/// around its first article, never a chain: daily reports of one template, each like the
/// day before's, stay apart. Articles without a signature are alone.
pub fn copy_groups(signatures: &[Option<Signature>], order: &[usize]) -> Vec<usize> {
    debug_assert_eq!(order.len(), signatures.len(), "the order names every article once");
    let mut rank = vec![0u32; signatures.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i] = place as u32;
    }
    let bands: Vec<Band> = (0..BANDS).map(|band| Band::new(signatures, &rank, band)).collect();
    let mut first = (0..signatures.len()).collect::<Vec<usize>>();
    let mut leaders: Vec<usize> = Vec::new();
    for &i in order {
        let Some(signature) = &signatures[i] else { continue };
        leaders.clear();
        // The best group so far: its first article, and how much it resembles this one.
        let mut best: Option<(usize, f32)> = None;
        for band in &bands {
            for &(_, r) in band.earlier(rank[i]).iter().take(MAX_COMPARISONS) {
                let leader = first[order[r as usize]];
                if leaders.contains(&leader) {
                    continue;
                }
                leaders.push(leader);
                let Some(other) = &signatures[leader] else { continue };
                let resembles = resemblance(signature, other);
                let better = best
                    .is_none_or(|(b, most)| resembles > most || resembles == most && rank[leader] < rank[b]);
                if resembles >= COPY_RESEMBLANCE && better {
                    best = Some((leader, resembles));
                }
            }
            // A copy word for word: no other group will do better.
            if best.is_some_and(|(_, most)| most >= WORD_FOR_WORD) {
                break;
            }
        }
        if let Some((leader, _)) = best {
            first[i] = leader;
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::super::signature::near_signature;
    use super::*;

    #[test]
    fn copies_group_and_others_stay_alone() {
        let body = |topic: &str| {
            format!(
                "The {topic} committee met on Monday and agreed a plan after a long debate. \
                 Members said the plan would be reviewed in spring, and that the budget for \
                 the {topic} works was settled. The chair thanked residents for their letters \
                 and promised a second meeting before the summer, when contractors will present \
                 their offers and a timetable for the works on the old quay and the bridge."
            )
        };
        let signatures = vec![
            Some(near_signature("A", &body("harbour"))),
            Some(near_signature("B", &"Rain is forecast for the weekend across the north. ".repeat(12))),
            Some(near_signature("A copy", &body("harbour").replace("long ", "lengthy "))),
            None,
            Some(near_signature("A again", &body("harbour"))),
        ];
        let groups = copy_groups(&signatures, &[0, 1, 2, 3, 4]);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[0], groups[4]);
        assert_ne!(groups[0], groups[1]);
        assert_eq!(groups[3], 3);
    }

    /// Daily reports of one template, each like the day before's but not like the first:
    /// no chain joins them.
    #[test]
    fn a_chain_of_resemblances_is_no_group() {
        let sentences: Vec<String> =
            (0..40).map(|n| format!("Figure {n} stood at level {} on the day", n * 7 + 3)).collect();
        let report = |from: usize| format!("{}.", sentences[from..from + 20].join(". "));
        let signatures: Vec<Option<Signature>> =
            [0, 5, 10].iter().map(|&from| Some(near_signature("Daily report", &report(from)))).collect();
        assert!(
            resemblance(signatures[0].as_ref().unwrap(), signatures[1].as_ref().unwrap()) >= COPY_RESEMBLANCE
        );
        assert!(
            resemblance(signatures[1].as_ref().unwrap(), signatures[2].as_ref().unwrap()) >= COPY_RESEMBLANCE
        );
        assert!(
            resemblance(signatures[0].as_ref().unwrap(), signatures[2].as_ref().unwrap()) < COPY_RESEMBLANCE
        );
        let groups = copy_groups(&signatures, &[0, 1, 2]);
        assert_eq!(groups, [0, 0, 2], "the third is like the second, not like the group's first");
    }
}
