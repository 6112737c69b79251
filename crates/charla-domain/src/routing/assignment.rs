//! Choosing the agent for a conversation (CONV-2): round robin or intelligent, and exclusive agents.

use uuid::Uuid;

use crate::people::UserStatus;
use crate::time::Ts;

/// How a campaign spreads conversations among its agents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssignmentMethod {
    /// Turns: whoever got a conversation longest ago.
    RoundRobin,
    /// Load: whoever has the most free capacity.
    Intelligent,
}

impl AssignmentMethod {
    pub const ALL: [AssignmentMethod; 2] = [AssignmentMethod::RoundRobin, AssignmentMethod::Intelligent];

    pub const fn code(self) -> &'static str {
        match self {
            AssignmentMethod::RoundRobin => "round_robin",
            AssignmentMethod::Intelligent => "intelligent",
        }
    }

    pub fn parse(code: &str) -> Option<AssignmentMethod> {
        AssignmentMethod::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// An agent who might receive the conversation, as of now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: Uuid,
    pub status: UserStatus,
    pub capacity: i64,
    /// Conversations assigned now.
    pub load: i64,
    /// The last time this agent got a conversation (`None` = never).
    pub last_assigned_at: Option<Ts>,
}

impl Candidate {
    /// Room for more conversations; never negative, even when capacity was lowered below load.
    pub fn free(&self) -> i64 {
        self.capacity.saturating_sub(self.load).max(0)
    }

    /// Only online agents with room receive conversations.
    pub fn can_take(&self) -> bool {
        self.status == UserStatus::Online && self.load < self.capacity
    }
}

/// Round robin: among agents who can take one, the one assigned longest ago (never first),
/// ties by user_id ascending. Intelligent: the most free capacity, ties by longest idle
/// (`last_assigned_at` oldest, never first), then user_id. `None` when nobody can take it.
pub fn choose(method: AssignmentMethod, candidates: &[Candidate]) -> Option<Uuid> {
    let able = candidates.iter().filter(|c| c.can_take());
    // `None < Some(_)`, so agents who never got one come first.
    let chosen = match method {
        AssignmentMethod::RoundRobin => able.min_by_key(|c| (c.last_assigned_at, c.user_id)),
        AssignmentMethod::Intelligent => {
            able.min_by_key(|c| (std::cmp::Reverse(c.free()), c.last_assigned_at, c.user_id))
        }
    };
    chosen.map(|c| c.user_id)
}

/// Where a conversation of a contact with an exclusive agent goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExclusiveRoute {
    /// Straight to the owner.
    Owner(Uuid),
    /// Stays queued, reserved for the owner.
    WaitForOwner(Uuid),
    /// The normal method picks among everyone.
    Anyone,
}

/// A contact with an exclusive agent (CONV-2): owner online with room → Owner; owner offline
/// and `reassign_when_offline` → Anyone; otherwise (paused, invisible, full, or offline without
/// reassignment) → WaitForOwner. `owner` None (deactivated or not found) → Anyone.
pub fn exclusive_route(owner: Option<&Candidate>, reassign_when_offline: bool) -> ExclusiveRoute {
    match owner {
        None => ExclusiveRoute::Anyone,
        Some(owner) if owner.can_take() => ExclusiveRoute::Owner(owner.user_id),
        Some(owner) if owner.status == UserStatus::Offline && reassign_when_offline => ExclusiveRoute::Anyone,
        Some(owner) => ExclusiveRoute::WaitForOwner(owner.user_id),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn agent(n: u128, status: UserStatus, capacity: i64, load: i64, last: Option<i64>) -> Candidate {
        Candidate { user_id: id(n), status, capacity, load, last_assigned_at: last.map(Ts::from_micros) }
    }

    #[test]
    fn methods_round_trip() {
        for m in AssignmentMethod::ALL {
            assert_eq!(AssignmentMethod::parse(m.code()), Some(m));
        }
        assert_eq!(AssignmentMethod::parse("random"), None);
    }

    #[test]
    fn free_and_can_take() {
        let a = agent(1, UserStatus::Online, 5, 2, None);
        assert_eq!(a.free(), 3);
        assert!(a.can_take());
        assert!(!agent(1, UserStatus::Online, 2, 2, None).can_take());
        assert_eq!(agent(1, UserStatus::Online, 2, 4, None).free(), 0);
        assert!(!agent(1, UserStatus::Paused, 5, 0, None).can_take());
        assert!(!agent(1, UserStatus::Online, 0, 0, None).can_take());
    }

    #[test]
    fn round_robin_prefers_the_longest_waiting() {
        use UserStatus::*;
        let agents = [
            agent(3, Online, 5, 0, Some(100)),
            agent(2, Online, 5, 4, Some(50)),
            agent(1, Paused, 5, 0, None),
            agent(4, Online, 5, 5, None),
        ];
        assert_eq!(choose(AssignmentMethod::RoundRobin, &agents), Some(id(2)));
        let never = [agent(9, Online, 5, 0, Some(1)), agent(8, Online, 5, 0, None), agent(7, Online, 5, 0, None)];
        assert_eq!(choose(AssignmentMethod::RoundRobin, &never), Some(id(7)));
        let tie = [agent(9, Online, 5, 0, Some(1)), agent(8, Online, 5, 0, Some(1))];
        assert_eq!(choose(AssignmentMethod::RoundRobin, &tie), Some(id(8)));
        assert_eq!(choose(AssignmentMethod::RoundRobin, &[]), None);
        assert_eq!(choose(AssignmentMethod::RoundRobin, &[agent(1, Offline, 5, 0, None)]), None);
    }

    #[test]
    fn intelligent_prefers_free_capacity() {
        use UserStatus::*;
        let agents = [
            agent(1, Online, 5, 4, None),
            agent(2, Online, 10, 6, Some(100)),
            agent(3, Online, 6, 2, Some(50)),
            agent(4, Invisible, 20, 0, None),
        ];
        assert_eq!(choose(AssignmentMethod::Intelligent, &agents), Some(id(3)));
        let tie = [agent(5, Online, 4, 0, Some(10)), agent(6, Online, 4, 0, None), agent(7, Online, 4, 0, None)];
        assert_eq!(choose(AssignmentMethod::Intelligent, &tie), Some(id(6)));
    }

    #[test]
    fn exclusive_agents() {
        use UserStatus::*;
        let online = agent(1, Online, 5, 1, None);
        assert_eq!(exclusive_route(Some(&online), false), ExclusiveRoute::Owner(id(1)));
        assert_eq!(exclusive_route(Some(&online), true), ExclusiveRoute::Owner(id(1)));
        let full = agent(1, Online, 5, 5, None);
        assert_eq!(exclusive_route(Some(&full), true), ExclusiveRoute::WaitForOwner(id(1)));
        for status in [Paused, Invisible] {
            let away = agent(1, status, 5, 0, None);
            assert_eq!(exclusive_route(Some(&away), true), ExclusiveRoute::WaitForOwner(id(1)));
        }
        let offline = agent(1, Offline, 5, 0, None);
        assert_eq!(exclusive_route(Some(&offline), false), ExclusiveRoute::WaitForOwner(id(1)));
        assert_eq!(exclusive_route(Some(&offline), true), ExclusiveRoute::Anyone);
        assert_eq!(exclusive_route(None, false), ExclusiveRoute::Anyone);
    }

    fn candidate() -> impl Strategy<Value = Candidate> {
        (0u128..20, 0usize..4, 0i64..6, 0i64..8, proptest::option::of(0i64..50))
            .prop_map(|(n, status, capacity, load, last)| agent(n, UserStatus::ALL[status], capacity, load, last))
    }

    proptest! {
        #[test]
        fn never_chooses_an_agent_who_cannot_take(candidates in proptest::collection::vec(candidate(), 0..12)) {
            for method in AssignmentMethod::ALL {
                let chosen = choose(method, &candidates);
                prop_assert_eq!(chosen.is_some(), candidates.iter().any(Candidate::can_take));
                if let Some(chosen) = chosen {
                    prop_assert!(candidates.iter().any(|c| c.user_id == chosen && c.can_take()));
                }
            }
        }

        #[test]
        fn intelligent_picks_the_most_free(candidates in proptest::collection::vec(candidate(), 1..12)) {
            let chosen = choose(AssignmentMethod::Intelligent, &candidates);
            if let Some(chosen) = chosen {
                let best = candidates.iter().filter(|c| c.can_take()).map(Candidate::free).max().unwrap();
                prop_assert!(candidates.iter().any(|c| c.user_id == chosen && c.can_take() && c.free() == best));
            }
        }

        #[test]
        fn round_robin_is_fair(n in 1usize..8, rounds in 1usize..60, start in proptest::collection::vec(any::<u128>(), 8)) {
            let mut agents: Vec<Candidate> = start
                .iter()
                .take(n)
                .enumerate()
                .map(|(i, seed)| agent(seed ^ (i as u128), UserStatus::Online, i64::MAX, 0, None))
                .collect();
            let mut counts = vec![0usize; agents.len()];
            for clock in 0..rounds {
                let chosen = choose(AssignmentMethod::RoundRobin, &agents).unwrap();
                let index = agents.iter().position(|c| c.user_id == chosen).unwrap();
                agents[index].last_assigned_at = Some(Ts::from_micros(clock as i64));
                agents[index].load += 1;
                counts[index] += 1;
                let most = counts.iter().max().unwrap();
                let least = counts.iter().min().unwrap();
                prop_assert!(most - least <= 1, "{counts:?}");
            }
        }
    }
}
