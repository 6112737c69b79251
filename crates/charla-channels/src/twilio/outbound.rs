//! Sends through Twilio: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form
//! fields `To`, `From`, `Body`, `MediaUrl` (an MMS) and `StatusCallback`, with HTTP Basic
//! auth (AccountSid, auth token). Twilio answers 201 with the message (`sid`, `status`) or
//! an error document `{code, message, status}`.

use serde_json::Value;

use crate::events::{SendError, Throttle};

/// The longest body Twilio takes: 1,600 characters (it splits it into segments itself).
pub const BODY_MAX: usize = 1600;

/// GSM 03.38's basic characters: one septet each in an SMS.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: an escape and the character, two septets each.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// How many segments carriers split a text into: GSM-7 when every character is in its
/// alphabet (160 septets in one, 153 each when several), else UCS-2 (70 UTF-16 units in
/// one, 67 each). Twilio sends a long code's segments one a second, so the pace counts them.
pub fn segments(text: &str) -> u32 {
    let septets: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (length, single, each) = match septets {
        Some(septets) => (septets, 160, 153),
        None => (text.encode_utf16().count(), 70, 67),
    };
    let count = if length <= single { 1 } else { length.div_ceil(each) };
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The path of a send for an account.
pub fn messages_path(account_sid: &str) -> String {
    format!("/2010-04-01/Accounts/{account_sid}/Messages.json")
}

/// The form of a send: a text, or an MMS with its media URL (and the text as its caption).
pub fn send_form(
    to: &str,
    from: &str,
    body: Option<&str>,
    media_url: Option<&str>,
    status_callback: &str,
) -> Vec<(&'static str, String)> {
    let mut form = vec![("To", to.to_owned()), ("From", from.to_owned())];
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        form.push(("Body", body.to_owned()));
    }
    if let Some(url) = media_url {
        form.push(("MediaUrl", url.to_owned()));
    }
    form.push(("StatusCallback", status_callback.to_owned()));
    form
}

/// The `sid` of a send Twilio accepted.
pub fn sent_sid(answer: &Value) -> Option<String> {
    answer.get("sid").and_then(Value::as_str).filter(|s| super::is_sid(s)).map(str::to_owned)
}

/// What an agent reads for one of Twilio's error codes: the documented meaning of the
/// common ones, else Twilio's own message.
pub fn error_title(code: &str, message: Option<&str>) -> String {
    let known = match code {
        "21211" => "invalid number",
        "21408" => "no permission to send to this region",
        "21610" => "the contact replied STOP: unsubscribed",
        "21614" => "the number is not a mobile number",
        "30003" => "unreachable destination handset",
        "30004" => "message blocked",
        "30005" => "unknown destination handset",
        "30006" => "landline or unreachable carrier",
        "30007" => "filtered by the carrier as spam",
        "30008" => "unknown error",
        _ => "",
    };
    if known.is_empty() { message.unwrap_or("undelivered").to_owned() } else { known.to_owned() }
}

/// Twilio's answer to a failed send, as the outbox takes it: throttled (429, 20429) or its
/// own trouble (5xx) are tried again; bad credentials pause the channel; anything else is
/// the message's failure, with Twilio's code.
pub fn classify(status: u16, answer: &Value) -> SendError {
    let code = match answer.get("code") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let message = answer.get("message").and_then(Value::as_str);
    if status == 429 || code == "20429" {
        return SendError::RateLimited { retry_after_secs: None, scope: Throttle::Sender };
    }
    if status >= 500 {
        return SendError::Retryable(format!("twilio answered {status}"));
    }
    if status == 401 || code == "20003" {
        return SendError::Unlinked {
            code: if code.is_empty() { "20003".to_owned() } else { code },
            title: "the account's credentials were refused".to_owned(),
        };
    }
    let code = if code.is_empty() { status.to_string() } else { code };
    let title = error_title(&code, message);
    SendError::Permanent { code, title }
}
