//! The real-format channel payloads in `fixtures/` (copied from the shared set), read as
//! exact bytes: signatures are over the bytes, so they are never re-serialised.

use std::path::PathBuf;

use serde_json::Value;

pub fn path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative)
}

pub fn bytes(relative: &str) -> Vec<u8> {
    std::fs::read(path(relative)).unwrap_or_else(|e| panic!("fixture {relative}: {e}"))
}

pub fn json(relative: &str) -> Value {
    serde_json::from_slice(&bytes(relative)).unwrap_or_else(|e| panic!("fixture {relative}: {e}"))
}

/// The `X-Hub-Signature-256` the fixtures' README gives for a WhatsApp file.
pub fn whatsapp_signature(file: &str) -> String {
    json("whatsapp/signatures.json")["signatures"][file].as_str().unwrap_or_default().to_owned()
}

/// The `X-Hub-Signature-256` the fixtures' README gives for a Messenger or Instagram file
/// (`"messenger/text_message.json"`).
pub fn meta_signature(relative: &str) -> String {
    let (network, file) = relative.split_once('/').unwrap_or_default();
    json(&format!("{network}/signatures.json"))["signatures"][file].as_str().unwrap_or_default().to_owned()
}

/// A `wamid` named in `whatsapp/ids.json`.
pub fn wamid(name: &str) -> String {
    json("whatsapp/ids.json")[name].as_str().unwrap_or_default().to_owned()
}

/// The fixtures' test configuration (README): secrets and the two WhatsApp numbers.
pub mod config {
    pub const APP_SECRET: &str = "charla-test-app-secret-4c1d";
    pub const VERIFY_TOKEN: &str = "charla-verify-7f3a";
    pub const WABA_A: &str = "102290129340398";
    pub const NUMBER_A: &str = "106540352242922";
    pub const DISPLAY_A: &str = "15550783881";
    pub const WABA_B: &str = "104996122399160";
    pub const NUMBER_B: &str = "109876543210987";
    pub const DISPLAY_B: &str = "5491155550000";
    pub const PAGE_ID: &str = "110240735389862";
    pub const PSID: &str = "7380941165296342";
    pub const PSID_GET_STARTED: &str = "6215520741891023";
    pub const INSTAGRAM_ACCOUNT_ID: &str = "17841405793187218";
    pub const IGSID: &str = "1191526032493826";
}
