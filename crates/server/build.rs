//! Builds the operator UI (`ui/`, Vite) into `$OUT_DIR/ui` so the binary can embed it.
//!
//! Runs `npm ci` when `ui/node_modules` is missing, then `vite build`. Set
//! `VTA_SKIP_UI_BUILD=1` to skip. A failed UI build does not stop the Rust build: it prints a
//! cargo warning and the server answers `/` with a page saying the UI is missing; the server's
//! tests fail in that case, so CI does not pass without the UI.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = out_dir.join("ui");
    std::fs::create_dir_all(&target).expect("create OUT_DIR/ui");
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    println!("cargo:rerun-if-env-changed=VTA_SKIP_UI_BUILD");
    for watched in [
        "src",
        "index.html",
        "overlay",
        "public",
        "package.json",
        "package-lock.json",
    ] {
        println!("cargo:rerun-if-changed={}", ui.join(watched).display());
    }
    for config in [
        "vite.config.ts",
        "tailwind.config.ts",
        "tailwind.config.js",
        "postcss.config.js",
    ] {
        println!("cargo:rerun-if-changed={}", ui.join(config).display());
    }
    if std::env::var_os("VTA_SKIP_UI_BUILD").is_some() {
        println!("cargo:warning=VTA_SKIP_UI_BUILD is set: the UI is not built into this binary");
        return;
    }
    if !ui.join("package.json").exists() {
        println!("cargo:warning=no ui/package.json: the UI is not built into this binary");
        return;
    }
    if let Err(reason) = build_ui(&ui, &target) {
        println!("cargo:warning=the UI was not built ({reason}); the server will say so at /");
    }
}

fn build_ui(ui: &Path, target: &Path) -> Result<(), String> {
    if !ui.join("node_modules").exists() {
        run(Command::new(npm())
            .arg("ci")
            .arg("--no-audit")
            .arg("--no-fund")
            .current_dir(ui))?;
    }
    run(Command::new(npx())
        .args(["vite", "build", "--emptyOutDir", "--outDir"])
        .arg(target)
        .current_dir(ui))
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let output = command.output().map_err(|err| format!("{shown}: {err}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned();
    Err(format!("{shown} failed: {last}"))
}

fn npm() -> &'static str {
    if cfg!(windows) {
        "npm.cmd"
    } else {
        "npm"
    }
}

fn npx() -> &'static str {
    if cfg!(windows) {
        "npx.cmd"
    } else {
        "npx"
    }
}
