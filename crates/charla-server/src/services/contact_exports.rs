//! Exporting the contacts a filter finds (CRM-5) as a CSV in the columns an import reads
//! back: name, phone, email, tags, assignee and every live custom field by key. Numbers are
//! masked as the caller reads them, and the rows are the ones the caller may list.

use std::collections::HashMap;

use charla_db::repo::{contacts, users};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::contact_fields::{live_defs, values_of};
use crate::services::contact_reads::{self, ContactQuery};
use crate::state::AppState;
use crate::views::contacts::ContactView;

/// Contacts read per page while writing.
const PAGE: i64 = 200;

/// A text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV
/// injection advice); phone numbers are digits after a "+" and stay as they are.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

fn cell_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => inert(text),
        serde_json::Value::Null => String::new(),
        // Whole numbers as people write them ("10", not "10.0").
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The CSV of every contact the query finds, in list order.
pub async fn csv(state: &AppState, caller: &Caller, query: ContactQuery) -> AppResult<Vec<u8>> {
    let defs = live_defs(state, caller.org).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["name".to_owned(), "phone".into(), "email".into(), "tags".into(), "assignee".into()];
    header.extend(defs.iter().map(|d| d.key.clone()));
    out.write_record(&header).map_err(anyhow::Error::from)?;
    let mut agents: HashMap<Uuid, String> = HashMap::new();
    let mut query = ContactQuery { after: None, limit: Some(PAGE), ..query };
    loop {
        let page = contact_reads::list(state, caller, &query).await?;
        for contact in &page.items {
            let record = record(state, caller, contact, &defs, &mut agents).await?;
            out.write_record(&record).map_err(anyhow::Error::from)?;
        }
        match page.next.as_deref().map(str::parse::<Uuid>) {
            Some(Ok(next)) => query.after = Some(next),
            _ => break,
        }
    }
    Ok(out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
}

async fn record(
    state: &AppState,
    caller: &Caller,
    contact: &ContactView,
    defs: &[charla_domain::contact_fields::FieldDef],
    agents: &mut HashMap<Uuid, String>,
) -> AppResult<Vec<String>> {
    let tags = contacts::tags(&state.db, caller.org, contact.id).await?;
    let assignee = match contact.exclusive_agent_id {
        Some(agent) => match agents.get(&agent) {
            Some(email) => email.clone(),
            None => {
                let email = users::get(&state.db, caller.org, agent).await?.map(|u| u.email).unwrap_or_default();
                agents.insert(agent, email.clone());
                email
            }
        },
        None => String::new(),
    };
    let values = values_of(state, caller.org, contact.id).await?;
    let mut record = vec![
        inert(contact.name.as_deref().unwrap_or_default()),
        contact.phone.clone().unwrap_or_default(),
        inert(contact.email.as_deref().unwrap_or_default()),
        inert(&tags.join(";")),
        assignee,
    ];
    record.extend(defs.iter().map(|d| values.get(&d.key).map(cell_of).unwrap_or_default()));
    Ok(record)
}
