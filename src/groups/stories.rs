//! Stories: articles that tell the same event in their own words, found by the cosine of
//! their tf-idf term vectors (title and opening), and by their dates when both have one.

use fnv::FnvHashMap;

use super::signature::Term;

/// Articles whose term vectors have at least this cosine tell one story: rewrites of one
/// event by different outlets stand above it, articles on one topic about different events
/// (news of one section) well below (the labelled set's figures are in BENCHMARKS.md).
/// GDELT links articles at 0.3 too.
pub const STORY_COSINE: f32 = 0.3;

/// Two dated articles more days apart than this tell different events, however alike.
pub const STORY_DAYS: i64 = 3;

/// Documents assumed besides the index when weighing words: a small index says little of
/// which words are common, and in an index of one story every word of the story would
/// weigh nothing.
const BACKGROUND_DOCUMENTS: f32 = 1000.0;

/// Terms of each article that find the articles it is compared with: its weightiest.
const PROBE_TERMS: usize = 12;

/// Terms found in more than this share of articles find no one: too common to name an event.
const MAX_PROBE_SHARE: f32 = 0.005;

/// Probe terms two articles must share before their stories are compared.
const MIN_SHARED_PROBES: u32 = 2;

/// Stories an article is compared with, at most: those of the articles that share the most
/// probe terms with it.
const MAX_CANDIDATE_STORIES: usize = 16;

pub struct StoryItem {
    pub terms: Vec<Term>,
    /// Days since 1970, when the article has a date.
    pub day: Option<i64>,
}

/// The story of each item, as the index of one of its members. Items join stories one at
/// a time in `order` (a fixed order, so that the stories depend on the articles alone): an
/// item joins the story it is most like on average, if that average cosine is at least
/// `STORY_COSINE`. An average, not the best single pair: a chain of articles each like the
/// next (one company's news, then another's on the same market...) would otherwise become
/// one story of thousands.
pub fn stories(items: &[StoryItem], order: &[usize]) -> Vec<usize> {
    let df = document_frequencies(items);
    let vectors = weigh(items, &df);
    let max_postings = ((items.len() as f32 * MAX_PROBE_SHARE) as usize).max(50);
    // Words of one article alone link it to no one.
    let probes: Vec<Vec<u32>> = vectors.iter().map(|v| probe_terms(v, |t| df[&t] >= 2)).collect();
    let mut postings: FnvHashMap<u32, Vec<u32>> = FnvHashMap::default();
    for (i, terms) in probes.iter().enumerate() {
        for &t in terms {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    // Each item's place in `order`. Ties are broken by it, never by the items' indices,
    // which follow where the index happened to store the articles (the indexing threads'
    // segments), so that two runs over the same articles give the same stories.
    let mut rank = vec![0u32; items.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    const NONE: usize = usize::MAX;
    let mut story_of = vec![NONE; items.len()];
    // Per story: its first item, how many items, and the sum of their vectors.
    let mut stories: Vec<(usize, f32, FnvHashMap<u32, f32>)> = Vec::new();
    // Probe words each item shares with the item being placed, and the items touched.
    let mut shared = vec![0u32; items.len()];
    let mut touched: Vec<u32> = Vec::new();
    for &i in order {
        for t in &probes[i] {
            let Some(list) = postings.get(t) else { continue };
            if list.len() > max_postings {
                continue;
            }
            for &j in list.iter().filter(|&&j| story_of[j as usize] != NONE) {
                if shared[j as usize] == 0 {
                    touched.push(j);
                }
                shared[j as usize] += 1;
            }
        }
        // The items sharing the most probe words lead to the stories compared.
        let mut near: Vec<u32> = touched
            .iter()
            .copied()
            .filter(|&j| {
                shared[j as usize] >= MIN_SHARED_PROBES && near_in_time(items[i].day, items[j as usize].day)
            })
            .collect();
        let candidates = candidate_stories(&mut near, &shared, &rank, &story_of);
        for j in touched.drain(..) {
            shared[j as usize] = 0;
        }
        let best = candidates
            .into_iter()
            .map(|s| {
                let (_, size, sum) = &stories[s];
                let dot: f32 = vectors[i].iter().map(|(t, w)| w * sum.get(t).copied().unwrap_or(0.0)).sum();
                (s, dot / size)
            })
            .filter(|(_, average)| *average >= STORY_COSINE)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let s = match best {
            Some((s, _)) => s,
            None => {
                stories.push((i, 0.0, FnvHashMap::default()));
                stories.len() - 1
            }
        };
        story_of[i] = s;
        let (_, size, sum) = &mut stories[s];
        *size += 1.0;
        for (t, w) in &vectors[i] {
            *sum.entry(*t).or_default() += w;
        }
    }
    story_of.into_iter().map(|s| if s == NONE { 0 } else { stories[s].0 }).collect()
}

/// The stories of the `near` items that share the most probe words, at most
/// `MAX_CANDIDATE_STORIES`; among items that share as many, the earliest in the fixed order
/// lead.
fn candidate_stories(near: &mut [u32], shared: &[u32], rank: &[u32], story_of: &[usize]) -> Vec<usize> {
    near.sort_unstable_by_key(|&j| (std::cmp::Reverse(shared[j as usize]), rank[j as usize]));
    let mut candidates: Vec<usize> = Vec::new();
    for &j in near.iter() {
        let s = story_of[j as usize];
        if !candidates.contains(&s) && candidates.len() < MAX_CANDIDATE_STORIES {
            candidates.push(s);
        }
    }
    candidates
}

fn near_in_time(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= STORY_DAYS,
        _ => true,
    }
}

/// A unit-length tf-idf vector.
type Vector = Vec<(u32, f32)>;

fn document_frequencies(items: &[StoryItem]) -> FnvHashMap<u32, u32> {
    let mut df: FnvHashMap<u32, u32> = FnvHashMap::default();
    for item in items {
        for t in &item.terms {
            *df.entry(t.hash).or_default() += 1;
        }
    }
    df
}

fn weigh(items: &[StoryItem], df: &FnvHashMap<u32, u32>) -> Vec<Vector> {
    let documents = items.len() as f32 + BACKGROUND_DOCUMENTS;
    items
        .iter()
        .map(|item| {
            let mut v: Vector = item
                .terms
                .iter()
                .map(|t| {
                    let idf = (documents / (1.0 + df[&t.hash] as f32)).ln();
                    (t.hash, (1.0 + f32::from(t.count).ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

fn probe_terms(v: &Vector, usable: impl Fn(u32) -> bool) -> Vec<u32> {
    let mut by_weight: Vec<&(u32, f32)> = v.iter().filter(|(t, _)| usable(*t)).collect();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1));
    by_weight.iter().take(PROBE_TERMS).map(|(t, _)| *t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn among_equally_near_articles_the_earliest_in_order_lead_not_the_first_stored() {
        // Twenty articles, each its own story, each sharing two probe words with the one
        // being placed; stored in the reverse of their order.
        let count = 20u32;
        let mut near: Vec<u32> = (0..count).collect();
        let shared = vec![2u32; count as usize];
        let rank: Vec<u32> = (0..count).rev().collect();
        let story_of: Vec<usize> = (0..count as usize).collect();
        let chosen = candidate_stories(&mut near, &shared, &rank, &story_of);
        let earliest: Vec<usize> = (0..count as usize).rev().take(MAX_CANDIDATE_STORIES).collect();
        assert_eq!(chosen, earliest);
        // One that shares more leads whatever its place.
        let mut near: Vec<u32> = (0..count).collect();
        let mut shared = shared;
        shared[0] = 3;
        assert_eq!(candidate_stories(&mut near, &shared, &rank, &story_of)[0], 0);
    }
}
