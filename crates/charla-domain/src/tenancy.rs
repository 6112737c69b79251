//! The operating hierarchy: organization → clients → projects → campaigns.

use crate::validation::Invalid;

pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 2000;

/// A name for an organization, client, project or campaign: trimmed, 1..=120 characters.
pub fn check_name(invalid: &mut Invalid, field: &str, value: &str) -> String {
    invalid.text(field, value, NAME_MAX)
}

/// Which archived items a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchivedFilter {
    All,
    Only,
    Exclude,
}

impl ArchivedFilter {
    pub fn from_query(archived: Option<bool>) -> Self {
        match archived {
            None => ArchivedFilter::All,
            Some(true) => ArchivedFilter::Only,
            Some(false) => ArchivedFilter::Exclude,
        }
    }

    pub fn admits(self, is_archived: bool) -> bool {
        match self {
            ArchivedFilter::All => true,
            ArchivedFilter::Only => is_archived,
            ArchivedFilter::Exclude => !is_archived,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_and_bounded() {
        let mut invalid = Invalid::new();
        assert_eq!(check_name(&mut invalid, "name", " Cobranzas "), "Cobranzas");
        check_name(&mut invalid, "name", &"x".repeat(NAME_MAX + 1));
        assert_eq!(invalid.0.len(), 1);
        assert_eq!(invalid.0[0].code, "too_long");
    }

    #[test]
    fn archived_filter() {
        assert!(ArchivedFilter::from_query(None).admits(true));
        assert!(!ArchivedFilter::from_query(Some(false)).admits(true));
        assert!(ArchivedFilter::from_query(Some(true)).admits(true));
    }
}
