//! One module per table group. Reads take `&Db`, writes take the caller's `Tx`, so a
//! service commits a change, its audit row, its events and its jobs together.

pub mod absences;
pub mod audit;
pub mod broadcast_report;
pub mod broadcast_sends;
pub mod broadcast_tracking;
pub mod broadcasts;
pub mod campaign_settings;
pub mod channels;
pub mod chatbots;
pub mod contact_fields;
pub mod contact_imports;
pub mod contacts;
pub mod conversations;
pub mod dispositions;
pub mod events;
pub mod files;
pub mod hierarchy;
pub mod inbound_events;
pub mod jobs;
pub mod login_guard;
pub mod marketing_preferences;
pub mod messages;
pub mod monitoring;
pub mod network_marks;
pub mod notifications;
pub mod orgs;
pub mod out_of_hours;
pub mod pause_reasons;
pub mod profiles;
pub mod queues;
pub mod quick_replies;
pub mod reports;
pub mod send_pacing;
pub mod sessions;
pub mod supervision;
pub mod surveys;
pub mod templates;
pub mod tokens;
pub mod users;

/// The largest page a list returns.
pub const PAGE_MAX: i64 = 200;

/// Clamps a requested page size to 1..=PAGE_MAX (50 when unset).
pub fn page_limit(requested: Option<i64>) -> i64 {
    requested.unwrap_or(50).clamp(1, PAGE_MAX)
}

/// Splits one extra fetched row off a page: the items, and the cursor of the next page.
pub fn paginate<T>(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> uuid::Uuid) -> (Vec<T>, Option<uuid::Uuid>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(cursor);
        (rows, next)
    } else {
        (rows, None)
    }
}
