//! REP-4's leaderboard: agents ranked by the tickets they attended, faster attention
//! (lower average TMA) breaking ties, equal figures sharing a place ("1, 1, 3").

use std::cmp::Ordering;

use super::ConversationTotals;

/// What ranks an agent: attended tickets, then the exact average attention time.
fn compare(a: &ConversationTotals, b: &ConversationTotals) -> Ordering {
    b.attended.cmp(&a.attended).then_with(|| average_tma(a).total_cmp(&average_tma(b)))
}

/// The exact average TMA in milliseconds; an agent without measured attention ranks after
/// every one with it.
fn average_tma(t: &ConversationTotals) -> f64 {
    if t.tma.n == 0 { f64::INFINITY } else { t.tma.sum_ms as f64 / t.tma.n as f64 }
}

/// Orders the agents best first and gives each its place (1-based); ties share the place
/// and the next one skips as many as tied. `K` is whatever identifies an agent; among
/// equals the input order is kept.
pub fn rank<K>(agents: Vec<(K, ConversationTotals)>) -> Vec<(u32, K, ConversationTotals)> {
    let mut sorted = agents;
    sorted.sort_by(|a, b| compare(&a.1, &b.1));
    let mut ranked: Vec<(u32, K, ConversationTotals)> = Vec::with_capacity(sorted.len());
    for (i, (key, totals)) in sorted.into_iter().enumerate() {
        let place = match ranked.last() {
            Some((place, _, prev)) if compare(prev, &totals) == Ordering::Equal => *place,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        ranked.push((place, key, totals));
    }
    ranked
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn agent(attended: u64, tma_ms: &[u64]) -> ConversationTotals {
        let mut t = ConversationTotals { attended, ..ConversationTotals::default() };
        for ms in tma_ms {
            t.tma.add_ms(*ms);
        }
        t
    }

    #[test]
    fn more_attended_first_then_faster_attention_and_ties_share_a_place() {
        let ranked = rank(vec![
            ("slow", agent(5, &[200_000])),
            ("few", agent(2, &[10_000])),
            ("fast", agent(5, &[100_000])),
            ("fast too", agent(5, &[50_000, 150_000])),
            ("unmeasured", agent(2, &[])),
        ]);
        let places: Vec<(u32, &str)> = ranked.iter().map(|(p, k, _)| (*p, *k)).collect();
        assert_eq!(places, [(1, "fast"), (1, "fast too"), (3, "slow"), (4, "few"), (5, "unmeasured")]);
        assert!(rank(Vec::<(u8, ConversationTotals)>::new()).is_empty());
    }

    proptest! {
        #[test]
        fn places_start_at_one_never_decrease_and_never_pass_the_position(
            agents in prop::collection::vec((0u64..5, prop::collection::vec(0u64..10_000, 0..3)), 0..20)
        ) {
            let ranked = rank(agents.iter().enumerate().map(|(i, (a, tma))| (i, agent(*a, tma))).collect());
            prop_assert_eq!(ranked.len(), agents.len());
            for (i, (place, _, _)) in ranked.iter().enumerate() {
                prop_assert!(*place >= 1 && *place as usize <= i + 1);
                if i == 0 { prop_assert_eq!(*place, 1); }
                if i > 0 { prop_assert!(*place >= ranked[i - 1].0); }
            }
        }
    }
}
