//! The campaign editor's conversation tabs: assignment method, cancel word, inactivity,
//! dispositions, agent permissions (CONV-3..5), and the opening hours with what happens
//! outside them (BOT-1, BOT-2). Its fields tab is `campaign_fields`.

use charla_db::repo::campaign_settings::{self, SettingsUpdate};
use charla_db::repo::dispositions;
use charla_domain::campaigns::{
    AgentPermissions, CANCEL_WORD_MAX, INACTIVITY_MINUTES_MAX, OutOfHours, check_history_hours, check_out_of_hours,
};
use charla_domain::routing::assignment::AssignmentMethod;
use charla_domain::schedules::{self, ScheduleInput};
use charla_domain::validation::Invalid;
use serde_json::{Value, json};
use uuid::Uuid;

use super::campaign_rules::{self, CampaignRules};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::audit;
use crate::state::AppState;
use crate::views::audited;
use crate::views::campaigns::CampaignSettingsView;

pub async fn view(state: &AppState, org: Uuid, rules: &CampaignRules) -> AppResult<CampaignSettingsView> {
    let dispositions = campaign_settings::dispositions(&state.db, org, rules.id).await?;
    Ok(CampaignSettingsView {
        default_queue_id: rules.default_queue_id,
        assignment_method: rules.method.code().to_owned(),
        cancel_word: rules.cancel_word.clone(),
        inactivity_minutes: rules.inactivity_minutes,
        inactivity_disposition_id: rules.inactivity_disposition_id,
        transfer_disposition_id: rules.transfer_disposition_id,
        mass_transfer_disposition_id: rules.mass_transfer_disposition_id,
        agent_permissions: rules.permissions,
        disposition_ids: dispositions,
        schedule: rules.schedule.as_ref().map(schedules::to_input),
        out_of_hours: rules.out_of_hours.clone(),
    })
}

#[derive(Default)]
pub struct SettingsPatch {
    pub assignment_method: Option<String>,
    pub cancel_word: Option<String>,
    pub inactivity_minutes: Option<Option<i64>>,
    pub inactivity_disposition_id: Option<Option<Uuid>>,
    pub transfer_disposition_id: Option<Option<Uuid>>,
    pub mass_transfer_disposition_id: Option<Option<Uuid>>,
    pub agent_permissions: Option<AgentPermissions>,
    pub disposition_ids: Option<Vec<Uuid>>,
    /// `null` clears (always open).
    pub schedule: Option<Option<ScheduleInput>>,
    pub out_of_hours: Option<Option<OutOfHours>>,
}

impl SettingsPatch {
    pub fn is_empty(&self) -> bool {
        self.assignment_method.is_none()
            && self.cancel_word.is_none()
            && self.inactivity_minutes.is_none()
            && self.inactivity_disposition_id.is_none()
            && self.transfer_disposition_id.is_none()
            && self.mass_transfer_disposition_id.is_none()
            && self.agent_permissions.is_none()
            && self.disposition_ids.is_none()
            && self.schedule.is_none()
            && self.out_of_hours.is_none()
    }
}

/// The patch checked and merged over the current settings, ready to store.
struct Checked {
    method: AssignmentMethod,
    cancel_word: String,
    inactivity: Option<i64>,
    inactivity_disposition: Option<Uuid>,
    transfer_disposition: Option<Uuid>,
    mass_disposition: Option<Uuid>,
    permissions: AgentPermissions,
    schedule: Option<Value>,
    out_of_hours: Option<Value>,
}

/// Applies the patch in one transaction, after checking every field; audited.
pub async fn update(state: &AppState, caller: &Caller, campaign: Uuid, patch: SettingsPatch) -> AppResult<()> {
    let rules = campaign_rules::load(&state.db, caller.org, campaign).await?;
    let project_dispositions: Vec<Uuid> = dispositions::list(&state.db, caller.org, Some(rules.project_id))
        .await?
        .into_iter()
        .filter(|d| d.archived_at.is_none())
        .map(|d| d.id)
        .collect();
    let checked = check(&patch, &rules, &project_dispositions)?;
    let before = view(state, caller.org, &rules).await?;
    let permissions_json = serde_json::to_value(checked.permissions).map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    let update = SettingsUpdate {
        assignment_method: checked.method.code(),
        cancel_word: &checked.cancel_word,
        inactivity_minutes: checked.inactivity,
        inactivity_disposition_id: checked.inactivity_disposition,
        transfer_disposition_id: checked.transfer_disposition,
        mass_transfer_disposition_id: checked.mass_disposition,
        agent_permissions: &permissions_json,
        schedule: checked.schedule.as_ref(),
        out_of_hours: checked.out_of_hours.as_ref(),
        now: state.clock.now(),
    };
    campaign_settings::update(&mut tx, caller.org, campaign, &update).await?;
    if let Some(ids) = &patch.disposition_ids {
        let mut ids = ids.clone();
        ids.sort();
        ids.dedup();
        campaign_settings::set_dispositions(&mut tx, caller.org, campaign, &ids).await?;
    }
    let after_rules = campaign_rules::load(&mut tx, caller.org, campaign).await?;
    crate::services::conversations::hours_end::arm(state, &mut tx, caller.org, &after_rules, state.clock.now()).await?;
    tx.commit().await?;
    let after = view(state, caller.org, &after_rules).await?;
    announce(state, caller, campaign, &before, &after).await
}

/// Checks every field of the patch (all errors at once) and merges it over the rules.
fn check(patch: &SettingsPatch, rules: &CampaignRules, project_dispositions: &[Uuid]) -> AppResult<Checked> {
    let mut invalid = Invalid::new();
    let method = match patch.assignment_method.as_deref() {
        Some(code) => AssignmentMethod::parse(code).unwrap_or_else(|| {
            invalid.add("assignment_method", "invalid");
            rules.method
        }),
        None => rules.method,
    };
    let cancel_word = match patch.cancel_word.as_deref() {
        Some(word) => invalid.text("cancel_word", word, CANCEL_WORD_MAX),
        None => rules.cancel_word.clone(),
    };
    let inactivity = patch.inactivity_minutes.unwrap_or(rules.inactivity_minutes);
    if let Some(minutes) = inactivity
        && !(1..=INACTIVITY_MINUTES_MAX).contains(&minutes)
    {
        invalid.add_with("inactivity_minutes", "out_of_range", &[("min", 1), ("max", INACTIVITY_MINUTES_MAX)]);
    }
    let [inactivity_disposition, transfer_disposition, mass_disposition] =
        special_dispositions(&mut invalid, patch, rules, project_dispositions);
    let permissions = patch.agent_permissions.unwrap_or(rules.permissions);
    check_history_hours(&mut invalid, "agent_permissions.history_hours", permissions.history_hours);
    let (schedule, out_of_hours) = check_hours(&mut invalid, patch, rules);
    invalid.finish()?;
    Ok(Checked {
        method,
        cancel_word,
        inactivity,
        inactivity_disposition,
        transfer_disposition,
        mass_disposition,
        permissions,
        schedule,
        out_of_hours,
    })
}

/// The dispositions set on closing by inactivity, by transfer and by mass transfer (the
/// patch's or the current ones), and the campaign's closing list: each one of the project.
fn special_dispositions(
    invalid: &mut Invalid,
    patch: &SettingsPatch,
    rules: &CampaignRules,
    project_dispositions: &[Uuid],
) -> [Option<Uuid>; 3] {
    let mut special = |field: &str, value: Option<Option<Uuid>>, current: Option<Uuid>| {
        let chosen = value.unwrap_or(current);
        if let Some(id) = chosen
            && !project_dispositions.contains(&id)
        {
            invalid.add(field, "invalid");
        }
        chosen
    };
    let chosen = [
        special("inactivity_disposition_id", patch.inactivity_disposition_id, rules.inactivity_disposition_id),
        special("transfer_disposition_id", patch.transfer_disposition_id, rules.transfer_disposition_id),
        special("mass_transfer_disposition_id", patch.mass_transfer_disposition_id, rules.mass_transfer_disposition_id),
    ];
    for (i, id) in patch.disposition_ids.iter().flatten().enumerate() {
        if !project_dispositions.contains(id) {
            invalid.add(&format!("disposition_ids.{i}"), "invalid");
        }
    }
    chosen
}

/// The opening hours and what happens outside them, as stored: the patch's, or the
/// current ones when it leaves them out.
fn check_hours(invalid: &mut Invalid, patch: &SettingsPatch, rules: &CampaignRules) -> (Option<Value>, Option<Value>) {
    let schedule = match &patch.schedule {
        Some(Some(input)) => match schedules::parse(input) {
            Ok(parsed) => Some(Some(schedules::to_input(&parsed))),
            Err(errors) => {
                for mut e in errors.0 {
                    e.field = format!("schedule.{}", e.field);
                    invalid.0.push(e);
                }
                None
            }
        },
        Some(None) => Some(None),
        None => None,
    };
    let out_of_hours = match &patch.out_of_hours {
        Some(Some(o)) => Some(Some(check_out_of_hours(invalid, "out_of_hours", o))),
        Some(None) => Some(None),
        None => None,
    };
    let schedule_json = match schedule {
        Some(s) => s.map(|s| serde_json::to_value(s).unwrap_or_default()),
        None => rules.schedule.as_ref().map(|s| serde_json::to_value(schedules::to_input(s)).unwrap_or_default()),
    };
    let out_of_hours_json = match out_of_hours {
        Some(o) => o.map(|o| serde_json::to_value(o).unwrap_or_default()),
        None => rules.out_of_hours.as_ref().map(|o| serde_json::to_value(o).unwrap_or_default()),
    };
    (schedule_json, out_of_hours_json)
}

/// The audit entry of a settings change, and the event that tells open inboxes.
async fn announce(
    state: &AppState,
    caller: &Caller,
    campaign: Uuid,
    before: &CampaignSettingsView,
    after: &CampaignSettingsView,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    audit::record(
        state,
        &mut tx,
        caller,
        "campaign.settings_updated",
        ("campaign", Some(campaign)),
        Some(&audited(before)),
        Some(&audited(after)),
    )
    .await?;
    crate::services::events::emit(
        state,
        &mut tx,
        caller.org,
        "campaign.settings_updated",
        &json!({ "campaign_id": campaign }),
        &crate::services::events::audience(&[], &["inbox.own", "inbox.supervise", "inbox.all"]),
    )
    .await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}
