//! Creating a broadcast from a sheet (OUT-2): the form checked, the organization's numbers
//! and templates read once, then every row checked as the reader hands them over, each
//! batch stored in its own transaction under a broadcast nobody sees until the last step
//! marks it a draft. A failed import deletes what it wrote.

use charla_db::repo::broadcasts::{self as repo, ImportCounts, NewBroadcast, NewRecipient, RejectionRow};
use charla_domain::broadcasts::columns::{HeaderError, read_header};
use charla_domain::broadcasts::rows::{Accepted, Catalogue, RowChecker};
use charla_domain::broadcasts::{BATCH_INTERVAL_MAX_SECONDS, BATCH_SIZE_MAX, NAME_MAX, opt_out};
use charla_domain::ids::new_id;
use charla_domain::time::Ts;
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use super::catalogue::catalogue;
use super::detail;
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::services::spreadsheet::sheet::{self, SheetError, SheetEvent, SheetRow};
use crate::services::spreadsheet::spool::Spool;
use crate::state::AppState;
use crate::views::broadcasts::BroadcastDetailView;

/// The multipart form as it arrived: text fields unparsed, the file spooled to disk.
#[derive(Default)]
pub struct ImportForm {
    pub name: Option<String>,
    pub start_at: Option<String>,
    pub batch_size: Option<String>,
    pub batch_interval_seconds: Option<String>,
    pub opt_out_word: Option<String>,
    pub file: Option<Spool>,
}

/// The form's settings once checked.
struct Settings {
    name: String,
    start_at: Option<Ts>,
    batch_size: Option<i64>,
    batch_interval_seconds: Option<i64>,
    opt_out_word: Option<String>,
}

fn whole_number(invalid: &mut Invalid, field: &str, raw: Option<&str>, max: i64) -> Option<i64> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match raw.parse::<i64>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            invalid.add_with(field, "out_of_range", &[("min", 1), ("max", max)]);
            None
        }
    }
}

fn check_form(form: &ImportForm) -> Result<Settings, Invalid> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", form.name.as_deref().unwrap_or_default(), NAME_MAX);
    let start_at = form.start_at.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|raw| {
        // RFC 3339 with its offset: jiff refuses a time without one.
        let parsed = raw.parse::<jiff::Timestamp>().ok().map(Ts::from_timestamp);
        if parsed.is_none() {
            invalid.add("start_at", "invalid");
        }
        parsed
    });
    let batch_size = whole_number(&mut invalid, "batch_size", form.batch_size.as_deref(), BATCH_SIZE_MAX);
    let batch_interval_seconds = whole_number(
        &mut invalid,
        "batch_interval_seconds",
        form.batch_interval_seconds.as_deref(),
        BATCH_INTERVAL_MAX_SECONDS,
    );
    // Gradual sending needs both numbers; one alone says nothing about the pace.
    if batch_size.is_some() != batch_interval_seconds.is_some() && invalid.is_empty() {
        let missing = if batch_size.is_some() { "batch_interval_seconds" } else { "batch_size" };
        invalid.add(missing, "required");
    }
    let opt_out_word = opt_out::check_word(form.opt_out_word.as_deref()).unwrap_or_else(|code| {
        invalid.add_with("opt_out_word", code, &[("max", i64::try_from(opt_out::WORD_MAX).unwrap_or(i64::MAX))]);
        None
    });
    if form.file.as_ref().is_none_or(|f| f.size() == 0) {
        invalid.add("file", "required");
    }
    invalid.finish().map(|()| Settings { name, start_at, batch_size, batch_interval_seconds, opt_out_word })
}

fn header_error(err: HeaderError) -> AppError {
    let detail = match err {
        HeaderError::Missing(column) => format!("The header has no {column} column."),
        HeaderError::Repeated(column) => format!("The header names {column} twice."),
        HeaderError::TooManyColumns => "The header has too many columns.".to_owned(),
    };
    AppError::Detailed(ErrorCode::SpreadsheetColumns, detail)
}

/// Reads and stores the sheet, and answers the new draft with every row left out.
pub async fn create(state: &AppState, caller: &Caller, mut form: ImportForm) -> AppResult<BroadcastDetailView> {
    let settings = check_form(&form)?;
    let spool = form.file.take().ok_or_else(|| AppError::from(Invalid::single("file", "required")))?;
    let catalogue = catalogue(state, caller.org).await?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    repo::insert_importing(
        &mut tx,
        &NewBroadcast {
            org: caller.org,
            id,
            name: &settings.name,
            start_at: settings.start_at,
            batch_size: settings.batch_size,
            batch_interval_seconds: settings.batch_interval_seconds,
            opt_out_word: settings.opt_out_word.as_deref(),
            created_by: Some(caller.user_id),
            now: state.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    let outcome = import_rows(state, caller, id, &spool, &catalogue).await;
    drop(spool);
    if let Err(err) = outcome {
        forget(state, caller.org, id).await;
        return Err(err);
    }
    detail(state, caller, id).await
}

/// Deletes a failed import; if even that fails, the rows stay invisible (status importing).
async fn forget(state: &AppState, org: Uuid, id: Uuid) {
    let result = async {
        let mut tx = state.db.begin().await?;
        repo::delete_importing(&mut tx, org, id).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(err) = result {
        tracing::warn!(error = %err, broadcast = %id, "a failed import's rows were left behind");
    }
}

/// Every row checked and stored, then the draft's counts.
async fn import_rows(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    spool: &Spool,
    catalogue: &Catalogue,
) -> AppResult<()> {
    let mut events = sheet::spawn(spool.path());
    let header = match events.recv().await {
        Some(Ok(SheetEvent::Header(cells))) => read_header(&cells).map_err(header_error)?,
        Some(Err(err)) => return Err(err.into()),
        Some(Ok(SheetEvent::Rows(_))) | None => return Err(SheetError::Empty.into()),
    };
    let mut checker = RowChecker::new(&header, catalogue);
    let mut counts = ImportCounts::default();
    while let Some(event) = events.recv().await {
        let SheetEvent::Rows(rows) = event.map_err(AppError::from)? else { continue };
        store_batch(state, caller.org, id, &mut checker, &rows, &mut counts).await?;
    }
    if counts.rows == 0 {
        return Err(SheetError::Empty.into());
    }
    let summary = checker.summary();
    counts.senders = summary.senders as i64;
    counts.recipients = summary.recipients as i64;
    counts.templates = summary.templates as i64;
    let mut tx = state.db.begin().await?;
    if !repo::finish_import(&mut tx, caller.org, id, &counts, state.clock.now()).await? {
        return Err(ErrorCode::Conflict.into());
    }
    let after = json!({ "name": repo::get(&mut tx, caller.org, id).await?.map(|b| b.name), "rows": counts.rows });
    audit::record(state, &mut tx, caller, "broadcast.created", ("broadcast", Some(id)), None, Some(&after)).await?;
    tx.commit().await?;
    Ok(())
}

/// One batch: the opt-outs of its recipients read at once, each row checked, the good and
/// the bad rows stored in one transaction.
async fn store_batch(
    state: &AppState,
    org: Uuid,
    id: Uuid,
    checker: &mut RowChecker<'_>,
    rows: &[SheetRow],
    counts: &mut ImportCounts,
) -> AppResult<()> {
    let phones: Vec<String> = rows.iter().filter_map(|(_, cells)| checker.recipient_of(cells)).collect();
    let opted_out: std::collections::HashSet<String> =
        repo::opted_out(&state.db, org, &phones).await?.into_iter().collect();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (row, cells) in rows {
        let out = checker.recipient_of(cells).is_some_and(|p| opted_out.contains(&p));
        match checker.check(cells, out) {
            Ok(accepted) => good.push(recipient(*row, accepted)),
            Err(rejection) => bad.push(RejectionRow {
                row_number: *row,
                column_name: rejection.column,
                code: rejection.code.as_str().to_owned(),
            }),
        }
    }
    counts.rows += rows.len() as i64;
    counts.valid += good.len() as i64;
    counts.invalid += bad.len() as i64;
    let mut tx = state.db.begin().await?;
    repo::insert_recipients(&mut tx, org, id, &good, state.clock.now()).await?;
    repo::insert_rejections(&mut tx, org, id, &bad).await?;
    tx.commit().await?;
    Ok(())
}

fn recipient(row: i64, a: Accepted) -> NewRecipient {
    let parameters: Vec<(Option<String>, String)> = a.parameters;
    NewRecipient {
        row_number: row,
        channel_id: a.channel_id,
        recipient: a.recipient,
        template_id: a.template_id,
        template_name: a.template_name,
        language: a.language,
        marketing: a.marketing,
        parameters: serde_json::to_string(&parameters).unwrap_or_else(|_| "[]".to_owned()),
    }
}
