//! Sends one outbound message through its channel (the outbox of DESIGN §4).
//!
//! The message is marked `sending` and committed before the network call; a run that
//! finds it still `sending` is a retry after a crash inside the call window: it sends
//! again once and flags the message, since the network may already have it.

use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, conversations, messages};
use charla_domain::messages::DeliveryStatus;

use charla_channels::SendError;

use super::JobError;
use crate::services::channels::whatsapp_outbound as whatsapp;
use crate::services::conversations::outbox::{Report, SendJob, record_status};
use crate::state::AppState;

/// What a network said to a send: accepted, with its id and how far it got at once.
pub struct Sent {
    pub network_id: String,
    pub status: DeliveryStatus,
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: SendJob = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let retry = |e: crate::error::ApiError| JobError::Retry(anyhow::anyhow!("{e:?}"));
    let Some(message) =
        messages::get(&state.db, org, payload.message_id).await.map_err(|e| JobError::Retry(e.into()))?
    else {
        return Ok(());
    };
    let status = message.status.as_deref().and_then(DeliveryStatus::parse).unwrap_or(DeliveryStatus::Pending);
    let resent = match status {
        DeliveryStatus::Pending => false,
        DeliveryStatus::Sending => true,
        DeliveryStatus::Sent | DeliveryStatus::Delivered | DeliveryStatus::Read | DeliveryStatus::Failed => {
            return Ok(());
        }
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await.map_err(|e| JobError::Retry(e.into()))?;
    messages::set_status(
        &mut tx,
        org,
        message.id,
        &messages::StatusChange {
            status: DeliveryStatus::Sending.code(),
            network_id: None,
            error_code: None,
            error_title: None,
            resent,
            sent_at: None,
            delivered_at: None,
            read_at: None,
            now,
        },
    )
    .await
    .map_err(|e| JobError::Retry(e.into()))?;
    tx.commit().await.map_err(|e| JobError::Retry(e.into()))?;
    let channel = channels::get(&state.db, org, message.channel_id)
        .await
        .map_err(|e| JobError::Retry(e.into()))?
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("channel {} is gone", message.channel_id)))?;
    let outcome = match channel.kind.as_str() {
        // The simulator's customer is this server's own page: the message is there at once.
        "simulator" => Ok(Sent { network_id: format!("sim.{}", message.id), status: DeliveryStatus::Delivered }),
        "whatsapp" => whatsapp::send(state, &channel, &message).await,
        "telegram" => crate::services::channels::telegram_outbound::send(state, org, &channel, &message).await,
        other => {
            Err(SendError::Permanent { code: "unsupported".to_owned(), title: format!("{other} cannot send yet") })
        }
    };
    let Sent { network_id, status } = match outcome {
        Ok(sent) => sent,
        Err(err) => return settle_failure(state, org, &channel, message.id, err).await,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await.map_err(|e| JobError::Retry(e.into()))?;
    let Some(message) = messages::get(&mut tx, org, message.id).await.map_err(|e| JobError::Retry(e.into()))? else {
        return Ok(());
    };
    let conversation = conversations::get(&mut tx, org, message.conversation_id)
        .await
        .map_err(|e| JobError::Retry(e.into()))?
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("conversation is gone")))?;
    let report = Report { status, network_id: Some(&network_id), error: None };
    record_status(state, &mut tx, org, (&message, &conversation), report, now).await.map_err(retry)?;
    tx.commit().await.map_err(|e| JobError::Retry(e.into()))?;
    state.hub.wake();
    Ok(())
}

/// A send that did not go out: retried later (back to `pending`, so the next run is not
/// mistaken for a crash), paused with the channel unlinked, or failed for good with the
/// network's code and title.
async fn settle_failure(
    state: &AppState,
    org: uuid::Uuid,
    channel: &charla_db::repo::channels::ChannelRow,
    message_id: uuid::Uuid,
    err: SendError,
) -> Result<(), JobError> {
    let retry = |e: crate::error::ApiError| JobError::Retry(anyhow::anyhow!("{e:?}"));
    let now = state.clock.now();
    let mut tx = state.db.begin().await.map_err(|e| JobError::Retry(e.into()))?;
    let Some(message) = messages::get(&mut tx, org, message_id).await.map_err(|e| JobError::Retry(e.into()))? else {
        return Ok(());
    };
    let outcome = match err {
        SendError::Permanent { code, title } => {
            let conversation = conversations::get(&mut tx, org, message.conversation_id)
                .await
                .map_err(|e| JobError::Retry(e.into()))?
                .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("conversation is gone")))?;
            let report = Report { status: DeliveryStatus::Failed, network_id: None, error: Some((&code, &title)) };
            record_status(state, &mut tx, org, (&message, &conversation), report, now).await.map_err(retry)?;
            Ok(())
        }
        SendError::Unlinked { code, title } => {
            crate::services::channels::mark_unlinked(state, &mut tx, org, channel, &code, &title)
                .await
                .map_err(retry)?;
            back_to_pending(&mut tx, org, &message, now).await?;
            Err(JobError::Retry(anyhow::anyhow!("channel unlinked ({code}): {title}")))
        }
        SendError::RateLimited { .. } => {
            back_to_pending(&mut tx, org, &message, now).await?;
            Err(JobError::Retry(anyhow::anyhow!("rate limited by the network")))
        }
        SendError::Retryable(reason) => {
            back_to_pending(&mut tx, org, &message, now).await?;
            Err(JobError::Retry(anyhow::anyhow!(reason)))
        }
    };
    tx.commit().await.map_err(|e| JobError::Retry(e.into()))?;
    state.hub.wake();
    outcome
}

async fn back_to_pending(
    tx: &mut charla_db::Tx,
    org: uuid::Uuid,
    message: &messages::MessageRow,
    now: charla_domain::time::Ts,
) -> Result<(), JobError> {
    messages::set_status(
        tx,
        org,
        message.id,
        &messages::StatusChange {
            status: DeliveryStatus::Pending.code(),
            network_id: None,
            error_code: None,
            error_title: None,
            resent: message.resent,
            sent_at: None,
            delivered_at: None,
            read_at: None,
            now,
        },
    )
    .await
    .map_err(|e| JobError::Retry(e.into()))
}
