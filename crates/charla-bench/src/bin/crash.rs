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

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::backends::Which;
use charla_bench::child::{self, DEMO_ADMIN, DEMO_PASSWORD, Launch};
use charla_bench::delivery::{Seen, check, ingest_worker, lock_len, reply_worker, sends_by_text, wait_until_delivered};
use charla_bench::server::backend_name;
use charla_bench::session::Session;
use charla_bench::whatsapp::{self, Webhooks};
use charla_bench::{desk, stored};
use charla_domain::time::Clock;
use charla_testkit::app::Backend;
use charla_testkit::fixtures::config;
use charla_testkit::graph::{GraphStandIn, StatusEcho};
use clap::Parser;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

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
        public_url: None,
        demo: true,
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

    let drained =
        wait_until_delivered(&db, desk.channel, graph, &queued, Duration::from_secs(args.drain_seconds)).await?;
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
