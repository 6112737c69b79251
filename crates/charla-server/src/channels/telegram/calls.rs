//! One Bot API call for a Telegram channel (`setWebhook` when the channel is created,
//! `answerCallbackQuery` when a button is pressed), retried like any job.

use anyhow::anyhow;
use charla_db::repo::channels;
use charla_db::repo::jobs::JobRow;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::outbound::call;
use crate::jobs::kinds::JobError;
use crate::state::AppState;

#[derive(Deserialize)]
struct Payload {
    channel_id: Uuid,
    method: String,
    body: Value,
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let Some(channel) = channels::get(&state.db, job.organization_id, payload.channel_id)
        .await
        .map_err(|e| JobError::Retry(e.into()))?
    else {
        return Ok(());
    };
    let (status, answer) = call(state, &channel, &payload.method, &payload.body).await.map_err(JobError::Retry)?;
    match status {
        200..=299 => Ok(()),
        429 | 500..=599 => Err(JobError::Retry(anyhow!("{} answered {status}: {answer}", payload.method))),
        _ => Err(JobError::Permanent(anyhow!("{} answered {status}: {answer}", payload.method))),
    }
}
