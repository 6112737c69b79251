//! The networks Charla speaks, behind one trait (docs/channels.md). Each network's server
//! side lives in its own folder here: its config check and set-up, its webhook (verify on
//! the raw bytes, parse with `charla-channels`, stage), its sends, its media fetch, who a
//! sender is, and the rules the core asks about (pacing, resend grace, reply window, text
//! limit, templates, read marks, typing). The core never matches a network by name: it
//! asks `network(kind)` (or `of(&row.kind)` for a stored code) and calls the trait.
//!
//! Why a `&'static dyn Network` and not an enum dispatch: each network is a unit struct,
//! so the table is a handful of references and adding a network is one arm in `network`, with no
//! match to extend in every caller. The few async methods return boxed futures (no extra
//! crate; `async fn` in a trait is not object safe); a box per send or fetch costs nothing
//! next to the network call it wraps.

pub mod instagram;
pub mod messenger;
pub mod simulator;
pub mod sms;
pub mod telegram;
pub mod webchat;
pub mod whatsapp;

use std::future::Future;
use std::pin::Pin;

use axum::routing::MethodRouter;
use charla_channels::SendError;
use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::IdentityKind;
use charla_domain::messages::DeliveryStatus;
use charla_domain::outbound::pace;
use serde_json::Value;
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;
use crate::views::channels::ChannelView;

/// A future a network's method answers; boxed so the trait stays object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A request's config split into what may be shown, what is sealed, and the network ids.
pub struct Prepared {
    pub config: Value,
    pub secrets: Option<String>,
    pub network_key: Option<String>,
    pub network_account: Option<String>,
}

/// What the core needs from a network. Methods with a default are the ones most networks
/// do not have (a reply window, templates, …); the rest every network answers itself.
pub trait Network: Send + Sync {
    fn kind(&self) -> ChannelKind;

    // --- Config and set-up -------------------------------------------------------------

    /// Checks a new channel's `config`: what is shown, what is sealed, the network's ids.
    fn prepare(&self, state: &AppState, config: Value) -> AppResult<Prepared>;

    /// An edited `config`, checked; None when the network's config cannot be edited.
    fn edit_config(&self, _config: Value) -> Option<AppResult<Value>> {
        None
    }

    /// What follows a channel's creation in its transaction (jobs only: creating a channel
    /// never waits on the network).
    fn set_up<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _org: Uuid,
        _channel: &'a ChannelRow,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async { Ok(()) })
    }

    /// What those who manage settings also see of the channel (a verify token, a snippet).
    fn manager_view(&self, _state: &AppState, _channel: &ChannelRow, _view: &mut ChannelView) {}

    // --- Inbound -----------------------------------------------------------------------

    /// The handlers of `/webhooks/{kind}/{channel_id}`; None for networks nobody calls in
    /// (this server's own pages: the simulator, the widget).
    fn webhook(&self) -> Option<MethodRouter<AppState>> {
        None
    }

    /// The handlers of `/webhooks/{kind}/{channel_id}/status`, for networks that post the
    /// statuses of our sends to a URL each send names (Twilio's `StatusCallback`).
    fn status_webhook(&self) -> Option<MethodRouter<AppState>> {
        None
    }

    /// Who sent an inbound event, as a contact identity of this network; by default a
    /// phone number, as networks without an identity of their own read a sender id.
    fn identity_of(&self, from: &str) -> (IdentityKind, String) {
        (IdentityKind::Phone, whatsapp::phone_of_wa_id(from))
    }

    /// Fetches an inbound message's media by the network's id: its bytes and, when the
    /// network says, its type. By default there is none to fetch: this server's own pages
    /// (the simulator, the widget) store their customers' files as they are sent.
    fn fetch_media<'a>(
        &'a self,
        _state: &'a AppState,
        _channel: &'a ChannelRow,
        _message: &'a MessageRow,
        _media_id: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<(Vec<u8>, Option<String>)>> {
        Box::pin(async { Err(anyhow::anyhow!("this channel has no media to fetch from a network")) })
    }

    // --- Outbound ----------------------------------------------------------------------

    /// Sends one message (the send job calls it once the message is `sending`).
    fn send<'a>(
        &'a self,
        state: &'a AppState,
        org: Uuid,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>>;

    /// Whose pace this network's sends follow (`jobs::pacing`); None when not paced.
    fn pace(&self) -> Option<pace::Network> {
        None
    }

    /// How many sends a message counts as against the network's pace (an SMS's segments);
    /// one by default.
    fn pace_units(&self, _message: &MessageRow) -> u32 {
        1
    }

    /// Whether a send caught in the call window waits `--resend-grace-seconds` for the
    /// network's status before going again (the network echoes our callback data).
    fn resend_grace(&self) -> bool {
        false
    }

    /// Whether free-form messages go only inside the contact's 24-hour window.
    fn reply_window(&self) -> bool {
        false
    }

    /// Whether, past the 24-hour window, a person (never a bot) may still answer for 7 days
    /// with Meta's `HUMAN_AGENT` tag (Messenger, Instagram).
    fn human_agent_tag(&self) -> bool {
        false
    }

    /// The network's own text limit when `text` is beyond it (a limit counted otherwise
    /// than the server's own `MESSAGE_TEXT_MAX` chars).
    fn text_too_long(&self, _text: &str) -> Option<usize> {
        None
    }

    /// Whether the network has message templates (sent outside the window, synced).
    fn templates(&self) -> bool {
        false
    }

    /// The body text of a synced template's components, with its `{{n}}` variables.
    fn template_body(&self, _components: &Value) -> Option<String> {
        None
    }

    /// Queues a read of the channel's templates (only networks with templates).
    fn sync_templates<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _org: Uuid,
        _channel: Uuid,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async { Ok(()) })
    }

    /// Queues the submission of a new template for the network's review (only networks
    /// with templates), in the creating transaction.
    fn submit_template<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _org: Uuid,
        _submit: &'a whatsapp::template_submit::SubmitTemplate,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async { Err(crate::error::ErrorCode::TemplatesUnavailable.into()) })
    }

    /// Tells the contact an agent read their messages (a job, in the reading's
    /// transaction); nothing on networks without read marks.
    fn mark_read<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _org: Uuid,
        _conversation: &'a ConversationRow,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async { Ok(()) })
    }

    /// Whether the contact sees that an agent is typing.
    fn typing(&self) -> bool {
        false
    }
}

/// The network of a kind.
pub fn network(kind: ChannelKind) -> &'static dyn Network {
    match kind {
        ChannelKind::Simulator => &simulator::Simulator,
        ChannelKind::Whatsapp => &whatsapp::WhatsApp,
        ChannelKind::Telegram => &telegram::Telegram,
        ChannelKind::Webchat => &webchat::Webchat,
        ChannelKind::Messenger => &messenger::MESSENGER,
        ChannelKind::Instagram => &instagram::INSTAGRAM,
        ChannelKind::Sms => &sms::Sms,
    }
}

/// The network of a stored kind code; None for a code no network has.
pub fn of(kind: &str) -> Option<&'static dyn Network> {
    ChannelKind::parse(kind).map(network)
}

/// Whether a stored kind code is this kind.
pub fn is(kind: &str, expected: ChannelKind) -> bool {
    ChannelKind::parse(kind) == Some(expected)
}

/// What a network said to a send: accepted, with its id (none for a Telegram reaction,
/// which is no message of its own) and how far it got at once.
pub struct Sent {
    pub network_id: Option<String>,
    pub status: DeliveryStatus,
    /// A part of the message that went out, to record in its payload under this key with the
    /// outcome (a Telegram caption beyond its limit goes as the media, then as a text).
    pub part: Option<(&'static str, serde_json::Value)>,
    /// Only a first part went out: the message goes back to `pending` with that part
    /// recorded, and the rest goes on the next run, at its own turn.
    pub more: bool,
}

impl Sent {
    /// The whole message went out in one send.
    pub fn whole(network_id: Option<String>, status: DeliveryStatus) -> Sent {
        Sent { network_id, status, part: None, more: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_network() {
        for kind in ChannelKind::ALL {
            assert_eq!(network(kind).kind(), kind);
            assert_eq!(of(kind.code()).map(|n| n.kind()), Some(kind));
        }
        assert!(of("email").is_none());
    }
}
