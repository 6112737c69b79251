//! `GET /api/v1/reports/agents` and `GET /api/v1/reports/leaderboard` (REP-4): each agent's
//! tickets and times over a period, summed from the rollups like the conversations
//! report, with its place on the leaderboard (`charla_domain::metrics::leaderboard`).

use std::collections::BTreeMap;

use charla_db::repo::reports::{self, RollupFilter};
use charla_db::repo::users;
use charla_domain::metrics::ConversationTotals;
use charla_domain::metrics::leaderboard::rank;
use charla_domain::metrics::period::report_period;
use uuid::Uuid;

use super::scope;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::reports::{AgentReportRowView, AgentReportView};

/// The question of both reports; the agent is what the rows are.
#[derive(Clone, Debug, Default)]
pub struct AgentQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
}

/// How the rows come: by name (`agents`) or best first (`leaderboard`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    ByName,
    ByPlace,
}

pub async fn report(state: &AppState, caller: &Caller, q: &AgentQuery, order: Order) -> AppResult<AgentReportView> {
    let (from, to) = report_period(q.from.as_deref(), q.to.as_deref())?;
    let filter = RollupFilter {
        from: from.to_string(),
        to: to.to_string(),
        campaign_id: q.campaign_id,
        channel_id: q.channel_id,
        queue_id: q.queue_id,
        agent_id: None,
        campaigns: scope::within(scope::campaigns(state, caller).await?, q.campaign_id),
    };
    let mut by_agent: BTreeMap<Uuid, ConversationTotals> = BTreeMap::new();
    for row in reports::rollups(&state.db, caller.org, &filter).await? {
        // Tickets nobody took are the queue's, not an agent's.
        if !row.key.agent_id.is_nil() {
            by_agent.entry(row.key.agent_id).or_default().merge(&row.totals.0);
        }
    }
    let held: Vec<(Uuid, ConversationTotals)> =
        by_agent.into_iter().filter(|(_, t)| *t != ConversationTotals::default()).collect();
    let mut rows = Vec::with_capacity(held.len());
    for (place, agent_id, totals) in rank(held) {
        let name = users::get(&state.db, caller.org, agent_id).await?.map(|u| u.name);
        rows.push(AgentReportRowView::new(agent_id, name, place, &totals));
    }
    if order == Order::ByName {
        rows.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.agent_id.cmp(&b.agent_id)));
    }
    Ok(AgentReportView { rows })
}
