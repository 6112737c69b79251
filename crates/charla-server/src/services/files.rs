//! The file store: attachments and the file library (CONV-9). Bytes go to a local folder
//! (`--files-dir`), one file per id under its organization; the row says what they are.

use std::path::PathBuf;

use charla_db::repo;
/// What `read` answers; `api::files::bytes_response` serves it.
pub use charla_db::repo::files::FileRow;
use charla_db::repo::files::{self, NewFile};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;
use crate::views::Page;
use crate::views::files::FileView;

pub const FILE_NAME_MAX: usize = 200;

fn path_of(state: &AppState, storage_key: &str) -> PathBuf {
    state.settings.files_path().join(storage_key)
}

/// Cleans a file name: no folders, no control characters, at most 200 characters.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(FILE_NAME_MAX).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() { "file".to_owned() } else { cleaned }
}

pub struct Upload<'a> {
    pub name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub in_library: bool,
}

/// Writes the bytes (to a temporary name, then renamed: never half a file) and the row.
pub async fn store(state: &AppState, org: Uuid, created_by: Option<Uuid>, upload: &Upload<'_>) -> AppResult<FileRow> {
    if upload.bytes.is_empty() {
        return Err(Invalid::single("file", "required").into());
    }
    if upload.content_type.trim().is_empty() {
        return Err(Invalid::single("content_type", "invalid").into());
    }
    // One parsed media type, or an octet-stream: never a comma-joined list kept as given.
    let content_type = charla_domain::media_type::stored_as(upload.content_type);
    let id = new_id();
    let storage_key = format!("{org}/{id}");
    let path = path_of(state, &storage_key);
    let sha256 = format!("{:x}", Sha256::digest(upload.bytes));
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(anyhow::Error::from)?;
    }
    let partial = path.with_extension("partial");
    tokio::fs::write(&partial, upload.bytes).await.map_err(anyhow::Error::from)?;
    tokio::fs::rename(&partial, &path).await.map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    files::insert(
        &mut tx,
        &NewFile {
            org,
            id,
            name: &clean_name(upload.name),
            content_type: &content_type,
            size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha256,
            storage_key: &storage_key,
            in_library: upload.in_library,
            created_by,
            now: state.clock.now(),
        },
    )
    .await?;
    let row = files::get(&mut tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(row)
}

/// An upload through the API: stored, and answered as its view.
pub async fn upload(state: &AppState, caller: &Caller, upload: &Upload<'_>) -> AppResult<FileView> {
    let row = store(state, caller.org, Some(caller.user_id), upload).await?;
    Ok(FileView::from(&row))
}

/// The file library, a keyset page.
pub async fn library(
    state: &AppState,
    org: Uuid,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<FileView>> {
    let limit = repo::page_limit(limit);
    let rows = files::library(&state.db, org, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |f| f.id);
    Ok(Page::new(rows.iter().map(FileView::from).collect(), next))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<FileView> {
    let row = files::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(FileView::from(&row))
}

/// Takes a file out of the library; messages that carry it keep it.
pub async fn remove_from_library(state: &AppState, org: Uuid, id: Uuid) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !files::set_in_library(&mut tx, org, id, false).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
    Ok(())
}

/// A file of the caller's organization and its bytes.
pub async fn read(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<(FileRow, Vec<u8>)> {
    read_in(state, caller.org, id).await
}

/// A file of an organization and its bytes, for the server's own work (sending it out).
pub async fn read_in(state: &AppState, org: Uuid, id: Uuid) -> AppResult<(FileRow, Vec<u8>)> {
    let row = files::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    let bytes = tokio::fs::read(path_of(state, &row.storage_key)).await.map_err(|err| {
        tracing::warn!(error = %err, file = %row.id, "stored file missing");
        ErrorCode::NotFound
    })?;
    Ok((row, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\fotos\\cara\u{0}.jpg"), "cara.jpg");
        assert_eq!(clean_name("   "), "file");
    }
}
