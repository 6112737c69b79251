//! Reading contacts (CRM-1): who reads which contact, whose number shows (CONV-5), the
//! list and one contact with what surrounds it.

use charla_db::repo::contacts::{self, ContactRow, FieldFilter, ListFilter};
use charla_db::repo::{self, conversations, supervision};
use charla_domain::access::Permission;
use charla_domain::contact_fields::{FieldOp, filter_value};
use charla_domain::contacts::normalize_tag;
use charla_domain::inbox_view::InboxView;
use charla_domain::search::contains_pattern;
use charla_domain::validation::Invalid;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::contact_fields;
use crate::services::inbox_access::{self, NumberVisibility};
use crate::state::AppState;
use crate::views::Page;
use crate::views::contacts::{ContactDetailView, ContactView, IdentityView, NoteView};
use crate::views::inbox::ConversationView;

/// Whether the caller reads every contact of the organization.
pub fn reads_all(caller: &Caller) -> bool {
    caller.can(Permission::InboxAll) || (caller.can(Permission::ContactsManage) && !supervision_limited(caller))
}

/// A supervisor's contacts are those of the campaigns it supervises.
pub fn supervision_limited(caller: &Caller) -> bool {
    InboxView::needs_supervision(&caller.permissions)
}

/// Agents read only the contacts they serve; supervisors those too and the contacts of the
/// campaigns they supervise (ORG-3); administrators, and contact managers who do not
/// supervise, read all. Another's contact is not found.
pub async fn check_readable(state: &AppState, caller: &Caller, contact: Uuid) -> AppResult<ContactRow> {
    let row = contacts::get(&state.db, caller.org, contact).await?.ok_or(ErrorCode::NotFound)?;
    if reads_all(caller) || contacts::served_by(&state.db, caller.org, contact, caller.user_id).await? {
        return Ok(row);
    }
    if supervision_limited(caller) {
        let supervised = supervision::campaigns_of(&state.db, caller.org, caller.user_id).await?;
        let theirs = conversations::of_contact(&state.db, caller.org, contact, 1000).await?;
        if theirs.iter().any(|c| supervised.contains(&c.campaign_id)) {
            return Ok(row);
        }
    }
    Err(ErrorCode::NotFound.into())
}

/// Whether the caller sees this contact's number: administrators always; a supervisor for
/// a contact with a conversation in a campaign it supervises; an agent only for a contact
/// it has served in a campaign that shows numbers (CONV-5).
pub async fn shows_number(
    state: &AppState,
    caller: &Caller,
    numbers: &NumberVisibility,
    contact: Uuid,
) -> AppResult<bool> {
    if matches!(numbers, NumberVisibility::Everywhere) {
        return Ok(true);
    }
    let view = inbox_access::view_of(state, caller.org, caller.user_id, &caller.permissions).await?;
    let oversees = |campaign: Uuid| view.as_ref().is_some_and(|v| v.oversees(campaign));
    let served = conversations::of_contact(&state.db, caller.org, contact, 200).await?;
    Ok(served
        .iter()
        .any(|c| (c.agent_id == Some(caller.user_id) || oversees(c.campaign_id)) && numbers.shows(c.campaign_id)))
}

/// What the contacts list asks for.
pub struct ContactQuery {
    /// Matches name and email; three digits or more also the number, for callers who see
    /// every number.
    pub text: Option<String>,
    pub tag: Option<String>,
    pub exclusive_agent_id: Option<Uuid>,
    /// Only contacts without an exclusive agent.
    pub unassigned: bool,
    /// Contacts who wrote or were written to in the last N days.
    pub active_days: Option<i64>,
    /// Only contacts whose custom field compares so.
    pub field: Option<FieldQuery>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

/// A filter on a custom field as the query string gives it.
pub struct FieldQuery {
    pub key: String,
    pub op: FieldOp,
    pub value: Option<String>,
}

/// The field filter checked against the organization's live fields: an unknown key, an
/// operator the type has no use for, or a value not of the type are field errors.
async fn field_filter(state: &AppState, org: Uuid, q: &FieldQuery) -> AppResult<FieldFilter> {
    let defs = contact_fields::live_defs(state, org).await?;
    let def = defs.iter().find(|d| d.key == q.key).ok_or(Invalid::single("field", "unknown_field"))?;
    if !q.op.fits(def.field_type) {
        return Err(Invalid::single("field_op", "invalid").into());
    }
    let value = match (q.op, q.value.as_deref()) {
        (FieldOp::IsSet, _) => None,
        (_, Some(raw)) => Some(filter_value(def, raw).ok_or(Invalid::single("field_value", "invalid"))?),
        (_, None) => return Err(Invalid::single("field_value", "required").into()),
    };
    Ok(FieldFilter { field_id: def.id, op: q.op, value })
}

/// The contacts the caller reads, a page at a time.
pub async fn list(state: &AppState, caller: &Caller, q: &ContactQuery) -> AppResult<Page<ContactView>> {
    let numbers = inbox_access::number_visibility_of(state, caller).await?;
    let limit = repo::page_limit(q.limit);
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let digits: String = text.unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    // Only callers who see every number may find contacts by it.
    let phone_pattern =
        (digits.len() >= 3 && matches!(numbers, NumberVisibility::Everywhere)).then(|| format!("%{digits}%"));
    let since = q.active_days.map(|d| state.clock.now().minus(SignedDuration::from_hours(24 * d.clamp(1, 3660))));
    let field = match &q.field {
        Some(f) => Some(field_filter(state, caller.org, f).await?),
        None => None,
    };
    let filter = ListFilter {
        field,
        search: text.map(contains_pattern),
        phone_pattern,
        tag: q.tag.as_deref().map(normalize_tag),
        exclusive_agent_id: q.exclusive_agent_id,
        unassigned: q.unassigned,
        interacted_since: since,
        served_by: (!reads_all(caller)).then_some(caller.user_id),
        or_supervised: supervision_limited(caller),
        after: q.after,
        limit,
    };
    let rows = contacts::list(&state.db, caller.org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |c| c.id);
    let mut items = Vec::new();
    for row in &rows {
        let show = shows_number(state, caller, &numbers, row.id).await?;
        items.push(ContactView::new(row, show));
    }
    Ok(Page::new(items, next))
}

/// One contact with identities, tags, notes and the conversations the caller may see.
pub async fn detail(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ContactDetailView> {
    let row = check_readable(state, caller, id).await?;
    let numbers = inbox_access::number_visibility_of(state, caller).await?;
    let show = shows_number(state, caller, &numbers, id).await?;
    let identities = contacts::identities(&state.db, caller.org, id).await?;
    let tags = contacts::tags(&state.db, caller.org, id).await?;
    let notes = contacts::notes(&state.db, caller.org, id).await?;
    let all = reads_all(caller);
    let view = inbox_access::view_of(state, caller.org, caller.user_id, &caller.permissions).await?;
    let conversations = conversations::of_contact(&state.db, caller.org, id, 50)
        .await?
        .iter()
        .filter(|c| {
            all || c.agent_id == Some(caller.user_id) || view.as_ref().is_some_and(|v| v.oversees(c.campaign_id))
        })
        .map(|c| ConversationView::new(c, numbers.shows(c.campaign_id)))
        .collect();
    Ok(ContactDetailView {
        contact: ContactView::new(&row, show),
        identities: IdentityView::list(&identities, show),
        tags,
        fields: contact_fields::values_of(state, caller.org, id).await?,
        notes: notes.iter().map(NoteView::from).collect(),
        conversations,
    })
}

/// The contact read back after a change, as `GET /contacts/{id}` answers it: a manager
/// without `contacts.view` may change a contact but not read it (403 after the change).
pub async fn read_back(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ContactDetailView> {
    caller.require(Permission::ContactsView)?;
    detail(state, caller, id).await
}

/// One note of a contact, once the caller's reading of it is checked.
pub(super) async fn note(state: &AppState, caller: &Caller, contact: Uuid, id: Uuid) -> AppResult<NoteView> {
    let notes = contacts::notes(&state.db, caller.org, contact).await?;
    notes.iter().find(|n| n.id == id).map(NoteView::from).ok_or(ErrorCode::NotFound.into())
}
