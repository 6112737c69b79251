//! `GET /api/v1/reports/broadcasts` (OUT-6): outbound templates over a period of the
//! organization's days (broadcast recipients, and templates sent from conversations or
//! the API), with totals, a row per broadcast or origin, a row per day, and a CSV copy.

use std::collections::BTreeMap;

use charla_db::repo::broadcast_report::{self as counts, CountFilter, CountRow};
use charla_db::repo::{broadcasts, orgs};
use charla_domain::broadcasts::report::{Figures, Origin, Outcome, day_of_bucket, period_bounds};
use charla_domain::broadcasts::tracking::Track;
use charla_domain::messages::DeliveryStatus;
use charla_domain::metrics::day::zone;
use charla_domain::metrics::period::report_period;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::broadcast_report::{BroadcastReportView, OriginView, ReportDayView, ReportSourceView};

/// The report's question, as typed.
#[derive(Clone, Debug, Default)]
pub struct BroadcastReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub channel_id: Option<Uuid>,
    pub origin: Option<String>,
    pub broadcast_id: Option<Uuid>,
}

/// Which origins a query counts: a broadcast named means broadcasts only.
fn origins(q: &BroadcastReportQuery) -> Result<Vec<Origin>, Invalid> {
    let asked = match q.origin.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(code) => Some(Origin::parse(code).ok_or_else(|| Invalid::single("origin", "invalid"))?),
        None => None,
    };
    if q.broadcast_id.is_some() {
        return match asked {
            None | Some(Origin::Broadcast) => Ok(vec![Origin::Broadcast]),
            Some(_) => Err(Invalid::single("broadcast_id", "invalid")),
        };
    }
    Ok(asked.map_or_else(|| Origin::ALL.to_vec(), |o| vec![o]))
}

/// Where a counted row's messages came from, and how far they got.
fn classify(row: &CountRow) -> Option<(Origin, Outcome)> {
    if row.broadcast_id.is_some() {
        return Some((Origin::Broadcast, Outcome::of_track(Track::parse(&row.status)?)));
    }
    let origin = if row.api == 1 { Origin::Api } else { Origin::Conversation };
    Some((origin, Outcome::of_delivery(DeliveryStatus::parse(&row.status)?)))
}

pub async fn report(state: &AppState, caller: &Caller, q: &BroadcastReportQuery) -> AppResult<BroadcastReportView> {
    let origins = origins(q)?;
    let (from, to) = report_period(q.from.as_deref(), q.to.as_deref())?;
    let zone_name = orgs::time_zone(&state.db, caller.org).await?.unwrap_or_else(|| "UTC".to_owned());
    let tz = zone(&zone_name);
    let (start, until) = period_bounds(from, to, &tz);
    let filter = CountFilter { from: start, until, channel_id: q.channel_id, broadcast_id: q.broadcast_id };
    let mut rows = Vec::new();
    if origins.contains(&Origin::Broadcast) {
        rows.extend(counts::broadcast_counts(&state.db, caller.org, &filter).await?);
    }
    if origins.iter().any(|o| *o != Origin::Broadcast) {
        rows.extend(counts::message_counts(&state.db, caller.org, &filter).await?);
    }
    let mut totals = Figures::default();
    let mut sources: BTreeMap<(Origin, Option<Uuid>), Figures> = BTreeMap::new();
    let mut days: BTreeMap<String, Figures> = BTreeMap::new();
    for row in &rows {
        let Some((origin, outcome)) = classify(row).filter(|(o, _)| origins.contains(o)) else { continue };
        let replied = row.replied == 1;
        totals.add(outcome, replied, row.count);
        sources.entry((origin, row.broadcast_id)).or_default().add(outcome, replied, row.count);
        days.entry(day_of_bucket(row.bucket, &tz).to_string()).or_default().add(outcome, replied, row.count);
    }
    let mut source_views = Vec::with_capacity(sources.len());
    for ((origin, broadcast_id), figures) in &sources {
        let broadcast_name = match broadcast_id {
            Some(id) => broadcasts::get(&state.db, caller.org, *id).await?.map(|b| b.name),
            None => None,
        };
        let origin = match origin {
            Origin::Broadcast => OriginView::Broadcast,
            Origin::Conversation => OriginView::Conversation,
            Origin::Api => OriginView::Api,
        };
        source_views.push(ReportSourceView {
            origin,
            broadcast_id: *broadcast_id,
            broadcast_name,
            figures: figures.into(),
        });
    }
    // Broadcasts by name (then id), after them conversations and the API.
    source_views.sort_by(|a, b| {
        (a.broadcast_id.is_none(), &a.broadcast_name, a.broadcast_id).cmp(&(
            b.broadcast_id.is_none(),
            &b.broadcast_name,
            b.broadcast_id,
        ))
    });
    Ok(BroadcastReportView {
        from: from.to_string(),
        to: to.to_string(),
        time_zone: zone_name,
        totals: (&totals).into(),
        sources: source_views,
        days: days.iter().map(|(day, f)| ReportDayView { day: day.clone(), figures: f.into() }).collect(),
    })
}
