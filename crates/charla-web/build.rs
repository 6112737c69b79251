//! Builds `web/` with npm when its output is missing or older than its sources, then
//! embeds `web/dist` (or `CHARLA_WEB_DIST`, a prebuilt folder) into the binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn main() {
    println!("cargo:rerun-if-env-changed=CHARLA_WEB_DIST");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dist = match std::env::var_os("CHARLA_WEB_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let web = root.join("web");
            for watched in ["src", "index.html", "package.json", "package-lock.json", "public", "vite.config.ts"] {
                println!("cargo:rerun-if-changed={}", web.join(watched).display());
            }
            println!("cargo:rerun-if-changed={}", root.join("locales").display());
            let dist = web.join("dist");
            if needs_build(&web, &root.join("locales"), &dist) {
                build(&web);
            }
            dist
        }
    };
    if !dist.join("index.html").exists() {
        eprintln!("charla-web: {} has no index.html; build the web app first", dist.display());
        std::process::exit(1);
    }
    memory_serve::load_directory(dist);
}

fn needs_build(web: &Path, locales: &Path, dist: &Path) -> bool {
    if !web.join("package.json").exists() {
        return false;
    }
    let built = match std::fs::metadata(dist.join("index.html")).and_then(|m| m.modified()) {
        Ok(t) => t,
        Err(_) => return true,
    };
    let newest = [web.join("src"), web.join("index.html"), web.join("package.json"), locales.to_path_buf()]
        .iter()
        .map(|p| newest_mtime(p))
        .max()
        .flatten();
    newest.is_some_and(|t| t > built)
}

fn newest_mtime(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        std::fs::read_dir(path).ok()?.filter_map(Result::ok).filter_map(|e| newest_mtime(&e.path())).max()
    } else {
        meta.modified().ok()
    }
}

fn build(web: &Path) {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    if !web.join("node_modules").exists() {
        run(Command::new(npm).arg("ci").current_dir(web));
    }
    run(Command::new(npm).args(["run", "build"]).current_dir(web));
}

fn run(command: &mut Command) {
    match command.status() {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("charla-web: {command:?} failed: {other:?}");
            std::process::exit(1);
        }
    }
}
