//! Conversations: their lifecycle, how they close, and the fields a campaign asks for.

pub mod closing;
pub mod fields;
pub mod lifecycle;
