//! `inbox`: the inbox's reads over a large organization, through HTTP, with the same SQL
//! run straight through sqlx as the same-run baseline (design.md §9).
//!
//! For each backend: starts the real application on 127.0.0.1, creates an organization,
//! a campaign with its default queue, a simulator channel and A agents through the API,
//! bulk-loads N conversations with M messages each in SQL, logs the agents in, then runs
//! each measurement with C concurrent clients for R requests and prints percentiles.
//!
//! `cargo run --release -p charla-bench --bin inbox -- --help`

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use charla_bench::inbox_data::{self, Desk, Shape};
use charla_bench::measure::{self, Job, Stats, ms};
use charla_bench::server::{Server, backend_name};
use charla_bench::session::Session;
use charla_db::Db;
use charla_db::repo::conversations::{self, ListFilter, Scope};
use charla_db::repo::{profiles, queues, users};
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
/// The inbox's latency goal, for every measurement over HTTP.
const GOAL: Duration = Duration::from_millis(20);

const MINE: &str = "/api/v1/conversations?status=assigned&limit=50";
const DEFAULT_VIEW: &str = "/api/v1/conversations?limit=50";
const QUEUED: &str = "/api/v1/conversations?status=queued&limit=50";
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
    /// Concurrent clients, each logged in as different agents.
    #[arg(long, default_value_t = 16)]
    clients: usize,
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
        let outcome = client.block_on(bench(&args, &server));
        server.stop();
        summaries.push((backend, outcome?));
    }
    println!("\n== summary ==");
    for (backend, rows) in &summaries {
        for row in rows {
            println!("{:<9} {row}", backend_name(*backend));
        }
    }
    Ok(())
}

/// Everything the measurements need about the organization made for them.
struct Org {
    desk: Desk,
    /// One session per agent, in the order of `desk.agents`.
    agents: Vec<Session>,
    /// One administrator session per client.
    admins: Vec<Session>,
}

async fn bench(args: &Args, server: &Server) -> anyhow::Result<Vec<String>> {
    // Our own pool on the same database (the same file on SQLite), sized like the server's.
    let db = charla_db::connect(server.database_url.as_deref(), &server.data_dir).await?;
    let outcome = bench_on(args, server, &db).await;
    db.close().await;
    outcome
}

async fn bench_on(args: &Args, server: &Server, db: &Db) -> anyhow::Result<Vec<String>> {
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
        explain(db, &org.desk).await?;
    }

    let clients = args.clients;
    let requests = args.requests;
    let cap = Duration::from_secs(args.max_seconds);
    let per_client = agents_per_client(&org.agents, clients);
    let agent_ids = agents_per_client(&org.desk.agents, clients);
    let org_id = org.desk.org;

    let mut pairs: Vec<(Stats, Stats)> = Vec::new();
    let cases: [(&str, &'static str, bool, Option<&'static str>); 4] = [
        ("inbox list (agent, first page)", MINE, false, Some("assigned")),
        ("inbox list (agent, default view)", DEFAULT_VIEW, false, None),
        ("inbox list (supervisor, queued)", QUEUED, true, Some("queued")),
        ("unread counts", COUNTS, false, None),
    ];
    for (label, path, as_admin, status) in cases {
        let sessions = if as_admin { org.admins.iter().map(|s| vec![s.clone()]).collect() } else { per_client.clone() };
        let http = measure::run(label, clients, requests, cap, http_job(Arc::new(sessions), path)).await?;
        println!("{}", http.line());
        let raw_job = if path == COUNTS {
            counters_job(db.clone(), org_id, agent_ids.clone())
        } else {
            let filter = ListFilter {
                statuses: status.map(|s| vec![s.to_owned()]).unwrap_or_default(),
                limit: 50,
                ..ListFilter::default()
            };
            list_job(db.clone(), org_id, if as_admin { None } else { Some(agent_ids.clone()) }, filter)
        };
        let raw_label = if path == COUNTS { "  raw: counters SELECT" } else { "  raw: repo::conversations::list" };
        let raw = measure::run(raw_label, clients, requests, cap, raw_job).await?;
        println!("{}", raw.line());
        pairs.push((http, raw));
    }

    println!("goal: p99 <= {} ms", GOAL.as_millis());
    let mut summary = Vec::new();
    for (http, raw) in &pairs {
        let verdict = if http.p99 <= GOAL { "PASS" } else { "MISS" };
        let ratio = if raw.p99.is_zero() { "-".to_owned() } else { format!("{:.1}x", ms(http.p99) / ms(raw.p99)) };
        let row = format!(
            "{:<34} http p99 {:>8.2} ms  raw p99 {:>8.2} ms  ratio {:>6}  {verdict}",
            http.label,
            ms(http.p99),
            ms(raw.p99),
            ratio
        );
        println!("  {row}");
        summary.push(row);
    }
    Ok(summary)
}

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

/// Client `w`'s `n`-th request goes out as its `n mod len`-th session.
fn http_job(sessions: Arc<Vec<Vec<Session>>>, path: &'static str) -> Job {
    measure::job(move |w, n| {
        let sessions = sessions.clone();
        async move {
            let mine = sessions.get(w).context("no sessions for this client")?;
            let session = n.checked_rem(mine.len()).and_then(|i| mine.get(i)).context("no session")?;
            session.fetch(path).await?;
            Ok(())
        }
    })
}

/// The same list straight through the repository: `None` agents is the supervisor's view.
fn list_job(db: Db, org: Uuid, agents: Option<Vec<Vec<Uuid>>>, filter: ListFilter) -> Job {
    let agents = Arc::new(agents);
    let filter = Arc::new(filter);
    measure::job(move |w, n| {
        let (db, agents, filter) = (db.clone(), agents.clone(), filter.clone());
        async move {
            let scope = match agents.as_ref() {
                None => Scope::All,
                Some(per_client) => {
                    let mine = per_client.get(w).context("no agents for this client")?;
                    Scope::Agent(*n.checked_rem(mine.len()).and_then(|i| mine.get(i)).context("no agent")?)
                }
            };
            conversations::list(&db, org, &scope, &filter).await?;
            Ok(())
        }
    })
}

fn counters_job(db: Db, org: Uuid, agents: Vec<Vec<Uuid>>) -> Job {
    let agents = Arc::new(agents);
    measure::job(move |w, n| {
        let (db, agents) = (db.clone(), agents.clone());
        async move {
            let mine = agents.get(w).context("no agents for this client")?;
            let agent = *n.checked_rem(mine.len()).and_then(|i| mine.get(i)).context("no agent")?;
            queues::counters(&db, org, agent).await?;
            Ok(())
        }
    })
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
    let mut admins = vec![admin];
    while admins.len() < args.clients {
        admins.push(Session::login(base, ADMIN_EMAIL, PASSWORD).await?);
    }
    Ok(Org {
        desk: Desk { org, campaign: campaign_id, queue, channel: id(&channel, "id")?, agents },
        agents: sessions,
        admins,
    })
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
    let mine = agent.get(MINE).await?;
    let default_view = agent.get(DEFAULT_VIEW).await?;
    let counts = agent.get(COUNTS).await?;
    let admin = org.admins.first().context("no admin")?;
    let queued = admin.get(QUEUED).await?;
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

/// A copy of the statement `repo::conversations::list` builds (its SELECT, the agent scope,
/// the order), for EXPLAIN only: the measurements call the repository itself.
const LIST_SELECT: &str = "SELECT v.id, v.contact_id, v.campaign_id, v.channel_id, v.queue_id, v.agent_id, \
    v.reserved_for, v.status, v.closed_reason, v.disposition_id, v.closing_note, v.fields, v.unread_count, \
    v.last_activity_at, v.last_message_preview, v.last_message_direction, v.last_contact_message_at, v.opened_at, \
    v.queued_at, v.assigned_at, v.first_response_at, v.closed_at, v.closed_by, v.bot_paused, v.transferred_from_id, \
    v.transferred_to_id, v.version, v.updated_at, c.name AS contact_name, c.phone AS contact_phone, \
    c.email AS contact_email, ch.kind AS channel_kind FROM conversations v \
    JOIN contacts c ON c.organization_id = v.organization_id AND c.id = v.contact_id \
    JOIN channels ch ON ch.organization_id = v.organization_id AND ch.id = v.channel_id ";
const AGENT_SCOPE: &str = " AND (v.agent_id = $2 OR (v.status = 'queued' AND (v.reserved_for IS NULL \
    OR v.reserved_for = $2) AND v.queue_id IN (SELECT m.queue_id FROM queue_members m \
    WHERE m.organization_id = v.organization_id AND m.user_id = $2)))";
const LIST_ORDER: &str = " ORDER BY v.last_activity_at DESC, v.id DESC";

/// Prints the plans of the three list statements for the first agent.
async fn explain(db: &Db, desk: &Desk) -> anyhow::Result<()> {
    let agent = *desk.agents.first().context("no agents")?;
    let shapes: [(&str, String, Option<&str>); 3] = [
        (
            "inbox list (agent, first page)",
            format!("{LIST_SELECT}WHERE v.organization_id = $1{AGENT_SCOPE} AND v.status IN ($3){LIST_ORDER} LIMIT $4"),
            Some("assigned"),
        ),
        (
            "inbox list (agent, default view)",
            format!("{LIST_SELECT}WHERE v.organization_id = $1{AGENT_SCOPE} AND $3 IS NULL{LIST_ORDER} LIMIT $4"),
            None,
        ),
        (
            "inbox list (supervisor, queued)",
            format!("{LIST_SELECT}WHERE v.organization_id = $1 AND $2 = $2 AND v.status IN ($3){LIST_ORDER} LIMIT $4"),
            Some("queued"),
        ),
    ];
    for (label, sql, status) in shapes {
        println!("plan: {label}");
        match db {
            Db::Sqlite(db) => {
                let pool = db.pool();
                let rows: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                        .bind(desk.org)
                        .bind(agent)
                        .bind(status)
                        .bind(51_i64)
                        .fetch_all(pool)
                        .await?;
                for (_, _, _, detail) in rows {
                    println!("    {detail}");
                }
            }
            Db::Postgres(pool) => {
                let rows: Vec<(String,)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN (ANALYZE, BUFFERS) {sql}")))
                        .bind(desk.org)
                        .bind(agent)
                        .bind(status)
                        .bind(51_i64)
                        .fetch_all(pool)
                        .await?;
                for (line,) in rows {
                    println!("    {line}");
                }
            }
        }
    }
    Ok(())
}
