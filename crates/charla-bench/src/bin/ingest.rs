//! `ingest`: signed WhatsApp webhooks through the full intake (verify, parse, store, 200)
//! at a fixed number of connections, against single-row INSERTs into a plain table of the
//! same database as the same-run baseline; then a paced run at 80 % of the measured rate
//! for the acknowledgement latency (design.md §9).
//!
//! `cargo run --release -p charla-bench --bin ingest -- --help`

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, ensure};
use charla_bench::backends::Which;
use charla_bench::measure::{self, Job, Stats, ms};
use charla_bench::server::{Server, backend_name};
use charla_bench::whatsapp::{self, Signed, Webhooks};
use charla_bench::{desk, raw_insert, stored};
use charla_db::Db;
use charla_db::repo::inbound_events;
use charla_domain::time::Clock;
use charla_testkit::graph::GraphStandIn;
use clap::Parser;

/// Through the intake: at least this share of the raw INSERT rate…
const GOAL_RATIO: f64 = 0.30;
/// …and at least this many webhooks a second…
const GOAL_RATE: f64 = 1_000.0;
/// …with acknowledgements this fast (p99) at 80 % of the measured rate.
const GOAL_P99: Duration = Duration::from_millis(50);
const PACED_SHARE: f64 = 0.8;

#[derive(Parser, Debug)]
#[command(about = "WhatsApp webhook intake against raw single-row INSERTs, on SQLite and PostgreSQL")]
struct Args {
    /// Webhooks in the measured run at full speed (and INSERTs in the baseline).
    #[arg(long, default_value_t = 20_000)]
    messages: usize,
    /// Webhooks in the paced run at 80 % of the measured rate.
    #[arg(long, default_value_t = 10_000)]
    paced_messages: usize,
    /// Distinct senders the webhooks come from (each one a contact and a conversation).
    #[arg(long, default_value_t = 2_000)]
    senders: usize,
    /// Concurrent connections (and baseline clients).
    #[arg(long, default_value_t = 16)]
    connections: usize,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// No request of a measurement starts after this many seconds (bounds the slow cases).
    #[arg(long, default_value_t = 60)]
    max_seconds: u64,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((1..=1_000_000).contains(&self.messages), "--messages: 1 to 1,000,000");
        ensure!((1..=1_000_000).contains(&self.paced_messages), "--paced-messages: 1 to 1,000,000");
        ensure!((1..=1_000_000).contains(&self.senders), "--senders: 1 to 1,000,000");
        ensure!((1..=256).contains(&self.connections), "--connections: 1 to 256");
        ensure!((1..=3_600).contains(&self.max_seconds), "--max-seconds: 1 to 3,600");
        Ok(())
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    args.check()?;
    println!(
        "charla ingest bench: {} webhooks at full speed, {} paced, from {} senders, {} connections",
        args.messages, args.paced_messages, args.senders, args.connections
    );
    let client = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let mut summaries = Vec::new();
    for backend in args.backend.backends() {
        println!("\n== {} ==", backend_name(backend));
        let server = Server::start_with(backend, |s| s.allow_private_hosts = vec!["127.0.0.1".to_owned()])?;
        let outcome = client.block_on(bench(&args, &server));
        server.stop();
        summaries.push((backend, outcome?));
    }
    println!("\n== summary ==");
    for (backend, row) in &summaries {
        println!("{:<9} {row}", backend_name(*backend));
    }
    Ok(())
}

async fn bench(args: &Args, server: &Server) -> anyhow::Result<String> {
    // Our own pool on the same database, sized like the server's (charla_db::connect).
    let db = charla_db::connect(server.database_url.as_deref(), &server.data_dir).await?;
    let outcome = bench_on(args, server, &db).await;
    db.close().await;
    outcome
}

async fn bench_on(args: &Args, server: &Server, db: &Db) -> anyhow::Result<String> {
    let graph = GraphStandIn::start().await?;
    let (_, admin) = desk::organization(db, &server.base).await?;
    let desk = desk::whatsapp(&admin, &graph.api_base_url).await?;
    let webhooks = Webhooks::new(&server.base, &desk.channel.to_string())?;
    let cap = Duration::from_secs(args.max_seconds);
    let warmup = args.connections * measure::WARMUP_PER_WORKER;

    // Built and signed before the clock starts: the bench's own CPU goes to sending.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let full = bodies("full", warmup + args.messages, args.senders);
    let intake = measure::run(
        "webhooks through the intake",
        args.connections,
        args.messages,
        cap,
        post_job(&webhooks, full, acknowledged.clone()),
    )
    .await?;
    println!("{}", intake.line());

    let drained = drain("applied by the intake drain (after)", server, db).await?;

    raw_insert::create(db).await?;
    let raw =
        measure::run("  raw: single-row INSERT", args.connections, args.messages, cap, raw_insert::job(db.clone()))
            .await;
    raw_insert::drop(db).await?;
    let raw = raw?;
    println!("{}", raw.line());

    let rate = intake.per_second * PACED_SHARE;
    let paced = measure::run_paced(
        &format!("paced at {rate:.0}/s (80 %)"),
        args.connections,
        args.paced_messages,
        rate,
        cap,
        post_job(&webhooks, bodies("paced", args.paced_messages, args.senders), acknowledged.clone()),
    )
    .await?;
    println!("{}", paced.line());
    drain("  applied by the intake drain (after)", server, db).await?;

    // As a running server does: the drain applies events while webhooks keep arriving. The
    // whole pipeline's pace is the drain's, so this run goes at 80 % of the drain's rate.
    let sustained = drained * PACED_SHARE;
    let running = server.spawn_drain()?;
    let with_drain = measure::run_paced(
        &format!("paced at {sustained:.0}/s, drain on"),
        args.connections,
        args.paced_messages,
        sustained,
        cap,
        post_job(&webhooks, bodies("sustained", args.paced_messages, args.senders), acknowledged.clone()),
    )
    .await;
    running.stop().await?;
    println!("{}", with_drain?.line());
    drain("  left for the drain after it", server, db).await?;

    let by_id = stored::inbound_by_network_id(db, desk.channel).await?;
    let acknowledged = acknowledged.load(Ordering::Relaxed);
    let stored_total: i64 = by_id.values().sum();
    println!(
        "acknowledged {acknowledged} webhooks (all 200); stored {} inbound messages, {} distinct ids",
        stored_total,
        by_id.len()
    );
    ensure!(
        stored_total as usize == acknowledged && by_id.len() == acknowledged,
        "stored messages differ from acknowledged webhooks"
    );

    Ok(format!("{}  drain {drained:.0} events/s", verdict(&intake, &raw, &paced)))
}

/// Applies what the intake stored with the drain's lanes, as a server does, and prints how
/// fast; returns events a second.
async fn drain(label: &str, server: &Server, db: &Db) -> anyhow::Result<f64> {
    let waiting = inbound_events::pending_count(db).await?;
    let started = std::time::Instant::now();
    let running = server.spawn_drain()?;
    while inbound_events::pending_count(db).await? > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    running.stop().await?;
    let seconds = started.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 { waiting as f64 / seconds } else { 0.0 };
    println!("{label:<40} n={waiting:<6} in {seconds:.1} s = {rate:.0} events/s");
    Ok(rate)
}

fn verdict(intake: &Stats, raw: &Stats, paced: &Stats) -> String {
    let ratio = if raw.per_second > 0.0 { intake.per_second / raw.per_second } else { 0.0 };
    let pass = |ok: bool| if ok { "PASS" } else { "MISS" };
    let row = format!(
        "intake {:>7.0}/s  raw INSERT {:>7.0}/s  ratio {:>5.1} % ({} >= 30 %)  absolute {} (>= 1,000/s)  \
         paced {:.0}/s p50 {:.1} ms p95 {:.1} ms p99 {:.1} ms ({} <= 50 ms)",
        intake.per_second,
        raw.per_second,
        ratio * 100.0,
        pass(ratio >= GOAL_RATIO),
        pass(intake.per_second >= GOAL_RATE),
        paced.per_second,
        ms(paced.p50),
        ms(paced.p95),
        ms(paced.p99),
        pass(paced.p99 <= GOAL_P99 && !paced.capped),
    );
    println!("  {row}");
    row
}

/// `count` text webhooks with unique wamids, from `senders` senders in turn, stamped now.
fn bodies(run: &str, count: usize, senders: usize) -> Arc<Vec<Signed>> {
    let now = Clock::System.now().as_micros() / 1_000_000;
    let run = format!("{run}{}", uuid::Uuid::now_v7().simple());
    Arc::new(
        (0..count)
            .map(|n| {
                let text = format!("Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #{n}.");
                whatsapp::text_message(&whatsapp::inbound_wamid(&run, n), &whatsapp::sender(n % senders), now, &text)
            })
            .collect(),
    )
}

/// Each request posts the next body; every one must be acknowledged with 200, and
/// `acknowledged` counts them (warm-up included: its length depends on the speed).
fn post_job(webhooks: &Webhooks, bodies: Arc<Vec<Signed>>, acknowledged: Arc<AtomicUsize>) -> Job {
    let next = Arc::new(AtomicUsize::new(0));
    let webhooks = webhooks.clone();
    measure::job(move |_, _| {
        let (webhooks, bodies, next, acknowledged) =
            (webhooks.clone(), bodies.clone(), next.clone(), acknowledged.clone());
        async move {
            let body = bodies.get(next.fetch_add(1, Ordering::Relaxed)).context("more requests than bodies")?;
            webhooks.post_ok(body).await?;
            acknowledged.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    })
}
