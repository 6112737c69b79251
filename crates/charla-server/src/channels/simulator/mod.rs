//! The built-in simulator (CH-10): this server's own page plays a customer with a phone
//! number (`services::simulator`). Nobody calls in, a send is delivered at once, nothing is
//! paced, and the config is any object.

use charla_channels::SendError;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::messages::DeliveryStatus;
use charla_domain::validation::Invalid;
use serde_json::Value;
use uuid::Uuid;

use super::{BoxFuture, Network, Prepared};
use crate::channels::Sent;
use crate::error::AppResult;
use crate::state::AppState;

pub const KIND: ChannelKind = ChannelKind::Simulator;

/// The OpenAPI tag of the simulator's own routes.
pub const API_TAG: &str = "simulator";

pub struct Simulator;

impl Network for Simulator {
    fn kind(&self) -> ChannelKind {
        KIND
    }

    fn prepare(&self, _state: &AppState, config: Value) -> AppResult<Prepared> {
        if !config.is_object() {
            return Err(Invalid::single("config", "invalid").into());
        }
        Ok(Prepared { config, secrets: None, network_key: None, network_account: None })
    }

    /// The simulator's customer is this server's own page: the message is there at once.
    fn send<'a>(
        &'a self,
        _state: &'a AppState,
        _org: Uuid,
        _channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>> {
        let sent = Sent::whole(Some(format!("sim.{}", message.id)), DeliveryStatus::Delivered);
        Box::pin(async move { Ok(sent) })
    }
}
