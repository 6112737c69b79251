//! An agent's absence message (CONV-13).

use charla_db::repo::absences::AbsenceRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AbsenceView {
    pub user_id: Uuid,
    /// Whether customers writing to the agent get the message.
    pub enabled: bool,
    /// Empty when never set.
    pub message: String,
    /// Another contact to suggest (a number, a name), shown after the message.
    pub suggested_contact: Option<String>,
    /// Null when never set.
    pub updated_at: Option<Ts>,
}

impl AbsenceView {
    /// The user's absence, or the default (off, empty) when they never set one.
    pub fn new(user: Uuid, row: Option<&AbsenceRow>) -> Self {
        AbsenceView {
            user_id: user,
            enabled: row.is_some_and(|r| r.enabled),
            message: row.map(|r| r.message.clone()).unwrap_or_default(),
            suggested_contact: row.and_then(|r| r.suggested_contact.clone()),
            updated_at: row.map(|r| r.updated_at.0),
        }
    }
}
