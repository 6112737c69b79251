//! Channels, their chatbot settings and a WhatsApp number's templates. A channel's secrets
//! (access token, app secret) never appear here; the verify token only to those who manage
//! settings, since it goes into Meta's dashboard.

use charla_db::repo::channels::ChannelRow;
use charla_db::repo::templates::TemplateRow;
use charla_domain::bots::Phrasebook;
use charla_domain::bots::settings::ChatbotSettings;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

type JsonObject = serde_json::Map<String, Value>;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChannelView {
    pub id: Uuid,
    /// The network: `whatsapp`, `telegram`, `webchat` or `simulator`.
    pub kind: String,
    pub name: String,
    /// The campaign whose conversations the channel's contacts start.
    pub campaign_id: Uuid,
    /// The network's settings without its credentials (a web chat's origins, form and looks).
    #[schemars(with = "JsonObject")]
    pub config: Value,
    /// Whether the chatbot answers first (BOT-4).
    pub bot_enabled: bool,
    /// `active`, `inactive` (archived) or `unlinked` (its credentials stopped working).
    pub status: String,
    /// What the server last learned of the link (CH-7), e.g. its `last_error`.
    #[schemars(with = "Option<JsonObject>")]
    pub health: Option<Value>,
    /// Where the network sends its webhooks; null for this server's own pages.
    pub webhook_url: Option<String>,
    pub archived: bool,
    pub created_at: Ts,
    /// A web chat's embedding snippet, to those who manage settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// A WhatsApp number's webhook verify token, to those who manage settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_token: Option<Option<String>>,
}

impl ChannelView {
    /// The view everyone may see; the network adds what managers see.
    pub fn new(c: &ChannelRow, webhook_url: Option<String>) -> Self {
        ChannelView {
            id: c.id,
            kind: c.kind.clone(),
            name: c.name.clone(),
            campaign_id: c.campaign_id,
            config: c.config.0.clone(),
            bot_enabled: c.bot_enabled,
            status: c.status.clone(),
            health: c.health.as_ref().map(|h| h.0.clone()),
            webhook_url,
            archived: c.archived_at.is_some(),
            created_at: c.created_at.0,
            snippet: None,
            verify_token: None,
        }
    }
}

/// A channel's chatbot and survey settings, with the default texts its language gives
/// (BOT-4, BOT-5).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChatbotView {
    /// The whole settings object, as `PUT` takes it.
    #[schemars(with = "JsonObject")]
    pub settings: ChatbotSettings,
    /// What contacts read where a text is left empty.
    pub defaults: ChatbotDefaultsView,
}

/// The bot's default texts in the chatbot's language.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChatbotDefaultsView {
    pub greeting: String,
    pub return_greeting: String,
    pub faq_intro: String,
    pub agent_option: String,
    pub queue_intro: String,
    pub other_matters: String,
    pub pre_attention: String,
    pub post_attention: String,
    pub unavailable: String,
    pub survey_invitation: String,
    pub survey_csat: String,
    pub survey_nps: String,
}

impl ChatbotDefaultsView {
    pub fn from_book(book: &impl Phrasebook) -> Self {
        ChatbotDefaultsView {
            greeting: book.text("bot.greeting"),
            return_greeting: book.text("bot.return_greeting"),
            faq_intro: book.text("bot.faq_intro"),
            agent_option: book.text("bot.agent_option"),
            queue_intro: book.text("bot.queue_intro"),
            other_matters: book.text("bot.other_matters"),
            pre_attention: book.text("bot.pre_attention"),
            post_attention: book.text("bot.post_attention"),
            unavailable: book.text("bot.unavailable"),
            survey_invitation: book.text("bot.survey_invitation"),
            survey_csat: book.text("bot.survey_csat"),
            survey_nps: book.text("bot.survey_nps"),
        }
    }
}

/// A WhatsApp number's template with its approval status.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TemplateView {
    pub id: Uuid,
    pub name: String,
    pub language: Option<String>,
    pub category: Option<String>,
    /// Meta's approval status (`APPROVED`, `PENDING`, `REJECTED`, ...).
    pub status: String,
    /// Why Meta rejected or paused it.
    pub reason: Option<String>,
    /// What else Meta said of it (its `quality_score`).
    #[schemars(with = "JsonObject")]
    pub details: Value,
    /// The body text, with its `{{n}}` or `{{name}}` variables.
    pub body: Option<String>,
    /// How many `{{1}}`, `{{2}}`, ... the body has (0 when its variables are named).
    pub positional_parameters: usize,
    /// The body's named variables, in order.
    pub named_parameters: Vec<String>,
    /// The HEADER, BODY, FOOTER and BUTTONS components, in Graph's shape.
    pub components: Vec<Value>,
    pub updated_at: Ts,
}

impl TemplateView {
    pub fn new(t: &TemplateRow, body: Option<String>, positional: usize, named: Vec<String>) -> Self {
        TemplateView {
            id: t.id,
            name: t.name.clone(),
            language: t.language.clone(),
            category: t.category.clone(),
            status: t.status.clone(),
            reason: t.reason.clone(),
            details: t.details.0.clone(),
            body,
            positional_parameters: positional,
            named_parameters: named,
            components: t.components.0.as_array().cloned().unwrap_or_default(),
            updated_at: t.updated_at.0,
        }
    }
}
