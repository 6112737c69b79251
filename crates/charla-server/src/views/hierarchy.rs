//! Clients, projects and campaigns as the API shows them.

use charla_db::repo::hierarchy::NodeRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::campaigns::CampaignSettingsView;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ClientView {
    pub id: Uuid,
    pub name: String,
    /// Whether `archived_at` is set.
    pub archived: bool,
    pub archived_at: Option<Ts>,
    pub created_at: Ts,
}

impl From<&NodeRow> for ClientView {
    fn from(n: &NodeRow) -> Self {
        ClientView {
            id: n.id,
            name: n.name.clone(),
            archived: n.archived_at.is_some(),
            archived_at: n.archived_at.map(|t| t.0),
            created_at: n.created_at.0,
        }
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ProjectView {
    pub id: Uuid,
    pub name: String,
    /// Whether `archived_at` is set.
    pub archived: bool,
    pub archived_at: Option<Ts>,
    pub created_at: Ts,
    /// The client the project belongs to.
    pub client_id: Option<Uuid>,
}

impl From<&NodeRow> for ProjectView {
    fn from(n: &NodeRow) -> Self {
        ProjectView {
            id: n.id,
            name: n.name.clone(),
            archived: n.archived_at.is_some(),
            archived_at: n.archived_at.map(|t| t.0),
            created_at: n.created_at.0,
            client_id: n.parent_id,
        }
    }
}

/// A campaign without its conversation settings: what the audit log keeps of a change.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CampaignNodeView {
    pub id: Uuid,
    pub name: String,
    /// Whether `archived_at` is set.
    pub archived: bool,
    pub archived_at: Option<Ts>,
    pub created_at: Ts,
    /// The project the campaign belongs to.
    pub project_id: Option<Uuid>,
    pub description: Option<String>,
}

impl From<&NodeRow> for CampaignNodeView {
    fn from(n: &NodeRow) -> Self {
        CampaignNodeView {
            id: n.id,
            name: n.name.clone(),
            archived: n.archived_at.is_some(),
            archived_at: n.archived_at.map(|t| t.0),
            created_at: n.created_at.0,
            project_id: n.parent_id,
            description: n.description.clone(),
        }
    }
}

/// A campaign with its conversation settings (the campaign editor's tabs).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CampaignView {
    #[serde(flatten)]
    pub campaign: CampaignNodeView,
    #[serde(flatten)]
    pub settings: CampaignSettingsView,
}
