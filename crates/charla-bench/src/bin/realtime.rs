//! `realtime`: how fast a webhook reaches the agent's screen, and what an idle socket costs,
//! with a thousand agents connected as the web app connects (design.md §9, issue 19).
//!
//! For each backend: starts the `charla` binary as a child process (so its memory is its
//! own), builds a floor of `--agents` agents in `--queues` queues with `--per-agent`
//! assigned conversations each, logs every agent in and opens their sockets
//! (`GET /api/v1/realtime`, session cookie, same-origin `Origin`). Then:
//!
//! - memory: the server's VmRSS growth from opening the sockets, divided by their number;
//! - baseline: private notes posted through the API, from the API's answer to the event on
//!   the conversation's agent's socket (the same event, no webhook path);
//! - load: inbound WhatsApp webhooks open loop at `--rate` a second for `--seconds` into the
//!   assigned conversations, plus `--new-per-second` new conversations; from each
//!   webhook's 200 to its `message.created` on the agent's socket;
//! - on PostgreSQL, the same load with the sockets on a second node sharing the database.
//!
//! Verdicts print as `RESULT realtime <goal> <backend> <figure> <target> PASS|MISS`.
//!
//! `cargo build --release -p charla-server --bin charla -p charla-bench && target/release/realtime`

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::agent_socket::{self, Arrival, Browser};
use charla_bench::child::{self, Launch};
use charla_bench::desk::ADMIN_PASSWORD;
use charla_bench::floor::{self, Floor, Shape};
use charla_bench::measure::{ms, percentile};
use charla_bench::proc_memory::resident_bytes;
use charla_bench::server::backend_name;
use charla_bench::verdict::Verdict;
use charla_bench::whatsapp::{self, Webhooks};
use charla_testkit::app::Backend;
use charla_testkit::graph::GraphStandIn;
use clap::{Parser, ValueEnum};
use futures_util::{StreamExt, stream};
use serde_json::json;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::task::JoinHandle;

/// Every marked message's text starts with this; nothing else on the floor does.
const MARKER: &str = "rt-";
const P99_GOAL_MS: f64 = 100.0;
const SOCKET_GOAL_KB: f64 = 16.0;
const CROSS_NODE_EXTRA_MS: f64 = 50.0;
/// How long after the last webhook the bench waits for events still on their way.
const GRACE: Duration = Duration::from_secs(15);

#[derive(Parser, Debug)]
#[command(about = "Webhook to agent's socket latency and memory per idle socket, on SQLite and PostgreSQL")]
struct Args {
    #[arg(long, default_value_t = 1_000)]
    agents: usize,
    #[arg(long, default_value_t = 20)]
    queues: usize,
    /// Conversations assigned to each agent.
    #[arg(long, default_value_t = 3)]
    per_agent: usize,
    /// Inbound webhooks a second, open loop.
    #[arg(long, default_value_t = 100.0)]
    rate: f64,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// New conversations a second during the load.
    #[arg(long, default_value_t = 1.0)]
    new_per_second: f64,
    /// Private notes for the baseline, paced at 20 a second.
    #[arg(long, default_value_t = 200)]
    notes: usize,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// The `charla` binary (default: the one beside this bench binary).
    #[arg(long)]
    charla: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Which {
    Sqlite,
    Postgres,
    Both,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((1..=10_000).contains(&self.agents), "--agents: 1 to 10,000");
        ensure!((1..=self.agents).contains(&self.queues), "--queues: 1 to --agents");
        ensure!((1..=20).contains(&self.per_agent), "--per-agent: 1 to 20");
        ensure!(self.rate > 0.0 && self.rate <= 5_000.0, "--rate: above 0, at most 5,000");
        ensure!((1..=3_600).contains(&self.seconds), "--seconds: 1 to 3,600");
        ensure!((0.0..=100.0).contains(&self.new_per_second), "--new-per-second: 0 to 100");
        ensure!(self.notes <= 100_000, "--notes: at most 100,000");
        Ok(())
    }

    fn backends(&self) -> Vec<Backend> {
        match self.backend {
            Which::Sqlite => vec![Backend::Sqlite],
            Which::Postgres => vec![Backend::Postgres],
            Which::Both => vec![Backend::Sqlite, Backend::Postgres],
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    args.check()?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let binary = child::charla_binary(args.charla.as_deref())?;
    println!(
        "charla realtime bench: {} agents in {} queues, {} conversations each; {} webhooks/s for {} s, \
         {} new conversations/s",
        args.agents, args.queues, args.per_agent, args.rate, args.seconds, args.new_per_second
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let mut verdicts = Vec::new();
    for backend in args.backends() {
        println!("\n== {} ==", backend_name(backend));
        verdicts.extend(runtime.block_on(bench(&args, backend, &binary))?);
    }
    println!("\n== verdicts ==");
    for line in &verdicts {
        println!("{line}");
    }
    Ok(())
}

async fn bench(args: &Args, backend: Backend, binary: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let graph = GraphStandIn::start().await?;
    let data_dir = std::env::temp_dir().join(format!("charla-realtime-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&data_dir)?;
    let database_url =
        if backend == Backend::Postgres { Some(charla_testkit::postgres::fresh_database().await?) } else { None };
    let node = |port| Launch {
        binary: binary.to_owned(),
        data_dir: data_dir.clone(),
        database_url: database_url.clone(),
        port,
        allow_private_hosts: "127.0.0.1".to_owned(),
        send_rate_per_second: 10_000,
        pair_burst: 10_000,
        public_url: None,
        demo: false,
    };
    let a = node(child::free_port()?);
    let outcome = run(args, backend, &a, &node(child::free_port()?), &graph).await;
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
    backend: Backend,
    a: &Launch,
    b: &Launch,
    graph: &GraphStandIn,
) -> anyhow::Result<Vec<String>> {
    let name = backend_name(backend);
    let mut node_a = a.start(Duration::from_secs(120)).await?;
    let pid = node_a.id().context("the server has no pid")?;
    let db = charla_db::connect(a.database_url.as_deref(), &a.data_dir).await?;
    let t = Instant::now();
    let shape = Shape { agents: args.agents, queues: args.queues, per_agent: args.per_agent };
    let floor = floor::build(&db, &a.base(), &graph.api_base_url, &shape).await?;
    println!(
        "floor: {} agents, {} conversations in {:.1} s",
        args.agents,
        floor.conversations.len(),
        t.elapsed().as_secs_f64()
    );
    let http = reqwest::Client::builder().no_proxy().build()?;
    let t = Instant::now();
    let browsers = log_in(&http, &a.base(), &floor).await?;
    println!("logins and status online: {:.1} s", t.elapsed().as_secs_f64());

    let before = resident_bytes(pid)?;
    let (mut sockets, arrivals) = Sockets::open(&a.base(), &browsers).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = resident_bytes(pid)?;
    let per_socket_kb = after.saturating_sub(before) as f64 / browsers.len() as f64 / 1024.0;
    println!(
        "server VmRSS {:.1} MiB before the sockets, {:.1} MiB with {} idle: {per_socket_kb:.1} KB a socket",
        before as f64 / 1048576.0,
        after as f64 / 1048576.0,
        browsers.len()
    );

    let arrivals = Arc::new(Mutex::new(arrivals));
    let baseline = notes(args, &floor, arrivals.clone()).await?;
    println!("{}", baseline.line("baseline: note through the API"));
    let single = load(args, &floor, &a.base(), arrivals.clone(), "a").await?;
    println!("{}", single.line("webhook to agent's socket"));
    let mut verdicts = vec![
        Verdict {
            bench: "realtime",
            goal: "webhook_to_socket_p99",
            backend: name,
            figure: single.p99_ms(),
            target: P99_GOAL_MS,
            unit: "ms",
        }
        .line(),
        Verdict {
            bench: "realtime",
            goal: "idle_socket_memory",
            backend: name,
            figure: per_socket_kb,
            target: SOCKET_GOAL_KB,
            unit: "KB",
        }
        .line(),
        Verdict {
            bench: "realtime",
            goal: "events_missing",
            backend: name,
            figure: single.missing as f64,
            target: 0.0,
            unit: "",
        }
        .line(),
    ];
    if backend == Backend::Postgres {
        sockets.close();
        let node_b = b.start(Duration::from_secs(120)).await?;
        let (on_b, arrivals_b) = Sockets::open(&b.base(), &browsers).await?;
        sockets = on_b;
        let cross = load(args, &floor, &a.base(), Arc::new(Mutex::new(arrivals_b)), "b").await?;
        println!("{}", cross.line("cross-node: webhook on A, socket on B"));
        let extra = cross.p99_ms() - single.p99_ms();
        verdicts.push(
            Verdict {
                bench: "realtime",
                goal: "cross_node_p99",
                backend: name,
                figure: cross.p99_ms(),
                target: P99_GOAL_MS,
                unit: "ms",
            }
            .line(),
        );
        verdicts.push(
            Verdict {
                bench: "realtime",
                goal: "cross_node_extra_p99",
                backend: name,
                figure: extra,
                target: CROSS_NODE_EXTRA_MS,
                unit: "ms",
            }
            .line(),
        );
        drop(node_b);
    }
    sockets.close();
    for line in &verdicts {
        println!("{line}");
    }
    db.close().await;
    let _ = child::kill_9(&mut node_a).await;
    Ok(verdicts)
}

/// Logs every agent in (a few at a time) and sets them online, as an agent starting a shift.
async fn log_in(http: &reqwest::Client, base: &str, floor: &Floor) -> anyhow::Result<Vec<Browser>> {
    stream::iter(floor.agent_emails.iter())
        .map(|email| async move {
            let browser = agent_socket::login(http, base, email, ADMIN_PASSWORD).await?;
            browser.put(http, base, "/api/v1/me/status", json!({"status": "online"})).await?;
            anyhow::Ok(browser)
        })
        .buffered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

/// One open socket per agent, in agent order; their marked messages go to one receiver.
struct Sockets {
    readers: Vec<JoinHandle<()>>,
}

impl Sockets {
    async fn open(base: &str, browsers: &[Browser]) -> anyhow::Result<(Sockets, UnboundedReceiver<Arrival>)> {
        let (sender, receiver) = unbounded_channel();
        let readers = stream::iter(browsers.iter().enumerate())
            .map(|(a, browser)| agent_socket::open(base, browser, a, MARKER, sender.clone()))
            .buffered(16)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((Sockets { readers }, receiver))
    }

    fn close(&mut self) {
        for reader in self.readers.drain(..) {
            reader.abort();
        }
    }
}

/// Latencies from an acknowledgement to the event on the expected socket.
struct Latencies {
    sorted: Vec<Duration>,
    missing: usize,
    /// Events that reached the socket before their acknowledgement reached the bench.
    early: usize,
}

impl Latencies {
    fn p99_ms(&self) -> f64 {
        if self.sorted.is_empty() { f64::INFINITY } else { ms(percentile(&self.sorted, 990)) }
    }

    fn line(&self, label: &str) -> String {
        format!(
            "{label:<40} n={:<6} p50={:>8.2} ms  p95={:>8.2} ms  p99={:>8.2} ms  max={:>8.2} ms  missing={} early={}",
            self.sorted.len(),
            ms(percentile(&self.sorted, 500)),
            ms(percentile(&self.sorted, 950)),
            ms(percentile(&self.sorted, 990)),
            ms(self.sorted.last().copied().unwrap_or_default()),
            self.missing,
            self.early
        )
    }
}

/// What was sent: each marked text, when its request was answered, and which socket
/// must show it (`None`: any, for a new conversation whose agent routing picks).
type Sent = Vec<(String, Instant, Option<usize>)>;

/// Waits for every sent text on its socket (at most `GRACE` after the last), then measures.
async fn collect(sent: Sent, arrivals: Arc<Mutex<UnboundedReceiver<Arrival>>>) -> Latencies {
    let mut seen: HashMap<String, Vec<(usize, Instant)>> = HashMap::new();
    let wanted: HashMap<&str, Option<usize>> = sent.iter().map(|(t, _, s)| (t.as_str(), *s)).collect();
    let deadline = tokio::time::Instant::now() + GRACE;
    let mut arrivals = arrivals.lock().await;
    let mut done = 0;
    while done < wanted.len() {
        let Ok(Some(arrival)) = tokio::time::timeout_at(deadline, arrivals.recv()).await else { break };
        let Some(expected) = wanted.get(arrival.text.as_str()) else { continue };
        let entry = seen.entry(arrival.text).or_default();
        let first_for_it = !entry.iter().any(|(s, _)| expected.is_none_or(|e| e == *s));
        entry.push((arrival.socket, arrival.at));
        if first_for_it && expected.is_none_or(|e| e == arrival.socket) {
            done += 1;
        }
    }
    let mut latencies = Latencies { sorted: Vec::with_capacity(sent.len()), missing: 0, early: 0 };
    for (text, acked, expected) in &sent {
        let at = seen.get(text).and_then(|arrived| {
            arrived.iter().filter(|(s, _)| expected.is_none_or(|e| e == *s)).map(|(_, at)| *at).min()
        });
        match at {
            Some(at) if at < *acked => {
                latencies.early += 1;
                latencies.sorted.push(Duration::ZERO);
            }
            Some(at) => latencies.sorted.push(at - *acked),
            None => latencies.missing += 1,
        }
    }
    latencies.sorted.sort_unstable();
    latencies
}

/// The baseline: private notes on the floor's conversations, 20 a second.
async fn notes(
    args: &Args,
    floor: &Floor,
    arrivals: Arc<Mutex<UnboundedReceiver<Arrival>>>,
) -> anyhow::Result<Latencies> {
    let mut sent = Sent::new();
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    for n in 0..args.notes {
        tick.tick().await;
        let k = (n * 7_919) % floor.conversations.len();
        let conversation = floor.conversations.get(k).context("no conversation")?;
        let text = format!("{MARKER}note-{n}");
        floor
            .admin
            .post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": text, "private": true}))
            .await?;
        sent.push((text, Instant::now(), Some(floor.agent_of(k))));
    }
    Ok(collect(sent, arrivals).await)
}

/// The load: open-loop webhooks into assigned conversations plus new conversations.
async fn load(
    args: &Args,
    floor: &Floor,
    base: &str,
    arrivals: Arc<Mutex<UnboundedReceiver<Arrival>>>,
    run: &str,
) -> anyhow::Result<Latencies> {
    let hooks = Webhooks::new(base, &floor.channel.to_string())?;
    let total = (args.rate * args.seconds as f64) as usize;
    let every_new = if args.new_per_second > 0.0 {
        (args.rate / args.new_per_second).round().max(1.0) as usize
    } else {
        usize::MAX
    };
    let interval = Duration::from_secs_f64(1.0 / args.rate);
    let started = tokio::time::Instant::now();
    let conversations = floor.conversations.len();
    let mut in_flight = tokio::task::JoinSet::new();
    for n in 0..total {
        tokio::time::sleep_until(started + interval.mul_f64(n as f64)).await;
        let (sender, expected) = if n % every_new == every_new - 1 {
            (whatsapp::sender(conversations + n), None)
        } else {
            let k = (n * 7_919) % conversations;
            (whatsapp::sender(k), Some(floor.agent_of(k)))
        };
        let text = format!("{MARKER}{run}-{n}");
        let hook = whatsapp::text_message(&whatsapp::inbound_wamid(run, n), &sender, floor::chrono_now(), &text);
        let hooks = hooks.clone();
        in_flight.spawn(async move {
            hooks.post_ok(&hook).await?;
            anyhow::Ok((text, Instant::now(), expected))
        });
    }
    let mut sent = Sent::with_capacity(total);
    while let Some(done) = in_flight.join_next().await {
        sent.push(done??);
    }
    Ok(collect(sent, arrivals).await)
}
