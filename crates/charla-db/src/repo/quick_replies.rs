//! Quick replies and their categories.

use charla_domain::time::Ts;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: DbTs,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReplyRow {
    pub id: Uuid,
    pub category_id: Option<Uuid>,
    pub title: String,
    pub text: String,
    pub created_by: Option<Uuid>,
    pub created_at: DbTs,
    pub updated_at: DbTs,
}

pub async fn categories<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> Result<Vec<CategoryRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, name, created_at FROM quick_reply_categories WHERE organization_id = $1 ORDER BY name"
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

pub async fn get_category<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<CategoryRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, name, created_at FROM quick_reply_categories WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// A name already used in the organization is a Conflict.
pub async fn save_category(tx: &mut Tx, org: Uuid, id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO quick_reply_categories (organization_id, id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (organization_id, id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Deletes a category; its replies stay, without a category.
pub async fn delete_category(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE quick_replies SET category_id = NULL WHERE organization_id = $1 AND category_id = $2"
    )
    .bind(org)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    let done =
        on_tx!(tx, |conn| sqlx::query("DELETE FROM quick_reply_categories WHERE organization_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

const SELECT_REPLY: &str =
    "SELECT id, category_id, title, text, created_by, created_at, updated_at FROM quick_replies ";

pub async fn replies<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    category: Option<Uuid>,
    search: Option<&str>,
) -> Result<Vec<ReplyRow>, DbError> {
    let sql = format!(
        "{SELECT_REPLY}WHERE organization_id = $1 AND ($2 IS NULL OR category_id = $2) \
         AND ($3 IS NULL OR search_key LIKE $3 ESCAPE '\\') ORDER BY title, id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(category)
        .bind(search)
        .fetch_all(c)
        .await)?)
}

pub async fn get_reply<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ReplyRow>, DbError> {
    let sql = format!("{SELECT_REPLY}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

pub struct ReplyWrite<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub category_id: Option<Uuid>,
    pub title: &'a str,
    pub text: &'a str,
    pub search_key: &'a str,
    pub created_by: Uuid,
    pub now: Ts,
}

pub async fn save_reply(tx: &mut Tx, r: &ReplyWrite<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO quick_replies (organization_id, id, category_id, title, text, search_key, created_by, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (organization_id, id) DO UPDATE SET \
         category_id = excluded.category_id, title = excluded.title, text = excluded.text, \
         search_key = excluded.search_key, updated_at = excluded.updated_at"
    )
    .bind(r.org)
    .bind(r.id)
    .bind(r.category_id)
    .bind(r.title)
    .bind(r.text)
    .bind(r.search_key)
    .bind(r.created_by)
    .bind(DbTs(r.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_reply(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query("DELETE FROM quick_replies WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
