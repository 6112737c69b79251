//! The conversation engine: intake, routing and assignment, replies through the outbox,
//! closing. Each use case is one transaction over a versioned read of the conversation,
//! retried from a fresh read when another node changed it meanwhile.

pub mod absence;
pub mod actions;
pub mod after_attention;
pub mod automated;
pub mod bot;
pub mod closing;
pub mod detail;
pub mod events;
pub mod hours_end;
pub mod inbox;
pub mod intake;
pub mod outbox;
pub mod proactive;
pub mod reactions;
pub mod routing;
pub mod template_send;
pub mod thread;
pub mod timeline;
pub mod transfer;
pub mod typing;

use charla_db::Tx;
use charla_db::repo::conversations::{self, ConversationRow, ConversationState};
use charla_domain::conversations::lifecycle::{Action, ConversationStatus, apply};
use charla_domain::time::Ts;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};

/// How many times a use case starts again after losing a race.
pub const ATTEMPTS: usize = 8;

/// Evaluates `$attempt` (an awaited use case) again while it loses a race: a stale
/// version, a deadlock, a concurrent insert. A macro rather than a function over an async
/// closure, so the futures stay provably `Send` for the runtime.
macro_rules! retrying {
    ($attempt:expr) => {{
        let mut attempts = 0;
        loop {
            attempts += 1;
            match $attempt {
                Err(err) if err.is_race() && attempts < $crate::services::conversations::ATTEMPTS => continue,
                other => break other,
            }
        }
    }};
}
pub(crate) use retrying;

/// One change to one conversation by a caller who can see it: read, change (`$body`, with
/// the transaction, the working copy, what it touched and the instant), save, events,
/// commit; retried on a lost race; afterwards, agents who freed a place take waiting work.
macro_rules! change {
    ($state:expr, $caller:expr, $id:expr, |$tx:ident, $w:ident, $touched:ident, $now:ident| $body:block) => {{
        let state: &$crate::state::AppState = $state;
        let caller: &$crate::auth::Caller = $caller;
        let id: uuid::Uuid = $id;
        let outcome: $crate::error::AppResult<_> = $crate::services::conversations::retrying!(
            async {
                let $now = state.clock.now();
                let mut tx = state.db.begin().await?;
                let mut w = $crate::services::conversations::Working::load(&mut tx, caller.org, id).await?;
                $crate::services::inbox_access::check_visible(state, caller, &w.row).await?;
                let previous_agent = w.row.agent_id;
                let mut touched = $crate::services::conversations::routing::Touched::default();
                {
                    let $tx = &mut tx;
                    let $w = &mut w;
                    let $touched = &mut touched;
                    let step: $crate::error::AppResult<()> = async { $body }.await;
                    step?;
                }
                let row = w.save(state, &mut tx, caller.org, $now).await?;
                $crate::services::conversations::events::conversation_updated(
                    state,
                    &mut tx,
                    caller.org,
                    &row,
                    &[previous_agent],
                )
                .await?;
                touched.emit(state, &mut tx, caller.org).await?;
                tx.commit().await?;
                Ok::<_, $crate::error::AppError>((row, touched))
            }
            .await
        );
        match outcome {
            Ok((row, touched)) => {
                state.hub.wake();
                touched.settle(state, caller.org).await.map(|()| row)
            }
            Err(err) => Err(err),
        }
    }};
}
pub(crate) use change;

/// What caused an assignment change (REP-4's sources).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    User,
    Bot,
    Workflow,
    Api,
    Integration,
    ContactImport,
}

impl Source {
    pub const fn code(self) -> &'static str {
        match self {
            Source::User => "user",
            Source::Bot => "bot",
            Source::Workflow => "workflow",
            Source::Api => "api",
            Source::Integration => "integration",
            Source::ContactImport => "contact_import",
        }
    }
}

/// Who did it: a person or token, or the automatic routing.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub name: Option<String>,
    pub source: Source,
}

impl Actor {
    /// Automatic routing (queue rules, exclusive agents): the bot source, nobody by name.
    pub fn routing() -> Actor {
        Actor { user_id: None, name: None, source: Source::Bot }
    }

    pub fn of(caller: &Caller) -> Actor {
        let source = if caller.token_id().is_some() { Source::Api } else { Source::User };
        Actor { user_id: Some(caller.user_id), name: Some(caller.name.clone()), source }
    }
}

/// A conversation read in a transaction, and the state a use case is computing for it.
pub struct Working {
    pub row: ConversationRow,
    pub next: ConversationState,
    /// Timeline entries (system messages) the change adds, written with it.
    pub timeline: Vec<serde_json::Value>,
}

impl Working {
    pub async fn load(tx: &mut Tx, org: Uuid, id: Uuid) -> AppResult<Working> {
        let row = conversations::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
        Ok(Working::from_row(row))
    }

    /// The conversation, or `None` when it is gone (a timer that outlived it).
    pub async fn find(tx: &mut Tx, org: Uuid, id: Uuid) -> AppResult<Option<Working>> {
        Ok(conversations::get(&mut *tx, org, id).await?.map(Working::from_row))
    }

    pub fn from_row(row: ConversationRow) -> Working {
        let next = row.state();
        Working { row, next, timeline: Vec::new() }
    }

    pub fn id(&self) -> Uuid {
        self.row.id
    }

    pub fn status(&self) -> ConversationStatus {
        ConversationStatus::parse(&self.next.status).unwrap_or(ConversationStatus::Closed)
    }

    /// Applies a lifecycle action to the next state; illegal ones are a 409 with a stable code.
    pub fn act(&mut self, action: Action) -> AppResult<()> {
        let (status, reason) = apply(self.status(), action).map_err(|_| ErrorCode::InvalidTransition)?;
        self.next.status = status.code().to_owned();
        if let Some(reason) = reason {
            self.next.closed_reason = Some(reason.code().to_owned());
        }
        Ok(())
    }

    /// Writes the next state over the version read (a lost race is retried by `retrying!`),
    /// its report figures, then the change's timeline entries.
    pub async fn save(
        &mut self,
        state: &crate::state::AppState,
        tx: &mut Tx,
        org: Uuid,
        now: Ts,
    ) -> AppResult<ConversationRow> {
        if !conversations::save(tx, org, self.row.id, self.row.version, &self.next, now).await? {
            return Err(ErrorCode::ConversationChanged.into());
        }
        let row = conversations::get(&mut *tx, org, self.row.id).await?.ok_or(ErrorCode::NotFound)?;
        crate::services::reports::rollup::record(tx, org, &self.row, &row).await?;
        for entry in std::mem::take(&mut self.timeline) {
            timeline::write(state, tx, org, &row, &entry, now).await?;
        }
        Ok(row)
    }
}
