//! The import job's work: the sheet read in batches on a blocking thread, each batch's
//! good rows written and its failures stored in one transaction with the counts, so the
//! progress a client polls is always what is stored. Memory stays one batch whatever the
//! file's size.

use std::collections::HashMap;

use charla_db::repo::contact_imports::{self as repo, FailureRow, Progress};
use charla_db::repo::users;
use charla_domain::contact_fields::FieldDef;
use charla_domain::contact_import::HeaderError;
use charla_domain::contact_import::header::{Header, read_header};
use charla_domain::contact_import::row::check_row;
use uuid::Uuid;

use super::ImportJob;
use super::apply::{Applied, Importer};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::contact_fields::live_defs;
use crate::services::spreadsheet::sheet::{self, SheetEvent, SheetRow};
use crate::state::AppState;

/// Runs (or runs again, after a crash) one import; the file is removed at the end.
pub async fn run(state: &AppState, org: Uuid, job: &ImportJob) -> AppResult<()> {
    let Some(row) = repo::get(&state.db, org, job.import_id).await? else {
        remove(&job.path).await;
        return Ok(());
    };
    if matches!(row.status.as_str(), "done" | "failed") {
        remove(&job.path).await;
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    repo::start(&mut tx, org, job.import_id, state.clock.now()).await?;
    tx.commit().await?;
    let actor = match row.created_by {
        Some(id) => users::get(&state.db, org, id).await?.map(|u| (id, u.name)),
        None => None,
    };
    let outcome = read_all(state, org, job, actor).await;
    let error = match &outcome {
        Ok(()) => None,
        // A database failure is worth another run (from the start); a bad file is final.
        Err(err) if err.is_transient() => return outcome,
        Err(err) => Some(refusal(err)),
    };
    let mut tx = state.db.begin().await?;
    let error = error.as_ref().map(|(code, detail)| (code.as_str(), detail.as_deref()));
    repo::finish(&mut tx, org, job.import_id, error, state.clock.now()).await?;
    tx.commit().await?;
    remove(&job.path).await;
    Ok(())
}

/// The job's last attempt failed too: the import is marked failed (instead of showing
/// "running" for ever) and its file removed.
pub async fn give_up(state: &AppState, org: Uuid, job: &ImportJob) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let error = Some((ErrorCode::InternalError.as_str(), None));
    repo::finish(&mut tx, org, job.import_id, error, state.clock.now()).await?;
    tx.commit().await?;
    remove(&job.path).await;
    Ok(())
}

async fn remove(path: &str) {
    // Best effort: a leftover upload is only disk space, never visible to anyone.
    let _ = tokio::fs::remove_file(path).await;
}

/// The error code and detail an import failed with, as its answer shows them.
fn refusal(err: &AppError) -> (String, Option<String>) {
    let detail = match err {
        AppError::Detailed(_, detail) => Some(detail.clone()),
        _ => None,
    };
    (err.code().as_str().to_owned(), detail)
}

fn header_error(err: HeaderError) -> AppError {
    let detail = match err {
        HeaderError::NoIdentityColumn => "The header has neither a phone nor an email column.".to_owned(),
        HeaderError::Repeated(column) => format!("The header names {column} twice."),
        HeaderError::Unknown(column) => format!("The header's {column} is neither a contact column nor a field key."),
        HeaderError::TooManyColumns => "The header has too many columns.".to_owned(),
    };
    AppError::Detailed(ErrorCode::SpreadsheetColumns, detail)
}

async fn read_all(state: &AppState, org: Uuid, job: &ImportJob, actor: Option<(Uuid, String)>) -> AppResult<()> {
    let defs = live_defs(state, org).await?;
    let mut events = sheet::spawn(std::path::Path::new(&job.path));
    let header = match events.recv().await {
        Some(Ok(SheetEvent::Header(cells))) => read_header(&cells, &defs).map_err(header_error)?,
        Some(Err(err)) => return Err(err.into()),
        Some(Ok(SheetEvent::Rows(_))) | None => return Err(sheet::SheetError::Empty.into()),
    };
    let mut importer = Importer { state, org, actor, agents: HashMap::new() };
    let mut rows_read = 0;
    while let Some(event) = events.recv().await {
        let SheetEvent::Rows(rows) = event.map_err(AppError::from)? else { continue };
        rows_read += rows.len();
        store_batch(&mut importer, job.import_id, &header, &defs, &rows).await?;
    }
    if rows_read == 0 {
        return Err(sheet::SheetError::Empty.into());
    }
    Ok(())
}

/// One batch in one transaction: each row checked, the good ones written, the rest kept
/// as failures, the counts moved on.
async fn store_batch(
    importer: &mut Importer<'_>,
    import_id: Uuid,
    header: &Header,
    defs: &[FieldDef],
    rows: &[SheetRow],
) -> AppResult<()> {
    let (state, org) = (importer.state, importer.org);
    let mut progress = Progress { rows: rows.len() as i64, ..Progress::default() };
    let mut failures = Vec::new();
    let mut tx = state.db.begin().await?;
    for (number, cells) in rows {
        let outcome = match check_row(header, defs, cells) {
            Ok(row) => importer.apply(&mut tx, header, &row).await?,
            Err(bad) => Applied::Failed(bad),
        };
        match outcome {
            Applied::Created => progress.created += 1,
            Applied::Updated => progress.updated += 1,
            Applied::Failed(bad) => {
                progress.failed += 1;
                failures.extend(bad.into_iter().map(|f| FailureRow {
                    row_number: *number,
                    column_name: f.column,
                    code: f.code.as_str().to_owned(),
                }));
            }
        }
    }
    repo::insert_failures(&mut tx, org, import_id, &failures).await?;
    repo::add_progress(&mut tx, org, import_id, progress, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}
