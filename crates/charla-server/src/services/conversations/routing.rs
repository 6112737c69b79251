//! Queues and assignment (CONV-2): who gets a waiting conversation, and which waiting
//! conversations an agent gets when they come online or free a place.
//!
//! Locks are always taken in one order, queue → agent → conversation, so concurrent
//! assignments serialise on the queue instead of deadlocking; the agent's place is taken
//! by a conditional update, so capacity holds even across nodes.

use charla_db::Tx;
use charla_db::repo::conversations::{self, ConversationRow};
use charla_db::repo::queues::{self, CandidateRow};
use charla_domain::conversations::lifecycle::{Action, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::people::UserStatus;
use charla_domain::routing::assignment::{AssignmentMethod, Candidate, ExclusiveRoute, choose, exclusive_route};
use charla_domain::routing::queue::{Waiting, fill_for_agent};
use charla_domain::time::Ts;
use serde_json::json;
use uuid::Uuid;

use super::{Actor, Working, events, retrying};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::state::AppState;

/// What a change touched, for the events written before commit and the work done after.
#[derive(Debug, Default)]
pub struct Touched {
    pub queues: Vec<Uuid>,
    pub agents: Vec<Uuid>,
    /// Agents who freed a place: they may take waiting conversations once this commits.
    pub freed: Vec<Uuid>,
}

impl Touched {
    pub fn queue(&mut self, id: Uuid) {
        if !self.queues.contains(&id) {
            self.queues.push(id);
        }
    }

    pub fn agent(&mut self, id: Uuid) {
        if !self.agents.contains(&id) {
            self.agents.push(id);
        }
    }

    /// Writes the counter events of everything touched.
    pub async fn emit(&self, state: &AppState, tx: &mut Tx, org: Uuid) -> AppResult<()> {
        for queue in &self.queues {
            events::queue_updated(state, tx, org, *queue).await?;
        }
        for agent in &self.agents {
            events::counters_updated(state, tx, org, *agent).await?;
        }
        Ok(())
    }

    /// After commit: agents with a free place take the oldest waiting conversations.
    pub async fn settle(self, state: &AppState, org: Uuid) -> AppResult<()> {
        for agent in self.freed {
            fill_agent(state, org, agent).await?;
        }
        Ok(())
    }
}

fn candidate(row: &CandidateRow, method: AssignmentMethod) -> Option<Candidate> {
    if !row.active {
        return None;
    }
    let last = match method {
        AssignmentMethod::RoundRobin => row.member_last_assigned_at,
        AssignmentMethod::Intelligent => row.agent_last_assigned_at,
    };
    Some(Candidate {
        user_id: row.user_id,
        status: UserStatus::parse(&row.status).unwrap_or(UserStatus::Offline),
        capacity: row.capacity,
        load: row.assigned_count,
        last_assigned_at: last.map(|t| t.0),
    })
}

/// What every step of a change shares: the application, the organization, the instant.
#[derive(Clone, Copy)]
pub struct Step<'a> {
    pub state: &'a AppState,
    pub org: Uuid,
    pub now: Ts,
}

/// Where a conversation is put to wait, and who may get it.
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub queue: Uuid,
    /// The contact's exclusive agent, who gets it first (CONV-2).
    pub exclusive_owner: Option<Uuid>,
    /// An agent skipped this time (the one who just gave it back).
    pub skip: Option<Uuid>,
}

/// An assignment change as the log records it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Move {
    pub from_agent: Option<Uuid>,
    pub to_agent: Option<Uuid>,
    pub from_queue: Option<Uuid>,
    pub to_queue: Option<Uuid>,
}

/// Puts the conversation in its placement's queue and tries to give it to an agent at once.
pub async fn enqueue(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    placement: Placement,
    touched: &mut Touched,
) -> AppResult<()> {
    queues::add_waiting(tx, step.org, placement.queue, 1).await?;
    touched.queue(placement.queue);
    w.next.queue_id = Some(placement.queue);
    w.next.reserved_for = None;
    if w.next.queued_at.is_none() {
        w.next.queued_at = Some(step.now);
    }
    route(step, tx, w, rules, placement, touched).await
}

/// Tries to assign a waiting conversation: to the contact's exclusive agent, else by the
/// campaign's method among the queue's members. It stays waiting when nobody can take it,
/// or while it is held for opening hours.
pub async fn route(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    placement: Placement,
    touched: &mut Touched,
) -> AppResult<()> {
    let (org, now) = (step.org, step.now);
    let Some(queue) = w.next.queue_id.filter(|_| w.next.held_until.is_none()) else {
        return Ok(());
    };
    let actor = Actor::routing();
    if let Some(owner) = placement.exclusive_owner {
        let row = queues::agent(&mut *tx, org, owner).await?;
        let owner_candidate = row.as_ref().and_then(|r| candidate(r, AssignmentMethod::Intelligent));
        match exclusive_route(owner_candidate.as_ref(), rules.permissions.reassign_when_exclusive_offline) {
            ExclusiveRoute::Owner(id) => {
                let capacity = owner_candidate.map(|c| c.capacity).unwrap_or_default();
                if queues::take_place(tx, org, id, capacity, None, now).await? {
                    return assign_taken(step, tx, w, id, &actor, touched).await;
                }
                w.next.reserved_for = Some(id);
                return Ok(());
            }
            ExclusiveRoute::WaitForOwner(id) => {
                w.next.reserved_for = Some(id);
                return Ok(());
            }
            ExclusiveRoute::Anyone => {}
        }
    }
    let rows = queues::candidates(&mut *tx, org, queue).await?;
    let mut pool: Vec<Candidate> =
        rows.iter().filter_map(|r| candidate(r, rules.method)).filter(|c| Some(c.user_id) != placement.skip).collect();
    while let Some(agent) = choose(rules.method, &pool) {
        let capacity = pool.iter().find(|c| c.user_id == agent).map(|c| c.capacity).unwrap_or_default();
        let turn = (rules.method == AssignmentMethod::RoundRobin).then_some(queue);
        if queues::take_place(tx, org, agent, capacity, turn, now).await? {
            return assign_taken(step, tx, w, agent, &actor, touched).await;
        }
        // Someone else filled that agent meanwhile: try the next one.
        pool.retain(|c| c.user_id != agent);
    }
    Ok(())
}

/// Gives the conversation to an agent whose place was just taken; logs the change.
async fn assign_taken(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    agent: Uuid,
    actor: &Actor,
    touched: &mut Touched,
) -> AppResult<()> {
    let (org, now) = (step.org, step.now);
    let from_agent = w.next.agent_id;
    let from_queue = w.row.queue_id;
    match w.status() {
        ConversationStatus::Queued => {
            w.act(Action::Assign)?;
            if let Some(queue) = w.next.queue_id {
                queues::add_waiting(tx, org, queue, -1).await?;
                touched.queue(queue);
            }
        }
        _ => w.act(Action::TransferToAgent)?,
    }
    w.next.agent_id = Some(agent);
    w.next.reserved_for = None;
    if w.next.assigned_at.is_none() {
        w.next.assigned_at = Some(now);
    }
    if w.next.unread_count > 0 {
        queues::add_unread(tx, org, agent, 1, w.next.unread_count).await?;
    }
    touched.agent(agent);
    let to_queue = w.next.queue_id;
    log(step, tx, w, Move { from_agent, to_agent: Some(agent), from_queue, to_queue }, actor).await
}

/// Writes the assignment log row and the conversation's timeline entry of a move.
pub async fn log(step: Step<'_>, tx: &mut Tx, w: &mut Working, mv: Move, actor: &Actor) -> AppResult<()> {
    let Move { from_agent, to_agent, from_queue, to_queue } = mv;
    let (org, now) = (step.org, step.now);
    queues::log_assignment(
        tx,
        &queues::LogEntry {
            org,
            id: new_id(),
            conversation_id: w.row.id,
            contact_id: w.row.contact_id,
            campaign_id: w.row.campaign_id,
            from_agent_id: from_agent,
            to_agent_id: to_agent,
            from_queue_id: from_queue,
            to_queue_id: to_queue,
            source: actor.source.code(),
            actor_user_id: actor.user_id,
            actor_name: actor.name.as_deref(),
            at: now,
        },
    )
    .await?;
    w.timeline.push(json!({
        "event": if to_agent.is_some() { "assigned" } else { "queued" },
        "from_agent_id": from_agent,
        "to_agent_id": to_agent,
        "from_queue_id": from_queue,
        "to_queue_id": to_queue,
        "source": actor.source.code(),
        "by": actor.user_id.map(|id| json!({ "id": id, "name": actor.name })),
    }));
    Ok(())
}

/// Takes the conversation from its agent: their place and its unread share come back.
pub async fn release_agent(tx: &mut Tx, org: Uuid, w: &mut Working, touched: &mut Touched) -> AppResult<Option<Uuid>> {
    let Some(agent) = w.next.agent_id.take() else {
        return Ok(None);
    };
    queues::release_place(tx, org, agent, w.next.unread_count).await?;
    touched.agent(agent);
    touched.freed.push(agent);
    Ok(Some(agent))
}

/// Hands the conversation to a given agent (manual assign, accept, transfer to agent).
pub async fn assign_to(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    agent: Uuid,
    actor: &Actor,
    touched: &mut Touched,
) -> AppResult<()> {
    let (org, now) = (step.org, step.now);
    let target = queues::agent(&mut *tx, org, agent)
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| AppError::Invalid(charla_domain::validation::Invalid::single("agent_id", "invalid")))?;
    if w.next.agent_id == Some(agent) {
        return Err(ErrorCode::AlreadyAssigned.into());
    }
    if w.status() == ConversationStatus::Queued
        && let Some(queue) = w.next.queue_id
    {
        queues::add_waiting(tx, org, queue, 0).await?;
    }
    let previous = release_agent(tx, org, w, touched).await?;
    w.next.agent_id = previous;
    if !queues::take_place(tx, org, agent, target.capacity, None, now).await? {
        return Err(ErrorCode::AgentAtCapacity.into());
    }
    assign_taken(step, tx, w, agent, actor, touched).await
}

/// When an agent comes online or frees a place: the oldest conversations waiting in their
/// queues (unreserved or reserved for them) go to them, one transaction each.
pub async fn fill_agent(state: &AppState, org: Uuid, agent: Uuid) -> AppResult<()> {
    loop {
        let assigned = retrying!(fill_one(state, org, agent).await)?;
        if !assigned {
            return Ok(());
        }
    }
}

async fn fill_one(state: &AppState, org: Uuid, agent: Uuid) -> AppResult<bool> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(me) = queues::agent(&mut tx, org, agent).await?.and_then(|r| candidate(&r, AssignmentMethod::Intelligent))
    else {
        return Ok(false);
    };
    if !me.can_take() {
        return Ok(false);
    }
    let mut waiting = Vec::new();
    for queue in queues::queues_of_user(&mut tx, org, agent).await? {
        for row in conversations::oldest_waiting(&mut tx, org, queue, agent, 1).await? {
            waiting.push(Waiting {
                conversation_id: row.id,
                queued_at: row.queued_at.map(|t| t.0).unwrap_or(now),
                reserved_for: row.reserved_for,
            });
        }
    }
    let Some(next) = fill_for_agent(agent, 1, &waiting).first().copied() else {
        return Ok(false);
    };
    let mut w = Working::load(&mut tx, org, next).await?;
    if w.status() != ConversationStatus::Queued {
        return Err(ErrorCode::ConversationChanged.into());
    }
    let rules = campaign_rules::load(&mut tx, org, w.row.campaign_id).await?;
    let mut touched = Touched::default();
    // The queue's lock first, as everywhere.
    if let Some(queue) = w.next.queue_id {
        queues::add_waiting(&mut tx, org, queue, 0).await?;
    }
    let turn = (rules.method == AssignmentMethod::RoundRobin).then_some(w.next.queue_id).flatten();
    if !queues::take_place(&mut tx, org, agent, me.capacity, turn, now).await? {
        return Ok(false);
    }
    let step = Step { state, org, now };
    assign_taken(step, &mut tx, &mut w, agent, &Actor::routing(), &mut touched).await?;
    let row = w.save(state, &mut tx, org, now).await?;
    events::conversation_updated(state, &mut tx, org, &row, &[]).await?;
    touched.emit(state, &mut tx, org).await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(true)
}

/// The contact's exclusive agent went offline: where the campaign allows it, the
/// conversations waiting for them are routed to anyone.
pub async fn release_reservations(state: &AppState, org: Uuid, agent: Uuid) -> AppResult<()> {
    let waiting: Vec<ConversationRow> = {
        let filter =
            conversations::ListFilter { statuses: vec!["queued".to_owned()], limit: 500, ..Default::default() };
        conversations::list(&state.db, org, &conversations::Scope::All, &filter)
            .await?
            .into_iter()
            .filter(|c| c.reserved_for == Some(agent))
            .collect()
    };
    for conversation in waiting {
        retrying!(
            async {
                let now = state.clock.now();
                let mut tx = state.db.begin().await?;
                let mut w = Working::load(&mut tx, org, conversation.id).await?;
                let rules = campaign_rules::load(&mut tx, org, w.row.campaign_id).await?;
                if w.next.reserved_for != Some(agent) || !rules.permissions.reassign_when_exclusive_offline {
                    return Ok(());
                }
                let mut touched = Touched::default();
                if let Some(queue) = w.next.queue_id {
                    queues::add_waiting(&mut tx, org, queue, 0).await?;
                }
                w.next.reserved_for = None;
                let Some(queue) = w.next.queue_id else {
                    return Ok(());
                };
                let placement = Placement { queue, exclusive_owner: None, skip: Some(agent) };
                route(Step { state, org, now }, &mut tx, &mut w, &rules, placement, &mut touched).await?;
                let row = w.save(state, &mut tx, org, now).await?;
                events::conversation_updated(state, &mut tx, org, &row, &[Some(agent)]).await?;
                touched.emit(state, &mut tx, org).await?;
                tx.commit().await?;
                state.hub.wake();
                Ok::<_, AppError>(())
            }
            .await
        )?;
    }
    Ok(())
}

/// After an agent's status changed: online agents take waiting work; offline ones let go
/// of what waits for them as exclusive agent, where allowed.
pub async fn after_status_change(state: &AppState, org: Uuid, agent: Uuid, status: UserStatus) -> AppResult<()> {
    match status {
        UserStatus::Online => fill_agent(state, org, agent).await,
        UserStatus::Offline => release_reservations(state, org, agent).await,
        UserStatus::Paused | UserStatus::Invisible => Ok(()),
    }
}
