//! Rules for what may be sent, and when.

pub mod template;
pub mod window;
