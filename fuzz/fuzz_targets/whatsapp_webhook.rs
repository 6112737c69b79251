//! WhatsApp Cloud API webhooks: any body parses to events or a clean refusal, never a panic,
//! within the memory budget. The signature check runs on the same bytes.
#![no_main]

use charla_fuzz::{Counting, within_budget};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|body: &[u8]| {
    within_budget(body.len(), || {
        let _ = charla_channels::whatsapp::verify("app-secret", body, Some("sha256=00"));
        let _ = charla_channels::whatsapp::parse(body);
    });
});
