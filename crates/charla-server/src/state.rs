//! What every handler and job shares.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use charla_db::Db;
use charla_domain::access::LockoutPolicy;
use charla_domain::time::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use metrics_exporter_prometheus::PrometheusHandle;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::realtime::hub::Hub;
use crate::secrets::SecretBox;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub clock: Clock,
    pub settings: Settings,
    pub mailer: Mailer,
    pub secrets: SecretBox,
    pub hub: Hub,
    pub login_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Password recovery, password reset and first-run set-up per client IP (together).
    pub recovery_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Bounds the Argon2 work requests may cause at once.
    pub password_work: crate::auth::password::PasswordWork,
    /// Web chat visitors started per client IP (the same kind of limiter as logins).
    pub widget_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Web chat messages per visitor (keyed by the visitor's contact).
    pub widget_message_limiter: DefaultKeyedRateLimiter<Uuid>,
    /// Web chat uploads per visitor (keyed by the visitor's contact).
    pub widget_upload_limiter: DefaultKeyedRateLimiter<Uuid>,
    /// Web chat messages and uploads per client IP.
    pub widget_write_ip_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Requests per API token (CRM-6), counted after the token is recognised.
    pub api_token_limiter: DefaultKeyedRateLimiter<Uuid>,
    pub metrics: PrometheusHandle,
    /// Wakes the job runner when a job is enqueued for now.
    pub jobs_wake: tokio::sync::Notify,
    /// Wakes the intake drain's lanes when a webhook stored events for them.
    pub intake_wake: [tokio::sync::Notify; crate::webhooks::drain::LANES as usize],
    /// How many of the drain's lanes apply an event at the same moment.
    pub intake_appliers: tokio::sync::Semaphore,
    /// Webhook channels looked up lately (each webhook names one).
    pub webhook_channels: crate::webhooks::ChannelCache,
    /// Paces the outbox's sends per channel and recipient.
    pub pacer: crate::jobs::pacing::Pacer,
    /// The jobs this node's runner holds, whose leases its heartbeat renews.
    pub held_jobs: crate::jobs::runner::Held,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Inner {
    pub fn lockout_policy(&self) -> LockoutPolicy {
        LockoutPolicy {
            max_failures: self.settings.login_max_failures.max(1),
            lock_for: jiff::SignedDuration::from_mins(self.settings.login_lock_minutes.max(1)),
        }
    }

    /// Drops the per-IP and per-visitor counters whose quota has refilled: they would
    /// otherwise keep one entry for every address and visitor ever seen.
    pub fn forget_idle_limits(&self) {
        for limiter in
            [&self.login_limiter, &self.recovery_limiter, &self.widget_limiter, &self.widget_write_ip_limiter]
        {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        for limiter in [&self.widget_message_limiter, &self.widget_upload_limiter, &self.api_token_limiter] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Forgets refilled rate-limit counters once a minute, for as long as the server runs.
pub async fn forget_idle_limits_forever(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every.tick().await;
        state.forget_idle_limits();
    }
}

/// 429 with `Retry-After` once `ip` is over the limiter's quota.
pub fn check_ip(limiter: &DefaultKeyedRateLimiter<IpAddr>, ip: IpAddr) -> AppResult<()> {
    limiter.check_key(&ip).map_err(|not_until| {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
        AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) }
    })
}

pub fn login_limiter(per_minute: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    per_minute_limiter(per_minute)
}

/// A limiter that lets `per_minute` through per key, in a burst or spread out.
pub fn per_minute_limiter<K: Clone + Eq + std::hash::Hash>(per_minute: u32) -> DefaultKeyedRateLimiter<K> {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(per_minute))
}

/// Spends one of `key`'s turns; 429 with how long to wait when it has none left.
pub fn take_turn<K: Clone + Eq + std::hash::Hash>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), crate::error::AppError> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
        crate::error::AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) }
    })
}
