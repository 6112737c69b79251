//! The organization's pause reasons, which an agent picks when pausing.

use charla_db::repo::pause_reasons::PauseReasonRow;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PauseReasonView {
    pub id: Uuid,
    pub name: String,
}

impl From<&PauseReasonRow> for PauseReasonView {
    fn from(r: &PauseReasonRow) -> Self {
        PauseReasonView { id: r.id, name: r.name.clone() }
    }
}
