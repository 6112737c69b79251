//! Conversations: one attention episode of a contact on a channel, from first message to close.
//!
//! Every change is written over the `version` it was computed from, so two nodes (or two
//! requests) changing the same conversation at once cannot both win: the loser sees
//! `Ok(false)` and starts again from a fresh read.

use charla_domain::time::Ts;
use serde_json::Value;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::args::{Arg, Sql};
use crate::{Conn, DbError, DbTs, Json, Tx, bind_args, on_conn, on_tx};

// The channel's kind is a per-row subquery, not a join: SQLite would otherwise loop over
// the (tiny) channels table first and lose the index that orders the inbox.
macro_rules! select_conversation {
    () => {
        "SELECT v.id, v.contact_id, v.campaign_id, v.channel_id, v.queue_id, v.agent_id, v.reserved_for, v.status, \
         v.closed_reason, v.disposition_id, v.closing_note, v.fields, v.unread_count, v.last_activity_at, \
         v.last_message_preview, v.last_message_direction, v.last_contact_message_at, v.opened_at, v.queued_at, \
         v.assigned_at, v.first_response_at, v.closed_at, v.closed_by, v.bot_paused, v.transferred_from_id, \
         v.transferred_to_id, v.bot_stage, v.held_until, v.absence_sent, v.version, v.updated_at, \
         (SELECT m.author_id FROM messages m WHERE m.organization_id = v.organization_id \
          AND m.conversation_id = v.id AND m.direction = 'outbound' AND m.author_id IS NOT NULL \
          ORDER BY m.id DESC LIMIT 1) AS last_message_author_id, \
         (SELECT u.name FROM messages m JOIN users u ON u.organization_id = m.organization_id AND u.id = m.author_id \
          WHERE m.organization_id = v.organization_id AND m.conversation_id = v.id AND m.direction = 'outbound' \
          ORDER BY m.id DESC LIMIT 1) AS last_message_author_name, \
         c.name AS contact_name, c.phone AS contact_phone, c.email AS contact_email, \
         (SELECT ch.kind FROM channels ch WHERE ch.organization_id = v.organization_id AND ch.id = v.channel_id) \
         AS channel_kind \
         FROM conversations v \
         JOIN contacts c ON c.organization_id = v.organization_id AND c.id = v.contact_id "
    };
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ConversationRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub reserved_for: Option<Uuid>,
    pub status: String,
    pub closed_reason: Option<String>,
    pub disposition_id: Option<Uuid>,
    pub closing_note: Option<String>,
    pub fields: Json<Value>,
    pub unread_count: i64,
    pub last_activity_at: DbTs,
    pub last_message_preview: Option<String>,
    pub last_message_direction: Option<String>,
    pub last_contact_message_at: Option<DbTs>,
    pub opened_at: DbTs,
    pub queued_at: Option<DbTs>,
    pub assigned_at: Option<DbTs>,
    pub first_response_at: Option<DbTs>,
    pub closed_at: Option<DbTs>,
    pub closed_by: Option<Uuid>,
    pub bot_paused: bool,
    pub transferred_from_id: Option<Uuid>,
    pub transferred_to_id: Option<Uuid>,
    pub bot_stage: Option<Json<Value>>,
    pub held_until: Option<DbTs>,
    pub absence_sent: bool,
    pub version: i64,
    pub updated_at: DbTs,
    /// The person who wrote the latest reply to the contact (the list's "You:" or their name).
    pub last_message_author_id: Option<Uuid>,
    pub last_message_author_name: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub channel_kind: String,
}

/// What a change may write: the mutable part of a conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationState {
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub reserved_for: Option<Uuid>,
    pub status: String,
    pub closed_reason: Option<String>,
    pub disposition_id: Option<Uuid>,
    pub closing_note: Option<String>,
    pub fields: Value,
    pub unread_count: i64,
    pub last_activity_at: Ts,
    pub last_message_preview: Option<String>,
    pub last_message_direction: Option<String>,
    pub last_contact_message_at: Option<Ts>,
    pub queued_at: Option<Ts>,
    pub assigned_at: Option<Ts>,
    pub first_response_at: Option<Ts>,
    pub closed_at: Option<Ts>,
    pub closed_by: Option<Uuid>,
    pub bot_paused: bool,
    pub transferred_to_id: Option<Uuid>,
    /// Where the bot waits for the contact's answer.
    pub bot_stage: Option<Value>,
    /// Queued outside hours: nobody gets it before then.
    pub held_until: Option<Ts>,
    pub absence_sent: bool,
}

impl ConversationRow {
    pub fn state(&self) -> ConversationState {
        ConversationState {
            queue_id: self.queue_id,
            agent_id: self.agent_id,
            reserved_for: self.reserved_for,
            status: self.status.clone(),
            closed_reason: self.closed_reason.clone(),
            disposition_id: self.disposition_id,
            closing_note: self.closing_note.clone(),
            fields: self.fields.0.clone(),
            unread_count: self.unread_count,
            last_activity_at: self.last_activity_at.0,
            last_message_preview: self.last_message_preview.clone(),
            last_message_direction: self.last_message_direction.clone(),
            last_contact_message_at: self.last_contact_message_at.map(|t| t.0),
            queued_at: self.queued_at.map(|t| t.0),
            assigned_at: self.assigned_at.map(|t| t.0),
            first_response_at: self.first_response_at.map(|t| t.0),
            closed_at: self.closed_at.map(|t| t.0),
            closed_by: self.closed_by,
            bot_paused: self.bot_paused,
            transferred_to_id: self.transferred_to_id,
            bot_stage: self.bot_stage.as_ref().map(|j| j.0.clone()),
            held_until: self.held_until.map(|t| t.0),
            absence_sent: self.absence_sent,
        }
    }
}

pub struct NewConversation {
    pub org: Uuid,
    pub id: Uuid,
    pub contact_id: Uuid,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub status: &'static str,
    pub transferred_from_id: Option<Uuid>,
    pub now: Ts,
}

/// Opens a conversation; a second open one for the same contact and channel is a Conflict.
pub async fn insert(tx: &mut Tx, n: &NewConversation) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO conversations (organization_id, id, contact_id, campaign_id, channel_id, status, fields, \
         unread_count, last_activity_at, opened_at, bot_paused, transferred_from_id, version, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8, FALSE, $9, 0, $8)",
    )
    .bind(n.org)
    .bind(n.id)
    .bind(n.contact_id)
    .bind(n.campaign_id)
    .bind(n.channel_id)
    .bind(n.status)
    .bind(Json(serde_json::json!({})))
    .bind(DbTs(n.now))
    .bind(n.transferred_from_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ConversationRow>, DbError> {
    const SQL: &str = concat!(select_conversation!(), "WHERE v.organization_id = $1 AND v.id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(id).fetch_optional(c).await)?)
}

/// The open conversation of a contact on a channel, if any.
pub async fn find_open<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Uuid,
) -> Result<Option<ConversationRow>, DbError> {
    const SQL: &str = concat!(
        select_conversation!(),
        "WHERE v.organization_id = $1 AND v.channel_id = $2 AND v.contact_id = $3 AND v.closed_at IS NULL"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL)
        .bind(org)
        .bind(channel_id)
        .bind(contact_id)
        .fetch_optional(c)
        .await)?)
}

/// Writes `state` over `version`; false when someone changed the conversation meanwhile.
pub async fn save(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    version: i64,
    s: &ConversationState,
    now: Ts,
) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
        "UPDATE conversations SET queue_id = $4, agent_id = $5, reserved_for = $6, status = $7, closed_reason = $8, \
         disposition_id = $9, closing_note = $10, fields = $11, unread_count = $12, last_activity_at = $13, \
         last_message_preview = $14, last_message_direction = $15, last_contact_message_at = $16, queued_at = $17, \
         assigned_at = $18, first_response_at = $19, closed_at = $20, closed_by = $21, bot_paused = $22, \
         transferred_to_id = $23, updated_at = $24, bot_stage = $25, held_until = $26, absence_sent = $27, \
         version = version + 1 \
         WHERE organization_id = $1 AND id = $2 AND version = $3",
    )
    .bind(org)
    .bind(id)
    .bind(version)
    .bind(s.queue_id)
    .bind(s.agent_id)
    .bind(s.reserved_for)
    .bind(&s.status)
    .bind(&s.closed_reason)
    .bind(s.disposition_id)
    .bind(&s.closing_note)
    .bind(Json(&s.fields))
    .bind(s.unread_count)
    .bind(DbTs(s.last_activity_at))
    .bind(&s.last_message_preview)
    .bind(&s.last_message_direction)
    .bind(s.last_contact_message_at.map(DbTs))
    .bind(s.queued_at.map(DbTs))
    .bind(s.assigned_at.map(DbTs))
    .bind(s.first_response_at.map(DbTs))
    .bind(s.closed_at.map(DbTs))
    .bind(s.closed_by)
    .bind(s.bot_paused)
    .bind(s.transferred_to_id)
    .bind(DbTs(now))
    .bind(s.bot_stage.as_ref().map(Json))
    .bind(s.held_until.map(DbTs))
    .bind(s.absence_sent)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// Who is asking: everything in the organization, an agent's own and queues' conversations,
/// or a supervisor's campaigns besides what it works as an agent.
#[derive(Clone, Debug)]
pub enum Scope {
    All,
    Agent(Uuid),
    Supervisor { me: Uuid, campaigns: Vec<Uuid> },
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub statuses: Vec<String>,
    pub queue_id: Option<Uuid>,
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub tag: Option<String>,
    pub unread: Option<bool>,
    /// Only conversations opened at or after this instant (the history page's reach).
    pub opened_since: Option<Ts>,
    /// Matches the contact's name/email key, or (where allowed) digits of the phone, or message text.
    pub search: Option<SearchFilter>,
    /// Keyset: the (last_activity_at, id) of the last row of the previous page.
    pub after: Option<(Ts, Uuid)>,
    pub limit: i64,
}

#[derive(Clone, Debug)]
pub struct SearchFilter {
    /// A `LIKE` pattern over search keys.
    pub pattern: String,
    /// A `LIKE` pattern over phone digits, when the query has digits.
    pub phone_pattern: Option<String>,
    /// Campaigns in which the caller may match by phone (None: all).
    pub phone_campaigns: Option<Vec<Uuid>>,
}

/// Which rows of the scope one SELECT reads.
#[derive(Clone, Copy)]
enum Branch<'a> {
    Everything,
    /// Every conversation of these (supervised) campaigns.
    InCampaigns(&'a [Uuid]),
    /// An agent's own conversations, of any status, outside the campaigns already read.
    Own(Uuid, &'a [Uuid]),
    /// Waiting in the agent's queues, unreserved or reserved for them, outside the
    /// campaigns already read.
    QueuedFor(Uuid, &'a [Uuid]),
}

/// Newest activity first, keyset-paged; fetches `limit + 1` rows so the caller knows if more
/// follow. An agent's view is the union of two disjoint parts, each read through its own
/// index (own conversations by agent; waiting ones by queue) instead of one `OR` that no
/// index serves.
pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    scope: &Scope,
    f: &ListFilter,
) -> Result<Vec<ConversationRow>, DbError> {
    let wants = |status: &str| f.statuses.is_empty() || f.statuses.iter().any(|s| s == status);
    let own = f.statuses.is_empty() || f.statuses.iter().any(|s| s != "queued");
    let mut branches: Vec<Branch> = Vec::new();
    let (me, except): (Uuid, &[Uuid]) = match scope {
        Scope::All => {
            branches.push(Branch::Everything);
            (Uuid::nil(), &[])
        }
        Scope::Agent(me) => (*me, &[]),
        Scope::Supervisor { me, campaigns } => {
            if !campaigns.is_empty() {
                branches.push(Branch::InCampaigns(campaigns));
            }
            (*me, campaigns.as_slice())
        }
    };
    if !matches!(scope, Scope::All) {
        if own {
            branches.push(Branch::Own(me, except));
        }
        if wants("queued") {
            branches.push(Branch::QueuedFor(me, except));
        }
    }
    let mut sql = Sql::default();
    let limit = f.limit + 1;
    match branches.as_slice() {
        [] => return Ok(Vec::new()),
        [only] => branch(&mut sql, org, *only, f, limit),
        several => {
            let mut parts = Vec::new();
            for b in several {
                let mut part = Sql { text: String::new(), args: std::mem::take(&mut sql.args) };
                branch(&mut part, org, *b, f, limit);
                sql.args = part.args;
                parts.push(format!("SELECT * FROM ({}) AS part", part.text));
            }
            let l = sql.arg(Arg::Int(limit));
            sql.text = format!("{} ORDER BY last_activity_at DESC, id DESC LIMIT {l}", parts.join(" UNION ALL "));
        }
    }
    Ok(on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text)), &sql.args).fetch_all(c).await)?)
}

/// One ordered, limited SELECT of a branch with the list's filters.
fn branch(sql: &mut Sql, org: Uuid, part: Branch, f: &ListFilter, limit: i64) {
    sql.push(select_conversation!());
    let p = sql.arg(Arg::Uuid(org));
    sql.push(&format!("WHERE v.organization_id = {p}"));
    match part {
        Branch::Everything => {}
        Branch::InCampaigns(campaigns) => {
            let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
            sql.push(&format!(" AND v.campaign_id IN ({})", ids.join(", ")));
        }
        Branch::Own(me, except) => {
            let me = sql.arg(Arg::Uuid(me));
            sql.push(&format!(" AND v.agent_id = {me}"));
            not_in_campaigns(sql, except);
        }
        Branch::QueuedFor(me, except) => {
            not_in_campaigns(sql, except);
            let me = sql.arg(Arg::Uuid(me));
            sql.push(&format!(
                " AND v.status = 'queued' AND (v.reserved_for IS NULL OR v.reserved_for = {me}) \
                 AND v.queue_id IN (SELECT m.queue_id FROM queue_members m WHERE m.organization_id = v.organization_id \
                 AND m.user_id = {me})"
            ));
        }
    }
    filters(sql, f);
    let l = sql.arg(Arg::Int(limit));
    sql.push(&format!(" ORDER BY v.last_activity_at DESC, v.id DESC LIMIT {l}"));
}

/// Keeps an agent's part of a supervisor's view clear of the campaigns read whole.
fn not_in_campaigns(sql: &mut Sql, campaigns: &[Uuid]) {
    if !campaigns.is_empty() {
        let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
        sql.push(&format!(" AND v.campaign_id NOT IN ({})", ids.join(", ")));
    }
}

fn filters(sql: &mut Sql, f: &ListFilter) {
    if !f.statuses.is_empty() {
        let list: Vec<String> = f.statuses.iter().map(|s| sql.arg(Arg::Text(s.clone()))).collect();
        sql.push(&format!(" AND v.status IN ({})", list.join(", ")));
    }
    for (column, value) in [
        ("v.queue_id", f.queue_id),
        ("v.campaign_id", f.campaign_id),
        ("v.channel_id", f.channel_id),
        ("v.agent_id", f.agent_id),
        ("v.contact_id", f.contact_id),
    ] {
        if let Some(id) = value {
            let p = sql.arg(Arg::Uuid(id));
            sql.push(&format!(" AND {column} = {p}"));
        }
    }
    if let Some(tag) = &f.tag {
        let p = sql.arg(Arg::Text(tag.clone()));
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.organization_id = v.organization_id \
             AND t.contact_id = v.contact_id AND t.tag = {p})"
        ));
    }
    match f.unread {
        Some(true) => sql.push(" AND v.unread_count > 0"),
        Some(false) => sql.push(" AND v.unread_count = 0"),
        None => {}
    }
    if let Some(since) = f.opened_since {
        let p = sql.arg(Arg::Ts(DbTs(since)));
        sql.push(&format!(" AND v.opened_at >= {p}"));
    }
    if let Some(search) = &f.search {
        let key = sql.arg(Arg::Text(search.pattern.clone()));
        let mut alternatives = vec![
            format!("c.search_key LIKE {key} ESCAPE '\\'"),
            format!(
                "EXISTS (SELECT 1 FROM messages m WHERE m.organization_id = v.organization_id \
                 AND m.conversation_id = v.id AND m.search_key LIKE {key} ESCAPE '\\')"
            ),
        ];
        if let Some(digits) = &search.phone_pattern {
            let d = sql.arg(Arg::Text(digits.clone()));
            let mut phone = format!("c.phone LIKE {d}");
            if let Some(campaigns) = &search.phone_campaigns {
                if campaigns.is_empty() {
                    phone.clear();
                } else {
                    let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
                    phone = format!("({phone} AND v.campaign_id IN ({}))", ids.join(", "));
                }
            }
            if !phone.is_empty() {
                alternatives.push(phone);
            }
        }
        sql.push(&format!(" AND ({})", alternatives.join(" OR ")));
    }
    if let Some((at, id)) = f.after {
        let a = sql.arg(Arg::Ts(DbTs(at)));
        let i = sql.arg(Arg::Uuid(id));
        sql.push(&format!(" AND (v.last_activity_at < {a} OR (v.last_activity_at = {a} AND v.id < {i}))"));
    }
}

/// The oldest waiting conversations of a queue that `agent` may take (unreserved or theirs,
/// and not held for opening hours).
pub async fn oldest_waiting<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    queue_id: Uuid,
    agent: Uuid,
    limit: i64,
) -> Result<Vec<WaitingRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| {
        sqlx::query_as(
        "SELECT id, queue_id, queued_at, reserved_for FROM conversations \
         WHERE organization_id = $1 AND queue_id = $2 AND status = 'queued' AND (reserved_for IS NULL OR reserved_for = $3) \
         AND held_until IS NULL ORDER BY queued_at, id LIMIT $4",
    )
    .bind(org)
    .bind(queue_id)
    .bind(agent)
    .bind(limit)
    .fetch_all(c)
    .await
    })?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WaitingRow {
    pub id: Uuid,
    pub queue_id: Option<Uuid>,
    pub queued_at: Option<DbTs>,
    pub reserved_for: Option<Uuid>,
}

/// Conversations held for opening hours whose time has come.
pub async fn held_until_before<'c>(conn: impl Into<Conn<'c>>, org: Uuid, at: Ts) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| {
        sqlx::query_as(
            "SELECT id FROM conversations WHERE organization_id = $1 AND held_until IS NOT NULL AND held_until <= $2 \
             ORDER BY held_until, id",
        )
        .bind(org)
        .bind(DbTs(at))
        .fetch_all(c)
        .await
    })?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Open conversations assigned to an agent (for mass transfer and reassignment).
pub async fn open_of_agent<'c>(conn: impl Into<Conn<'c>>, org: Uuid, agent: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| {
        sqlx::query_as(
        "SELECT id FROM conversations WHERE organization_id = $1 AND agent_id = $2 AND status = 'assigned' ORDER BY id"
    )
    .bind(org)
    .bind(agent)
    .fetch_all(c)
    .await
    })?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Open conversations of a contact on other channels or campaigns, newest first (for the contact view).
pub async fn of_contact<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    contact_id: Uuid,
    limit: i64,
) -> Result<Vec<ConversationRow>, DbError> {
    const SQL: &str = concat!(
        select_conversation!(),
        "WHERE v.organization_id = $1 AND v.contact_id = $2 ORDER BY v.opened_at DESC, v.id DESC LIMIT $3"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(contact_id).bind(limit).fetch_all(c).await)?)
}

/// How many earlier conversations the contact had on the channel, and when the latest one
/// was last active (for the chatbot's first and return greetings).
pub async fn earlier_on_channel<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Uuid,
    except: Uuid,
) -> Result<(i64, Option<DbTs>), DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT COUNT(*), MAX(last_activity_at) FROM conversations \
         WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3 AND id <> $4"
    )
    .bind(org)
    .bind(channel_id)
    .bind(contact_id)
    .bind(except)
    .fetch_one(c)
    .await)?)
}

/// When the contact last wrote on the channel, in any of their conversations there (the
/// 24-hour window is the number's and the contact's, not one conversation's).
pub async fn contact_last_wrote<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Uuid,
) -> Result<Option<DbTs>, DbError> {
    let (at,): (Option<DbTs>,) = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT MAX(last_contact_message_at) FROM conversations \
         WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3"
    )
    .bind(org)
    .bind(channel_id)
    .bind(contact_id)
    .fetch_one(c)
    .await)?;
    Ok(at)
}

/// Conversations of a campaign waiting in a queue with nobody reserved and no hold.
pub async fn waiting_in_campaign<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    campaign: Uuid,
) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id FROM conversations WHERE organization_id = $1 AND campaign_id = $2 AND status = 'queued' \
         AND held_until IS NULL ORDER BY queued_at, id"
    )
    .bind(org)
    .bind(campaign)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Open conversations counted by status, campaign and channel (the inbox's filter counts).
pub async fn open_counts<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> Result<Vec<OpenCount>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT status, campaign_id, channel_id, COUNT(*) AS count FROM conversations \
         WHERE organization_id = $1 AND closed_at IS NULL GROUP BY status, campaign_id, channel_id"
    )
    .bind(org)
    .fetch_all(c)
    .await)?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OpenCount {
    pub status: String,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub count: i64,
}
