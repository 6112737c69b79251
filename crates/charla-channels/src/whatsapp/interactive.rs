//! A menu (`charla_domain::outbound::interactive::Menu`) as a Cloud API interactive message:
//! reply buttons or a one-section list, within Meta's limits. A menu beyond them is not
//! built at all (the caller sends its text fallback): a cut title could change its meaning.

use charla_domain::outbound::interactive::{Menu, MenuStyle};
use serde_json::{Value, json};

pub const BODY_MAX: usize = 1024;
pub const BUTTONS_MAX: usize = 3;
pub const BUTTON_TITLE_MAX: usize = 20;
pub const BUTTON_ID_MAX: usize = 256;
pub const LIST_LABEL_MAX: usize = 20;
pub const ROWS_MAX: usize = 10;
pub const ROW_TITLE_MAX: usize = 24;
pub const ROW_DESCRIPTION_MAX: usize = 72;
pub const ROW_ID_MAX: usize = 200;

fn within(text: &str, max: usize) -> bool {
    !text.trim().is_empty() && text.chars().count() <= max
}

/// The interactive send, or None when the menu does not fit WhatsApp.
pub fn request(to: &str, menu: &Menu) -> Option<Value> {
    if !within(&menu.body, BODY_MAX) || menu.options.is_empty() {
        return None;
    }
    let interactive = match menu.style {
        MenuStyle::Buttons => buttons(menu)?,
        MenuStyle::List => list(menu)?,
    };
    Some(json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "interactive",
        "interactive": interactive,
    }))
}

fn buttons(menu: &Menu) -> Option<Value> {
    if menu.options.len() > BUTTONS_MAX {
        return None;
    }
    let buttons = menu
        .options
        .iter()
        .map(|o| {
            (within(&o.title, BUTTON_TITLE_MAX) && within(&o.id, BUTTON_ID_MAX))
                .then(|| json!({ "type": "reply", "reply": { "id": o.id, "title": o.title } }))
        })
        .collect::<Option<Vec<Value>>>()?;
    Some(json!({ "type": "button", "body": { "text": menu.body }, "action": { "buttons": buttons } }))
}

fn list(menu: &Menu) -> Option<Value> {
    let label = menu.button.as_deref().filter(|b| within(b, LIST_LABEL_MAX))?;
    if menu.options.len() > ROWS_MAX {
        return None;
    }
    let rows = menu
        .options
        .iter()
        .map(|o| {
            if !within(&o.title, ROW_TITLE_MAX) || !within(&o.id, ROW_ID_MAX) {
                return None;
            }
            match o.description.as_deref().filter(|d| !d.trim().is_empty()) {
                Some(d) if d.chars().count() > ROW_DESCRIPTION_MAX => None,
                Some(d) => Some(json!({ "id": o.id, "title": o.title, "description": d })),
                None => Some(json!({ "id": o.id, "title": o.title })),
            }
        })
        .collect::<Option<Vec<Value>>>()?;
    Some(json!({
        "type": "list",
        "body": { "text": menu.body },
        "action": { "button": label, "sections": [{ "rows": rows }] },
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use charla_domain::outbound::interactive::MenuOption;

    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    fn option(id: &str, title: &str, description: Option<&str>) -> MenuOption {
        MenuOption { id: id.to_owned(), title: title.to_owned(), description: description.map(str::to_owned) }
    }

    /// The published body less what a menu does not carry: header and footer, and (for a
    /// list) the sections, which a menu has one of, untitled.
    fn without_extras(mut expected: Value) -> Value {
        let interactive = expected["interactive"].as_object_mut().unwrap();
        interactive.remove("header");
        interactive.remove("footer");
        if let Some(sections) = expected.pointer("/interactive/action/sections").and_then(Value::as_array) {
            let rows: Vec<Value> = sections.iter().flat_map(|s| s["rows"].as_array().unwrap().clone()).collect();
            expected["interactive"]["action"]["sections"] = json!([{ "rows": rows }]);
        }
        expected
    }

    #[test]
    fn buttons_match_the_published_body() {
        let menu = Menu {
            style: MenuStyle::Buttons,
            body: "Tu cita es mañana a las 9:00. ¿Qué deseas hacer?".to_owned(),
            button: None,
            options: vec![
                option("confirm", "Confirmar", None),
                option("reschedule", "Reprogramar", None),
                option("cancel", "Cancelar", None),
            ],
        };
        let expected = without_extras(fixture("send_interactive_buttons_request.json"));
        assert_eq!(request("+5215512345678", &menu).unwrap(), expected);
    }

    #[test]
    fn a_list_matches_the_published_body() {
        let menu = Menu {
            style: MenuStyle::List,
            body: "¿Con qué área quieres hablar?".to_owned(),
            button: Some("Ver opciones".to_owned()),
            options: vec![
                option("dept_billing", "Facturación", Some("Pagos, facturas y reembolsos")),
                option("dept_tech", "Soporte técnico", Some("Fallas y configuración")),
                option("dept_sales", "Nuevos planes", None),
            ],
        };
        let expected = without_extras(fixture("send_interactive_list_request.json"));
        assert_eq!(request("+5215512345678", &menu).unwrap(), expected);
    }

    #[test]
    fn menus_beyond_the_limits_are_not_built() {
        let four: Vec<MenuOption> = (1..=4).map(|i| option(&format!("o{i}"), &format!("Opción {i}"), None)).collect();
        let buttons = Menu { style: MenuStyle::Buttons, body: "¿Cuál?".to_owned(), button: None, options: four };
        assert!(request("+1", &buttons).is_none(), "four buttons");
        let long_title = vec![option("a", "Un título de más de veinte", None)];
        assert!(request("+1", &Menu { options: long_title, ..buttons.clone() }).is_none());
        let eleven: Vec<MenuOption> = (1..=11).map(|i| option(&format!("r{i}"), "Fila", None)).collect();
        let list =
            Menu {
                style: MenuStyle::List, body: "¿Cuál?".to_owned(), button: Some("Ver".to_owned()), options: eleven
            };
        assert!(request("+1", &list).is_none(), "eleven rows");
        let no_label = Menu { button: None, options: vec![option("a", "Fila", None)], ..list.clone() };
        assert!(request("+1", &no_label).is_none(), "a list needs its button label");
        let long_description = vec![option("a", "Fila", Some(&"x".repeat(73)))];
        assert!(request("+1", &Menu { options: long_description, ..list.clone() }).is_none());
        let exactly = vec![option("a", &"t".repeat(24), Some(&"d".repeat(72)))];
        assert!(request("+1", &Menu { options: exactly, ..list }).is_some(), "the limits themselves are fine");
        let empty = Menu { options: Vec::new(), ..buttons };
        assert!(request("+1", &empty).is_none());
    }
}
