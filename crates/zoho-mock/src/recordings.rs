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
                    "example" => self
                        .of_operation(operation_id)
                        .find(|example| example.key == value || example.name == value),
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

/// Whether a concrete path fits a template. `{param}` segments match any
/// segment, and so does the API version (`v2.1` vs `v7`): every Zoho version
/// shares the same notifications shape.
fn path_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_matches('/').split('/').collect();
    template.len() == path.len()
        && template.iter().zip(&path).all(|(expected, actual)| {
            expected == actual
                || (expected.starts_with('{') && expected.ends_with('}'))
                || (is_version(expected) && is_version(actual))
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
    }
}
