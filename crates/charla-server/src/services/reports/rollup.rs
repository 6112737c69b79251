//! Keeps the report rollups in step with conversations, in the transaction that changes
//! them (ARCHITECTURE.md "Reports"): the conversation's figures are computed again from
//! its row and messages, and every rollup row they leave or join is summed again from the
//! figures filed under it. Recomputing instead of adding means a transfer (which moves
//! the figures to another agent or queue) or a second write of the same change can never
//! count a conversation twice.

use std::collections::BTreeSet;

use charla_db::Tx;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::orgs;
use charla_db::repo::reports::{self, RollupKey};
use charla_domain::conversations::lifecycle::ClosedReason;
use charla_domain::messages::Direction;
use charla_domain::metrics::day::{local_day, zone};
use charla_domain::metrics::{ConversationFact, ConversationTimes, ConversationTotals, Side, response_times};
use uuid::Uuid;

use crate::error::AppResult;

/// Files the conversation's figures after a change from `before` to `after`, and sums
/// again the rollups they moved between. Cheap when nothing that counts changed.
pub async fn record(tx: &mut Tx, org: Uuid, before: &ConversationRow, after: &ConversationRow) -> AppResult<()> {
    if !counts_differ(before, after) {
        return Ok(());
    }
    let times = times_of(after);
    let responses = match after.assigned_at {
        Some(_) => responses_of(tx, org, after).await?,
        None => Vec::new(),
    };
    let Some(fact) = ConversationFact::of(&times, &responses) else {
        return Ok(());
    };
    let zone_name = orgs::time_zone(&mut *tx, org).await?.unwrap_or_default();
    let key = key_of(after, &zone_name);
    let old = reports::fact(tx, org, after.id).await?;
    if old.as_ref().is_some_and(|(k, f)| *k == key && *f == fact) {
        return Ok(());
    }
    // Locked in key order, so two writers touching the same two rows cannot deadlock.
    let keys: BTreeSet<RollupKey> = old.map(|(k, _)| k).into_iter().chain([key.clone()]).collect();
    for k in &keys {
        reports::lock_rollup(tx, org, k).await?;
    }
    reports::put_fact(tx, org, after.id, &key, &fact).await?;
    for k in &keys {
        let mut totals = ConversationTotals::default();
        for f in reports::facts_under(tx, org, k).await? {
            totals.add(&f);
        }
        reports::set_rollup(tx, org, k, &totals).await?;
    }
    Ok(())
}

/// Whether the change may alter the figures: a timestamp, the close, where it sits, or an
/// agent's message answering the contact (a new response time).
fn counts_differ(before: &ConversationRow, after: &ConversationRow) -> bool {
    let answered = before.last_message_direction.as_deref() != Some(Direction::Outbound.code())
        && after.last_message_direction.as_deref() == Some(Direction::Outbound.code());
    answered
        || before.status != after.status
        || before.queue_id != after.queue_id
        || before.agent_id != after.agent_id
        || before.queued_at != after.queued_at
        || before.assigned_at != after.assigned_at
        || before.first_response_at != after.first_response_at
        || before.closed_at != after.closed_at
        || before.closed_reason != after.closed_reason
}

fn times_of(row: &ConversationRow) -> ConversationTimes {
    ConversationTimes {
        opened_at: row.opened_at.0,
        queued_at: row.queued_at.map(|t| t.0),
        assigned_at: row.assigned_at.map(|t| t.0),
        first_response_at: row.first_response_at.map(|t| t.0),
        closed_at: row.closed_at.map(|t| t.0),
        closed_reason: row.closed_reason.as_deref().and_then(ClosedReason::parse),
        closed_by_person: row.closed_by.is_some(),
    }
}

/// A ticket counts on the local day it reached a queue (or opened, when it closed out of
/// hours without one), where it sits now.
fn key_of(row: &ConversationRow, zone_name: &str) -> RollupKey {
    let offered_at = row.queued_at.unwrap_or(row.opened_at).0;
    RollupKey {
        day: local_day(offered_at, &zone(zone_name)).to_string(),
        campaign_id: row.campaign_id,
        channel_id: row.channel_id,
        queue_id: row.queue_id.unwrap_or(Uuid::nil()),
        agent_id: row.agent_id.unwrap_or(Uuid::nil()),
    }
}

async fn responses_of(tx: &mut Tx, org: Uuid, row: &ConversationRow) -> AppResult<Vec<u64>> {
    let messages: Vec<(Side, _)> = reports::message_sides(tx, org, row.id)
        .await?
        .into_iter()
        .map(|m| {
            let side = match (Direction::parse(&m.direction), m.author_id) {
                (Some(Direction::Inbound), _) => Side::Contact,
                (Some(Direction::Outbound), Some(_)) => Side::Agent,
                _ => Side::Other,
            };
            (side, m.created_at.0)
        })
        .collect();
    Ok(response_times(row.assigned_at.map(|t| t.0), &messages))
}
