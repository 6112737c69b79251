//! Tells WhatsApp the agent read the contact's messages (the blue ticks, and the typing
//! indicator while they answer): one read mark for the newest inbound wamid, sent by a
//! durable job queued when the agent reads the conversation.

use anyhow::anyhow;
use charla_channels::SendError;
use charla_db::Tx;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, messages};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::outbound as whatsapp_outbound;
use crate::error::AppResult;
use crate::jobs::kinds::JobError;
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue as enqueue_job};
use crate::state::AppState;

#[derive(Serialize, Deserialize)]
pub struct MarkRead {
    pub channel_id: Uuid,
    pub wamid: String,
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: MarkRead = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let Some(channel) = channels::get(&state.db, job.organization_id, payload.channel_id)
        .await
        .map_err(|e| JobError::Retry(e.into()))?
    else {
        return Ok(());
    };
    match whatsapp_outbound::mark_read(state, &channel, &payload.wamid).await {
        Ok(()) => Ok(()),
        Err(SendError::Retryable(reason)) => Err(JobError::Retry(anyhow!(reason))),
        Err(SendError::RateLimited { .. }) => Err(JobError::Retry(anyhow!("rate limited by the network"))),
        // An unlinked channel or a refused mark: nothing to gain from trying again.
        Err(SendError::Unlinked { code, title } | SendError::Permanent { code, title }) => {
            Err(JobError::Permanent(anyhow!("read mark refused ({code}): {title}")))
        }
    }
}

/// Queues the read mark for the contact's newest message the network knows by an id.
pub async fn enqueue(state: &AppState, tx: &mut Tx, org: Uuid, conversation: &ConversationRow) -> AppResult<()> {
    let Some(latest) = messages::latest_inbound(&mut *tx, org, conversation.id).await? else {
        return Ok(());
    };
    let Some(wamid) = latest.network_id else {
        return Ok(());
    };
    let payload = MarkRead { channel_id: conversation.channel_id, wamid };
    let key = format!("read:{}", latest.id);
    let job = Enqueue { org, kind: JobKind::MarkRead, payload: &payload, run_at: None, dedup_key: Some(&key) };
    enqueue_job(state, tx, job).await?;
    Ok(())
}
