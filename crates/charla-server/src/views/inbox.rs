//! JSON views of contacts, conversations and messages. A number is masked unless the
//! caller may see it (CONV-5); events carry the full view and are masked at delivery.

use charla_db::repo::contacts::{ContactRow, NoteRow};
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::contacts::mask_phone;
use serde_json::{Value, json};

pub fn phone(phone: Option<&str>, show: bool) -> Value {
    match phone {
        Some(p) if show => json!(p),
        Some(p) => json!(mask_phone(p)),
        None => Value::Null,
    }
}

pub fn file_url(id: uuid::Uuid) -> String {
    format!("/api/v1/files/{id}/content")
}

pub fn conversation(c: &ConversationRow, show_number: bool) -> Value {
    json!({
        "id": c.id,
        "status": c.status,
        "closed_reason": c.closed_reason,
        "contact": {
            "id": c.contact_id,
            "name": c.contact_name,
            "phone": phone(c.contact_phone.as_deref(), show_number),
            "email": c.contact_email,
        },
        "campaign_id": c.campaign_id,
        "channel_id": c.channel_id,
        "channel_kind": c.channel_kind,
        "queue_id": c.queue_id,
        "agent_id": c.agent_id,
        "reserved_for": c.reserved_for,
        "disposition_id": c.disposition_id,
        "closing_note": c.closing_note,
        "fields": c.fields.0,
        "unread_count": c.unread_count,
        "last_activity_at": c.last_activity_at.0,
        "last_message": {
            "preview": c.last_message_preview,
            "direction": c.last_message_direction,
        },
        "last_contact_message_at": c.last_contact_message_at.map(|t| t.0),
        "opened_at": c.opened_at.0,
        "queued_at": c.queued_at.map(|t| t.0),
        "assigned_at": c.assigned_at.map(|t| t.0),
        "first_response_at": c.first_response_at.map(|t| t.0),
        "closed_at": c.closed_at.map(|t| t.0),
        "closed_by": c.closed_by,
        "bot_paused": c.bot_paused,
        // Queued outside hours: nobody gets it before then.
        "held_until": c.held_until.map(|t| t.0),
        "transferred_from_id": c.transferred_from_id,
        "transferred_to_id": c.transferred_to_id,
    })
}

pub fn message(m: &MessageRow) -> Value {
    let attachment = m.file_id.map(|id| {
        json!({
            "id": id,
            "name": m.file_name,
            "content_type": m.file_content_type,
            "size": m.file_size,
            "url": file_url(id),
        })
    });
    let author = m.author_id.map(|id| json!({ "id": id, "name": m.author_name }));
    let error = m.error_code.as_ref().map(|code| json!({ "code": code, "title": m.error_title }));
    json!({
        "id": m.id,
        "conversation_id": m.conversation_id,
        "contact_id": m.contact_id,
        "channel_id": m.channel_id,
        "direction": m.direction,
        "kind": m.kind,
        "text": m.text,
        "payload": m.payload.0,
        "attachment": attachment,
        "reply_to_id": m.reply_to_id,
        "author": author,
        "status": m.status,
        "error": error,
        "resent": m.resent,
        "sent_at": m.sent_at.map(|t| t.0),
        "delivered_at": m.delivered_at.map(|t| t.0),
        "read_at": m.read_at.map(|t| t.0),
        "created_at": m.created_at.0,
    })
}

pub fn contact(c: &ContactRow, show_number: bool) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "phone": phone(c.phone.as_deref(), show_number),
        "email": c.email,
        "attributes": c.attributes.0,
        "exclusive_agent_id": c.exclusive_agent_id,
        "unreachable": c.unreachable,
        "last_interaction_at": c.last_interaction_at.map(|t| t.0),
        "created_at": c.created_at.0,
    })
}

pub fn identities(list: &[(String, String)], show_number: bool) -> Value {
    Value::Array(
        list.iter()
            .map(|(kind, value)| {
                let value = if kind == "phone" { phone(Some(value), show_number) } else { json!(value) };
                json!({ "kind": kind, "value": value })
            })
            .collect(),
    )
}

pub fn note(n: &NoteRow) -> Value {
    json!({
        "id": n.id,
        "contact_id": n.contact_id,
        "author": n.author_id.map(|id| json!({ "id": id, "name": n.author_name })),
        "text": n.text,
        "pinned": n.pinned,
        "created_at": n.created_at.0,
    })
}
