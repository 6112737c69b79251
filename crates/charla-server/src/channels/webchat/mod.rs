//! The web chat widget (CH-3): this server's own page on the customer's site. Nobody calls
//! in (the widget's routes are `widget/`), a send is delivered at once (the visitor's
//! stream pushes it), a visitor sees an agent typing, and the config (origins, pre-chat
//! form, looks) may be edited.

pub mod config;

use charla_channels::SendError;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::messages::DeliveryStatus;
use serde_json::Value;
use uuid::Uuid;

use super::{BoxFuture, Network, Prepared};
use crate::channels::Sent;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::channels::ChannelView;

pub const KIND: ChannelKind = ChannelKind::Webchat;

pub struct Webchat;

impl Network for Webchat {
    fn kind(&self) -> ChannelKind {
        KIND
    }

    fn prepare(&self, _state: &AppState, config: Value) -> AppResult<Prepared> {
        Ok(Prepared { config: config::prepare(config)?, secrets: None, network_key: None, network_account: None })
    }

    fn edit_config(&self, config: Value) -> Option<AppResult<Value>> {
        Some(config::prepare(config))
    }

    /// The snippet a site owner pastes into their pages.
    fn manager_view(&self, state: &AppState, channel: &ChannelRow, view: &mut ChannelView) {
        view.snippet = Some(config::snippet(&state.settings.public_base(), channel.id));
    }

    /// The widget's visitor reads it from this server: its stream pushes it now.
    fn send<'a>(
        &'a self,
        _state: &'a AppState,
        _org: Uuid,
        _channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>> {
        let sent = Sent::whole(Some(format!("web.{}", message.id)), DeliveryStatus::Delivered);
        Box::pin(async move { Ok(sent) })
    }

    fn typing(&self) -> bool {
        true
    }
}
