//! Copy groups: articles whose texts are near-identical, found by locality-sensitive
//! hashing of their MinHash signatures, then checked signature against signature.

use super::signature::{resemblance, Signature, SLOTS};
use super::union::Union;

/// Signatures that agree on at least this share of slots are copies. A copy that drops a
/// paragraph or rewords a sentence keeps far more; two articles telling one event in their
/// own words share a few three-word phrases (names, quotes), far fewer.
pub const COPY_RESEMBLANCE: f32 = 0.5;

/// Slots per band: two articles are compared when they agree on every slot of a band.
const BAND_SLOTS: usize = 2;

/// Bands, over the first slots: a pair at the threshold is compared with a probability of
/// 1 - 0.75^16 (0.99), a pair of copies that kept 70% of their phrases with 0.99998.
const BANDS: usize = 16;

/// Comparisons of an article with others that share one of its bands, at most: a band
/// shared by thousands (a common table layout) costs no more than a few.
const MAX_COMPARISONS: usize = 16;

/// The copy group of each article, as the index of one of its members (articles without a
/// signature are alone).
pub fn copy_groups(signatures: &[Option<Signature>]) -> Vec<usize> {
    let mut union = Union::new(signatures.len());
    let mut keyed: Vec<(u32, u32)> = Vec::with_capacity(signatures.len());
    for band in 0..BANDS.min(SLOTS / BAND_SLOTS) {
        keyed.clear();
        for (i, signature) in signatures.iter().enumerate() {
            if let Some(s) = signature {
                let key = u32::from(s[band * BAND_SLOTS]) << 16 | u32::from(s[band * BAND_SLOTS + 1]);
                keyed.push((key, i as u32));
            }
        }
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            for (n, &(_, i)) in run.iter().enumerate().skip(1) {
                let i = i as usize;
                let Some(a) = &signatures[i] else { continue };
                for &(_, j) in run[..n].iter().rev().take(MAX_COMPARISONS) {
                    let j = j as usize;
                    if union.root(i) == union.root(j) {
                        break;
                    }
                    if signatures[j].as_ref().is_some_and(|b| resemblance(a, b) >= COPY_RESEMBLANCE) {
                        union.join(i, j);
                        break;
                    }
                }
            }
        }
    }
    union.roots()
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
        let groups = copy_groups(&signatures);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[0], groups[4]);
        assert_ne!(groups[0], groups[1]);
        assert_eq!(groups[3], 3);
    }
}
