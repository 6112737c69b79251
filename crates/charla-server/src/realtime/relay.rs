//! Each node's relay: reads newly committed events in commit order and feeds the hub.

use std::sync::Arc;
use std::time::Duration;

use charla_db::Db;
use charla_db::repo::events::{self, Cursor};

use crate::state::AppState;

const BATCH: i64 = 500;
/// Also poll: on PostgreSQL a row can wait below the horizon after its NOTIFY arrived.
const POLL: Duration = Duration::from_millis(100);

pub async fn run_forever(state: AppState) {
    let mut cursor = loop {
        match events::head(&state.db).await {
            Ok(c) => break c,
            Err(err) => {
                tracing::warn!(error = ?err, "relay cannot read the event head");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    let mut listener = match &state.db {
        Db::Postgres(pool) => match charla_db::PgListener::connect_with(pool).await {
            Ok(mut l) => match l.listen("charla_events").await {
                Ok(()) => Some(l),
                Err(err) => {
                    tracing::warn!(error = ?err, "LISTEN failed; the relay polls");
                    None
                }
            },
            Err(err) => {
                tracing::warn!(error = ?err, "no listener connection; the relay polls");
                None
            }
        },
        Db::Sqlite(_) => None,
    };
    loop {
        cursor = match deliver_after(&state, cursor).await {
            Ok(c) => c,
            Err(err) => {
                tracing::warn!(error = ?err, "relay read failed");
                cursor
            }
        };
        match listener.as_mut() {
            Some(l) => {
                let _ = tokio::time::timeout(POLL, l.try_recv()).await;
            }
            None => {
                let _ = tokio::time::timeout(POLL, state.hub.woken()).await;
            }
        }
    }
}

async fn deliver_after(state: &AppState, mut cursor: Cursor) -> anyhow::Result<Cursor> {
    loop {
        let rows = events::read_after(&state.db, cursor, BATCH).await?;
        let full = rows.len() as i64 == BATCH;
        for row in rows {
            cursor = row.cursor();
            metrics::counter!("charla_events_relayed_total").increment(1);
            state.hub.publish(Arc::new(row));
        }
        if !full {
            return Ok(cursor);
        }
    }
}
