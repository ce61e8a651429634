//! Writing generated files safely, and describing how they changed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::TaskError;

/// One generated file that differs from what is on disk.
#[derive(Debug)]
pub enum FileChange {
    /// Created or rewritten.
    Written {
        /// Path relative to the workspace root.
        path: PathBuf,
        /// The old contents, if the file existed.
        before: Option<String>,
        /// The new contents.
        after: String,
    },
    /// A fixture no example produces any more.
    Removed {
        /// Path relative to the workspace root.
        path: PathBuf,
    },
}

impl FileChange {
    /// A unified diff of the change, for `--check` output.
    pub fn diff(&self) -> String {
        match self {
            FileChange::Written {
                path,
                before,
                after,
            } => {
                let old = before.as_deref().unwrap_or("");
                let label = path.display().to_string();
                similar::TextDiff::from_lines(old, after.as_str())
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{label} (checked in)"),
                        &format!("{label} (generated)"),
                    )
                    .to_string()
            }
            FileChange::Removed { path } => format!("{} is no longer generated\n", path.display()),
        }
    }

    /// The file's path relative to the workspace root.
    pub fn path(&self) -> &Path {
        match self {
            FileChange::Written { path, .. } | FileChange::Removed { path } => path,
        }
    }
}

/// Writes `contents` atomically (the converter's temporary-file-and-rename
/// writer), naming `path` in any error.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), TaskError> {
    postman_openapi::cli::write_atomically(path, contents)
        .map_err(|error| TaskError(format!("{}: {error}", path.display())))
}

/// Fixture files in `folder` that the new generation does not produce.
pub fn stale_files(
    root: &Path,
    folder: &Path,
    generated: &[crate::GeneratedFile],
) -> Result<Vec<PathBuf>, TaskError> {
    let Ok(entries) = fs::read_dir(root.join(folder)) else {
        return Ok(Vec::new());
    };
    let mut stale = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| TaskError(format!("{}: {error}", folder.display())))?;
        let relative = folder.join(entry.file_name());
        let is_fixture = relative.extension().is_some_and(|ext| ext == "json");
        if is_fixture && !generated.iter().any(|(path, _)| *path == relative) {
            stale.push(relative);
        }
    }
    stale.sort();
    Ok(stale)
}
