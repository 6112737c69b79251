//! A channel's chatbot settings (BOT-4, BOT-5): read with their defaults, checked and
//! saved; and the phrasebook that gives the bot its default texts in the chatbot's language.

use charla_db::Conn;
use charla_db::repo::{channels, chatbots, queues};
use charla_domain::bots::Phrasebook;
use charla_domain::bots::settings::{self, ChatbotSettings};
use charla_domain::people::Language;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::locales;
use crate::services::audit;
use crate::state::AppState;
use crate::views::audited;
use crate::views::channels::{ChatbotDefaultsView, ChatbotView};

/// The default texts, from `locales/`.
pub struct LocaleBook(pub Language);

impl Phrasebook for LocaleBook {
    fn text(&self, key: &str) -> String {
        locales::text(self.0, key, &[])
    }
}

/// The channel's chatbot; the switch is the channel's `bot_enabled`.
pub async fn load<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: &channels::ChannelRow,
) -> AppResult<ChatbotSettings> {
    let stored = chatbots::get(conn, org, channel.id).await?;
    let mut settings: ChatbotSettings = stored.and_then(|json| serde_json::from_value(json).ok()).unwrap_or_default();
    settings.enabled = channel.bot_enabled;
    Ok(settings)
}

/// The settings with every default text filled in, so the editor shows what contacts read.
pub fn view(settings: &ChatbotSettings) -> ChatbotView {
    let book = LocaleBook(settings.language());
    ChatbotView { settings: settings.clone(), defaults: ChatbotDefaultsView::from_book(&book) }
}

async fn channel_of(state: &AppState, org: Uuid, id: Uuid) -> AppResult<channels::ChannelRow> {
    channels::get(&state.db, org, id).await?.filter(|c| c.archived_at.is_none()).ok_or(ErrorCode::NotFound.into())
}

pub async fn get(state: &AppState, caller: &Caller, channel: Uuid) -> AppResult<ChatbotView> {
    let channel = channel_of(state, caller.org, channel).await?;
    Ok(view(&load(&state.db, caller.org, &channel).await?))
}

/// Replaces the chatbot's settings; the queues it names must be the campaign's own.
pub async fn put(state: &AppState, caller: &Caller, channel: Uuid, input: &ChatbotSettings) -> AppResult<ChatbotView> {
    let channel = channel_of(state, caller.org, channel).await?;
    let mut checked = settings::check(input)?;
    let mut invalid = Invalid::new();
    let named = checked
        .queue_menu
        .queues
        .iter()
        .enumerate()
        .map(|(i, q)| (format!("queue_menu.queues.{i}.queue_id"), q.queue_id))
        .chain(checked.queue_menu.default_queue_id.map(|q| ("queue_menu.default_queue_id".to_owned(), q)));
    for (field, queue) in named.collect::<Vec<_>>() {
        let found = queues::get(&state.db, caller.org, queue).await?;
        if found.is_none_or(|q| q.campaign_id != channel.campaign_id || q.archived_at.is_some()) {
            invalid.add(&field, "invalid");
        }
    }
    invalid.finish()?;
    let now = state.clock.now();
    let before = view(&load(&state.db, caller.org, &channel).await?);
    let enabled = checked.enabled;
    // The switch is stored on the channel only.
    checked.enabled = false;
    let mut tx = state.db.begin().await?;
    chatbots::put(&mut tx, caller.org, channel.id, &serde_json::to_value(&checked).unwrap_or_default(), now).await?;
    chatbots::set_enabled(&mut tx, caller.org, channel.id, enabled, now).await?;
    checked.enabled = enabled;
    let after = view(&checked);
    audit::record(
        state,
        &mut tx,
        caller,
        "channel.chatbot_updated",
        ("channel", Some(channel.id)),
        Some(&audited(&before)),
        Some(&audited(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The language the channel's bot speaks to contacts (Spanish when it has no settings).
pub async fn language_of_channel<'c>(conn: impl Into<Conn<'c>>, org: Uuid, channel: Uuid) -> AppResult<Language> {
    let stored = chatbots::get(conn, org, channel).await?;
    Ok(stored
        .and_then(|json| serde_json::from_value::<ChatbotSettings>(json).ok())
        .map(|s| s.language())
        .unwrap_or(Language::Es))
}
