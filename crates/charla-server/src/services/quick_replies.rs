//! Quick replies and their categories (CONV-8): text only, with `{{contact.name}}`-style
//! variables filled in from a conversation when an agent inserts one.

use std::collections::BTreeMap;

use charla_db::DbError;
use charla_db::repo::quick_replies::{self as repo, ReplyWrite};
use charla_db::repo::{conversations, users};
use charla_domain::contacts::mask_phone;
use charla_domain::ids::new_id;
use charla_domain::messages::MESSAGE_TEXT_MAX;
use charla_domain::quick_replies::{CATEGORY_NAME_MAX, TITLE_MAX, render};
use charla_domain::search::{contains_pattern, search_key};
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{campaign_rules, inbox_access};
use crate::state::AppState;
use crate::views::Page;
use crate::views::quick_replies::{CategoryView, QuickReplyView, RenderedReplyView};

fn name_taken(err: DbError) -> AppError {
    match err {
        DbError::Conflict(_) => Invalid::single("name", "taken").into(),
        other => other.into(),
    }
}

pub async fn categories(state: &AppState, org: Uuid) -> AppResult<Page<CategoryView>> {
    let rows = repo::categories(&state.db, org).await?;
    Ok(Page::new(rows.iter().map(CategoryView::from).collect(), None::<Uuid>))
}

pub async fn create_category(state: &AppState, caller: &Caller, name: &str) -> AppResult<CategoryView> {
    save_category(state, caller, new_id(), name).await
}

pub async fn update_category(state: &AppState, caller: &Caller, id: Uuid, name: &str) -> AppResult<CategoryView> {
    repo::get_category(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    save_category(state, caller, id, name).await
}

/// A category's name is unique in the organization.
async fn save_category(state: &AppState, caller: &Caller, id: Uuid, name: &str) -> AppResult<CategoryView> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", name, CATEGORY_NAME_MAX);
    invalid.finish()?;
    let mut tx = state.db.begin().await?;
    repo::save_category(&mut tx, caller.org, id, &name, state.clock.now()).await.map_err(name_taken)?;
    let row = repo::get_category(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(CategoryView::from(&row))
}

/// Deletes a category; its replies stay, without one.
pub async fn delete_category(state: &AppState, org: Uuid, id: Uuid) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !repo::delete_category(&mut tx, org, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
    Ok(())
}

/// Replies of a category or all, those whose title or text contain `q` when given.
pub async fn list(
    state: &AppState,
    org: Uuid,
    category: Option<Uuid>,
    q: Option<&str>,
) -> AppResult<Page<QuickReplyView>> {
    let pattern = q.map(str::trim).filter(|t| !t.is_empty()).map(contains_pattern);
    let rows = repo::replies(&state.db, org, category, pattern.as_deref()).await?;
    Ok(Page::new(rows.iter().map(QuickReplyView::from).collect(), None::<Uuid>))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<QuickReplyView> {
    let row = repo::get_reply(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(QuickReplyView::from(&row))
}

/// A reply as written, before its checks.
pub struct ReplyInput {
    pub category_id: Option<Uuid>,
    pub title: String,
    pub text: String,
}

pub async fn create(state: &AppState, caller: &Caller, input: &ReplyInput) -> AppResult<QuickReplyView> {
    save_reply(state, caller, new_id(), input).await
}

pub async fn update(state: &AppState, caller: &Caller, id: Uuid, input: &ReplyInput) -> AppResult<QuickReplyView> {
    repo::get_reply(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    save_reply(state, caller, id, input).await
}

async fn save_reply(state: &AppState, caller: &Caller, id: Uuid, input: &ReplyInput) -> AppResult<QuickReplyView> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", &input.title, TITLE_MAX);
    let text = invalid.text("text", &input.text, MESSAGE_TEXT_MAX);
    if let Some(category) = input.category_id
        && repo::get_category(&state.db, caller.org, category).await?.is_none()
    {
        invalid.add("category_id", "invalid");
    }
    invalid.finish()?;
    let mut tx = state.db.begin().await?;
    repo::save_reply(
        &mut tx,
        &ReplyWrite {
            org: caller.org,
            id,
            category_id: input.category_id,
            title: &title,
            text: &text,
            search_key: &search_key(&format!("{title} {text}")),
            created_by: caller.user_id,
            now: state.clock.now(),
        },
    )
    .await?;
    let row = repo::get_reply(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(QuickReplyView::from(&row))
}

pub async fn delete(state: &AppState, org: Uuid, id: Uuid) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !repo::delete_reply(&mut tx, org, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
    Ok(())
}

/// The reply's text with the conversation's variables filled in, at insertion time; the
/// conversation must be one the caller sees, and the contact's number follows the same
/// masking as everywhere else.
pub async fn render_for(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    conversation: Uuid,
) -> AppResult<RenderedReplyView> {
    let reply = repo::get_reply(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let conversation = conversations::get(&state.db, caller.org, conversation).await?.ok_or(ErrorCode::NotFound)?;
    inbox_access::check_visible(state, caller, &conversation).await?;
    let show = inbox_access::number_visibility_of(state, caller).await?.shows(conversation.campaign_id);
    let agent = users::get(&state.db, caller.org, caller.user_id).await?;
    let campaign = campaign_rules::load(&state.db, caller.org, conversation.campaign_id).await?;
    let phone = conversation.contact_phone.clone().map(|p| if show { p } else { mask_phone(&p) });
    let vars: BTreeMap<String, String> = [
        ("contact.name", conversation.contact_name.clone()),
        ("contact.phone", phone),
        ("contact.email", conversation.contact_email.clone()),
        ("agent.name", agent.map(|a| a.name)),
        ("campaign.name", Some(campaign.name)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.unwrap_or_default()))
    .collect();
    Ok(RenderedReplyView { text: render(&reply.text, &vars) })
}
