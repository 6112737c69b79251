//! Messenger and Instagram webhooks (one parser, Meta's two platforms): any body parses to
//! routed events or a clean refusal, never a panic, within the memory budget.
#![no_main]

use charla_channels::messenger::{Platform, parse};
use charla_fuzz::{Counting, within_budget};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|body: &[u8]| {
    within_budget(body.len(), || {
        let _ = parse(body, Platform::Messenger);
        let _ = parse(body, Platform::Instagram);
    });
});
