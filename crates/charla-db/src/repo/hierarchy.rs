//! Clients → projects → campaigns: one table each, the same shape of row.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, Db, DbError, DbTs, Tx, on_conn, on_db, on_tx};

/// A level of the hierarchy; each level but the first has a parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Client,
    Project,
    Campaign,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NodeRow {
    pub id: Uuid,
    #[sqlx(default)]
    pub parent_id: Option<Uuid>,
    pub name: String,
    #[sqlx(default)]
    pub description: Option<String>,
    pub archived_at: Option<DbTs>,
    pub created_at: DbTs,
}

pub struct ListFilter {
    pub parent_id: Option<Uuid>,
    pub archived: Option<bool>,
    pub after: Option<Uuid>,
    pub limit: i64,
}

const LIST_CLIENTS: &str = "SELECT id, name, archived_at, created_at FROM clients \
    WHERE organization_id = $1 AND ($2 IS NULL OR (archived_at IS NOT NULL) = $2) AND ($3 IS NULL OR id > $3) \
    ORDER BY id LIMIT $4";
const LIST_PROJECTS: &str = "SELECT id, client_id AS parent_id, name, archived_at, created_at FROM projects \
    WHERE organization_id = $1 AND ($2 IS NULL OR (archived_at IS NOT NULL) = $2) AND ($3 IS NULL OR id > $3) \
    AND ($5 IS NULL OR client_id = $5) ORDER BY id LIMIT $4";
const LIST_CAMPAIGNS: &str = "SELECT id, project_id AS parent_id, name, description, archived_at, created_at FROM campaigns \
    WHERE organization_id = $1 AND ($2 IS NULL OR (archived_at IS NOT NULL) = $2) AND ($3 IS NULL OR id > $3) \
    AND ($5 IS NULL OR project_id = $5) ORDER BY id LIMIT $4";

pub async fn list(db: &Db, level: Level, org: Uuid, f: &ListFilter) -> Result<Vec<NodeRow>, DbError> {
    let rows = match level {
        Level::Client => on_db!(db, |pool| sqlx::query_as(LIST_CLIENTS)
            .bind(org)
            .bind(f.archived)
            .bind(f.after)
            .bind(f.limit + 1)
            .fetch_all(pool)
            .await)?,
        Level::Project | Level::Campaign => {
            let sql = if level == Level::Project { LIST_PROJECTS } else { LIST_CAMPAIGNS };
            on_db!(db, |pool| sqlx::query_as(sql)
                .bind(org)
                .bind(f.archived)
                .bind(f.after)
                .bind(f.limit + 1)
                .bind(f.parent_id)
                .fetch_all(pool)
                .await)?
        }
    };
    Ok(rows)
}

const GET_CLIENT: &str = "SELECT id, name, archived_at, created_at FROM clients WHERE organization_id = $1 AND id = $2";
const GET_PROJECT: &str = "SELECT id, client_id AS parent_id, name, archived_at, created_at FROM projects \
    WHERE organization_id = $1 AND id = $2";
const GET_CAMPAIGN: &str = "SELECT id, project_id AS parent_id, name, description, archived_at, created_at \
    FROM campaigns WHERE organization_id = $1 AND id = $2";

fn get_sql(level: Level) -> &'static str {
    match level {
        Level::Client => GET_CLIENT,
        Level::Project => GET_PROJECT,
        Level::Campaign => GET_CAMPAIGN,
    }
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, level: Level, org: Uuid, id: Uuid) -> Result<Option<NodeRow>, DbError> {
    Ok(on_conn!(conn.into(), |pool| sqlx::query_as(get_sql(level)).bind(org).bind(id).fetch_optional(pool).await)?)
}

pub struct NewNode<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub now: Ts,
}

pub async fn insert(tx: &mut Tx, level: Level, n: &NewNode<'_>) -> Result<(), DbError> {
    let now = DbTs(n.now);
    match level {
        Level::Client => on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO clients (organization_id, id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(n.org)
            .bind(n.id)
            .bind(n.name)
            .bind(now)
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
        })?,
        Level::Project => on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO projects (organization_id, id, client_id, name, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(n.org)
            .bind(n.id)
            .bind(n.parent_id)
            .bind(n.name)
            .bind(now)
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
        })?,
        Level::Campaign => on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO campaigns (organization_id, id, project_id, name, description, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(n.org)
            .bind(n.id)
            .bind(n.parent_id)
            .bind(n.name)
            .bind(n.description)
            .bind(now)
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
        })?,
    };
    Ok(())
}

pub struct NodeUpdate<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub archived_at: Option<Ts>,
    pub now: Ts,
}

pub async fn update(tx: &mut Tx, level: Level, org: Uuid, id: Uuid, u: &NodeUpdate<'_>) -> Result<(), DbError> {
    let archived_at = u.archived_at.map(DbTs);
    let now = DbTs(u.now);
    match level {
        Level::Client | Level::Project => {
            let sql = if level == Level::Client {
                "UPDATE clients SET name = $3, archived_at = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
            } else {
                "UPDATE projects SET name = $3, archived_at = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
            };
            on_tx!(tx, |conn| sqlx::query(sql)
                .bind(org)
                .bind(id)
                .bind(u.name)
                .bind(archived_at)
                .bind(now)
                .execute(conn)
                .await
                .map(|r| r.rows_affected()))?
        }
        Level::Campaign => on_tx!(tx, |conn| {
            sqlx::query(
                "UPDATE campaigns SET name = $3, description = $4, archived_at = $5, updated_at = $6 \
             WHERE organization_id = $1 AND id = $2",
            )
            .bind(org)
            .bind(id)
            .bind(u.name)
            .bind(u.description)
            .bind(archived_at)
            .bind(now)
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
        })?,
    };
    Ok(())
}
