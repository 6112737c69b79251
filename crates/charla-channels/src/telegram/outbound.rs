//! What Charla sends to the Bot API and how it reads the answers.

use serde_json::{Value, json};

use crate::events::SendError;

/// `setWebhook`: our URL, the secret Telegram will send back, the updates we handle.
pub fn set_webhook(url: &str, secret_token: &str) -> Value {
    json!({
        "url": url,
        "max_connections": 40,
        "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
        "drop_pending_updates": false,
        "secret_token": secret_token,
    })
}

/// `sendMessage`; `reply_to` is the contact's message id within the chat.
pub fn send_message(chat_id: &str, text: &str, reply_to: Option<&str>) -> Value {
    let chat: Value = chat_id.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(chat_id));
    let mut body = json!({ "chat_id": chat, "text": text });
    if let (Some(id), Some(obj)) = (reply_to.and_then(|r| r.parse::<i64>().ok()), body.as_object_mut()) {
        obj.insert("reply_parameters".to_owned(), json!({ "message_id": id }));
    }
    body
}

pub fn answer_callback_query(callback_query_id: &str) -> Value {
    json!({ "callback_query_id": callback_query_id })
}

/// The sent message's id within its chat.
pub fn sent_id(answer: &Value) -> Option<String> {
    answer.pointer("/result/message_id").and_then(Value::as_i64).map(|id| id.to_string())
}

/// Whether the error means the contact blocked the bot.
pub fn is_blocked(answer: &Value) -> bool {
    answer.get("error_code").and_then(Value::as_i64) == Some(403)
        && answer.get("description").and_then(Value::as_str).is_some_and(|d| d.contains("blocked"))
}

pub fn classify(http_status: u16, answer: &Value) -> SendError {
    let code = answer.get("error_code").and_then(Value::as_i64).unwrap_or(i64::from(http_status));
    let title = answer.get("description").and_then(Value::as_str).unwrap_or("error").to_owned();
    match code {
        429 => SendError::RateLimited {
            retry_after_secs: answer.pointer("/parameters/retry_after").and_then(Value::as_u64),
        },
        401 => SendError::Unlinked { code: code.to_string(), title },
        c if c >= 500 => SendError::Retryable(format!("{c}: {title}")),
        c => SendError::Permanent { code: c.to_string(), title },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/telegram/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn requests_match_the_published_bodies() {
        let expected = fixture("set_webhook_request.json");
        assert_eq!(
            set_webhook(expected["url"].as_str().unwrap(), expected["secret_token"].as_str().unwrap()),
            expected
        );
        assert_eq!(
            fixture("answer_callback_query_request.json")["callback_query_id"],
            answer_callback_query("530307468195938497")["callback_query_id"]
        );
        let send = send_message("123456789", "hola", Some("2"));
        assert_eq!(send["chat_id"], 123456789);
        assert_eq!(send["reply_parameters"]["message_id"], 2);
    }

    #[test]
    fn answers_and_errors() {
        assert_eq!(sent_id(&fixture("send_message_response.json")).as_deref(), Some("9"));
        assert_eq!(
            classify(429, &fixture("error_429_retry_after.json")),
            SendError::RateLimited { retry_after_secs: Some(35) }
        );
        assert!(is_blocked(&fixture("error_403_bot_blocked.json")));
        assert!(matches!(classify(403, &fixture("error_403_bot_blocked.json")), SendError::Permanent { .. }));
        assert!(matches!(classify(400, &fixture("error_400_chat_not_found.json")), SendError::Permanent { .. }));
    }
}
