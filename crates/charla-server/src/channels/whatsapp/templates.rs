//! Reads a WhatsApp Business Account's templates (`GET /{waba-id}/message_templates`,
//! every page) and keeps them with their status, so agents can send approved ones.

use anyhow::anyhow;
use charla_channels::whatsapp::outbound::templates_page;
use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, templates};
use charla_domain::ids::new_id;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::GRAPH_API_BASE;
use crate::jobs::kinds::JobError;
use crate::outbound_http::{client_for, read_json, send};
use crate::services::channels::secrets_of;
use crate::state::AppState;

/// Pages read at most, so a misbehaving paging link cannot loop forever.
const MAX_PAGES: usize = 50;

#[derive(Deserialize)]
struct Payload {
    channel_id: Uuid,
}

/// One page of the business account's templates, written over what we knew of them.
async fn store_page(state: &AppState, org: Uuid, waba: &str, items: &[Value]) -> Result<(), JobError> {
    let mut tx = state.db.begin().await?;
    for item in items {
        let (Some(id), Some(name), Some(status)) = (
            item.get("id").and_then(Value::as_str),
            item.get("name").and_then(Value::as_str),
            item.get("status").and_then(Value::as_str),
        ) else {
            continue;
        };
        templates::upsert(
            &mut tx,
            &templates::TemplateWrite {
                org,
                id: new_id(),
                waba_id: waba,
                network_id: id,
                name,
                language: item.get("language").and_then(Value::as_str),
                category: item.get("category").and_then(Value::as_str),
                status,
                reason: item.get("rejected_reason").and_then(Value::as_str).filter(|r| *r != "NONE"),
                details: &json!({ "quality_score": item.get("quality_score") }),
                components: Some(item.get("components").unwrap_or(&Value::Null)),
                now: state.clock.now(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let Some(channel) = channels::get(&state.db, org, payload.channel_id).await? else {
        return Ok(());
    };
    let Some(waba) = channel.network_account.clone() else {
        return Ok(());
    };
    let token = secrets_of(state, &channel)?.access_token.unwrap_or_default();
    let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(GRAPH_API_BASE);
    let mut url = Some(format!("{}/{waba}/message_templates?limit=100", base.trim_end_matches('/')));
    let mut pages = 0;
    while let Some(page) = url.take() {
        pages += 1;
        if pages > MAX_PAGES {
            break;
        }
        let client = client_for(&state.settings, &page).await.map_err(JobError::Retry)?;
        let response = send(client.get(&page).bearer_auth(&token)).await.map_err(JobError::Retry)?;
        let status = response.status().as_u16();
        let answer: Value = read_json(response).await.unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            return Err(JobError::Retry(anyhow!("message_templates answered {status}: {answer}")));
        }
        let (items, next) = templates_page(&answer);
        store_page(state, org, &waba, &items).await?;
        url = next;
    }
    Ok(())
}
