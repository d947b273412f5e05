//! Source conventions checked as tests: every Rust file of this crate opens with a `//!` line
//! saying what it is for.

use std::path::{Path, PathBuf};

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let crate_root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["src", "tests", "benches"] {
        collect_rust_files(&crate_root.join(folder), &mut files);
    }
    assert!(files.len() > 10, "found only {files:?}");
    let missing: Vec<&PathBuf> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).expect("readable source");
            !text.starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! header: {missing:?}"
    );
}

fn collect_rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}
