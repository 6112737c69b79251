//! Stored files: attachments and the file library (CONV-9). Where the bytes lie on disk is
//! the server's own business; the view gives the URL that serves them.

use charla_db::repo::files::FileRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::inbox::file_url;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FileView {
    pub id: Uuid,
    /// The uploaded file's name, without folders.
    pub name: String,
    /// The media type it was stored as.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// The SHA-256 of the bytes, in hex.
    pub sha256: String,
    /// Whether the file library lists it.
    pub in_library: bool,
    /// Where its bytes are served (`/api/v1/files/{id}/content`).
    pub url: String,
    pub created_by: Option<Uuid>,
    pub created_at: Ts,
}

impl From<&FileRow> for FileView {
    fn from(f: &FileRow) -> Self {
        FileView {
            id: f.id,
            name: f.name.clone(),
            content_type: f.content_type.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
            in_library: f.in_library,
            url: file_url(f.id),
            created_by: f.created_by,
            created_at: f.created_at.0,
        }
    }
}
