//! Reads a broadcast's sheet from its spooled file, a batch of rows at a time, on a
//! blocking thread: CSV through `csv` (UTF-8, one record in memory at a time) or an XLSX's
//! first sheet through calamine's cell reader (cells in order, not the whole range).

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};
use charla_domain::broadcasts::IMPORT_BATCH;
use charla_domain::broadcasts::columns::MAX_COLUMNS;
use tokio::sync::mpsc;

use crate::error::{AppError, ErrorCode};

/// A row's number as the person sees it (the header is row 1) and its cells.
pub type SheetRow = (i64, Vec<String>);

/// What the reader hands over: the header first, then batches of non-blank rows.
#[derive(Debug)]
pub enum SheetEvent {
    Header(Vec<String>),
    Rows(Vec<SheetRow>),
}

/// Why a file is not a sheet we can read; each becomes a 400 with its own code.
#[derive(Debug, PartialEq, Eq)]
pub enum SheetError {
    Empty,
    Unreadable,
    Encoding { row: i64 },
    Formula { row: i64 },
}

impl From<SheetError> for AppError {
    fn from(err: SheetError) -> Self {
        match err {
            SheetError::Empty => ErrorCode::SpreadsheetEmpty.into(),
            SheetError::Unreadable => ErrorCode::SpreadsheetUnreadable.into(),
            SheetError::Encoding { row } => {
                AppError::Detailed(ErrorCode::SpreadsheetEncoding, format!("Row {row} is not UTF-8 text."))
            }
            SheetError::Formula { row } => {
                AppError::Detailed(ErrorCode::SpreadsheetFormula, format!("Row {row} holds a formula."))
            }
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";
/// UTF-16 byte-order marks: a sheet saved as "Unicode text" is not UTF-8.
const UTF16_BOMS: [&[u8]; 2] = [b"\xff\xfe", b"\xfe\xff"];

/// Reads the file on a blocking thread; the receiver gets events until the end or an error.
pub fn spawn(path: &Path) -> mpsc::Receiver<Result<SheetEvent, SheetError>> {
    let (tx, rx) = mpsc::channel(2);
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut out = Batcher { tx, header_sent: false, batch: Vec::new() };
        let result = read(&path, &mut out).and_then(|()| out.finish());
        if let Err(err) = result {
            // The receiver may be gone (the import failed first): nothing left to tell.
            let _ = out.tx.blocking_send(Err(err));
        }
    });
    rx
}

/// A quick look at the file's first bytes, so an upload that is plainly no sheet (empty,
/// UTF-16, binary) is refused at once instead of by a job later.
pub fn sniff(path: &Path) -> Result<(), SheetError> {
    let mut file = File::open(path).map_err(|_| SheetError::Unreadable)?;
    let mut start = vec![0u8; 8192];
    let got = file.read(&mut start).map_err(|_| SheetError::Unreadable)?;
    let start = start.get(..got).unwrap_or_default();
    if start.is_empty() {
        return Err(SheetError::Empty);
    }
    if start.starts_with(ZIP_MAGIC) {
        return Ok(());
    }
    if UTF16_BOMS.iter().any(|bom| start.starts_with(bom)) {
        return Err(SheetError::Encoding { row: 1 });
    }
    // A NUL byte is no text in any encoding a CSV is saved in.
    if start.contains(&0) {
        return Err(SheetError::Unreadable);
    }
    Ok(())
}

fn read(path: &Path, out: &mut Batcher) -> Result<(), SheetError> {
    let mut file = File::open(path).map_err(|_| SheetError::Unreadable)?;
    let mut start = [0u8; 4];
    let got = file.read(&mut start).map_err(|_| SheetError::Unreadable)?;
    file.seek(SeekFrom::Start(0)).map_err(|_| SheetError::Unreadable)?;
    let start = start.get(..got).unwrap_or_default();
    if start.is_empty() {
        return Err(SheetError::Empty);
    }
    if start.starts_with(ZIP_MAGIC) {
        return read_xlsx(file, out);
    }
    if UTF16_BOMS.iter().any(|bom| start.starts_with(bom)) {
        return Err(SheetError::Encoding { row: 1 });
    }
    read_csv(file, out)
}

/// Hands rows over in batches; `false` once the receiver is gone (stop reading).
struct Batcher {
    tx: mpsc::Sender<Result<SheetEvent, SheetError>>,
    header_sent: bool,
    batch: Vec<SheetRow>,
}

impl Batcher {
    fn push(&mut self, row: i64, cells: Vec<String>) -> Result<(), SheetError> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        if cells.iter().any(|c| c.contains('\0')) {
            return Err(SheetError::Unreadable);
        }
        if !self.header_sent {
            self.header_sent = true;
            return self.send(SheetEvent::Header(cells));
        }
        self.batch.push((row, cells));
        if self.batch.len() >= IMPORT_BATCH {
            let batch = std::mem::take(&mut self.batch);
            return self.send(SheetEvent::Rows(batch));
        }
        Ok(())
    }

    fn send(&self, event: SheetEvent) -> Result<(), SheetError> {
        // A closed channel means the import stopped; reading on would be wasted work.
        self.tx.blocking_send(Ok(event)).map_err(|_| SheetError::Unreadable)
    }

    fn finish(&mut self) -> Result<(), SheetError> {
        if !self.header_sent {
            return Err(SheetError::Empty);
        }
        let batch = std::mem::take(&mut self.batch);
        if batch.is_empty() { Ok(()) } else { self.send(SheetEvent::Rows(batch)) }
    }
}

fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start().starts_with('=')
}

fn read_csv(file: File, out: &mut Batcher) -> Result<(), SheetError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(BufReader::new(file));
    let mut record = csv::ByteRecord::new();
    let mut row = 0i64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(err) if matches!(err.kind(), csv::ErrorKind::Utf8 { .. }) => {
                return Err(SheetError::Encoding { row: row + 1 });
            }
            Err(_) => return Err(SheetError::Unreadable),
        }
        row += 1;
        let mut cells = Vec::with_capacity(record.len().min(MAX_COLUMNS + 1));
        for (i, field) in record.iter().enumerate().take(MAX_COLUMNS + 1) {
            let field = if row == 1 && i == 0 { field.strip_prefix(UTF8_BOM).unwrap_or(field) } else { field };
            // A NUL byte is no text in any encoding a sheet is saved in: a binary file.
            if field.contains(&0) {
                return Err(SheetError::Unreadable);
            }
            let text = std::str::from_utf8(field).map_err(|_| SheetError::Encoding { row })?;
            if looks_like_formula(text) {
                return Err(SheetError::Formula { row });
            }
            cells.push(text.to_owned());
        }
        out.push(row, cells)?;
    }
}

/// A cell as the text a person typed: whole numbers without ".0" (phone numbers are often
/// stored as numbers), errors and blanks as nothing.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

fn read_xlsx(file: File, out: &mut Batcher) -> Result<(), SheetError> {
    let mut workbook: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|_| SheetError::Unreadable)?;
    let first = workbook.sheet_names().first().cloned().ok_or(SheetError::Empty)?;
    let mut cells = workbook.worksheet_cells_reader(&first).map_err(|_| SheetError::Unreadable)?;
    let mut current: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(|_| SheetError::Unreadable)? {
        let (row, column) = cell.pos;
        if cell.formula.is_some() {
            return Err(SheetError::Formula { row: i64::from(row) + 1 });
        }
        if current.as_ref().is_some_and(|(r, _)| *r != row)
            && let Some((r, done)) = current.take()
        {
            out.push(i64::from(r) + 1, done)?;
        }
        let (_, row_cells) = current.get_or_insert_with(|| (row, Vec::new()));
        let column = usize::try_from(column).unwrap_or(usize::MAX);
        if column <= MAX_COLUMNS {
            if row_cells.len() <= column {
                row_cells.resize(column + 1, String::new());
            }
            if let Some(slot) = row_cells.get_mut(column) {
                *slot = cell_text(&cell.value);
            }
        }
    }
    if let Some((r, done)) = current {
        out.push(i64::from(r) + 1, done)?;
    }
    Ok(())
}
