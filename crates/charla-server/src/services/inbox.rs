//! The inbox's surroundings: the caller's badges (counters kept in the same transactions as
//! the changes; supervisors' totals per filter count open conversations only, never the
//! history), the people to give conversations to, the assignment log (REP-4), and the
//! caller's notifications.

use std::collections::HashMap;

use charla_db::repo::{self, conversations, notifications, profiles, queues, users};
use charla_domain::access::Permission;
use charla_domain::inbox_view::InboxView;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::Page;
use crate::views::desk::{
    AssignmentView, InboxAgentView, InboxCountsView, NotificationView, OpenCountsView, QueueCountView,
};

/// The caller's own counters, its queues' lengths and, for supervisors, the open
/// conversations of what they oversee.
pub async fn counts(state: &AppState, caller: &Caller) -> AppResult<InboxCountsView> {
    let view = inbox_access::view(state, caller).await?;
    let mine = queues::counters(&state.db, caller.org, caller.user_id).await?;
    let all = !matches!(view, InboxView::Agent(_));
    let my_queues = queues::queues_of_user(&state.db, caller.org, caller.user_id).await?;
    let queues = queues::list(&state.db, caller.org, None)
        .await?
        .iter()
        .filter(|q| q.archived_at.is_none() && (view.oversees(q.campaign_id) || my_queues.contains(&q.id)))
        .map(QueueCountView::from)
        .collect();
    let open = if all { Some(open_counts(state, caller.org, &view).await?) } else { None };
    Ok(InboxCountsView {
        assigned: mine.assigned_count,
        unread_conversations: mine.unread_conversations,
        unread_messages: mine.unread_messages,
        queues,
        open,
    })
}

async fn open_counts(state: &AppState, org: Uuid, view: &InboxView) -> AppResult<OpenCountsView> {
    let mut counts = OpenCountsView::default();
    for row in conversations::open_counts(&state.db, org).await?.into_iter().filter(|r| view.oversees(r.campaign_id)) {
        *counts.by_status.entry(row.status).or_default() += row.count;
        *counts.by_campaign.entry(row.campaign_id.to_string()).or_default() += row.count;
        *counts.by_channel.entry(row.channel_id.to_string()).or_default() += row.count;
    }
    Ok(counts)
}

/// The organization's active people as the inbox needs them (transfer targets, the
/// supervisor's agent list): status, capacity, load and queues; one page, no cursor, four
/// reads whatever the number of agents.
pub async fn agents(state: &AppState, caller: &Caller) -> AppResult<Page<InboxAgentView>> {
    let filter = users::UserFilter { search: None, profile_id: None, after: None, limit: repo::PAGE_MAX * 5 };
    // Who may be given conversations: holders of the agent's inbox permission.
    let takers: Vec<Uuid> = profiles::all_permissions(&state.db, caller.org)
        .await?
        .into_iter()
        .filter(|(_, p)| p == Permission::InboxOwn.code())
        .map(|(profile, _)| profile)
        .collect();
    let counters: HashMap<Uuid, queues::CountersRow> =
        queues::all_counters(&state.db, caller.org).await?.into_iter().collect();
    let mut queues_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (user, queue) in queues::memberships(&state.db, caller.org).await? {
        queues_of.entry(user).or_default().push(queue);
    }
    let items = users::list(&state.db, caller.org, &filter)
        .await?
        .iter()
        .filter(|u| u.active)
        .map(|u| {
            let load = counters.get(&u.id).cloned().unwrap_or_default();
            InboxAgentView {
                id: u.id,
                name: u.name.clone(),
                avatar_url: u.avatar_url.clone(),
                status: u.status.clone(),
                pause_reason_id: u.pause_reason_id,
                status_changed_at: u.status_changed_at.0,
                capacity: u.capacity,
                takes_conversations: u.profile_id.is_some_and(|p| takers.contains(&p)),
                assigned: load.assigned_count,
                unread_conversations: load.unread_conversations,
                queue_ids: queues_of.remove(&u.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Page::new(items, None::<Uuid>))
}

/// Which page of the assignment log.
pub struct LogQuery {
    pub conversation_id: Option<Uuid>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

/// Every assignment change with its source and who did it (REP-4), oldest first; a
/// supervisor's cover the campaigns it supervises.
pub async fn assignment_log(state: &AppState, caller: &Caller, q: &LogQuery) -> AppResult<Page<AssignmentView>> {
    let limit = repo::page_limit(q.limit);
    let supervisor = inbox_access::report_supervisor(caller);
    let rows = queues::assignment_log(&state.db, caller.org, q.conversation_id, supervisor, q.after, limit + 1).await?;
    let (rows, next) = repo::paginate(rows, limit, |r| r.id);
    Ok(Page::new(rows.iter().map(AssignmentView::from).collect(), next))
}

/// The caller's notifications, newest first.
pub async fn notifications(
    state: &AppState,
    caller: &Caller,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<NotificationView>> {
    let limit = repo::page_limit(limit);
    let rows = notifications::list(&state.db, caller.org, caller.user_id, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |n| n.id);
    Ok(Page::new(rows.iter().map(NotificationView::from).collect(), next))
}

/// Marks one of the caller's notifications read; another's is not found.
pub async fn read_notification(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let found = notifications::mark_read(&mut tx, caller.org, caller.user_id, id, state.clock.now()).await?;
    tx.commit().await?;
    if found { Ok(()) } else { Err(ErrorCode::NotFound.into()) }
}
