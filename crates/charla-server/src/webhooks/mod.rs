//! Network webhooks (DESIGN §4): `GET/POST /webhooks/{network}/{channel_id}`. Verify on the
//! raw bytes, parse, store what is new, answer 200 once it is durable.

pub mod telegram;
pub mod whatsapp;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/whatsapp/{channel_id}", get(whatsapp::verify_subscription).post(whatsapp::receive))
        .route("/webhooks/telegram/{channel_id}", post(telegram::receive))
}
