//! The chatbot's conversation flow (BOT-2, BOT-4): what the bot says when a conversation
//! opens and after each answer, and where the conversation goes. Every path ends with the
//! conversation routed to a queue, held for opening hours or closed: a menu answered
//! wrongly `max_invalid` times routes to the default queue.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Phrasebook;
use super::menu::{Menu, MenuOption, Reply, choose};
use super::settings::ChatbotSettings;
use crate::campaigns::{OutOfHours, OutOfHoursAction};

/// Where the bot waits for the contact's answer; stored on the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    Faq {
        invalid: u8,
    },
    Queues {
        invalid: u8,
    },
    /// Outside hours: whether to tell the contact when attention is available.
    Callback {
        invalid: u8,
    },
}

/// How this contact comes to the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// Never wrote on this channel before.
    First,
    /// Wrote before, and nothing happened for longer than the return-greeting period.
    Returning,
    /// Wrote recently.
    Recent,
}

/// What the flow knows about the conversation.
#[derive(Clone, Copy, Debug)]
pub struct Situation<'a> {
    pub settings: &'a ChatbotSettings,
    pub contact_name: Option<&'a str>,
    pub visit: Visit,
    /// Inside the campaign's hours.
    pub open: bool,
    /// The campaign's out-of-hours rule; None: closed hours still queue, silently.
    pub out_of_hours: Option<&'a OutOfHours>,
    /// Paused by an agent for this conversation: it goes straight to its queue.
    pub bot_paused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Say(String),
    Ask(Menu),
    /// The contact's answer to the call-back offer: yes, no, or none valid.
    Callback(Option<bool>),
    /// The contact wrote outside hours (for the out-of-hours contacts page).
    OutOfHours,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Wait(Stage),
    /// To this queue (None: the campaign's default queue).
    Route(Option<Uuid>),
    /// Queued, but nobody gets it before hours open.
    Hold,
    /// Closed as out of hours.
    Close,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    pub effects: Vec<Effect>,
    pub next: Next,
}

pub const AGENT_OPTION_ID: &str = "agent";
pub const OTHER_QUEUE_ID: &str = "other";
pub const YES_ID: &str = "yes";
pub const NO_ID: &str = "no";

fn text_or(book: &impl Phrasebook, custom: Option<&str>, key: &str) -> String {
    custom.map(str::to_owned).unwrap_or_else(|| book.text(key))
}

/// The contact's name variable, written as in quick replies; `{name}` (the chatbot's older
/// spelling) is still read.
pub const NAME_VARIABLES: [&str; 2] = ["{{contact.name}}", "{name}"];

/// Fills the name variable; with no name, the variable goes with the space before it.
pub fn with_name(text: &str, name: Option<&str>) -> String {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    NAME_VARIABLES.iter().fold(text.to_owned(), |out, variable| match name {
        Some(name) => out.replace(variable, name),
        None => out.replace(&format!(" {variable}"), "").replace(variable, ""),
    })
}

pub fn faq_menu(s: &ChatbotSettings, book: &impl Phrasebook) -> Menu {
    let mut options: Vec<MenuOption> = s
        .faq
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| MenuOption { id: format!("faq{}", i + 1), title: item.question.clone() })
        .collect();
    options.push(MenuOption {
        id: AGENT_OPTION_ID.to_owned(),
        title: text_or(book, s.faq.agent_option.as_deref(), "bot.agent_option"),
    });
    Menu { body: text_or(book, s.faq.intro.as_deref(), "bot.faq_intro"), button: book.text("bot.menu_button"), options }
}

pub fn queue_menu(s: &ChatbotSettings, book: &impl Phrasebook) -> Menu {
    let mut options: Vec<MenuOption> = s
        .queue_menu
        .queues
        .iter()
        .map(|q| MenuOption { id: format!("queue.{}", q.queue_id), title: q.label.clone() })
        .collect();
    options.push(MenuOption { id: OTHER_QUEUE_ID.to_owned(), title: book.text("bot.other_matters") });
    Menu {
        body: text_or(book, s.queue_menu.intro.as_deref(), "bot.queue_intro"),
        button: book.text("bot.menu_button"),
        options,
    }
}

pub fn yes_no(body: String, book: &impl Phrasebook) -> Menu {
    Menu {
        body,
        button: book.text("bot.menu_button"),
        options: vec![
            MenuOption { id: YES_ID.to_owned(), title: book.text("bot.yes") },
            MenuOption { id: NO_ID.to_owned(), title: book.text("bot.no") },
        ],
    }
}

fn callback_menu(s: &ChatbotSettings, book: &impl Phrasebook) -> Menu {
    yes_no(text_or(book, s.unavailable.text.as_deref(), "bot.unavailable"), book)
}

/// The first message of a new conversation. Hours are checked before any bot.
pub fn start(s: &Situation<'_>, book: &impl Phrasebook) -> Turn {
    let bot = s.settings.enabled && !s.bot_paused;
    if !s.open {
        let mut effects = vec![Effect::OutOfHours];
        if let Some(rule) = s.out_of_hours.filter(|o| o.send_message && !o.message.is_empty()) {
            effects.push(Effect::Say(rule.message.clone()));
        }
        if bot && s.settings.unavailable.enabled {
            effects.push(Effect::Ask(callback_menu(s.settings, book)));
            return Turn { effects, next: Next::Wait(Stage::Callback { invalid: 0 }) };
        }
        return Turn { effects, next: out_of_hours_next(s) };
    }
    if !bot {
        return Turn { effects: Vec::new(), next: Next::Route(None) };
    }
    let mut effects = Vec::new();
    let greeting = match s.visit {
        Visit::First if s.settings.greeting.enabled => {
            Some(text_or(book, s.settings.greeting.text.as_deref(), "bot.greeting"))
        }
        Visit::Returning if s.settings.return_greeting.enabled => {
            Some(text_or(book, s.settings.return_greeting.text.as_deref(), "bot.return_greeting"))
        }
        _ => None,
    };
    if let Some(text) = greeting {
        effects.push(Effect::Say(with_name(&text, s.contact_name)));
    }
    menus_from_start(s, book, effects)
}

fn out_of_hours_next(s: &Situation<'_>) -> Next {
    match s.out_of_hours.map(|o| o.action) {
        Some(OutOfHoursAction::Close) => Next::Close,
        Some(OutOfHoursAction::Queue) | None => Next::Hold,
    }
}

/// After the greeting: the FAQ menu, else the queue menu, else straight to a human.
fn menus_from_start(s: &Situation<'_>, book: &impl Phrasebook, mut effects: Vec<Effect>) -> Turn {
    if s.settings.faq.enabled && !s.settings.faq.items.is_empty() {
        effects.push(Effect::Ask(faq_menu(s.settings, book)));
        return Turn { effects, next: Next::Wait(Stage::Faq { invalid: 0 }) };
    }
    to_queues(s, book, effects)
}

/// The queue menu when there is one, else the default queue.
fn to_queues(s: &Situation<'_>, book: &impl Phrasebook, mut effects: Vec<Effect>) -> Turn {
    if s.settings.queue_menu.enabled && !s.settings.queue_menu.queues.is_empty() {
        effects.push(Effect::Ask(queue_menu(s.settings, book)));
        return Turn { effects, next: Next::Wait(Stage::Queues { invalid: 0 }) };
    }
    to_human(s, book, effects, s.settings.queue_menu.default_queue_id)
}

fn to_human(s: &Situation<'_>, book: &impl Phrasebook, mut effects: Vec<Effect>, queue: Option<Uuid>) -> Turn {
    if s.settings.pre_attention.enabled {
        effects.push(Effect::Say(text_or(book, s.settings.pre_attention.text.as_deref(), "bot.pre_attention")));
    }
    Turn { effects, next: Next::Route(queue) }
}

/// A wrong answer: the menu again with a hint, until the limit; then the default queue.
fn invalid_answer(
    s: &Situation<'_>,
    book: &impl Phrasebook,
    invalid: u8,
    menu: Menu,
    again: impl Fn(u8) -> Stage,
    give_up: impl FnOnce(Vec<Effect>) -> Turn,
) -> Turn {
    let invalid = invalid.saturating_add(1);
    if invalid >= s.settings.max_invalid {
        return give_up(Vec::new());
    }
    Turn {
        effects: vec![Effect::Say(book.text("bot.invalid_answer")), Effect::Ask(menu)],
        next: Next::Wait(again(invalid)),
    }
}

/// The contact's answer while the bot waits at `stage`.
pub fn answer(stage: Stage, reply: &Reply<'_>, s: &Situation<'_>, book: &impl Phrasebook) -> Turn {
    if s.bot_paused {
        return match stage {
            Stage::Callback { .. } => Turn { effects: vec![Effect::Callback(None)], next: out_of_hours_next(s) },
            Stage::Faq { .. } | Stage::Queues { .. } => Turn { effects: Vec::new(), next: Next::Route(None) },
        };
    }
    match stage {
        Stage::Faq { invalid } => answer_faq(invalid, reply, s, book),
        Stage::Queues { invalid } => answer_queues(invalid, reply, s, book),
        Stage::Callback { invalid } => answer_callback(invalid, reply, s, book),
    }
}

/// An answer to the FAQ menu: the chosen answer and the menu again, the queues when the
/// customer asks for a person, or another try.
fn answer_faq(invalid: u8, reply: &Reply<'_>, s: &Situation<'_>, book: &impl Phrasebook) -> Turn {
    let default_queue = s.settings.queue_menu.default_queue_id;
    let menu = faq_menu(s.settings, book);
    match choose(&menu, reply).and_then(|i| menu.options.get(i)).map(|o| o.id.as_str()) {
        Some(AGENT_OPTION_ID) => to_queues(s, book, Vec::new()),
        Some(id) => {
            let item = id
                .strip_prefix("faq")
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| s.settings.faq.items.get(n - 1));
            let mut effects: Vec<Effect> = item.map(|i| Effect::Say(i.answer.clone())).into_iter().collect();
            effects.push(Effect::Ask(menu));
            Turn { effects, next: Next::Wait(Stage::Faq { invalid: 0 }) }
        }
        None => invalid_answer(
            s,
            book,
            invalid,
            menu,
            |n| Stage::Faq { invalid: n },
            |e| to_human(s, book, e, default_queue),
        ),
    }
}

/// An answer to the queue menu: the chosen queue (or the default one), or another try.
fn answer_queues(invalid: u8, reply: &Reply<'_>, s: &Situation<'_>, book: &impl Phrasebook) -> Turn {
    let default_queue = s.settings.queue_menu.default_queue_id;
    let menu = queue_menu(s.settings, book);
    match choose(&menu, reply).and_then(|i| menu.options.get(i)).map(|o| o.id.as_str()) {
        Some(OTHER_QUEUE_ID) => to_human(s, book, Vec::new(), default_queue),
        Some(id) => {
            let queue = id.strip_prefix("queue.").and_then(|q| q.parse::<Uuid>().ok());
            to_human(s, book, Vec::new(), queue.or(default_queue))
        }
        None => invalid_answer(
            s,
            book,
            invalid,
            menu,
            |n| Stage::Queues { invalid: n },
            |e| to_human(s, book, e, default_queue),
        ),
    }
}

/// An answer to "shall we call you back?" out of hours: yes or no, or another try.
fn answer_callback(invalid: u8, reply: &Reply<'_>, s: &Situation<'_>, book: &impl Phrasebook) -> Turn {
    let menu = callback_menu(s.settings, book);
    let chosen = choose(&menu, reply).and_then(|i| menu.options.get(i)).map(|o| o.id == YES_ID);
    match chosen {
        Some(yes) => {
            let key = if yes { "bot.callback_yes" } else { "bot.callback_no" };
            Turn { effects: vec![Effect::Callback(Some(yes)), Effect::Say(book.text(key))], next: out_of_hours_next(s) }
        }
        None => invalid_answer(
            s,
            book,
            invalid,
            menu,
            |n| Stage::Callback { invalid: n },
            |mut e| {
                e.push(Effect::Callback(None));
                Turn { effects: e, next: out_of_hours_next(s) }
            },
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
