//! Warnings: what a conversion degraded, each with a stable kind and the JSON
//! path it is about, and the two ways people read them (a grouped summary and
//! a JSON array for tools).

use std::collections::HashMap;
use std::fmt;

use serde_json::{Value, json};

/// What kind of degradation a [`Warning`] reports. The [`slug`](Self::slug)
/// is stable: scripts may match on it (`--warnings-json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WarningKind {
    /// An item (request or folder) that cannot be read, has no URL or has
    /// neither `request` nor `item`; it is skipped, its siblings convert.
    SkippedItem,
    /// A saved example response that cannot be read or has no usable status;
    /// it is skipped.
    SkippedExample,
    /// One entry of a list (a variable, header, query or form field) that
    /// cannot be read; it is skipped.
    SkippedEntry,
    /// A field of the wrong type that was repaired (a numeric status given as
    /// text, a body that is not a string) or ignored.
    RepairedField,
    /// An example's status taken from its reason phrase (`Not Found` → 404).
    ExampleStatus,
    /// An HTTP method the generated client cannot call; the item is skipped.
    UnsupportedMethod,
    /// A body that is not what it claims (invalid JSON); described as text.
    TextBody,
    /// An example whose body kind differs from the rest of its success or
    /// error group; kept under `x-unmodelled-examples`.
    UnmodelledExample,
    /// A multipart body, which progenitor cannot send; described as bytes.
    MultipartBody,
    /// An auth type with no OpenAPI security scheme.
    UnsupportedAuth,
    /// A path parameter renamed so that its Rust name is unique.
    ParameterRenamed,
    /// A query or header parameter dropped: its Rust name repeats another
    /// parameter's, or its name cannot be sent.
    ParameterDropped,
    /// A path template repaired (a nested `{{variable}}`, a stray brace).
    PathTemplate,
    /// An object property that collides with another once made a Rust name;
    /// kept in the additional-properties map.
    PropertyCollision,
    /// A body nested deeper than the converter describes; deeper parts
    /// accept any JSON and the example is left out of the document.
    SchemaDepth,
    /// An integer beyond 64 bits, described as `number` (`f64`).
    BigInteger,
    /// A `{{variable}}` that refers to itself, nests too deep or expands to
    /// too much text; left partly unexpanded.
    VariableExpansion,
    /// One method and path recorded on several hosts, merged into one
    /// operation.
    MergedHosts,
    /// An overlay action whose target matches nothing.
    OverlayTarget,
    /// A constraint rule that could not be learned from a recorded error.
    Constraint,
}

impl WarningKind {
    /// The stable, kebab-case name of the kind (`skipped-item`).
    pub fn slug(self) -> &'static str {
        match self {
            WarningKind::SkippedItem => "skipped-item",
            WarningKind::SkippedExample => "skipped-example",
            WarningKind::SkippedEntry => "skipped-entry",
            WarningKind::RepairedField => "repaired-field",
            WarningKind::ExampleStatus => "example-status",
            WarningKind::UnsupportedMethod => "unsupported-method",
            WarningKind::TextBody => "text-body",
            WarningKind::UnmodelledExample => "unmodelled-example",
            WarningKind::MultipartBody => "multipart-body",
            WarningKind::UnsupportedAuth => "unsupported-auth",
            WarningKind::ParameterRenamed => "parameter-renamed",
            WarningKind::ParameterDropped => "parameter-dropped",
            WarningKind::PathTemplate => "path-template",
            WarningKind::PropertyCollision => "property-collision",
            WarningKind::SchemaDepth => "schema-depth",
            WarningKind::BigInteger => "big-integer",
            WarningKind::VariableExpansion => "variable-expansion",
            WarningKind::MergedHosts => "merged-hosts",
            WarningKind::OverlayTarget => "overlay-target",
            WarningKind::Constraint => "constraint",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.slug())
    }
}

/// Something the converter could not express exactly and degraded instead
/// (for example a non-JSON body kept as text). The conversion still succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What kind of degradation this is.
    pub kind: WarningKind,
    /// Where in the collection, as a JSONPath.
    pub json_path: String,
    /// What was degraded, and how.
    pub message: String,
}

impl Warning {
    /// A warning of `kind` at `json_path`.
    pub fn new(
        kind: WarningKind,
        json_path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            kind,
            json_path: json_path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "at {}: {}", self.json_path, self.message)
    }
}

/// How many JSON paths the summary shows per kind.
const PATHS_PER_KIND: usize = 3;

/// A short report of `warnings` for people: one group per kind, in the order
/// kinds first occur, with the count, the first message and the first three
/// JSON paths. Empty when there are no warnings.
///
/// ```
/// use postman_openapi::{Warning, WarningKind, summarize_warnings};
/// let warnings: Vec<Warning> = (0..5)
///     .map(|i| Warning::new(WarningKind::TextBody, format!("$.item[{i}].response[0].body"), "body is not valid JSON; kept as text"))
///     .collect();
/// let summary = summarize_warnings(&warnings);
/// assert!(summary.starts_with("5 × text-body: body is not valid JSON; kept as text\n"));
/// assert!(summary.contains("    at $.item[2].response[0].body\n    ... and 2 more\n"));
/// ```
pub fn summarize_warnings(warnings: &[Warning]) -> String {
    let mut groups: Vec<(WarningKind, Vec<&Warning>)> = Vec::new();
    let mut index_of: HashMap<WarningKind, usize> = HashMap::new();
    for warning in warnings {
        let index = *index_of.entry(warning.kind).or_insert_with(|| {
            groups.push((warning.kind, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, members)) = groups.get_mut(index) {
            members.push(warning);
        }
    }
    let mut summary = String::new();
    for (kind, members) in &groups {
        let Some(first) = members.first() else {
            continue;
        };
        summary.push_str(&format!("{} × {kind}: {}\n", members.len(), first.message));
        for member in members.iter().take(PATHS_PER_KIND) {
            summary.push_str(&format!("    at {}\n", member.json_path));
        }
        if members.len() > PATHS_PER_KIND {
            summary.push_str(&format!(
                "    ... and {} more\n",
                members.len() - PATHS_PER_KIND
            ));
        }
    }
    summary
}

/// `warnings` as a JSON array of `{"kind", "json_path", "message"}`, in
/// order, for tools (`--warnings-json`).
pub fn warnings_to_json(warnings: &[Warning]) -> Value {
    Value::Array(
        warnings
            .iter()
            .map(|warning| {
                json!({
                    "kind": warning.kind.slug(),
                    "json_path": warning.json_path,
                    "message": warning.message,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(kind: WarningKind, path: &str) -> Warning {
        Warning::new(kind, path, format!("{kind} here"))
    }

    #[test]
    fn the_summary_groups_by_kind_in_order_of_first_appearance() {
        let warnings = [
            warning(WarningKind::TextBody, "$.a"),
            warning(WarningKind::SkippedItem, "$.b"),
            warning(WarningKind::TextBody, "$.c"),
        ];
        assert_eq!(
            summarize_warnings(&warnings),
            "2 × text-body: text-body here\n    at $.a\n    at $.c\n\
             1 × skipped-item: skipped-item here\n    at $.b\n"
        );
        assert_eq!(summarize_warnings(&[]), "");
    }

    #[test]
    fn the_json_lists_every_warning_with_its_kind() {
        let warnings = [warning(WarningKind::BigInteger, "$.x")];
        assert_eq!(
            warnings_to_json(&warnings),
            json!([{"kind": "big-integer", "json_path": "$.x", "message": "big-integer here"}])
        );
    }
}
