//! WhatsApp template components as an administrator submits them (OUT-1): any JSON is
//! checked to a template or to field errors, never a panic, within the memory budget.
#![no_main]

use charla_domain::outbound::template_components::{Draft, check};
use charla_fuzz::{Counting, within_budget};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|bytes: &[u8]| {
    within_budget(bytes.len(), || {
        let Ok(components) = serde_json::from_slice::<serde_json::Value>(bytes) else { return };
        let draft = Draft { name: "promo_navidad", language: "es", category: "MARKETING", components: &components };
        let _ = check(&draft);
    });
});
