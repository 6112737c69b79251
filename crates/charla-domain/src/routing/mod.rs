//! Routing: which agent gets a conversation, and what waits in a queue.

pub mod assignment;
pub mod queue;
