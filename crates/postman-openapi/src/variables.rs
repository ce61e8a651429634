//! `{{variable}}` resolution, bounded so that no collection can make it
//! loop, nest without end or grow exponentially.
//!
//! A 300-byte collection whose variable refers to itself ten times once
//! expanded to gigabytes: each pass multiplied the text by ten. Now every
//! variable is expanded once, up front, depth first with memoisation: a
//! variable met again while it is being expanded is a cycle and stays as
//! written; references nest at most [`MAX_REFERENCE_DEPTH`] deep; one
//! expansion stops growing at [`MAX_EXPANSION_BYTES`], and all of them
//! together at [`MAX_TOTAL_EXPANSION_BYTES`]. Each limit hit is a warning
//! naming the variable. What stays unexpanded is left as `{{name}}`, which
//! the converter already treats as an unresolved variable.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use crate::fast_hash::HashMap;

use crate::postman::Variable;
use crate::warning::{Warning, WarningKind};

/// How deep variables may refer to variables.
pub const MAX_REFERENCE_DEPTH: usize = 10;
/// How much text one expansion may add: one variable's value, or one text
/// resolved with [`Variables::resolve`].
pub const MAX_EXPANSION_BYTES: usize = 64 * 1024;
/// How much text all expansions of one conversion may add together.
pub const MAX_TOTAL_EXPANSION_BYTES: usize = 64 * 1024 * 1024;

/// Collection variables with values, used to resolve `{{name}}`.
#[derive(Debug, Default, Clone)]
pub struct Variables {
    /// Name → its value with every reference expanded (as far as the limits
    /// allow).
    values: HashMap<String, String>,
    /// Name → the variable's JSON path, for warnings.
    paths: HashMap<String, String>,
    /// Limits hit while expanding the values.
    warnings: Vec<Warning>,
    /// Variables that [`Variables::resolve`] left unexpanded somewhere
    /// because a limit was reached, with the limit.
    cut_short: RefCell<BTreeMap<String, &'static str>>,
    /// Bytes added by expansions so far.
    spent: Cell<usize>,
}

/// Expansion state of one variable, for cycle detection and memoisation.
enum State {
    InProgress,
    Done(String),
}

/// What expanding the collection's values found.
struct Expansion<'a> {
    raw: HashMap<&'a str, &'a str>,
    states: HashMap<String, State>,
    problems: BTreeMap<String, String>,
    spent: usize,
}

impl Variables {
    /// The enabled collection variables (at `$.variable`) that have a
    /// non-empty value.
    pub fn from_list(list: &[Variable]) -> Self {
        Variables::from_list_at(list, "$.variable")
    }

    /// The enabled variables of `list`, which sits at `json_path`, that have
    /// a non-empty value. A later variable of the same name wins.
    pub fn from_list_at(list: &[Variable], json_path: &str) -> Self {
        let mut raw: Vec<(String, String)> = Vec::new();
        let mut paths = HashMap::default();
        for (index, variable) in list.iter().enumerate() {
            if variable.disabled {
                continue;
            }
            let value = match variable.value.as_ref() {
                Some(serde_json::Value::String(text)) => text.clone(),
                Some(serde_json::Value::Null) | None => continue,
                Some(other) => other.to_string(),
            };
            let Some(key) = variable.key.clone() else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            paths.insert(key.clone(), format!("{json_path}[{index}]"));
            raw.push((key, value));
        }
        let mut expansion = Expansion {
            raw: raw
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect(),
            states: HashMap::default(),
            problems: BTreeMap::new(),
            spent: 0,
        };
        let mut values = HashMap::default();
        for (key, _) in &raw {
            if let Some(value) = expansion.expand(key, 0) {
                values.insert(key.clone(), value);
            }
        }
        let warnings = expansion
            .problems
            .into_iter()
            .map(|(name, problem)| {
                let path = paths
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| json_path.to_string());
                Warning::new(
                    WarningKind::VariableExpansion,
                    path,
                    format!("variable `{name}` {problem}"),
                )
            })
            .collect();
        Variables {
            values,
            paths,
            warnings,
            cut_short: RefCell::new(BTreeMap::new()),
            spent: Cell::new(expansion.spent),
        }
    }

    /// Replaces every `{{name}}` that has a value; unknown ones stay. The
    /// text grows by at most [`MAX_EXPANSION_BYTES`]: references past that
    /// stay as written (and are reported by [`Variables::take_warnings`]).
    pub fn resolve(&self, text: &str) -> String {
        self.resolve_borrowed(text).into_owned()
    }

    /// [`Variables::resolve`], borrowing `text` when it names no variable
    /// (nearly every path segment and query key).
    pub fn resolve_borrowed<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.values.is_empty() || !has_reference(text) {
            return Cow::Borrowed(text);
        }
        let limit = text.len().saturating_add(MAX_EXPANSION_BYTES);
        replace_bounded(text, limit, |name, length_so_far| {
            let value = self.values.get(name)?;
            let spent = self.spent.get().saturating_add(value.len());
            let limit_hit = if length_so_far.saturating_add(value.len()) > limit {
                Some("would make a text longer than 64 KiB")
            } else if spent > MAX_TOTAL_EXPANSION_BYTES {
                Some("would take variables past 64 MiB of expanded text in all")
            } else {
                None
            };
            if let Some(limit) = limit_hit {
                self.cut_short
                    .borrow_mut()
                    .entry(name.to_string())
                    .or_insert(limit);
                return None;
            }
            self.spent.set(spent);
            Some(value.as_str())
        })
        .into()
    }

    /// Every limit hit so far, one warning per variable: while expanding the
    /// values, and in [`Variables::resolve`] calls.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        let mut warnings = std::mem::take(&mut self.warnings);
        for (name, limit) in std::mem::take(self.cut_short.get_mut()) {
            let path = self
                .paths
                .get(&name)
                .cloned()
                .unwrap_or_else(|| "$.variable".to_string());
            warnings.push(Warning::new(
                WarningKind::VariableExpansion,
                path,
                format!("expanding `{{{{{name}}}}}` {limit}; left as written there"),
            ));
        }
        warnings
    }
}

impl Expansion<'_> {
    /// The value of `name` with its references expanded, memoised; `None`
    /// when it has no value or cannot be expanded here (a cycle, too deep).
    fn expand(&mut self, name: &str, depth: usize) -> Option<String> {
        match self.states.get(name) {
            Some(State::Done(value)) => return Some(value.clone()),
            Some(State::InProgress) => {
                self.problem(
                    name,
                    "refers to itself; the self-reference is left as written",
                );
                return None;
            }
            None => {}
        }
        let raw = *self.raw.get(name)?;
        if depth >= MAX_REFERENCE_DEPTH {
            self.problem(
                name,
                "is reached through references nested more than 10 deep; left as written there",
            );
            return None;
        }
        if self.spent > MAX_TOTAL_EXPANSION_BYTES {
            self.problem(
                name,
                "is not expanded: variables already expand to more than 64 MiB in all",
            );
            return None;
        }
        self.states.insert(name.to_string(), State::InProgress);
        let mut cut = false;
        let limit = raw.len().max(MAX_EXPANSION_BYTES);
        let value = replace_bounded(raw, limit, |inner, length_so_far| {
            let expanded = self.expand(inner, depth.saturating_add(1))?;
            if length_so_far.saturating_add(expanded.len()) > limit {
                cut = true;
                return None;
            }
            Some(expanded)
        });
        if cut {
            self.problem(
                name,
                "expands to more than 64 KiB; the references past that are left as written",
            );
        }
        self.spent = self.spent.saturating_add(value.len());
        self.states
            .insert(name.to_string(), State::Done(value.clone()));
        Some(value)
    }

    fn problem(&mut self, name: &str, problem: &str) {
        self.problems
            .entry(name.to_string())
            .or_insert_with(|| problem.to_string());
    }
}

/// Whether `text` holds `{{`: most texts (every URL and header of a large
/// collection) hold no reference, and a byte search says so quickest.
fn has_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| bytes.get(at.saturating_add(1)) == Some(&b'{'))
}

/// Replaces each `{{name}}` in `text` with `lookup(name)`, or leaves it.
pub fn replace_references(text: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> String {
    replace_bounded(text, usize::MAX, |name, _| lookup(name))
}

/// Replaces each `{{name}}` in `text` with `lookup(name, length of the
/// output so far)`, or leaves it as written when `lookup` gives `None`.
/// `limit` only sizes the first allocation; `lookup` enforces it.
fn replace_bounded<S: AsRef<str>>(
    text: &str,
    limit: usize,
    mut lookup: impl FnMut(&str, usize) -> Option<S>,
) -> String {
    let mut out = String::with_capacity(text.len().min(limit));
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].trim();
                match lookup(name, out.len()) {
                    Some(value) => out.push_str(value.as_ref()),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pairs: &[(&str, &str)]) -> Variables {
        Variables::from_list(
            &pairs
                .iter()
                .map(|(key, value)| Variable {
                    key: Some(key.to_string()),
                    value: Some(serde_json::Value::String(value.to_string())),
                    ..Variable::default()
                })
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn variables_resolve_recursively_and_cycles_stop() {
        let mut vars = variables(&[
            ("base", "{{scheme}}://x.test"),
            ("scheme", "https"),
            ("a", "{{a}}"),
        ]);
        assert_eq!(vars.resolve("{{base}}/p"), "https://x.test/p");
        assert_eq!(vars.resolve("{{a}}"), "{{a}}");
        let warnings = vars.take_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].json_path, "$.variable[2]");
        assert!(warnings[0].message.contains("`a` refers to itself"));
    }

    #[test]
    fn a_variable_repeating_itself_does_not_grow() {
        let mut vars = variables(&[("a", &"{{a}}".repeat(10))]);
        assert_eq!(vars.resolve("{{a}}"), "{{a}}".repeat(10));
        assert_eq!(vars.take_warnings().len(), 1);
    }

    #[test]
    fn exponential_chains_stop_at_64_kib() {
        // a9 would be 10^9 bytes: each level repeats the one below ten times.
        let mut pairs = vec![("a0".to_string(), "x".repeat(10))];
        for level in 1..10 {
            pairs.push((
                format!("a{level}"),
                format!("{{{{a{}}}}}", level - 1).repeat(10),
            ));
        }
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut vars = variables(&pairs);
        let resolved = vars.resolve("{{a9}}");
        assert!(
            resolved.len() <= 2 * MAX_EXPANSION_BYTES,
            "{}",
            resolved.len()
        );
        let warnings = vars.take_warnings();
        assert!(
            warnings
                .iter()
                .any(|w| w.kind == WarningKind::VariableExpansion && w.message.contains("64 KiB")),
            "{warnings:?}"
        );
    }

    #[test]
    fn one_resolution_adds_at_most_64_kib() {
        let mut vars = variables(&[("big", &"x".repeat(60 * 1024))]);
        let resolved = vars.resolve("{{big}}/{{big}}/{{big}}");
        assert_eq!(resolved.len(), 60 * 1024 + "/{{big}}/{{big}}".len());
        let warnings = vars.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("`{{big}}`"), "{warnings:?}");
    }

    #[test]
    fn references_nest_at_most_ten_deep() {
        let names: Vec<String> = (0..15).map(|i| format!("v{i}")).collect();
        let mut pairs: Vec<(String, String)> = names
            .windows(2)
            .map(|pair| (pair[0].clone(), format!("{{{{{}}}}}", pair[1])))
            .collect();
        pairs.push(("v14".into(), "end".into()));
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut vars = variables(&pairs);
        assert!(
            vars.resolve("{{v0}}").starts_with("{{"),
            "cut off, not resolved"
        );
        assert_eq!(vars.resolve("{{v10}}"), "end");
        assert!(!vars.take_warnings().is_empty());
    }
}
