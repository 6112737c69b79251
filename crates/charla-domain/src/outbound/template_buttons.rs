//! A template's BUTTONS component under Meta's limits: up to 10 buttons, each label of at
//! most 25 characters; quick replies; at most 2 URL buttons, whose address may end in one
//! `{{1}}` with an example; at most 1 phone-number button.

use serde_json::Value;

use super::template_components::{placeholders, str_at};
use crate::validation::Invalid;

pub const BUTTONS_MAX: usize = 10;
pub const BUTTON_TEXT_MAX: usize = 25;
pub const URL_BUTTONS_MAX: usize = 2;
pub const PHONE_BUTTONS_MAX: usize = 1;
pub const URL_MAX: usize = 2000;
pub const PHONE_MAX: usize = 20;

pub fn check_buttons(component: &Value, path: &str, invalid: &mut Invalid) {
    let field = format!("{path}.buttons");
    let Some(buttons) = component.get("buttons").and_then(Value::as_array).filter(|b| !b.is_empty()) else {
        return invalid.add(&field, "required");
    };
    if buttons.len() > BUTTONS_MAX {
        invalid.add_with(&field, "too_many", &[("max", BUTTONS_MAX as i64)]);
    }
    let (mut urls, mut phones) = (0usize, 0usize);
    for (i, button) in buttons.iter().enumerate() {
        let path = format!("{field}.{i}");
        invalid.text(&format!("{path}.text"), str_at(button, "/text").unwrap_or_default(), BUTTON_TEXT_MAX);
        match str_at(button, "/type").unwrap_or_default().to_ascii_uppercase().as_str() {
            "QUICK_REPLY" => {}
            "URL" => {
                urls += 1;
                check_url(button, &path, invalid);
            }
            "PHONE_NUMBER" => {
                phones += 1;
                check_phone(button, &path, invalid);
            }
            _ => invalid.add(&format!("{path}.type"), "invalid"),
        }
    }
    if urls > URL_BUTTONS_MAX {
        invalid.add_with(&field, "too_many", &[("max", URL_BUTTONS_MAX as i64)]);
    }
    if phones > PHONE_BUTTONS_MAX {
        invalid.add_with(&field, "too_many", &[("max", PHONE_BUTTONS_MAX as i64)]);
    }
}

/// An https address; a variable only as its last part, `{{1}}`, with an example.
fn check_url(button: &Value, path: &str, invalid: &mut Invalid) {
    let field = format!("{path}.url");
    let url = str_at(button, "/url").unwrap_or_default().trim();
    if url.is_empty() {
        return invalid.add(&field, "required");
    }
    if url.chars().count() > URL_MAX {
        return invalid.add_with(&field, "too_long", &[("max", URL_MAX as i64)]);
    }
    let host = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || host.starts_with("{{") {
        return invalid.add(&field, "invalid_url");
    }
    let found = placeholders(url);
    if found.is_empty() {
        return;
    }
    if found.len() > 1 || found.first().is_some_and(|p| p != "1") || !url.ends_with("}}") {
        return invalid.add(&field, "url_variable_at_end");
    }
    if str_at(button, "/example/0").is_none_or(|e| e.trim().is_empty()) {
        invalid.add(&format!("{path}.example"), "missing_example");
    }
}

/// A number with its country code, as `+15550783881` or, as Meta's examples write it,
/// `+1(650) 555-1111`.
fn check_phone(button: &Value, path: &str, invalid: &mut Invalid) {
    let field = format!("{path}.phone_number");
    let phone = str_at(button, "/phone_number").unwrap_or_default().trim();
    let digits: String = phone.strip_prefix('+').unwrap_or(phone).chars().filter(|c| !" ()-.".contains(*c)).collect();
    if phone.is_empty() {
        invalid.add(&field, "required");
    } else if phone.len() > PHONE_MAX || digits.len() < 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
        invalid.add(&field, "invalid_phone");
    }
}
