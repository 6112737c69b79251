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

impl DbError {
    /// Every pooled connection stayed busy past the pool's wait: overload, not a fault.
    pub fn is_pool_exhausted(&self) -> bool {
        matches!(self, DbError::Sqlx(sqlx::Error::PoolTimedOut))
    }

    /// A PostgreSQL deadlock or serialization failure: the whole transaction may be retried.
    pub fn is_retryable(&self) -> bool {
        match self {
            DbError::Sqlx(err) => {
                err.as_database_error().and_then(|e| e.code()).is_some_and(|code| code == "40P01" || code == "40001")
            }
            _ => false,
        }
    }
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
