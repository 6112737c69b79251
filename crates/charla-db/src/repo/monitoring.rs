//! Live monitoring (REP-1): what is open right now, read from the open conversations
//! (a bounded set) and the people at work; today's closed figures come from the rollups.

// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::args::{Arg, Sql};
use crate::{Conn, DbError, DbTs, bind_args, on_conn};

/// Which open conversations count: optional filters and the caller's campaigns.
#[derive(Clone, Debug, Default)]
pub struct OpenFilter {
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    /// Only these campaigns; `None`: every campaign.
    pub campaigns: Option<Vec<Uuid>>,
}

impl OpenFilter {
    /// Appends the filters to a statement over `conversations v`; false when the scope is
    /// empty (nothing can match).
    fn push(&self, sql: &mut Sql) -> bool {
        for (column, value) in [
            ("campaign_id", self.campaign_id),
            ("channel_id", self.channel_id),
            ("queue_id", self.queue_id),
            ("agent_id", self.agent_id),
        ] {
            if let Some(id) = value {
                let p = sql.arg(Arg::Uuid(id));
                sql.push(&format!(" AND v.{column} = {p}"));
            }
        }
        match &self.campaigns {
            Some(campaigns) if campaigns.is_empty() => false,
            Some(campaigns) => {
                let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
                sql.push(&format!(" AND v.campaign_id IN ({})", ids.join(", ")));
                true
            }
            None => true,
        }
    }
}

/// Open conversations of one status: how many, and the earliest queueing among them.
#[derive(Debug, sqlx::FromRow)]
pub struct OpenCount {
    pub status: String,
    pub count: i64,
    pub oldest_queued_at: Option<DbTs>,
}

pub async fn open_counts<'c>(conn: impl Into<Conn<'c>>, org: Uuid, f: &OpenFilter) -> Result<Vec<OpenCount>, DbError> {
    let mut sql = Sql::new(
        "SELECT v.status, COUNT(*) AS count, MIN(v.queued_at) AS oldest_queued_at FROM conversations v WHERE v.organization_id = ",
    );
    let p = sql.arg(Arg::Uuid(org));
    sql.push(&p);
    sql.push(" AND v.status IN ('queued', 'assigned')");
    if !f.push(&mut sql) {
        return Ok(Vec::new());
    }
    sql.push(" GROUP BY v.status");
    Ok(on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text)), &sql.args).fetch_all(c).await)?)
}

/// A person at work (online, paused or invisible) and how many open tickets it holds.
#[derive(Debug, sqlx::FromRow)]
pub struct AgentAtWork {
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub tickets: i64,
}

/// The people at work; with `campaigns`, only members of a queue of those campaigns.
/// Tickets count the open conversations they hold within the filter.
pub async fn agents_at_work<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    f: &OpenFilter,
) -> Result<Vec<AgentAtWork>, DbError> {
    let mut sql = Sql::new(
        "SELECT u.id, u.name, u.status, (SELECT COUNT(*) FROM conversations v WHERE v.organization_id = u.organization_id AND v.agent_id = u.id AND v.status = 'assigned'",
    );
    let tickets_scope = f.push(&mut sql);
    let p = sql.arg(Arg::Uuid(org));
    sql.push(&format!(
        ") AS tickets FROM users u WHERE u.organization_id = {p} AND u.active = TRUE \
         AND u.status IN ('online', 'paused', 'invisible')"
    ));
    if let Some(agent) = f.agent_id {
        let a = sql.arg(Arg::Uuid(agent));
        sql.push(&format!(" AND u.id = {a}"));
    }
    if let Some(campaigns) = &f.campaigns {
        if !tickets_scope {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM queue_members m JOIN queues q ON q.organization_id = m.organization_id \
             AND q.id = m.queue_id WHERE m.organization_id = u.organization_id AND m.user_id = u.id \
             AND q.campaign_id IN ({}))",
            ids.join(", ")
        ));
    }
    sql.push(" ORDER BY u.name, u.id");
    Ok(on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text)), &sql.args).fetch_all(c).await)?)
}
