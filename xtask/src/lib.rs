//! Maintainer tasks behind `cargo xtask`.
//!
//! `codegen` and `codegen --check` are one code path ([`codegen`] with a
//! `check` flag): both convert every configured collection in memory; one
//! writes the results, the other compares them with what is checked in.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use postman_openapi::{Conversion, to_pretty_json};
use serde::Deserialize;

mod files;

pub use files::{FileChange, write_atomically};

/// `collection/codegen.json`: which collection generates which files.
#[derive(Debug, Deserialize)]
pub struct Config {
    /// One entry per SDK.
    pub targets: Vec<Target>,
}

/// One collection and the files generated from it.
#[derive(Debug, Deserialize)]
pub struct Target {
    /// The Postman collection, relative to the workspace root.
    pub collection: PathBuf,
    /// The OpenAPI fragment the SDK's build.rs reads.
    pub fragment: PathBuf,
    /// The folder of per-example test fixtures.
    pub fixtures: PathBuf,
    /// An Overlay 1.0 file of maintainer refinements, applied after inference.
    #[serde(default)]
    pub overlay: Option<PathBuf>,
    /// Rules that turn recorded validation errors into request constraints.
    #[serde(default)]
    pub constraints: Option<postman_openapi::ConstraintRules>,
}

/// Why a task failed; the message names the file and, where there is one,
/// the JSON path.
#[derive(Debug)]
pub struct TaskError(pub String);

impl fmt::Display for TaskError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for TaskError {}

/// What a codegen run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files that were (or, with `--check`, would be) written or removed.
    pub changes: Vec<FileChange>,
    /// Converter warnings, already prefixed with the collection's path.
    pub warnings: Vec<String>,
    /// Refinements applied (learned constraints, renames).
    pub refinements: Vec<String>,
    /// How the generated API changed against the checked-in fragment.
    pub api_changes: Vec<postman_openapi::ApiChange>,
}

/// What one target generates.
pub struct Generated {
    /// (path relative to root, contents), the fragment first.
    pub files: Vec<GeneratedFile>,
    /// The fragment as JSON, for diffing.
    pub fragment: serde_json::Value,
    /// Converter warnings, prefixed with the file they are about.
    pub warnings: Vec<String>,
    /// Refinements applied.
    pub refinements: Vec<String>,
}

/// The file that marks a workspace root for the maintainer tasks.
const ROOT_MARKER: &str = "collection/codegen.json";

/// The workspace this task runs in, found at run time, never from the path
/// the binary was compiled at: with a shared `CARGO_TARGET_DIR`, one binary
/// may serve several clones, and each must read and write its own files.
///
/// `cargo run` (and so `cargo xtask`) sets `CARGO_MANIFEST_DIR` to this
/// clone's `xtask/`; otherwise the nearest ancestor of the current directory
/// holding `collection/codegen.json` is the root; failing both, the current
/// directory (where the missing config is then reported).
pub fn workspace_root() -> PathBuf {
    let is_root = |dir: &Path| dir.join(ROOT_MARKER).is_file();
    let from_manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|xtask_dir| xtask_dir.parent().map(Path::to_path_buf))
        .filter(|dir| is_root(dir));
    let current = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    from_manifest
        .or_else(|| {
            current
                .ancestors()
                .find(|dir| is_root(dir))
                .map(Path::to_path_buf)
        })
        .unwrap_or(current)
}

/// Reads `collection/codegen.json` under `root`.
pub fn load_config(root: &Path) -> Result<Config, TaskError> {
    let path = root.join("collection/codegen.json");
    let text = fs::read_to_string(&path)
        .map_err(|error| TaskError(format!("{}: {error}", path.display())))?;
    serde_json::from_str(&text).map_err(|error| TaskError(format!("{}: {error}", path.display())))
}

/// Converts one collection file, naming the file in any error.
pub fn convert_file(path: &Path) -> Result<Conversion, TaskError> {
    let text = fs::read_to_string(path)
        .map_err(|error| TaskError(format!("{}: cannot read: {error}", path.display())))?;
    postman_openapi::convert(&text)
        .map_err(|error| TaskError(format!("{}: {error}", path.display())))
}

/// A generated file: path relative to the workspace root, and contents.
pub type GeneratedFile = (PathBuf, String);

/// Reads and parses a target's overlay file, naming the file in any error.
fn load_overlay(root: &Path, path: &Path) -> Result<postman_openapi::Overlay, TaskError> {
    let text = fs::read_to_string(root.join(path))
        .map_err(|error| TaskError(format!("{}: cannot read: {error}", path.display())))?;
    postman_openapi::parse_overlay(&text)
        .map_err(|error| TaskError(format!("{}: {error}", path.display())))
}

/// Converts and refines one target, in memory.
pub fn generate(root: &Path, target: &Target) -> Result<Generated, TaskError> {
    let mut conversion = convert_file(&root.join(&target.collection))?;
    let overlay = target
        .overlay
        .as_deref()
        .map(|path| load_overlay(root, path))
        .transpose()?;
    let refinements = postman_openapi::refine(
        &mut conversion,
        target.constraints.as_ref(),
        overlay.as_ref(),
    );
    let mut files = vec![(
        target.fragment.clone(),
        to_pretty_json(&conversion.document),
    )];
    for example in &conversion.examples {
        let name = format!("{}__{}.json", example.operation_id, example.key);
        let value = serde_json::to_value(example).map_err(|error| TaskError(error.to_string()))?;
        files.push((target.fixtures.join(name), to_pretty_json(&value)));
    }
    let warnings = conversion
        .warnings
        .iter()
        .map(|warning| format!("{}: {warning}", target.collection.display()))
        .collect();
    Ok(Generated {
        files,
        fragment: conversion.document,
        warnings,
        refinements,
    })
}

/// Regenerates every target (or, with `check`, only reports what differs).
///
/// Everything is converted before anything is written, so a bad collection
/// leaves every file as it was.
pub fn codegen(root: &Path, check: bool) -> Result<Report, TaskError> {
    let config = load_config(root)?;
    let mut report = Report::default();
    let mut planned = Vec::new();
    for target in &config.targets {
        let generated = generate(root, target)?;
        report.warnings.extend(generated.warnings);
        report.refinements.extend(generated.refinements);
        let checked_in = fs::read_to_string(root.join(&target.fragment))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
        if let Some(checked_in) = checked_in {
            report
                .api_changes
                .extend(postman_openapi::diff(&checked_in, &generated.fragment));
        }
        let stale = files::stale_files(root, &target.fixtures, &generated.files)?;
        planned.push((generated.files, stale));
    }
    for (files, stale) in planned {
        for (path, contents) in files {
            let current = fs::read_to_string(root.join(&path)).ok();
            if current.as_deref() != Some(contents.as_str()) {
                if !check {
                    write_atomically(&root.join(&path), &contents)?;
                }
                report.changes.push(FileChange::Written {
                    path,
                    before: current,
                    after: contents,
                });
            }
        }
        for path in stale {
            if !check {
                fs::remove_file(root.join(&path))
                    .map_err(|error| TaskError(format!("{}: {error}", path.display())))?;
            }
            report.changes.push(FileChange::Removed { path });
        }
    }
    Ok(report)
}
