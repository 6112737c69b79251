//! One integration-test binary: the real server over HTTP, on SQLite and on PostgreSQL.

// Test code: helpers outside #[test] functions may unwrap and index too.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// Declares a test that runs once per database: `both!(name, |app| async move { ... })`.
macro_rules! both {
    ($name:ident, |$app:ident| $body:expr) => {
        both!($name, settings = |_settings| {}, |$app| $body);
    };
    ($name:ident, settings = $adjust:expr, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: charla_testkit::TestApp) -> anyhow::Result<()> {
                $body.await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = charla_testkit::TestApp::spawn_with(charla_testkit::Backend::Sqlite, $adjust).await.unwrap();
                run(app).await.unwrap();
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app =
                    charla_testkit::TestApp::spawn_with(charla_testkit::Backend::Postgres, $adjust).await.unwrap();
                run(app).await.unwrap();
            }
        }
    };
}

mod admin;
mod agent_reports;
mod assignment;
mod auth;
mod backup;
mod bad_input;
mod bots;
mod broadcast_exports;
mod broadcast_report;
mod broadcast_sending;
mod broadcast_tracking;
mod broadcasts;
mod call_window;
mod contact_fields;
mod contact_imports;
mod conversations;
mod desk;
mod hostile;
mod inbox_extras;
mod instagram;
mod intake;
mod isolation;
mod jobs;
mod lifecycle;
mod masking;
mod messenger;
mod monitoring;
mod openapi;
mod org_time_zone;
mod outbound;
mod permissions;
mod proactive;
mod realtime;
mod reports;
mod schema;
mod sms;
mod system;
mod telegram;
mod templates;
mod whatsapp;
mod whatsapp_2026;
mod widget;
