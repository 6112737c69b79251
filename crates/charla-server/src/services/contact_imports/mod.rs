//! Importing contacts from a sheet (CRM-5): the upload is spooled and checked at a glance,
//! then a job reads it row by row (`run`) and writes each good row (`apply`); the import's
//! row says how far it got and which cells were not taken.

mod apply;
pub mod run;

use charla_db::repo::contact_imports::{self as repo, ImportRow};
use charla_domain::contact_import::ImportCode;
use charla_domain::ids::new_id;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::model::{Enqueue, JobKind, enqueue};
use crate::services::audit;
use crate::services::broadcasts::language_of;
use crate::services::contact_reads::reads_all;
use crate::services::spreadsheet::sheet;
use crate::services::spreadsheet::spool::Spool;
use crate::state::AppState;
use crate::views::contact_imports::{
    ContactImportErrorView, ContactImportFailureView, ContactImportQueuedView, ContactImportStatusView,
    ContactImportView,
};

/// Failures an import's answer lists; the count says how many there are in all.
const FAILURES_SHOWN: i64 = 1000;
/// Longest file name kept (it is only shown back).
const FILE_NAME_MAX: usize = 200;

/// What the import job is given.
#[derive(Serialize, Deserialize)]
pub struct ImportJob {
    pub import_id: Uuid,
    pub path: String,
}

/// Accepts a sheet for import: refused at once when plainly no sheet, else queued.
pub async fn queue(
    state: &AppState,
    caller: &Caller,
    file_name: Option<String>,
    file: Option<Spool>,
) -> AppResult<ContactImportQueuedView> {
    // An import may touch any contact of the organization (matching by phone or email),
    // so it is for those who read them all, not a supervisor limited to its campaigns.
    if !reads_all(caller) {
        return Err(ErrorCode::Forbidden.into());
    }
    let spool = file.filter(|f| f.size() > 0).ok_or(sheet::SheetError::Empty)?;
    let path = spool.path().to_owned();
    tokio::task::spawn_blocking(move || sheet::sniff(&path)).await.map_err(anyhow::Error::from)??;
    let name: String = file_name.unwrap_or_default().chars().take(FILE_NAME_MAX).collect();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    repo::insert(&mut tx, caller.org, id, &name, caller.user_id, state.clock.now()).await?;
    let job = ImportJob { import_id: id, path: spool.path().to_string_lossy().into_owned() };
    let key = format!("contact-import:{id}");
    enqueue(
        state,
        &mut tx,
        Enqueue { org: caller.org, kind: JobKind::ImportContacts, payload: &job, run_at: None, dedup_key: Some(&key) },
    )
    .await?;
    let after = json!({ "file_name": name });
    audit::record(state, &mut tx, caller, "contact_import.created", ("contact_import", Some(id)), None, Some(&after))
        .await?;
    tx.commit().await?;
    // From here the job owns the file (and removes it when done).
    spool.keep();
    Ok(ContactImportQueuedView { id })
}

/// An import's progress, with the first failures in the caller's language.
pub async fn detail(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ContactImportView> {
    // Only those who may import read imports; to anyone else none exists.
    if !reads_all(caller) {
        return Err(ErrorCode::NotFound.into());
    }
    let row = repo::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let language = language_of(state, caller).await?;
    let failed = repo::failures(&state.db, caller.org, id, FAILURES_SHOWN)
        .await?
        .into_iter()
        .filter_map(|f| {
            let code = ImportCode::parse(&f.code)?;
            let key = format!("contact_imports.invalid.{}", code.as_str());
            let message = crate::locales::text(language, &key, &[]);
            Some(ContactImportFailureView { row: f.row_number, column: f.column_name, code: code.into(), message })
        })
        .collect();
    view(&row, failed)
}

fn view(row: &ImportRow, failed: Vec<ContactImportFailureView>) -> AppResult<ContactImportView> {
    let status = ContactImportStatusView::parse(&row.status)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("unknown import status {}", row.status)))?;
    Ok(ContactImportView {
        id: row.id,
        status,
        file_name: row.file_name.clone(),
        rows: row.rows_read,
        created: row.created_count,
        updated: row.updated_count,
        failed,
        failed_rows: row.failed_count,
        error: row.error_code.clone().map(|code| ContactImportErrorView { code, detail: row.error_detail.clone() }),
        created_at: row.created_at.0,
        updated_at: row.updated_at.0,
    })
}

#[cfg(test)]
mod tests {
    use charla_domain::people::Language;

    use super::*;

    /// A failure's message is read from the locales; a code without one would show its key.
    #[test]
    fn every_failure_code_reads_in_every_language() {
        for language in Language::ALL {
            for code in ImportCode::ALL {
                let key = format!("contact_imports.invalid.{}", code.as_str());
                assert_ne!(crate::locales::text(language, &key, &[]), key, "{key} in {}", language.code());
            }
        }
    }
}
