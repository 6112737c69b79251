//! Settings: flags and `CHARLA_*` variables, with defaults that need no set-up.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Clone, Debug, Parser)]
#[command(name = "charla", version, about = "Charla: the omnichannel contact center")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Organizations: `charla org create --name … --admin-email …`.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Backs up the embedded database, the stored files and the secret key into one file,
    /// while the server keeps running (PostgreSQL: see the README's "Backup and restore").
    Backup {
        /// The backup file to write (replaced only once the new one is complete).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restores a backup into an empty data folder (the database, files and key settings say
    /// where each part goes).
    Restore {
        /// The backup file `charla backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Clone, Debug, Subcommand)]
pub enum OrgCommand {
    /// Creates an organization and its first administrator; prints a set-password link.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_email: String,
        #[arg(long, default_value = "Administrator")]
        admin_name: String,
    },
}

#[derive(Clone, Debug, Args)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "CHARLA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Folder for the SQLite file, stored files, the secret key and written mails.
    #[arg(long, env = "CHARLA_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; unset: the SQLite file in the data folder.
    #[arg(long, env = "CHARLA_DATABASE_URL")]
    pub database_url: Option<String>,
    /// The URL users reach this server at; webhook URLs and email links are built from it.
    #[arg(long, env = "CHARLA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// `smtp://user:pass@host:port` (or `smtps://`); unset: mails go to the log and `<data-dir>/mail/`.
    #[arg(long, env = "CHARLA_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of the mails this server writes.
    #[arg(long, env = "CHARLA_MAIL_FROM", default_value = "Charla <no-reply@charla.local>")]
    pub mail_from: String,
    /// Key that encrypts secrets at rest; generated on first start when absent.
    #[arg(long, env = "CHARLA_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// Create the demo organization, its users and campaigns (kept when already there).
    #[arg(long, env = "CHARLA_DEMO")]
    pub demo: bool,
    /// Hosts the SSRF guard lets through (comma-separated), for local stand-ins.
    #[arg(long, env = "CHARLA_ALLOW_PRIVATE_HOSTS", value_delimiter = ',')]
    pub allow_private_hosts: Vec<String>,
    /// Login attempts allowed per client IP per minute.
    #[arg(long, env = "CHARLA_LOGIN_IP_PER_MINUTE", default_value_t = 30)]
    pub login_ip_per_minute: u32,
    /// Password recovery, password reset and first-run set-up requests allowed per client IP
    /// per minute (together).
    #[arg(long, env = "CHARLA_RECOVERY_IP_PER_MINUTE", default_value_t = 10)]
    pub recovery_ip_per_minute: u32,
    /// Web chat visitors a client IP may start per minute (the widget's pre-chat form).
    #[arg(long, env = "CHARLA_WIDGET_SESSIONS_IP_PER_MINUTE", default_value_t = 20)]
    pub widget_sessions_ip_per_minute: u32,
    /// Messages one web chat visitor may write per minute.
    #[arg(long, env = "CHARLA_WIDGET_MESSAGES_PER_MINUTE", default_value_t = 30)]
    pub widget_messages_per_minute: u32,
    /// Files one web chat visitor may upload per minute.
    #[arg(long, env = "CHARLA_WIDGET_UPLOADS_PER_MINUTE", default_value_t = 10)]
    pub widget_uploads_per_minute: u32,
    /// Web chat messages and uploads one client IP may send per minute, all its visitors
    /// together.
    #[arg(long, env = "CHARLA_WIDGET_WRITES_IP_PER_MINUTE", default_value_t = 120)]
    pub widget_writes_ip_per_minute: u32,
    /// Requests one API token may make per minute, on each node (then 429 with `Retry-After`).
    #[arg(long, env = "CHARLA_API_TOKEN_PER_MINUTE", default_value_t = 600)]
    pub api_token_per_minute: u32,
    /// When set, `/metrics` answers only `Authorization: Bearer <this token>`; unset, it is
    /// public.
    #[arg(long, env = "CHARLA_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Failed logins in a row that lock an email address (with an account or not).
    #[arg(long, env = "CHARLA_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: i64,
    /// How long a locked account stays locked, in minutes.
    #[arg(long, env = "CHARLA_LOGIN_LOCK_MINUTES", default_value_t = 15)]
    pub login_lock_minutes: i64,
    /// How long a login session lasts, in hours.
    #[arg(long, env = "CHARLA_SESSION_HOURS", default_value_t = 168)]
    pub session_hours: i64,
    /// How long realtime events are kept for reconnecting clients, in hours.
    #[arg(long, env = "CHARLA_EVENT_RETENTION_HOURS", default_value_t = 72)]
    pub event_retention_hours: i64,
    /// Where stored files (attachments, the file library) are kept; default `<data-dir>/files`.
    #[arg(long, env = "CHARLA_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
    /// Largest file an upload may carry, in megabytes.
    #[arg(long, env = "CHARLA_MAX_UPLOAD_MB", default_value_t = 16)]
    pub max_upload_mb: usize,
    /// Sends a second one channel (a WhatsApp number, a Telegram bot) may make; the Cloud
    /// API's default throughput is 80.
    #[arg(long, env = "CHARLA_SEND_RATE_PER_SECOND", default_value_t = 80)]
    pub send_rate_per_second: u32,
    /// WhatsApp's pair limit: one message every this many milliseconds to the same
    /// recipient, after a burst of `--pair-burst`.
    #[arg(long, env = "CHARLA_PAIR_INTERVAL_MS", default_value_t = 6000)]
    pub pair_interval_ms: u32,
    /// How many messages may go at once to the same WhatsApp recipient before the pair
    /// interval applies.
    #[arg(long, env = "CHARLA_PAIR_BURST", default_value_t = 45)]
    pub pair_burst: u32,
    /// A WhatsApp send found still `sending` (its node died inside the network call) waits
    /// this many seconds from when it began for the network's status, which names it by
    /// the callback data it carried; only without one is it sent again (and flagged).
    #[arg(long, env = "CHARLA_RESEND_GRACE_SECONDS", default_value_t = 60)]
    pub resend_grace_seconds: u32,
    /// Run background jobs on this node.
    #[arg(long, env = "CHARLA_RUN_JOBS", default_value_t = true, action = clap::ArgAction::Set)]
    pub run_jobs: bool,
}

impl Settings {
    /// The public base URL without a trailing slash.
    pub fn public_base(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_base().starts_with("https://")
    }

    pub fn secret_key_path(&self) -> PathBuf {
        self.secret_key_file.clone().unwrap_or_else(|| self.data_dir.join("secret.key"))
    }

    pub fn files_path(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// Settings for tests and tools: everything default, listening on a free port.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url: None,
            public_url: None,
            smtp_url: None,
            mail_from: "Charla <no-reply@charla.local>".to_owned(),
            secret_key_file: None,
            demo: false,
            allow_private_hosts: Vec::new(),
            login_ip_per_minute: 30,
            recovery_ip_per_minute: 10,
            widget_sessions_ip_per_minute: 20,
            widget_messages_per_minute: 30,
            widget_uploads_per_minute: 10,
            widget_writes_ip_per_minute: 120,
            api_token_per_minute: 600,
            metrics_token: None,
            login_max_failures: 5,
            login_lock_minutes: 15,
            session_hours: 168,
            event_retention_hours: 72,
            files_dir: None,
            max_upload_mb: 16,
            send_rate_per_second: 80,
            pair_interval_ms: 6000,
            pair_burst: 45,
            resend_grace_seconds: 60,
            run_jobs: true,
        }
    }
}
