//! Search keys: lowercase, accents stripped, so "José" and "jose" match on both databases.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn search_key(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `LIKE` pattern matching `query` anywhere in a search key, wildcards escaped.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in search_key(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_do_not_matter() {
        assert_eq!(search_key("José  PÉREZ"), "jose perez");
        assert_eq!(search_key("São Paulo"), "sao paulo");
        assert_eq!(search_key("Ñandú"), "nandu");
    }

    #[test]
    fn patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_off"), "%50\\%\\_off%");
    }
}
