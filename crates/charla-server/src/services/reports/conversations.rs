//! `GET /api/v1/reports/conversations`: REP-2's figures over a period, summed from the
//! rollups (never from the conversations themselves) and grouped by one dimension.

use std::collections::BTreeMap;

use charla_db::repo::hierarchy::{self, Level};
use charla_db::repo::reports::{self, RollupFilter, RollupKey};
use charla_db::repo::{channels, queues, users};
use charla_domain::metrics::ConversationTotals;
use charla_domain::metrics::period::report_period;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::scope;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::reports::{ConversationFiguresView, ConversationReportRowView, ConversationReportView};

/// What the rows are grouped by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Day,
    Agent,
    Campaign,
    Channel,
    Queue,
}

/// The report's question, as typed.
#[derive(Clone, Debug, Default)]
pub struct ReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub group_by: GroupBy,
}

pub async fn report(state: &AppState, caller: &Caller, q: &ReportQuery) -> AppResult<ConversationReportView> {
    let (from, to) = report_period(q.from.as_deref(), q.to.as_deref())?;
    let campaigns = scope::within(scope::campaigns(state, caller).await?, q.campaign_id);
    let filter = RollupFilter {
        from: from.to_string(),
        to: to.to_string(),
        campaign_id: q.campaign_id,
        channel_id: q.channel_id,
        queue_id: q.queue_id,
        agent_id: q.agent_id,
        campaigns,
    };
    let mut totals = ConversationTotals::default();
    let mut groups: BTreeMap<String, ConversationTotals> = BTreeMap::new();
    for row in reports::rollups(&state.db, caller.org, &filter).await? {
        totals.merge(&row.totals.0);
        groups.entry(group_key(q.group_by, &row.key)).or_default().merge(&row.totals.0);
    }
    let mut rows = Vec::with_capacity(groups.len());
    for (key, group) in &groups {
        // Rows made empty by a conversation moving on leave no group behind.
        if *group == ConversationTotals::default() {
            continue;
        }
        let label = label(state, caller.org, q.group_by, key).await?;
        rows.push(ConversationReportRowView { key: key.clone(), label, figures: group.into() });
    }
    if q.group_by != GroupBy::Day {
        rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
    }
    Ok(ConversationReportView { totals: ConversationFiguresView::from(&totals), rows })
}

/// The group a rollup row falls in: its day, or the id of its agent, campaign, channel or
/// queue (`none` for the nil id of "no agent" or "no queue").
fn group_key(by: GroupBy, key: &RollupKey) -> String {
    let id = match by {
        GroupBy::Day => return key.day.clone(),
        GroupBy::Agent => key.agent_id,
        GroupBy::Campaign => key.campaign_id,
        GroupBy::Channel => key.channel_id,
        GroupBy::Queue => key.queue_id,
    };
    if id.is_nil() { NONE.to_owned() } else { id.to_string() }
}

const NONE: &str = "none";

async fn label(state: &AppState, org: Uuid, by: GroupBy, key: &str) -> AppResult<Option<String>> {
    let Ok(id) = key.parse::<Uuid>() else {
        return Ok((by == GroupBy::Day).then(|| key.to_owned()));
    };
    let db = &state.db;
    Ok(match by {
        GroupBy::Day => Some(key.to_owned()),
        GroupBy::Agent => users::get(db, org, id).await?.map(|u| u.name),
        GroupBy::Campaign => hierarchy::get(db, Level::Campaign, org, id).await?.map(|c| c.name),
        GroupBy::Channel => channels::get(db, org, id).await?.map(|c| c.name),
        GroupBy::Queue => queues::get(db, org, id).await?.map(|q| q.name),
    })
}
