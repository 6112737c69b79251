//! A new WhatsApp template (OUT-1) checked against Meta's published rules before it is
//! submitted: the name, the language, the category as Graph writes it, and the components
//! in Graph's own shape (HEADER, BODY, FOOTER, BUTTONS). Each refusal names its field path
//! in the body (`components.1.text`) so a form can show it beside the input.
//!
//! The body-variable rules (`body_variables`) are shared with broadcasts, which fill them.

use serde_json::Value;

use super::template_buttons::check_buttons;
use crate::validation::Invalid;

/// Meta's limits (WhatsApp Business Management API, message templates).
pub const NAME_MAX: usize = 512;
pub const HEADER_TEXT_MAX: usize = 60;
pub const BODY_MAX: usize = 1024;
pub const FOOTER_MAX: usize = 60;

/// Every field code these rules answer beyond the shared ones (`required`, `too_long`,
/// `invalid`, `duplicate`, `too_many`, `invalid_phone`); each needs `errors.fields.<code>`.
pub const CODES: &[&str] = &[
    "header_too_long",
    "body_too_long",
    "invalid_template_name",
    "invalid_template_language",
    "variables_out_of_order",
    "mixed_variables",
    "invalid_variable_name",
    "missing_example",
    "variables_not_allowed",
    "invalid_url",
    "url_variable_at_end",
    "body_required",
];

/// Graph's template categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Marketing,
    Utility,
    Authentication,
}

impl Category {
    /// As Graph writes it, or lowercase.
    pub fn parse(value: &str) -> Option<Category> {
        match value.trim().to_ascii_uppercase().as_str() {
            "MARKETING" => Some(Category::Marketing),
            "UTILITY" => Some(Category::Utility),
            "AUTHENTICATION" => Some(Category::Authentication),
            _ => None,
        }
    }

    pub const fn graph(self) -> &'static str {
        match self {
            Category::Marketing => "MARKETING",
            Category::Utility => "UTILITY",
            Category::Authentication => "AUTHENTICATION",
        }
    }
}

/// What the caller asked for, as given.
pub struct Draft<'a> {
    pub name: &'a str,
    pub language: &'a str,
    pub category: &'a str,
    pub components: &'a Value,
}

/// A template that passed every rule, ready for `POST /{waba-id}/message_templates`.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub name: String,
    pub language: String,
    pub category: Category,
    /// `NAMED` when the body uses `{{customer_name}}` parameters, else `POSITIONAL`.
    pub parameter_format: &'static str,
    pub components: Value,
}

/// The variables of a body: none, `{{1}}..{{n}}` in order, or named ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyVariables {
    Positional(usize),
    Named(Vec<String>),
}

/// Every `{{…}}` placeholder of a text, trimmed, in order of appearance.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find("}}") else { break };
        found.push(after.get(..end).unwrap_or_default().trim().to_owned());
        rest = after.get(end + 2..).unwrap_or_default();
    }
    found
}

fn is_variable_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The body's variables under Meta's rules: numbered ones appear first as `{{1}}`, then
/// `{{2}}`… (a number may repeat, never skip ahead); named ones are lowercase with
/// underscores; the two kinds never mix. Refusals are written against `field`.
pub fn body_variables(text: &str, field: &str, invalid: &mut Invalid) -> BodyVariables {
    let found = placeholders(text);
    let numbered = found.iter().filter(|p| p.parse::<usize>().is_ok()).count();
    if numbered > 0 && numbered < found.len() {
        invalid.add(field, "mixed_variables");
        return BodyVariables::Positional(0);
    }
    if numbered == 0 && !found.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for name in found {
            if !is_variable_name(&name) {
                invalid.add(field, "invalid_variable_name");
                return BodyVariables::Named(names);
            }
            if !names.contains(&name) {
                names.push(name);
            }
        }
        return BodyVariables::Named(names);
    }
    let mut highest = 0usize;
    for n in found.iter().filter_map(|p| p.parse::<usize>().ok()) {
        if n == 0 || n > highest + 1 {
            invalid.add(field, "variables_out_of_order");
            return BodyVariables::Positional(highest);
        }
        highest = highest.max(n);
    }
    BodyVariables::Positional(highest)
}

/// Checks a draft; every refusal at once, each with its field path.
pub fn check(draft: &Draft<'_>) -> Result<Checked, Invalid> {
    let mut invalid = Invalid::new();
    let name = draft.name.trim();
    if name.is_empty() {
        invalid.add("name", "required");
    } else if name.chars().count() > NAME_MAX {
        invalid.add_with("name", "too_long", &[("max", NAME_MAX as i64)]);
    } else if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        invalid.add("name", "invalid_template_name");
    }
    let language = draft.language.trim();
    if !is_language(language) {
        invalid.add("language", "invalid_template_language");
    }
    let category = Category::parse(draft.category);
    if category.is_none() {
        invalid.add("category", "invalid");
    }
    let variables = check_components(draft.components, &mut invalid);
    invalid.finish()?;
    let parameter_format = if matches!(variables, BodyVariables::Named(_)) { "NAMED" } else { "POSITIONAL" };
    Ok(Checked {
        name: name.to_owned(),
        language: language.to_owned(),
        category: category.unwrap_or(Category::Utility),
        parameter_format,
        components: draft.components.clone(),
    })
}

/// Meta's language codes: `es`, `es_MX`, `pt_BR`, `en_US`, `fil`.
fn is_language(code: &str) -> bool {
    let (lang, region) = code.split_once('_').map_or((code, None), |(l, r)| (l, Some(r)));
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && region.is_none_or(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()))
}

/// The components list: one BODY, at most one HEADER, FOOTER and BUTTONS; answers the
/// body's variables.
fn check_components(components: &Value, invalid: &mut Invalid) -> BodyVariables {
    let Some(list) = components.as_array() else {
        invalid.add("components", "invalid");
        return BodyVariables::Positional(0);
    };
    let mut seen: Vec<String> = Vec::new();
    let mut variables = None;
    for (i, component) in list.iter().enumerate() {
        let path = format!("components.{i}");
        let kind = component.get("type").and_then(Value::as_str).unwrap_or_default().to_ascii_uppercase();
        if seen.contains(&kind) {
            invalid.add(&format!("{path}.type"), "duplicate");
            continue;
        }
        seen.push(kind.clone());
        match kind.as_str() {
            "HEADER" => check_header(component, &path, invalid),
            "BODY" => variables = Some(check_body(component, &path, invalid)),
            "FOOTER" => check_footer(component, &path, invalid),
            "BUTTONS" => check_buttons(component, &path, invalid),
            _ => invalid.add(&format!("{path}.type"), "invalid"),
        }
    }
    variables.unwrap_or_else(|| {
        invalid.add("components", "body_required");
        BodyVariables::Positional(0)
    })
}

fn text_of(component: &Value) -> &str {
    str_at(component, "/text").unwrap_or_default()
}

/// A text header (≤ 60 characters, at most one `{{1}}` with its example) or a media or
/// location header; media needs the uploaded sample's handle, as Graph does.
fn check_header(component: &Value, path: &str, invalid: &mut Invalid) {
    let format = component.get("format").and_then(Value::as_str).unwrap_or_default().to_ascii_uppercase();
    match format.as_str() {
        "TEXT" => {
            let text = text_of(component);
            let field = format!("{path}.text");
            if text.trim().is_empty() {
                return invalid.add(&field, "required");
            }
            if text.chars().count() > HEADER_TEXT_MAX {
                invalid.add_with(&field, "header_too_long", &[("max", HEADER_TEXT_MAX as i64)]);
            }
            let found = placeholders(text);
            if found.len() > 1 {
                invalid.add_with(&field, "too_many", &[("max", 1)]);
            } else if let Some(only) = found.first() {
                if only != "1" && !is_variable_name(only) {
                    invalid.add(&field, "invalid_variable_name");
                }
                let given = str_at(component, "/example/header_text/0")
                    .or_else(|| str_at(component, "/example/header_text_named_params/0/example"));
                if given.is_none_or(|e| e.trim().is_empty()) {
                    invalid.add(&format!("{path}.example"), "missing_example");
                }
            }
        }
        "IMAGE" | "VIDEO" | "DOCUMENT" => {
            if str_at(component, "/example/header_handle/0").is_none_or(|h| h.trim().is_empty()) {
                invalid.add(&format!("{path}.example.header_handle"), "required");
            }
        }
        "LOCATION" => {}
        _ => invalid.add(&format!("{path}.format"), "invalid"),
    }
}

/// The body: ≤ 1,024 characters, its variables in order, an example for each.
fn check_body(component: &Value, path: &str, invalid: &mut Invalid) -> BodyVariables {
    let text = text_of(component);
    let field = format!("{path}.text");
    if text.trim().is_empty() {
        invalid.add(&field, "required");
        return BodyVariables::Positional(0);
    }
    if text.chars().count() > BODY_MAX {
        invalid.add_with(&field, "body_too_long", &[("max", BODY_MAX as i64)]);
    }
    let variables = body_variables(text, &field, invalid);
    let complete = match &variables {
        BodyVariables::Positional(0) => true,
        BodyVariables::Positional(n) => component
            .pointer("/example/body_text/0")
            .and_then(Value::as_array)
            .is_some_and(|values| values.len() == *n && values.iter().all(non_empty)),
        BodyVariables::Named(names) => names.iter().all(|name| {
            let given = component.pointer("/example/body_text_named_params").and_then(Value::as_array);
            given.is_some_and(|given| {
                given.iter().any(|p| str_at(p, "/param_name") == Some(name) && p.get("example").is_some_and(non_empty))
            })
        }),
    };
    if !complete {
        let expected = match &variables {
            BodyVariables::Positional(n) => *n,
            BodyVariables::Named(names) => names.len(),
        };
        invalid.add_with(&format!("{path}.example"), "missing_example", &[("expected", expected as i64)]);
    }
    variables
}

/// The text at a JSON pointer, if it is one.
pub(super) fn str_at<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn non_empty(value: &Value) -> bool {
    value.as_str().is_some_and(|v| !v.trim().is_empty())
}

/// The footer: plain text of ≤ 60 characters, without variables.
fn check_footer(component: &Value, path: &str, invalid: &mut Invalid) {
    let text = text_of(component);
    let field = format!("{path}.text");
    invalid.text(&field, text, FOOTER_MAX);
    if !placeholders(text).is_empty() {
        invalid.add(&field, "variables_not_allowed");
    }
}

#[cfg(test)]
#[path = "template_components_tests.rs"]
mod tests;
