//! Broadcasts (OUT-2): the broadcast row, its rows left out, its recipients; and the
//! organization's opt-outs. An importing broadcast is invisible to every read here.

use charla_domain::time::Ts;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::args::{Arg, Sql};
use crate::{Conn, DbError, DbTs, Tx, bind_args, on_conn, on_tx};

/// The status of a broadcast whose sheet is still being read.
pub const IMPORTING: &str = "importing";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BroadcastRow {
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub start_at: Option<DbTs>,
    pub batch_size: Option<i64>,
    pub batch_interval_seconds: Option<i64>,
    pub rows_total: i64,
    pub rows_valid: i64,
    pub rows_invalid: i64,
    pub senders: i64,
    pub recipients: i64,
    pub templates: i64,
    pub wait_reason: Option<String>,
    pub opt_out_word: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTs,
    pub updated_at: DbTs,
}

const SELECT: &str = "SELECT id, name, status, start_at, batch_size, batch_interval_seconds, rows_total, rows_valid, \
    rows_invalid, senders, recipients, templates, wait_reason, opt_out_word, created_by, created_at, updated_at \
    FROM broadcasts ";

pub struct NewBroadcast<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub name: &'a str,
    pub start_at: Option<Ts>,
    pub batch_size: Option<i64>,
    pub batch_interval_seconds: Option<i64>,
    pub opt_out_word: Option<&'a str>,
    pub created_by: Option<Uuid>,
    pub now: Ts,
}

/// Inserts the broadcast as importing, with no counts yet.
pub async fn insert_importing(tx: &mut Tx, b: &NewBroadcast<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO broadcasts (organization_id, id, name, status, start_at, batch_size, batch_interval_seconds, \
         rows_total, rows_valid, rows_invalid, senders, recipients, templates, created_by, created_at, updated_at, \
         opt_out_word) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, 0, 0, 0, $8, $9, $9, $10)"
    )
    .bind(b.org)
    .bind(b.id)
    .bind(b.name)
    .bind(IMPORTING)
    .bind(b.start_at.map(DbTs))
    .bind(b.batch_size)
    .bind(b.batch_interval_seconds)
    .bind(b.created_by)
    .bind(DbTs(b.now))
    .bind(b.opt_out_word)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What an import counted.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportCounts {
    pub rows: i64,
    pub valid: i64,
    pub invalid: i64,
    pub senders: i64,
    pub recipients: i64,
    pub templates: i64,
}

/// The import's last step: the counts, and the broadcast becomes a visible draft.
pub async fn finish_import(tx: &mut Tx, org: Uuid, id: Uuid, counts: &ImportCounts, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
        "UPDATE broadcasts SET status = 'draft', rows_total = $3, rows_valid = $4, rows_invalid = $5, senders = $6, \
         recipients = $7, templates = $8, updated_at = $9 WHERE organization_id = $1 AND id = $2 AND status = $10"
    )
    .bind(org)
    .bind(id)
    .bind(counts.rows)
    .bind(counts.valid)
    .bind(counts.invalid)
    .bind(counts.senders)
    .bind(counts.recipients)
    .bind(counts.templates)
    .bind(DbTs(now))
    .bind(IMPORTING)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// Removes what a failed import wrote (it was never visible).
pub async fn delete_importing(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<(), DbError> {
    for table in ["broadcast_recipients", "broadcast_rejections"] {
        let sql = format!("DELETE FROM {table} WHERE organization_id = $1 AND broadcast_id = $2");
        on_tx!(tx, |conn| sqlx::query(AssertSqlSafe(sql))
            .bind(org)
            .bind(id)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    on_tx!(tx, |conn| sqlx::query("DELETE FROM broadcasts WHERE organization_id = $1 AND id = $2 AND status = $3")
        .bind(org)
        .bind(id)
        .bind(IMPORTING)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<BroadcastRow>, DbError> {
    let sql = format!("{SELECT}WHERE organization_id = $1 AND id = $2 AND status <> $3");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(id)
        .bind(IMPORTING)
        .fetch_optional(c)
        .await)?)
}

/// Newest first, a keyset page (one more row than `limit`, to know there is a next page).
pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<BroadcastRow>, DbError> {
    let sql = format!(
        "{SELECT}WHERE organization_id = $1 AND status <> $2 AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(IMPORTING)
        .bind(after)
        .bind(limit + 1)
        .fetch_all(c)
        .await)?)
}

/// A row left out of a broadcast.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RejectionRow {
    pub row_number: i64,
    pub column_name: String,
    pub code: String,
}

/// A good row, as the import stores it.
pub struct NewRecipient {
    pub row_number: i64,
    pub channel_id: Uuid,
    pub recipient: String,
    pub template_id: Uuid,
    pub template_name: String,
    pub language: String,
    pub marketing: bool,
    /// JSON text: `[[name or null, value], ...]`.
    pub parameters: String,
}

/// Rows per INSERT statement: few enough placeholders for either database.
const ROWS_PER_STATEMENT: usize = 100;

/// Stores a batch of rows left out, in a few multi-row statements.
pub async fn insert_rejections(tx: &mut Tx, org: Uuid, broadcast: Uuid, rows: &[RejectionRow]) -> Result<(), DbError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::new(
            "INSERT INTO broadcast_rejections (organization_id, broadcast_id, row_number, column_name, code) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            let values = [
                sql.arg(Arg::Uuid(org)),
                sql.arg(Arg::Uuid(broadcast)),
                sql.arg(Arg::Int(r.row_number)),
                sql.arg(Arg::Text(r.column_name.clone())),
                sql.arg(Arg::Text(r.code.clone())),
            ];
            sql.push(&format!("{}({})", if i == 0 { "" } else { ", " }, values.join(", ")));
        }
        on_tx!(tx, |conn| bind_args!(sqlx::query(AssertSqlSafe(sql.text.clone())), &sql.args)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Stores a batch of good rows, waiting in the outbox, in a few multi-row statements.
pub async fn insert_recipients(
    tx: &mut Tx,
    org: Uuid,
    broadcast: Uuid,
    rows: &[NewRecipient],
    now: Ts,
) -> Result<(), DbError> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::new(
            "INSERT INTO broadcast_recipients (organization_id, broadcast_id, row_number, channel_id, recipient, \
             template_id, template_name, language, marketing, parameters, status, created_at, updated_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            let values = [
                sql.arg(Arg::Uuid(org)),
                sql.arg(Arg::Uuid(broadcast)),
                sql.arg(Arg::Int(r.row_number)),
                sql.arg(Arg::Uuid(r.channel_id)),
                sql.arg(Arg::Text(r.recipient.clone())),
                sql.arg(Arg::Uuid(r.template_id)),
                sql.arg(Arg::Text(r.template_name.clone())),
                sql.arg(Arg::Text(r.language.clone())),
                sql.arg(Arg::Bool(r.marketing)),
                sql.arg(Arg::Text(r.parameters.clone())),
                sql.arg(Arg::Text("in_outbox".to_owned())),
                sql.arg(Arg::Ts(DbTs(now))),
            ];
            sql.push(&format!(
                "{}({}, {})",
                if i == 0 { "" } else { ", " },
                values.join(", "),
                values.last().cloned().unwrap_or_default()
            ));
        }
        on_tx!(tx, |conn| bind_args!(sqlx::query(AssertSqlSafe(sql.text.clone())), &sql.args)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Every row left out of a broadcast, in row order.
pub async fn rejections<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    broadcast: Uuid,
) -> Result<Vec<RejectionRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT row_number, column_name, code FROM broadcast_rejections \
         WHERE organization_id = $1 AND broadcast_id = $2 ORDER BY row_number"
    )
    .bind(org)
    .bind(broadcast)
    .fetch_all(c)
    .await)?)
}

/// Which of these phones (E.164) asked for no more marketing.
pub async fn opted_out<'c>(conn: impl Into<Conn<'c>>, org: Uuid, phones: &[String]) -> Result<Vec<String>, DbError> {
    if phones.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT phone FROM opt_outs WHERE organization_id = ");
    let org_arg = sql.arg(Arg::Uuid(org));
    sql.push(&org_arg);
    sql.push(" AND phone IN (");
    let list: Vec<String> = phones.iter().map(|p| sql.arg(Arg::Text(p.clone()))).collect();
    sql.push(&list.join(", "));
    sql.push(")");
    let rows: Vec<(String,)> =
        on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text.clone())), &sql.args)
            .fetch_all(c)
            .await)?;
    Ok(rows.into_iter().map(|(phone,)| phone).collect())
}

/// Records that a phone answered the opt-out word; the first time is kept.
pub async fn add_opt_out(tx: &mut Tx, org: Uuid, phone: &str, word: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO opt_outs (organization_id, phone, word, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, phone) DO NOTHING"
    )
    .bind(org)
    .bind(phone)
    .bind(word)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A recipient of a broadcast with how far its message got.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RecipientRow {
    pub row_number: i64,
    pub channel_id: Uuid,
    pub recipient: String,
    pub template_id: Uuid,
    pub template_name: String,
    pub language: String,
    pub marketing: bool,
    pub parameters: String,
    pub status: String,
    pub comment: Option<String>,
    pub network_id: Option<String>,
    pub departed_at: Option<DbTs>,
    pub sent_at: Option<DbTs>,
    pub delivered_at: Option<DbTs>,
    pub read_at: Option<DbTs>,
    pub failed_at: Option<DbTs>,
    pub error_code: Option<String>,
    pub error_title: Option<String>,
    pub replied_at: Option<DbTs>,
}

/// A broadcast's recipients in row order, of one status when given; a keyset page after
/// `after_row` (one more row than `limit`).
pub async fn recipients<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    broadcast: Uuid,
    status: Option<&str>,
    after_row: Option<i64>,
    limit: i64,
) -> Result<Vec<RecipientRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT row_number, channel_id, recipient, template_id, template_name, language, marketing, parameters, \
         status, comment, network_id, departed_at, sent_at, delivered_at, read_at, failed_at, error_code, \
         error_title, replied_at FROM broadcast_recipients WHERE organization_id = $1 AND broadcast_id = $2 \
         AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR row_number > $4) ORDER BY row_number LIMIT $5"
    )
    .bind(org)
    .bind(broadcast)
    .bind(status)
    .bind(after_row)
    .bind(limit + 1)
    .fetch_all(c)
    .await)?)
}
