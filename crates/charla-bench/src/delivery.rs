//! What a load under kills and restarts saw acknowledged, and whether all of it arrived:
//! webhooks answered 200 stored exactly once, replies the API accepted sent (doubles only
//! from the call window of design.md §4, then flagged `resent`). Shared by the `crash` and
//! `rolling` benches.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use charla_db::Db;
use charla_db::repo::inbound_events;
use charla_domain::time::Clock;
use charla_testkit::graph::GraphStandIn;
use serde_json::json;
use uuid::Uuid;

use crate::session::Session;
use crate::stored;
use crate::whatsapp::{self, Webhooks};

/// How long a claim lasts unless its node renews it (`jobs::runner::LEASE`): the jobs a
/// killed server had claimed run again after it.
pub const LEASE_SECONDS: i64 = charla_server::jobs::runner::LEASE.as_secs();

/// Entries in one of `Seen`'s lists.
pub fn lock_len(v: &Mutex<Vec<String>>) -> usize {
    v.lock().map(|v| v.len()).unwrap_or(0)
}

/// What the load saw acknowledged: webhooks answered 200, replies the API accepted.
#[derive(Default)]
pub struct Seen {
    pub acked: Mutex<Vec<String>>,
    pub queued: Mutex<Vec<String>>,
    pub refused_webhooks: AtomicUsize,
    pub refused_replies: AtomicUsize,
    pub stop: AtomicBool,
}

/// Posts new webhooks (unique wamids, senders in turn) until told to stop; while the
/// server is down the posts fail and are retried after a pause, as Meta would.
pub async fn ingest_worker(webhooks: Webhooks, seen: Arc<Seen>, next: Arc<AtomicUsize>, run: String, senders: usize) {
    while !seen.stop.load(Ordering::Relaxed) {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let wamid = whatsapp::inbound_wamid(&run, n);
        let now = Clock::System.now().as_micros() / 1_000_000;
        let webhook = whatsapp::text_message(&wamid, &whatsapp::sender(n % senders), now, &format!("Mensaje {n}"));
        match webhooks.post(&webhook).await {
            Ok(status) if status == reqwest::StatusCode::OK => {
                if let Ok(mut acked) = seen.acked.lock() {
                    acked.push(wamid);
                }
            }
            _ => {
                seen.refused_webhooks.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// Posts agent replies (each with its own text, how its sends are counted) to the
/// conversations in turn until told to stop.
pub async fn reply_worker(
    sender: Session,
    seen: Arc<Seen>,
    next: Arc<AtomicUsize>,
    run: String,
    conversations: Arc<Vec<Uuid>>,
) {
    while !seen.stop.load(Ordering::Relaxed) {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let Some(conversation) = conversations.get(n % conversations.len().max(1)) else { return };
        let text = format!("Respuesta {run} {n}");
        match sender.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": text})).await {
            Ok(_) => {
                if let Ok(mut queued) = seen.queued.lock() {
                    queued.push(text);
                }
            }
            Err(_) => {
                seen.refused_replies.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// How many times the stand-in received each text.
pub fn sends_by_text(graph: &GraphStandIn) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for request in graph.requests().iter().filter(|r| r.is_send()) {
        if let Some(text) = request.body.pointer("/text/body").and_then(serde_json::Value::as_str) {
            *counts.entry(text.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// Waits until every queued reply reached the stand-in and no outbound message is still
/// waiting (`pending` or `sending`), at most `cap`; the killed servers' claimed jobs come
/// back only when their lease ends.
pub async fn wait_until_delivered(
    db: &Db,
    channel: Uuid,
    graph: &GraphStandIn,
    queued: &[String],
    cap: Duration,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut last_report = Instant::now();
    println!(
        "drain: waiting for the intake and the outbox (what a killed server had claimed returns after the {} s lease; \
         a send caught in the call waits the {} s grace for its status)",
        LEASE_SECONDS,
        // The server's default, which the bench keeps.
        charla_server::settings::Settings::for_data_dir(PathBuf::new()).resend_grace_seconds
    );
    loop {
        let sends = sends_by_text(graph);
        let unsent = queued.iter().filter(|t| !sends.contains_key(*t)).count();
        let waiting = stored::outbound(db, channel)
            .await?
            .iter()
            .filter(|m| matches!(m.status.as_deref(), Some("pending" | "sending") | None))
            .count();
        // Acknowledged webhooks are stored at once; the intake drain applies them after.
        let unapplied = inbound_events::pending_count(db).await?;
        if (unsent == 0 && waiting == 0 && unapplied == 0) || started.elapsed() >= cap {
            println!(
                "drain: {:.0} s; {unsent} queued replies not sent, {waiting} outbound messages waiting, \
                 {unapplied} webhook events not applied",
                started.elapsed().as_secs_f64()
            );
            return Ok(started.elapsed());
        }
        if last_report.elapsed() >= Duration::from_secs(30) {
            println!(
                "  drain {:.0} s: {unsent} queued replies not sent yet, {waiting} waiting, {unapplied} events to apply",
                started.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

pub struct Delivery {
    pub acked: usize,
    pub lost: usize,
    pub stored_twice: usize,
    pub queued: usize,
    pub unsent: usize,
    pub doubled: usize,
    pub doubled_unflagged: usize,
    pub flagged_resent: usize,
    pub not_sent_status: usize,
    /// Replies a kill caught `sending`: those that got their wamid from the echoed status
    /// (sent once, not flagged: the network had them), and those sent again after the grace
    /// with no status (once in all, flagged: the kill came before the request left).
    pub caught: usize,
    pub caught_reconciled: usize,
    pub caught_resent: usize,
}

impl Delivery {
    /// Everything but the doubles, whose goal (0) is reported on its own.
    pub fn pass(&self) -> bool {
        self.lost == 0
            && self.stored_twice == 0
            && self.unsent == 0
            && self.doubled_unflagged == 0
            && self.not_sent_status == 0
    }
}

impl std::fmt::Display for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pass = |ok: bool| if ok { "PASS" } else { "FAIL" };
        write!(
            f,
            "webhooks: {} acknowledged, {} lost, {} stored twice ({}); sends: {} queued, {} never sent, {} not marked sent ({}); \
             doubled {} (goal 0: {}), of them not flagged resent {} ({}); flagged resent {}; \
             caught sending by a kill {} ({} reconciled from the echoed status, {} re-sent after the grace)",
            self.acked,
            self.lost,
            self.stored_twice,
            pass(self.lost == 0 && self.stored_twice == 0),
            self.queued,
            self.unsent,
            self.not_sent_status,
            pass(self.unsent == 0 && self.not_sent_status == 0),
            self.doubled,
            if self.doubled == 0 { "PASS" } else { "MISS" },
            self.doubled_unflagged,
            pass(self.doubled_unflagged == 0),
            self.flagged_resent,
            self.caught,
            self.caught_reconciled,
            self.caught_resent,
        )
    }
}

pub async fn check(
    db: &Db,
    channel: Uuid,
    graph: &GraphStandIn,
    acked: &[String],
    queued: &[String],
    caught: &HashSet<String>,
) -> anyhow::Result<Delivery> {
    let by_id = stored::inbound_by_network_id(db, channel).await?;
    let lost = acked.iter().filter(|id| !by_id.contains_key(*id)).count();
    let stored_twice = acked.iter().filter(|id| by_id.get(*id).is_some_and(|n| *n > 1)).count();
    let sends = sends_by_text(graph);
    let outbound = stored::outbound(db, channel).await?;
    let by_text: HashMap<&str, &stored::Outbound> =
        outbound.iter().filter_map(|m| m.text.as_deref().map(|t| (t, m))).collect();
    let queued_set: HashSet<&str> = queued.iter().map(String::as_str).collect();
    let unsent = queued.iter().filter(|t| !sends.contains_key(*t)).count();
    let doubled: Vec<&String> = sends.iter().filter(|(_, n)| **n > 1).map(|(t, _)| t).collect();
    let doubled_unflagged = doubled.iter().filter(|t| !by_text.get(t.as_str()).is_some_and(|m| m.resent)).count();
    let not_sent_status = queued_set
        .iter()
        .filter(|t| by_text.get(*t).is_none_or(|m| !matches!(m.status.as_deref(), Some("sent" | "delivered" | "read"))))
        .count();
    for text in &doubled {
        println!("  sent twice: {text:?} (flagged resent: {})", by_text.get(text.as_str()).is_some_and(|m| m.resent));
    }
    // Only a status can take a caught message out of `sending` without a send of its own.
    let once = |flagged: bool| {
        caught
            .iter()
            .filter(|t| {
                sends.get(t.as_str()) == Some(&1) && by_text.get(t.as_str()).is_some_and(|m| m.resent == flagged)
            })
            .count()
    };
    Ok(Delivery {
        caught: caught.len(),
        caught_reconciled: once(false),
        caught_resent: once(true),
        acked: acked.len(),
        lost,
        stored_twice,
        queued: queued.len(),
        unsent,
        doubled: doubled.len(),
        doubled_unflagged,
        flagged_resent: outbound.iter().filter(|m| m.resent).count(),
        not_sent_status,
    })
}
