//! Rules for what may be sent, and when.

pub mod interactive;
pub mod pace;
pub mod template;
pub mod template_buttons;
pub mod template_components;
pub mod window;
