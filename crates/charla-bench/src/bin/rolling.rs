//! `rolling`: two nodes on one PostgreSQL behind a round-robin TCP proxy (webhooks, API and
//! agents' sockets all go through it), under webhook and send load; each node is stopped
//! with SIGTERM and started again in turn, then one is killed with SIGKILL and started
//! again (design.md §9, issue 19). Afterwards:
//!
//! - every webhook answered 200 is stored once; every reply the API accepted was sent,
//!   doubles only from the call window (goal 0);
//! - every message event of an agent's conversations reached the agent's socket at least
//!   once, in order per conversation, across reconnections to the other node (duplicates
//!   from replays counted, not failed);
//! - the two nodes, started together on an empty database, migrated it once.
//!
//! Verdicts print as `RESULT rolling <goal> postgres <figure> <target> PASS|MISS`.
//!
//! `cargo build --release -p charla-server --bin charla -p charla-bench && target/release/rolling`

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::agent_socket::{self, Browser, Interruptions, Received};
use charla_bench::child::{self, Launch};
use charla_bench::delivery::{self, Seen, lock_len};
use charla_bench::desk::ADMIN_PASSWORD;
use charla_bench::floor::{self, Floor, Shape};
use charla_bench::tcp_proxy::Proxy;
use charla_bench::verdict::Verdict;
use charla_bench::whatsapp::Webhooks;
use charla_db::Db;
use charla_testkit::fixtures::config;
use charla_testkit::graph::{GraphStandIn, StatusEcho};
use clap::Parser;
use serde_json::json;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// The inbound messages' texts start with this (`delivery::ingest_worker`'s "Mensaje n").
const MARKER: &str = "Mensaje ";
const BACKEND: &str = "postgres";
/// How long a node may take to stop after SIGTERM before the bench calls it a failure.
const STOP_WAIT: Duration = Duration::from_secs(40);

#[derive(Parser, Debug)]
#[command(about = "Nodes stopped (SIGTERM) and killed (SIGKILL) in turn under load: nothing lost, sockets resume")]
struct Args {
    /// Agents with open sockets, each with `--per-agent` assigned conversations.
    #[arg(long, default_value_t = 20)]
    agents: usize,
    #[arg(long, default_value_t = 3)]
    per_agent: usize,
    /// Connections posting webhooks during the load.
    #[arg(long, default_value_t = 4)]
    ingest_connections: usize,
    /// Connections posting replies through the API during the load.
    #[arg(long, default_value_t = 2)]
    send_connections: usize,
    /// Load between two steps (stop, start, kill).
    #[arg(long, default_value_t = 8)]
    step_seconds: u64,
    /// After the load: at most this long for every send and event to arrive (a killed
    /// node's claims come back after the 30 s lease, a send caught in the call after 60 s).
    #[arg(long, default_value_t = 180)]
    drain_seconds: u64,
    /// The server binary; default: `charla` beside this bench binary.
    #[arg(long)]
    charla: Option<PathBuf>,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((1..=2_000).contains(&self.agents), "--agents: 1 to 2,000");
        ensure!((1..=20).contains(&self.per_agent), "--per-agent: 1 to 20");
        ensure!((1..=256).contains(&self.ingest_connections), "--ingest-connections: 1 to 256");
        ensure!((1..=256).contains(&self.send_connections), "--send-connections: 1 to 256");
        ensure!((1..=600).contains(&self.step_seconds), "--step-seconds: 1 to 600");
        ensure!((1..=3_600).contains(&self.drain_seconds), "--drain-seconds: 1 to 3,600");
        Ok(())
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    args.check()?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let binary = child::charla_binary(args.charla.as_deref())?;
    println!(
        "charla rolling bench: two nodes on PostgreSQL behind a proxy; {} agents, {} webhook and {} reply connections",
        args.agents, args.ingest_connections, args.send_connections
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let verdicts = runtime.block_on(bench(&args, &binary))?;
    println!("\n== verdicts ==");
    for line in &verdicts {
        println!("{line}");
    }
    Ok(())
}

async fn bench(args: &Args, binary: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let graph = GraphStandIn::start().await?;
    let data_dir = std::env::temp_dir().join(format!("charla-rolling-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&data_dir)?;
    let database_url = charla_testkit::postgres::fresh_database().await?;
    let ports = [child::free_port()?, child::free_port()?];
    let proxy = Proxy::start(ports.iter().map(|p| std::net::SocketAddr::from(([127, 0, 0, 1], *p))).collect()).await?;
    let nodes = ports.map(|port| Launch {
        binary: binary.to_owned(),
        data_dir: data_dir.clone(),
        database_url: Some(database_url.clone()),
        port,
        allow_private_hosts: "127.0.0.1".to_owned(),
        send_rate_per_second: 10_000,
        pair_burst: 10_000,
        public_url: Some(proxy.base.clone()),
        demo: false,
    });
    let outcome = run(args, &nodes, &proxy, &graph, &database_url).await;
    match &outcome {
        Ok(_) => {
            let _ = std::fs::remove_dir_all(&data_dir);
        }
        Err(_) => println!("kept the data folder and server log: {}", data_dir.display()),
    }
    outcome
}

async fn run(
    args: &Args,
    nodes: &[Launch; 2],
    proxy: &Proxy,
    graph: &GraphStandIn,
    database_url: &str,
) -> anyhow::Result<Vec<String>> {
    // Started together on an empty database: one of them migrates, the other waits.
    let [a, b] = nodes;
    let (started_a, started_b) = tokio::join!(a.start(Duration::from_secs(120)), b.start(Duration::from_secs(120)));
    let mut running = [started_a?, started_b?];
    let db = charla_db::connect(Some(database_url), &a.data_dir).await?;
    let migrated_twice = migrations_applied_twice(&db).await?;
    println!("both nodes started together; migrations applied more than once: {migrated_twice}");

    let shape = Shape { agents: args.agents, queues: 1, per_agent: args.per_agent };
    let floor = floor::build(&db, &proxy.base, &graph.api_base_url, &shape).await?;
    graph.echo_statuses_to(StatusEcho {
        webhook_url: format!("{}/webhooks/whatsapp/{}", proxy.base, floor.channel),
        app_secret: config::APP_SECRET.to_owned(),
        waba_id: config::WABA_A.to_owned(),
        display_phone_number: config::DISPLAY_A.to_owned(),
    });
    let http = reqwest::Client::builder().no_proxy().build()?;
    let browsers = log_in(&http, &proxy.base, &floor).await?;
    let stop_sockets = Arc::new(AtomicBool::new(false));
    let interruptions = Arc::new(Interruptions::default());
    let (sender, mut received) = unbounded_channel();
    let mut followers = tokio::task::JoinSet::new();
    for (a, browser) in browsers.into_iter().enumerate() {
        let (base, stop, seen) = (proxy.base.clone(), stop_sockets.clone(), interruptions.clone());
        followers.spawn(agent_socket::follow(base, browser, a, MARKER, sender.clone(), stop, seen));
    }

    let (seen, mut load) = start_load(args, &floor, &proxy.base)?;
    let started = Instant::now();
    for (step, (signal, node)) in [("SIGTERM", 0), ("SIGTERM", 1), ("SIGKILL", 0)].into_iter().enumerate() {
        tokio::time::sleep(Duration::from_secs(args.step_seconds)).await;
        let Some(child) = running.get_mut(node) else { continue };
        let stopped = if signal == "SIGKILL" {
            child::kill_9(child).await?;
            Duration::ZERO
        } else {
            child::terminate(child, STOP_WAIT).await?
        };
        tokio::time::sleep(Duration::from_secs(args.step_seconds / 2)).await;
        let t = Instant::now();
        let launch = nodes.get(node).context("no such node")?;
        *child = launch.start(Duration::from_secs(120)).await?;
        println!(
            "step {}: {signal} node {} (stopped in {} ms), started again in {} ms; so far {} webhooks acknowledged, \
             {} replies queued, {} socket reconnections",
            step + 1,
            ["A", "B"].get(node).unwrap_or(&"?"),
            stopped.as_millis(),
            t.elapsed().as_millis(),
            lock_len(&seen.acked),
            lock_len(&seen.queued),
            interruptions.reconnects.load(Ordering::Relaxed),
        );
    }
    tokio::time::sleep(Duration::from_secs(args.step_seconds)).await;
    seen.stop.store(true, Ordering::Relaxed);
    while let Some(done) = load.join_next().await {
        done.context("load worker")?;
    }
    let acked: Vec<String> = seen.acked.lock().map(|v| v.clone()).unwrap_or_default();
    let queued: Vec<String> = seen.queued.lock().map(|v| v.clone()).unwrap_or_default();
    println!(
        "load: {:.1} s; {} webhooks acknowledged, {} replies queued",
        started.elapsed().as_secs_f64(),
        acked.len(),
        queued.len()
    );

    let cap = Duration::from_secs(args.drain_seconds);
    delivery::wait_until_delivered(&db, floor.channel, graph, &queued, cap).await?;
    let sent = delivery::check(&db, floor.channel, graph, &acked, &queued, &HashSet::new()).await?;
    println!("{sent}");
    let sockets = socket_arrivals(&floor, &acked, &mut received).await;
    println!(
        "sockets: {} events expected, {} missing, {} out of order, {} duplicates; {} reconnections, {} reloads",
        sockets.expected,
        sockets.missing,
        sockets.out_of_order,
        sockets.duplicates,
        interruptions.reconnects.load(Ordering::Relaxed),
        interruptions.reloads.load(Ordering::Relaxed)
    );
    stop_sockets.store(true, Ordering::Relaxed);
    while followers.join_next().await.is_some() {}
    graph.stop_echoes();
    for child in &mut running {
        let _ = child::kill_9(child).await;
    }
    db.close().await;
    let verdict = |goal: &'static str, figure: usize| {
        Verdict { bench: "rolling", goal, backend: BACKEND, figure: figure as f64, target: 0.0, unit: "" }.line()
    };
    Ok(vec![
        verdict("migrated_twice", migrated_twice),
        verdict("webhooks_lost", sent.lost),
        verdict("webhooks_stored_twice", sent.stored_twice),
        verdict("replies_unsent", sent.unsent),
        verdict("replies_doubled", sent.doubled),
        verdict("socket_events_missing", sockets.missing + interruptions.reloads.load(Ordering::Relaxed)),
        verdict("socket_events_out_of_order", sockets.out_of_order),
    ])
}

/// Logs every agent in through the proxy and sets them online.
async fn log_in(http: &reqwest::Client, base: &str, floor: &Floor) -> anyhow::Result<Vec<Browser>> {
    let mut browsers = Vec::with_capacity(floor.agent_emails.len());
    for email in &floor.agent_emails {
        let browser = agent_socket::login(http, base, email, ADMIN_PASSWORD).await?;
        browser.put(http, base, "/api/v1/me/status", json!({"status": "online"})).await?;
        browsers.push(browser);
    }
    Ok(browsers)
}

/// Webhooks into the floor's conversations and the administrator's replies to them.
fn start_load(args: &Args, floor: &Floor, base: &str) -> anyhow::Result<(Arc<Seen>, tokio::task::JoinSet<()>)> {
    let seen = Arc::new(Seen::default());
    let webhooks = Webhooks::new(base, &floor.channel.to_string())?;
    let conversations = Arc::new(floor.conversations.clone());
    let run_id = uuid::Uuid::now_v7().simple().to_string();
    let (next_hook, next_reply) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..args.ingest_connections {
        let (w, s, n, r) = (webhooks.clone(), seen.clone(), next_hook.clone(), run_id.clone());
        load.spawn(delivery::ingest_worker(w, s, n, r, conversations.len()));
    }
    for _ in 0..args.send_connections {
        let (admin, s, n, r, c) =
            (floor.admin.clone(), seen.clone(), next_reply.clone(), run_id.clone(), conversations.clone());
        load.spawn(delivery::reply_worker(admin, s, n, r, c));
    }
    Ok((seen, load))
}

struct SocketTally {
    expected: usize,
    missing: usize,
    out_of_order: usize,
    duplicates: usize,
}

/// Waits (at most 30 s) for every acknowledged webhook's event on its agent's socket, then
/// counts what is missing, what came out of order within a conversation, and duplicates.
async fn socket_arrivals(floor: &Floor, acked: &[String], received: &mut UnboundedReceiver<Received>) -> SocketTally {
    let senders = floor.conversations.len().max(1);
    // "Mensaje n" came from sender n mod senders, whose conversation is its agent's.
    let expected: HashMap<String, usize> = acked
        .iter()
        .filter_map(|wamid| wamid.rsplit('.').next()?.parse::<usize>().ok())
        .map(|n| (format!("{MARKER}{n}"), floor.agent_of(n % senders)))
        .collect();
    let mut got: Vec<Received> = Vec::new();
    let mut arrived: HashSet<String> = HashSet::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while arrived.len() < expected.len() {
        let Ok(Some(r)) = tokio::time::timeout_at(deadline, received.recv()).await else { break };
        if expected.get(&r.text) == Some(&r.socket) {
            arrived.insert(r.text.clone());
        }
        got.push(r);
    }
    while let Ok(r) = received.try_recv() {
        got.push(r);
    }
    let mut ids_seen: HashSet<(usize, i64)> = HashSet::new();
    let mut last_in_conversation: HashMap<(usize, usize), i64> = HashMap::new();
    let (mut duplicates, mut out_of_order) = (0, 0);
    for r in &got {
        if !ids_seen.insert((r.socket, r.event_id)) {
            duplicates += 1;
            continue;
        }
        let n: usize = r.text.trim_start_matches(MARKER).parse().unwrap_or(0);
        let last = last_in_conversation.entry((r.socket, n % senders)).or_insert(i64::MIN);
        if r.event_id < *last {
            out_of_order += 1;
        }
        *last = (*last).max(r.event_id);
    }
    SocketTally { expected: expected.len(), missing: expected.len() - arrived.len(), out_of_order, duplicates }
}

/// Migration versions recorded more than once, or recorded as failed.
async fn migrations_applied_twice(db: &Db) -> anyhow::Result<usize> {
    let Db::Postgres(pool) = db else { return Ok(0) };
    let (twice, failed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM (SELECT version FROM _sqlx_migrations GROUP BY version HAVING COUNT(*) > 1) d), \
                (SELECT COUNT(*) FROM _sqlx_migrations WHERE NOT success)",
    )
    .fetch_one(pool)
    .await?;
    Ok(usize::try_from(twice + failed).unwrap_or(usize::MAX))
}
