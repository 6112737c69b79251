//! Submits a template created in Charla for Meta's review (`POST /{waba-id}/message_templates`)
//! and keeps Graph's id for it, so the template-status webhooks find it; a refusal is kept
//! on the template with Meta's reason, for the person who wrote it.

use anyhow::anyhow;
use charla_channels::whatsapp::template_create::{self, Created};
use charla_db::repo::channels;
use charla_db::repo::jobs::JobRow;
use charla_db::repo::templates::{self, Submitted, TemplateRow};
use charla_db::{DbError, Tx};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::GRAPH_API_BASE;
use crate::error::AppResult;
use crate::jobs::kinds::JobError;
use crate::jobs::model::{Enqueue, JobKind, enqueue as enqueue_job};
use crate::outbound_http::{client_for, read_json, send};
use crate::services::channels::secrets_of;
use crate::state::AppState;

/// Our status while the job has not reached Graph yet.
pub const SUBMITTING: &str = "SUBMITTING";
/// Our status when Graph refused the submission (its reason beside it).
pub const SUBMIT_FAILED: &str = "SUBMIT_FAILED";

#[derive(Serialize, Deserialize)]
pub struct SubmitTemplate {
    pub template_id: Uuid,
    pub channel_id: Uuid,
    pub parameter_format: String,
}

/// Queues the submission, once per template.
pub async fn enqueue(state: &AppState, tx: &mut Tx, org: Uuid, submit: &SubmitTemplate) -> AppResult<()> {
    let key = format!("submit_template:{}", submit.template_id);
    let job = Enqueue { org, kind: JobKind::SubmitTemplate, payload: submit, run_at: None, dedup_key: Some(&key) };
    enqueue_job(state, tx, job).await?;
    Ok(())
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: SubmitTemplate =
        serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let Some(template) = templates::get(&state.db, org, payload.template_id).await? else {
        return Ok(());
    };
    if template.status != SUBMITTING {
        return Ok(());
    }
    let Some(channel) = channels::get(&state.db, org, payload.channel_id).await? else {
        return record(state, org, &template, Err("channel deleted".to_owned())).await;
    };
    let token = secrets_of(state, &channel)?.access_token.unwrap_or_default();
    let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(GRAPH_API_BASE);
    let url = format!("{}/{}/message_templates", base.trim_end_matches('/'), template.waba_id);
    let body = template_create::request(
        &template.name,
        template.language.as_deref().unwrap_or_default(),
        template.category.as_deref().unwrap_or_default(),
        &payload.parameter_format,
        &template.components.0,
    );
    let last_try = job.attempts >= job.max_attempts;
    let client = client_for(&state.settings, &url).await.map_err(JobError::Retry)?;
    let answer = match send(client.post(&url).bearer_auth(&token).json(&body)).await {
        Ok(response) => {
            let status = response.status().as_u16();
            (status, read_json(response).await.unwrap_or(Value::Null))
        }
        Err(e) if last_try => return record(state, org, &template, Err(e.to_string())).await,
        Err(e) => return Err(JobError::Retry(e)),
    };
    match answer {
        (200..=299, ref json) => match template_create::created(json) {
            Some(created) => record(state, org, &template, Ok(created)).await,
            None => Err(JobError::Retry(anyhow!("message_templates answered without an id"))),
        },
        // Graph's own trouble or its rate limit: later, unless this was the last try.
        (status, ref json) if (status >= 500 || status == 429) && !last_try => {
            Err(JobError::Retry(anyhow!("message_templates answered {status}: {json}")))
        }
        (_, ref json) => record(state, org, &template, Err(template_create::refusal(json))).await,
    }
}

/// Keeps Graph's answer on the template: its id and status, or why it was refused.
async fn record(
    state: &AppState,
    org: Uuid,
    template: &TemplateRow,
    outcome: Result<Created, String>,
) -> Result<(), JobError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let submitted = match &outcome {
        Ok(c) => Submitted { network_id: &c.id, status: &c.status, category: c.category.as_deref(), reason: None, now },
        Err(reason) => Submitted {
            network_id: &template.network_id,
            status: SUBMIT_FAILED,
            category: None,
            reason: Some(reason),
            now,
        },
    };
    match templates::set_submitted(&mut tx, org, template.id, &submitted).await {
        Ok(_) => tx.commit().await?,
        // Meta's status webhook named Graph's id before its answer reached us: that row
        // is the template now; it keeps its status and takes the components we sent.
        Err(DbError::Conflict(_)) if outcome.is_ok() => {
            drop(tx);
            let mut tx = state.db.begin().await?;
            templates::merge_into_network_row(&mut tx, org, template, submitted.network_id, now).await?;
            tx.commit().await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
