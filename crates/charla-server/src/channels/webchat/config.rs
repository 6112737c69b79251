//! A web chat channel's settings (CH-3): the page origins allowed to embed it, the
//! pre-chat form, and how the widget looks. None of it is secret: the widget reads it.

use charla_domain::validation::Invalid;
use charla_domain::webchat::{FieldRule, ORIGINS_MAX, PreChat, TITLE_MAX, WELCOME_MAX, normalize_origin};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigBody {
    allowed_origins: Vec<String>,
    pre_chat: Option<PreChatBody>,
    title: Option<String>,
    color: Option<String>,
    welcome: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreChatBody {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// The widget's settings as stored in the channel's `config`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    pub allowed_origins: Vec<String>,
    pub pre_chat: PreChat,
    pub title: Option<String>,
    pub color: Option<String>,
    pub welcome: Option<String>,
}

fn is_color(raw: &str) -> bool {
    raw.len() == 7 && raw.starts_with('#') && raw.chars().skip(1).all(|c| c.is_ascii_hexdigit())
}

/// Checks a request's `config` and answers what the channel stores.
pub fn prepare(config: Value) -> AppResult<Value> {
    let body: ConfigBody = serde_json::from_value(config).map_err(|e| {
        tracing::debug!(error = %e, "webchat config refused");
        AppError::Invalid(Invalid::single("config", "invalid"))
    })?;
    let mut invalid = Invalid::new();
    let mut origins: Vec<String> = Vec::new();
    for (i, raw) in body.allowed_origins.iter().enumerate() {
        match normalize_origin(raw) {
            Some(o) if !origins.contains(&o) => origins.push(o),
            Some(_) => {}
            None => invalid.add(&format!("config.allowed_origins.{i}"), "invalid_origin"),
        }
    }
    if origins.len() > ORIGINS_MAX {
        invalid.add_with("config.allowed_origins", "too_many", &[("max", ORIGINS_MAX as i64)]);
    }
    let defaults = PreChat::default();
    let mut rule = |field: &str, raw: Option<&str>, default: FieldRule| match raw {
        None => default,
        Some(code) => FieldRule::parse(code).unwrap_or_else(|| {
            invalid.add(&format!("config.pre_chat.{field}"), "invalid");
            default
        }),
    };
    let form = body.pre_chat.as_ref();
    let pre_chat = PreChat {
        name: rule("name", form.and_then(|f| f.name.as_deref()), defaults.name),
        email: rule("email", form.and_then(|f| f.email.as_deref()), defaults.email),
        phone: rule("phone", form.and_then(|f| f.phone.as_deref()), defaults.phone),
    };
    let title = invalid.optional_text("config.title", body.title.as_deref(), TITLE_MAX);
    let welcome = invalid.optional_text("config.welcome", body.welcome.as_deref(), WELCOME_MAX);
    let color = body.color.map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty());
    if color.as_deref().is_some_and(|c| !is_color(c)) {
        invalid.add("config.color", "invalid_color");
    }
    invalid.finish()?;
    Ok(stored(&WidgetConfig { allowed_origins: origins, pre_chat, title, color, welcome }))
}

fn stored(c: &WidgetConfig) -> Value {
    json!({
        "allowed_origins": c.allowed_origins,
        "pre_chat": {
            "name": c.pre_chat.name.code(),
            "email": c.pre_chat.email.code(),
            "phone": c.pre_chat.phone.code(),
        },
        "title": c.title,
        "color": c.color,
        "welcome": c.welcome,
    })
}

/// Reads what `prepare` stored; a key missing falls back to its default.
pub fn read(config: &Value) -> WidgetConfig {
    let text = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_owned);
    let defaults = PreChat::default();
    let rule = |key: &str, default: FieldRule| {
        config
            .pointer(&format!("/pre_chat/{key}"))
            .and_then(Value::as_str)
            .and_then(FieldRule::parse)
            .unwrap_or(default)
    };
    WidgetConfig {
        allowed_origins: config
            .get("allowed_origins")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
        pre_chat: PreChat {
            name: rule("name", defaults.name),
            email: rule("email", defaults.email),
            phone: rule("phone", defaults.phone),
        },
        title: text("title"),
        color: text("color"),
        welcome: text("welcome"),
    }
}

/// The `<script>` an administrator pastes into the site.
pub fn snippet(public_base: &str, channel: uuid::Uuid) -> String {
    format!(r#"<script src="{public_base}/widget/v1/charla.js" data-channel="{channel}" async></script>"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_is_cleaned_and_read_back() {
        let stored = prepare(json!({
            "allowed_origins": ["https://Shop.example/", "https://shop.example:443", "http://127.0.0.1:5000"],
            "pre_chat": {"phone": "required"},
            "color": "#0A7CFF",
        }))
        .ok();
        let config = stored.as_ref().map(read);
        assert_eq!(
            config,
            Some(WidgetConfig {
                allowed_origins: vec!["https://shop.example".to_owned(), "http://127.0.0.1:5000".to_owned()],
                pre_chat: PreChat { name: FieldRule::Required, email: FieldRule::Optional, phone: FieldRule::Required },
                title: None,
                color: Some("#0a7cff".to_owned()),
                welcome: None,
            })
        );
    }

    #[test]
    fn bad_configs_name_their_fields() {
        let fields = |v: Value| match prepare(v) {
            Err(AppError::Invalid(i)) => i.0.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(fields(json!({"allowed_origins": ["shop.example"]})), ["config.allowed_origins.0"]);
        assert_eq!(fields(json!({"allowed_origins": [], "pre_chat": {"name": "maybe"}})), ["config.pre_chat.name"]);
        assert_eq!(fields(json!({"allowed_origins": [], "color": "red"})), ["config.color"]);
        assert_eq!(fields(json!({"allowed_origins": [], "secret": 1})), ["config"]);
        assert_eq!(fields(json!({})), ["config"]);
    }
}
