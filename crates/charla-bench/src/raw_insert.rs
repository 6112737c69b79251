//! The ingest bench's baseline: single-row INSERTs into a plain table of the same database,
//! through sqlx, with a pool of the server's size (`charla_db::connect`). Each insert is
//! its own statement in autocommit, as durable as the server's intake transaction.

use charla_db::Db;
use uuid::Uuid;

use crate::measure::{self, Job};

const CREATE: &str =
    "CREATE TABLE bench_raw_insert (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at BIGINT NOT NULL)";
const DROP: &str = "DROP TABLE IF EXISTS bench_raw_insert";
const INSERT: &str = "INSERT INTO bench_raw_insert (id, body, created_at) VALUES ($1, $2, $3)";

/// Creates the (empty) table; `drop` removes it after the measurement.
pub async fn create(db: &Db) -> anyhow::Result<()> {
    charla_db::on_db!(db, |pool| sqlx::query(DROP).execute(pool).await.map(|r| r.rows_affected()))?;
    charla_db::on_db!(db, |pool| sqlx::query(CREATE).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn drop(db: &Db) -> anyhow::Result<()> {
    charla_db::on_db!(db, |pool| sqlx::query(DROP).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// One insert per request: a new id and a body the size of a small webhook.
pub fn job(db: Db) -> Job {
    let body: std::sync::Arc<str> = "x".repeat(600).into();
    measure::job(move |_, _| {
        let (db, body) = (db.clone(), body.clone());
        async move {
            let id = Uuid::now_v7().to_string();
            let at = charla_domain::time::Clock::System.now().as_micros();
            charla_db::on_db!(&db, |pool| sqlx::query(INSERT)
                .bind(&id)
                .bind(body.as_ref())
                .bind(at)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))?;
            Ok(())
        }
    })
}
