//! Sending paces (CH-1, CH-2): a channel's throughput (messages per second), WhatsApp's
//! pair limit (one message every few seconds to the same recipient, with bursts) and
//! Telegram's per-chat pace (about one message a second to the same chat, at most 30 a
//! second for a bot). All are the generic cell rate algorithm: a sender's state is one instant, the theoretical arrival
//! time (TAT) of its next send; a send may go once `TAT - (burst - 1) * interval` is past.

use jiff::SignedDuration;

use crate::channels::ChannelKind;
use crate::time::Ts;

/// At most `burst` sends at once, then one every `interval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    pub interval: SignedDuration,
    pub burst: u32,
}

impl Pace {
    /// `per_second` sends a second, with one second's worth as the burst.
    pub fn per_second(per_second: u32) -> Pace {
        let per_second = per_second.max(1);
        Pace { interval: SignedDuration::from_micros(1_000_000 / i64::from(per_second)), burst: per_second }
    }

    /// One send every `interval`, with up to `burst` at once.
    pub fn every(interval: SignedDuration, burst: u32) -> Pace {
        Pace { interval: interval.max(SignedDuration::ZERO), burst: burst.max(1) }
    }

    /// How far ahead of its TAT a sender may go: the burst beyond the first send.
    fn tolerance(self) -> SignedDuration {
        self.interval.saturating_mul(i32::try_from(self.burst.saturating_sub(1)).unwrap_or(i32::MAX))
    }
}

/// The networks whose sends are paced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Network {
    WhatsApp,
    Telegram,
    /// Twilio's SMS from a long code.
    Twilio,
}

impl Network {
    /// The network of a channel kind; None for channels that are not paced (the simulator,
    /// the web chat).
    pub fn of_kind(kind: &str) -> Option<Network> {
        ChannelKind::parse(kind).and_then(Network::of)
    }

    /// The network whose pace a channel kind's sends follow; None when not paced.
    pub fn of(kind: ChannelKind) -> Option<Network> {
        match kind {
            ChannelKind::Whatsapp => Some(Network::WhatsApp),
            ChannelKind::Telegram => Some(Network::Telegram),
            ChannelKind::Sms => Some(Network::Twilio),
            // Meta's Send API limits pages by calls per day, not by a pace per second.
            ChannelKind::Simulator | ChannelKind::Webchat | ChannelKind::Messenger | ChannelKind::Instagram => None,
        }
    }
}

/// What a pace is counted over: the whole channel, or one recipient on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Channel,
    Recipient,
}

/// The paces the operator configured: the channel rate and WhatsApp's pair limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Configured {
    pub per_second: u32,
    pub pair: Pace,
}

/// Telegram's overall limit for one bot: about 30 messages a second.
pub const TELEGRAM_BOT_PER_SECOND: u32 = 30;

/// Telegram's limit for one chat: about one message a second; a short burst goes at once.
pub const TELEGRAM_CHAT: Pace = Pace { interval: SignedDuration::from_secs(1), burst: 3 };

/// Twilio's pace for a long code (a local number): one message segment a second; Twilio
/// queues what goes faster, and a queue held over four hours fails with 30001.
pub const TWILIO_LONG_CODE: Pace = Pace { interval: SignedDuration::from_secs(1), burst: 1 };

/// The pace of a sender: on WhatsApp the configured rate and pair limit; on Telegram the
/// configured rate capped at the bot's limit, and the per-chat pace; on Twilio the long
/// code's own pace.
pub fn pace_of(network: Network, scope: Scope, configured: Configured) -> Pace {
    match (network, scope) {
        (Network::WhatsApp, Scope::Channel) => Pace::per_second(configured.per_second),
        (Network::WhatsApp, Scope::Recipient) => configured.pair,
        (Network::Telegram, Scope::Channel) => Pace::per_second(configured.per_second.min(TELEGRAM_BOT_PER_SECOND)),
        (Network::Telegram, Scope::Recipient) => TELEGRAM_CHAT,
        // The number's own pace bounds every recipient too: nothing faster to a contact.
        (Network::Twilio, _) => TWILIO_LONG_CODE,
    }
}

/// The first instant at or after `now` when a sender whose TAT is `tat` (None: it never
/// sent) may send again.
pub fn next_slot(pace: Pace, tat: Option<Ts>, now: Ts) -> Ts {
    match tat {
        Some(tat) => tat.minus(pace.tolerance()).max(now),
        None => now,
    }
}

/// The sender's TAT after a send at `at` (a slot from `next_slot`).
pub fn after_send(pace: Pace, tat: Option<Ts>, at: Ts) -> Ts {
    after_units(pace, tat, at, 1)
}

/// The sender's TAT after a send that counts as `units` sends (an SMS of several
/// segments, each of which a Twilio long code sends in its own second).
pub fn after_units(pace: Pace, tat: Option<Ts>, at: Ts, units: u32) -> Ts {
    let units = i32::try_from(units.max(1)).unwrap_or(i32::MAX);
    tat.map_or(at, |tat| tat.max(at)).plus(pace.interval.saturating_mul(units))
}

/// The sender's TAT once the network told it to wait until `until`: no slot before then.
pub fn held_until(pace: Pace, tat: Option<Ts>, until: Ts) -> Ts {
    let held = until.plus(pace.tolerance());
    tat.map_or(held, |tat| tat.max(held))
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: Ts = Ts::from_micros(1_767_283_200_000_000);

    fn ms(n: i64) -> SignedDuration {
        SignedDuration::from_millis(n)
    }

    /// Sends `n` at once at `now`, each at its slot, and answers the slots.
    fn schedule(pace: Pace, tat: &mut Option<Ts>, now: Ts, n: usize) -> Vec<Ts> {
        (0..n)
            .map(|_| {
                let slot = next_slot(pace, *tat, now);
                *tat = Some(after_send(pace, *tat, slot));
                slot
            })
            .collect()
    }

    #[test]
    fn a_rate_allows_its_burst_then_spaces_the_rest() {
        let pace = Pace::per_second(2);
        assert_eq!(pace, Pace { interval: ms(500), burst: 2 });
        let mut tat = None;
        let slots = schedule(pace, &mut tat, START, 6);
        let expected: Vec<Ts> = [0, 0, 500, 1000, 1500, 2000].iter().map(|&n| START.plus(ms(n))).collect();
        assert_eq!(slots, expected);
    }

    #[test]
    fn a_twilio_long_code_sends_one_a_second_whatever_the_configured_rate() {
        let configured = Configured { per_second: 80, pair: Pace::every(ms(6000), 45) };
        for scope in [Scope::Channel, Scope::Recipient] {
            assert_eq!(pace_of(Network::Twilio, scope, configured), TWILIO_LONG_CODE);
        }
        let mut tat = None;
        let slots = schedule(TWILIO_LONG_CODE, &mut tat, START, 3);
        assert_eq!(slots, [START, START.plus(ms(1000)), START.plus(ms(2000))]);
        assert_eq!(Network::of_kind("sms"), Some(Network::Twilio));
        // A message of three segments holds the number for three seconds.
        let after = after_units(TWILIO_LONG_CODE, None, START, 3);
        assert_eq!(next_slot(TWILIO_LONG_CODE, Some(after), START), START.plus(ms(3000)));
        assert_eq!(after_units(TWILIO_LONG_CODE, None, START, 0), after_send(TWILIO_LONG_CODE, None, START));
    }

    #[test]
    fn an_idle_sender_gets_its_whole_burst_back() {
        let pace = Pace::per_second(2);
        let mut tat = None;
        schedule(pace, &mut tat, START, 2);
        // Long after, the sender has its burst again, not a backlog of credit beyond it.
        let later = START.plus(SignedDuration::from_secs(60));
        let slots = schedule(pace, &mut tat, later, 3);
        assert_eq!(slots, [later, later, later.plus(ms(500))]);
    }

    #[test]
    fn the_pair_limit_bursts_then_borrows_from_the_future() {
        // WhatsApp: one message every 6 s to the same recipient, up to 45 in a burst.
        let pace = Pace::every(SignedDuration::from_secs(6), 45);
        let mut tat = None;
        let slots = schedule(pace, &mut tat, START, 46);
        assert!(slots[..45].iter().all(|s| *s == START));
        assert_eq!(slots[45], START.plus(SignedDuration::from_secs(6)));
        // Thirty seconds after the 46th, five slots are back: five more go, the sixth waits.
        let later = START.plus(SignedDuration::from_secs(36));
        let slots = schedule(pace, &mut tat, later, 6);
        assert!(slots[..5].iter().all(|s| *s == later), "{slots:?}");
        assert!(slots[5] > later);
    }

    #[test]
    fn a_wait_asked_by_the_network_holds_every_later_send() {
        let pace = Pace::per_second(80);
        let until = START.plus(SignedDuration::from_secs(35));
        let tat = Some(held_until(pace, None, until));
        assert_eq!(next_slot(pace, tat, START), until);
        assert_eq!(next_slot(pace, tat, until.plus(ms(1))), until.plus(ms(1)));
        // A hold never shortens a wait already longer.
        let far = START.plus(SignedDuration::from_secs(3600));
        assert_eq!(held_until(pace, Some(far), until), far);
    }

    #[test]
    fn each_network_gets_its_own_paces() {
        let pair = Pace::every(SignedDuration::from_secs(6), 45);
        let configured = Configured { per_second: 80, pair };
        assert_eq!(pace_of(Network::WhatsApp, Scope::Channel, configured), Pace::per_second(80));
        assert_eq!(pace_of(Network::WhatsApp, Scope::Recipient, configured), pair);
        // Telegram: the bot at most 30 a second, a chat one a second after a burst of 3.
        assert_eq!(pace_of(Network::Telegram, Scope::Channel, configured), Pace::per_second(30));
        assert_eq!(pace_of(Network::Telegram, Scope::Recipient, configured), TELEGRAM_CHAT);
        let slow = Configured { per_second: 10, pair };
        assert_eq!(pace_of(Network::Telegram, Scope::Channel, slow), Pace::per_second(10), "a lower setting stays");
        assert_eq!(pace_of(Network::WhatsApp, Scope::Channel, slow), Pace::per_second(10));
        assert_eq!(Network::of_kind("telegram"), Some(Network::Telegram));
        assert_eq!(Network::of_kind("whatsapp"), Some(Network::WhatsApp));
        assert_eq!(Network::of_kind("webchat"), None);
    }

    #[test]
    fn a_telegram_chat_gets_its_burst_then_one_a_second() {
        let mut tat = None;
        let slots = schedule(TELEGRAM_CHAT, &mut tat, START, 5);
        let expected: Vec<Ts> = [0, 0, 0, 1000, 2000].iter().map(|&n| START.plus(ms(n))).collect();
        assert_eq!(slots, expected);
    }

    #[test]
    fn degenerate_settings_stay_usable() {
        assert_eq!(Pace::per_second(0), Pace::per_second(1));
        let pace = Pace::every(SignedDuration::ZERO, 0);
        let mut tat = None;
        assert_eq!(schedule(pace, &mut tat, START, 3), [START, START, START]);
    }
}
