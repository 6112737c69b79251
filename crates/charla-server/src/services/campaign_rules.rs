//! A campaign's conversation settings as the engine uses them, and its default queue.

use charla_db::repo::{campaign_settings, queues};
use charla_db::{Conn, Tx};
use charla_domain::campaigns::{AgentPermissions, OutOfHours};
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use charla_domain::routing::assignment::AssignmentMethod;
use charla_domain::schedules::{self, Schedule, ScheduleInput};
use charla_domain::time::Ts;
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::locales;
use crate::state::AppState;

#[derive(Clone, Debug)]
pub struct CampaignRules {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub archived: bool,
    pub default_queue_id: Option<Uuid>,
    pub method: AssignmentMethod,
    pub cancel_word: String,
    pub inactivity_minutes: Option<i64>,
    pub inactivity_disposition_id: Option<Uuid>,
    pub transfer_disposition_id: Option<Uuid>,
    pub mass_transfer_disposition_id: Option<Uuid>,
    pub permissions: AgentPermissions,
    /// Opening hours; None: always open (no schedule set).
    pub schedule: Option<Schedule>,
    pub out_of_hours: Option<OutOfHours>,
}

impl From<campaign_settings::SettingsRow> for CampaignRules {
    fn from(row: campaign_settings::SettingsRow) -> Self {
        let permissions =
            row.agent_permissions.and_then(|json| serde_json::from_value(json.0).ok()).unwrap_or_default();
        CampaignRules {
            id: row.id,
            project_id: row.project_id,
            name: row.name,
            archived: row.archived_at.is_some(),
            default_queue_id: row.default_queue_id,
            method: AssignmentMethod::parse(&row.assignment_method).unwrap_or(AssignmentMethod::RoundRobin),
            cancel_word: row.cancel_word,
            inactivity_minutes: row.inactivity_minutes.filter(|m| *m > 0),
            inactivity_disposition_id: row.inactivity_disposition_id,
            transfer_disposition_id: row.transfer_disposition_id,
            mass_transfer_disposition_id: row.mass_transfer_disposition_id,
            permissions,
            schedule: row
                .schedule
                .and_then(|json| serde_json::from_value::<ScheduleInput>(json.0).ok())
                .and_then(|input| schedules::parse(&input).ok()),
            out_of_hours: row.out_of_hours.and_then(|json| serde_json::from_value(json.0).ok()),
        }
    }
}

pub async fn load<'c>(conn: impl Into<Conn<'c>>, org: Uuid, campaign: Uuid) -> AppResult<CampaignRules> {
    let row = campaign_settings::get(conn, org, campaign).await?.ok_or(ErrorCode::NotFound)?;
    Ok(row.into())
}

/// Every campaign of the organization (a handful): what masking and search decide by.
pub async fn all<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> AppResult<Vec<CampaignRules>> {
    Ok(campaign_settings::all(conn, org).await?.into_iter().map(CampaignRules::from).collect())
}

/// Creates a campaign's default queue, named in the given language.
pub async fn create_default_queue(
    tx: &mut Tx,
    org: Uuid,
    campaign: Uuid,
    language: Language,
    now: Ts,
) -> AppResult<Uuid> {
    let queue = new_id();
    queues::insert(tx, org, queue, campaign, &locales::text(language, "queues.default_name", &[]), now).await?;
    campaign_settings::set_default_queue(tx, org, campaign, queue).await?;
    Ok(queue)
}

/// Gives campaigns created before queues existed their default queue (at start-up).
pub async fn backfill_default_queues(state: &AppState) -> AppResult<()> {
    for (org, campaign) in campaign_settings::without_default_queue(&state.db).await? {
        let mut tx = state.db.begin().await?;
        create_default_queue(&mut tx, org, campaign, Language::Es, state.clock.now()).await?;
        tx.commit().await?;
    }
    Ok(())
}
