//! Writing one good row: the contact found by its phone or email and filled in, or
//! created; its tags added, its fields set, its owner set from the assignee (logged as a
//! "contact import" assignment, REP-4).

use std::collections::HashMap;

use charla_db::Tx;
use charla_db::repo::contact_imports::{OwnerChange, log_owner_change};
use charla_db::repo::contacts::{self, ContactRow as Stored, ContactUpdate, NewContact};
use charla_db::repo::users;
use charla_domain::contact_fields::StoredValue;
use charla_domain::contact_import::ImportCode;
use charla_domain::contact_import::header::{Column, Header};
use charla_domain::contact_import::row::{ContactRow, RowFailure};
use charla_domain::contacts::IdentityKind;
use charla_domain::ids::new_id;
use serde_json::json;
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::services::contact_fields;
use crate::services::contacts::contact_search_key;
use crate::state::AppState;

/// What became of a row.
pub enum Applied {
    Created,
    Updated,
    Failed(Vec<RowFailure>),
}

/// One run's context: who imports (for the owner log) and the agents found so far.
pub struct Importer<'a> {
    pub state: &'a AppState,
    pub org: Uuid,
    pub actor: Option<(Uuid, String)>,
    /// Assignee emails looked up, each once per run: the active user's id, or none.
    pub agents: HashMap<String, Option<Uuid>>,
}

impl Importer<'_> {
    async fn agent(&mut self, email: &str) -> AppResult<Option<Uuid>> {
        if let Some(found) = self.agents.get(email) {
            return Ok(*found);
        }
        let user = users::find_by_email(&self.state.db, self.org, email).await?;
        let found = user.filter(|u| u.active).map(|u| u.id);
        self.agents.insert(email.to_owned(), found);
        Ok(found)
    }

    /// The contact the row's phone or email already belongs to; two different ones are a
    /// conflict the row cannot settle.
    async fn existing(&self, tx: &mut Tx, row: &ContactRow) -> AppResult<Result<Option<Uuid>, ()>> {
        let mut found = None;
        for (kind, value) in [(IdentityKind::Phone, &row.phone), (IdentityKind::Email, &row.email)] {
            let Some(value) = value else { continue };
            let holder = contacts::find_by_identity(&mut *tx, self.org, kind.code(), value).await?;
            match (found, holder) {
                (Some(a), Some(b)) if a != b => return Ok(Err(())),
                (None, Some(b)) => found = Some(b),
                _ => {}
            }
        }
        Ok(Ok(found))
    }

    pub async fn apply(&mut self, tx: &mut Tx, header: &Header, row: &ContactRow) -> AppResult<Applied> {
        let fail = |column: &Column, code| Applied::Failed(vec![RowFailure { column: header.name_of(column), code }]);
        let owner = match &row.assignee {
            Some(email) => match self.agent(email).await? {
                Some(agent) => Some(agent),
                None => return Ok(fail(&Column::Assignee, ImportCode::UnknownAssignee)),
            },
            None => None,
        };
        let Ok(existing) = self.existing(tx, row).await? else {
            let column = if header.columns.contains(&Column::Phone) { Column::Phone } else { Column::Email };
            return Ok(fail(&column, ImportCode::IdentityConflict));
        };
        let now = self.state.clock.now();
        let (id, before, applied) = match existing {
            Some(id) => {
                let before = contacts::get(&mut *tx, self.org, id).await?.ok_or(ErrorCode::NotFound)?;
                self.update(tx, &before, row, owner).await?;
                (id, before.exclusive_agent_id, Applied::Updated)
            }
            None => (self.create(tx, row, owner).await?, None, Applied::Created),
        };
        for (kind, value) in [(IdentityKind::Phone, &row.phone), (IdentityKind::Email, &row.email)] {
            if let Some(value) = value {
                // Free (checked above) or already this contact's: nothing to refuse here.
                contacts::add_identity(tx, self.org, kind.code(), value, id, now).await?;
            }
        }
        if !row.tags.is_empty() {
            let mut tags = contacts::tags(&mut *tx, self.org, id).await?;
            tags.extend(row.tags.iter().cloned());
            tags.sort();
            tags.dedup();
            contacts::set_tags(tx, self.org, id, &tags).await?;
        }
        let fields: Vec<(Uuid, Option<StoredValue>)> = row.fields.iter().map(|(f, v)| (*f, Some(v.clone()))).collect();
        contact_fields::store(tx, self.org, id, &fields, now).await?;
        if owner.is_some() && owner != before {
            self.log_owner(tx, id, before, owner).await?;
        }
        Ok(applied)
    }

    async fn create(&self, tx: &mut Tx, row: &ContactRow, owner: Option<Uuid>) -> AppResult<Uuid> {
        let id = new_id();
        let new = NewContact {
            org: self.org,
            id,
            name: row.name.as_deref(),
            phone: row.phone.as_deref(),
            email: row.email.as_deref(),
            search_key: &contact_search_key(row.name.as_deref(), row.email.as_deref()),
            attributes: &json!({}),
            exclusive_agent_id: owner,
            now: self.state.clock.now(),
        };
        contacts::insert(tx, &new).await?;
        Ok(id)
    }

    /// Fills in what the row says; what it leaves empty stays as it was.
    async fn update(&self, tx: &mut Tx, before: &Stored, row: &ContactRow, owner: Option<Uuid>) -> AppResult<()> {
        let name = row.name.as_deref().or(before.name.as_deref());
        let phone = row.phone.as_deref().or(before.phone.as_deref());
        let email = row.email.as_deref().or(before.email.as_deref());
        // A new phone or email replaces the contact's old one, as an edit does.
        if row.phone.is_some() && before.phone.as_deref() != phone {
            contacts::remove_identity(tx, self.org, IdentityKind::Phone.code(), before.id).await?;
        }
        if row.email.is_some() && before.email.as_deref() != email {
            contacts::remove_identity(tx, self.org, IdentityKind::Email.code(), before.id).await?;
        }
        let update = ContactUpdate {
            name,
            phone,
            email,
            search_key: &contact_search_key(name, email),
            attributes: &before.attributes.0,
            exclusive_agent_id: owner.or(before.exclusive_agent_id),
            now: self.state.clock.now(),
        };
        contacts::update(tx, self.org, before.id, &update).await?;
        Ok(())
    }

    async fn log_owner(&self, tx: &mut Tx, contact: Uuid, from: Option<Uuid>, to: Option<Uuid>) -> AppResult<()> {
        let change = OwnerChange {
            org: self.org,
            id: new_id(),
            contact_id: contact,
            from_agent_id: from,
            to_agent_id: to,
            source: crate::services::conversations::Source::ContactImport.code(),
            actor_user_id: self.actor.as_ref().map(|a| a.0),
            actor_name: self.actor.as_ref().map(|a| a.1.as_str()),
            at: self.state.clock.now(),
        };
        log_owner_change(tx, &change).await?;
        Ok(())
    }
}
