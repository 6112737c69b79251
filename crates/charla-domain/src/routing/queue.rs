//! Queues: their names, the bot menu that offers them, and who takes what is waiting.

use uuid::Uuid;

use crate::time::Ts;
use crate::validation::Invalid;

pub const QUEUE_NAME_MAX: usize = 60;
/// A bot menu offers up to 10 queues plus the default.
pub const MENU_QUEUES_MAX: usize = 10;

/// A queued conversation, possibly reserved for its contact's exclusive agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub conversation_id: Uuid,
    pub queued_at: Ts,
    pub reserved_for: Option<Uuid>,
}

/// A queue name: trimmed, 1..=60 characters.
pub fn check_queue_name(invalid: &mut Invalid, field: &str, value: &str) -> String {
    invalid.text(field, value, QUEUE_NAME_MAX)
}

/// When an agent comes online or frees capacity: the oldest waiting conversations (queued_at
/// then id) that this agent may take (reserved for nobody or for this agent), at most `free`.
pub fn fill_for_agent(agent: Uuid, free: i64, waiting: &[Waiting]) -> Vec<Uuid> {
    let limit = usize::try_from(free).unwrap_or(0);
    let mut takeable: Vec<&Waiting> =
        waiting.iter().filter(|w| w.reserved_for.is_none_or(|owner| owner == agent)).collect();
    takeable.sort_by_key(|w| (w.queued_at, w.conversation_id));
    takeable.into_iter().take(limit).map(|w| w.conversation_id).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn w(n: u128, at: i64, reserved: Option<u128>) -> Waiting {
        Waiting {
            conversation_id: Uuid::from_u128(n),
            queued_at: Ts::from_micros(at),
            reserved_for: reserved.map(Uuid::from_u128),
        }
    }

    #[test]
    fn oldest_first_within_free_capacity() {
        let me = Uuid::from_u128(100);
        let waiting = [w(1, 30, None), w(2, 10, Some(200)), w(3, 20, Some(100)), w(5, 5, None), w(4, 5, None)];
        let ids = |v: &[u128]| v.iter().map(|n| Uuid::from_u128(*n)).collect::<Vec<_>>();
        assert_eq!(fill_for_agent(me, 10, &waiting), ids(&[4, 5, 3, 1]));
        assert_eq!(fill_for_agent(me, 2, &waiting), ids(&[4, 5]));
        assert_eq!(fill_for_agent(me, 0, &waiting), ids(&[]));
        assert_eq!(fill_for_agent(me, -3, &waiting), ids(&[]));
        assert_eq!(fill_for_agent(Uuid::from_u128(200), 10, &waiting), ids(&[4, 5, 2, 1]));
        assert!(fill_for_agent(me, 5, &[]).is_empty());
    }

    #[test]
    fn queue_names() {
        let mut invalid = Invalid::new();
        assert_eq!(check_queue_name(&mut invalid, "name", " Ventas "), "Ventas");
        check_queue_name(&mut invalid, "name", &"q".repeat(QUEUE_NAME_MAX + 1));
        assert_eq!(invalid.0.len(), 1);
    }
}
