//! The chatbot of a channel (BOT-4), its surveys (BOT-5): settings, menus and the
//! conversation flow as plain functions. The server stores the settings, keeps a
//! conversation's `Stage` between messages and carries out the `Effect`s.

pub mod flow;
pub mod menu;
pub mod settings;
pub mod surveys;

/// Where the flow finds its default texts (the server reads them from `locales/`, in the
/// chatbot's language); keys are under `bot.`, e.g. `bot.greeting`.
pub trait Phrasebook {
    fn text(&self, key: &str) -> String;
}
