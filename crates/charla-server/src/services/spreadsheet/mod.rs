//! Uploaded spreadsheets, shared by broadcasts (OUT-2) and contact imports (CRM-5): the
//! upload spooled to disk as it arrives (`spool`), and a streaming reader of CSV and XLSX
//! that hands rows over in batches (`sheet`).

pub mod sheet;
pub mod spool;
