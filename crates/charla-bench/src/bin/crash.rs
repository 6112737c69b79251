//! `crash`: the `charla` binary is killed with SIGKILL several times under webhook and
//! send load and started again on the same database; afterwards every webhook that was
//! answered 200 is stored exactly once, every reply the API accepted was sent, and sends
//! made twice (possible only inside the call window of design.md §4, then flagged `resent`)
//! are counted (design.md §9).
//!
//! The server is a real child process (`target/<profile>/charla`) on a SQLite file in a
//! temporary data folder or on a database of the test kit's throwaway PostgreSQL; its
//! WhatsApp channel sends to a Graph API stand-in inside this process, which records every
//! send, so doubles are counted by their text, and, like Meta, posts a signed `sent`
//! status for every send it accepted back to the channel's webhook (retrying while the
//! server is down), carrying the send's callback data: a send caught in the call by a kill
//! is reconciled from it instead of sent again. The bench only reads the database.
//!
//! `cargo run --release -p charla-bench --bin crash -- --help`

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::backends::Which;
use charla_bench::child::{self, DEMO_ADMIN, DEMO_PASSWORD, Launch};
use charla_bench::server::backend_name;
use charla_bench::session::Session;
use charla_bench::whatsapp::{self, Webhooks};
use charla_bench::{desk, stored};
use charla_db::Db;
use charla_db::repo::inbound_events;
use charla_domain::time::Clock;
use charla_testkit::app::Backend;
use charla_testkit::fixtures::config;
use charla_testkit::graph::{GraphStandIn, StatusEcho};
use clap::Parser;
use rand::{Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

/// How long a claim lasts unless its node renews it (`jobs::runner::LEASE`): the jobs a
/// killed server had claimed run again after it.
const LEASE_SECONDS: i64 = charla_server::jobs::runner::LEASE.as_secs();

#[derive(Parser, Debug)]
#[command(
    about = "kill -9 under load and restart: acknowledged webhooks stored once, queued sends sent, doubles counted"
)]
struct Args {
    /// How many times the server is killed (and started again).
    #[arg(long, default_value_t = 5)]
    kills: usize,
    /// Connections posting webhooks during the load.
    #[arg(long, default_value_t = 8)]
    ingest_connections: usize,
    /// Connections posting agent replies through the API during the load.
    #[arg(long, default_value_t = 4)]
    send_connections: usize,
    /// Distinct senders (each one a conversation the replies go to).
    #[arg(long, default_value_t = 200)]
    senders: usize,
    /// Load before each kill: a random time between these many milliseconds.
    #[arg(long, default_value_t = 1_500)]
    min_up_ms: u64,
    #[arg(long, default_value_t = 4_000)]
    max_up_ms: u64,
    /// After the load: at most this long for the outbox to send every queued reply (well
    /// over the 30 s lease, after which the killed servers' claimed jobs run again, plus the
    /// 60 s grace a send caught in the call waits for its status).
    #[arg(long, default_value_t = 180)]
    drain_seconds: u64,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// The server binary; default: `charla` beside this bench binary.
    #[arg(long)]
    charla: Option<PathBuf>,
    #[arg(long, default_value_t = 11)]
    seed: u64,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((1..=100).contains(&self.kills), "--kills: 1 to 100");
        ensure!((1..=256).contains(&self.ingest_connections), "--ingest-connections: 1 to 256");
        ensure!((1..=256).contains(&self.send_connections), "--send-connections: 1 to 256");
        ensure!((1..=100_000).contains(&self.senders), "--senders: 1 to 100,000");
        ensure!(self.min_up_ms >= 100 && self.min_up_ms <= self.max_up_ms, "--min-up-ms: 100 to --max-up-ms");
        ensure!(self.max_up_ms <= 600_000, "--max-up-ms: at most 600,000");
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
        "charla crash bench: {} x kill -9 under load ({} webhook + {} reply connections, {} senders), server {}",
        args.kills,
        args.ingest_connections,
        args.send_connections,
        args.senders,
        binary.display()
    );
    let client = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let mut summaries = Vec::new();
    for backend in args.backend.backends() {
        println!("\n== {} ==", backend_name(backend));
        let outcome = client.block_on(bench(&args, backend, &binary));
        summaries.push((backend, outcome?));
    }
    println!("\n== summary ==");
    let mut all_pass = true;
    for (backend, (row, pass)) in &summaries {
        println!("{:<9} {row}", backend_name(*backend));
        all_pass &= pass;
    }
    ensure!(all_pass, "crash: FAIL");
    Ok(())
}

async fn bench(args: &Args, backend: Backend, binary: &std::path::Path) -> anyhow::Result<(String, bool)> {
    let graph = GraphStandIn::start().await?;
    let data_dir = std::env::temp_dir().join(format!("charla-crash-{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&data_dir)?;
    let database_url =
        if backend == Backend::Postgres { Some(charla_testkit::postgres::fresh_database().await?) } else { None };
    let host = graph.api_base_url.trim_start_matches("http://").split('/').next().unwrap_or_default();
    let launch = Launch {
        binary: binary.to_owned(),
        data_dir: data_dir.clone(),
        database_url,
        port: child::free_port()?,
        allow_private_hosts: host.split(':').next().unwrap_or("127.0.0.1").to_owned(),
        send_rate_per_second: 10_000,
        pair_burst: 10_000,
    };
    let outcome = run(args, &launch, &graph).await;
    match &outcome {
        Ok((_, true)) => {
            let _ = std::fs::remove_dir_all(&data_dir);
        }
        _ => println!("kept the data folder and server log: {}", data_dir.display()),
    }
    outcome
}

/// What the load saw acknowledged: webhooks answered 200, replies the API accepted.
#[derive(Default)]
struct Seen {
    acked: Mutex<Vec<String>>,
    queued: Mutex<Vec<String>>,
    refused_webhooks: AtomicUsize,
    refused_replies: AtomicUsize,
    stop: AtomicBool,
}

async fn run(args: &Args, launch: &Launch, graph: &GraphStandIn) -> anyhow::Result<(String, bool)> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(args.seed);
    let mut server = launch.start(Duration::from_secs(60)).await?;
    let base = launch.base();
    let admin = Session::login(&base, DEMO_ADMIN, DEMO_PASSWORD).await?;
    let desk = desk::whatsapp(&admin, &graph.api_base_url).await?;
    let webhooks = Webhooks::new(&base, &desk.channel.to_string())?;
    // Like Meta: a `sent` status for every accepted send, to the channel's webhook URL.
    graph.echo_statuses_to(StatusEcho {
        webhook_url: format!("{base}/webhooks/whatsapp/{}", desk.channel),
        app_secret: config::APP_SECRET.to_owned(),
        waba_id: config::WABA_A.to_owned(),
        display_phone_number: config::DISPLAY_A.to_owned(),
    });
    let db = charla_db::connect(launch.database_url.as_deref(), &launch.data_dir).await?;
    let run_id = Uuid::now_v7().simple().to_string();

    // One message from every sender first: the conversations the replies go to.
    let now = Clock::System.now().as_micros() / 1_000_000;
    for n in 0..args.senders {
        let first = whatsapp::text_message(
            &whatsapp::inbound_wamid(&format!("{run_id}s"), n),
            &whatsapp::sender(n),
            now,
            "Hola",
        );
        webhooks.post_ok(&first).await?;
    }
    let conversations = Arc::new(stored::open_conversations(&db, desk.channel).await?);
    ensure!(!conversations.is_empty(), "no open conversations to reply to");

    let seen = Arc::new(Seen::default());
    let mut load = tokio::task::JoinSet::new();
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..args.ingest_connections {
        load.spawn(ingest_worker(webhooks.clone(), seen.clone(), next.clone(), run_id.clone(), args.senders));
    }
    for _ in 0..args.send_connections {
        load.spawn(reply_worker(admin.clone(), seen.clone(), next.clone(), run_id.clone(), conversations.clone()));
    }

    let started = Instant::now();
    // The replies a kill caught `sending`: inside the network call (or just before it).
    let mut caught = HashSet::new();
    for kill in 1..=args.kills {
        let up = Duration::from_millis(rng.random_range(args.min_up_ms..=args.max_up_ms));
        tokio::time::sleep(up).await;
        child::kill_9(&mut server).await?;
        let down = Instant::now();
        let sending: Vec<String> = stored::outbound(&db, desk.channel)
            .await?
            .into_iter()
            .filter(|m| m.status.as_deref() == Some("sending"))
            .filter_map(|m| m.text)
            .collect();
        server = launch.start(Duration::from_secs(60)).await?;
        println!(
            "kill -9 #{kill} after {:.1} s of load; ready again in {} ms; so far {} webhooks acknowledged, {} replies queued; \
             {} replies caught sending",
            up.as_secs_f64(),
            down.elapsed().as_millis(),
            lock_len(&seen.acked),
            lock_len(&seen.queued),
            sending.len()
        );
        caught.extend(sending);
    }
    tokio::time::sleep(Duration::from_millis(args.max_up_ms)).await;
    seen.stop.store(true, Ordering::Relaxed);
    while let Some(done) = load.join_next().await {
        done.context("load worker")?;
    }
    let acked: Vec<String> = seen.acked.lock().map(|v| v.clone()).unwrap_or_default();
    let queued: Vec<String> = seen.queued.lock().map(|v| v.clone()).unwrap_or_default();
    println!(
        "load: {:.1} s; {} webhooks acknowledged ({} not), {} replies queued ({} not)",
        started.elapsed().as_secs_f64(),
        acked.len(),
        seen.refused_webhooks.load(Ordering::Relaxed),
        queued.len(),
        seen.refused_replies.load(Ordering::Relaxed)
    );

    let drained = drain(&db, desk.channel, graph, &queued, Duration::from_secs(args.drain_seconds)).await?;
    let verdict = check(&db, desk.channel, graph, &acked, &queued, &caught).await?;
    let echoes = graph.echo_counts();
    println!(
        "statuses the stand-in posted back: {} delivered, {} given up (sends accepted: {})",
        echoes.delivered,
        echoes.given_up,
        sends_by_text(graph).values().sum::<usize>()
    );
    println!("{verdict}");
    graph.stop_echoes();
    let _ = child::kill_9(&mut server).await;
    db.close().await;
    Ok((format!("{verdict} (drain {:.0} s)", drained.as_secs_f64()), verdict.pass()))
}

fn lock_len(v: &Mutex<Vec<String>>) -> usize {
    v.lock().map(|v| v.len()).unwrap_or(0)
}

/// Posts new webhooks (unique wamids, senders in turn) until told to stop; while the
/// server is down the posts fail and are retried after a pause, as Meta would.
async fn ingest_worker(webhooks: Webhooks, seen: Arc<Seen>, next: Arc<AtomicUsize>, run: String, senders: usize) {
    while !seen.stop.load(Ordering::Relaxed) {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let wamid = whatsapp::inbound_wamid(&run, n);
        let now = Clock::System.now().as_micros() / 1_000_000;
        let webhook = whatsapp::text_message(&wamid, &whatsapp::sender(n % senders), now, &format!("Mensaje {n}"));
        match webhooks.post(&webhook).await {
            Ok(status) if status == reqwest::StatusCode::OK => {
                if let Ok(mut acked) = seen.acked.lock() {
                    acked.push(wamid);
                }
            }
            _ => {
                seen.refused_webhooks.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// Posts agent replies (each with its own text, how its sends are counted) to the
/// conversations in turn until told to stop.
async fn reply_worker(
    admin: Session,
    seen: Arc<Seen>,
    next: Arc<AtomicUsize>,
    run: String,
    conversations: Arc<Vec<Uuid>>,
) {
    while !seen.stop.load(Ordering::Relaxed) {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let Some(conversation) = conversations.get(n % conversations.len().max(1)) else { return };
        let text = format!("Respuesta {run} {n}");
        match admin.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": text})).await {
            Ok(_) => {
                if let Ok(mut queued) = seen.queued.lock() {
                    queued.push(text);
                }
            }
            Err(_) => {
                seen.refused_replies.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// How many times the stand-in received each text.
fn sends_by_text(graph: &GraphStandIn) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for request in graph.requests().iter().filter(|r| r.is_send()) {
        if let Some(text) = request.body.pointer("/text/body").and_then(serde_json::Value::as_str) {
            *counts.entry(text.to_owned()).or_default() += 1;
        }
    }
    counts
}

/// Waits until every queued reply reached the stand-in and no outbound message is still
/// waiting (`pending` or `sending`), at most `cap`; the killed servers' claimed jobs come
/// back only when their lease ends.
async fn drain(
    db: &Db,
    channel: Uuid,
    graph: &GraphStandIn,
    queued: &[String],
    cap: Duration,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut last_report = Instant::now();
    println!(
        "drain: waiting for the intake and the outbox (what a killed server had claimed returns after the {} s lease; \
         a send caught in the call waits the {} s grace for its status)",
        LEASE_SECONDS,
        // The server's default, which the bench keeps.
        charla_server::settings::Settings::for_data_dir(PathBuf::new()).resend_grace_seconds
    );
    loop {
        let sends = sends_by_text(graph);
        let unsent = queued.iter().filter(|t| !sends.contains_key(*t)).count();
        let waiting = stored::outbound(db, channel)
            .await?
            .iter()
            .filter(|m| matches!(m.status.as_deref(), Some("pending" | "sending") | None))
            .count();
        // Acknowledged webhooks are stored at once; the intake drain applies them after.
        let unapplied = inbound_events::pending_count(db).await?;
        if (unsent == 0 && waiting == 0 && unapplied == 0) || started.elapsed() >= cap {
            println!(
                "drain: {:.0} s; {unsent} queued replies not sent, {waiting} outbound messages waiting, \
                 {unapplied} webhook events not applied",
                started.elapsed().as_secs_f64()
            );
            return Ok(started.elapsed());
        }
        if last_report.elapsed() >= Duration::from_secs(30) {
            println!(
                "  drain {:.0} s: {unsent} queued replies not sent yet, {waiting} waiting, {unapplied} events to apply",
                started.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

struct Verdict {
    acked: usize,
    lost: usize,
    stored_twice: usize,
    queued: usize,
    unsent: usize,
    doubled: usize,
    doubled_unflagged: usize,
    flagged_resent: usize,
    not_sent_status: usize,
    /// Replies a kill caught `sending`: those that got their wamid from the echoed status
    /// (sent once, not flagged: the network had them), and those sent again after the grace
    /// with no status (once in all, flagged: the kill came before the request left).
    caught: usize,
    caught_reconciled: usize,
    caught_resent: usize,
}

impl Verdict {
    /// Everything but the doubles, whose goal (0) is reported on its own.
    fn pass(&self) -> bool {
        self.lost == 0
            && self.stored_twice == 0
            && self.unsent == 0
            && self.doubled_unflagged == 0
            && self.not_sent_status == 0
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pass = |ok: bool| if ok { "PASS" } else { "FAIL" };
        write!(
            f,
            "webhooks: {} acknowledged, {} lost, {} stored twice ({}); sends: {} queued, {} never sent, {} not marked sent ({}); \
             doubled {} (goal 0: {}), of them not flagged resent {} ({}); flagged resent {}; \
             caught sending by a kill {} ({} reconciled from the echoed status, {} re-sent after the grace)",
            self.acked,
            self.lost,
            self.stored_twice,
            pass(self.lost == 0 && self.stored_twice == 0),
            self.queued,
            self.unsent,
            self.not_sent_status,
            pass(self.unsent == 0 && self.not_sent_status == 0),
            self.doubled,
            if self.doubled == 0 { "PASS" } else { "MISS" },
            self.doubled_unflagged,
            pass(self.doubled_unflagged == 0),
            self.flagged_resent,
            self.caught,
            self.caught_reconciled,
            self.caught_resent,
        )
    }
}

async fn check(
    db: &Db,
    channel: Uuid,
    graph: &GraphStandIn,
    acked: &[String],
    queued: &[String],
    caught: &HashSet<String>,
) -> anyhow::Result<Verdict> {
    let by_id = stored::inbound_by_network_id(db, channel).await?;
    let lost = acked.iter().filter(|id| !by_id.contains_key(*id)).count();
    let stored_twice = acked.iter().filter(|id| by_id.get(*id).is_some_and(|n| *n > 1)).count();
    let sends = sends_by_text(graph);
    let outbound = stored::outbound(db, channel).await?;
    let by_text: HashMap<&str, &stored::Outbound> =
        outbound.iter().filter_map(|m| m.text.as_deref().map(|t| (t, m))).collect();
    let queued_set: HashSet<&str> = queued.iter().map(String::as_str).collect();
    let unsent = queued.iter().filter(|t| !sends.contains_key(*t)).count();
    let doubled: Vec<&String> = sends.iter().filter(|(_, n)| **n > 1).map(|(t, _)| t).collect();
    let doubled_unflagged = doubled.iter().filter(|t| !by_text.get(t.as_str()).is_some_and(|m| m.resent)).count();
    let not_sent_status = queued_set
        .iter()
        .filter(|t| by_text.get(*t).is_none_or(|m| !matches!(m.status.as_deref(), Some("sent" | "delivered" | "read"))))
        .count();
    for text in &doubled {
        println!("  sent twice: {text:?} (flagged resent: {})", by_text.get(text.as_str()).is_some_and(|m| m.resent));
    }
    // Only a status can take a caught message out of `sending` without a send of its own.
    let once = |flagged: bool| {
        caught
            .iter()
            .filter(|t| {
                sends.get(t.as_str()) == Some(&1) && by_text.get(t.as_str()).is_some_and(|m| m.resent == flagged)
            })
            .count()
    };
    Ok(Verdict {
        caught: caught.len(),
        caught_reconciled: once(false),
        caught_resent: once(true),
        acked: acked.len(),
        lost,
        stored_twice,
        queued: queued.len(),
        unsent,
        doubled: doubled.len(),
        doubled_unflagged,
        flagged_resent: outbound.iter().filter(|m| m.resent).count(),
        not_sent_status,
    })
}
