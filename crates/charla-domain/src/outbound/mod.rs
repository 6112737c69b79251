//! Rules for what may be sent, and when.

pub mod interactive;
pub mod pace;
pub mod template;
pub mod window;
