//! Opening the database named by the settings and bringing its schema up to date.

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Db, DbError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Both folders hold the same file names; the parity test checks they build the same schema.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "conversations",
        include_str!("../migrations/sqlite/0002_conversations.sql"),
        include_str!("../migrations/postgres/0002_conversations.sql"),
    ),
    (
        3,
        "networks",
        include_str!("../migrations/sqlite/0003_networks.sql"),
        include_str!("../migrations/postgres/0003_networks.sql"),
    ),
    (
        4,
        "inbox_indexes",
        include_str!("../migrations/sqlite/0004_inbox_indexes.sql"),
        include_str!("../migrations/postgres/0004_inbox_indexes.sql"),
    ),
    (
        5,
        "campaign_hours",
        include_str!("../migrations/sqlite/0005_campaign_hours.sql"),
        include_str!("../migrations/postgres/0005_campaign_hours.sql"),
    ),
    (
        6,
        "bots",
        include_str!("../migrations/sqlite/0006_bots.sql"),
        include_str!("../migrations/postgres/0006_bots.sql"),
    ),
    (
        7,
        "inbound_events",
        include_str!("../migrations/sqlite/0007_inbound_events.sql"),
        include_str!("../migrations/postgres/0007_inbound_events.sql"),
    ),
    (
        8,
        "send_pacing",
        include_str!("../migrations/sqlite/0008_send_pacing.sql"),
        include_str!("../migrations/postgres/0008_send_pacing.sql"),
    ),
    (
        9,
        "supervision",
        include_str!("../migrations/sqlite/0009_supervision.sql"),
        include_str!("../migrations/postgres/0009_supervision.sql"),
    ),
    (
        10,
        "login_guard",
        include_str!("../migrations/sqlite/0010_login_guard.sql"),
        include_str!("../migrations/postgres/0010_login_guard.sql"),
    ),
    (
        12,
        "broadcasts",
        include_str!("../migrations/sqlite/0012_broadcasts.sql"),
        include_str!("../migrations/postgres/0012_broadcasts.sql"),
    ),
    (
        13,
        "report_rollups",
        include_str!("../migrations/sqlite/0013_report_rollups.sql"),
        include_str!("../migrations/postgres/0013_report_rollups.sql"),
    ),
    (
        16,
        "contact_fields",
        include_str!("../migrations/sqlite/0016_contact_fields.sql"),
        include_str!("../migrations/postgres/0016_contact_fields.sql"),
    ),
    (
        17,
        "outbound_reports",
        include_str!("../migrations/sqlite/0017_outbound_reports.sql"),
        include_str!("../migrations/postgres/0017_outbound_reports.sql"),
    ),
    (19, "crm", include_str!("../migrations/sqlite/0019_crm.sql"), include_str!("../migrations/postgres/0019_crm.sql")),
];

/// The embedded database's file name inside the data folder.
pub(crate) const SQLITE_FILE: &str = "charla.sqlite";

pub(crate) fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens PostgreSQL when `database_url` is a postgres URL, else the SQLite file in `data_dir`.
pub async fn connect(database_url: Option<&str>, data_dir: &Path) -> Result<Db, DbError> {
    match database_url {
        Some(url) if is_postgres_url(url) => {
            let pool =
                PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Ok(Db::Postgres(pool))
        }
        Some(url) => open_sqlite(SqliteConnectOptions::from_str(url)?).await,
        None => {
            let file = data_dir.join(SQLITE_FILE);
            open_sqlite(SqliteConnectOptions::new().filename(file)).await
        }
    }
}

async fn open_sqlite(options: SqliteConnectOptions) -> Result<Db, DbError> {
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A 64 MB page cache and memory-mapped reads per connection: the inbox's indexes stay hot.
        .pragma("cache_size", "-65536")
        .pragma("mmap_size", "268435456");
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    Ok(Db::Sqlite(crate::SqliteDb::new(pool)))
}

/// Applies pending migrations; on PostgreSQL under an advisory lock so nodes can start together.
pub async fn migrate(db: &Db) -> Result<(), DbError> {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, name, sqlite, postgres)| {
            let sql = match db.backend() {
                Backend::Sqlite => *sqlite,
                Backend::Postgres => *postgres,
            };
            Migration::new(*version, Cow::Borrowed(*name), MigrationType::Simple, sql.into_sql_str(), false)
        })
        .collect();
    let migrator = Migrator::with_migrations(migrations);
    match db {
        Db::Sqlite(db) => migrator.run(db.pool()).await?,
        Db::Postgres(pool) => migrator.run(pool).await?,
    }
    Ok(())
}
