//! Contacts: the identities they reach us by, phone numbers, masking and tags.

use crate::validation::Invalid;

pub const CONTACT_NAME_MAX: usize = 120;
pub const TAG_MAX: usize = 40;
pub const NOTE_MAX: usize = 5000;

/// How a channel knows a contact; one contact may have several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    Phone,
    Telegram,
    Email,
    Visitor,
    Messenger,
    Instagram,
}

impl IdentityKind {
    pub const ALL: [IdentityKind; 6] = [
        IdentityKind::Phone,
        IdentityKind::Telegram,
        IdentityKind::Email,
        IdentityKind::Visitor,
        IdentityKind::Messenger,
        IdentityKind::Instagram,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            IdentityKind::Phone => "phone",
            IdentityKind::Telegram => "telegram",
            IdentityKind::Email => "email",
            IdentityKind::Visitor => "visitor",
            IdentityKind::Messenger => "messenger",
            IdentityKind::Instagram => "instagram",
        }
    }

    pub fn parse(code: &str) -> Option<IdentityKind> {
        IdentityKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// E.164, so one number written many ways is one contact: strips whitespace, dashes, dots and
/// parentheses; accepts a leading "+" or "00"; requires 8..=15 digits, the first not 0.
/// Returns "+<digits>", or `None` when it is not a phone number.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')'))).collect();
    let digits = compact.strip_prefix('+').or_else(|| compact.strip_prefix("00")).unwrap_or(&compact);
    let count = digits.chars().count();
    let valid = (8..=15).contains(&count) && digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

/// What agents without "show contact number" see: the "+" and the first 2 digits (roughly the
/// country), the last 2 digits, the rest as "•". "+573001234567" → "+57••••••••67". Texts
/// shorter than 6 characters become all "•", since so little would reveal too much.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let count = chars.len();
    if count < 6 {
        return "•".repeat(count);
    }
    let head = if phone.starts_with('+') { 3 } else { 2 };
    let tail = count - 2;
    chars.iter().enumerate().map(|(i, c)| if i < head || i >= tail { *c } else { '•' }).collect()
}

/// Normalizes a tag: trimmed, inner whitespace collapsed, lowercase, 1..=40 characters; errors
/// on `field` (required / too_long).
pub fn check_tag(invalid: &mut Invalid, field: &str, raw: &str) -> String {
    invalid.text(field, &normalize_tag(raw), TAG_MAX)
}

/// The one form a tag is stored and looked up in: trimmed, inner whitespace collapsed,
/// lowercase; accents kept, so "Crédito" shows as "crédito" and is found as typed.
pub fn normalize_tag(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in IdentityKind::ALL {
            assert_eq!(IdentityKind::parse(k.code()), Some(k));
        }
        assert_eq!(IdentityKind::parse("whatsapp"), None);
    }

    #[test]
    fn phones_normalize_to_e164() {
        for (raw, expected) in [
            ("+57 300 123 4567", "+573001234567"),
            ("0057-300-123-4567", "+573001234567"),
            ("573001234567", "+573001234567"),
            ("+55 (11) 98765.4321", "+5511987654321"),
            ("+1 202 555 0100", "+12025550100"),
            ("12345678", "+12345678"),
            ("123456789012345", "+123456789012345"),
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Some(expected), "{raw}");
        }
        for bad in [
            "",
            "+",
            "1234567",
            "1234567890123456",
            "+0573001234567",
            "0573001234567",
            "+57 300 abc 4567",
            "++573001234567",
            "+57+3001234567",
            "000573001234567",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("+573001234567"), "+57••••••••67");
        assert_eq!(mask_phone("573001234567"), "57••••••••67");
        assert_eq!(mask_phone("+12345"), "+12•45");
        assert_eq!(mask_phone("12345"), "•••••");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn tags() {
        let mut invalid = Invalid::new();
        assert_eq!(check_tag(&mut invalid, "tags[0]", "  Cliente   VIP "), "cliente vip");
        assert_eq!(check_tag(&mut invalid, "tags[1]", "MORA"), "mora");
        assert!(invalid.is_empty());
        check_tag(&mut invalid, "tags[2]", "   ");
        check_tag(&mut invalid, "tags[3]", &"t".repeat(TAG_MAX + 1));
        let codes: Vec<_> = invalid.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(codes, vec![("tags[2]", "required"), ("tags[3]", "too_long")]);
    }
}
