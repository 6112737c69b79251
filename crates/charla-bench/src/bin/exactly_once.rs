//! `exactly-once`: N distinct WhatsApp webhooks each posted 3 times, shuffled, through
//! concurrent connections, must leave exactly N messages; then delivery statuses of the
//! outbound replies (sent / delivered / read, shuffled, several per message, some twice)
//! must leave every message at the highest status it was sent (design.md §4, §9).
//!
//! `cargo run --release -p charla-bench --bin exactly_once -- --help`

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::backends::Which;
use charla_bench::fanout;
use charla_bench::server::{Server, backend_name};
use charla_bench::session::Session;
use charla_bench::whatsapp::{self, Signed, Webhooks};
use charla_bench::{desk, stored};
use charla_db::Db;
use charla_domain::time::Clock;
use charla_testkit::graph::GraphStandIn;
use clap::Parser;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use serde_json::json;

/// Delivery statuses in the order they may only advance.
const RANKS: [&str; 3] = ["sent", "delivered", "read"];

#[derive(Parser, Debug)]
#[command(about = "Redelivered webhooks store once; statuses never regress; on SQLite and PostgreSQL")]
struct Args {
    /// Distinct inbound webhooks (each posted `--copies` times).
    #[arg(long, default_value_t = 10_000)]
    messages: usize,
    #[arg(long, default_value_t = 3)]
    copies: usize,
    /// Distinct senders (each one a contact and a conversation).
    #[arg(long, default_value_t = 1_000)]
    senders: usize,
    /// Outbound replies that then get statuses (one per conversation, at most `--senders`).
    #[arg(long, default_value_t = 1_000)]
    outbound: usize,
    #[arg(long, default_value_t = 16)]
    connections: usize,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// The seed of the shuffles (same seed, same order).
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// How long to wait for the outbox to send the replies.
    #[arg(long, default_value_t = 120)]
    max_seconds: u64,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((1..=1_000_000).contains(&self.messages), "--messages: 1 to 1,000,000");
        ensure!((1..=10).contains(&self.copies), "--copies: 1 to 10");
        ensure!((1..=self.messages).contains(&self.senders), "--senders: 1 to --messages");
        ensure!(self.outbound <= self.senders, "--outbound: at most --senders (one per conversation)");
        ensure!((1..=256).contains(&self.connections), "--connections: 1 to 256");
        ensure!((1..=3_600).contains(&self.max_seconds), "--max-seconds: 1 to 3,600");
        Ok(())
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    args.check()?;
    println!(
        "charla exactly-once bench: {} webhooks x {} copies shuffled from {} senders, {} outbound with statuses, \
         {} connections",
        args.messages, args.copies, args.senders, args.outbound, args.connections
    );
    let client = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let mut summaries = Vec::new();
    for backend in args.backend.backends() {
        println!("\n== {} ==", backend_name(backend));
        // Jobs run: the outbox sends the replies to the Graph API stand-in. Its pace is
        // raised so the bench does not wait on WhatsApp's per-number limits.
        let server = Server::start_with(backend, |s| {
            s.allow_private_hosts = vec!["127.0.0.1".to_owned()];
            s.run_jobs = true;
            s.send_rate_per_second = 10_000;
            s.pair_burst = 10_000;
        })?;
        let outcome = client.block_on(bench(&args, &server));
        server.stop();
        summaries.push((backend, outcome?));
    }
    println!("\n== summary ==");
    let mut all_pass = true;
    for (backend, (row, pass)) in &summaries {
        println!("{:<9} {row}", backend_name(*backend));
        all_pass &= pass;
    }
    ensure!(all_pass, "exactly-once: FAIL");
    Ok(())
}

async fn bench(args: &Args, server: &Server) -> anyhow::Result<(String, bool)> {
    let db = charla_db::connect(server.database_url.as_deref(), &server.data_dir).await?;
    let outcome = bench_on(args, server, &db).await;
    db.close().await;
    outcome
}

async fn bench_on(args: &Args, server: &Server, db: &Db) -> anyhow::Result<(String, bool)> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(args.seed);
    let graph = GraphStandIn::start().await?;
    let (_, admin) = desk::organization(db, &server.base).await?;
    let desk = desk::whatsapp(&admin, &graph.api_base_url).await?;
    let webhooks = Webhooks::new(&server.base, &desk.channel.to_string())?;

    // Inbound: every webhook `copies` times, in one shuffled list.
    let now = Clock::System.now().as_micros() / 1_000_000;
    let run = uuid::Uuid::now_v7().simple().to_string();
    let mut posts: Vec<Signed> = Vec::with_capacity(args.messages * args.copies);
    for n in 0..args.messages {
        let text = format!("Hola, ¿tienen envíos a Medellín? Pedido #{n}.");
        let webhook =
            whatsapp::text_message(&whatsapp::inbound_wamid(&run, n), &whatsapp::sender(n % args.senders), now, &text);
        posts.extend(std::iter::repeat_n(webhook, args.copies));
    }
    posts.shuffle(&mut rng);
    let inbound = fanout::post_all(&webhooks, Arc::new(posts), args.connections).await;
    println!("inbound posts: {}", inbound.line());
    wait_drained(db).await?;
    let by_id = stored::inbound_by_network_id(db, desk.channel).await?;
    let stored_total: i64 = by_id.values().sum();
    let missing = (0..args.messages).filter(|n| !by_id.contains_key(&whatsapp::inbound_wamid(&run, *n))).count();
    let doubled = by_id.values().filter(|n| **n > 1).count();
    let inbound_pass = stored_total as usize == args.messages
        && missing == 0
        && doubled == 0
        && inbound.ok == args.messages * args.copies;
    println!(
        "stored {stored_total} inbound messages (expected {}), {} distinct ids, {missing} missing, {doubled} stored more than once: {}",
        args.messages,
        by_id.len(),
        verdict(inbound_pass)
    );

    // Outbound: one reply per conversation through the API; the outbox sends them.
    let conversations = stored::open_conversations(db, desk.channel).await?;
    let replies = reply_all(
        &admin,
        conversations.get(..args.outbound.min(conversations.len())).unwrap_or_default(),
        args.connections,
    )
    .await?;
    let sent = wait_sent(db, desk.channel, replies, Duration::from_secs(args.max_seconds)).await?;

    // Statuses: each message gets every status up to a target drawn at random, some one
    // twice, all shuffled together; the final status must be that target.
    let mut expected: HashMap<uuid::Uuid, &str> = HashMap::new();
    let mut statuses: Vec<Signed> = Vec::new();
    let mut at = now;
    for message in &sent {
        let (Some(wamid), Some(phone)) = (&message.network_id, &message.recipient) else { continue };
        let recipient = phone.trim_start_matches('+');
        let top = rng.random_range(0..RANKS.len());
        let mut mine: Vec<Signed> = Vec::new();
        for rank in RANKS.iter().take(top + 1) {
            at += 1;
            mine.push(whatsapp::status(wamid, rank, recipient, at));
        }
        if rng.random_bool(0.5)
            && let Some(again) = mine.choose(&mut rng).cloned()
        {
            mine.push(again);
        }
        statuses.extend(mine);
        expected.insert(message.id, RANKS.get(top).copied().unwrap_or("sent"));
    }
    statuses.shuffle(&mut rng);
    let posted = statuses.len();
    let status_tally = fanout::post_all(&webhooks, Arc::new(statuses), args.connections).await;
    println!("status posts ({posted}): {}", status_tally.line());
    wait_drained(db).await?;
    let after = stored::outbound(db, desk.channel).await?;
    let mut right = 0;
    let mut wrong: HashMap<String, usize> = HashMap::new();
    for message in &after {
        let Some(want) = expected.get(&message.id) else { continue };
        let have = message.status.as_deref().unwrap_or("none");
        if have == *want {
            right += 1;
        } else {
            *wrong.entry(format!("{want}->{have}")).or_default() += 1;
        }
    }
    let status_pass = right == expected.len() && !expected.is_empty() && status_tally.ok == posted;
    println!(
        "statuses: {right} of {} outbound messages at their highest status; wrong (expected->stored) {wrong:?}: {}",
        expected.len(),
        verdict(status_pass)
    );
    let row = format!(
        "inbound {stored_total}/{} stored once ({}), statuses {right}/{} at the highest ({}): {}",
        args.messages,
        verdict(inbound_pass),
        expected.len(),
        verdict(status_pass),
        verdict(inbound_pass && status_pass)
    );
    Ok((row, inbound_pass && status_pass))
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}

/// One agent reply per conversation through the API, `connections` at a time; answers
/// how many were accepted.
async fn reply_all(admin: &Session, conversations: &[uuid::Uuid], connections: usize) -> anyhow::Result<usize> {
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for chunk in conversations.chunks(conversations.len().div_ceil(connections.max(1)).max(1)) {
        let (admin, chunk) = (admin.clone(), chunk.to_vec());
        set.spawn(async move {
            for id in chunk {
                admin
                    .post(&format!("/api/v1/conversations/{id}/messages"), json!({"text": format!("Respuesta a {id}")}))
                    .await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = set.join_next().await {
        done.context("reply worker")??;
    }
    println!("replies: {} accepted through the API in {:.1} s", conversations.len(), started.elapsed().as_secs_f64());
    Ok(conversations.len())
}

/// Waits (at most `cap`) until the outbox has sent `count` replies; answers them.
/// Acknowledged is stored; what the events mean is applied by the server's drain right after.
async fn wait_drained(db: &Db) -> anyhow::Result<()> {
    match stored::drained(db, Duration::from_secs(300)).await? {
        Some(took) => {
            println!("  the intake drain applied them all {:.1} s after the last acknowledgement", took.as_secs_f64())
        }
        None => anyhow::bail!("the intake drain did not apply the stored events within 300 s"),
    }
    Ok(())
}

async fn wait_sent(db: &Db, channel: uuid::Uuid, count: usize, cap: Duration) -> anyhow::Result<Vec<stored::Outbound>> {
    let started = Instant::now();
    loop {
        let outbound = stored::outbound(db, channel).await?;
        let sent: Vec<stored::Outbound> =
            outbound.into_iter().filter(|m| m.status.as_deref() == Some("sent") && m.network_id.is_some()).collect();
        if sent.len() >= count || started.elapsed() >= cap {
            println!("outbox: {} of {count} replies sent in {:.1} s", sent.len(), started.elapsed().as_secs_f64());
            ensure!(sent.len() == count, "the outbox did not send every reply within {} s", cap.as_secs());
            return Ok(sent);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
