//! The organization's background jobs as a list, to see what failed and why. (Enqueuing
//! work is `jobs::model::enqueue`, inside the use case's own transaction.)

use charla_db::repo::{self, jobs};
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;
use crate::views::Page;
use crate::views::jobs::JobView;

/// One page of jobs, oldest first; `status` is `pending`, `running` or `failed`, or any.
pub async fn list(
    state: &AppState,
    org: Uuid,
    status: Option<&str>,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<JobView>> {
    let limit = repo::page_limit(limit);
    let rows = jobs::list(&state.db, org, status, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |j| j.id);
    Ok(Page::new(rows.iter().map(JobView::from).collect(), next))
}
