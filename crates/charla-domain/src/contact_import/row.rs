//! One row of a contact sheet: each cell checked as the API checks a contact's values, the
//! failures named by the header's own column name.

use serde_json::{Map, Value};

use super::ImportCode;
use super::header::{Column, Header};
use crate::contact_fields::{FieldDef, FieldType, StoredValue, check_values};
use crate::contacts::{CONTACT_NAME_MAX, TAG_MAX, normalize_phone, normalize_tag};
use crate::people::check_email;
use crate::validation::Invalid;
use uuid::Uuid;

/// A good row: what to write on the contact. Empty cells are `None`: an import fills in,
/// it never clears.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactRow {
    pub name: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    /// Lowercase.
    pub email: Option<String>,
    pub tags: Vec<String>,
    /// The assignee's email, lowercase.
    pub assignee: Option<String>,
    pub fields: Vec<(Uuid, StoredValue)>,
}

/// A bad cell: the column as the header writes it, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowFailure {
    pub column: String,
    pub code: ImportCode,
}

/// Checks a row; every bad cell is reported, not just the first.
pub fn check_row<S: AsRef<str>>(
    header: &Header,
    defs: &[FieldDef],
    cells: &[S],
) -> Result<ContactRow, Vec<RowFailure>> {
    let mut failures = Vec::new();
    let mut fail = |column: &Column, code| failures.push(RowFailure { column: header.name_of(column), code });
    let name = header.cell(cells, &Column::Name);
    if name.chars().count() > CONTACT_NAME_MAX {
        fail(&Column::Name, ImportCode::TooLong);
    }
    let phone = non_empty(header.cell(cells, &Column::Phone));
    let phone = phone
        .and_then(|raw| normalize_phone(raw).or_else(|| fail_with(&mut fail, Column::Phone, ImportCode::InvalidPhone)));
    let email = non_empty(header.cell(cells, &Column::Email)).and_then(|raw| {
        let mut found = Invalid::new();
        let email = check_email(&mut found, "email", raw);
        if found.is_empty() { Some(email) } else { fail_with(&mut fail, Column::Email, ImportCode::InvalidEmail) }
    });
    if phone.is_none() && email.is_none() && !had_identity(header, cells) {
        let column = if header.columns.contains(&Column::Phone) { Column::Phone } else { Column::Email };
        fail(&column, ImportCode::IdentityRequired);
    }
    let tags = tags_of(header.cell(cells, &Column::Tags), &mut fail);
    let assignee = non_empty(header.cell(cells, &Column::Assignee)).map(str::to_lowercase);
    let fields = fields_of(header, defs, cells, &mut failures);
    if !failures.is_empty() {
        return Err(failures);
    }
    Ok(ContactRow { name: non_empty(name).map(str::to_owned), phone, email, tags, assignee, fields })
}

fn non_empty(cell: &str) -> Option<&str> {
    (!cell.is_empty()).then_some(cell)
}

fn fail_with<T>(fail: &mut impl FnMut(&Column, ImportCode), column: Column, code: ImportCode) -> Option<T> {
    fail(&column, code);
    None
}

/// Whether the row wrote a phone or email at all (a bad one is reported as bad, not missing).
fn had_identity<S: AsRef<str>>(header: &Header, cells: &[S]) -> bool {
    !header.cell(cells, &Column::Phone).is_empty() || !header.cell(cells, &Column::Email).is_empty()
}

/// Tags separated by `;`, normalized, each once.
fn tags_of(cell: &str, fail: &mut impl FnMut(&Column, ImportCode)) -> Vec<String> {
    let mut tags: Vec<String> = cell.split(';').map(normalize_tag).filter(|t| !t.is_empty()).collect();
    if tags.iter().any(|t| t.chars().count() > TAG_MAX) {
        fail(&Column::Tags, ImportCode::InvalidTag);
    }
    tags.sort();
    tags.dedup();
    tags
}

/// The custom fields' cells, read as their types write in a sheet, then checked as the API
/// checks them.
fn fields_of<S: AsRef<str>>(
    header: &Header,
    defs: &[FieldDef],
    cells: &[S],
    failures: &mut Vec<RowFailure>,
) -> Vec<(Uuid, StoredValue)> {
    let mut values = Map::new();
    for (i, column) in header.columns.iter().enumerate() {
        let Some(def) = header_def(column, defs) else { continue };
        let cell = cells.get(i).map(|c| c.as_ref().trim()).unwrap_or_default();
        if !cell.is_empty() {
            values.insert(def.key.clone(), cell_value(def.field_type, cell));
        }
    }
    let mut invalid = Invalid::new();
    let checked = check_values(&mut invalid, defs, &values);
    for error in invalid.0 {
        let key = error.field.strip_prefix("fields.").unwrap_or(&error.field);
        let column = defs.iter().position(|d| d.key == key).map(Column::Field).unwrap_or(Column::Blank);
        failures.push(RowFailure { column: header.name_of(&column), code: ImportCode::of_field_error(error.code) });
    }
    checked.into_iter().filter_map(|(id, value)| Some((id, value?))).collect()
}

fn header_def<'d>(column: &Column, defs: &'d [FieldDef]) -> Option<&'d FieldDef> {
    match column {
        Column::Field(index) => defs.get(*index),
        _ => None,
    }
}

/// A cell as the JSON value the API would take: numbers with a decimal comma too, yes/no
/// in three languages; anything else stays text and the type check says why.
fn cell_value(field_type: FieldType, cell: &str) -> Value {
    match field_type {
        FieldType::Number => {
            let number = cell.parse::<f64>().ok().or_else(|| cell.replace(',', ".").parse::<f64>().ok());
            number.and_then(serde_json::Number::from_f64).map_or_else(|| Value::from(cell), Value::Number)
        }
        FieldType::Boolean => match crate::search::search_key(cell).as_str() {
            "true" | "yes" | "si" | "sim" | "1" | "verdadero" | "verdadeiro" => Value::Bool(true),
            "false" | "no" | "nao" | "0" | "falso" => Value::Bool(false),
            _ => Value::from(cell),
        },
        _ => Value::from(cell),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::contact_import::header::read_header;

    fn defs() -> Vec<FieldDef> {
        let def = |n: u128, key: &str, field_type, options: &[&str]| FieldDef {
            id: Uuid::from_u128(n),
            key: key.into(),
            field_type,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        };
        vec![
            def(1, "plan", FieldType::List, &["Oro", "Plata"]),
            def(2, "debt", FieldType::Number, &[]),
            def(3, "vip", FieldType::Boolean, &[]),
            def(4, "since", FieldType::Date, &[]),
        ]
    }

    fn check(cells: &[&str]) -> Result<ContactRow, Vec<RowFailure>> {
        let header = read_header(
            &["Nombre", "Teléfono", "Correo", "Etiquetas", "Asignado", "plan", "debt", "vip", "since"],
            &defs(),
        )
        .unwrap();
        check_row(&header, &defs(), cells)
    }

    #[test]
    fn a_good_row_is_normalized() {
        let row = check(&[
            " Ana ",
            "+57 300 123 4567",
            "ANA@X.CO",
            "VIP; mora ;vip",
            "Agent@X.co",
            "oro",
            "1234,5",
            "Sí",
            "2026-01-31",
        ])
        .unwrap();
        assert_eq!(row.name.as_deref(), Some("Ana"));
        assert_eq!(row.phone.as_deref(), Some("+573001234567"));
        assert_eq!(row.email.as_deref(), Some("ana@x.co"));
        assert_eq!(row.tags, ["mora", "vip"]);
        assert_eq!(row.assignee.as_deref(), Some("agent@x.co"));
        assert!(row.fields.contains(&(Uuid::from_u128(1), StoredValue::Text("Oro".into()))));
        assert!(row.fields.contains(&(Uuid::from_u128(3), StoredValue::Boolean(true))));
        assert!(row.fields.contains(&(Uuid::from_u128(4), StoredValue::Date("2026-01-31".into()))));
    }

    #[test]
    fn a_decimal_comma_reads_as_a_number() {
        let row = check(&["", "", "a@b.co", "", "", "", "12,5", "", ""]).unwrap();
        assert_eq!(row.fields, [(Uuid::from_u128(2), StoredValue::Number(12.5))]);
    }

    #[test]
    fn every_bad_cell_is_named_by_its_column() {
        let failures = check(&["", "123", "not-mail", "", "", "bronce", "mucho", "quizá", "31/01/2026"]).unwrap_err();
        let got: Vec<(&str, ImportCode)> = failures.iter().map(|f| (f.column.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("Teléfono", ImportCode::InvalidPhone),
                ("Correo", ImportCode::InvalidEmail),
                ("debt", ImportCode::InvalidNumber),
                ("plan", ImportCode::NotAnOption),
                ("since", ImportCode::InvalidDate),
                ("vip", ImportCode::InvalidValue),
            ]
        );
    }

    #[test]
    fn a_row_without_phone_or_email_is_refused() {
        let failures = check(&["Ana", "", "", "", "", "", "", "", ""]).unwrap_err();
        assert_eq!(failures, [RowFailure { column: "Teléfono".into(), code: ImportCode::IdentityRequired }]);
        let long = "x".repeat(CONTACT_NAME_MAX + 1);
        let failures = check(&[&long, "+573001234567", "", &"t".repeat(TAG_MAX + 1), "", "", "", "", ""]).unwrap_err();
        let codes: Vec<ImportCode> = failures.iter().map(|f| f.code).collect();
        assert_eq!(codes, [ImportCode::TooLong, ImportCode::InvalidTag]);
    }
}
