//! Charla's benchmarks (design.md §9): bench binaries that start the real application on
//! 127.0.0.1, load data straight in SQL or through the API, and print figures with a
//! same-run baseline. They are never timed tests; every loop in them is bounded.
//!
//! - `server`: the application on its own runtime, on SQLite or a throwaway PostgreSQL.
//! - `child`: the `charla` binary as a child process, for `kill -9` and restarts.
//! - `backends`: the `--backend` flag.
//! - `session`: a logged-in HTTP client (cookie jar and CSRF token, like the web app).
//! - `measure`: bounded requests at a fixed concurrency (closed loop or paced); percentiles.
//! - `delivery`: what a load under kills saw acknowledged, and whether all of it arrived.
//! - `desk`: a WhatsApp channel and its campaign, made through the API.
//! - `fanout`: posts a list of webhooks once each through fixed connections; tallies answers.
//! - `whatsapp`: signed WhatsApp webhooks (messages, statuses) and their poster.
//! - `raw_insert`: the single-row INSERT baseline of the ingest bench.
//! - `tcp_proxy`: a round-robin TCP proxy in front of several nodes (the `rolling` bench).
//! - `stored`: what the server stored, read back from its database.
//! - `agent_socket`: an agent's realtime socket opened as the web app opens it.
//! - `floor`: agents in queues with assigned conversations (the `realtime` bench).
//! - `proc_memory`: a process's resident memory (VmRSS).
//! - `verdict`: the `RESULT` line of each goal.
//! - `inbox_data`: the set-based SQL that fills an organization's inbox (the `inbox` bench).
//! - `inbox_plans`: the query plans of the inbox's lists (`inbox --explain`).

pub mod agent_socket;
pub mod backends;
pub mod child;
pub mod delivery;
pub mod desk;
pub mod fanout;
pub mod floor;
pub mod inbox_data;
pub mod inbox_plans;
pub mod measure;
pub mod proc_memory;
pub mod raw_insert;
pub mod server;
pub mod session;
pub mod stored;
pub mod tcp_proxy;
pub mod verdict;
pub mod whatsapp;
