//! Custom contact fields (CRM-2) as the API answers them.

use charla_db::repo::contact_fields::{FieldRow, ValueRow};
use charla_domain::contact_fields::{FieldType, StoredValue};
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactFieldView {
    pub id: Uuid,
    /// How imports, filters and the API name the field: lowercase letters, digits and `_`.
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The choices of a `list` field; empty for other types.
    pub options: Vec<String>,
    pub position: i64,
    /// Archived fields take no new values and are hidden from contacts.
    pub archived_at: Option<Ts>,
    pub created_at: Ts,
}

impl ContactFieldView {
    /// `None` for a row whose type this version does not know (never written by it).
    pub fn from_row(f: &FieldRow) -> Option<Self> {
        Some(ContactFieldView {
            id: f.id,
            key: f.key.clone(),
            label: f.label.clone(),
            field_type: FieldType::parse(&f.field_type)?,
            options: f.options.0.clone(),
            position: f.position,
            archived_at: f.archived_at.map(|t| t.0),
            created_at: f.created_at.0,
        })
    }
}

/// A stored value as the API shows it: numbers as numbers, dates as `YYYY-MM-DD`, booleans.
pub fn value_json(row: &ValueRow) -> Value {
    let stored = match FieldType::parse(&row.field_type) {
        Some(FieldType::Number) => row.number_value.map(StoredValue::Number),
        Some(FieldType::Date) => row.date_value.clone().map(StoredValue::Date),
        Some(FieldType::Boolean) => row.bool_value.map(StoredValue::Boolean),
        _ => row.text_value.clone().map(StoredValue::Text),
    };
    stored.map_or(Value::Null, |v| v.to_json())
}
