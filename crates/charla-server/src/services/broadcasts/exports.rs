//! A broadcast's files (OUT-2, OUT-4): the rows its sheet left out, and its messages with
//! their status, stages and times (of one status when asked), as CSV headed in the
//! caller's language. The messages are read a page at a time while the answer streams,
//! so a 200,000-recipient broadcast never sits whole in memory.

use charla_db::repo::broadcasts::{self as repo, RecipientRow};
use charla_domain::broadcasts::report::spreadsheet_text;
use charla_domain::broadcasts::tracking::{Stage, Times, Track, stage_times, stages};
use charla_domain::people::Language;
use charla_domain::time::Ts;
use futures_util::Stream;
use uuid::Uuid;

use super::{invalid_row, language_of};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::locales::text;
use crate::state::AppState;

/// Recipients read per page while the messages file streams.
const PAGE: i64 = 1000;

const INVALID_COLUMNS: [&str; 4] = ["row", "column", "code", "message"];

const MESSAGE_COLUMNS: [&str; 16] = [
    "row",
    "recipient",
    "template",
    "language",
    "status",
    "comment",
    "departure",
    "send",
    "delivery",
    "read",
    "departure_at",
    "send_at",
    "delivery_at",
    "read_at",
    "replied_at",
    "error",
];

fn record<I: IntoIterator<Item = String>>(cells: I) -> AppResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(cells).map_err(anyhow::Error::from)?;
    Ok(out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
}

fn header(language: Language, columns: &[&str]) -> AppResult<Vec<u8>> {
    record(columns.iter().map(|c| text(language, &format!("broadcast_csv.{c}"), &[])))
}

/// The rows the sheet left out: row, column, code and the reason in the caller's language.
pub async fn invalid_rows_csv(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<Vec<u8>> {
    repo::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let language = language_of(state, caller).await?;
    let mut out = header(language, &INVALID_COLUMNS)?;
    for rejection in repo::rejections(&state.db, caller.org, id).await? {
        let Some(row) = invalid_row(&rejection, language) else { continue };
        let code = rejection.code.clone();
        out.extend(record([row.row.to_string(), spreadsheet_text(&row.column), code, row.message])?);
    }
    Ok(out)
}

fn stage_name(language: Language, stage: Stage) -> String {
    let code = match stage {
        Stage::Pending => "pending",
        Stage::Success => "success",
        Stage::Failed => "failed",
        Stage::Na => "na",
    };
    text(language, &format!("broadcasts.stage_values.{code}"), &[])
}

fn time(at: Option<Ts>) -> String {
    at.map(Ts::to_rfc3339).unwrap_or_default()
}

/// One recipient's line: what the tracking table shows.
fn message_line(language: Language, r: &RecipientRow) -> AppResult<Vec<u8>> {
    let track = Track::parse(&r.status).unwrap_or(Track::InOutbox);
    let s = stages(track);
    let times = Times {
        departed: r.departed_at.map(Ts::from),
        sent: r.sent_at.map(Ts::from),
        delivered: r.delivered_at.map(Ts::from),
        read: r.read_at.map(Ts::from),
        failed: r.failed_at.map(Ts::from),
    };
    let [departure_at, send_at, delivery_at, read_at] = stage_times(track, times);
    let comment = r.comment.as_deref().map(|c| text(language, &format!("broadcasts.comments.{c}"), &[]));
    let error = match (&r.error_code, &r.error_title) {
        (None, None) => String::new(),
        (code, title) => format!("{} {}", code.as_deref().unwrap_or_default(), title.as_deref().unwrap_or_default()),
    };
    record([
        r.row_number.to_string(),
        r.recipient.clone(),
        spreadsheet_text(&r.template_name),
        spreadsheet_text(&r.language),
        text(language, &format!("broadcasts.message_statuses.{}", track.as_str()), &[]),
        comment.unwrap_or_default(),
        stage_name(language, s.departure),
        stage_name(language, s.send),
        stage_name(language, s.delivery),
        stage_name(language, s.read),
        time(departure_at),
        time(send_at),
        time(delivery_at),
        time(read_at),
        time(r.replied_at.map(Ts::from)),
        spreadsheet_text(error.trim()),
    ])
}

enum Step {
    Header,
    After(Option<i64>),
    Done,
}

/// The messages file, of one status when asked: checked first (an unknown broadcast or
/// status is refused before the answer starts), then streamed a page at a time.
pub async fn messages_csv(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    status: Option<&str>,
) -> AppResult<impl Stream<Item = Result<Vec<u8>, AppError>> + Send + use<>> {
    repo::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    if status.is_some_and(|s| Track::parse(s).is_none()) {
        return Err(AppError::Detailed(ErrorCode::InvalidQuery, "unknown status".to_owned()));
    }
    let language = language_of(state, caller).await?;
    let (state, org, status) = (state.clone(), caller.org, status.map(str::to_owned));
    Ok(futures_util::stream::try_unfold(Step::Header, move |step| {
        let (state, status) = (state.clone(), status.clone());
        async move {
            match step {
                Step::Header => Ok(Some((header(language, &MESSAGE_COLUMNS)?, Step::After(None)))),
                Step::After(after) => {
                    let mut rows = repo::recipients(&state.db, org, id, status.as_deref(), after, PAGE).await?;
                    let more = rows.len() > usize::try_from(PAGE).unwrap_or(0);
                    rows.truncate(usize::try_from(PAGE).unwrap_or(0));
                    let mut chunk = Vec::new();
                    for r in &rows {
                        chunk.extend(message_line(language, r)?);
                    }
                    let next = if more { Step::After(rows.last().map(|r| r.row_number)) } else { Step::Done };
                    Ok(Some((chunk, next)))
                }
                Step::Done => Ok(None),
            }
        }
    }))
}
