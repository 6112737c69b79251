//! The networks a channel speaks. A channel's `kind` is stored and shown as the code of its
//! `ChannelKind` ("whatsapp", "telegram", "webchat", "simulator", "messenger", "instagram",
//! "sms"); everything else about a
//! network lives behind the server's `channels::Network` trait (docs/channels.md).

use serde::{Deserialize, Serialize};

/// A channel's network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// The built-in simulator: this server's own page plays the customer (CH-10).
    Simulator,
    /// The WhatsApp Cloud API (CH-1).
    Whatsapp,
    /// A Telegram bot (CH-2).
    Telegram,
    /// The web chat widget (CH-3).
    Webchat,
    /// A Facebook page's Messenger inbox (CH-6).
    Messenger,
    /// An Instagram professional account's direct messages (CH-6).
    Instagram,
    /// SMS and MMS through Twilio (CH-5).
    Sms,
}

impl ChannelKind {
    /// Every kind, in the order the API has always listed them.
    pub const ALL: [ChannelKind; 7] = [
        ChannelKind::Simulator,
        ChannelKind::Whatsapp,
        ChannelKind::Telegram,
        ChannelKind::Webchat,
        ChannelKind::Messenger,
        ChannelKind::Instagram,
        ChannelKind::Sms,
    ];

    /// The code stored in the `kind` column and shown by the API.
    pub const fn code(self) -> &'static str {
        match self {
            ChannelKind::Simulator => "simulator",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Webchat => "webchat",
            ChannelKind::Messenger => "messenger",
            ChannelKind::Instagram => "instagram",
            ChannelKind::Sms => "sms",
        }
    }

    /// The kind of a stored or requested code; None for a code no network has.
    pub fn parse(code: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

impl std::fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_stay_as_stored() {
        let codes: Vec<_> = ChannelKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["simulator", "whatsapp", "telegram", "webchat", "messenger", "instagram", "sms"]);
        for kind in ChannelKind::ALL {
            assert_eq!(ChannelKind::parse(kind.code()), Some(kind));
            assert_eq!(kind.to_string(), kind.code());
        }
        assert_eq!(ChannelKind::parse("email"), None);
        assert_eq!(ChannelKind::parse("WhatsApp"), None, "codes are exact");
        assert_eq!(ChannelKind::parse(""), None);
    }

    #[test]
    fn serde_uses_the_codes() {
        for kind in ChannelKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, serde_json::Value::String(kind.code().to_owned()));
            assert_eq!(serde_json::from_value::<ChannelKind>(json).unwrap(), kind);
        }
        assert!(serde_json::from_str::<ChannelKind>("\"email\"").is_err());
    }
}
