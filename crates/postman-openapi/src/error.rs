//! Errors and warnings, each naming the JSON path of what it is about.

use std::fmt;

/// Why a collection could not be converted at all.
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

/// Something the converter could not express exactly and degraded instead
/// (for example a non-JSON body kept as text). The conversion still succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where in the collection, as a JSONPath.
    pub json_path: String,
    /// What was degraded, and how.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "at {}: {}", self.json_path, self.message)
    }
}

/// Turns a serde path (`item[0].request`) into a JSONPath (`$.item[0].request`).
pub(crate) fn json_path_of(serde_path: &str) -> String {
    // serde_path_to_error writes `?` for a key it could not read yet.
    let serde_path = serde_path.trim_end_matches('?').trim_end_matches('.');
    match serde_path {
        "." | "" => "$".to_string(),
        path if path.starts_with('[') => format!("${path}"),
        path => format!("$.{path}"),
    }
}
