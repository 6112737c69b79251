//! `contact_import`: a contact sheet of N rows (100,000 by default: name, phone, email,
//! tags and a number field) uploaded through the API and read by the import job (CRM-5),
//! in process on each database. Prints the job's time, rows a second, and the process's
//! resident memory before the job and at its peak while it ran (sampled every 20 ms): the
//! reader hands over batches, so the growth should not depend on N.
//!
//! `cargo run -p charla-bench --bin contact_import -- --rows 100000`

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::ensure;
use charla_bench::backends::Which;
use charla_bench::server::backend_name;
use charla_testkit::TestApp;
use charla_testkit::app::Backend;
use clap::Parser;
use serde_json::json;

#[derive(Parser, Debug)]
#[command(about = "a contact sheet of N rows imported by the job: time and resident memory growth")]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
}

/// The process's resident set in KiB, from /proc (Linux).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn sheet(rows: usize) -> Vec<u8> {
    let mut out = String::from("name,phone,email,tags,score\n");
    for i in 0..rows {
        out.push_str(&format!("Contacto {i},+5730{i:08},c{i}@bench.test,bench;lote{},{}\n", i % 10, i % 1000));
    }
    out.into_bytes()
}

async fn one(backend: Backend, rows: usize) -> anyhow::Result<()> {
    let app = TestApp::spawn_with(backend, |s| s.max_upload_mb = 64).await?;
    let org = app.org("Bench").await?;
    let field = json!({"key": "score", "label": "Score", "type": "number"});
    ensure!(org.admin.post("/api/v1/contact-fields", field).await?.status.is_success());
    let bytes = sheet(rows);
    let size_mib = bytes.len() as f64 / 1_048_576.0;
    let reply = org.admin.post_multipart("/api/v1/contacts/imports", &[], vec![("file", "bench.csv", bytes)]).await?;
    ensure!(reply.status.as_u16() == 202, "{}", reply.body);
    let id = reply.body.get("id").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let before = resident_kib();
    let peak = Arc::new(AtomicU64::new(before));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(resident_kib(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    app.run_pending_jobs().await?;
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let import = org.admin.get(&format!("/api/v1/contacts/imports/{id}")).await?.body;
    let (status, created) = (import.get("status"), import.get("created").and_then(|v| v.as_u64()));
    ensure!(status == Some(&json!("done")) && created == Some(rows as u64), "{import}");
    let peak = peak.load(Ordering::Relaxed);
    println!(
        "{}: {rows} rows ({size_mib:.1} MiB) imported in {:.1} s, {:.0} rows/s; resident {} MiB before, peak {} MiB (+{} MiB)",
        backend_name(backend),
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        before / 1024,
        peak / 1024,
        peak.saturating_sub(before) / 1024,
    );
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    for backend in args.backend.backends() {
        one(backend, args.rows).await?;
    }
    Ok(())
}
