//! The outbox's pacing on this node (CH-1): each channel's throughput and, on WhatsApp, the
//! pair limit per recipient. A send that may not go yet is given a slot and its job is
//! deferred to it; the slot stays reserved for that message, so sends queued together go
//! out spaced, in the order they asked, and none loses its turn to a later one.
//!
//! The state is in memory: with several nodes each paces what it runs, and a restart
//! forgets reservations (their jobs simply ask again).

use std::collections::HashMap;
use std::sync::Mutex;

use charla_domain::outbound::pace::{self, Pace};
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::settings::Settings;

/// Senders remembered before idle ones are forgotten (an idle sender's state is no state).
const PRUNE_ABOVE: usize = 10_000;

/// Whose pace a send counts against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Sender {
    Channel(Uuid),
    /// A channel and one recipient (the contact): WhatsApp's pair limit.
    Pair(Uuid, Uuid),
}

#[derive(Default)]
struct State {
    tats: HashMap<Sender, Ts>,
    reserved: HashMap<(Uuid, Sender), Ts>,
}

pub struct Pacer {
    channel: Pace,
    pair: Pace,
    state: Mutex<State>,
}

impl Pacer {
    pub fn new(settings: &Settings) -> Pacer {
        Pacer {
            channel: Pace::per_second(settings.send_rate_per_second),
            pair: Pace::every(SignedDuration::from_millis(i64::from(settings.pair_interval_ms)), settings.pair_burst),
            state: Mutex::new(State::default()),
        }
    }

    fn pace_of(&self, sender: &Sender) -> Pace {
        match sender {
            Sender::Channel(_) => self.channel,
            Sender::Pair(..) => self.pair,
        }
    }

    /// When `message` may go through `senders`: `None` now (its turn is counted), or the
    /// slot reserved for it, to defer its job to. Senders are asked in order, the recipient
    /// before the channel: a send waiting for its recipient holds no channel slot meanwhile.
    pub fn turn(&self, message: Uuid, senders: &[Sender], now: Ts) -> Option<Ts> {
        let Ok(mut state) = self.state.lock() else {
            return None;
        };
        if state.tats.len() > PRUNE_ABOVE {
            state.tats.retain(|_, tat| *tat > now);
        }
        for sender in senders {
            let key = (message, sender.clone());
            if let Some(slot) = state.reserved.get(&key).copied() {
                if slot > now {
                    return Some(slot);
                }
                state.reserved.remove(&key);
                continue;
            }
            let pace = self.pace_of(sender);
            let tat = state.tats.get(sender).copied();
            let slot = pace::next_slot(pace, tat, now);
            state.tats.insert(sender.clone(), pace::after_send(pace, tat, slot));
            if slot > now {
                state.reserved.insert(key, slot);
                return Some(slot);
            }
        }
        None
    }

    /// The network asked `sender` to wait until `until`: no slot before then.
    pub fn hold(&self, sender: &Sender, until: Ts) {
        if let Ok(mut state) = self.state.lock() {
            let tat = pace::held_until(self.pace_of(sender), state.tats.get(sender).copied(), until);
            state.tats.insert(sender.clone(), tat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: Ts = Ts::from_micros(1_772_460_000_000_000);

    fn pacer(rate: u32) -> Pacer {
        let mut settings = Settings::for_data_dir("/tmp".into());
        settings.send_rate_per_second = rate;
        Pacer::new(&settings)
    }

    #[test]
    fn queued_sends_get_spaced_slots_and_keep_them() {
        let pacer = pacer(2);
        let channel = Sender::Channel(Uuid::from_u128(1));
        let messages: Vec<Uuid> = (0..4).map(|i| Uuid::from_u128(100 + i)).collect();
        let turns: Vec<Option<Ts>> =
            messages.iter().map(|m| pacer.turn(*m, std::slice::from_ref(&channel), START)).collect();
        let half = SignedDuration::from_millis(500);
        assert_eq!(turns, [None, None, Some(START.plus(half)), Some(START.plus(half * 2))]);
        // Back at its slot, a message goes on its reservation, ahead of newcomers.
        let at = START.plus(half);
        assert_eq!(pacer.turn(messages[2], std::slice::from_ref(&channel), at), None);
        assert_eq!(pacer.turn(Uuid::from_u128(200), std::slice::from_ref(&channel), at), Some(START.plus(half * 3)));
        // Early, it is told its slot again.
        assert_eq!(pacer.turn(messages[3], std::slice::from_ref(&channel), at), Some(START.plus(half * 2)));
    }

    #[test]
    fn a_hold_delays_only_its_sender() {
        let pacer = pacer(80);
        let channel = Sender::Channel(Uuid::from_u128(1));
        let busy = Sender::Pair(Uuid::from_u128(1), Uuid::from_u128(2));
        let until = START.plus(SignedDuration::from_secs(6));
        pacer.hold(&busy, until);
        assert_eq!(pacer.turn(Uuid::from_u128(10), &[busy.clone(), channel.clone()], START), Some(until));
        // Waiting for its recipient, it holds no channel slot: the others' sends go on.
        for n in 0..80 {
            let other = Sender::Pair(Uuid::from_u128(1), Uuid::from_u128(1000 + n));
            assert_eq!(pacer.turn(Uuid::from_u128(20 + n), &[other, channel.clone()], START), None);
        }
        assert_eq!(pacer.turn(Uuid::from_u128(10), &[busy, channel], until), None);
    }
}
