//! `GET /api/v1/monitoring` (REP-1): tickets in queue and in attendance now, today's
//! figures from the rollups, and the people at work.

use charla_db::repo::monitoring::{self, OpenCount, OpenFilter};
use charla_db::repo::orgs;
use charla_db::repo::reports::{self, RollupFilter};
use charla_domain::metrics::ConversationTotals;
use charla_domain::metrics::day::{local_day, zone};
use charla_domain::time::Ts;
use uuid::Uuid;

use super::scope;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::reports::{MonitoringAgentView, MonitoringAgentsView, MonitoringTodayView, MonitoringView};

/// The monitoring filters, as typed.
#[derive(Clone, Debug, Default)]
pub struct MonitoringQuery {
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
}

pub async fn monitoring(state: &AppState, caller: &Caller, q: &MonitoringQuery) -> AppResult<MonitoringView> {
    let campaigns = scope::within(scope::campaigns(state, caller).await?, q.campaign_id);
    let open = OpenFilter {
        campaign_id: q.campaign_id,
        channel_id: q.channel_id,
        queue_id: q.queue_id,
        agent_id: q.agent_id,
        campaigns: campaigns.clone(),
    };
    let now = state.clock.now();
    let counts = monitoring::open_counts(&state.db, caller.org, &open).await?;
    let today = today_totals(state, caller.org, &open, now).await?;
    let agents = monitoring::agents_at_work(&state.db, caller.org, &open).await?;
    let count_of = |status: &str| counts.iter().find(|c| c.status == status).map_or(0, |c| c.count.max(0) as u64);
    let closed = today.resolution.n;
    Ok(MonitoringView {
        in_queue: count_of("queued"),
        longest_wait: longest_wait_ms(&counts, now).map(|ms| ms as f64 / 1000.0),
        in_attendance: count_of("assigned"),
        first_response: today.first_response.stats(),
        response: today.response.stats(),
        attention: today.tma.stats(),
        today: MonitoringTodayView {
            open: today.offered.saturating_sub(closed),
            closed,
            abandoned: today.abandoned,
            lost: today.lost,
        },
        agents: agents_view(agents),
    })
}

/// Today's rollups (the organization's local day) under the same filters.
async fn today_totals(state: &AppState, org: Uuid, open: &OpenFilter, now: Ts) -> AppResult<ConversationTotals> {
    let zone_name = orgs::time_zone(&state.db, org).await?.unwrap_or_default();
    let day = local_day(now, &zone(&zone_name)).to_string();
    let filter = RollupFilter {
        from: day.clone(),
        to: day,
        campaign_id: open.campaign_id,
        channel_id: open.channel_id,
        queue_id: open.queue_id,
        agent_id: open.agent_id,
        campaigns: open.campaigns.clone(),
    };
    let mut totals = ConversationTotals::default();
    for row in reports::rollups(&state.db, org, &filter).await? {
        totals.merge(&row.totals.0);
    }
    Ok(totals)
}

/// How long the longest-waiting ticket has waited at `now`, in milliseconds.
fn longest_wait_ms(counts: &[OpenCount], now: Ts) -> Option<u64> {
    let oldest = counts.iter().find(|c| c.status == "queued")?.oldest_queued_at?;
    u64::try_from(now.as_micros().saturating_sub(oldest.0.as_micros()) / 1000).ok()
}

fn agents_view(agents: Vec<monitoring::AgentAtWork>) -> MonitoringAgentsView {
    let with = |status: &str| agents.iter().filter(|a| a.status == status).count() as u64;
    MonitoringAgentsView {
        online: with("online"),
        paused: with("paused"),
        invisible: with("invisible"),
        items: agents
            .iter()
            .map(|a| MonitoringAgentView {
                id: a.id,
                name: a.name.clone(),
                status: a.status.clone(),
                tickets: a.tickets.max(0) as u64,
            })
            .collect(),
    }
}
