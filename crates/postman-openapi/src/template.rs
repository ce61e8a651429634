//! Path templates: Postman path segments → OpenAPI `/users/{id}` templates
//! that progenitor can parse.
//!
//! progenitor reads a template with a small state machine: a `}` outside a
//! parameter, or a `{` or `/` inside one, is an error, and the whole document
//! is rejected. Postman paths carry what users type: nested variables
//! (`{{a_{{b}}}}`), brace typos (`{{x}y}}`), stray braces. So each segment
//! becomes literal text without braces and parameters with identifier-safe
//! names, and every repair is reported.

/// A path template segment after parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// A path parameter.
    Parameter(String),
}

/// A request's path as an OpenAPI template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathTemplate {
    /// The segments, each made of literal text and parameters.
    pub segments: Vec<Vec<TemplatePart>>,
    /// What had to be repaired to make the template valid, for warnings.
    pub repairs: Vec<String>,
}

impl PathTemplate {
    /// The template of `segments` (already split on `/`): `:id`, `{{id}}`
    /// and `{id}` become parameters; names are made identifier-safe and
    /// literal braces are dropped, each repair noted in
    /// [`PathTemplate::repairs`].
    pub fn parse(segments: &[String]) -> PathTemplate {
        let mut template = PathTemplate::default();
        for segment in segments {
            let parts = segment_parts(segment)
                .into_iter()
                .filter_map(|part| match part {
                    TemplatePart::Parameter(name) => {
                        let safe = safe_parameter_name(&name);
                        if safe != name {
                            template.repairs.push(format!(
                                "path parameter {name:?} in segment {segment:?} renamed `{safe}`"
                            ));
                        }
                        Some(TemplatePart::Parameter(safe))
                    }
                    TemplatePart::Literal(text) if text.contains(['{', '}']) => {
                        template
                            .repairs
                            .push(format!("stray braces removed from segment {segment:?}"));
                        let text: String =
                            text.chars().filter(|c| !matches!(c, '{' | '}')).collect();
                        (!text.is_empty()).then_some(TemplatePart::Literal(text))
                    }
                    literal => Some(literal),
                })
                .collect();
            template.segments.push(parts);
        }
        template
    }

    /// The parameter names, each once, in order of appearance.
    pub fn parameters(&self) -> Vec<String> {
        let mut seen = crate::fast_hash::HashSet::default();
        self.segments
            .iter()
            .flatten()
            .filter_map(|part| match part {
                TemplatePart::Parameter(name) if seen.insert(name.as_str()) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    /// The template text (`/users/{id}`), with parameters renamed through
    /// `rename` (names it does not know are kept).
    pub fn render(&self, rename: impl Fn(&str) -> Option<String>) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            for part in segment {
                match part {
                    TemplatePart::Literal(text) => path.push_str(text),
                    TemplatePart::Parameter(name) => {
                        path.push('{');
                        match rename(name) {
                            Some(renamed) => path.push_str(&renamed),
                            None => path.push_str(name),
                        }
                        path.push('}');
                    }
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }
}

/// Splits one path segment into literal text and parameters as written:
/// `:id`, `{{id}}` (unresolved) and `{id}` all become parameters. Nested
/// variables stay one parameter (`{{a_{{b}}}}` is `a_{{b}}`).
pub fn segment_parts(segment: &str) -> Vec<TemplatePart> {
    if let Some(name) = segment.strip_prefix(':').filter(|name| !name.is_empty()) {
        return vec![TemplatePart::Parameter(name.to_string())];
    }
    let mut parts = Vec::new();
    let mut rest = segment;
    while let Some(start) = rest.find('{') {
        let Some((name, after)) = parameter_at(&rest[start..]) else {
            break;
        };
        if start > 0 {
            parts.push(TemplatePart::Literal(rest[..start].to_string()));
        }
        parts.push(TemplatePart::Parameter(name.trim().to_string()));
        rest = after;
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_string()));
    }
    parts
}

/// The parameter that `text` (starting with `{`) opens, and what follows
/// it; `None` when it is never closed.
fn parameter_at(text: &str) -> Option<(&str, &str)> {
    if let Some(inner) = text.strip_prefix("{{") {
        // Count `{{` and `}}` so a nested variable closes with its parent.
        let mut depth = 1usize;
        let mut position = 0;
        loop {
            let open = inner[position..].find("{{").map(|at| at + position);
            let close = inner[position..].find("}}").map(|at| at + position)?;
            match open {
                Some(open) if open < close => {
                    depth = depth.saturating_add(1);
                    position = open + 2;
                }
                _ => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some((&inner[..close], &inner[close + 2..]));
                    }
                    position = close + 2;
                }
            }
        }
    }
    let inner = text.strip_prefix('{')?;
    let end = inner.find('}')?;
    Some((&inner[..end], &inner[end + 1..]))
}

/// A parameter name progenitor accepts and every reader understands:
/// letters, digits, `_`, `-` and `.`; any other run of characters becomes
/// one `_`. An empty name becomes `param`.
fn safe_parameter_name(name: &str) -> String {
    let is_safe = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !name.is_empty() && name.chars().all(is_safe) {
        return name.to_string();
    }
    let mut safe = String::with_capacity(name.len());
    for character in name.chars() {
        if is_safe(character) {
            safe.push(character);
        } else if !safe.ends_with('_') {
            safe.push('_');
        }
    }
    let safe = safe.trim_matches('_');
    if safe.is_empty() {
        "param".to_string()
    } else {
        safe.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(path: &str) -> PathTemplate {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        PathTemplate::parse(&segments)
    }

    #[test]
    fn nested_variables_and_brace_typos_become_valid_parameters() {
        let nested = template("/a/{{a_{{b}}}}/c");
        assert_eq!(nested.render(|_| None), "/a/{a_b}/c");
        assert_eq!(nested.repairs.len(), 1);
        let typo = template("/a/{{x}y}}");
        assert_eq!(typo.render(|_| None), "/a/{x_y}");
        assert_eq!(typo.parameters(), ["x_y"]);
        let stray = template("/a}/b{");
        assert_eq!(stray.render(|_| None), "/a/b");
        assert_eq!(stray.repairs.len(), 2);
    }

    #[test]
    fn ordinary_templates_are_untouched() {
        let plain = template("/v{{version}}/items/:item_id/{id}.json");
        assert_eq!(
            plain.render(|_| None),
            "/v{version}/items/{item_id}/{id}.json"
        );
        assert_eq!(plain.parameters(), ["version", "item_id", "id"]);
        assert!(plain.repairs.is_empty());
        assert_eq!(template("").render(|_| None), "/");
    }

    #[test]
    fn parameters_can_be_renamed_when_rendering() {
        let module = template("/{{module}}/x");
        let rendered = module.render(|name| (name == "module").then(|| "module_path".to_string()));
        assert_eq!(rendered, "/{module_path}/x");
    }
}
