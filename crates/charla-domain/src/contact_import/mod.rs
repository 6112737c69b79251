//! Importing contacts from a sheet (CRM-5): which column is which (English, Spanish or
//! Portuguese headers, or a custom field's key) and what makes a row bad. Plain rules; the
//! server reads the file, finds the contacts and the agents.

pub mod header;
pub mod row;

/// Rows checked and stored in one transaction.
pub const IMPORT_BATCH: usize = 500;

/// Why a row, or one of its cells, is not taken. The wire spelling is the code a client
/// translates (`contact_imports.invalid.<code>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportCode {
    /// Neither a phone nor an email: nothing to find the contact by next time.
    IdentityRequired,
    InvalidPhone,
    InvalidEmail,
    TooLong,
    InvalidTag,
    InvalidNumber,
    InvalidDate,
    NotAnOption,
    /// A value the field's type cannot take (a boolean that is not yes or no).
    InvalidValue,
    /// The assignee is not an active agent's email.
    UnknownAssignee,
    /// The phone belongs to one contact and the email to another.
    IdentityConflict,
}

impl ImportCode {
    pub const ALL: [ImportCode; 11] = [
        ImportCode::IdentityRequired,
        ImportCode::InvalidPhone,
        ImportCode::InvalidEmail,
        ImportCode::TooLong,
        ImportCode::InvalidTag,
        ImportCode::InvalidNumber,
        ImportCode::InvalidDate,
        ImportCode::NotAnOption,
        ImportCode::InvalidValue,
        ImportCode::UnknownAssignee,
        ImportCode::IdentityConflict,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ImportCode::IdentityRequired => "identity_required",
            ImportCode::InvalidPhone => "invalid_phone",
            ImportCode::InvalidEmail => "invalid_email",
            ImportCode::TooLong => "too_long",
            ImportCode::InvalidTag => "invalid_tag",
            ImportCode::InvalidNumber => "invalid_number",
            ImportCode::InvalidDate => "invalid_date",
            ImportCode::NotAnOption => "not_an_option",
            ImportCode::InvalidValue => "invalid_value",
            ImportCode::UnknownAssignee => "unknown_assignee",
            ImportCode::IdentityConflict => "identity_conflict",
        }
    }

    pub fn parse(code: &str) -> Option<ImportCode> {
        ImportCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The code of a field value's error as `contact_fields::check_values` spells it.
    pub fn of_field_error(code: &str) -> ImportCode {
        match code {
            "invalid_number" => ImportCode::InvalidNumber,
            "invalid_calendar_date" => ImportCode::InvalidDate,
            "not_an_option" => ImportCode::NotAnOption,
            "invalid_email" => ImportCode::InvalidEmail,
            "invalid_phone" => ImportCode::InvalidPhone,
            "too_long" => ImportCode::TooLong,
            _ => ImportCode::InvalidValue,
        }
    }
}

/// Why a whole sheet is refused: its header cannot be read as contacts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// Neither a phone nor an email column.
    NoIdentityColumn,
    /// A column is named twice (in one language or two).
    Repeated(String),
    /// A header that is no contact column and no live custom field's key.
    Unknown(String),
    TooManyColumns,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in ImportCode::ALL {
            assert_eq!(ImportCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ImportCode::parse("nope"), None);
        assert_eq!(ImportCode::of_field_error("invalid_calendar_date"), ImportCode::InvalidDate);
        assert_eq!(ImportCode::of_field_error("invalid"), ImportCode::InvalidValue);
    }
}
