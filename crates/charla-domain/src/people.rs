//! Users: languages, statuses, profile fields and password rules.

use crate::validation::Invalid;

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;
pub const CAPACITY_MAX: i64 = 100;
pub const DEFAULT_CAPACITY: i64 = 5;
pub const AVATAR_URL_MAX: usize = 2000;

/// The languages the product speaks (APP-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Es,
    PtBr,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Es, Language::PtBr, Language::En];

    pub const fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::PtBr => "pt-BR",
            Language::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// What an agent is doing; only `online` agents receive new conversations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserStatus {
    Online,
    Paused,
    Invisible,
    Offline,
}

impl UserStatus {
    pub const ALL: [UserStatus; 4] =
        [UserStatus::Online, UserStatus::Paused, UserStatus::Invisible, UserStatus::Offline];

    pub const fn code(self) -> &'static str {
        match self {
            UserStatus::Online => "online",
            UserStatus::Paused => "paused",
            UserStatus::Invisible => "invisible",
            UserStatus::Offline => "offline",
        }
    }

    pub fn parse(code: &str) -> Option<UserStatus> {
        UserStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A pause needs a reason from the organization's list; no other status takes one.
    pub const fn takes_pause_reason(self) -> bool {
        matches!(self, UserStatus::Paused)
    }
}

/// Normalizes an email address (trimmed, lowercase) and checks its shape.
pub fn check_email(invalid: &mut Invalid, field: &str, value: &str) -> String {
    let email = value.trim().to_lowercase();
    if email.is_empty() {
        invalid.add(field, "required");
    } else if email.chars().count() > EMAIL_MAX {
        invalid.add_with(field, "too_long", &[("max", EMAIL_MAX as i64)]);
    } else if !looks_like_email(&email) {
        invalid.add(field, "invalid_email");
    }
    email
}

fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

pub fn check_password(invalid: &mut Invalid, field: &str, value: &str) {
    let chars = value.chars().count();
    if chars < PASSWORD_MIN {
        invalid.add_with(field, "too_short", &[("min", PASSWORD_MIN as i64)]);
    } else if chars > PASSWORD_MAX {
        invalid.add_with(field, "too_long", &[("max", PASSWORD_MAX as i64)]);
    }
}

pub fn check_language(invalid: &mut Invalid, field: &str, value: &str) -> Language {
    Language::parse(value).unwrap_or_else(|| {
        invalid.add(field, "invalid_language");
        Language::Es
    })
}

/// An IANA time zone name such as `America/Bogota`.
pub fn check_time_zone(invalid: &mut Invalid, field: &str, value: &str) -> String {
    let name = value.trim();
    if jiff::tz::TimeZone::get(name).is_err() {
        invalid.add(field, "invalid_time_zone");
    }
    name.to_owned()
}

pub fn check_capacity(invalid: &mut Invalid, field: &str, value: i64) -> i64 {
    if !(0..=CAPACITY_MAX).contains(&value) {
        invalid.add_with(field, "out_of_range", &[("min", 0), ("max", CAPACITY_MAX)]);
    }
    value
}

pub fn check_avatar_url(invalid: &mut Invalid, field: &str, value: Option<&str>) -> Option<String> {
    let url = invalid.optional_text(field, value, AVATAR_URL_MAX)?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        invalid.add(field, "invalid");
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        let mut invalid = Invalid::new();
        assert_eq!(check_email(&mut invalid, "email", " Ana@Example.COM "), "ana@example.com");
        assert!(invalid.is_empty());
        for bad in ["", "ana", "ana@", "@x.com", "ana@x", "a b@x.com", "a@b@c.com"] {
            let mut invalid = Invalid::new();
            check_email(&mut invalid, "email", bad);
            assert!(!invalid.is_empty(), "{bad} should be invalid");
        }
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        let mut invalid = Invalid::new();
        check_password(&mut invalid, "password", "short");
        assert_eq!(invalid.0[0].code, "too_short");
        let mut invalid = Invalid::new();
        check_password(&mut invalid, "password", "long enough!");
        assert!(invalid.is_empty());
    }

    #[test]
    fn time_zones_are_iana_names() {
        let mut invalid = Invalid::new();
        check_time_zone(&mut invalid, "tz", "America/Bogota");
        check_time_zone(&mut invalid, "tz", "America/Sao_Paulo");
        assert!(invalid.is_empty());
        check_time_zone(&mut invalid, "tz", "Mars/Olympus");
        assert_eq!(invalid.0.len(), 1);
    }

    #[test]
    fn statuses_and_languages_parse_their_codes() {
        for s in UserStatus::ALL {
            assert_eq!(UserStatus::parse(s.code()), Some(s));
        }
        assert!(UserStatus::Paused.takes_pause_reason());
        assert!(!UserStatus::Online.takes_pause_reason());
        assert_eq!(Language::parse("pt-BR"), Some(Language::PtBr));
        assert_eq!(Language::parse("pt"), None);
    }
}
