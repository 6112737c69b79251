//! Interactive menus: what a bot offers as buttons or a list. An outbound message of kind
//! `interactive` holds one under `payload.interactive`, and its `text` is the numbered
//! rendering, what networks without menus (or menus too large for them) get instead.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenuStyle {
    Buttons,
    List,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuOption {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// `payload.interactive` of an outbound interactive message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Menu {
    pub style: MenuStyle,
    pub body: String,
    /// The label of the button that opens a list.
    #[serde(default)]
    pub button: Option<String>,
    pub options: Vec<MenuOption>,
}

impl Menu {
    /// The menu as plain text: the body, then one numbered line per option.
    pub fn fallback_text(&self) -> String {
        let mut text = self.body.trim().to_owned();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        for (i, option) in self.options.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&format!("{}. {}", i + 1, option.title));
            if let Some(description) = option.description.as_deref().filter(|d| !d.trim().is_empty()) {
                text.push_str(&format!(" ({description})"));
            }
        }
        text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_payload_contract_reads_both_styles() {
        let list: Menu = serde_json::from_value(json!({
            "style": "list", "body": "¿Con qué área quieres hablar?", "button": "Ver opciones",
            "options": [
                { "id": "dept_billing", "title": "Facturación", "description": "Pagos, facturas y reembolsos" },
                { "id": "dept_sales", "title": "Nuevos planes", "description": null },
            ]
        }))
        .unwrap();
        assert_eq!(list.style, MenuStyle::List);
        assert_eq!(list.button.as_deref(), Some("Ver opciones"));
        assert_eq!(list.options[1].description, None);
        let buttons: Menu = serde_json::from_value(json!({
            "style": "buttons", "body": "¿Confirmas?", "options": [{ "id": "yes", "title": "Sí" }]
        }))
        .unwrap();
        assert_eq!((buttons.style, buttons.button), (MenuStyle::Buttons, None));
        assert!(serde_json::from_value::<Menu>(json!({ "style": "carousel", "body": "", "options": [] })).is_err());
    }

    #[test]
    fn the_fallback_numbers_the_options() {
        let menu = Menu {
            style: MenuStyle::List,
            body: "¿Con qué área quieres hablar?".to_owned(),
            button: Some("Ver opciones".to_owned()),
            options: vec![
                MenuOption {
                    id: "dept_billing".to_owned(),
                    title: "Facturación".to_owned(),
                    description: Some("Pagos y reembolsos".to_owned()),
                },
                MenuOption { id: "dept_sales".to_owned(), title: "Nuevos planes".to_owned(), description: None },
            ],
        };
        assert_eq!(
            menu.fallback_text(),
            "¿Con qué área quieres hablar?\n\n1. Facturación (Pagos y reembolsos)\n2. Nuevos planes"
        );
    }
}
