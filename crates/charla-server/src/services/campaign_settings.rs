//! The campaign editor's conversation tabs: assignment method, cancel word, inactivity,
//! dispositions, agent permissions (CONV-3..6), conversation fields, and the opening hours
//! with what happens outside them (BOT-1, BOT-2).

use charla_db::repo::campaign_settings::{self, FieldWrite, SettingsUpdate};
use charla_db::repo::dispositions;
use charla_domain::campaigns::{
    AgentPermissions, CANCEL_WORD_MAX, INACTIVITY_MINUTES_MAX, OutOfHours, check_history_hours, check_out_of_hours,
};
use charla_domain::conversations::fields::{FieldKind, check_def};
use charla_domain::ids::new_id;
use charla_domain::routing::assignment::AssignmentMethod;
use charla_domain::schedules::{self, ScheduleInput};
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use super::campaign_rules::{self, CampaignRules};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::audit;
use crate::state::AppState;
use crate::views::campaigns::{CampaignSettingsView, FieldView};
use crate::views::{Page, audited};

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

/// Applies the patch in one transaction, after checking every field; audited.
pub async fn update(state: &AppState, caller: &Caller, campaign: Uuid, patch: SettingsPatch) -> AppResult<()> {
    let rules = campaign_rules::load(&state.db, caller.org, campaign).await?;
    let project_dispositions: Vec<Uuid> = dispositions::list(&state.db, caller.org, Some(rules.project_id))
        .await?
        .into_iter()
        .filter(|d| d.archived_at.is_none())
        .map(|d| d.id)
        .collect();
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
    let mut special = |field: &str, value: Option<Option<Uuid>>, current: Option<Uuid>| {
        let chosen = value.unwrap_or(current);
        if let Some(id) = chosen
            && !project_dispositions.contains(&id)
        {
            invalid.add(field, "invalid");
        }
        chosen
    };
    let inactivity_disposition =
        special("inactivity_disposition_id", patch.inactivity_disposition_id, rules.inactivity_disposition_id);
    let transfer_disposition =
        special("transfer_disposition_id", patch.transfer_disposition_id, rules.transfer_disposition_id);
    let mass_disposition =
        special("mass_transfer_disposition_id", patch.mass_transfer_disposition_id, rules.mass_transfer_disposition_id);
    let permissions = patch.agent_permissions.unwrap_or(rules.permissions);
    check_history_hours(&mut invalid, "agent_permissions.history_hours", permissions.history_hours);
    if let Some(ids) = &patch.disposition_ids {
        for (i, id) in ids.iter().enumerate() {
            if !project_dispositions.contains(id) {
                invalid.add(&format!("disposition_ids.{i}"), "invalid");
            }
        }
    }
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
        Some(Some(o)) => Some(Some(check_out_of_hours(&mut invalid, "out_of_hours", o))),
        Some(None) => Some(None),
        None => None,
    };
    invalid.finish()?;
    let schedule_json = match schedule {
        Some(s) => s.map(|s| serde_json::to_value(s).unwrap_or_default()),
        None => rules.schedule.as_ref().map(|s| serde_json::to_value(schedules::to_input(s)).unwrap_or_default()),
    };
    let out_of_hours_json = match out_of_hours {
        Some(o) => o.map(|o| serde_json::to_value(o).unwrap_or_default()),
        None => rules.out_of_hours.as_ref().map(|o| serde_json::to_value(o).unwrap_or_default()),
    };
    let before = view(state, caller.org, &rules).await?;
    let permissions_json = serde_json::to_value(permissions).map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    campaign_settings::update(
        &mut tx,
        caller.org,
        campaign,
        &SettingsUpdate {
            assignment_method: method.code(),
            cancel_word: &cancel_word,
            inactivity_minutes: inactivity,
            inactivity_disposition_id: inactivity_disposition,
            transfer_disposition_id: transfer_disposition,
            mass_transfer_disposition_id: mass_disposition,
            agent_permissions: &permissions_json,
            schedule: schedule_json.as_ref(),
            out_of_hours: out_of_hours_json.as_ref(),
            now: state.clock.now(),
        },
    )
    .await?;
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
    let mut tx = state.db.begin().await?;
    audit::record(
        state,
        &mut tx,
        caller,
        "campaign.settings_updated",
        ("campaign", Some(campaign)),
        Some(&audited(&before)),
        Some(&audited(&after)),
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

/// The campaign's fields in order (archived ones left out).
pub async fn fields(state: &AppState, org: Uuid, campaign: Uuid) -> AppResult<Page<FieldView>> {
    campaign_rules::load(&state.db, org, campaign).await?;
    let rows = campaign_settings::fields(&state.db, org, campaign).await?;
    Ok(Page::new(current(&rows), None::<Uuid>))
}

fn current(rows: &[campaign_settings::FieldRow]) -> Vec<FieldView> {
    rows.iter().filter(|f| f.archived_at.is_none()).map(FieldView::from).collect()
}

pub struct FieldInput {
    pub id: Option<Uuid>,
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub options: Vec<String>,
}

/// Replaces the campaign's fields: listed ones are written in order, others archived
/// (values already on closed conversations stay).
pub async fn replace_fields(
    state: &AppState,
    caller: &Caller,
    campaign: Uuid,
    input: &[FieldInput],
) -> AppResult<Page<FieldView>> {
    campaign_rules::load(&state.db, caller.org, campaign).await?;
    let existing = campaign_settings::fields(&state.db, caller.org, campaign).await?;
    let mut invalid = Invalid::new();
    let mut checked = Vec::new();
    for (i, f) in input.iter().enumerate() {
        let mut one = Invalid::new();
        let kind = FieldKind::parse(&f.kind);
        if kind.is_none() {
            one.add("kind", "invalid");
        }
        let (name, options) = check_def(&mut one, &f.name, kind.unwrap_or(FieldKind::Text), &f.options);
        if let Some(id) = f.id
            && !existing.iter().any(|e| e.id == id)
        {
            one.add("id", "invalid");
        }
        for mut e in one.0 {
            e.field = format!("fields.{i}.{}", e.field);
            invalid.0.push(e);
        }
        checked.push((f.id.unwrap_or_else(new_id), name, kind.unwrap_or(FieldKind::Text), f.required, options));
    }
    invalid.finish()?;
    let before = current(&existing);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for (position, (id, name, kind, required, options)) in checked.iter().enumerate() {
        campaign_settings::upsert_field(
            &mut tx,
            &FieldWrite {
                org: caller.org,
                id: *id,
                campaign_id: campaign,
                name,
                kind: kind.code(),
                required: *required,
                options,
                position: i64::try_from(position).unwrap_or(0),
                archived_at: None,
                now,
            },
        )
        .await?;
    }
    for gone in existing.iter().filter(|e| e.archived_at.is_none() && !checked.iter().any(|c| c.0 == e.id)) {
        campaign_settings::upsert_field(
            &mut tx,
            &FieldWrite {
                org: caller.org,
                id: gone.id,
                campaign_id: campaign,
                name: &gone.name,
                kind: &gone.kind,
                required: gone.required,
                options: &gone.options.0,
                position: gone.position,
                archived_at: Some(now),
                now,
            },
        )
        .await?;
    }
    let after = current(&campaign_settings::fields(&mut tx, caller.org, campaign).await?);
    audit::record(
        state,
        &mut tx,
        caller,
        "campaign.fields_updated",
        ("campaign", Some(campaign)),
        Some(&audited(&before)),
        Some(&audited(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(Page::new(after, None::<Uuid>))
}
