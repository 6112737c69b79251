//! Charla's channels (design.md §5): for each network, verify a webhook on its raw bytes,
//! parse it into typed events, and speak its outbound API. No database here: the server's
//! intake stores what these modules hand it.

pub mod events;
pub mod messenger;
pub mod signature;
pub mod telegram;
pub mod twilio;
pub mod whatsapp;

pub use events::{
    InboundEvent, InboundMessage, Media, Reaction, SendError, StatusUpdate, Throttle, Watermark, is_media_id,
};
