//! The outbox's pacing (CH-1, CH-2): each channel's throughput and a pace per recipient
//! (WhatsApp's pair limit, Telegram's per-chat pace). A send that may not go yet is given a slot and its job is deferred to it;
//! the slot stays reserved for that message, so sends queued together go out spaced, in
//! the order they asked, and none loses its turn to a later one. The state lives in the
//! database (`send_pacing`), so every node paces one sender together and a restart keeps
//! the reservations; the arithmetic is `charla_domain::outbound::pace`.

use charla_db::repo::send_pacing;
use charla_db::{Db, DbError, Tx};
use charla_domain::outbound::pace::{self, Configured, Network, Scope};
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::settings::Settings;

/// Whose pace a send counts against; the network says which pace it is
/// (`charla_domain::outbound::pace::pace_of`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Sender {
    /// A channel (a WhatsApp number, a Telegram bot).
    Channel(Network, Uuid),
    /// A channel and one recipient (the contact): WhatsApp's pair limit, a Telegram chat.
    Pair(Network, Uuid, Uuid),
}

impl Sender {
    fn key(&self) -> String {
        match self {
            Sender::Channel(_, channel) => format!("channel:{channel}"),
            Sender::Pair(_, channel, contact) => format!("pair:{channel}:{contact}"),
        }
    }
}

pub struct Pacer {
    configured: Configured,
}

impl Pacer {
    pub fn new(settings: &Settings) -> Pacer {
        let pair =
            pace::Pace::every(SignedDuration::from_millis(i64::from(settings.pair_interval_ms)), settings.pair_burst);
        Pacer { configured: Configured { per_second: settings.send_rate_per_second, pair } }
    }

    fn pace_of(&self, sender: &Sender) -> pace::Pace {
        match sender {
            Sender::Channel(network, _) => pace::pace_of(*network, Scope::Channel, self.configured),
            Sender::Pair(network, ..) => pace::pace_of(*network, Scope::Recipient, self.configured),
        }
    }

    /// When `message` may go through `senders`: `None` now (its turn is counted), or the
    /// slot reserved for it, to defer its job to. Senders are asked in order, the recipient
    /// before the channel: a send waiting for its recipient holds no channel slot meanwhile.
    pub async fn turn(
        &self,
        db: &Db,
        org: Uuid,
        message: Uuid,
        senders: &[Sender],
        now: Ts,
    ) -> Result<Option<Ts>, DbError> {
        self.turn_of(db, org, (message, 1), senders, now).await
    }

    /// `turn` for a message that counts as `units` sends against every pace (an SMS of
    /// several segments): the next send's slot is that many intervals later.
    pub async fn turn_of(
        &self,
        db: &Db,
        org: Uuid,
        (message, units): (Uuid, u32),
        senders: &[Sender],
        now: Ts,
    ) -> Result<Option<Ts>, DbError> {
        let mut tx = db.begin().await?;
        let mut turn = None;
        for sender in senders {
            let key = sender.key();
            if let Some(slot) = send_pacing::slot(&mut tx, org, message, &key).await? {
                if slot > now {
                    turn = Some(slot);
                    break;
                }
                send_pacing::release(&mut tx, org, message, &key).await?;
                continue;
            }
            let pace = self.pace_of(sender);
            let tat = send_pacing::lock_tat(&mut tx, org, &key, now).await?;
            let slot = pace::next_slot(pace, tat, now);
            send_pacing::set_tat(&mut tx, org, &key, pace::after_units(pace, tat, slot, units), now).await?;
            if slot > now {
                send_pacing::reserve(&mut tx, org, message, &key, slot).await?;
                turn = Some(slot);
                break;
            }
        }
        tx.commit().await?;
        Ok(turn)
    }

    /// The network asked `sender` to wait until `until`: no slot before then (in the
    /// caller's transaction).
    pub async fn hold(&self, tx: &mut Tx, org: Uuid, sender: &Sender, until: Ts, now: Ts) -> Result<(), DbError> {
        let key = sender.key();
        let tat = send_pacing::lock_tat(tx, org, &key, now).await?;
        send_pacing::set_tat(tx, org, &key, pace::held_until(self.pace_of(sender), tat, until), now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: Ts = Ts::from_micros(1_772_460_000_000_000);
    const ORG: Uuid = Uuid::from_u128(7);

    /// A pacer on a fresh SQLite file (its folder is left in the temp dir).
    async fn pacer_on_disk(rate: u32) -> (Pacer, Db) {
        let dir = std::env::temp_dir().join(format!("charla-pacing-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = charla_db::connect(None, &dir).await.unwrap();
        charla_db::migrate(&db).await.unwrap();
        let mut settings = Settings::for_data_dir(dir);
        settings.send_rate_per_second = rate;
        (Pacer::new(&settings), db)
    }

    #[tokio::test]
    async fn queued_sends_get_spaced_slots_and_keep_them() {
        let (pacer, db) = pacer_on_disk(2).await;
        let channel = [Sender::Channel(Network::WhatsApp, Uuid::from_u128(1))];
        let messages: Vec<Uuid> = (0..4).map(|i| Uuid::from_u128(100 + i)).collect();
        let mut turns = Vec::new();
        for message in &messages {
            turns.push(pacer.turn(&db, ORG, *message, &channel, START).await.unwrap());
        }
        let half = SignedDuration::from_millis(500);
        assert_eq!(turns, [None, None, Some(START.plus(half)), Some(START.plus(half * 2))]);
        // Back at its slot, a message goes on its reservation, ahead of newcomers.
        let at = START.plus(half);
        assert_eq!(pacer.turn(&db, ORG, messages[2], &channel, at).await.unwrap(), None);
        assert_eq!(pacer.turn(&db, ORG, Uuid::from_u128(200), &channel, at).await.unwrap(), Some(START.plus(half * 3)));
        // Early, it is told its slot again.
        assert_eq!(pacer.turn(&db, ORG, messages[3], &channel, at).await.unwrap(), Some(START.plus(half * 2)));
        // Another node (another pacer on the same database) counts against the same pace.
        let (other, _) = pacer_on_disk(2).await;
        assert_eq!(other.turn(&db, ORG, Uuid::from_u128(201), &channel, at).await.unwrap(), Some(START.plus(half * 4)));
    }

    #[tokio::test]
    async fn a_hold_delays_only_its_sender() {
        let (pacer, db) = pacer_on_disk(80).await;
        let channel = Sender::Channel(Network::WhatsApp, Uuid::from_u128(1));
        let busy = Sender::Pair(Network::WhatsApp, Uuid::from_u128(1), Uuid::from_u128(2));
        let until = START.plus(SignedDuration::from_secs(6));
        let mut tx = db.begin().await.unwrap();
        pacer.hold(&mut tx, ORG, &busy, until, START).await.unwrap();
        tx.commit().await.unwrap();
        let waiting = [busy.clone(), channel.clone()];
        assert_eq!(pacer.turn(&db, ORG, Uuid::from_u128(10), &waiting, START).await.unwrap(), Some(until));
        // Waiting for its recipient, it holds no channel slot: the others' sends go on.
        for n in 0..80 {
            let other =
                [Sender::Pair(Network::WhatsApp, Uuid::from_u128(1), Uuid::from_u128(1000 + n)), channel.clone()];
            assert_eq!(pacer.turn(&db, ORG, Uuid::from_u128(20 + n), &other, START).await.unwrap(), None);
        }
        assert_eq!(pacer.turn(&db, ORG, Uuid::from_u128(10), &waiting, until).await.unwrap(), None);
        // Another organization's senders are its own.
        let theirs = [Sender::Channel(Network::WhatsApp, Uuid::from_u128(1))];
        assert_eq!(pacer.turn(&db, Uuid::from_u128(8), Uuid::from_u128(500), &theirs, START).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_telegram_chat_is_paced_on_its_own() {
        let (pacer, db) = pacer_on_disk(80).await;
        let bot = Uuid::from_u128(1);
        let chat = |contact: u128| {
            [Sender::Pair(Network::Telegram, bot, Uuid::from_u128(contact)), Sender::Channel(Network::Telegram, bot)]
        };
        let mut turns = Vec::new();
        for n in 0..5 {
            turns.push(pacer.turn(&db, ORG, Uuid::from_u128(100 + n), &chat(2), START).await.unwrap());
        }
        let s = SignedDuration::from_secs;
        assert_eq!(turns, [None, None, None, Some(START.plus(s(1))), Some(START.plus(s(2)))]);
        // Another chat is not held by it.
        assert_eq!(pacer.turn(&db, ORG, Uuid::from_u128(200), &chat(3), START).await.unwrap(), None);
        // The bot as a whole: at most 30 a second, whatever the setting (80 here).
        let mut held = 0;
        for n in 0..40u128 {
            let to = chat(1000 + n);
            if pacer.turn(&db, ORG, Uuid::from_u128(300 + n), &to, START).await.unwrap().is_some() {
                held += 1;
            }
        }
        // 4 went before (three to chat 2, one to chat 3): 26 more fit in the bot's burst.
        assert_eq!(held, 14);
    }
}
