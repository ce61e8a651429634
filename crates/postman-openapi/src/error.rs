//! The error a conversion can end with, naming the JSON path it is about.

/// Why a collection could not be converted at all: the file is not readable
/// JSON, or it is not a Postman v2.0/v2.1 collection. Anything smaller (a bad
/// item, example or variable) is a [`crate::Warning`] instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {json_path}: {message}")]
pub struct ConvertError {
    /// Where in the collection, as a JSONPath (`$.item[0].request`).
    pub json_path: String,
    /// What is wrong there.
    pub message: String,
}

impl ConvertError {
    /// An error at `json_path`.
    pub fn new(json_path: impl Into<String>, message: impl Into<String>) -> Self {
        ConvertError {
            json_path: json_path.into(),
            message: message.into(),
        }
    }
}

/// Turns a serde path (`item[0].request`) into a JSONPath (`$.item[0].request`).
pub(crate) fn json_path_of(serde_path: &str) -> String {
    join_path("$", serde_path)
}

/// Appends a serde path (`request.url`, `[2].key`, `.`) to the JSONPath
/// `base`, so errors found inside one element name their place in the file.
pub(crate) fn join_path(base: &str, serde_path: &str) -> String {
    // serde_path_to_error writes `?` for a key it could not read yet.
    let serde_path = serde_path.trim_end_matches('?').trim_end_matches('.');
    match serde_path {
        "." | "" => base.to_string(),
        path if path.starts_with('[') => format!("{base}{path}"),
        path => format!("{base}.{path}"),
    }
}
