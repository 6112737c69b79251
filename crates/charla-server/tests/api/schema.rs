//! Schema parity: both migration folders build the same tables, columns, keys and indexes,
//! and `organization_id` leads every key and index but the documented exceptions.

use std::collections::BTreeMap;

use charla_db::Db;
use charla_testkit::{Backend, TestApp};

/// table → (columns with nullability, primary key, indexes name → (unique, columns)).
type Schema = BTreeMap<String, Table>;

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: BTreeMap<String, bool>,
    primary_key: Vec<String>,
    indexes: BTreeMap<String, (bool, Vec<String>)>,
}

async fn sqlite_schema(db: &Db) -> anyhow::Result<Schema> {
    let Db::Sqlite(db) = db else { anyhow::bail!("not sqlite") };
    let pool = db.pool();
    let mut schema = Schema::new();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (table,) in tables {
        let mut t = Table::default();
        let columns: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT name, \"notnull\", pk FROM pragma_table_info($1) ORDER BY pk")
                .bind(&table)
                .fetch_all(pool)
                .await?;
        for (name, not_null, pk) in columns {
            t.columns.insert(name.clone(), not_null == 0 && pk == 0);
            if pk > 0 {
                t.primary_key.push(name);
            }
        }
        let indexes: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await?;
        for (name, unique, origin) in indexes {
            if origin != "c" {
                continue;
            }
            let cols: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&name)
                .fetch_all(pool)
                .await?;
            t.indexes.insert(name, (unique == 1, cols.into_iter().map(|(c,)| c).collect()));
        }
        schema.insert(table, t);
    }
    Ok(schema)
}

async fn postgres_schema(db: &Db) -> anyhow::Result<Schema> {
    let Db::Postgres(pool) = db else { anyhow::bail!("not postgres") };
    let mut schema = Schema::new();
    let columns: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (table, column, nullable) in columns {
        schema.entry(table).or_default().columns.insert(column, nullable == "YES");
    }
    let indexes: Vec<(String, String, bool, bool, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, \
         ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) \
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (table, index, unique, primary, cols) in indexes {
        let t = schema.entry(table).or_default();
        if primary {
            t.primary_key = cols;
        } else {
            t.indexes.insert(index, (unique, cols));
        }
    }
    Ok(schema)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_databases_have_the_same_schema() {
    let sqlite = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let postgres = TestApp::spawn(Backend::Postgres).await.unwrap();
    let a = sqlite_schema(&sqlite.state.db).await.unwrap();
    let mut b = postgres_schema(&postgres.state.db).await.unwrap();
    // SQLite reports primary-key columns in key order only when sorted by pk; PostgreSQL too.
    for (name, table) in &a {
        let other = b.remove(name).unwrap_or_else(|| panic!("{name} missing on PostgreSQL"));
        assert_eq!(table, &other, "table {name} differs");
    }
    assert!(b.is_empty(), "only on PostgreSQL: {:?}", b.keys().collect::<Vec<_>>());
    assert!(a.len() >= 15);
}

#[tokio::test]
async fn organization_id_leads_every_key_and_index() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let schema = sqlite_schema(&app.state.db).await.unwrap();
    // The tenant itself, the login and webhook directories, and the cross-tenant scans of
    // the job runner, the intake drain and the realtime relay; the login guard (per email
    // address, across organizations like user_emails) and the first run's claim.
    let exceptions = [
        "organizations",
        "user_emails",
        "channel_routes",
        "jobs_due",
        "inbound_events_due",
        "events_order",
        "login_guard",
        "login_guard_updated",
        "setup_claim",
    ];
    for (name, table) in &schema {
        if !exceptions.contains(&name.as_str()) {
            assert_eq!(table.primary_key.first().map(String::as_str), Some("organization_id"), "primary key of {name}");
        }
        for (index, (_, cols)) in &table.indexes {
            if !exceptions.contains(&index.as_str()) {
                assert_eq!(cols.first().map(String::as_str), Some("organization_id"), "index {index}");
            }
        }
    }
}
