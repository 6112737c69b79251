//! Read marks for the contact (WhatsApp's blue ticks): when the agent reads the
//! conversation, a durable job tells the network, for the contact's newest message.

use charla_db::Tx;
use charla_db::repo::messages;
use uuid::Uuid;

use super::Working;
use crate::error::ApiResult;
use crate::jobs::kinds::JobKind;
use crate::jobs::kinds::mark_read::MarkRead;
use crate::services::jobs::{Enqueue, enqueue as enqueue_job};
use crate::state::AppState;

/// Queues the read mark for the contact's newest message the network knows by an id.
pub(super) async fn enqueue(state: &AppState, tx: &mut Tx, org: Uuid, w: &Working) -> ApiResult<()> {
    let Some(latest) = messages::latest_inbound(&mut *tx, org, w.row.id).await? else {
        return Ok(());
    };
    let Some(wamid) = latest.network_id else {
        return Ok(());
    };
    let payload = MarkRead { channel_id: w.row.channel_id, wamid };
    let key = format!("read:{}", latest.id);
    let job = Enqueue { org, kind: JobKind::MarkRead, payload: &payload, run_at: None, dedup_key: Some(&key) };
    enqueue_job(state, tx, job).await?;
    Ok(())
}
