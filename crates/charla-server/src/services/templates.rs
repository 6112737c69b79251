//! A WhatsApp number's templates with their approval status, to send one from a
//! conversation; and a fresh read from the business account on request.

use charla_channels::whatsapp::outbound::template_body;
use charla_db::repo::templates::TemplateRow;
use charla_db::repo::{channels, templates};
use charla_domain::outbound::template::{Variables, variables};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;
use crate::views::Page;
use crate::views::channels::TemplateView;

/// The channel's templates, those of one status (any case) when asked; none for a channel
/// without a business account.
pub async fn list(state: &AppState, org: Uuid, channel: Uuid, status: Option<&str>) -> AppResult<Page<TemplateView>> {
    let channel = channels::get(&state.db, org, channel).await?.ok_or(ErrorCode::NotFound)?;
    let Some(waba) = channel.network_account.as_deref() else {
        return Ok(Page::new(Vec::new(), None::<Uuid>));
    };
    let items = templates::list(&state.db, org, Some(waba))
        .await?
        .iter()
        .filter(|t| status.is_none_or(|s| t.status.eq_ignore_ascii_case(s)))
        .map(view)
        .collect();
    Ok(Page::new(items, None::<Uuid>))
}

fn view(t: &TemplateRow) -> TemplateView {
    let body = template_body(&t.components.0);
    let vars = body.as_deref().map(variables).unwrap_or(Variables::Positional(0));
    let (positional, named) = match vars {
        Variables::Positional(n) => (n, Vec::new()),
        Variables::Named(names) => (0, names),
    };
    TemplateView::new(t, body, positional, named)
}

/// Reads the number's templates again, in a job; a network without templates refuses.
pub async fn sync(state: &AppState, caller: &Caller, channel: Uuid) -> AppResult<()> {
    let row = channels::get(&state.db, caller.org, channel).await?.ok_or(ErrorCode::NotFound)?;
    let Some(network) = crate::channels::of(&row.kind).filter(|n| n.templates()) else {
        return Err(ErrorCode::TemplatesUnavailable.into());
    };
    let mut tx = state.db.begin().await?;
    network.sync_templates(state, &mut tx, caller.org, channel).await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(())
}
