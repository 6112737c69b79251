//! What follows an attention an agent closed (BOT-4, BOT-5): the post-attention message
//! and, when due, the survey; and the contact's answers to it, which arrive after the
//! conversation closed.

use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::surveys::{self, NewSurvey};
use charla_domain::bots::Phrasebook;
use charla_domain::bots::menu::Reply;
use charla_domain::bots::settings::{Survey, SurveyKind};
use charla_domain::bots::surveys::{self as rules, History, SurveyStage, SurveyStep};
use charla_domain::ids::new_id;
use charla_domain::messages::Automated;
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use super::Working;
use super::automated::{self, Content};
use super::intake::{Inbound, store_inbound};
use crate::error::AppResult;
use crate::services::chatbots::{self, LocaleBook};
use crate::state::AppState;

/// How long a survey waits for its answer; later messages open a new conversation.
pub const SURVEY_ANSWER_WINDOW: SignedDuration = SignedDuration::from_hours(24);

fn kind_code(kind: SurveyKind) -> &'static str {
    match kind {
        SurveyKind::Csat => "csat",
        SurveyKind::Nps => "nps",
    }
}

/// Right after an agent closed the conversation (saved closed; `w` as it was computed).
pub async fn closed_by_agent(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    channel: &ChannelRow,
    w: &Working,
    now: Ts,
) -> AppResult<()> {
    let settings = chatbots::load(&mut *tx, org, channel).await?;
    if !settings.enabled || !automated::can_reach(w, now) {
        return Ok(());
    }
    let book = LocaleBook(settings.language());
    if settings.post_attention.enabled {
        let text = settings.post_attention.text.clone().unwrap_or_else(|| book.text("bot.post_attention"));
        automated::say(state, tx, org, w, &Content::Text(text), Automated::PostAttention, now).await?;
    }
    let survey = &settings.survey;
    let (attentions, last) = surveys::history(&mut *tx, org, channel.id, w.row.contact_id).await?;
    // This attention is saved as resolved already: it is not one "before".
    let history = History {
        attentions_before: u32::try_from(attentions.saturating_sub(1)).unwrap_or(u32::MAX),
        last_survey_at: last.map(|t| t.0),
    };
    if !rules::is_due(survey, history, now) {
        return Ok(());
    }
    let stage = rules::first_stage(survey);
    surveys::insert(
        tx,
        &NewSurvey {
            org,
            id: new_id(),
            conversation_id: w.row.id,
            contact_id: w.row.contact_id,
            channel_id: channel.id,
            campaign_id: w.row.campaign_id,
            agent_id: w.next.agent_id,
            kind: kind_code(survey.kind),
            stage: &serde_json::to_value(stage).unwrap_or_default(),
            now,
        },
    )
    .await?;
    automated::say(state, tx, org, w, &ask(survey, stage, &book), Automated::Survey, now).await?;
    Ok(())
}

/// A survey question as it goes out: the score scale reads as a plain question where
/// there are no buttons.
fn ask(survey: &Survey, stage: SurveyStage, book: &LocaleBook) -> Content {
    let menu = rules::question(survey, stage, book);
    match rules::plain_question(survey, stage, book) {
        Some(plain) => Content::Scale { menu, plain },
        None => Content::Menu(menu),
    }
}

/// Whether intake should go on with the message as a new conversation.
pub enum Taken {
    /// The message answered (or was re-asked about) a survey; it is stored with the
    /// attention it rates.
    Answered {
        message_id: Uuid,
        conversation_id: Uuid,
    },
    NotASurveyAnswer,
}

/// A message from a contact with a survey waiting: read as its answer. A second wrong
/// answer ends the survey and the message opens a new conversation as usual.
pub async fn take_answer(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    contact: Uuid,
    inbound: &Inbound<'_>,
    reply: Reply<'_>,
    now: Ts,
) -> AppResult<Taken> {
    let channel = inbound.channel;
    let Some(survey) = surveys::waiting(&mut *tx, org, channel.id, contact, now.minus(SURVEY_ANSWER_WINDOW)).await?
    else {
        return Ok(Taken::NotASurveyAnswer);
    };
    let Some(stage) = survey.stage.as_ref().and_then(|s| serde_json::from_value::<SurveyStage>(s.0.clone()).ok())
    else {
        return Ok(Taken::NotASurveyAnswer);
    };
    let settings = chatbots::load(&mut *tx, org, channel).await?;
    let book = LocaleBook(settings.language());
    let mut config = settings.survey.clone();
    config.kind = if survey.kind == "nps" { SurveyKind::Nps } else { SurveyKind::Csat };
    let step = rules::answer(&config, stage, &reply, &book);
    let w = Working::load(tx, org, survey.conversation_id).await?;
    if matches!(step, SurveyStep::Done)
        && !matches!(stage, SurveyStage::Invitation { .. })
        && reply_is_not_a_score(&reply)
    {
        surveys::advance(tx, org, survey.id, None, None, now).await?;
        return Ok(Taken::NotASurveyAnswer);
    }
    // The answer stays with the attention it rates.
    let message_id = new_id();
    store_inbound(tx, org, message_id, w.row.id, w.row.contact_id, inbound, now).await?;
    match step {
        SurveyStep::Ask(next) => {
            surveys::advance(tx, org, survey.id, serde_json::to_value(next).ok().as_ref(), None, now).await?;
            automated::say(state, tx, org, &w, &ask(&config, next, &book), Automated::Survey, now).await?;
        }
        SurveyStep::Score(score) => {
            surveys::advance(tx, org, survey.id, None, Some(i64::from(score)), now).await?;
            automated::say(state, tx, org, &w, &Content::Text(book.text("bot.survey_thanks")), Automated::Survey, now)
                .await?;
        }
        SurveyStep::Done => surveys::advance(tx, org, survey.id, None, None, now).await?,
    }
    Ok(Taken::Answered { message_id, conversation_id: w.row.id })
}

/// A text that is no number at all was not meant as a score.
fn reply_is_not_a_score(reply: &Reply<'_>) -> bool {
    reply.id.is_none() && reply.text.is_none_or(|t| t.trim().trim_end_matches('.').parse::<i64>().is_err())
}
