//! Walking the files folder into the archive, and checking the names read back from one.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};

/// Adds every regular file under `root` as `prefix` + its relative path; answers how many
/// files and bytes went in. Symbolic links are skipped: the folder never holds any of ours.
pub(super) fn append_tree<W: Write>(
    tar: &mut tar::Builder<W>,
    root: &Path,
    prefix: &str,
) -> anyhow::Result<(u64, u64)> {
    let (mut files, mut bytes) = (0, 0);
    if !root.exists() {
        return Ok((0, 0));
    }
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                let relative = entry.path().strip_prefix(root)?.to_string_lossy().replace('\\', "/");
                let name = format!("{prefix}{relative}");
                let mut file = std::fs::File::open(entry.path())?;
                tar.append_file(&name, &mut file).with_context(|| format!("adding {name}"))?;
                files += 1;
                bytes += entry.metadata()?.len();
            }
        }
    }
    Ok((files, bytes))
}

/// The path an archive entry names, relative and without `..`: a crafted archive cannot write
/// outside the folder it is restored into.
pub(super) fn safe_relative(name: &Path) -> anyhow::Result<PathBuf> {
    let mut clean = PathBuf::new();
    for part in name.components() {
        match part {
            Component::Normal(piece) => clean.push(piece),
            Component::CurDir => {}
            _ => bail!("the backup names a path outside its folders: {}", name.display()),
        }
    }
    if clean.as_os_str().is_empty() {
        bail!("the backup holds an entry without a name");
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_the_restore_folder() {
        assert_eq!(safe_relative(Path::new("files/org/a.png")).ok(), Some(PathBuf::from("files/org/a.png")));
        assert_eq!(safe_relative(Path::new("./secret.key")).ok(), Some(PathBuf::from("secret.key")));
        assert!(safe_relative(Path::new("../etc/passwd")).is_err());
        assert!(safe_relative(Path::new("files/../../x")).is_err());
        assert!(safe_relative(Path::new("/etc/passwd")).is_err());
        assert!(safe_relative(Path::new("")).is_err());
    }
}
