//! The header row of a contact sheet: the contact's own columns in English, Spanish or
//! Portuguese, and custom fields by key.

use super::HeaderError;
use crate::broadcasts::columns::MAX_COLUMNS;
use crate::contact_fields::FieldDef;
use crate::search::search_key;

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    Phone,
    Email,
    Tags,
    Assignee,
    /// A custom field, by its index in the definitions the header was read with.
    Field(usize),
    /// An empty header cell: its column is ignored.
    Blank,
}

/// The columns of a sheet, in order, and the header as written (to name a column in a
/// row's error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub columns: Vec<Column>,
    pub names: Vec<String>,
}

fn own_column(key: &str) -> Option<Column> {
    Some(match key {
        "name" | "nombre" | "nome" => Column::Name,
        "phone" | "telefono" | "celular" | "movil" | "telefone" | "whatsapp" => Column::Phone,
        "email" | "e-mail" | "correo" | "correo electronico" | "e-mail address" => Column::Email,
        "tags" | "etiquetas" => Column::Tags,
        "assignee" | "asignado" | "cesionario" | "agente" | "responsable" | "responsavel" => Column::Assignee,
        _ => return None,
    })
}

fn column_of(raw: &str, defs: &[FieldDef]) -> Result<Column, HeaderError> {
    let key = search_key(raw.trim_start_matches('\u{feff}'));
    if key.is_empty() {
        return Ok(Column::Blank);
    }
    if let Some(column) = own_column(&key) {
        return Ok(column);
    }
    defs.iter()
        .position(|d| search_key(&d.key) == key)
        .map(Column::Field)
        .ok_or_else(|| HeaderError::Unknown(raw.trim().to_owned()))
}

/// Reads the header row against the organization's live fields.
pub fn read_header<S: AsRef<str>>(cells: &[S], defs: &[FieldDef]) -> Result<Header, HeaderError> {
    if cells.len() > MAX_COLUMNS {
        return Err(HeaderError::TooManyColumns);
    }
    let mut columns = Vec::with_capacity(cells.len());
    for cell in cells {
        let column = column_of(cell.as_ref(), defs)?;
        if column != Column::Blank && columns.contains(&column) {
            return Err(HeaderError::Repeated(cell.as_ref().trim().to_owned()));
        }
        columns.push(column);
    }
    if !columns.iter().any(|c| matches!(c, Column::Phone | Column::Email)) {
        return Err(HeaderError::NoIdentityColumn);
    }
    let names = cells.iter().map(|c| c.as_ref().trim().trim_start_matches('\u{feff}').to_owned()).collect();
    Ok(Header { columns, names })
}

impl Header {
    fn index_of(&self, wanted: &Column) -> Option<usize> {
        self.columns.iter().position(|c| c == wanted)
    }

    /// The cell of a column in a row, trimmed; empty when the row is short or lacks it.
    pub fn cell<'r, S: AsRef<str>>(&self, row: &'r [S], wanted: &Column) -> &'r str {
        self.index_of(wanted).and_then(|i| row.get(i)).map(|c| c.as_ref().trim()).unwrap_or_default()
    }

    /// The header's own spelling of a column; the English name when the sheet lacks it.
    pub fn name_of(&self, wanted: &Column) -> String {
        let fallback = match wanted {
            Column::Phone => "phone",
            Column::Email => "email",
            _ => "",
        };
        self.index_of(wanted).and_then(|i| self.names.get(i)).cloned().unwrap_or_else(|| fallback.to_owned())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::contact_fields::FieldType;

    fn defs() -> Vec<FieldDef> {
        vec![FieldDef { id: Uuid::nil(), key: "city".into(), field_type: FieldType::Text, options: vec![] }]
    }

    #[test]
    fn headers_in_three_languages_mean_the_same_columns() {
        let expected = [Column::Name, Column::Phone, Column::Email, Column::Tags, Column::Assignee, Column::Field(0)];
        for row in [
            ["name", "phone", "email", "tags", "assignee", "city"],
            ["Nombre", "Teléfono", "Correo", "Etiquetas", "Asignado", "City"],
            ["nome", "telefone", "e-mail", "etiquetas", "responsável", "city"],
        ] {
            assert_eq!(read_header(&row, &defs()).unwrap().columns, expected, "{row:?}");
        }
    }

    #[test]
    fn a_header_without_identity_unknown_or_repeated_is_refused() {
        assert_eq!(read_header(&["name", "city"], &defs()), Err(HeaderError::NoIdentityColumn));
        assert_eq!(read_header(&["phone", "shoe size"], &defs()), Err(HeaderError::Unknown("shoe size".into())));
        assert_eq!(read_header(&["phone", "teléfono"], &defs()), Err(HeaderError::Repeated("teléfono".into())));
        assert_eq!(read_header(&vec!["phone"; MAX_COLUMNS + 1], &defs()), Err(HeaderError::TooManyColumns));
    }

    #[test]
    fn blanks_are_ignored_and_the_bom_dropped() {
        let header = read_header(&["\u{feff}email", "", "name"], &defs()).unwrap();
        assert_eq!(header.columns, [Column::Email, Column::Blank, Column::Name]);
        assert_eq!(header.names[0], "email");
        assert_eq!(header.cell(&[" a@b.co "], &Column::Email), "a@b.co");
        assert_eq!(header.cell(&[" a@b.co "], &Column::Name), "");
        assert_eq!(header.name_of(&Column::Phone), "phone");
    }
}
