//! When a campaign's hours end (BOT-2, "apply to queued conversations"): conversations
//! still waiting get the out-of-hours action, as if they had written now: closed as out of
//! hours (with the message when it is switched on), or held in the queue until hours open.

use charla_db::Tx;
use charla_db::repo::conversations;
use charla_domain::campaigns::OutOfHoursAction;
use charla_domain::conversations::lifecycle::{ClosedReason, ConversationStatus};
use charla_domain::messages::Automated;
use charla_domain::schedules;
use charla_domain::time::Ts;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::automated::{self, Content};
use super::closing::{self, Closing};
use super::routing::Touched;
use super::{Working, bot, events, retrying};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::state::AppState;

#[derive(Serialize, Deserialize)]
pub struct ClosingJob {
    pub campaign_id: Uuid,
}

/// Sets the job for the campaign's next closing, when it applies the action to the queue.
pub async fn arm(state: &AppState, tx: &mut Tx, org: Uuid, rules: &CampaignRules, now: Ts) -> AppResult<()> {
    if !rules.out_of_hours.as_ref().is_some_and(|o| o.apply_to_queued) {
        return Ok(());
    }
    let Some(at) = rules.schedule.as_ref().and_then(|s| schedules::next_closing(s, now)) else {
        return Ok(());
    };
    let key = format!("closing:{}:{}", rules.id, at.as_micros());
    let payload = ClosingJob { campaign_id: rules.id };
    enqueue(
        state,
        tx,
        Enqueue { org, kind: JobKind::HoursClosed, payload: &payload, run_at: Some(at), dedup_key: Some(&key) },
    )
    .await?;
    Ok(())
}

/// The closing came: every waiting conversation of the campaign gets the action (each in
/// its own transaction), then the next closing is armed.
pub async fn on_hours_closed(state: &AppState, org: Uuid, job: &ClosingJob) -> AppResult<()> {
    let now = state.clock.now();
    let rules = match campaign_rules::load(&state.db, org, job.campaign_id).await {
        Ok(rules) => rules,
        Err(AppError::Code(ErrorCode::NotFound)) => return Ok(()),
        Err(e) => return Err(e),
    };
    let applies = rules.out_of_hours.as_ref().is_some_and(|o| o.apply_to_queued);
    let closed_now = rules.schedule.as_ref().is_some_and(|s| !schedules::is_open(s, now));
    if applies && closed_now {
        for id in conversations::waiting_in_campaign(&state.db, org, rules.id).await? {
            let touched = retrying!(apply(state, org, id, &rules).await)?;
            touched.settle(state, org).await?;
        }
    }
    let mut tx = state.db.begin().await?;
    arm(state, &mut tx, org, &rules, now).await?;
    tx.commit().await?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    Ok(())
}

async fn apply(state: &AppState, org: Uuid, id: Uuid, rules: &CampaignRules) -> AppResult<Touched> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut w = Working::load(&mut tx, org, id).await?;
    let mut touched = Touched::default();
    let Some(rule) = rules.out_of_hours.as_ref() else { return Ok(touched) };
    if w.status() != ConversationStatus::Queued || w.next.held_until.is_some() {
        return Ok(touched);
    }
    match rule.action {
        OutOfHoursAction::Close => {
            if rule.send_message && !rule.message.is_empty() && automated::can_reach(&w, now) {
                automated::say(
                    state,
                    &mut tx,
                    org,
                    &w,
                    &Content::Text(rule.message.clone()),
                    Automated::OutOfHours,
                    now,
                )
                .await?;
            }
            let closing = Closing { reason: ClosedReason::OutOfHours, disposition: None, closed_by: None };
            closing::close_with(&mut tx, org, &mut w, closing, now, &mut touched).await?;
        }
        OutOfHoursAction::Queue => {
            let opening = rules.schedule.as_ref().and_then(|s| schedules::next_opening(s, now));
            w.next.held_until = opening;
            if let Some(at) = opening {
                bot::schedule_opening(state, &mut tx, org, id, at).await?;
            }
        }
    }
    let row = w.save(state, &mut tx, org, now).await?;
    events::conversation_updated(state, &mut tx, org, &row, &[]).await?;
    touched.emit(state, &mut tx, org).await?;
    tx.commit().await?;
    Ok(touched)
}
