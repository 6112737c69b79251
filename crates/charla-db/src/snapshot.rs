//! A consistent copy of the embedded database while it is in use (`charla backup`).

use std::path::Path;

use crate::{Db, DbError};

/// Writes a consistent copy of the SQLite database to `to` with `VACUUM INTO`: one read
/// transaction, so writers carry on and the copy holds every transaction committed before it
/// began, compacted into a single file with no WAL beside it. `None` on PostgreSQL, whose
/// copies are `pg_dump`'s job.
pub async fn sqlite_copy(db: &Db, to: &Path) -> Result<Option<()>, DbError> {
    let Db::Sqlite(sqlite) = db else { return Ok(None) };
    let target = to.to_string_lossy().into_owned();
    sqlx::query("VACUUM INTO $1").bind(target).execute(sqlite.pool()).await?;
    Ok(Some(()))
}

/// `PRAGMA integrity_check` of a SQLite database: `ok`, or the first problems it found.
pub async fn sqlite_integrity(db: &Db) -> Result<Option<String>, DbError> {
    let Db::Sqlite(sqlite) = db else { return Ok(None) };
    let (verdict,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(sqlite.pool()).await?;
    Ok(Some(verdict))
}

/// Where the SQLite database of these settings lives; `None` on PostgreSQL.
pub fn sqlite_file(database_url: Option<&str>, data_dir: &Path) -> Result<Option<std::path::PathBuf>, DbError> {
    match database_url {
        Some(url) if crate::connect::is_postgres_url(url) => Ok(None),
        Some(url) => {
            let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(url)?;
            Ok(Some(options.get_filename().to_path_buf()))
        }
        None => Ok(Some(data_dir.join(crate::connect::SQLITE_FILE))),
    }
}
