//! A campaign's conversation fields (CONV-6): what agents fill in when closing.

use charla_db::repo::campaign_settings::{self, FieldRow, FieldWrite};
use charla_domain::conversations::fields::{FieldKind, check_def};
use charla_domain::ids::new_id;
use charla_domain::time::Ts;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use super::campaign_rules;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::audit;
use crate::state::AppState;
use crate::views::campaigns::FieldView;
use crate::views::{Page, audited};

/// The campaign's fields in order (archived ones left out).
pub async fn fields(state: &AppState, org: Uuid, campaign: Uuid) -> AppResult<Page<FieldView>> {
    campaign_rules::load(&state.db, org, campaign).await?;
    let rows = campaign_settings::fields(&state.db, org, campaign).await?;
    Ok(Page::new(current(&rows), None::<Uuid>))
}

fn current(rows: &[FieldRow]) -> Vec<FieldView> {
    rows.iter().filter(|f| f.archived_at.is_none()).map(FieldView::from).collect()
}

pub struct FieldInput {
    pub id: Option<Uuid>,
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub options: Vec<String>,
}

/// A field as it will be written: its id (new or kept), name, kind, required, options.
type CheckedField = (Uuid, String, FieldKind, bool, Vec<String>);

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
    let checked = check_fields(input, &existing)?;
    let before = current(&existing);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for (position, (id, name, kind, required, options)) in checked.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(0);
        let (kind, required) = (kind.code(), *required);
        let write = FieldWrite {
            org: caller.org,
            id: *id,
            campaign_id: campaign,
            name,
            kind,
            required,
            options,
            position,
            archived_at: None,
            now,
        };
        campaign_settings::upsert_field(&mut tx, &write).await?;
    }
    for gone in existing.iter().filter(|e| e.archived_at.is_none() && !checked.iter().any(|c| c.0 == e.id)) {
        campaign_settings::upsert_field(&mut tx, &archived(caller.org, campaign, gone, now)).await?;
    }
    let after = current(&campaign_settings::fields(&mut tx, caller.org, campaign).await?);
    let entity = ("campaign", Some(campaign));
    let (audited_before, audited_after) = (audited(&before), audited(&after));
    audit::record(
        state,
        &mut tx,
        caller,
        "campaign.fields_updated",
        entity,
        Some(&audited_before),
        Some(&audited_after),
    )
    .await?;
    tx.commit().await?;
    Ok(Page::new(after, None::<Uuid>))
}

/// Checks every field (errors named `fields.{i}.…`); an id must be one of the campaign's.
fn check_fields(input: &[FieldInput], existing: &[FieldRow]) -> AppResult<Vec<CheckedField>> {
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
    Ok(checked)
}

/// A field left out of the new list, as archived now.
fn archived(org: Uuid, campaign: Uuid, gone: &FieldRow, now: Ts) -> FieldWrite<'_> {
    FieldWrite {
        org,
        id: gone.id,
        campaign_id: campaign,
        name: &gone.name,
        kind: &gone.kind,
        required: gone.required,
        options: &gone.options.0,
        position: gone.position,
        archived_at: Some(now),
        now,
    }
}
