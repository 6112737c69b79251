//! `charla backup` and `charla restore`: one file holding the embedded database, the stored
//! files and the secret key, so a restored server has its messages, its attachments and
//! channel tokens it can still decrypt. PostgreSQL is backed up with `pg_dump` instead (the
//! README's "Backup and restore"); these commands say so rather than copy half of it.

mod archive;
mod create;
mod restore;

pub use create::create;
pub use restore::restore;

use serde::{Deserialize, Serialize};

/// The archive's first entry; restore reads it before anything else.
const MANIFEST: &str = "charla-backup.json";
/// Where each part sits inside the archive.
const DATABASE_ENTRY: &str = "database/charla.sqlite";
const KEY_ENTRY: &str = "secret.key";
const FILES_PREFIX: &str = "files/";
/// Bumped when the layout above changes; restore refuses formats it does not know.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    charla_version: String,
    created_at: String,
}

/// What a backup or a restore copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub database_bytes: u64,
    pub files: u64,
    pub file_bytes: u64,
}

/// Why PostgreSQL is not backed up here, with what to do instead.
const POSTGRES_REFUSAL: &str = "this server runs on PostgreSQL: back it up with pg_dump, and copy the files folder \
     and the secret key beside the dump (README, \"Backup and restore\"); `charla backup` covers the embedded database";
