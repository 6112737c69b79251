//! `GET /api/v1/reports/broadcasts` and its CSV copy `GET /api/v1/reports/broadcasts.csv`
//! (OUT-6, permission `broadcasts.manage`).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::extract::ApiQuery;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::broadcasts::report::{self, BroadcastReportQuery};
use crate::services::broadcasts::report_csv;
use crate::state::AppState;
use crate::views::broadcast_report::BroadcastReportView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    from: Option<String>,
    to: Option<String>,
    channel_id: Option<Uuid>,
    origin: Option<String>,
    broadcast_id: Option<Uuid>,
}

impl From<ReportParams> for BroadcastReportQuery {
    fn from(p: ReportParams) -> Self {
        BroadcastReportQuery {
            from: p.from,
            to: p.to,
            channel_id: p.channel_id,
            origin: p.origin,
            broadcast_id: p.broadcast_id,
        }
    }
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> AppResult<Json<BroadcastReportView>> {
    Ok(Json(report::report(&state, &caller, &p.into()).await?))
}

pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> AppResult<Response> {
    let query: BroadcastReportQuery = p.into();
    let bytes = report_csv::csv(&state, &caller, &query).await?;
    let name = format!(
        "broadcasts-{}-{}.csv",
        query.from.as_deref().unwrap_or_default(),
        query.to.as_deref().unwrap_or_default()
    );
    csv_response(Body::from(bytes), &name)
}

/// A CSV answer to download as `name` (kept to safe characters).
pub fn csv_response(body: Body, name: &str) -> AppResult<Response> {
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    let disposition = format!("attachment; filename=\"{name}\"");
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(anyhow::Error::from)?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}
