//! The collection's recorded examples, indexed for serving.

use postman_openapi::RecordedExample;

/// Every recorded example of the collection, and the paths it describes.
#[derive(Debug, Clone)]
pub struct Recordings {
    examples: Vec<RecordedExample>,
    /// `(METHOD, path template, operation id)` for every operation.
    operations: Vec<(String, String, String)>,
}

impl Recordings {
    /// Converts `collection` (Postman v2.x text) and keeps its examples.
    pub fn from_collection(collection: &str) -> Result<Recordings, postman_openapi::ConvertError> {
        let conversion = postman_openapi::convert(collection)?;
        let mut operations = Vec::new();
        if let Some(paths) = conversion.document["paths"].as_object() {
            for (path, item) in paths {
                for (method, operation) in item.as_object().into_iter().flatten() {
                    let id = operation["operationId"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    operations.push((method.to_ascii_uppercase(), path.clone(), id));
                }
            }
        }
        Ok(Recordings {
            examples: conversion.examples,
            operations,
        })
    }

    /// The operation serving `method` on `path`, if any.
    pub fn operation(&self, method: &str, path: &str) -> Option<&str> {
        self.operations
            .iter()
            .find(|(m, template, _)| m == method && path_matches(template, path))
            .map(|(_, _, id)| id.as_str())
    }

    /// Whether any operation serves `path`, whatever the method.
    pub fn knows_path(&self, path: &str) -> bool {
        self.operations
            .iter()
            .any(|(_, template, _)| path_matches(template, path))
    }

    /// The examples of one operation.
    pub fn of_operation<'a>(
        &'a self,
        operation_id: &'a str,
    ) -> impl Iterator<Item = &'a RecordedExample> + 'a {
        self.examples
            .iter()
            .filter(move |example| example.operation_id == operation_id)
    }

    /// The first example anywhere whose JSON body has `"code": code`.
    pub fn with_code(&self, code: &str) -> Option<&RecordedExample> {
        self.examples.iter().find(|example| {
            serde_json::from_str::<serde_json::Value>(&example.body)
                .is_ok_and(|body| body["code"] == code)
        })
    }

    /// The example of `operation_id` called `wanted`: by key or name, then
    /// by name ignoring case (`invalid_data` for `INVALID_DATA`), then by the
    /// end of its key, since the converter prefixes keys that would collide
    /// (`enable_notifications_invalid_data`).
    fn example_named<'a>(
        &'a self,
        operation_id: &'a str,
        wanted: &str,
    ) -> Option<&'a RecordedExample> {
        let suffix = format!("_{wanted}");
        self.of_operation(operation_id)
            .find(|example| example.key == wanted || example.name == wanted)
            .or_else(|| {
                self.of_operation(operation_id)
                    .find(|example| example.name.eq_ignore_ascii_case(wanted))
            })
            .or_else(|| {
                self.of_operation(operation_id)
                    .find(|example| example.key.ends_with(&suffix))
            })
    }

    /// The example a `Prefer` header asks for: `example=<key or name>` or
    /// `code=<status>`.
    pub fn preferred<'a>(
        &'a self,
        operation_id: &'a str,
        prefer: &str,
    ) -> Option<&'a RecordedExample> {
        prefer
            .split([',', ';'])
            .map(str::trim)
            .find_map(|directive| {
                let (name, value) = directive.split_once('=')?;
                let value = value.trim().trim_matches('"');
                match name.trim() {
                    "example" => self.example_named(operation_id, value),
                    "code" => {
                        let status: u16 = value.parse().ok()?;
                        self.of_operation(operation_id)
                            .find(|example| example.status == status)
                    }
                    _ => None,
                }
            })
    }
}

/// The API versions Zoho serves the notifications endpoint on; any other
/// version segment answers `INVALID_URL_PATTERN`, as on Zoho.
pub const SUPPORTED_VERSIONS: [&str; 8] = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

/// Whether a concrete path fits a template. `{param}` segments match any
/// segment, and the template's API version matches any supported one:
/// every Zoho version shares the same notifications shape.
fn path_matches(template: &str, path: &str) -> bool {
    let template = template.trim_matches('/').split('/');
    let path = path.trim_matches('/').split('/');
    template.clone().count() == path.clone().count()
        && template.zip(path).all(|(expected, actual)| {
            expected == actual
                || (expected.starts_with('{') && expected.ends_with('}'))
                || (is_version(expected) && SUPPORTED_VERSIONS.contains(&actual))
        })
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    })
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn versions_and_parameters_match_any_value() {
        assert!(path_matches(
            "/crm/v2.1/actions/watch",
            "/crm/v7/actions/watch"
        ));
        assert!(path_matches("/users/{id}", "/users/42"));
        assert!(!path_matches(
            "/crm/v2.1/actions/watch",
            "/crm/v2.1/actions/other"
        ));
        assert!(!path_matches(
            "/crm/v2.1/actions/watch",
            "/crm/latest/actions/watch"
        ));
        assert!(!path_matches(
            "/crm/v2.1/actions/watch",
            "/crm/v99999999999999999999/actions/watch"
        ));
        assert!(!path_matches(
            "/crm/v2.1/actions/watch",
            "/crm/v9/actions/watch"
        ));
    }
}
