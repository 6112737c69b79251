//! A throwaway PostgreSQL cluster for the whole test run, started from Debian's binaries.
//!
//! nextest runs each test in its own process, so the cluster is shared through a folder in
//! the temp directory guarded by a file lock: the first process starts it, the others reuse
//! it, and each test gets a database of its own. `CHARLA_TEST_PG_DIR` names that folder
//! (scripts/test-all.sh makes a fresh one and stops the cluster with scripts/pg-temp.sh);
//! `CHARLA_TEST_PG_URL` points at a cluster started elsewhere instead.

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The admin URL of the shared cluster (database `postgres`), starting it if needed.
pub fn cluster_url() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var("CHARLA_TEST_PG_URL") {
        return Ok(url);
    }
    let dir = std::env::var_os("CHARLA_TEST_PG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("charla-test-pg"));
    fs::create_dir_all(&dir)?;
    let lock = File::create(dir.join("lock"))?;
    lock.lock().context("locking the test cluster folder")?;
    let url_file = dir.join("url");
    if let Ok(url) = fs::read_to_string(&url_file)
        && is_running(&dir.join("data"))
    {
        return Ok(url);
    }
    let url = start(&dir)?;
    fs::write(&url_file, &url)?;
    Ok(url)
}

fn bin(name: &str) -> anyhow::Result<PathBuf> {
    if let Some(found) = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).collect::<Vec<_>>())
        .and_then(|candidates| candidates.into_iter().find(|p| p.exists()))
    {
        return Ok(found);
    }
    let mut versions: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path().join("bin").join(name)).filter(|p| p.exists()).collect())
        .unwrap_or_default();
    versions.sort();
    versions.pop().with_context(|| format!("{name} not found: install Debian's postgresql package"))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root (it refuses root).
fn run_pg(tool: &Path, args: &[&str]) -> anyhow::Result<()> {
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(tool);
        c
    } else {
        Command::new(tool)
    };
    let output = command.args(args).output().with_context(|| format!("running {}", tool.display()))?;
    if !output.status.success() {
        bail!(
            "{} failed: {}{}",
            tool.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn is_running(data: &Path) -> bool {
    let Ok(pg_ctl) = bin("pg_ctl") else { return false };
    run_pg(&pg_ctl, &["status", "-D", &data.to_string_lossy()]).is_ok()
}

fn start(dir: &Path) -> anyhow::Result<String> {
    let data = dir.join("data");
    if data.exists() {
        fs::remove_dir_all(&data)?;
    }
    if is_root() {
        let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir).status()?;
        if !status.success() {
            bail!("cannot give {} to the postgres user", dir.display());
        }
    }
    let data_s = data.to_string_lossy().into_owned();
    run_pg(&bin("initdb")?, &["-D", &data_s, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let options = format!(
        "-p {port} -h 127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
        dir.display()
    );
    let log = dir.join("postgres.log").to_string_lossy().into_owned();
    run_pg(&bin("pg_ctl")?, &["start", "-w", "-D", &data_s, "-l", &log, "-o", &options])?;
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

/// Creates an empty database for one test and returns its URL.
pub async fn fresh_database() -> anyhow::Result<String> {
    let admin = tokio::task::spawn_blocking(cluster_url).await??;
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    let pool = sqlx::PgPool::connect(&admin).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await?;
    pool.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned()).context("bad cluster URL")?;
    Ok(format!("{base}/{name}"))
}
