//! `inbox`: the inbox's reads over a large organization, through HTTP, with the same SQL
//! run straight through sqlx as the same-run baseline (design.md §9).
//!
//! For each backend: starts the real application on 127.0.0.1, creates an organization,
//! a campaign with its default queue, a simulator channel and A agents through the API,
//! bulk-loads N conversations with M messages each in SQL, logs the agents in (and a user
//! with the Supervisor profile who supervises the campaign). Each view is asked exactly as
//! the web app asks it, and measured three ways:
//!
//! - closed loop, C clients, R requests, over HTTP and straight through the repository;
//! - open loop at `--rate` requests a second, latency counted from each request's
//!   scheduled start (goal: p99 <= 20 ms);
//! - against a reference the bench makes itself: a plain keyset `LIMIT 50` over its own
//!   index on the same table, closed loop (goal: HTTP p99 <= 2x the reference's p99).
//!
//! Verdicts print as `RESULT inbox <goal> <backend> <figure> <target> PASS|MISS`.
//!
//! `cargo run --release -p charla-bench --bin inbox -- --help`

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::inbox_data::{self, Desk, Shape};
use charla_bench::inbox_plans;
use charla_bench::measure::{self, Job, Stats, ms};
use charla_bench::server::{Server, backend_name};
use charla_bench::session::Session;
use charla_bench::verdict::Verdict;
use charla_db::repo::conversations::{self, ListFilter, Scope};
use charla_db::repo::{profiles, queues, users};
use charla_db::{Db, DbTs};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use charla_domain::search::search_key;
use charla_domain::time::Clock;
use charla_server::services::orgs;
use charla_testkit::app::Backend;
use clap::{Parser, ValueEnum};
use serde_json::{Value, json};
use uuid::Uuid;

const PASSWORD: &str = "bench horse battery staple";
const ADMIN_EMAIL: &str = "admin@bench.charla.test";
/// The open-loop latency goal (p99, from each request's scheduled start), every view.
const OPEN_LOOP_GOAL_MS: f64 = 20.0;
/// The closed-loop goal: HTTP p99 at most this many times the reference query's p99.
const REFERENCE_RATIO_GOAL: f64 = 2.0;

/// The web app's own requests (web/src/components/inbox/query.ts; no `limit`: 50).
/// "Mine" names the agent: `{me}` is replaced by the session's user id.
const MINE: &str = "/api/v1/conversations?status=assigned&agent_id={me}";
const DEFAULT_VIEW: &str = "/api/v1/conversations?status=bot,queued,assigned";
const QUEUED: &str = "/api/v1/conversations?status=queued";
const COUNTS: &str = "/api/v1/inbox/counts";

#[derive(Parser, Debug)]
#[command(about = "Inbox reads over a large organization: HTTP against raw SQL, on SQLite and PostgreSQL")]
struct Args {
    /// Conversations to load (5 % open: half assigned, half queued).
    #[arg(long, default_value_t = 1_000_000)]
    conversations: u64,
    /// Messages per conversation, alternating inbound and outbound.
    #[arg(long, default_value_t = 10)]
    messages_per_conversation: u64,
    /// Agents in the campaign's default queue; the open conversations are spread over them.
    #[arg(long, default_value_t = 100)]
    agents: usize,
    /// Concurrent clients in the closed loop, each logged in as different agents.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Requests a second in the open loop.
    #[arg(long, default_value_t = 300.0)]
    rate: f64,
    /// Seconds of each open-loop measurement.
    #[arg(long, default_value_t = 10)]
    open_seconds: u64,
    /// Requests per measurement (after a warm-up of 5 per client).
    #[arg(long, default_value_t = 2_000)]
    requests: usize,
    #[arg(long, value_enum, default_value_t = Which::Both)]
    backend: Which,
    /// No request of a measurement starts after this many seconds (bounds the slow cases).
    #[arg(long, default_value_t = 30)]
    max_seconds: u64,
    /// Print the query plans of the three list queries (EXPLAIN ANALYZE on PostgreSQL).
    #[arg(long)]
    explain: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Which {
    Sqlite,
    Postgres,
    Both,
}

impl Args {
    fn check(&self) -> anyhow::Result<()> {
        ensure!((40..=50_000_000).contains(&self.conversations), "--conversations: 40 to 50,000,000");
        ensure!((1..=100).contains(&self.messages_per_conversation), "--messages-per-conversation: 1 to 100");
        ensure!((1..=10_000).contains(&self.agents), "--agents: 1 to 10,000");
        ensure!((1..=256).contains(&self.clients), "--clients: 1 to 256");
        ensure!((1..=1_000_000).contains(&self.requests), "--requests: 1 to 1,000,000");
        ensure!((1..=3_600).contains(&self.max_seconds), "--max-seconds: 1 to 3,600");
        ensure!(self.rate > 0.0 && self.rate <= 100_000.0, "--rate: above 0, at most 100,000");
        ensure!((1..=600).contains(&self.open_seconds), "--open-seconds: 1 to 600");
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
    println!(
        "charla inbox bench: {} conversations x {} messages, {} agents, {} clients, {} requests per measurement",
        args.conversations, args.messages_per_conversation, args.agents, args.clients, args.requests
    );
    let client = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("bench-client").build()?;
    let mut summaries = Vec::new();
    for backend in args.backends() {
        println!("\n== {} ==", backend_name(backend));
        let server = Server::start(backend)?;
        let outcome = client.block_on(bench(&args, &server, backend));
        server.stop();
        summaries.extend(outcome?);
    }
    println!("\n== verdicts ==");
    for line in &summaries {
        println!("{line}");
    }
    Ok(())
}

/// Everything the measurements need about the organization made for them.
struct Org {
    desk: Desk,
    /// One session per agent, in the order of `desk.agents`.
    agents: Vec<Session>,
    /// The supervisor of the campaign (Supervisor profile), logged in once per client.
    supervisor: Uuid,
    supervisors: Vec<(Session, String)>,
}

async fn bench(args: &Args, server: &Server, backend: Backend) -> anyhow::Result<Vec<String>> {
    // Our own pool on the same database (the same file on SQLite), sized like the server's.
    let db = charla_db::connect(server.database_url.as_deref(), &server.data_dir).await?;
    let outcome = bench_on(args, server, &db, backend).await;
    db.close().await;
    outcome
}

async fn bench_on(args: &Args, server: &Server, db: &Db, backend: Backend) -> anyhow::Result<Vec<String>> {
    let t = Instant::now();
    let org = set_up(args, server, db).await?;
    println!("set-up (organization, campaign, channel, {} agents and their logins): {:.1} s", args.agents, secs(t));

    let shape = Shape { conversations: args.conversations, messages_per_conversation: args.messages_per_conversation };
    let loaded = inbox_data::load(db, &org.desk, &shape, Clock::System.now()).await?;
    println!(
        "load: {:.1} s (insert, counters, commit); statistics: {:.1} s; total {:.1} s",
        loaded.load.as_secs_f64(),
        loaded.analyze.as_secs_f64(),
        (loaded.load + loaded.analyze).as_secs_f64()
    );
    print_counts(db, &org.desk).await?;
    sanity(&org).await?;
    if args.explain {
        inbox_plans::explain(db, &org.desk).await?;
    }

    let reference_index = create_reference_index(db).await?;
    let mut lines = Vec::new();
    let reference = reference_stats(args, db, org.desk.org).await?;
    println!("{}", reference.line());
    let name = backend_name(backend);
    for case in cases() {
        lines.extend(measure_case(args, db, &org, &case, &reference, name).await?);
    }
    drop_reference_index(db, reference_index).await?;
    Ok(lines)
}

/// One view of the inbox as the web app asks for it, and the same list through the repository.
struct Case {
    label: &'static str,
    /// The verdicts' name for it.
    goal: &'static str,
    path: &'static str,
    supervisor: bool,
    statuses: &'static [&'static str],
    /// "Mine": filtered by the agent itself.
    own: bool,
}

fn cases() -> [Case; 4] {
    [
        Case {
            label: "agent mine",
            goal: "agent_mine",
            path: MINE,
            supervisor: false,
            statuses: &["assigned"],
            own: true,
        },
        Case {
            label: "agent default view",
            goal: "agent_default",
            path: DEFAULT_VIEW,
            supervisor: false,
            statuses: &["bot", "queued", "assigned"],
            own: false,
        },
        Case {
            label: "supervisor queued",
            goal: "supervisor_queued",
            path: QUEUED,
            supervisor: true,
            statuses: &["queued"],
            own: false,
        },
        Case {
            label: "unread counts",
            goal: "unread_counts",
            path: COUNTS,
            supervisor: false,
            statuses: &[],
            own: false,
        },
    ]
}

/// Closed loop (HTTP, then the repository), then open loop; answers the verdict lines.
async fn measure_case(
    args: &Args,
    db: &Db,
    org: &Org,
    case: &Case,
    reference: &Stats,
    backend: &str,
) -> anyhow::Result<Vec<String>> {
    let cap = Duration::from_secs(args.max_seconds);
    let requests = if case.supervisor {
        org.supervisors.iter().map(|s| vec![s.clone()]).collect()
    } else {
        per_client(org, args.clients, case.path)
    };
    let requests = Arc::new(requests);
    let closed = measure::run(
        &format!("{} (closed loop)", case.label),
        args.clients,
        args.requests,
        cap,
        http_job(requests.clone()),
    )
    .await?;
    println!("{}", closed.line());
    let raw = measure::run(
        "  raw: the same through the repository",
        args.clients,
        args.requests,
        cap,
        raw_job(db, org, case, args.clients),
    )
    .await?;
    println!("{}", raw.line());
    let total = (args.rate * args.open_seconds as f64) as usize;
    let open = measure::run_paced(
        &format!("{} (open loop {} req/s)", case.label, args.rate),
        OPEN_LOOP_IN_FLIGHT,
        total,
        args.rate,
        cap,
        http_job(requests),
    )
    .await?;
    println!("{}", open.line());
    let ratio = if reference.p99.is_zero() { f64::INFINITY } else { ms(closed.p99) / ms(reference.p99) };
    let open_goal = format!("{}_open_p99", case.goal);
    let ratio_goal = format!("{}_closed_p99_vs_reference", case.goal);
    Ok(vec![
        Verdict {
            bench: "inbox",
            goal: &open_goal,
            backend,
            figure: ms(open.p99),
            target: OPEN_LOOP_GOAL_MS,
            unit: "ms",
        }
        .line(),
        Verdict { bench: "inbox", goal: &ratio_goal, backend, figure: ratio, target: REFERENCE_RATIO_GOAL, unit: "x" }
            .line(),
    ])
}

/// Requests the open loop may have in flight at once (well above what 300 a second needs).
const OPEN_LOOP_IN_FLIGHT: usize = 64;

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Client `w` gets items w, w + C, w + 2C…; with fewer items than clients they are shared.
fn agents_per_client<T: Clone>(items: &[T], clients: usize) -> Vec<Vec<T>> {
    (0..clients)
        .map(|w| {
            let mine: Vec<T> = items.iter().skip(w).step_by(clients.max(1)).cloned().collect();
            if mine.is_empty() { items.get(w % items.len().max(1)).cloned().into_iter().collect() } else { mine }
        })
        .collect()
}

/// Each client's agent sessions with the path each asks for (`{me}` made the agent's id).
fn per_client(org: &Org, clients: usize, path: &str) -> Vec<Vec<(Session, String)>> {
    let pairs: Vec<(Session, String)> = org
        .agents
        .iter()
        .zip(&org.desk.agents)
        .map(|(session, id)| (session.clone(), path.replace("{me}", &id.to_string())))
        .collect();
    agents_per_client(&pairs, clients)
}

/// Client `w`'s `n`-th request goes out as its `n mod len`-th session, on that session's path.
fn http_job(requests: Arc<Vec<Vec<(Session, String)>>>) -> Job {
    measure::job(move |w, n| {
        let requests = requests.clone();
        async move {
            let mine = requests.get(w % requests.len().max(1)).context("no sessions for this client")?;
            let (session, path) = n.checked_rem(mine.len()).and_then(|i| mine.get(i)).context("no session")?;
            session.fetch(path).await?;
            Ok(())
        }
    })
}

/// The same request straight through the repository, as the same users.
fn raw_job(db: &Db, org: &Org, case: &Case, clients: usize) -> Job {
    let (db, org_id, campaign, supervisor) = (db.clone(), org.desk.org, org.desk.campaign, org.supervisor);
    let agents = Arc::new(agents_per_client(&org.desk.agents, clients));
    let counts = case.path == COUNTS;
    let (is_supervisor, own) = (case.supervisor, case.own);
    let filter = Arc::new(ListFilter {
        statuses: case.statuses.iter().map(|s| (*s).to_owned()).collect(),
        limit: 50,
        ..ListFilter::default()
    });
    measure::job(move |w, n| {
        let (db, agents, filter) = (db.clone(), agents.clone(), filter.clone());
        async move {
            let mine = agents.get(w).context("no agents for this client")?;
            let agent = *n.checked_rem(mine.len()).and_then(|i| mine.get(i)).context("no agent")?;
            if counts {
                queues::counters(&db, org_id, agent).await?;
                return Ok(());
            }
            let (scope, filter) = if is_supervisor {
                (Scope::Supervisor { me: supervisor, campaigns: vec![campaign] }, (*filter).clone())
            } else {
                let filter = ListFilter { agent_id: own.then_some(agent), ..(*filter).clone() };
                (Scope::Agent(agent), filter)
            };
            conversations::list(&db, org_id, &scope, &filter).await?;
            Ok(())
        }
    })
}

/// The bench's own index for the reference query, on the same table as the inbox's lists.
const REFERENCE_INDEX: &str = "bench_reference_keyset";

async fn create_reference_index(db: &Db) -> anyhow::Result<&'static str> {
    let sql = format!(
        "CREATE INDEX IF NOT EXISTS {REFERENCE_INDEX} ON conversations (organization_id, last_activity_at, id)"
    );
    charla_db::on_db!(db, |pool| sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(pool).await.map(|_| ()))?;
    Ok(REFERENCE_INDEX)
}

async fn drop_reference_index(db: &Db, name: &str) -> anyhow::Result<()> {
    let sql = format!("DROP INDEX IF EXISTS {name}");
    charla_db::on_db!(db, |pool| sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// The reference: a plain keyset page of 50 whole rows over the bench's own index, closed
/// loop at the same concurrency; each request starts after a different row.
async fn reference_stats(args: &Args, db: &Db, org: Uuid) -> anyhow::Result<Stats> {
    let starts: Vec<(DbTs, Uuid)> = charla_db::on_db!(db, |pool| sqlx::query_as(
        "SELECT last_activity_at, id FROM conversations WHERE organization_id = $1 \
         ORDER BY last_activity_at DESC, id DESC LIMIT 1000"
    )
    .bind(org)
    .fetch_all(pool)
    .await)?;
    ensure!(!starts.is_empty(), "no conversations to page through");
    let starts = Arc::new(starts);
    let db = db.clone();
    let job = measure::job(move |w, n| {
        let (db, starts) = (db.clone(), starts.clone());
        async move {
            let (at, id) = *starts.get((w * 31 + n) % starts.len()).context("no start")?;
            let rows = charla_db::on_db!(&db, |pool| sqlx::query(
                "SELECT * FROM conversations WHERE organization_id = $1 AND (last_activity_at < $2 \
                 OR (last_activity_at = $2 AND id < $3)) ORDER BY last_activity_at DESC, id DESC LIMIT 50"
            )
            .bind(org)
            .bind(at)
            .bind(id)
            .fetch_all(pool)
            .await
            .map(|rows| rows.len()))?;
            ensure!(rows > 0 || n > 0, "the reference query found nothing");
            Ok(())
        }
    });
    let cap = Duration::from_secs(args.max_seconds);
    measure::run("reference: keyset LIMIT 50 (closed loop)", args.clients, args.requests, cap, job).await
}

/// The organization, client/project/campaign (with its default queue), a simulator channel
/// and the agents (in the queue), each logged in; plus one administrator session per client.
async fn set_up(args: &Args, server: &Server, db: &Db) -> anyhow::Result<Org> {
    let clock = Clock::System;
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(PASSWORD)).await?;
    let created = orgs::create(
        db,
        &clock,
        &orgs::NewOrg {
            name: "Bench",
            admin_name: "Admin",
            admin_email: ADMIN_EMAIL,
            admin_password_hash: Some(&hash),
            language: Language::Es,
            time_zone: "America/Bogota",
        },
    )
    .await?;
    let org = created.org;
    let base = server.base.as_str();
    let admin = Session::login(base, ADMIN_EMAIL, PASSWORD).await?;
    let client = admin.post("/api/v1/clients", json!({"name": "Retail"})).await?;
    let project = admin.post("/api/v1/projects", json!({"client_id": id(&client, "id")?, "name": "Service"})).await?;
    let campaign =
        admin.post("/api/v1/campaigns", json!({"project_id": id(&project, "id")?, "name": "Support"})).await?;
    let campaign_id = id(&campaign, "id")?;
    let queue = id(&campaign, "default_queue_id")?;
    let channel = admin
        .post("/api/v1/channels", json!({"kind": "simulator", "name": "Simulator", "campaign_id": campaign_id}))
        .await?;

    let profile = profiles::find_builtin(db, org, BuiltinProfile::Agent.code()).await?.context("no agent profile")?;
    // Capacity as big as the load makes their share of the assigned conversations.
    let capacity = i64::try_from(args.conversations / 40 / args.agents as u64 + 1).unwrap_or(i64::MAX).max(5);
    let mut agents = Vec::with_capacity(args.agents);
    let mut emails = Vec::with_capacity(args.agents);
    let mut tx = db.begin().await?;
    for k in 0..args.agents {
        let id = new_id();
        let email = format!("agent{k:05}@bench.charla.test");
        let name = format!("Agent {k:05}");
        users::insert(
            &mut tx,
            &users::NewUser {
                org,
                id,
                email: &email,
                name: &name,
                search_key: &search_key(&name),
                language: "es",
                time_zone: "America/Bogota",
                capacity,
                profile_id: profile.id,
                password_hash: Some(&hash),
                now: clock.now(),
            },
        )
        .await?;
        agents.push(id);
        emails.push(email);
    }
    tx.commit().await?;
    admin.patch(&format!("/api/v1/queues/{queue}"), json!({"member_ids": agents})).await?;

    let mut sessions = Vec::with_capacity(args.agents);
    for email in &emails {
        sessions.push(Session::login(base, email, PASSWORD).await?);
    }
    let supervisor = insert_supervisor(db, org, &hash).await?;
    admin.put(&format!("/api/v1/users/{supervisor}/supervision"), json!({"campaign_ids": [campaign_id]})).await?;
    let mut supervisors = Vec::with_capacity(args.clients);
    while supervisors.len() < args.clients {
        supervisors.push((Session::login(base, SUPERVISOR_EMAIL, PASSWORD).await?, QUEUED.to_owned()));
    }
    Ok(Org {
        desk: Desk { org, campaign: campaign_id, queue, channel: id(&channel, "id")?, agents },
        agents: sessions,
        supervisor,
        supervisors,
    })
}

const SUPERVISOR_EMAIL: &str = "supervisor@bench.charla.test";

/// A user with the built-in Supervisor profile (it supervises the campaigns it is given).
async fn insert_supervisor(db: &Db, org: Uuid, hash: &str) -> anyhow::Result<Uuid> {
    let profile =
        profiles::find_builtin(db, org, BuiltinProfile::Supervisor.code()).await?.context("no supervisor profile")?;
    let id = new_id();
    let mut tx = db.begin().await?;
    users::insert(
        &mut tx,
        &users::NewUser {
            org,
            id,
            email: SUPERVISOR_EMAIL,
            name: "Supervisor",
            search_key: &search_key("Supervisor"),
            language: "es",
            time_zone: "America/Bogota",
            capacity: 5,
            profile_id: profile.id,
            password_hash: Some(hash),
            now: Clock::System.now(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn id(v: &Value, key: &str) -> anyhow::Result<Uuid> {
    let text = v.get(key).and_then(Value::as_str).with_context(|| format!("no {key} in {v}"))?;
    Ok(Uuid::try_parse(text)?)
}

/// What the load made, counted back from the database.
async fn print_counts(db: &Db, desk: &Desk) -> anyhow::Result<()> {
    let by_status: Vec<(String, i64)> = charla_db::on_db!(db, |pool| sqlx::query_as(
        "SELECT status, COUNT(*) FROM conversations WHERE organization_id = $1 GROUP BY status ORDER BY status"
    )
    .bind(desk.org)
    .fetch_all(pool)
    .await)?;
    let statuses: Vec<String> = by_status.iter().map(|(s, n)| format!("{s} {n}")).collect();
    println!("conversations by status: {}", statuses.join(", "));
    let size: i64 = match db {
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                .fetch_one(pool)
                .await?
        }
        Db::Postgres(pool) => sqlx::query_scalar("SELECT pg_database_size(current_database())").fetch_one(pool).await?,
    };
    println!("database size: {:.0} MiB", size as f64 / 1024.0 / 1024.0);
    Ok(())
}

/// One look at what the measured requests answer, so the figures are about real pages.
async fn sanity(org: &Org) -> anyhow::Result<()> {
    let agent = org.agents.first().context("no agents")?;
    let me = org.desk.agents.first().context("no agents")?;
    let mine = agent.get(&MINE.replace("{me}", &me.to_string())).await?;
    let default_view = agent.get(DEFAULT_VIEW).await?;
    let counts = agent.get(COUNTS).await?;
    let (supervisor, _) = org.supervisors.first().context("no supervisor")?;
    let queued = supervisor.get(QUEUED).await?;
    let items = |v: &Value| v.get("items").and_then(Value::as_array).map_or(0, Vec::len);
    println!(
        "first agent: mine page {} items, default view {} items, counts assigned={} unread_conversations={} \
         unread_messages={}; supervisor queued page {} items",
        items(&mine),
        items(&default_view),
        counts.get("assigned").unwrap_or(&Value::Null),
        counts.get("unread_conversations").unwrap_or(&Value::Null),
        counts.get("unread_messages").unwrap_or(&Value::Null),
        items(&queued),
    );
    Ok(())
}
