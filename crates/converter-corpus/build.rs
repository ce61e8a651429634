//! Converts every corpus collection (plus the Zoho collection and a large
//! synthetic one), has progenitor generate a client for each, and writes
//! them as modules of this crate, so compiling the crate compiles them all.
//! A collection that fails to convert or generate is recorded, not fatal,
//! so the test names it instead of the build failing on the first one.

#[path = "src/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let corpus = manifest.join("corpus");
    println!("cargo::rerun-if-changed={}", corpus.display());
    println!("cargo::rerun-if-changed=src/synthetic.rs");

    let mut inputs: Vec<(String, String)> = std::fs::read_dir(&corpus)
        .expect("corpus/ exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .map(|path| {
            (
                module_name(&path),
                std::fs::read_to_string(&path).expect("readable"),
            )
        })
        .collect();
    // Collections written by others, each in a folder with its licence.
    let real = corpus.join("real");
    println!("cargo::rerun-if-changed={}", real.display());
    if let Ok(folders) = std::fs::read_dir(&real) {
        for folder in folders.filter_map(|entry| entry.ok().map(|e| e.path())) {
            let file = folder.join("collection.json");
            if let Ok(text) = std::fs::read_to_string(&file) {
                let name = folder
                    .file_name()
                    .map(|n| n.to_string_lossy().replace(['-', '.', ' '], "_"))
                    .unwrap_or_default();
                inputs.push((format!("real_{name}"), text));
            }
        }
    }
    let zoho = manifest.join("../../collection/zoho-crm-notifications.postman_collection.json");
    println!("cargo::rerun-if-changed={}", zoho.display());
    inputs.push((
        "zoho_crm_notifications".into(),
        std::fs::read_to_string(&zoho).expect("readable"),
    ));
    inputs.push((
        "synthetic_200".into(),
        synthetic::synthetic_collection(200, 2).to_string(),
    ));
    inputs.sort();

    let mut modules = String::new();
    let mut report = String::from(
        "/// (collection, operations, warnings, failure) for every corpus collection.\npub const REPORT: &[(&str, usize, usize, Option<&str>)] = &[\n",
    );
    for (name, text) in &inputs {
        let result = postman_openapi::convert(text)
            .map_err(|error| format!("convert: {error}"))
            .and_then(|conversion| {
                let source = sdk_codegen::generate_client(&conversion.document)
                    .map_err(|error| format!("progenitor: {error}"))?;
                let operations = conversion.document["paths"]
                    .as_object()
                    .map(|paths| {
                        paths
                            .values()
                            .filter_map(|item| item.as_object())
                            .map(|item| item.len())
                            .sum()
                    })
                    .unwrap_or(0);
                Ok((source, operations, conversion.warnings.len()))
            });
        match result {
            Ok((source, operations, warnings)) => {
                std::fs::write(out.join(format!("{name}.rs")), source)
                    .expect("OUT_DIR is writable");
                let _ = writeln!(
                    modules,
                    "/// Generated from `{name}`.\n#[allow(missing_docs, clippy::all, rustdoc::all, unused)]\npub mod {name} {{ include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\")); }}"
                );
                let _ = writeln!(report, "    ({name:?}, {operations}, {warnings}, None),");
            }
            Err(failure) => {
                let _ = writeln!(report, "    ({name:?}, 0, 0, Some({failure:?})),");
            }
        }
    }
    report.push_str("];\n");
    std::fs::write(out.join("corpus.rs"), format!("{modules}\n{report}"))
        .expect("OUT_DIR is writable");
}

fn module_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.trim_end_matches(".postman_collection.json")
        .replace(['-', '.', ' '], "_")
}
