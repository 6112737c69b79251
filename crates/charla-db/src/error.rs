use thiserror::Error;

#[derive(Debug, Error)]
pub enum DbError {
    /// A unique key already holds this value; carries the constraint or index name.
    #[error("unique key {0} already holds this value")]
    Conflict(String),
    #[error(transparent)]
    Sqlx(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for DbError {
    fn from(err: sqlx::Error) -> Self {
        if let Some(db_err) = err.as_database_error()
            && db_err.is_unique_violation()
        {
            let name = db_err.constraint().unwrap_or_default().to_owned();
            let name = if name.is_empty() { db_err.message().to_owned() } else { name };
            return DbError::Conflict(name);
        }
        DbError::Sqlx(err)
    }
}
