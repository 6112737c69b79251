//! What the API returns: JSON views of rows. Secrets never appear here.

use charla_db::repo::hierarchy::NodeRow;
use serde_json::{Value, json};

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

/// A keyset page: `{"items": [...], "next": cursor or null}`.
pub fn page(items: Vec<Value>, next: Option<uuid::Uuid>) -> Value {
    json!({ "items": items, "next": next })
}
