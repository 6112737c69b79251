//! Charla's benchmarks (DESIGN §9): bench binaries that start the real application on
//! 127.0.0.1, load data straight in SQL, and print figures with a same-run baseline.
//! They are never timed tests; every loop in them is bounded.
//!
//! - `server`: the application on its own runtime, on SQLite or a throwaway PostgreSQL.
//! - `session`: a logged-in HTTP client (cookie jar and CSRF token, like the web app).
//! - `measure`: runs a bounded number of requests with a fixed concurrency; percentiles.
//! - `inbox_data`: the set-based SQL that fills an organization's inbox (the `inbox` bench).

pub mod inbox_data;
pub mod measure;
pub mod server;
pub mod session;
