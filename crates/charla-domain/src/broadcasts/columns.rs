//! The header row: which column holds the sender, the recipient, the template, its
//! language and each variable, written in English, Spanish or Portuguese.

use crate::search::search_key;

/// Most columns a sheet may have; more is not a list of recipients (or 10 MB of commas).
pub const MAX_COLUMNS: usize = 64;

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    Sender,
    Recipient,
    Template,
    Language,
    /// `var1`..`varN`: the body's positional variable N (1-based).
    Var(usize),
    /// Any other header: a named variable of the template (`first_name`).
    Named(String),
    /// An empty header cell: its column is ignored.
    Blank,
}

/// Why a header row cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderError {
    /// A required column is missing: `sender`, `recipient` or `template`.
    Missing(&'static str),
    /// A column is named twice.
    Repeated(String),
    TooManyColumns,
}

/// The columns of a sheet, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub columns: Vec<Column>,
    /// The header as written, to name a column in a row's error.
    pub names: Vec<String>,
}

fn column_of(raw: &str) -> Column {
    let key = search_key(raw.trim_start_matches('\u{feff}'));
    match key.as_str() {
        "" => Column::Blank,
        "sender" | "remitente" | "remetente" => Column::Sender,
        "recipient" | "destinatario" => Column::Recipient,
        "template" | "plantilla" | "modelo" => Column::Template,
        "language" | "idioma" => Column::Language,
        other => match other.strip_prefix("var").and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1) {
            Some(n) => Column::Var(n),
            None => Column::Named(raw.trim().to_owned()),
        },
    }
}

/// Reads the header row; the three required columns must be there, each column once.
pub fn read_header<S: AsRef<str>>(cells: &[S]) -> Result<Header, HeaderError> {
    if cells.len() > MAX_COLUMNS {
        return Err(HeaderError::TooManyColumns);
    }
    let columns: Vec<Column> = cells.iter().map(|c| column_of(c.as_ref())).collect();
    for (i, column) in columns.iter().enumerate() {
        if *column != Column::Blank && columns.get(..i).is_some_and(|before| before.contains(column)) {
            return Err(HeaderError::Repeated(cells.get(i).map(|c| c.as_ref().trim().to_owned()).unwrap_or_default()));
        }
    }
    for (required, name) in
        [(Column::Sender, "sender"), (Column::Recipient, "recipient"), (Column::Template, "template")]
    {
        if !columns.contains(&required) {
            return Err(HeaderError::Missing(name));
        }
    }
    let names = cells.iter().map(|c| c.as_ref().trim().trim_start_matches('\u{feff}').to_owned()).collect();
    Ok(Header { columns, names })
}

impl Header {
    fn index_of(&self, wanted: &Column) -> Option<usize> {
        self.columns.iter().position(|c| c == wanted)
    }

    /// The cell of a column in a row, trimmed; empty when the row is short.
    pub fn cell<'r, S: AsRef<str>>(&self, row: &'r [S], wanted: &Column) -> &'r str {
        self.index_of(wanted).and_then(|i| row.get(i)).map(|c| c.as_ref().trim()).unwrap_or_default()
    }

    /// The header's own spelling of a column, for an error's `column`.
    pub fn name_of(&self, wanted: &Column) -> String {
        self.index_of(wanted).and_then(|i| self.names.get(i)).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_three_languages_mean_the_same_columns() {
        for row in [
            ["sender", "recipient", "template", "language", "var1"],
            ["Remitente", "Destinatario", "Plantilla", "Idioma", "VAR1"],
            ["remetente", "destinatário", "modelo", "idioma", "var1"],
        ] {
            let header = read_header(&row).unwrap();
            assert_eq!(
                header.columns,
                [Column::Sender, Column::Recipient, Column::Template, Column::Language, Column::Var(1)]
            );
        }
    }

    #[test]
    fn other_headers_are_named_variables_and_blanks_are_ignored() {
        let header = read_header(&["\u{feff}sender", "recipient", "template", "first_name", ""]).unwrap();
        assert_eq!(header.columns[3], Column::Named("first_name".into()));
        assert_eq!(header.columns[4], Column::Blank);
        assert_eq!(header.names[0], "sender");
    }

    #[test]
    fn a_missing_repeated_or_endless_header_is_refused() {
        assert_eq!(read_header(&["sender", "template"]), Err(HeaderError::Missing("recipient")));
        assert_eq!(
            read_header(&["sender", "recipient", "template", "remitente"]),
            Err(HeaderError::Repeated("remitente".into()))
        );
        let commas = vec![""; MAX_COLUMNS + 1];
        assert_eq!(read_header(&commas), Err(HeaderError::TooManyColumns));
        assert_eq!(read_header(&["", "", ""]), Err(HeaderError::Missing("sender")));
    }

    #[test]
    fn a_short_row_reads_as_empty_cells() {
        let header = read_header(&["sender", "recipient", "template"]).unwrap();
        assert_eq!(header.cell(&[" 123 "], &Column::Sender), "123");
        assert_eq!(header.cell(&[" 123 "], &Column::Template), "");
    }
}
