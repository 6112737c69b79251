//! A campaign's conversation settings and fields (CONV-3..6, BOT-1, BOT-2), and the
//! dispositions projects offer them.

use charla_db::repo::campaign_settings::FieldRow;
use charla_db::repo::dispositions::DispositionRow;
use charla_domain::campaigns::{AgentPermissions, OutOfHours};
use charla_domain::schedules::ScheduleInput;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

type JsonObject = serde_json::Map<String, serde_json::Value>;

/// The campaign editor's conversation settings.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CampaignSettingsView {
    /// The queue conversations enter when nothing else chooses one.
    pub default_queue_id: Option<Uuid>,
    /// How a queue's conversations are given to agents (`round_robin` or `intelligent`).
    pub assignment_method: String,
    /// A contact who writes this word (as the whole message) cancels the conversation.
    pub cancel_word: String,
    /// Minutes without a message after which a conversation closes; null: never.
    pub inactivity_minutes: Option<i64>,
    /// The disposition an inactivity close records.
    pub inactivity_disposition_id: Option<Uuid>,
    /// The disposition a transfer records.
    pub transfer_disposition_id: Option<Uuid>,
    /// The disposition a mass transfer records.
    pub mass_transfer_disposition_id: Option<Uuid>,
    /// What agents may do in the campaign's conversations (emojis, attachments, ...).
    #[schemars(with = "JsonObject")]
    pub agent_permissions: AgentPermissions,
    /// The project's dispositions this campaign offers when closing.
    pub disposition_ids: Vec<Uuid>,
    /// Opening hours (BOT-1); null: always open.
    #[schemars(with = "Option<JsonObject>")]
    pub schedule: Option<ScheduleInput>,
    /// What happens to a contact who writes outside the opening hours (BOT-2).
    #[schemars(with = "Option<JsonObject>")]
    pub out_of_hours: Option<OutOfHours>,
}

/// A conversation field agents fill in when closing (CONV-6).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FieldView {
    pub id: Uuid,
    pub name: String,
    /// The field's type (`text`, `number`, `date`, `list` or `boolean`).
    pub kind: String,
    pub required: bool,
    /// The choices of a `list` field.
    pub options: Vec<String>,
    /// Its place in the form, from 0.
    pub position: i64,
}

impl From<&FieldRow> for FieldView {
    fn from(f: &FieldRow) -> Self {
        FieldView {
            id: f.id,
            name: f.name.clone(),
            kind: f.kind.clone(),
            required: f.required,
            options: f.options.0.clone(),
            position: f.position,
        }
    }
}

/// A closing disposition of a project (CONV-3).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DispositionView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub archived: bool,
    pub created_at: Ts,
}

impl From<&DispositionRow> for DispositionView {
    fn from(d: &DispositionRow) -> Self {
        DispositionView {
            id: d.id,
            project_id: d.project_id,
            name: d.name.clone(),
            archived: d.archived_at.is_some(),
            created_at: d.created_at.0,
        }
    }
}
