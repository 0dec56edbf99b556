//! Related case studies: for each one, up to three others sharing the most keys (themes and
//! principles), found through an inverted index (key -> the case studies that have it) so that
//! the cost follows the keys shared, never the pairs of pages.

use std::collections::HashMap;

use rayon::prelude::*;

/// How many of a key's case studies are counted for each case study that has the key: the
/// nearest in the list, which is sorted newest first, so the closest in date. Without a bound,
/// a theme held by a tenth of a large library makes the work grow with the square of its size;
/// with it the work per page stops growing once a key is held by more than this many. Below
/// this many nothing is left out. (For 50,000 case studies: 0.55 s. A window of 500 took
/// 0.16 s but found, for a fifth of them, related ones sharing fewer themes: not worth it.)
pub(crate) const WINDOW: usize = 2_000;

/// For each item, up to three others sharing the most of its keys: most keys shared first, then
/// the nearest in the list, then the first. `keys[i]` are item `i`'s keys (repeats count once).
pub(crate) fn most_shared(keys: &[Vec<String>], window: usize) -> Vec<Vec<usize>> {
    let items = keys_as_numbers(keys);
    let postings = items_by_key(&items);
    let n = items.len();
    (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: how many keys each item shares with `i`, and which were touched.
            || (vec![0u32; n], Vec::new()),
            |(counts, touched): &mut (Vec<u32>, Vec<usize>), i| {
                for &key in &items[i] {
                    for &j in nearest(&postings[key], i, window) {
                        if j != i {
                            if counts[j] == 0 {
                                touched.push(j);
                            }
                            counts[j] += 1;
                        }
                    }
                }
                best_three(i, counts, touched)
            },
        )
        .collect()
}

/// Each item's keys as small numbers, sorted, without repeats.
fn keys_as_numbers(keys: &[Vec<String>]) -> Vec<Vec<usize>> {
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    keys.iter()
        .map(|own| {
            let mut own: Vec<usize> = own
                .iter()
                .map(|key| {
                    let next = numbers.len();
                    *numbers.entry(key.as_str()).or_insert(next)
                })
                .collect();
            own.sort_unstable();
            own.dedup();
            own
        })
        .collect()
}

/// For each key number, the items that have it, in order.
fn items_by_key(items: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let keys = items.iter().flatten().max().map_or(0, |&k| k + 1);
    let mut postings = vec![Vec::new(); keys];
    for (i, own) in items.iter().enumerate() {
        for &key in own {
            postings[key].push(i);
        }
    }
    postings
}

/// The best three of the `touched` items by their `counts`, which are reset to zero.
fn best_three(i: usize, counts: &mut [u32], touched: &mut Vec<usize>) -> Vec<usize> {
    let mut best: Vec<(u32, usize, usize)> = Vec::with_capacity(4);
    for j in touched.drain(..) {
        let rank = (u32::MAX - counts[j], j.abs_diff(i), j);
        counts[j] = 0;
        if best.len() < 3 || rank < best[best.len() - 1] {
            let at = best.partition_point(|b| *b < rank);
            best.insert(at, rank);
            best.truncate(3);
        }
    }
    best.into_iter().map(|(_, _, j)| j).collect()
}

/// The `window` entries of a sorted list nearest to `i`; the whole list if it is no longer.
fn nearest(list: &[usize], i: usize, window: usize) -> &[usize] {
    if list.len() <= window {
        return list;
    }
    let at = list.partition_point(|&j| j < i);
    let start = at.saturating_sub(window / 2).min(list.len() - window);
    &list[start..start + window]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, pair by pair.
    fn brute_force(keys: &[Vec<String>]) -> Vec<Vec<usize>> {
        (0..keys.len())
            .map(|i| {
                let mut ranked: Vec<(usize, usize, usize)> = (0..keys.len())
                    .filter(|&j| j != i)
                    .filter_map(|j| {
                        let mut shared: Vec<&String> =
                            keys[i].iter().filter(|k| keys[j].contains(k)).collect();
                        shared.sort();
                        shared.dedup();
                        (!shared.is_empty()).then(|| (usize::MAX - shared.len(), i.abs_diff(j), j))
                    })
                    .collect();
                ranked.sort();
                ranked.into_iter().take(3).map(|(_, _, j)| j).collect()
            })
            .collect()
    }

    /// Pseudo-random keys (a fixed linear congruential sequence, so the test is repeatable).
    fn random_keys(n: usize, pool: u64, seed: u64) -> Vec<Vec<String>> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        (0..n)
            .map(|_| {
                let count = next() % 4;
                (0..count).map(|_| format!("k{}", next() % pool)).collect()
            })
            .collect()
    }

    #[test]
    fn equals_the_definition_when_no_key_is_held_by_more_than_the_window() {
        for seed in 1..20 {
            let keys = random_keys(80, 7, seed);
            assert_eq!(most_shared(&keys, 80), brute_force(&keys), "seed {seed}");
        }
    }

    #[test]
    fn window_counts_only_the_nearest_holders_of_a_common_key() {
        // Everyone has `common`; the first and the last also share `rare`.
        let keys: Vec<Vec<String>> = (0..10)
            .map(|i| match i {
                0 | 9 => vec!["common".to_string(), "rare".to_string()],
                _ => vec!["common".to_string()],
            })
            .collect();
        assert_eq!(most_shared(&keys, 10)[0], vec![9, 1, 2]);
        // With a window of 4, `common` counts only items 0-3 for item 0, so item 9 shares one
        // key with it, like items 1-3, and is the farthest of them.
        assert_eq!(most_shared(&keys, 4)[0], vec![1, 2, 3]);
        assert_eq!(most_shared(&keys, 4)[9], vec![8, 7, 6]);
    }

    #[test]
    fn repeated_keys_count_once() {
        let keys = vec![
            vec!["a".to_string(), "a".to_string()],
            vec!["a".to_string(), "a".to_string()],
            vec!["a".to_string(), "b".to_string()],
            vec!["b".to_string()],
        ];
        assert_eq!(most_shared(&keys, WINDOW)[3], vec![2]);
        // Item 0 shares `a` once with both; the nearer comes first.
        assert_eq!(most_shared(&keys, WINDOW)[0], vec![1, 2]);
        assert_eq!(most_shared(&keys, WINDOW), brute_force(&keys));
    }
}
