//! Custom contact fields (CRM-2): what an organization records about its contacts beyond
//! name, phone and email, and the values checked by type on every write.

use std::collections::HashSet;

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::contacts::normalize_phone;
use crate::people::check_email;
use crate::validation::Invalid;

pub const KEY_MAX: usize = 40;
pub const LABEL_MAX: usize = 80;
pub const OPTIONS_MAX: usize = 100;
pub const OPTION_MAX: usize = 80;
pub const TEXT_MAX: usize = 1000;
/// Definitions one organization may have, archived ones included.
pub const FIELDS_MAX: usize = 200;

/// Keys the contact already has, or that imports and filters use for other things.
pub const RESERVED_KEYS: [&str; 10] =
    ["id", "name", "phone", "email", "tags", "assignee", "notes", "created_at", "updated_at", "attributes"];

/// What a field holds; decides how a value is checked, stored and filtered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Date,
    List,
    Boolean,
    Email,
    Phone,
}

impl FieldType {
    pub const ALL: [FieldType; 7] = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::List,
        FieldType::Boolean,
        FieldType::Email,
        FieldType::Phone,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::List => "list",
            FieldType::Boolean => "boolean",
            FieldType::Email => "email",
            FieldType::Phone => "phone",
        }
    }

    pub fn parse(code: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A key as submitted when a field is created: lowercase letters, digits and `_`, starting
/// with a letter, at most 40, and not one of the contact's own names. Codes on "key":
/// `required`, `too_long` (max), `invalid_key`, `reserved_key`.
pub fn check_key(invalid: &mut Invalid, key: &str) -> String {
    let key = invalid.text("key", key, KEY_MAX);
    let shaped = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !key.is_empty() && !shaped {
        invalid.add("key", "invalid_key");
    } else if RESERVED_KEYS.contains(&key.as_str()) {
        invalid.add("key", "reserved_key");
    }
    key
}

/// A label and, for lists only, 1..=100 distinct options of 1..=80 characters (trimmed).
/// Codes: "label" `required` / `too_long`; "options" `required`, `too_many`, `invalid`
/// (an empty or too long option, or options on a type that takes none), `duplicate`.
pub fn check_definition(
    invalid: &mut Invalid,
    label: &str,
    field_type: FieldType,
    options: &[String],
) -> (String, Vec<String>) {
    let label = invalid.text("label", label, LABEL_MAX);
    if field_type != FieldType::List {
        if !options.is_empty() {
            invalid.add("options", "invalid");
        }
        return (label, Vec::new());
    }
    let options: Vec<String> = options.iter().map(|o| o.trim().to_owned()).collect();
    if options.is_empty() {
        invalid.add("options", "required");
    } else if options.len() > OPTIONS_MAX {
        invalid.add_with("options", "too_many", &[("max", OPTIONS_MAX as i64)]);
    }
    if options.iter().any(|o| o.is_empty() || o.chars().count() > OPTION_MAX) {
        invalid.add("options", "invalid");
    }
    let mut seen = HashSet::new();
    if !options.iter().all(|o| seen.insert(o.to_lowercase())) {
        invalid.add("options", "duplicate");
    }
    (label, options)
}

/// One live field as values are checked against it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    pub id: Uuid,
    pub key: String,
    pub field_type: FieldType,
    pub options: Vec<String>,
}

/// A checked value as it is stored: one typed column each, so filters compare numbers as
/// numbers and dates as dates on both databases. Lists, emails and phones are text.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredValue {
    Text(String),
    Number(f64),
    /// `YYYY-MM-DD`, which sorts as the dates do.
    Date(String),
    Boolean(bool),
}

impl StoredValue {
    /// The value as the API shows it.
    pub fn to_json(&self) -> Value {
        match self {
            StoredValue::Text(text) | StoredValue::Date(text) => Value::from(text.as_str()),
            StoredValue::Number(number) => serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number),
            StoredValue::Boolean(flag) => Value::Bool(*flag),
        }
    }
}

/// A write's field values, keyed by field key: `Some` to set, `None` (JSON `null` or an
/// empty string) to clear. Errors go on "fields.<key>": `unknown_field` for a key that is
/// not a live field, and by type `invalid` (wrong JSON type), `too_long` (max),
/// `invalid_number`, `invalid_calendar_date`, `not_an_option`, `invalid_email`,
/// `invalid_phone`.
pub fn check_values(
    invalid: &mut Invalid,
    defs: &[FieldDef],
    values: &Map<String, Value>,
) -> Vec<(Uuid, Option<StoredValue>)> {
    let mut out = Vec::new();
    for (key, value) in values {
        let field = format!("fields.{key}");
        let Some(def) = defs.iter().find(|d| d.key == *key) else {
            invalid.add(&field, "unknown_field");
            continue;
        };
        if is_absent(value) {
            out.push((def.id, None));
        } else if let Some(stored) = check_value(invalid, &field, def, value) {
            out.push((def.id, Some(stored)));
        }
    }
    out
}

fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn check_value(invalid: &mut Invalid, field: &str, def: &FieldDef, value: &Value) -> Option<StoredValue> {
    let (text, number, flag) = (value.as_str().map(str::trim), value.as_f64(), value.as_bool());
    let checked = match def.field_type {
        FieldType::Number => number.filter(|n| n.is_finite()).map(StoredValue::Number).ok_or("invalid_number"),
        FieldType::Boolean => flag.map(StoredValue::Boolean).ok_or("invalid"),
        _ if text.is_none() => Err("invalid"),
        FieldType::Text => text.map(|t| StoredValue::Text(t.to_owned())).ok_or("invalid"),
        FieldType::Date => text.and_then(parse_date).map(StoredValue::Date).ok_or("invalid_calendar_date"),
        FieldType::List => text
            .and_then(|t| def.options.iter().find(|o| o.to_lowercase() == t.to_lowercase()))
            .map(|o| StoredValue::Text(o.clone()))
            .ok_or("not_an_option"),
        FieldType::Email => {
            let mut found = Invalid::new();
            let email = check_email(&mut found, field, text.unwrap_or_default());
            if found.is_empty() { Ok(StoredValue::Text(email)) } else { Err("invalid_email") }
        }
        FieldType::Phone => text.and_then(normalize_phone).map(StoredValue::Text).ok_or("invalid_phone"),
    };
    match checked {
        Ok(StoredValue::Text(t)) if t.chars().count() > TEXT_MAX => {
            invalid.add_with(field, "too_long", &[("max", TEXT_MAX as i64)]);
            None
        }
        Ok(stored) => Some(stored),
        Err(code) => {
            invalid.add(field, code);
            None
        }
    }
}

/// Exactly `YYYY-MM-DD` and a real day; normalized to that shape.
fn parse_date(text: &str) -> Option<String> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let date: jiff::civil::Date = if shape { text.parse().ok()? } else { return None };
    Some(date.to_string())
}

/// How a list filter compares a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldOp {
    Eq,
    Lt,
    Gt,
    Contains,
    IsSet,
}

impl FieldOp {
    /// Whether the operator makes sense for the type: order only for numbers and dates,
    /// `contains` only for text-like values.
    pub fn fits(self, field_type: FieldType) -> bool {
        match self {
            FieldOp::Eq | FieldOp::IsSet => true,
            FieldOp::Lt | FieldOp::Gt => matches!(field_type, FieldType::Number | FieldType::Date),
            FieldOp::Contains => {
                matches!(field_type, FieldType::Text | FieldType::Email | FieldType::Phone | FieldType::List)
            }
        }
    }
}

/// A filter's comparison value, read from a query string by the field's type; `None` when
/// it is not a value of that type.
pub fn filter_value(def: &FieldDef, raw: &str) -> Option<StoredValue> {
    let raw = raw.trim();
    match def.field_type {
        FieldType::Number => raw.parse::<f64>().ok().filter(|n| n.is_finite()).map(StoredValue::Number),
        FieldType::Boolean => match raw {
            "true" => Some(StoredValue::Boolean(true)),
            "false" => Some(StoredValue::Boolean(false)),
            _ => None,
        },
        FieldType::Date => parse_date(raw).map(StoredValue::Date),
        FieldType::Phone => Some(StoredValue::Text(normalize_phone(raw).unwrap_or_else(|| raw.to_owned()))),
        FieldType::Email => Some(StoredValue::Text(raw.to_lowercase())),
        FieldType::Text | FieldType::List => (!raw.is_empty()).then(|| StoredValue::Text(raw.to_owned())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(key: &str, field_type: FieldType, options: &[&str]) -> FieldDef {
        FieldDef {
            id: crate::ids::new_id(),
            key: key.to_owned(),
            field_type,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        }
    }

    fn codes(invalid: &Invalid) -> Vec<(String, &'static str)> {
        invalid.0.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn types_round_trip() {
        for t in FieldType::ALL {
            assert_eq!(FieldType::parse(t.code()), Some(t));
        }
        assert_eq!(FieldType::parse("select"), None);
    }

    #[test]
    fn keys() {
        for good in ["city", "document_id", "plan2"] {
            let mut invalid = Invalid::new();
            assert_eq!(check_key(&mut invalid, good), good);
            assert!(invalid.is_empty(), "{good}");
        }
        for (bad, code) in [
            ("City", "invalid_key"),
            ("2plan", "invalid_key"),
            ("plan-b", "invalid_key"),
            ("ciudad natal", "invalid_key"),
            ("email", "reserved_key"),
            ("", "required"),
        ] {
            let mut invalid = Invalid::new();
            check_key(&mut invalid, bad);
            assert_eq!(codes(&invalid), vec![("key".to_owned(), code)], "{bad}");
        }
        let mut invalid = Invalid::new();
        check_key(&mut invalid, &"k".repeat(KEY_MAX + 1));
        assert_eq!(invalid.0[0].code, "too_long");
    }

    #[test]
    fn definitions() {
        let mut invalid = Invalid::new();
        let options = vec![" Oro ".to_owned(), "Plata".to_owned()];
        assert_eq!(
            check_definition(&mut invalid, " Plan ", FieldType::List, &options),
            ("Plan".to_owned(), vec!["Oro".to_owned(), "Plata".to_owned()])
        );
        assert!(invalid.is_empty());
        let cases: Vec<(FieldType, Vec<String>, &str)> = vec![
            (FieldType::Number, vec!["a".into()], "invalid"),
            (FieldType::List, vec![], "required"),
            (FieldType::List, vec!["a".into(), " ".into()], "invalid"),
            (FieldType::List, vec!["Oro".into(), "oro".into()], "duplicate"),
            (FieldType::List, (0..=OPTIONS_MAX).map(|i| i.to_string()).collect(), "too_many"),
        ];
        for (field_type, options, code) in cases {
            let mut invalid = Invalid::new();
            check_definition(&mut invalid, "x", field_type, &options);
            assert_eq!(codes(&invalid), vec![("options".to_owned(), code)], "{field_type:?} {options:?}");
        }
    }

    #[test]
    fn values_are_checked_by_type_and_normalized() {
        let defs = vec![
            def("city", FieldType::Text, &[]),
            def("score", FieldType::Number, &[]),
            def("birthday", FieldType::Date, &[]),
            def("plan", FieldType::List, &["Oro", "Plata"]),
            def("vip", FieldType::Boolean, &[]),
            def("work_email", FieldType::Email, &[]),
            def("mobile", FieldType::Phone, &[]),
        ];
        let values = json!({
            "city": "  Medellín ", "score": 7.5, "birthday": "2000-02-29", "plan": "oro", "vip": true,
            "work_email": "Ana@Example.COM", "mobile": "+57 300 123 4567",
        });
        let mut invalid = Invalid::new();
        let out = check_values(&mut invalid, &defs, values.as_object().unwrap());
        assert!(invalid.is_empty(), "{invalid:?}");
        let stored: Vec<Option<StoredValue>> = out.into_iter().map(|(_, v)| v).collect();
        assert!(stored.contains(&Some(StoredValue::Text("Medellín".into()))));
        assert!(stored.contains(&Some(StoredValue::Number(7.5))));
        assert!(stored.contains(&Some(StoredValue::Date("2000-02-29".into()))));
        assert!(stored.contains(&Some(StoredValue::Text("Oro".into()))), "the option's own spelling");
        assert!(stored.contains(&Some(StoredValue::Boolean(true))));
        assert!(stored.contains(&Some(StoredValue::Text("ana@example.com".into()))));
        assert!(stored.contains(&Some(StoredValue::Text("+573001234567".into()))));
    }

    #[test]
    fn wrong_values_are_refused_with_their_reason() {
        let defs = vec![
            def("city", FieldType::Text, &[]),
            def("score", FieldType::Number, &[]),
            def("birthday", FieldType::Date, &[]),
            def("plan", FieldType::List, &["Oro"]),
            def("vip", FieldType::Boolean, &[]),
            def("work_email", FieldType::Email, &[]),
            def("mobile", FieldType::Phone, &[]),
        ];
        let cases = [
            ("city", json!(5), "invalid"),
            ("city", json!("x".repeat(TEXT_MAX + 1)), "too_long"),
            ("score", json!("7"), "invalid_number"),
            ("birthday", json!("2023-02-29"), "invalid_calendar_date"),
            ("birthday", json!("29/02/2024"), "invalid_calendar_date"),
            ("birthday", json!(20240229), "invalid"),
            ("plan", json!("Bronce"), "not_an_option"),
            ("vip", json!("yes"), "invalid"),
            ("work_email", json!("not an email"), "invalid_email"),
            ("mobile", json!("call me"), "invalid_phone"),
            ("color", json!("red"), "unknown_field"),
        ];
        for (key, value, code) in cases {
            let mut values = Map::new();
            values.insert(key.to_owned(), value.clone());
            let mut invalid = Invalid::new();
            let out = check_values(&mut invalid, &defs, &values);
            assert!(out.is_empty(), "{key} {value}");
            assert_eq!(codes(&invalid), vec![(format!("fields.{key}"), code)], "{key} {value}");
        }
    }

    #[test]
    fn null_or_empty_clears() {
        let defs = vec![def("city", FieldType::Text, &[]), def("score", FieldType::Number, &[])];
        let mut invalid = Invalid::new();
        let out = check_values(&mut invalid, &defs, json!({"city": "", "score": null}).as_object().unwrap());
        assert!(invalid.is_empty());
        assert_eq!(out.iter().filter(|(_, v)| v.is_none()).count(), 2);
    }

    #[test]
    fn filters_fit_their_types() {
        assert!(FieldOp::Lt.fits(FieldType::Date) && FieldOp::Gt.fits(FieldType::Number));
        assert!(!FieldOp::Lt.fits(FieldType::Text) && !FieldOp::Contains.fits(FieldType::Number));
        let score = def("score", FieldType::Number, &[]);
        assert_eq!(filter_value(&score, "10"), Some(StoredValue::Number(10.0)));
        assert_eq!(filter_value(&score, "ten"), None);
        let vip = def("vip", FieldType::Boolean, &[]);
        assert_eq!(filter_value(&vip, "true"), Some(StoredValue::Boolean(true)));
        assert_eq!(filter_value(&vip, "1"), None);
        let day = def("birthday", FieldType::Date, &[]);
        assert_eq!(filter_value(&day, "2024-13-01"), None);
    }
}
