//! Realtime: the events table → each node's relay → the in-process hub → WebSockets.

pub mod hub;
pub mod origin;
pub mod relay;
pub mod ws;
