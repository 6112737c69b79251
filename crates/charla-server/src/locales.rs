//! The server's side of `locales/`: texts of the mails it writes, in the user's language.

use std::collections::HashMap;
use std::sync::LazyLock;

use charla_domain::people::Language;
use serde_json::Value;

static LOCALES: LazyLock<HashMap<&'static str, Value>> = LazyLock::new(|| {
    [
        ("es", include_str!("../../../locales/es.json")),
        ("pt-BR", include_str!("../../../locales/pt-BR.json")),
        ("en", include_str!("../../../locales/en.json")),
    ]
    .into_iter()
    .filter_map(|(code, text)| serde_json::from_str(text).ok().map(|v| (code, v)))
    .collect()
});

/// The text at a dotted key with `{name}` placeholders filled; the key itself when missing.
pub fn text(language: Language, key: &str, vars: &[(&str, &str)]) -> String {
    let found = LOCALES
        .get(language.code())
        .and_then(|root| key.split('.').try_fold(root, |node, part| node.get(part)))
        .and_then(Value::as_str);
    let mut out = found.unwrap_or(key).to_owned();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_mail_texts() {
        for language in Language::ALL {
            for key in ["mail.invite.subject", "mail.invite.body", "mail.recovery.subject", "mail.recovery.body"] {
                assert_ne!(text(language, key, &[]), key, "{key} missing in {}", language.code());
            }
        }
    }

    /// The template rules' own field codes (OUT-1) are shown to people in every language.
    #[test]
    fn every_template_field_code_is_translated() {
        for language in Language::ALL {
            for code in charla_domain::outbound::template_components::CODES {
                let key = format!("errors.fields.{code}");
                assert_ne!(text(language, &key, &[]), key, "{key} missing in {}", language.code());
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let body = text(Language::En, "mail.invite.body", &[("name", "Ana"), ("org", "Demo"), ("link", "http://x/y")]);
        assert!(body.contains("http://x/y"));
        assert!(!body.contains("{link}"));
    }
}
