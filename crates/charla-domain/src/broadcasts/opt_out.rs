//! The opt-out word (OUT-2): a recipient who answers it gets no more marketing broadcasts.
//! The defaults work everywhere; a broadcast may add its own word, which counts for the
//! replies of the recipients it reached.

/// The words that ask for no more marketing, in the three languages (any case).
pub const DEFAULT_WORDS: [&str; 3] = ["BAJA", "SAIR", "STOP"];

/// Most characters of a broadcast's own word.
pub const WORD_MAX: usize = 20;

/// A broadcast's own word as typed: trimmed and upper-cased; one word of letters or
/// digits, at most [`WORD_MAX`] characters. `Ok(None)` when left empty.
pub fn check_word(raw: Option<&str>) -> Result<Option<String>, &'static str> {
    let Some(word) = raw.map(str::trim).filter(|w| !w.is_empty()) else { return Ok(None) };
    if word.chars().count() > WORD_MAX {
        return Err("too_long");
    }
    if !word.chars().all(char::is_alphanumeric) {
        return Err("invalid");
    }
    Ok(Some(word.to_uppercase()))
}

/// Whether a message is nothing but an opt-out word (a default or one of `extra`), and
/// which: "baja", " Stop " and "NOMAS" (when a broadcast set it) are; "baja por favor" is not.
pub fn opt_out_word(text: &str, extra: &[String]) -> Option<String> {
    let said = text.trim().to_lowercase();
    DEFAULT_WORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .find(|w| w.to_lowercase() == said)
        .map(str::to_owned)
}

/// Whether a message could be an opt-out word at all (one short word), so a longer
/// message never costs a look-up of the broadcasts' own words.
pub fn could_be_word(text: &str) -> bool {
    let said = text.trim();
    !said.is_empty() && said.chars().count() <= WORD_MAX && !said.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broadcasts_word_is_one_short_word_kept_in_capitals() {
        assert_eq!(check_word(Some("  nomas ")), Ok(Some("NOMAS".to_owned())));
        assert_eq!(check_word(Some("")), Ok(None));
        assert_eq!(check_word(None), Ok(None));
        assert_eq!(check_word(Some("no más")), Err("invalid"));
        assert_eq!(check_word(Some(&"x".repeat(21))), Err("too_long"));
        assert_eq!(check_word(Some("DESUSCRIBIR")), Ok(Some("DESUSCRIBIR".to_owned())));
    }

    #[test]
    fn only_the_whole_message_is_the_word() {
        let extra = vec!["NOMAS".to_owned()];
        assert_eq!(opt_out_word(" baja ", &[]).as_deref(), Some("BAJA"));
        assert_eq!(opt_out_word("Stop", &[]).as_deref(), Some("STOP"));
        assert_eq!(opt_out_word("nomas", &extra).as_deref(), Some("NOMAS"));
        assert_eq!(opt_out_word("nomas", &[]), None);
        assert_eq!(opt_out_word("baja por favor", &extra), None);
        assert!(could_be_word(" nomas "));
        assert!(!could_be_word("baja por favor"));
        assert!(!could_be_word("   "));
    }
}
