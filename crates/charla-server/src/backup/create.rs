//! `charla backup --to FILE`: a consistent copy taken while the server keeps running.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use charla_db::Backend;
use charla_domain::ids::new_id;

use super::archive::append_tree;
use super::{DATABASE_ENTRY, FILES_PREFIX, FORMAT, KEY_ENTRY, MANIFEST, Manifest, POSTGRES_REFUSAL, Summary};
use crate::settings::Settings;

/// Writes the backup to `to`, replacing nothing until it is complete: the archive is built
/// beside it under a temporary name and renamed at the end.
///
/// The database is copied first, in one read transaction, then the files folder: a file is
/// written before the row that names it, so every attachment the copy refers to is already on
/// disk when the folder is read.
pub async fn create(settings: &Settings, to: &Path) -> anyhow::Result<Summary> {
    let Some(database) = charla_db::snapshot::sqlite_file(settings.database_url.as_deref(), &settings.data_dir)? else {
        bail!(POSTGRES_REFUSAL);
    };
    if !database.is_file() {
        bail!("there is no database at {}: nothing to back up", database.display());
    }
    let key = settings.secret_key_path();
    if !key.is_file() {
        bail!("there is no secret key at {}: without it no channel token could be read again", key.display());
    }
    let db = charla_db::connect(settings.database_url.as_deref(), &settings.data_dir).await?;
    if db.backend() == Backend::Postgres {
        bail!(POSTGRES_REFUSAL);
    }
    let folder = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let snapshot = folder.join(format!(".charla-backup-{}.sqlite", new_id().simple()));
    let partial = folder.join(format!(".charla-backup-{}.partial", new_id().simple()));
    let written = async {
        charla_db::snapshot::sqlite_copy(&db, &snapshot).await.context("copying the database")?;
        let parts = Parts { snapshot: snapshot.clone(), key, files: settings.files_path() };
        let target = partial.clone();
        tokio::task::spawn_blocking(move || write_archive(&parts, &target)).await?
    }
    .await;
    db.close().await;
    let _ = std::fs::remove_file(&snapshot);
    match written {
        Ok(summary) => {
            std::fs::rename(&partial, to).with_context(|| format!("moving the backup to {}", to.display()))?;
            Ok(summary)
        }
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            Err(err)
        }
    }
}

struct Parts {
    snapshot: PathBuf,
    key: PathBuf,
    files: PathBuf,
}

fn write_archive(parts: &Parts, target: &Path) -> anyhow::Result<Summary> {
    let file = std::fs::File::create(target).with_context(|| format!("creating {}", target.display()))?;
    let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
    let manifest = Manifest {
        format: FORMAT,
        charla_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: jiff::Timestamp::now().to_string(),
    };
    append_bytes(&mut tar, MANIFEST, &serde_json::to_vec_pretty(&manifest)?)?;
    tar.append_path_with_name(&parts.snapshot, DATABASE_ENTRY)?;
    tar.append_path_with_name(&parts.key, KEY_ENTRY)?;
    let (files, file_bytes) = append_tree(&mut tar, &parts.files, FILES_PREFIX)?;
    let mut out = tar.into_inner()?.into_inner().map_err(|err| err.into_error())?;
    out.flush()?;
    out.sync_all()?;
    Ok(Summary { database_bytes: std::fs::metadata(&parts.snapshot)?.len(), files, file_bytes })
}

fn append_bytes<W: Write>(tar: &mut tar::Builder<W>, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_mtime(jiff::Timestamp::now().as_second().max(0) as u64);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)?;
    Ok(())
}
