//! The simulator channel (CH-10): a person plays a customer of a WhatsApp-like number. The
//! customer's messages go through the same intake as a network's webhook, and the agent's
//! replies through the same outbox; the simulator's "phone" is this server's own page.

use std::collections::HashMap;

use charla_db::repo::channels::{self, ChannelRow};
use charla_db::repo::{self, contacts, conversations, files, messages};
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::{CONTACT_NAME_MAX, IdentityKind, normalize_phone};
use charla_domain::ids::new_id;
use charla_domain::messages::{DeliveryStatus, MESSAGE_TEXT_MAX, MessageKind};
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::intake::{self, Inbound, Outcome};
use crate::services::conversations::outbox::{Report, record_status};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::Page;
use crate::views::simulator::SimulatorMessageView;

/// The customer a simulator plays when no phone is given.
pub const DEFAULT_PHONE: &str = "+573001112233";

async fn channel(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ChannelRow> {
    let channel = channels::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    if !crate::channels::is(&channel.kind, ChannelKind::Simulator) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(channel)
}

fn phone_of(raw: Option<&str>) -> AppResult<String> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(DEFAULT_PHONE.to_owned()),
        Some(raw) => normalize_phone(raw).ok_or_else(|| Invalid::single("contact_phone", "invalid_phone").into()),
    }
}

/// Which page of a simulator's thread.
pub struct ThreadQuery<'a> {
    /// One customer's messages; unset: every customer's.
    pub contact_phone: Option<&'a str>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

/// The channel's customer-facing messages, oldest first; `contact_phone` narrows to one customer.
pub async fn thread(
    state: &AppState,
    caller: &Caller,
    channel_id: Uuid,
    q: &ThreadQuery<'_>,
) -> AppResult<Page<SimulatorMessageView>> {
    let channel = channel(state, caller, channel_id).await?;
    let limit = repo::page_limit(q.limit);
    let show = inbox_access::number_visibility_of(state, caller).await?.shows(channel.campaign_id);
    let contact = match q.contact_phone {
        Some(raw) => {
            let phone = phone_of(Some(raw))?;
            match contacts::find_by_identity(&state.db, caller.org, IdentityKind::Phone.code(), &phone).await? {
                Some(id) => Some(id),
                None => return Ok(Page::new(Vec::new(), None::<Uuid>)),
            }
        }
        None => None,
    };
    let mut rows = messages::of_channel(&state.db, caller.org, channel.id, contact, q.after, limit + 1).await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|m| m.id)
    } else {
        None
    };
    let mut people: HashMap<Uuid, contacts::ContactRow> = HashMap::new();
    for m in &rows {
        if !people.contains_key(&m.contact_id)
            && let Some(c) = contacts::get(&state.db, caller.org, m.contact_id).await?
        {
            people.insert(c.id, c);
        }
    }
    let items = rows.iter().map(|m| SimulatorMessageView::new(m, people.get(&m.contact_id), show)).collect();
    Ok(Page::new(items, next))
}

pub struct CustomerMessage {
    pub text: Option<String>,
    pub attachment: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// The customer writes: through intake, exactly as a network's webhook would deliver it.
pub async fn write(
    state: &AppState,
    caller: &Caller,
    channel_id: Uuid,
    m: &CustomerMessage,
) -> AppResult<SimulatorMessageView> {
    let channel = channel(state, caller, channel_id).await?;
    let mut invalid = Invalid::new();
    let text = invalid.optional_text("text", m.text.as_deref(), MESSAGE_TEXT_MAX);
    let name = invalid.optional_text("contact_name", m.contact_name.as_deref(), CONTACT_NAME_MAX);
    invalid.finish()?;
    let phone = phone_of(m.contact_phone.as_deref())?;
    let file = match m.attachment {
        Some(id) => {
            Some(files::get(&state.db, caller.org, id).await?.ok_or_else(|| Invalid::single("attachment", "invalid"))?)
        }
        None => None,
    };
    let kind = match (&file, &text) {
        (Some(f), _) => MessageKind::for_content_type(&f.content_type),
        (None, Some(_)) => MessageKind::Text,
        (None, None) => return Err(Invalid::single("text", "required").into()),
    };
    let network_id = format!("sim.in.{}", new_id());
    let outcome = intake::receive(
        state,
        caller.org,
        &Inbound {
            channel: &channel,
            identity: (IdentityKind::Phone, &phone),
            contact_name: name.as_deref(),
            network_id: &network_id,
            kind,
            text: text.as_deref(),
            payload: json!({}),
            file_id: file.as_ref().map(|f| f.id),
            at: None,
            reply_to: None,
            fetch_media: false,
        },
    )
    .await?;
    let Outcome::Stored { message_id, .. } = outcome else {
        return Err(ErrorCode::Duplicate.into());
    };
    let stored = messages::get(&state.db, caller.org, message_id).await?.ok_or(ErrorCode::NotFound)?;
    let contact = contacts::get(&state.db, caller.org, stored.contact_id).await?;
    let show = inbox_access::number_visibility_of(state, caller).await?.shows(channel.campaign_id);
    Ok(SimulatorMessageView::new(&stored, contact.as_ref(), show))
}

/// The customer saw the agent's replies: they become read, as a network would report.
pub async fn read(state: &AppState, caller: &Caller, channel_id: Uuid, contact_phone: Option<&str>) -> AppResult<()> {
    let channel = channel(state, caller, channel_id).await?;
    let phone = phone_of(contact_phone)?;
    let Some(contact) = contacts::find_by_identity(&state.db, caller.org, IdentityKind::Phone.code(), &phone).await?
    else {
        return Ok(());
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for message in messages::unread_outbound(&mut tx, caller.org, channel.id, contact).await? {
        let Some(conversation) = conversations::get(&mut tx, caller.org, message.conversation_id).await? else {
            continue;
        };
        let report = Report { status: DeliveryStatus::Read, network_id: None, error: None };
        record_status(state, &mut tx, caller.org, (&message, &conversation), report, now).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}
