//! Submitting a new template for review: the request body of
//! `POST /{waba-id}/message_templates` and what Graph answers.

use serde_json::{Value, json};

/// The request body, in Graph's shape: the components as the caller wrote them.
pub fn request(name: &str, language: &str, category: &str, parameter_format: &str, components: &Value) -> Value {
    json!({
        "name": name,
        "language": language,
        "category": category,
        "parameter_format": parameter_format,
        "components": components,
    })
}

/// Graph's answer to a submission: the template's id, its status (`PENDING` while in
/// review, sometimes `APPROVED` at once) and the category it settled on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub status: String,
    pub category: Option<String>,
}

pub fn created(answer: &Value) -> Option<Created> {
    let id = match answer.get("id")? {
        Value::String(id) => id.clone(),
        Value::Number(id) => id.to_string(),
        _ => return None,
    };
    Some(Created {
        id,
        status: answer.get("status").and_then(Value::as_str).unwrap_or("PENDING").to_owned(),
        category: answer.get("category").and_then(Value::as_str).map(str::to_owned),
    })
}

/// Why Graph refused a submission, as its user-facing message when it gives one.
pub fn refusal(answer: &Value) -> String {
    ["/error/error_user_msg", "/error/error_user_title", "/error/message"]
        .iter()
        .find_map(|p| answer.pointer(p).and_then(Value::as_str))
        .unwrap_or("error")
        .to_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read() {
        let answer = json!({ "id": "572279198452421", "status": "PENDING", "category": "MARKETING" });
        assert_eq!(
            created(&answer).unwrap(),
            Created {
                id: "572279198452421".to_owned(),
                status: "PENDING".to_owned(),
                category: Some("MARKETING".to_owned())
            }
        );
        assert_eq!(created(&json!({ "id": 42 })).unwrap().status, "PENDING");
        assert!(created(&json!({ "error": {} })).is_none());
        let refused =
            json!({ "error": { "message": "Invalid parameter", "error_user_msg": "Ya existe una plantilla" } });
        assert_eq!(refusal(&refused), "Ya existe una plantilla");
    }
}
