//! API tokens: never their secret, except once in the answer that creates one.

use charla_db::repo::tokens::TokenRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TokenView {
    pub id: Uuid,
    pub name: String,
    /// The access profile the token acts with (within its creator's permissions).
    pub profile_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_by_name: Option<String>,
    pub created_at: Ts,
    pub last_used_at: Option<Ts>,
    pub revoked_at: Option<Ts>,
}

impl From<&TokenRow> for TokenView {
    fn from(t: &TokenRow) -> Self {
        TokenView {
            id: t.id,
            name: t.name.clone(),
            profile_id: t.profile_id,
            created_by: t.created_by,
            created_by_name: t.created_by_name.clone(),
            created_at: t.created_at.0,
            last_used_at: t.last_used_at.map(|x| x.0),
            revoked_at: t.revoked_at.map(|x| x.0),
        }
    }
}

/// A new token with its secret, shown this once.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NewTokenView {
    #[serde(flatten)]
    pub view: TokenView,
    /// The bearer secret, for `Authorization: Bearer <token>`; only its hash is kept.
    pub token: String,
}
