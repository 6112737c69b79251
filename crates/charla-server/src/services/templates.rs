//! A WhatsApp number's templates with their approval status, to send one from a
//! conversation; a fresh read from the business account on request; and new templates
//! (OUT-1), checked by Meta's rules and submitted for review by a job.

use charla_channels::whatsapp::outbound::template_body;
use charla_db::repo::templates::{TemplateRow, TemplateWrite};
use charla_db::repo::{channels, templates};
use charla_domain::ids::new_id;
use charla_domain::outbound::template::{Variables, variables};
use charla_domain::outbound::template_components::{Draft, check};
use charla_domain::validation::Invalid;
use serde_json::{Value, json};
use uuid::Uuid;

use super::audit;
use crate::auth::Caller;
use crate::channels::whatsapp::template_submit::{SUBMITTING, SubmitTemplate};
use crate::error::{AppError, AppResult, ErrorCode};
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

/// A template as the caller wrote it, in Graph's shape.
pub struct NewTemplate {
    pub channel_id: Uuid,
    pub name: String,
    pub language: String,
    pub category: String,
    pub components: Value,
}

/// Checks a new template, keeps it as `SUBMITTING` and queues its submission to the
/// number's business account, in one transaction. Its status then follows Graph's answer
/// and the template-status webhooks.
pub async fn create(state: &AppState, caller: &Caller, new: &NewTemplate) -> AppResult<TemplateView> {
    let draft =
        Draft { name: &new.name, language: &new.language, category: &new.category, components: &new.components };
    let checked = check(&draft)?;
    let channel = channels::get(&state.db, caller.org, new.channel_id).await?.ok_or(ErrorCode::NotFound)?;
    let network =
        crate::channels::of(&channel.kind).filter(|n| n.templates()).ok_or(ErrorCode::TemplatesUnavailable)?;
    let waba = channel.network_account.as_deref().ok_or(ErrorCode::TemplatesUnavailable)?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    if templates::exists(&mut tx, caller.org, waba, &checked.name, &checked.language).await? {
        return Err(Invalid::single("name", "taken").into());
    }
    templates::upsert(
        &mut tx,
        &TemplateWrite {
            org: caller.org,
            id,
            waba_id: waba,
            // Graph's id is not known until the submission is answered; this one is unique.
            network_id: &format!("local:{id}"),
            name: &checked.name,
            language: Some(&checked.language),
            category: Some(checked.category.graph()),
            status: SUBMITTING,
            reason: None,
            details: &json!({}),
            components: Some(&checked.components),
            now: state.clock.now(),
        },
    )
    .await?;
    let submit = SubmitTemplate {
        template_id: id,
        channel_id: channel.id,
        parameter_format: checked.parameter_format.to_owned(),
    };
    network.submit_template(state, &mut tx, caller.org, &submit).await?;
    let after = json!({ "channel_id": channel.id, "name": checked.name, "language": checked.language,
                        "category": checked.category.graph() });
    audit::record(state, &mut tx, caller, "template.created", ("template", Some(id)), None, Some(&after)).await?;
    let row =
        templates::get(&mut tx, caller.org, id).await?.ok_or_else(|| AppError::Internal(anyhow::anyhow!("lost")))?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(view(&row))
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
