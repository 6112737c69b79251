//! Field-level validation errors, turned into the API's `errors` list.

use std::collections::BTreeMap;

/// One invalid field: its name, a stable code and the parameters of the message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct FieldError {
    /// The field's path in the body, such as `faq.items.2.answer`.
    pub field: String,
    /// Why, as a stable snake_case code the web app translates (`errors.fields.<code>`).
    pub code: &'static str,
    /// The message's parameters, such as `max` for `too_long`.
    pub params: BTreeMap<&'static str, serde_json::Value>,
}

/// Field errors gathered while checking one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, code: &'static str) -> Self {
        let mut invalid = Self::new();
        invalid.add(field, code);
        invalid
    }

    pub fn add(&mut self, field: &str, code: &'static str) {
        self.0.push(FieldError { field: field.to_owned(), code, params: BTreeMap::new() });
    }

    pub fn add_with(&mut self, field: &str, code: &'static str, params: &[(&'static str, i64)]) {
        let params = params.iter().map(|(k, v)| (*k, serde_json::Value::from(*v))).collect();
        self.0.push(FieldError { field: field.to_owned(), code, params });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was invalid.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Checks a required, trimmed text of bounded length; returns the trimmed text.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        let chars = trimmed.chars().count();
        if chars == 0 {
            self.add(field, "required");
        } else if chars > max {
            self.add_with(field, "too_long", &[("max", max as i64)]);
        }
        trimmed.to_owned()
    }

    /// Checks an optional text of bounded length; an empty text becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        if trimmed.chars().count() > max {
            self.add_with(field, "too_long", &[("max", max as i64)]);
        }
        Some(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        let mut invalid = Invalid::new();
        assert_eq!(invalid.text("name", "  Ana ", 10), "Ana");
        assert!(invalid.is_empty());
        invalid.text("name", "   ", 10);
        invalid.text("title", "abcdef", 5);
        let codes: Vec<_> = invalid.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(codes, vec![("name", "required"), ("title", "too_long")]);
        assert_eq!(invalid.0[1].params["max"], 5);
    }
}
