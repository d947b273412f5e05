//! Build script: lets Tauri read `tauri.conf.json`, the capabilities and the icons.

fn main() {
    tauri_build::build();
}
