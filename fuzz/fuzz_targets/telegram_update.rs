//! Telegram Bot API updates: any body parses to events or a clean refusal, never a panic,
//! within the memory budget.
#![no_main]

use charla_fuzz::{Counting, within_budget};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|body: &[u8]| {
    within_budget(body.len(), || {
        let _ = charla_channels::telegram::parse(body);
    });
});
