//! `charla restore --from FILE`: a backup into an empty data folder.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use charla_domain::ids::new_id;

use super::archive::safe_relative;
use super::{DATABASE_ENTRY, FILES_PREFIX, FORMAT, KEY_ENTRY, MANIFEST, Manifest, Summary};
use crate::settings::Settings;

const STAGED_DATABASE: &str = "charla.sqlite";
const STAGED_KEY: &str = "secret.key";
const STAGED_FILES: &str = "files";

/// Restores the backup `from` into the folders these settings name, which must not hold a
/// database, a key or files yet: a restore never overwrites a server's data. Everything is
/// unpacked and checked (integrity, then migrations up to this version) in a staging folder
/// first and moved into place only when it is sound.
pub async fn restore(settings: &Settings, from: &Path) -> anyhow::Result<Summary> {
    let Some(database) = charla_db::snapshot::sqlite_file(settings.database_url.as_deref(), &settings.data_dir)? else {
        bail!("this server runs on PostgreSQL: restore it with pg_restore (README, \"Backup and restore\")");
    };
    let key = settings.secret_key_path();
    let files = settings.files_path();
    refuse_to_overwrite(&database, &key, &files)?;
    std::fs::create_dir_all(&settings.data_dir)?;
    let staging = settings.data_dir.join(format!(".restore-{}", new_id().simple()));
    let restored = async {
        let source = from.to_path_buf();
        let target = staging.clone();
        let summary = tokio::task::spawn_blocking(move || unpack(&source, &target)).await??;
        check_database(&staging).await?;
        move_into_place(&staging, &database, &key, &files)?;
        Ok(summary)
    }
    .await;
    let _ = std::fs::remove_dir_all(&staging);
    restored
}

fn refuse_to_overwrite(database: &Path, key: &Path, files: &Path) -> anyhow::Result<()> {
    if database.exists() {
        bail!("{} already holds a database: restore into an empty data folder", database.display());
    }
    if key.exists() {
        bail!("{} already holds a secret key: restore into an empty data folder", key.display());
    }
    if files.exists() && std::fs::read_dir(files)?.next().is_some() {
        bail!("{} already holds files: restore into an empty data folder", files.display());
    }
    Ok(())
}

fn unpack(from: &Path, staging: &Path) -> anyhow::Result<Summary> {
    let file = std::fs::File::open(from).with_context(|| format!("opening {}", from.display()))?;
    let mut archive = tar::Archive::new(BufReader::new(file));
    let mut entries = archive.entries().context("reading the backup")?;
    let first = entries.next().context("the backup is empty")?.context("reading the backup")?;
    read_manifest(first)?;
    std::fs::create_dir_all(staging.join(STAGED_FILES))?;
    let mut summary = Summary { database_bytes: 0, files: 0, file_bytes: 0 };
    let mut has_key = false;
    for entry in entries {
        let mut entry = entry.context("reading the backup")?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = safe_relative(&entry.path()?)?;
        let size = entry.header().size()?;
        let target = match name.to_string_lossy().as_ref() {
            DATABASE_ENTRY => {
                summary.database_bytes = size;
                staging.join(STAGED_DATABASE)
            }
            KEY_ENTRY => {
                has_key = true;
                staging.join(STAGED_KEY)
            }
            other => match other.strip_prefix(FILES_PREFIX) {
                Some(rest) => {
                    summary.files += 1;
                    summary.file_bytes += size;
                    staging.join(STAGED_FILES).join(rest)
                }
                None => bail!("the backup holds an entry Charla did not write: {other}"),
            },
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        entry.unpack(&target).with_context(|| format!("unpacking {}", name.display()))?;
    }
    if summary.database_bytes == 0 || !has_key {
        bail!("the backup is incomplete: it lacks the database or the secret key");
    }
    Ok(summary)
}

fn read_manifest(entry: tar::Entry<'_, impl Read>) -> anyhow::Result<()> {
    let named = entry.path()?.to_string_lossy() == MANIFEST;
    if !named {
        bail!("this is not a Charla backup (it does not start with {MANIFEST})");
    }
    let mut text = String::new();
    entry.take(64 * 1024).read_to_string(&mut text).context("reading the backup's manifest")?;
    let manifest: Manifest = serde_json::from_str(&text).context("reading the backup's manifest")?;
    if manifest.format != FORMAT {
        bail!(
            "the backup's format {} is not one this version reads ({FORMAT}); it was written by Charla {}",
            manifest.format,
            manifest.charla_version
        );
    }
    Ok(())
}

/// Opens the staged copy: it must pass SQLite's integrity check, and is migrated to this
/// version's schema so the server starts on it as on any older database.
async fn check_database(staging: &Path) -> anyhow::Result<()> {
    let db = charla_db::connect(None, staging).await?;
    let verdict = charla_db::snapshot::sqlite_integrity(&db).await?.unwrap_or_default();
    if verdict != "ok" {
        db.close().await;
        bail!("the backup's database is damaged: {verdict}");
    }
    let migrated = charla_db::migrate(&db).await;
    db.close().await;
    migrated.context("bringing the backup's database up to this version")?;
    Ok(())
}

/// The key and the files first, the database last: a data folder with a database is one the
/// server starts on, so it appears only once everything it needs is there.
fn move_into_place(staging: &Path, database: &Path, key: &Path, files: &Path) -> anyhow::Result<()> {
    for target in [database, key, files] {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
    }
    std::fs::rename(staging.join(STAGED_KEY), key).with_context(|| format!("placing the key at {}", key.display()))?;
    if files.exists() {
        std::fs::remove_dir(files)?;
    }
    std::fs::rename(staging.join(STAGED_FILES), files)
        .with_context(|| format!("placing the files at {}", files.display()))?;
    // A write-ahead log left by the check belongs with its database (normally there is none).
    let log = staging.join(format!("{STAGED_DATABASE}-wal"));
    if log.exists() {
        let mut beside = database.as_os_str().to_owned();
        beside.push("-wal");
        std::fs::rename(log, PathBuf::from(beside))?;
    }
    let staged = staging.join(STAGED_DATABASE);
    std::fs::rename(staged, database).with_context(|| format!("placing the database at {}", database.display()))?;
    Ok(())
}
