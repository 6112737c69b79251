//! A bot's question with options: how it goes out on each network and how an answer picks
//! an option (by the interactive reply's id, by number, or by the option's title).

use crate::search::search_key;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuOption {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu {
    pub body: String,
    /// The label of the button that opens a list (WhatsApp lists need one).
    pub button: String,
    pub options: Vec<MenuOption>,
}

/// How a menu is shown on a network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Reply buttons (WhatsApp: at most 3, titles of at most 20 characters).
    Buttons,
    /// A list (WhatsApp: at most 10 rows, titles of at most 24 characters).
    List,
    /// Telegram's inline keyboard: one button per option.
    Keyboard,
    /// A text with numbered options, answered by number: any network, any size.
    Numbered,
}

pub const WHATSAPP_BUTTONS_MAX: usize = 3;
pub const WHATSAPP_BUTTON_TITLE_MAX: usize = 20;
pub const WHATSAPP_LIST_ROWS_MAX: usize = 10;
pub const WHATSAPP_ROW_TITLE_MAX: usize = 24;
pub const TELEGRAM_KEYBOARD_MAX: usize = 12;
/// WhatsApp's interactive body limit.
pub const INTERACTIVE_BODY_MAX: usize = 1024;

/// The richest style the channel shows this menu in; a menu beyond the channel's
/// interactive limits goes as a numbered text.
pub fn style_for(channel_kind: &str, menu: &Menu) -> Style {
    let n = menu.options.len();
    let longest = menu.options.iter().map(|o| o.title.chars().count()).max().unwrap_or(0);
    let body_fits = menu.body.chars().count() <= INTERACTIVE_BODY_MAX;
    match channel_kind {
        "whatsapp" if body_fits && n <= WHATSAPP_BUTTONS_MAX && longest <= WHATSAPP_BUTTON_TITLE_MAX => Style::Buttons,
        "whatsapp" if body_fits && n <= WHATSAPP_LIST_ROWS_MAX && longest <= WHATSAPP_ROW_TITLE_MAX => Style::List,
        "telegram" if n <= TELEGRAM_KEYBOARD_MAX => Style::Keyboard,
        _ => Style::Numbered,
    }
}

/// The menu as plain text: the body, then one numbered line per option. Interactive
/// messages keep it as their fallback text too.
pub fn numbered_text(menu: &Menu) -> String {
    let mut out = menu.body.trim_end().to_owned();
    out.push('\n');
    for (i, option) in menu.options.iter().enumerate() {
        out.push_str(&format!("\n{}. {}", i + 1, option.title));
    }
    out
}

/// What the contact answered: an interactive reply's id and/or a text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reply<'a> {
    pub id: Option<&'a str>,
    pub text: Option<&'a str>,
}

/// The option the reply picks: its id, its number ("2", "2.", " 2 "), or its exact title
/// (ignoring case and accents).
pub fn choose(menu: &Menu, reply: &Reply<'_>) -> Option<usize> {
    if let Some(id) = reply.id
        && let Some(i) = menu.options.iter().position(|o| o.id == id)
    {
        return Some(i);
    }
    let text = reply.text?.trim();
    let digits = text.trim_end_matches(['.', ')']).trim();
    if let Ok(n) = digits.parse::<usize>() {
        return (1..=menu.options.len()).contains(&n).then(|| n - 1);
    }
    let key = search_key(text);
    if key.is_empty() {
        return None;
    }
    menu.options.iter().position(|o| search_key(&o.title) == key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn menu(titles: &[&str]) -> Menu {
        Menu {
            body: "Elige una opción:".to_owned(),
            button: "Opciones".to_owned(),
            options: titles
                .iter()
                .enumerate()
                .map(|(i, t)| MenuOption { id: format!("o{i}"), title: (*t).to_owned() })
                .collect(),
        }
    }

    #[test]
    fn style_follows_the_network_limits() {
        assert_eq!(style_for("whatsapp", &menu(&["Sí", "No"])), Style::Buttons);
        assert_eq!(style_for("whatsapp", &menu(&["a", "b", "c", "d"])), Style::List);
        let ten: Vec<String> = (0..10).map(|i| format!("Opción {i}")).collect();
        let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
        assert_eq!(style_for("whatsapp", &menu(&ten)), Style::List);
        let eleven: Vec<String> = (0..=10).map(|i| i.to_string()).collect();
        let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
        assert_eq!(style_for("whatsapp", &menu(&eleven)), Style::Numbered);
        assert_eq!(style_for("whatsapp", &menu(&["a title far longer than a row allows"])), Style::Numbered);
        assert_eq!(style_for("whatsapp", &menu(&["Una opción de 21 letra", "b"])), Style::List);
        assert_eq!(style_for("telegram", &menu(&eleven)), Style::Keyboard);
        assert_eq!(style_for("simulator", &menu(&["a"])), Style::Numbered);
    }

    #[test]
    fn numbered_text_lists_every_option() {
        assert_eq!(numbered_text(&menu(&["Ventas", "Soporte"])), "Elige una opción:\n\n1. Ventas\n2. Soporte");
    }

    #[test]
    fn answers_by_id_number_or_title() {
        let m = menu(&["Ventas", "Facturación"]);
        assert_eq!(choose(&m, &Reply { id: Some("o1"), text: Some("whatever") }), Some(1));
        assert_eq!(choose(&m, &Reply { id: None, text: Some(" 2 ") }), Some(1));
        assert_eq!(choose(&m, &Reply { id: None, text: Some("1.") }), Some(0));
        assert_eq!(choose(&m, &Reply { id: None, text: Some("facturacion") }), Some(1));
        assert_eq!(choose(&m, &Reply { id: None, text: Some("3") }), None);
        assert_eq!(choose(&m, &Reply { id: None, text: Some("0") }), None);
        assert_eq!(choose(&m, &Reply { id: None, text: Some("hola") }), None);
        assert_eq!(choose(&m, &Reply { id: Some("unknown"), text: None }), None);
        assert_eq!(choose(&m, &Reply::default()), None);
    }
}
