//! An uploaded sheet on disk while it is read: written as it arrives, so a large upload
//! never sits in memory, and removed when dropped.

use std::path::{Path, PathBuf};

use charla_domain::ids::new_id;
use tokio::io::AsyncWriteExt;

use crate::error::AppResult;
use crate::state::AppState;

pub struct Spool {
    path: PathBuf,
    file: Option<tokio::fs::File>,
    size: u64,
}

impl Spool {
    /// A new empty file under the files folder's `imports/`.
    pub async fn create(state: &AppState) -> AppResult<Spool> {
        let dir = state.settings.files_path().join("imports");
        tokio::fs::create_dir_all(&dir).await.map_err(anyhow::Error::from)?;
        let path = dir.join(format!("{}.upload", new_id()));
        let file = tokio::fs::File::create(&path).await.map_err(anyhow::Error::from)?;
        Ok(Spool { path, file: Some(file), size: 0 })
    }

    pub async fn write(&mut self, chunk: &[u8]) -> AppResult<()> {
        if let Some(file) = self.file.as_mut() {
            file.write_all(chunk).await.map_err(anyhow::Error::from)?;
            self.size += chunk.len() as u64;
        }
        Ok(())
    }

    /// Flushes and closes the file; it is ready to read.
    pub async fn close(&mut self) -> AppResult<()> {
        if let Some(mut file) = self.file.take() {
            file.flush().await.map_err(anyhow::Error::from)?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Keeps the file past this spool, for a job to read later; the job removes it.
    pub fn keep(mut self) -> PathBuf {
        // The emptied path makes the drop's removal a no-op.
        std::mem::take(&mut self.path)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        // Best effort: a leftover upload is only disk space, never visible to anyone.
        let _ = std::fs::remove_file(&self.path);
    }
}
