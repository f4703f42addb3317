//! Stories: articles that tell the same event in their own words, found by the cosine of
//! their tf-idf term vectors (title and opening), and by their dates when both have one.

use std::collections::HashMap;

use super::signature::Term;
use super::union::Union;

/// Articles whose term vectors have at least this cosine tell one story. Rewrites of one
/// event by different outlets measure 0.37 to 0.49; two articles on one topic about
/// different events have a median of 0.035 and a 99th percentile of 0.18 (news of one
/// section). GDELT links articles at 0.3 too.
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
const MAX_PROBE_SHARE: f32 = 0.02;

/// Articles compared, and shared probe terms needed before the cosine is computed.
const MIN_SHARED_PROBES: u32 = 2;

pub struct StoryItem {
    pub terms: Vec<Term>,
    /// Days since 1970, when the article has a date.
    pub day: Option<i64>,
}

/// The story of each item, as the index of one of its members.
pub fn stories(items: &[StoryItem]) -> Vec<usize> {
    let df = document_frequencies(items);
    let vectors = weigh(items, &df);
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    let max_postings = ((items.len() as f32 * MAX_PROBE_SHARE) as usize).max(50);
    // Words of one article alone link it to no one.
    let probes: Vec<Vec<u32>> = vectors.iter().map(|v| probe_terms(v, |t| df[&t] >= 2)).collect();
    for (i, terms) in probes.iter().enumerate() {
        for &t in terms {
            postings.entry(t).or_default().push(i as u32);
        }
    }
    let mut union = Union::new(items.len());
    let mut shared: HashMap<u32, u32> = HashMap::new();
    for (i, terms) in probes.iter().enumerate() {
        shared.clear();
        for t in terms {
            let Some(list) = postings.get(t) else { continue };
            if list.len() > max_postings {
                continue;
            }
            for &j in list.iter().filter(|&&j| (j as usize) > i) {
                *shared.entry(j).or_default() += 1;
            }
        }
        for (&j, &count) in &shared {
            let j = j as usize;
            if count < MIN_SHARED_PROBES || !near_in_time(items[i].day, items[j].day) {
                continue;
            }
            if cosine(&vectors[i], &vectors[j]) >= STORY_COSINE {
                union.join(i, j);
            }
        }
    }
    union.roots()
}

fn near_in_time(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= STORY_DAYS,
        _ => true,
    }
}

/// A unit-length tf-idf vector, sorted by term hash.
type Vector = Vec<(u32, f32)>;

fn document_frequencies(items: &[StoryItem]) -> HashMap<u32, u32> {
    let mut df: HashMap<u32, u32> = HashMap::new();
    for item in items {
        for t in &item.terms {
            *df.entry(t.hash).or_default() += 1;
        }
    }
    df
}

fn weigh(items: &[StoryItem], df: &HashMap<u32, u32>) -> Vec<Vector> {
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

/// The cosine of two unit vectors sorted by term.
pub fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}
