//! Closing a conversation (CONV-3): a disposition, an optional note and the campaign's fields.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use uuid::Uuid;

use super::fields::{FieldDef, check_values};
use crate::validation::Invalid;

pub const CLOSING_NOTE_MAX: usize = 2000;

/// What the agent submits when closing.
#[derive(Clone, Copy, Debug)]
pub struct CloseRequest<'a> {
    pub disposition_id: Option<Uuid>,
    pub note: Option<&'a str>,
    pub fields: &'a Map<String, Value>,
}

/// What the campaign and the conversation allow.
#[derive(Clone, Copy, Debug)]
pub struct CloseRules<'a> {
    pub allowed_dispositions: &'a [Uuid],
    pub fields: &'a [FieldDef],
    pub agent_has_replied: bool,
    /// The campaign's `close_without_reply` permission.
    pub may_close_without_reply: bool,
}

/// A close that passed every rule, normalized and ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct CloseChecked {
    pub disposition_id: Uuid,
    pub note: Option<String>,
    pub fields: BTreeMap<Uuid, Value>,
}

/// Disposition required ("disposition_id" required) and in the allowed list ("disposition_id"
/// invalid); note ≤ 2000 (trimmed, empty → None); fields via `check_values`; when the agent has
/// not replied and may not close without replying → "conversation" `reply_required`. Every
/// error is gathered so the form shows them all at once.
pub fn check_close(req: &CloseRequest<'_>, rules: &CloseRules<'_>) -> Result<CloseChecked, Invalid> {
    let mut invalid = Invalid::new();
    if !rules.agent_has_replied && !rules.may_close_without_reply {
        invalid.add("conversation", "reply_required");
    }
    let disposition_id = match req.disposition_id {
        None => {
            invalid.add("disposition_id", "required");
            None
        }
        Some(id) if !rules.allowed_dispositions.contains(&id) => {
            invalid.add("disposition_id", "invalid");
            None
        }
        Some(id) => Some(id),
    };
    let note = invalid.optional_text("note", req.note, CLOSING_NOTE_MAX);
    let fields = check_values(&mut invalid, rules.fields, req.fields);
    match disposition_id {
        Some(disposition_id) if invalid.is_empty() => Ok(CloseChecked { disposition_id, note, fields }),
        _ => Err(invalid),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::conversations::fields::FieldKind;
    use serde_json::json;

    fn codes(invalid: &Invalid) -> Vec<(&str, &'static str)> {
        invalid.0.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn a_good_close() {
        let disposition = crate::ids::new_id();
        let field = FieldDef {
            id: crate::ids::new_id(),
            name: "Monto".into(),
            kind: FieldKind::Number,
            required: true,
            options: vec![],
        };
        let values = json!({ field.id.to_string(): 150 });
        let req = CloseRequest {
            disposition_id: Some(disposition),
            note: Some("  pagó  "),
            fields: values.as_object().unwrap(),
        };
        let allowed = [crate::ids::new_id(), disposition];
        let rules = CloseRules {
            allowed_dispositions: &allowed,
            fields: std::slice::from_ref(&field),
            agent_has_replied: true,
            may_close_without_reply: false,
        };
        let checked = check_close(&req, &rules).unwrap();
        assert_eq!(checked.disposition_id, disposition);
        assert_eq!(checked.note.as_deref(), Some("pagó"));
        assert_eq!(checked.fields[&field.id], json!(150));

        let req = CloseRequest { note: Some("   "), ..req };
        assert_eq!(check_close(&req, &rules).unwrap().note, None);
        let unreplied = CloseRules { agent_has_replied: false, may_close_without_reply: true, ..rules };
        assert!(check_close(&req, &unreplied).is_ok());
    }

    #[test]
    fn every_error_at_once() {
        let field = FieldDef {
            id: crate::ids::new_id(),
            name: "Motivo".into(),
            kind: FieldKind::List,
            required: true,
            options: vec!["Pago".into()],
        };
        let empty = Map::new();
        let long_note = "x".repeat(CLOSING_NOTE_MAX + 1);
        let req = CloseRequest { disposition_id: None, note: Some(&long_note), fields: &empty };
        let rules = CloseRules {
            allowed_dispositions: &[],
            fields: std::slice::from_ref(&field),
            agent_has_replied: false,
            may_close_without_reply: false,
        };
        let invalid = check_close(&req, &rules).unwrap_err();
        let field_name = format!("fields.{}", field.id);
        assert_eq!(
            codes(&invalid),
            vec![
                ("conversation", "reply_required"),
                ("disposition_id", "required"),
                ("note", "too_long"),
                (field_name.as_str(), "required"),
            ]
        );

        let req = CloseRequest { disposition_id: Some(crate::ids::new_id()), note: None, fields: &empty };
        let rules = CloseRules { fields: &[], agent_has_replied: true, ..rules };
        assert_eq!(codes(&check_close(&req, &rules).unwrap_err()), vec![("disposition_id", "invalid")]);
    }
}
