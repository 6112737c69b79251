//! The web chat widget's rules (CH-3): which page origins may embed a channel, and what
//! its pre-chat form asks.

use crate::people::check_email;
use crate::validation::Invalid;

/// How many origins one channel may list.
pub const ORIGINS_MAX: usize = 50;
pub const TITLE_MAX: usize = 80;
pub const WELCOME_MAX: usize = 500;

/// An origin as browsers send it: `scheme://host[:port]`, lowercase, without the default
/// port, so `https://Shop.example:443` and `https://shop.example` are one origin. Only
/// http and https; no path, query, user or fragment. `None` when it is not an origin.
pub fn normalize_origin(raw: &str) -> Option<String> {
    let raw = raw.trim().trim_end_matches('/');
    let (scheme, rest) = raw.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@']) || rest.chars().any(char::is_whitespace) {
        return None;
    }
    let rest = rest.to_ascii_lowercase();
    let (host, port) = match rest.rsplit_once(':') {
        // An IPv6 literal holds colons inside its brackets.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (rest.as_str(), None),
    };
    if host.is_empty() {
        return None;
    }
    match port {
        None => Some(format!("{scheme}://{host}")),
        Some(p) if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.parse::<u16>().is_err() => None,
        Some(p) if p == default_port => Some(format!("{scheme}://{host}")),
        Some(p) => Some(format!("{scheme}://{host}:{p}")),
    }
}

/// Whether a request's `Origin` is one the channel lists: exact scheme, host and port.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    normalize_origin(origin).is_some_and(|o| allowed.iter().any(|a| normalize_origin(a).as_deref() == Some(&o)))
}

/// Whether the pre-chat form asks for a field, and whether the visitor must fill it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRule {
    Required,
    Optional,
    Off,
}

impl FieldRule {
    pub fn parse(code: &str) -> Option<FieldRule> {
        match code {
            "required" => Some(FieldRule::Required),
            "optional" => Some(FieldRule::Optional),
            "off" => Some(FieldRule::Off),
            _ => None,
        }
    }

    pub const fn code(self) -> &'static str {
        match self {
            FieldRule::Required => "required",
            FieldRule::Optional => "optional",
            FieldRule::Off => "off",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreChat {
    pub name: FieldRule,
    pub email: FieldRule,
    pub phone: FieldRule,
}

impl Default for PreChat {
    /// A name to greet by, an email to write back to; no phone.
    fn default() -> Self {
        PreChat { name: FieldRule::Required, email: FieldRule::Optional, phone: FieldRule::Off }
    }
}

/// What a visitor typed into the form, before the rules.
#[derive(Clone, Copy, Debug, Default)]
pub struct PreChatAnswers<'a> {
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// The form's answers, cleaned: what the contact is created with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visitor {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Checks the answers against the form: a required field must be there, a field the form
/// does not ask is refused (`not_asked`), the email and phone must look like one.
pub fn check_pre_chat(form: &PreChat, answers: &PreChatAnswers<'_>, name_max: usize) -> Result<Visitor, Invalid> {
    let mut invalid = Invalid::new();
    let mut present = |field: &str, rule: FieldRule, value: Option<&str>| {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        match (rule, value) {
            (FieldRule::Required, None) => {
                invalid.add(field, "required");
                None
            }
            (FieldRule::Off, Some(_)) => {
                invalid.add(field, "not_asked");
                None
            }
            (_, value) => value.map(str::to_owned),
        }
    };
    let name = present("name", form.name, answers.name);
    let email = present("email", form.email, answers.email);
    let phone = present("phone", form.phone, answers.phone);
    if name.as_ref().is_some_and(|n| n.chars().count() > name_max) {
        invalid.add_with("name", "too_long", &[("max", i64::try_from(name_max).unwrap_or(i64::MAX))]);
    }
    let email = email.map(|e| check_email(&mut invalid, "email", &e));
    let phone = match phone {
        Some(raw) => {
            let normalized = crate::contacts::normalize_phone(&raw);
            if normalized.is_none() {
                invalid.add("phone", "invalid_phone");
            }
            normalized
        }
        None => None,
    };
    invalid.finish()?;
    Ok(Visitor { name, email, phone })
}

/// What a visitor may attach: pictures, sound, video, PDF and plain text. Pages, scripts
/// and SVG (which can carry script) are refused, whatever the visitor's browser claims.
pub fn attachment_allowed(content_type: &str) -> bool {
    // One well-formed type only: `image/x, text/html` is no image.
    let Some(t) = crate::media_type::essence(content_type) else {
        return false;
    };
    let media = ["image/", "audio/", "video/"].iter().any(|p| t.starts_with(p) && t.len() > p.len());
    (media && t != "image/svg+xml") || t == "application/pdf" || t == "text/plain"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let allowed = vec!["https://Shop.example".to_owned(), "http://127.0.0.1:5173".to_owned()];
        assert!(origin_allowed(&allowed, "https://shop.example"));
        assert!(origin_allowed(&allowed, "https://shop.example:443"));
        assert!(origin_allowed(&allowed, "http://127.0.0.1:5173"));
        assert!(!origin_allowed(&allowed, "http://shop.example"));
        assert!(!origin_allowed(&allowed, "https://shop.example:8443"));
        assert!(!origin_allowed(&allowed, "https://evil.shop.example"));
        assert!(!origin_allowed(&allowed, "http://localhost:5173"));
        assert!(!origin_allowed(&allowed, "null"));
        assert!(!origin_allowed(&[], "https://shop.example"));
    }

    #[test]
    fn only_bare_http_origins_are_origins() {
        assert_eq!(normalize_origin("https://shop.example/").as_deref(), Some("https://shop.example"));
        assert_eq!(normalize_origin("http://[::1]:8080").as_deref(), Some("http://[::1]:8080"));
        assert_eq!(normalize_origin("http://[::1]").as_deref(), Some("http://[::1]"));
        for bad in [
            "shop.example",
            "ftp://shop.example",
            "https://shop.example/path",
            "https://a@b",
            "https://:80",
            "https://x:99999",
            "https://",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn visitors_attach_media_pdf_and_text_only() {
        for ok in ["image/png", "IMAGE/JPEG", "audio/ogg; codecs=opus", "video/mp4", "application/pdf", "text/plain"] {
            assert!(attachment_allowed(ok), "{ok}");
        }
        for bad in ["text/html", "image/svg+xml", "application/javascript", "image/", "", "application/x-msdownload"] {
            assert!(!attachment_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn the_form_asks_what_it_is_told() {
        let form = PreChat { name: FieldRule::Required, email: FieldRule::Optional, phone: FieldRule::Off };
        let ok = check_pre_chat(
            &form,
            &PreChatAnswers { name: Some(" Ana "), email: Some("ANA@x.example"), phone: None },
            10,
        );
        assert_eq!(
            ok.ok(),
            Some(Visitor { name: Some("Ana".to_owned()), email: Some("ana@x.example".to_owned()), phone: None })
        );
        let err = check_pre_chat(
            &form,
            &PreChatAnswers { name: Some("  "), email: Some("nope"), phone: Some("+573001112233") },
            10,
        )
        .err()
        .map(|i| i.0.iter().map(|e| (e.field.clone(), e.code)).collect::<Vec<_>>());
        assert_eq!(
            err,
            Some(vec![
                ("name".to_owned(), "required"),
                ("phone".to_owned(), "not_asked"),
                ("email".to_owned(), "invalid_email")
            ])
        );
        let phone = PreChat { name: FieldRule::Off, email: FieldRule::Off, phone: FieldRule::Required };
        let ok = check_pre_chat(&phone, &PreChatAnswers { phone: Some("+57 300 111 2233"), ..Default::default() }, 10);
        assert_eq!(ok.ok().and_then(|v| v.phone).as_deref(), Some("+573001112233"));
        assert!(check_pre_chat(&phone, &PreChatAnswers { phone: Some("12"), ..Default::default() }, 10).is_err());
    }
}
