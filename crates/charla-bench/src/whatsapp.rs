//! Signed WhatsApp Cloud API webhooks, shaped like the test kit's fixtures
//! (`whatsapp/text_message.json`, `whatsapp/status_*.json`), and a client that posts them.
//!
//! Every body is built once and sent as those exact bytes: the signature is over the bytes.

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use charla_testkit::fixtures::config;

/// The header Meta signs with.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// One signed webhook: its exact body bytes and their `X-Hub-Signature-256`.
#[derive(Clone)]
pub struct Signed {
    pub body: Vec<u8>,
    pub signature: String,
}

/// `sha256=` + hex HMAC-SHA256 of `body` with the app secret (Meta's scheme).
pub fn signature(app_secret: &str, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes a key of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(7 + digest.len() * 2);
    hex.push_str("sha256=");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

fn sign(value: &Value) -> Signed {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let signature = signature(config::APP_SECRET, &body);
    Signed { body, signature }
}

/// The envelope of channel A's number around one `value` (metadata added).
fn envelope(mut value: Value) -> Value {
    if let Some(fields) = value.as_object_mut() {
        fields.insert("messaging_product".to_owned(), json!("whatsapp"));
        fields.insert(
            "metadata".to_owned(),
            json!({ "display_phone_number": config::DISPLAY_A, "phone_number_id": config::NUMBER_A }),
        );
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": config::WABA_A, "changes": [{ "value": value, "field": "messages" }] }]
    })
}

/// A contact's phone (wa_id) number `n`: Colombian mobile numbers, all distinct.
pub fn sender(n: usize) -> String {
    format!("57300{:07}", n % 10_000_000)
}

/// A unique inbound wamid for a run's `n`-th message (`run` keeps runs apart).
pub fn inbound_wamid(run: &str, n: usize) -> String {
    format!("wamid.bench.{run}.{n:08}")
}

/// An inbound text message like `text_message.json`, from `from`, at unix time `at`
/// (now, so the 24-hour window is open and agents may answer).
pub fn text_message(wamid: &str, from: &str, at: i64, text: &str) -> Signed {
    sign(&envelope(json!({
        "contacts": [{ "profile": { "name": format!("Cliente {from}") }, "wa_id": from }],
        "messages": [{
            "from": from,
            "id": wamid,
            "timestamp": at.to_string(),
            "type": "text",
            "text": { "body": text },
        }],
    })))
}

/// A status of an outbound message, like `status_read_v24.json` (no pricing).
pub fn status(wamid: &str, status: &str, recipient: &str, at: i64) -> Signed {
    sign(&envelope(json!({
        "statuses": [{
            "id": wamid,
            "status": status,
            "timestamp": at.to_string(),
            "recipient_id": recipient,
        }],
    })))
}

/// Posts signed webhooks to one channel's webhook URL over a shared connection pool.
#[derive(Clone)]
pub struct Webhooks {
    http: reqwest::Client,
    url: String,
}

impl Webhooks {
    /// `base` is the server's `http://127.0.0.1:<port>`; the path is the channel's own.
    pub fn new(base: &str, channel_id: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(64).build()?;
        Ok(Webhooks { http, url: format!("{base}/webhooks/whatsapp/{channel_id}") })
    }

    /// Posts one webhook; answers the status (an error when no answer came at all).
    pub async fn post(&self, webhook: &Signed) -> anyhow::Result<StatusCode> {
        let response = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, &webhook.signature)
            .body(webhook.body.clone())
            .send()
            .await?;
        let status = response.status();
        // Read the body so the connection goes back to the pool.
        let _ = response.bytes().await;
        Ok(status)
    }

    /// Posts one webhook and fails unless it answered 200.
    pub async fn post_ok(&self, webhook: &Signed) -> anyhow::Result<()> {
        let status = self.post(webhook).await?;
        anyhow::ensure!(status == StatusCode::OK, "webhook answered {status}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures' own signature of `text_message.json`, computed the same way.
    #[test]
    fn signs_like_meta() {
        let body = charla_testkit::fixtures::bytes("whatsapp/text_message.json");
        assert_eq!(
            signature(config::APP_SECRET, &body),
            charla_testkit::fixtures::whatsapp_signature("text_message.json")
        );
    }

    #[test]
    fn bodies_parse_as_the_server_parses_them() {
        let message = text_message(&inbound_wamid("t", 1), &sender(1), 1_767_283_210, "hola");
        let events = charla_channels::whatsapp::parse(&message.body).unwrap_or_default();
        assert_eq!(events.len(), 1);
        let status = status("wamid.x", "read", &sender(1), 1_767_283_210);
        assert_eq!(charla_channels::whatsapp::parse(&status.body).unwrap_or_default().len(), 1);
    }
}
