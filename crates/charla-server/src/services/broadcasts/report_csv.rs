//! The broadcast report as CSV (OUT-6): the totals, a row per broadcast or origin, a row
//! per day, headed in the caller's language; names that look like formulas stay text.

use charla_domain::broadcasts::report::spreadsheet_text;
use charla_domain::people::Language;

use super::language_of;
use super::report::{BroadcastReportQuery, report};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::locales::text;
use crate::state::AppState;
use crate::views::broadcast_report::{OriginView, ReportFiguresView};

const COLUMNS: [&str; 9] = ["group", "key", "name", "sent", "delivered", "read", "failed", "replied", "reply_rate"];

fn figures(f: &ReportFiguresView) -> [String; 6] {
    [
        f.sent.to_string(),
        f.delivered.to_string(),
        f.read.to_string(),
        f.failed.to_string(),
        f.replied.to_string(),
        format!("{:.4}", f.reply_rate),
    ]
}

fn origin_code(o: OriginView) -> &'static str {
    match o {
        OriginView::Broadcast => "broadcast",
        OriginView::Conversation => "conversation",
        OriginView::Api => "api",
    }
}

/// One line: its group's name, key and label, then the figures.
fn line(language: Language, group: &str, key: &str, name: &str, f: &ReportFiguresView) -> Vec<String> {
    let group = text(language, &format!("broadcast_report.groups.{group}"), &[]);
    let mut cells = vec![group, key.to_owned(), spreadsheet_text(name)];
    cells.extend(figures(f));
    cells
}

pub async fn csv(state: &AppState, caller: &Caller, q: &BroadcastReportQuery) -> AppResult<Vec<u8>> {
    let view = report(state, caller, q).await?;
    let language = language_of(state, caller).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = COLUMNS.map(|c| text(language, &format!("broadcast_report.columns.{c}"), &[]));
    let mut lines = vec![header.to_vec()];
    let period = format!("{}..{}", view.from, view.to);
    lines.push(line(language, "total", &period, "", &view.totals));
    for s in &view.sources {
        let origin = origin_code(s.origin);
        let key = s.broadcast_id.map_or_else(|| origin.to_owned(), |id| id.to_string());
        let name = match &s.broadcast_name {
            Some(name) => name.clone(),
            None => text(language, &format!("broadcast_report.origins.{origin}"), &[]),
        };
        lines.push(line(language, origin, &key, &name, &s.figures));
    }
    for d in &view.days {
        lines.push(line(language, "day", &d.day, &d.day, &d.figures));
    }
    for cells in lines {
        out.write_record(&cells).map_err(anyhow::Error::from)?;
    }
    Ok(out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
}
