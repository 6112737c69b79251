//! What Charla sends to the Cloud API (`POST /{phone-number-id}/messages`) and how it
//! reads the answer: the message's wamid, or an error classified for the outbox.

use serde_json::{Value, json};

use crate::events::SendError;

/// A text message; `reply_to` quotes the contact's message by its wamid.
pub fn text(to: &str, body: &str, reply_to: Option<&str>) -> Value {
    let mut request = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "preview_url": body.contains("https://") || body.contains("http://"), "body": body },
    });
    if let (Some(id), Some(obj)) = (reply_to, request.as_object_mut()) {
        obj.insert("context".to_owned(), json!({ "message_id": id }));
    }
    request
}

/// The wamid of a successful send.
pub fn sent_id(answer: &Value) -> Option<String> {
    answer.pointer("/messages/0/id").and_then(Value::as_str).map(str::to_owned)
}

/// Maps the Graph API's error answer to what the outbox does with it.
pub fn classify(http_status: u16, answer: &Value) -> SendError {
    let code = answer.pointer("/error/code").and_then(Value::as_i64);
    let title = answer
        .pointer("/error/error_data/details")
        .or_else(|| answer.pointer("/error/message"))
        .and_then(Value::as_str)
        .unwrap_or("error")
        .to_owned();
    match code {
        // Throughput and pair limits: later, without failing the message.
        Some(130429 | 131056 | 80007) => SendError::RateLimited { retry_after_secs: None },
        // The access token expired or was revoked: the channel needs relinking.
        Some(190) => SendError::Unlinked { code: "190".to_owned(), title },
        Some(code) if http_status >= 500 => SendError::Retryable(format!("{code}: {title}")),
        Some(code) => SendError::Permanent { code: code.to_string(), title },
        None if http_status >= 500 || http_status == 429 => SendError::Retryable(format!("HTTP {http_status}")),
        None => SendError::Permanent { code: http_status.to_string(), title },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn texts_match_the_published_request_bodies() {
        let expected = fixture("send_text_request.json");
        let body = expected["text"]["body"].as_str().unwrap();
        assert_eq!(text("+573001234567", body, None), expected);
        let quoted = fixture("send_text_reply_context_request.json");
        let body = quoted["text"]["body"].as_str().unwrap();
        let id = quoted["context"]["message_id"].as_str().unwrap();
        assert_eq!(text("+573001234567", body, Some(id)), quoted);
    }

    #[test]
    fn answers_and_errors_are_read() {
        assert_eq!(
            sent_id(&fixture("send_response.json")).unwrap(),
            "wamid.HBgMNTczMDAxMjM0NTY3FQIAERgUM0EwMDAwMDAwMDAwMDAwMDAxMDQA"
        );
        assert!(matches!(classify(400, &fixture("error_130429_rate_limit.json")), SendError::RateLimited { .. }));
        assert!(matches!(classify(400, &fixture("error_131056_pair_rate_limit.json")), SendError::RateLimited { .. }));
        assert!(matches!(classify(401, &fixture("error_190_token_expired.json")), SendError::Unlinked { .. }));
        for (file, code) in [
            ("error_131047_reengagement.json", "131047"),
            ("error_132000_param_count.json", "132000"),
            ("error_132001_template_missing.json", "132001"),
        ] {
            match classify(400, &fixture(file)) {
                SendError::Permanent { code: c, .. } => assert_eq!(c, code),
                other => panic!("{file}: {other:?}"),
            }
        }
        assert!(matches!(classify(503, &json!({})), SendError::Retryable(_)));
    }
}

/// A template send with body parameters (named ones carry `parameter_name`).
pub fn template(to: &str, name: &str, language: &str, params: &[(Option<String>, String)]) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|(param, text)| match param {
            Some(param) => json!({ "type": "text", "parameter_name": param, "text": text }),
            None => json!({ "type": "text", "text": text }),
        })
        .collect();
    let components =
        if parameters.is_empty() { json!([]) } else { json!([{ "type": "body", "parameters": parameters }]) };
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": { "name": name, "language": { "code": language }, "components": components },
    })
}

/// One page of `GET /{waba-id}/message_templates`: the templates and the next page's URL.
pub fn templates_page(answer: &Value) -> (Vec<Value>, Option<String>) {
    let items = answer.get("data").and_then(Value::as_array).cloned().unwrap_or_default();
    let next = answer.pointer("/paging/next").and_then(Value::as_str).map(str::to_owned);
    (items, next)
}

/// The body text of a template's components.
pub fn template_body(components: &Value) -> Option<String> {
    components
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("body")))
        .and_then(|c| c.get("text"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod template_tests {
    use super::*;

    #[test]
    fn a_named_template_matches_the_published_body() {
        let path = format!(
            "{}/../charla-testkit/fixtures/whatsapp/outbound/send_template_named_request.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let expected: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let params = vec![
            (Some("first_name".to_owned()), "Juan".to_owned()),
            (Some("order_number".to_owned()), "SKBUP2-4CPIG9".to_owned()),
        ];
        assert_eq!(template("+5215512345678", "order_confirmation", "es_MX", &params), expected);
    }
}
