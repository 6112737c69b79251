//! What the API returns: JSON views of rows. Secrets never appear here.

use charla_db::repo::{hierarchy::NodeRow, tokens::TokenRow, users::UserRow};
use serde_json::{Value, json};

pub fn user(u: &UserRow) -> Value {
    json!({
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "avatar_url": u.avatar_url,
        "language": u.language,
        "time_zone": u.time_zone,
        "status": u.status,
        "pause_reason_id": u.pause_reason_id,
        "status_changed_at": u.status_changed_at.0,
        "capacity": u.capacity,
        "profile_id": u.profile_id,
        "profile_name": u.profile_name,
        "profile_builtin": u.profile_builtin,
        "active": u.active,
        "invited": u.invited,
        "created_at": u.created_at.0,
    })
}

pub fn node(n: &NodeRow, parent_field: Option<&str>) -> Value {
    let mut v = json!({
        "id": n.id,
        "name": n.name,
        "archived": n.archived_at.is_some(),
        "archived_at": n.archived_at.map(|t| t.0),
        "created_at": n.created_at.0,
    });
    if let (Some(field), Some(obj)) = (parent_field, v.as_object_mut()) {
        obj.insert(field.to_owned(), json!(n.parent_id));
        if field == "project_id" {
            obj.insert("description".to_owned(), json!(n.description));
        }
    }
    v
}

pub fn token(t: &TokenRow) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "profile_id": t.profile_id,
        "created_by": t.created_by,
        "created_by_name": t.created_by_name,
        "created_at": t.created_at.0,
        "last_used_at": t.last_used_at.map(|x| x.0),
        "revoked_at": t.revoked_at.map(|x| x.0),
    })
}

/// A keyset page: `{"items": [...], "next": cursor or null}`.
pub fn page(items: Vec<Value>, next: Option<uuid::Uuid>) -> Value {
    json!({ "items": items, "next": next })
}
