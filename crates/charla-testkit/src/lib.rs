//! Test kit: the real application on SQLite or on a throwaway PostgreSQL, driven over HTTP.

// Test-only code: the same allowances as tests themselves.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod app;
pub mod fixtures;
pub mod graph;
pub mod meta_inbox;
pub mod multipart;
pub mod postgres;
pub mod smtp;
pub mod telegram;
pub mod twilio;

pub use app::{Backend, TestApp, TestClient};
