//! Request extractors whose rejections are problem documents.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{AppError, ErrorCode};

/// A JSON body; bodies are `deny_unknown_fields` structs, so extra fields are refused.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !json_content_type(req.headers()) {
            return Err(ErrorCode::UnsupportedMediaType.into());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| ErrorCode::PayloadTooLarge)?;
        // Every body is an object: serde would also fill a struct from an array by position.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(AppError::Detailed(ErrorCode::MalformedJson, "the body must be a JSON object".to_owned()));
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonDataError(err)) => {
                let detail = err.body_text();
                if detail.contains("unknown field") {
                    Err(AppError::Detailed(ErrorCode::UnknownField, detail))
                } else {
                    Err(AppError::Detailed(ErrorCode::MalformedJson, detail))
                }
            }
            Err(other) => Err(AppError::Detailed(ErrorCode::MalformedJson, other.body_text())),
        }
    }
}

/// `application/json` or `application/<something>+json`, parameters aside.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Query parameters; a value of the wrong shape is a 400 `invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(err @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(AppError::Detailed(ErrorCode::InvalidQuery, err.body_text()))
            }
            Err(other) => Err(AppError::Detailed(ErrorCode::InvalidQuery, other.body_text())),
        }
    }
}

/// The `{id}` of a path; an id that cannot exist is simply not found.
pub struct IdPath(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| ErrorCode::NotFound)?;
        Uuid::try_parse(&raw).map(IdPath).map_err(|_| AppError::from(ErrorCode::NotFound))
    }
}

/// The two ids of a nested path (`/conversations/{id}/messages/{message_id}`); ids that
/// cannot exist are simply not found.
pub struct IdsPath(pub Uuid, pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for IdsPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path((first, second)) =
            Path::<(String, String)>::from_request_parts(parts, state).await.map_err(|_| ErrorCode::NotFound)?;
        match (Uuid::try_parse(&first), Uuid::try_parse(&second)) {
            (Ok(first), Ok(second)) => Ok(IdsPath(first, second)),
            _ => Err(ErrorCode::NotFound.into()),
        }
    }
}

/// A cursor from `?after=`; the API's cursors are ids.
pub fn parse_cursor(after: Option<&str>) -> Result<Option<Uuid>, AppError> {
    match after {
        None | Some("") => Ok(None),
        Some(text) => Uuid::try_parse(text)
            .map(Some)
            .map_err(|_| AppError::Detailed(ErrorCode::InvalidQuery, "bad cursor".to_owned())),
    }
}

/// `null` clears a field; absence leaves it: two layers of `Option`.
pub mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}
