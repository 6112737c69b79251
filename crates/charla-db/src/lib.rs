//! Charla's storage: one SQL text run on SQLite (embedded) or PostgreSQL (production).
//!
//! `Db` holds a pool of either kind and `on_db!` / `on_tx!` expand one statement once per
//! backend, so every query is written once and type-checked against both drivers.

pub mod args;
mod codec;
mod connect;
mod error;
pub mod repo;

pub use codec::DbTs;
pub use connect::{Backend, connect, migrate};
pub use error::DbError;
pub use sqlx::postgres::PgListener;
pub use sqlx::types::Json;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// A connection pool to whichever database this node runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A write transaction; on SQLite it began with `BEGIN IMMEDIATE` (one writer at a time).
#[derive(Debug)]
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Where a read runs: on the pool, or inside the caller's transaction (to see its writes).
#[derive(Debug)]
pub enum Conn<'c> {
    Pool(&'c Db),
    Tx(&'c mut Tx),
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Self {
        Conn::Pool(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

/// Runs `$body` with `$exec` bound to whichever executor the `Conn` holds.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, |$exec:ident| $body:expr) => {
        match $conn {
            $crate::Conn::Pool($crate::Db::Sqlite($exec)) => $body,
            $crate::Conn::Pool($crate::Db::Postgres($exec)) => $body,
            $crate::Conn::Tx($crate::Tx::Sqlite(tx)) => {
                let $exec = &mut **tx;
                $body
            }
            $crate::Conn::Tx($crate::Tx::Postgres(tx)) => {
                let $exec = &mut **tx;
                $body
            }
        }
    };
}

/// Runs `$body` with `$pool` bound to the SQLite or the PostgreSQL pool.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection, on either backend.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Whether the database answers; what `/ready` reports.
    pub async fn ping(&self) -> Result<(), DbError> {
        on_db!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_db!(self, |pool| pool.close().await)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}
