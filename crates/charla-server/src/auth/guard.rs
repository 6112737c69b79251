//! The route guard: authenticates and checks the route table's access rule up front.

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Caller;
use super::caller::Credential;
use crate::api::Access;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

pub async fn authorize(State(state): State<AppState>, access: Access, request: Request, next: Next) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let caller = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => caller,
        Err(err) => return err.into_response(),
    };
    let allowed = match access {
        Access::Public | Access::Member => true,
        Access::Session => matches!(caller.credential, Credential::Session { .. }),
        Access::Permission(p) => caller.can(p),
        Access::AnyOf(ps) => ps.iter().any(|p| caller.can(*p)),
    };
    if !allowed {
        return AppError::from(ErrorCode::Forbidden).into_response();
    }
    parts.extensions.insert(caller);
    next.run(Request::from_parts(parts, body)).await
}
