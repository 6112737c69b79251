//! Campaign settings for agents (CONV-5) and the cancel word contacts can send.

use crate::people::Language;
use crate::search::search_key;
use crate::validation::Invalid;

/// What agents may do in a campaign's conversations (CONV-5). Missing keys in stored JSON
/// take the defaults, so adding a permission needs no data migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct AgentPermissions {
    pub attachments: bool,
    pub transfer_between_agents: bool,
    pub show_contact_number: bool,
    pub history: bool,
    /// How far back the contact's earlier conversations are visible.
    pub history_hours: i64,
    pub reassign_when_exclusive_offline: bool,
    pub close_without_reply: bool,
    pub emojis: bool,
    pub voice_notes: bool,
}

impl Default for AgentPermissions {
    fn default() -> Self {
        AgentPermissions {
            attachments: true,
            transfer_between_agents: true,
            show_contact_number: false,
            history: true,
            history_hours: 72,
            reassign_when_exclusive_offline: false,
            close_without_reply: true,
            emojis: true,
            voice_notes: true,
        }
    }
}

/// 90 days, the history page's reach.
pub const HISTORY_HOURS_MAX: i64 = 2160;
pub const CANCEL_WORD_MAX: usize = 30;
/// A week.
pub const INACTIVITY_MINUTES_MAX: i64 = 10080;

pub fn check_history_hours(invalid: &mut Invalid, field: &str, hours: i64) -> i64 {
    if !(0..=HISTORY_HOURS_MAX).contains(&hours) {
        invalid.add_with(field, "out_of_range", &[("min", 0), ("max", HISTORY_HOURS_MAX)]);
    }
    hours
}

/// The default cancel word in the organization's language.
pub const fn default_cancel_word(lang: Language) -> &'static str {
    match lang {
        Language::Es => "salir",
        Language::PtBr => "sair",
        Language::En => "cancel",
    }
}

/// Whether an inbound text is the cancel word: the whole message, compared by search key (case
/// and accents ignored), surrounding whitespace, trailing "." / "!" and a leading "¡" ignored.
/// Only the whole message counts, so "no quiero salir" keeps the conversation going.
pub fn is_cancel_word(text: &str, cancel_word: &str) -> bool {
    let wanted = cancel_key(cancel_word);
    !wanted.is_empty() && cancel_key(text) == wanted
}

fn cancel_key(text: &str) -> String {
    let bare =
        text.trim().trim_start_matches('¡').trim_end_matches(|c: char| matches!(c, '.' | '!') || c.is_whitespace());
    search_key(bare.trim())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn permission_defaults_and_json() {
        let p = AgentPermissions::default();
        assert!(p.attachments && p.transfer_between_agents && p.history && p.close_without_reply);
        assert!(p.emojis && p.voice_notes);
        assert!(!p.show_contact_number && !p.reassign_when_exclusive_offline);
        assert_eq!(p.history_hours, 72);
        let json = serde_json::to_value(p).unwrap();
        assert_eq!(json["history_hours"], 72);
        let back: AgentPermissions = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
        let partial: AgentPermissions = serde_json::from_str(r#"{"emojis": false}"#).unwrap();
        assert_eq!(partial, AgentPermissions { emojis: false, ..AgentPermissions::default() });
    }

    #[test]
    fn history_hours_are_bounded() {
        let mut invalid = Invalid::new();
        assert_eq!(check_history_hours(&mut invalid, "history_hours", 0), 0);
        check_history_hours(&mut invalid, "history_hours", HISTORY_HOURS_MAX);
        assert!(invalid.is_empty());
        check_history_hours(&mut invalid, "history_hours", -1);
        check_history_hours(&mut invalid, "history_hours", HISTORY_HOURS_MAX + 1);
        assert_eq!(invalid.0.len(), 2);
        assert_eq!(invalid.0[0].code, "out_of_range");
        assert_eq!(invalid.0[1].params["max"], HISTORY_HOURS_MAX);
        assert_eq!(invalid.0[1].params["min"], 0);
    }

    #[test]
    fn cancel_words() {
        assert_eq!(default_cancel_word(Language::Es), "salir");
        assert_eq!(default_cancel_word(Language::PtBr), "sair");
        assert_eq!(default_cancel_word(Language::En), "cancel");
        for yes in ["salir", " SALIR ", "Salír!", "salir.", "¡Salir!!", "salir !", "sálir...\n"] {
            assert!(is_cancel_word(yes, "salir"), "{yes}");
        }
        for no in ["no quiero salir", "salir ya", "salirr", "", "?salir", "salir?"] {
            assert!(!is_cancel_word(no, "salir"), "{no}");
        }
        assert!(is_cancel_word("Não", "não"));
        assert!(is_cancel_word("dar de baja", "Dar  de Baja"));
        assert!(!is_cancel_word("", ""));
        assert!(!is_cancel_word("!!", "!"));
    }
}

/// What happens to a contact who writes outside the campaign's hours (BOT-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfHoursAction {
    /// The conversation closes as out of hours.
    Close,
    /// It waits in the queue until hours open.
    Queue,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfHours {
    pub action: OutOfHoursAction,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub send_message: bool,
    /// Apply the action to conversations already queued when hours open.
    #[serde(default)]
    pub apply_to_queued: bool,
}

pub const OUT_OF_HOURS_MESSAGE_MAX: usize = 1000;

/// The message is trimmed, at most 1000 characters, and required when it is to be sent.
pub fn check_out_of_hours(invalid: &mut Invalid, field: &str, o: &OutOfHours) -> OutOfHours {
    let message = o.message.trim().to_owned();
    if message.chars().count() > OUT_OF_HOURS_MESSAGE_MAX {
        invalid.add_with(&format!("{field}.message"), "too_long", &[("max", OUT_OF_HOURS_MESSAGE_MAX as i64)]);
    }
    if o.send_message && message.is_empty() {
        invalid.add(&format!("{field}.message"), "required");
    }
    OutOfHours { message, ..o.clone() }
}

#[cfg(test)]
mod out_of_hours_tests {
    use super::*;

    #[test]
    fn a_message_to_send_is_required_and_bounded() {
        let mut invalid = Invalid::new();
        let o = OutOfHours {
            action: OutOfHoursAction::Close,
            message: "  ".to_owned(),
            send_message: true,
            apply_to_queued: false,
        };
        check_out_of_hours(&mut invalid, "out_of_hours", &o);
        assert_eq!(invalid.0.first().map(|e| (e.field.as_str(), e.code)), Some(("out_of_hours.message", "required")));
        let parsed: OutOfHours = serde_json::from_str(
            r#"{"action":"queue","message":"Volvemos a las 8","send_message":true,"apply_to_queued":false}"#,
        )
        .unwrap_or(o);
        assert_eq!(parsed.action, OutOfHoursAction::Queue);
    }
}
