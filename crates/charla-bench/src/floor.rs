//! A contact-center floor for the `realtime` bench, made through the API on a running
//! server: one WhatsApp campaign, `queues` queues of agents (the campaign's default queue
//! first), and `per_agent` conversations assigned to each agent, opened by real webhooks.
//!
//! Agents are inserted in SQL (as the `inbox` bench does: a thousand invitations would only
//! measure the mailer); everything else goes through the API the web app uses.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_db::Db;
use charla_db::repo::{profiles, users};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::search::search_key;
use charla_domain::time::Clock;
use futures_util::{StreamExt, stream};
use serde_json::json;
use uuid::Uuid;

use crate::desk::{self, ADMIN_PASSWORD, id};
use crate::session::Session;
use crate::whatsapp::{self, Webhooks};

/// Requests the set-up keeps in flight.
const SET_UP_CONCURRENCY: usize = 8;

pub struct Shape {
    pub agents: usize,
    pub queues: usize,
    pub per_agent: usize,
}

pub struct Floor {
    pub org: Uuid,
    pub admin: Session,
    pub channel: Uuid,
    /// Agent `a`'s email; agent `a` is in queue `a * queues / agents`.
    pub agent_emails: Vec<String>,
    /// Conversation `k` is with sender `whatsapp::sender(k)` and assigned to agent `k / per_agent`.
    pub conversations: Vec<Uuid>,
}

impl Floor {
    /// The agent a conversation's sender number `k` belongs to.
    pub fn agent_of(&self, k: usize) -> usize {
        k / (self.conversations.len() / self.agent_emails.len()).max(1)
    }
}

pub async fn build(db: &Db, base: &str, graph_url: &str, shape: &Shape) -> anyhow::Result<Floor> {
    let (org, admin) = desk::organization(db, base).await?;
    let whatsapp = desk::whatsapp(&admin, graph_url).await?;
    let campaign = admin.get(&format!("/api/v1/campaigns/{}", whatsapp.campaign)).await?;
    let default_queue = id_at(&campaign, "default_queue_id")?;
    let (agents, agent_emails) = insert_agents(db, org, shape.agents).await?;
    let queues = fill_queues(&admin, whatsapp.campaign, default_queue, &agents, shape.queues).await?;
    let senders = shape.agents * shape.per_agent;
    let conversations = open_conversations(db, org, base, whatsapp.channel, senders).await?;
    assign(&admin, &conversations, &agents, &queues, shape).await?;
    Ok(Floor { org, admin, channel: whatsapp.channel, agent_emails, conversations })
}

fn id_at(v: &serde_json::Value, key: &str) -> anyhow::Result<Uuid> {
    id(&json!({ "id": v.get(key).cloned().unwrap_or_default() }))
}

async fn insert_agents(db: &Db, org: Uuid, count: usize) -> anyhow::Result<(Vec<Uuid>, Vec<String>)> {
    let clock = Clock::System;
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(ADMIN_PASSWORD)).await?;
    let profile = profiles::find_builtin(db, org, BuiltinProfile::Agent.code()).await?.context("no agent profile")?;
    let mut ids = Vec::with_capacity(count);
    let mut emails = Vec::with_capacity(count);
    let mut tx = db.begin().await?;
    for a in 0..count {
        let id = new_id();
        let email = format!("agent{a:05}@bench.charla.test");
        let name = format!("Agent {a:05}");
        users::insert(
            &mut tx,
            &users::NewUser {
                org,
                id,
                email: &email,
                name: &name,
                search_key: &search_key(&name),
                language: "es",
                time_zone: "America/Bogota",
                capacity: 10,
                profile_id: profile.id,
                password_hash: Some(&hash),
                now: clock.now(),
            },
        )
        .await?;
        ids.push(id);
        emails.push(email);
    }
    tx.commit().await?;
    Ok((ids, emails))
}

/// The default queue and `queues - 1` more, each with its share of the agents.
async fn fill_queues(
    admin: &Session,
    campaign: Uuid,
    default_queue: Uuid,
    agents: &[Uuid],
    queues: usize,
) -> anyhow::Result<Vec<Uuid>> {
    let mut ids = vec![default_queue];
    for q in 1..queues {
        let made =
            admin.post("/api/v1/queues", json!({"campaign_id": campaign, "name": format!("Cola {q:02}")})).await?;
        ids.push(id(&made)?);
    }
    let per_queue = agents.len().div_ceil(queues);
    for (queue, members) in ids.iter().zip(agents.chunks(per_queue)) {
        admin.patch(&format!("/api/v1/queues/{queue}"), json!({"member_ids": members})).await?;
    }
    Ok(ids)
}

/// One inbound webhook from each sender; answers the conversations in sender order.
async fn open_conversations(
    db: &Db,
    org: Uuid,
    base: &str,
    channel: Uuid,
    senders: usize,
) -> anyhow::Result<Vec<Uuid>> {
    let hooks = Webhooks::new(base, &channel.to_string())?;
    let now = chrono_now();
    stream::iter(0..senders)
        .map(|k| {
            let hooks = hooks.clone();
            async move {
                let hook =
                    whatsapp::text_message(&whatsapp::inbound_wamid("floor", k), &whatsapp::sender(k), now, "hola");
                hooks.post_ok(&hook).await
            }
        })
        .buffer_unordered(SET_UP_CONCURRENCY)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<()>>>()?;
    // The intake applies them after answering: wait until every conversation exists.
    let started = Instant::now();
    loop {
        let rows: Vec<(Uuid, Option<String>)> = charla_db::on_db!(db, |pool| sqlx::query_as(
            "SELECT v.id, c.phone FROM conversations v JOIN contacts c ON c.organization_id = v.organization_id \
             AND c.id = v.contact_id WHERE v.organization_id = $1"
        )
        .bind(org)
        .fetch_all(pool)
        .await)?;
        if rows.len() >= senders {
            return by_sender(rows, senders);
        }
        ensure!(started.elapsed() < Duration::from_secs(300), "only {} of {senders} conversations opened", rows.len());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn by_sender(rows: Vec<(Uuid, Option<String>)>, senders: usize) -> anyhow::Result<Vec<Uuid>> {
    let numbers: HashMap<String, usize> = (0..senders).map(|k| (whatsapp::sender(k), k)).collect();
    let mut found = vec![None; senders];
    for (conversation, phone) in rows {
        let digits: String = phone.unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
        if let Some(slot) = numbers.get(&digits).and_then(|k| found.get_mut(*k)) {
            *slot = Some(conversation);
        }
    }
    found.into_iter().enumerate().map(|(k, c)| c.with_context(|| format!("no conversation with sender {k}"))).collect()
}

/// Each conversation to its agent's queue, then to the agent.
async fn assign(
    admin: &Session,
    conversations: &[Uuid],
    agents: &[Uuid],
    queues: &[Uuid],
    shape: &Shape,
) -> anyhow::Result<()> {
    let per_queue = agents.len().div_ceil(shape.queues);
    let admin = Arc::new(admin.clone());
    let default_queue = *queues.first().context("no queues")?;
    // Agent `a` takes conversations a * per_agent.., and sits in queue a / per_queue.
    let targets = agents.iter().enumerate().flat_map(|(a, agent)| {
        let queue = queues.get(a / per_queue).copied().unwrap_or(default_queue);
        std::iter::repeat_n((queue, *agent), shape.per_agent)
    });
    stream::iter(conversations.iter().zip(targets))
        .map(|(conversation, (queue, agent_id))| {
            let admin = admin.clone();
            async move {
                // Every conversation opened in the default queue, the first one.
                if queue != default_queue {
                    let to_queue = json!({"queue_id": queue});
                    admin.post(&format!("/api/v1/conversations/{conversation}/transfer"), to_queue).await?;
                }
                admin
                    .post(&format!("/api/v1/conversations/{conversation}/assign"), json!({"agent_id": agent_id}))
                    .await?;
                anyhow::Ok(())
            }
        })
        .buffer_unordered(SET_UP_CONCURRENCY)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<()>>>()?;
    Ok(())
}

/// Unix seconds now: inbound messages are fresh, so every conversation's window is open.
pub fn chrono_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
