//! A template send in a conversation (OUT-3): how an agent reaches a contact whose 24-hour
//! window has closed, and how a proactive conversation opens.

use charla_db::Tx;
use charla_db::repo::channels;
use charla_db::repo::messages::MessageRow;
use charla_db::repo::templates::{self, TemplateRow};
use charla_domain::conversations::lifecycle::ConversationStatus;
use charla_domain::messages::MessageKind;
use charla_domain::outbound::template::{Given, check_parameters, render, variables};
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use super::outbox::{Part, Sender, insert_outbound, note_agent_reply};
use super::{Working, change};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access;
use crate::state::AppState;

/// The template to send: its name, its language when the account has it in several, and
/// the body's parameters (a list for `{{1}}..`, a map for named ones).
pub struct TemplateSend {
    pub name: String,
    pub language: Option<String>,
    pub parameters: Given,
}

pub async fn send_template(state: &AppState, caller: &Caller, id: Uuid, t: &TemplateSend) -> AppResult<MessageRow> {
    let mut first = None;
    change!(state, caller, id, |tx, w, touched, now| {
        let part = template_part(tx, caller, w, t).await?;
        let message = insert_outbound(state, tx, Sender::of(caller), w, &part, None, now).await?;
        first = Some(message);
        note_agent_reply(tx, caller, w, now, touched).await
    })?;
    state.jobs_wake.notify_one();
    first.ok_or(ErrorCode::NotFound.into())
}

/// The message a template send becomes in this conversation: an approved template of the
/// number's business account, its parameters checked, its body rendered as the contact
/// will read it.
pub(super) async fn template_part(tx: &mut Tx, caller: &Caller, w: &Working, t: &TemplateSend) -> AppResult<Part> {
    let Some(network) = crate::channels::of(&w.row.channel_kind).filter(|n| n.templates()) else {
        return Err(ErrorCode::TemplatesUnavailable.into());
    };
    if w.status() == ConversationStatus::Closed {
        return Err(ErrorCode::ConversationClosed.into());
    }
    if !inbox_access::supervises(caller) && w.row.agent_id != Some(caller.user_id) {
        return Err(ErrorCode::NotYourConversation.into());
    }
    let channel = channels::get(&mut *tx, caller.org, w.row.channel_id).await?.ok_or(ErrorCode::NotFound)?;
    let waba = channel.network_account.clone().unwrap_or_default();
    let candidates: Vec<TemplateRow> = templates::list(&mut *tx, caller.org, Some(&waba))
        .await?
        .into_iter()
        .filter(|row| row.name == t.name && t.language.as_ref().is_none_or(|l| row.language.as_ref() == Some(l)))
        .collect();
    let Some(template) = candidates.iter().find(|row| row.status == "APPROVED") else {
        let code = if candidates.is_empty() { "invalid" } else { "not_approved" };
        return Err(Invalid::single("template.name", code).into());
    };
    let body = network.template_body(&template.components.0).unwrap_or_default();
    let params = check_parameters(&variables(&body), &t.parameters)?;
    let text = render(&body, &params);
    let language = template.language.clone().unwrap_or_default();
    let payload = json!({ "template": { "name": template.name, "language": language, "parameters": params } });
    Ok(Part { kind: MessageKind::Template, text: Some(text), file_id: None, payload })
}
