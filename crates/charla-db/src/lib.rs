//! Charla's storage: one SQL text run on SQLite (embedded) or PostgreSQL (production).
//!
//! `Db` holds a pool of either kind and `on_db!` / `on_tx!` expand one statement once per
//! backend, so every query is written once and type-checked against both drivers.

pub mod args;
mod codec;
mod connect;
mod error;
pub mod repo;
pub mod snapshot;

pub use codec::DbTs;
pub use connect::{Backend, connect, migrate};
pub use error::DbError;
pub use sqlx::postgres::PgListener;
pub use sqlx::types::Json;

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// A connection pool to whichever database this node runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// SQLite's pool and this process's turn to write. SQLite takes one writer at a time, and a
/// writer that finds the lock taken sleeps in growing steps (its busy handler) even when the
/// lock frees a moment later; waiting in line here instead hands the lock over at once.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pool: SqlitePool,
    writer: Arc<Mutex<()>>,
}

impl SqliteDb {
    pub fn new(pool: SqlitePool) -> Self {
        SqliteDb { pool, writer: Arc::new(Mutex::new(())) }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// This process's turn to write, for a single statement outside a transaction.
    pub async fn write_turn(&self) -> OwnedMutexGuard<()> {
        self.writer.clone().lock_owned().await
    }

    /// A write transaction (`BEGIN IMMEDIATE`) once this process's other writers are done.
    pub async fn begin_write(&self) -> Result<SqliteTx, DbError> {
        let turn = self.write_turn().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(SqliteTx { tx, _turn: turn })
    }
}

impl Deref for SqliteDb {
    type Target = SqlitePool;

    fn deref(&self) -> &SqlitePool {
        &self.pool
    }
}

/// A SQLite write transaction holding the process's turn to write until it ends (fields drop
/// in order: the transaction rolls back, if still open, before the turn passes on).
#[derive(Debug)]
pub struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl SqliteTx {
    pub async fn commit(self) -> Result<(), DbError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for SqliteTx {
    type Target = Transaction<'static, Sqlite>;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// A write transaction; on SQLite it began with `BEGIN IMMEDIATE` (one writer at a time).
#[derive(Debug)]
pub enum Tx {
    Sqlite(SqliteTx),
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
            $crate::Conn::Pool($crate::Db::Sqlite(db)) => {
                let $exec = db.pool();
                $body
            }
            $crate::Conn::Pool($crate::Db::Postgres($exec)) => $body,
            $crate::Conn::Tx($crate::Tx::Sqlite(tx)) => {
                let $exec = &mut ***tx;
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
            $crate::Db::Sqlite(db) => {
                let $pool = db.pool();
                $body
            }
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// `on_db!` for a statement that writes outside a transaction: on SQLite it first waits for
/// this process's turn to write (see `SqliteDb`), else SQLite's busy handler could starve it
/// behind a stream of transactions.
#[macro_export]
macro_rules! on_db_write {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite(db) => {
                let _turn = db.write_turn().await;
                let $pool = db.pool();
                $body
            }
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
                let $conn = &mut ***tx;
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
            Db::Sqlite(db) => Tx::Sqlite(db.begin_write().await?),
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
