//! Runs the chatbot flow (charla-domain::bots::flow) inside intake's transaction: the
//! campaign's hours first, then greetings and menus, and carries out what it decides —
//! messages, the out-of-hours record, routing to the chosen queue, holding for opening
//! hours or closing.

use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::{contacts, conversations, out_of_hours, queues};
use charla_domain::bots::flow::{self, Effect, Next, Situation, Stage, Turn, Visit};
use charla_domain::bots::menu::Reply;
use charla_domain::conversations::lifecycle::{Action, ClosedReason, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::messages::Automated;
use charla_domain::schedules;
use charla_domain::time::Ts;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::automated::{self, Content};
use super::closing::{self, Closing};
use super::routing::{self, Placement, Step, Touched};
use super::{Working, events};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::services::chatbots::{self, LocaleBook};
use crate::state::AppState;

/// The message the flow reads, and who wrote it.
pub struct Arrival<'a> {
    pub channel: &'a ChannelRow,
    pub contact_name: Option<&'a str>,
    pub exclusive_owner: Option<Uuid>,
    pub reply: Reply<'a>,
}

/// Whether the campaign is open now; no schedule means always open.
pub fn is_open(rules: &CampaignRules, now: Ts) -> bool {
    rules.schedule.as_ref().is_none_or(|s| schedules::is_open(s, now))
}

async fn visit(tx: &mut Tx, org: Uuid, w: &Working, after_hours: u32) -> AppResult<Visit> {
    let (count, last) =
        conversations::earlier_on_channel(&mut *tx, org, w.row.channel_id, w.row.contact_id, w.id()).await?;
    if count == 0 {
        return Ok(Visit::First);
    }
    let away = SignedDuration::from_hours(i64::from(after_hours));
    Ok(match last {
        Some(last) if w.row.opened_at.0.since(last.0) >= away => Visit::Returning,
        _ => Visit::Recent,
    })
}

/// A new conversation's first message.
pub async fn open(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    arrival: &Arrival<'_>,
    touched: &mut Touched,
) -> AppResult<()> {
    let settings = chatbots::load(&mut *tx, step.org, arrival.channel).await?;
    let visit = visit(tx, step.org, w, settings.return_greeting.after_hours).await?;
    let situation = Situation {
        settings: &settings,
        contact_name: arrival.contact_name,
        visit,
        open: is_open(rules, step.now),
        out_of_hours: rules.out_of_hours.as_ref(),
        bot_paused: w.next.bot_paused,
    };
    let turn = flow::start(&situation, &LocaleBook(settings.language()));
    carry_out(step, tx, w, rules, arrival, turn, touched).await
}

/// A message while the bot waits for an answer at `stage`.
pub async fn answer(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    arrival: &Arrival<'_>,
    stage: Stage,
    touched: &mut Touched,
) -> AppResult<()> {
    let settings = chatbots::load(&mut *tx, step.org, arrival.channel).await?;
    let situation = Situation {
        settings: &settings,
        contact_name: arrival.contact_name,
        visit: Visit::Recent,
        open: is_open(rules, step.now),
        out_of_hours: rules.out_of_hours.as_ref(),
        bot_paused: w.next.bot_paused,
    };
    let turn = flow::answer(stage, &arrival.reply, &situation, &LocaleBook(settings.language()));
    carry_out(step, tx, w, rules, arrival, turn, touched).await
}

/// The stage stored on a conversation, if the bot waits there.
pub fn stage_of(w: &Working) -> Option<Stage> {
    w.next.bot_stage.clone().and_then(|json| serde_json::from_value(json).ok())
}

async fn carry_out(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    arrival: &Arrival<'_>,
    turn: Turn,
    touched: &mut Touched,
) -> AppResult<()> {
    let (org, now) = (step.org, step.now);
    let offers_callback = matches!(turn.next, Next::Wait(Stage::Callback { .. }));
    let asked_for_notice = turn.effects.contains(&Effect::Callback(Some(true)));
    let opening = rules.schedule.as_ref().and_then(|s| schedules::next_opening(s, now));
    if let Some(at) = opening.filter(|_| asked_for_notice || turn.next == Next::Hold) {
        schedule_opening(step.state, tx, org, w.id(), at).await?;
    }
    for effect in turn.effects {
        match effect {
            Effect::Say(text) => {
                automated::say(step.state, tx, org, w, &Content::Text(text), Automated::Bot, now).await?;
            }
            Effect::Ask(menu) => {
                automated::say(step.state, tx, org, w, &Content::Menu(menu), Automated::Bot, now).await?;
            }
            Effect::OutOfHours => {
                let entry = out_of_hours::NewEntry {
                    org,
                    id: new_id(),
                    campaign_id: w.row.campaign_id,
                    channel_id: w.row.channel_id,
                    contact_id: w.row.contact_id,
                    conversation_id: w.id(),
                    wrote_at: now,
                    callback_offered: offers_callback,
                };
                out_of_hours::insert(tx, &entry).await?;
            }
            Effect::Callback(answer) => out_of_hours::set_callback(tx, org, w.id(), answer).await?,
        }
    }
    match turn.next {
        Next::Wait(stage) => {
            w.next.bot_stage = serde_json::to_value(stage).ok();
            // A contact who stops answering is closed by the inactivity timer, not stranded.
            closing::schedule_inactivity(step.state, tx, org, w.id(), rules, now).await?;
        }
        Next::Route(queue) => {
            w.next.bot_stage = None;
            let queue = usable_queue(tx, org, rules, queue).await?;
            to_queue(step, tx, w, rules, queue, arrival.exclusive_owner, touched).await?;
        }
        Next::Hold => {
            w.next.bot_stage = None;
            w.next.held_until = opening;
            let queue = usable_queue(tx, org, rules, None).await?;
            to_queue(step, tx, w, rules, queue, arrival.exclusive_owner, touched).await?;
        }
        Next::Close => {
            w.next.bot_stage = None;
            let closing = Closing { reason: ClosedReason::OutOfHours, disposition: None, closed_by: None };
            closing::close_with(tx, org, w, closing, now, touched).await?;
        }
    }
    Ok(())
}

/// The chosen queue when it still exists in the campaign, else the campaign's default.
async fn usable_queue(tx: &mut Tx, org: Uuid, rules: &CampaignRules, chosen: Option<Uuid>) -> AppResult<Uuid> {
    if let Some(id) = chosen
        && let Some(queue) = queues::get(&mut *tx, org, id).await?
        && queue.campaign_id == rules.id
        && queue.archived_at.is_none()
    {
        return Ok(id);
    }
    rules.default_queue_id.ok_or(ErrorCode::CampaignWithoutQueue.into())
}

async fn to_queue(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    queue: Uuid,
    exclusive_owner: Option<Uuid>,
    touched: &mut Touched,
) -> AppResult<()> {
    w.act(Action::Enqueue)?;
    let placement = Placement { queue, exclusive_owner, skip: None };
    routing::enqueue(step, tx, w, rules, placement, touched).await?;
    closing::schedule_inactivity(step.state, tx, step.org, w.id(), rules, step.now).await
}

/// The bot lets go (paused by an agent): to the campaign's default queue, as it stands.
pub async fn hand_over(
    step: Step<'_>,
    tx: &mut Tx,
    w: &mut Working,
    rules: &CampaignRules,
    touched: &mut Touched,
) -> AppResult<()> {
    w.next.bot_stage = None;
    let contact = contacts::get(&mut *tx, step.org, w.row.contact_id).await?;
    let queue = usable_queue(tx, step.org, rules, None).await?;
    to_queue(step, tx, w, rules, queue, contact.and_then(|c| c.exclusive_agent_id), touched).await
}

#[derive(Serialize, Deserialize)]
pub struct OpeningJob {
    pub conversation_id: Uuid,
}

pub(super) async fn schedule_opening(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    conversation: Uuid,
    at: Ts,
) -> AppResult<()> {
    let key = format!("opening:{conversation}:{}", at.as_micros());
    enqueue(
        state,
        tx,
        Enqueue {
            org,
            kind: JobKind::HoursOpened,
            payload: &OpeningJob { conversation_id: conversation },
            run_at: Some(at),
            dedup_key: Some(&key),
        },
    )
    .await?;
    Ok(())
}

/// Hours opened for a conversation that wrote outside them: held in its queue, it now
/// waits like any other and goes to an agent with room; a contact who asked to be told
/// is told, once.
pub async fn on_hours_opened(state: &AppState, org: Uuid, job: &OpeningJob) -> AppResult<()> {
    let touched = super::retrying!(
        async {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let Some(mut w) = Working::find(&mut tx, org, job.conversation_id).await? else {
                return Ok(Touched::default());
            };
            let mut touched = Touched::default();
            if w.next.held_until.is_some_and(|until| until <= now) {
                w.next.held_until = None;
                if w.status() == ConversationStatus::Queued
                    && let Some(queue) = w.next.queue_id
                {
                    let rules = campaign_rules::load(&mut tx, org, w.row.campaign_id).await?;
                    let contact = contacts::get(&mut tx, org, w.row.contact_id).await?;
                    let placement =
                        Placement { queue, exclusive_owner: contact.and_then(|c| c.exclusive_agent_id), skip: None };
                    routing::route(Step { state, org, now }, &mut tx, &mut w, &rules, placement, &mut touched).await?;
                }
            }
            if out_of_hours::awaits_notice(&mut tx, org, w.id()).await? {
                if automated::can_reach(&w, now) {
                    let language = chatbots::language_of_channel(&mut tx, org, w.row.channel_id).await?;
                    let text = crate::locales::text(language, "bot.available_again", &[]);
                    automated::say(state, &mut tx, org, &w, &Content::Text(text), Automated::OutOfHours, now).await?;
                }
                out_of_hours::mark_notified(&mut tx, org, w.id(), now).await?;
            }
            let previous = w.row.agent_id;
            if w.next != w.row.state() {
                let row = w.save(state, &mut tx, org, now).await?;
                events::conversation_updated(state, &mut tx, org, &row, &[previous]).await?;
            }
            touched.emit(state, &mut tx, org).await?;
            tx.commit().await?;
            Ok::<_, AppError>(touched)
        }
        .await
    )?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    touched.settle(state, org).await
}
