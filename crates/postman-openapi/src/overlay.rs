//! Maintainer refinements in the OpenAPI Overlay 1.0 format, applied after
//! inference so they survive every regeneration.
//!
//! ```json
//! {"overlay": "1.0.0", "info": {"title": "refinements", "version": "1"},
//!  "actions": [
//!    {"target": "$.components.schemas.NotificationCallback.properties.operation",
//!     "update": {"enum": ["insert", "update", "delete"]}},
//!    {"target": "$.components.schemas.Foo", "update": {"title": "Bar"}},
//!    {"target": "$.paths['/x'].get.parameters[?@.name == 'debug']", "remove": true}]}
//! ```
//!
//! `update` merges objects recursively, appends to arrays and replaces other
//! values; `remove` deletes every match. A `title` on a component renames the
//! generated type ([`apply_titles`]). Targets are RFC 9535 JSONPath, queried
//! with `serde_json_path`.

use serde::Deserialize;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::error::ConvertError;
use crate::names::pascal_case;
use crate::warning::{Warning, WarningKind};

/// An Overlay 1.0 document.
#[derive(Debug, Clone, Deserialize)]
pub struct Overlay {
    /// The Overlay spec version (`1.0.0`).
    pub overlay: String,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// One overlay action.
#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    /// A JSONPath selecting the nodes to change.
    pub target: String,
    /// Why; shown in reports.
    #[serde(default)]
    pub description: Option<String>,
    /// Merged into every target.
    #[serde(default)]
    pub update: Option<Value>,
    /// Deletes every target.
    #[serde(default)]
    pub remove: bool,
}

/// Parses an overlay file's text, naming the JSON path of any error.
pub fn parse_overlay(text: &str) -> Result<Overlay, ConvertError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let overlay: Overlay =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            ConvertError::new(
                crate::error::json_path_of(&error.path().to_string()),
                error.into_inner().to_string(),
            )
        })?;
    if !overlay.overlay.starts_with("1.") {
        return Err(ConvertError::new(
            "$.overlay",
            format!("unsupported overlay version {}", overlay.overlay),
        ));
    }
    for (index, action) in overlay.actions.iter().enumerate() {
        JsonPath::parse(&action.target).map_err(|error| {
            ConvertError::new(format!("$.actions[{index}].target"), error.to_string())
        })?;
        if action.update.is_none() && !action.remove {
            return Err(ConvertError::new(
                format!("$.actions[{index}]"),
                "an action needs `update` or `remove: true`",
            ));
        }
    }
    Ok(overlay)
}

/// Applies `overlay` to `document`. Actions whose target matches nothing are
/// reported as warnings (a refinement that silently stopped applying is the
/// failure maintainers care about).
pub fn apply_overlay(document: &mut Value, overlay: &Overlay) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (index, action) in overlay.actions.iter().enumerate() {
        let Ok(path) = JsonPath::parse(&action.target) else {
            continue;
        };
        let mut pointers: Vec<String> = path
            .query_located(document)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if pointers.is_empty() {
            warnings.push(Warning {
                kind: WarningKind::OverlayTarget,
                json_path: format!("overlay $.actions[{index}]"),
                message: format!(
                    "target {} matches nothing; the action was not applied",
                    action.target
                ),
            });
            continue;
        }
        if action.remove {
            // Later array elements first, so earlier indices stay valid.
            pointers.reverse();
            for pointer in &pointers {
                remove(document, pointer);
            }
        } else if let Some(update) = &action.update {
            for pointer in &pointers {
                if let Some(target) = document.pointer_mut(pointer) {
                    merge(target, update);
                }
            }
        }
    }
    warnings
}

fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(object)) => {
            object.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// Renames every component that has a `title` to the PascalCase of the title
/// and rewrites the `$ref`s to it, so `title` names the generated type.
pub fn apply_titles(document: &mut Value) -> Vec<(String, String)> {
    let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let renames: Vec<(String, String)> = schemas
        .iter()
        .filter_map(|(name, schema)| {
            let title = pascal_case(schema.get("title")?.as_str()?);
            (title != *name && !schemas.contains_key(&title)).then(|| (name.clone(), title))
        })
        .collect();
    if renames.is_empty() {
        return renames;
    }
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        let old = std::mem::take(schemas);
        *schemas = old
            .into_iter()
            .map(
                |(name, schema)| match renames.iter().find(|(from, _)| *from == name) {
                    Some((_, to)) => (to.clone(), schema),
                    None => (name, schema),
                },
            )
            .collect::<Map<String, Value>>();
    }
    rewrite_refs(document, &renames);
    renames
}

fn rewrite_refs(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref")
                && let Some(name) = reference.strip_prefix("#/components/schemas/")
                && let Some((_, to)) = renames.iter().find(|(from, _)| from == name)
            {
                *reference = format!("#/components/schemas/{to}");
            }
            object
                .values_mut()
                .for_each(|child| rewrite_refs(child, renames));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| rewrite_refs(child, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        parse_overlay(&json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}).to_string())
            .expect("valid overlay")
    }

    #[test]
    fn updates_merge_and_removes_delete_and_misses_are_reported() {
        let mut document = json!({"components": {"schemas": {"A": {"type": "object", "properties": {"s": {"type": "string"}, "x": {}}}}}});
        let warnings = apply_overlay(
            &mut document,
            &overlay(json!([
                {"target": "$.components.schemas.A.properties.s", "update": {"enum": ["a", "b"]}},
                {"target": "$.components.schemas.A.properties.x", "remove": true},
                {"target": "$.components.schemas.Missing", "update": {"title": "Z"}},
            ])),
        );
        assert_eq!(
            document["components"]["schemas"]["A"]["properties"],
            json!({"s": {"type": "string", "enum": ["a", "b"]}})
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("matches nothing"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn titles_rename_components_and_their_references() {
        let mut document = json!({"paths": {"/": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Long"}}}}}}}},
            "components": {"schemas": {"Long": {"title": "short name", "type": "object"}}}});
        assert_eq!(
            apply_titles(&mut document),
            [("Long".to_string(), "ShortName".to_string())]
        );
        assert!(document["components"]["schemas"]["ShortName"].is_object());
        assert_eq!(
            document["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/ShortName"
        );
    }

    #[test]
    fn a_bad_target_names_its_action() {
        let error =
            parse_overlay(r#"{"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]}"#)
                .expect_err("bad JSONPath");
        assert_eq!(error.json_path, "$.actions[0].target");
    }
}
