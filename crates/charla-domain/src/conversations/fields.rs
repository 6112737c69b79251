//! Conversation fields a campaign defines (CONV-6) and the values agents fill in.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::validation::Invalid;

pub const FIELD_NAME_MAX: usize = 60;
pub const FIELD_OPTIONS_MAX: usize = 50;
pub const FIELD_TEXT_MAX: usize = 1000;

/// What a field holds; decides how its value is checked and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Text,
    Number,
    Date,
    List,
    Boolean,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] =
        [FieldKind::Text, FieldKind::Number, FieldKind::Date, FieldKind::List, FieldKind::Boolean];

    pub const fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::List => "list",
            FieldKind::Boolean => "boolean",
        }
    }

    pub fn parse(code: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One field as the campaign defines it; `options` only for lists.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    pub id: Uuid,
    pub name: String,
    pub kind: FieldKind,
    pub required: bool,
    pub options: Vec<String>,
}

/// Validates a definition as an admin submits it: name 1..=60 (trimmed), list needs 1..=50
/// distinct non-empty options, other kinds take no options. Errors on fields "name" / "options".
///
/// Option codes: `required` (a list without options), `too_many` (params max), `invalid`
/// (an empty option, one over 1000 characters, or options on a kind that takes none) and
/// `duplicate`. Returns the trimmed name and options.
pub fn check_def(invalid: &mut Invalid, name: &str, kind: FieldKind, options: &[String]) -> (String, Vec<String>) {
    let name = invalid.text("name", name, FIELD_NAME_MAX);
    if kind != FieldKind::List {
        if !options.is_empty() {
            invalid.add("options", "invalid");
        }
        return (name, Vec::new());
    }
    let options: Vec<String> = options.iter().map(|o| o.trim().to_owned()).collect();
    if options.is_empty() {
        invalid.add("options", "required");
    } else if options.len() > FIELD_OPTIONS_MAX {
        invalid.add_with("options", "too_many", &[("max", FIELD_OPTIONS_MAX as i64)]);
    }
    if options.iter().any(|o| o.is_empty() || o.chars().count() > FIELD_TEXT_MAX) {
        invalid.add("options", "invalid");
    }
    let mut seen = HashSet::new();
    if !options.iter().all(|o| seen.insert(o.as_str())) {
        invalid.add("options", "duplicate");
    }
    (name, options)
}

/// Checks submitted values against the definitions: every required field present and
/// non-empty; text ≤ 1000 chars (string), number is a JSON number, date is "YYYY-MM-DD"
/// (a real calendar date), list is one of the options (string), boolean is a JSON bool; keys
/// that are not a defined field id are "unknown_field". `null` or "" (after trimming) counts as
/// absent. Errors go on field "fields.<id>" with codes "required", "invalid", "too_long"
/// (params max), "unknown_field". Returns the normalized valid values (trimmed text; only
/// present ones) keyed by field id.
pub fn check_values(invalid: &mut Invalid, defs: &[FieldDef], values: &Map<String, Value>) -> BTreeMap<Uuid, Value> {
    let mut by_id: BTreeMap<Uuid, &Value> = BTreeMap::new();
    let mut unknown = Vec::new();
    for (key, value) in values {
        match Uuid::try_parse(key.trim()) {
            Ok(id) if defs.iter().any(|d| d.id == id) => {
                by_id.insert(id, value);
            }
            _ => unknown.push(key),
        }
    }

    let mut out = BTreeMap::new();
    for def in defs {
        let field = format!("fields.{}", def.id);
        let value = by_id.get(&def.id).copied().filter(|v| !is_absent(v));
        let Some(value) = value else {
            if def.required {
                invalid.add(&field, "required");
            }
            continue;
        };
        if let Some(normalized) = check_value(invalid, &field, def, value) {
            out.insert(def.id, normalized);
        }
    }
    for key in unknown {
        invalid.add(&format!("fields.{key}"), "unknown_field");
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

/// One present value, normalized; `None` (and an error) when it does not fit its kind.
fn check_value(invalid: &mut Invalid, field: &str, def: &FieldDef, value: &Value) -> Option<Value> {
    let normalized = match (def.kind, value) {
        (FieldKind::Text, Value::String(s)) => {
            let text = s.trim();
            if text.chars().count() > FIELD_TEXT_MAX {
                invalid.add_with(field, "too_long", &[("max", FIELD_TEXT_MAX as i64)]);
                return None;
            }
            Some(Value::from(text))
        }
        (FieldKind::Number, Value::Number(_)) | (FieldKind::Boolean, Value::Bool(_)) => Some(value.clone()),
        (FieldKind::Date, Value::String(s)) => parse_date(s.trim()).map(|d| Value::from(d.to_string())),
        (FieldKind::List, Value::String(s)) => {
            let choice = s.trim();
            def.options.iter().any(|o| o == choice).then(|| Value::from(choice))
        }
        _ => None,
    };
    if normalized.is_none() {
        invalid.add(field, "invalid");
    }
    normalized
}

/// Exactly `YYYY-MM-DD`: jiff alone would also take a date with a time after it.
fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(kind: FieldKind, required: bool, options: &[&str]) -> FieldDef {
        FieldDef {
            id: crate::ids::new_id(),
            name: kind.code().to_owned(),
            kind,
            required,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        }
    }

    fn codes(invalid: &Invalid) -> Vec<(String, &'static str)> {
        invalid.0.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|o| (*o).to_owned()).collect()
    }

    #[test]
    fn kinds_round_trip() {
        for k in FieldKind::ALL {
            assert_eq!(FieldKind::parse(k.code()), Some(k));
        }
        assert_eq!(FieldKind::parse("select"), None);
    }

    #[test]
    fn definitions() {
        let mut invalid = Invalid::new();
        let (name, options) = check_def(&mut invalid, " Motivo ", FieldKind::List, &strings(&[" Pago ", "Mora"]));
        assert!(invalid.is_empty());
        assert_eq!(name, "Motivo");
        assert_eq!(options, strings(&["Pago", "Mora"]));

        let mut invalid = Invalid::new();
        let (_, options) = check_def(&mut invalid, "Nota", FieldKind::Text, &[]);
        assert!(invalid.is_empty());
        assert!(options.is_empty());

        type Case<'a> = (&'a str, FieldKind, Vec<String>, Vec<(&'a str, &'a str)>);
        let cases: Vec<Case> = vec![
            ("", FieldKind::Text, vec![], vec![("name", "required")]),
            ("x", FieldKind::Number, strings(&["a"]), vec![("options", "invalid")]),
            ("x", FieldKind::List, vec![], vec![("options", "required")]),
            ("x", FieldKind::List, strings(&["a", " "]), vec![("options", "invalid")]),
            ("x", FieldKind::List, strings(&["a", " a"]), vec![("options", "duplicate")]),
            (
                "x",
                FieldKind::List,
                (0..=FIELD_OPTIONS_MAX).map(|i| i.to_string()).collect(),
                vec![("options", "too_many")],
            ),
        ];
        for (name, kind, options, expected) in cases {
            let mut invalid = Invalid::new();
            check_def(&mut invalid, name, kind, &options);
            let got = codes(&invalid);
            let got: Vec<(&str, &str)> = got.iter().map(|(f, c)| (f.as_str(), *c)).collect();
            assert_eq!(got, expected, "{name:?} {kind:?} {options:?}");
        }

        let mut invalid = Invalid::new();
        check_def(&mut invalid, &"n".repeat(FIELD_NAME_MAX + 1), FieldKind::Date, &[]);
        assert_eq!(invalid.0[0].code, "too_long");
        let mut invalid = Invalid::new();
        check_def(
            &mut invalid,
            "x",
            FieldKind::List,
            &(0..FIELD_OPTIONS_MAX).map(|i| i.to_string()).collect::<Vec<_>>(),
        );
        assert!(invalid.is_empty());
    }

    #[test]
    fn valid_values_are_normalized() {
        let text = def(FieldKind::Text, true, &[]);
        let number = def(FieldKind::Number, true, &[]);
        let date = def(FieldKind::Date, true, &[]);
        let list = def(FieldKind::List, true, &["Pago", "Mora"]);
        let boolean = def(FieldKind::Boolean, true, &[]);
        let optional = def(FieldKind::Text, false, &[]);
        let defs = vec![text.clone(), number.clone(), date.clone(), list.clone(), boolean.clone(), optional.clone()];
        let values = json!({
            text.id.to_string(): "  hola  ",
            number.id.to_string(): 12.5,
            date.id.to_string(): "2024-02-29",
            list.id.to_string(): " Mora ",
            boolean.id.to_string(): false,
            optional.id.to_string(): null,
        });
        let mut invalid = Invalid::new();
        let out = check_values(&mut invalid, &defs, values.as_object().unwrap());
        assert!(invalid.is_empty(), "{invalid:?}");
        assert_eq!(out.len(), 5);
        assert_eq!(out[&text.id], json!("hola"));
        assert_eq!(out[&number.id], json!(12.5));
        assert_eq!(out[&date.id], json!("2024-02-29"));
        assert_eq!(out[&list.id], json!("Mora"));
        assert_eq!(out[&boolean.id], json!(false));
        assert!(!out.contains_key(&optional.id));
    }

    #[test]
    fn required_and_absent() {
        let a = def(FieldKind::Text, true, &[]);
        let b = def(FieldKind::Number, true, &[]);
        let c = def(FieldKind::Boolean, true, &[]);
        let d = def(FieldKind::Date, false, &[]);
        let defs = vec![a.clone(), b.clone(), c.clone(), d.clone()];
        let values = json!({ a.id.to_string(): "  ", b.id.to_string(): null, d.id.to_string(): "" });
        let mut invalid = Invalid::new();
        let out = check_values(&mut invalid, &defs, values.as_object().unwrap());
        assert!(out.is_empty());
        assert_eq!(
            codes(&invalid),
            vec![
                (format!("fields.{}", a.id), "required"),
                (format!("fields.{}", b.id), "required"),
                (format!("fields.{}", c.id), "required"),
            ]
        );
    }

    #[test]
    fn invalid_values() {
        let text = def(FieldKind::Text, false, &[]);
        let number = def(FieldKind::Number, false, &[]);
        let date = def(FieldKind::Date, false, &[]);
        let list = def(FieldKind::List, false, &["Pago"]);
        let boolean = def(FieldKind::Boolean, false, &[]);
        let defs = vec![text.clone(), number.clone(), date.clone(), list.clone(), boolean.clone()];
        let bad: Vec<(&FieldDef, Value, &str)> = vec![
            (&text, json!("x".repeat(FIELD_TEXT_MAX + 1)), "too_long"),
            (&text, json!(5), "invalid"),
            (&number, json!("5"), "invalid"),
            (&number, json!(true), "invalid"),
            (&date, json!("2023-02-29"), "invalid"),
            (&date, json!("2024-1-05"), "invalid"),
            (&date, json!("2024-01-05T10:00"), "invalid"),
            (&date, json!("05/01/2024"), "invalid"),
            (&date, json!(20240105), "invalid"),
            (&list, json!("pago"), "invalid"),
            (&list, json!(["Pago"]), "invalid"),
            (&boolean, json!("true"), "invalid"),
            (&boolean, json!(1), "invalid"),
        ];
        for (field, value, code) in bad {
            let mut values = Map::new();
            values.insert(field.id.to_string(), value.clone());
            let mut invalid = Invalid::new();
            let out = check_values(&mut invalid, &defs, &values);
            assert!(out.is_empty(), "{value}");
            assert_eq!(codes(&invalid), vec![(format!("fields.{}", field.id), code)], "{value}");
        }
        let mut values = Map::new();
        values.insert(text.id.to_string(), json!(format!("  {}  ", "x".repeat(FIELD_TEXT_MAX))));
        let mut invalid = Invalid::new();
        check_values(&mut invalid, &defs, &values);
        assert!(invalid.is_empty());
        let mut invalid = Invalid::new();
        values.insert(text.id.to_string(), json!("x".repeat(FIELD_TEXT_MAX + 1)));
        check_values(&mut invalid, &defs, &values);
        assert_eq!(invalid.0[0].params["max"], FIELD_TEXT_MAX as i64);
    }

    #[test]
    fn unknown_keys() {
        let known = def(FieldKind::Text, false, &[]);
        let stranger = crate::ids::new_id();
        let values = json!({ known.id.to_string(): "ok", stranger.to_string(): "x", "color": "red" });
        let mut invalid = Invalid::new();
        let out = check_values(&mut invalid, std::slice::from_ref(&known), values.as_object().unwrap());
        assert_eq!(out.len(), 1);
        let mut got = codes(&invalid);
        got.sort();
        let mut expected =
            vec![(format!("fields.{stranger}"), "unknown_field"), ("fields.color".to_owned(), "unknown_field")];
        expected.sort();
        assert_eq!(got, expected);
    }
}
