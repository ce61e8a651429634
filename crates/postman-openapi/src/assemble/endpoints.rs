//! Walks the collection's folders into request items, and groups the items
//! into endpoints: one per method and path template.
//!
//! Path parameters are named here, once per path (every method on a path
//! shares its template): a parameter whose Rust name would repeat a query or
//! header parameter of an operation on that path, a reserved name, or an
//! earlier path parameter is renamed (progenitor keys parameters by name, so
//! a path and a query parameter of one name make it panic; two with one Rust
//! name give a builder that does not compile). Only the template changes:
//! a path parameter's name never goes on the wire.

use crate::fast_hash::HashMap;
use std::ops::Deref;

use crate::names::{UniqueNames, rust_snake_name};
use crate::postman::{Auth, Item, Request, RequestDefinition, Url};
use crate::template::PathTemplate;
use crate::url::ParsedUrl;
use crate::warning::{Warning, WarningKind};

use super::Builder;
use super::parameters::{RESERVED, RESERVED_WITH_BODY, header_names, query_names};

/// Methods progenitor can generate calls for (reqwest has no `options` or
/// `trace` helpers, so those items are skipped with a warning).
const METHODS: [&str; 6] = ["get", "put", "post", "delete", "head", "patch"];

/// A request item with the context it inherits from its folders.
pub(super) struct Located<'a> {
    pub(super) item: &'a Item,
    pub(super) request: RequestOf<'a>,
    /// The request's URL, parsed once by [`Builder::group`].
    pub(super) url: ParsedUrl<'a>,
    pub(super) json_path: String,
    pub(super) tags: Vec<String>,
    pub(super) auth: Option<&'a Auth>,
}

/// An item's request: its own definition, or one made from a bare URL
/// (boxed: a collection has one `Located` per request, and an inline
/// definition would make each several times larger).
pub(super) enum RequestOf<'a> {
    Defined(&'a RequestDefinition),
    FromUrl(Box<RequestDefinition>),
}

impl Deref for RequestOf<'_> {
    type Target = RequestDefinition;

    fn deref(&self) -> &RequestDefinition {
        match self {
            RequestOf::Defined(definition) => definition,
            RequestOf::FromUrl(definition) => definition,
        }
    }
}

/// All items that share one method and path.
pub(super) struct Endpoint<'a> {
    pub(super) method: String,
    /// The template, with path parameters renamed where needed.
    pub(super) path: String,
    /// (name in the template, name as written), in order, each once.
    pub(super) path_parameters: Vec<(String, String)>,
    /// Never empty.
    pub(super) items: Vec<Located<'a>>,
}

/// Collects the request items under `items`, depth first, with the tags
/// (folder names) and auth they inherit. An item that is neither a request
/// nor a folder is skipped with a warning.
pub(super) fn collect<'a>(
    items: &'a [Item],
    parent_path: &str,
    tags: &[String],
    auth: Option<&'a Auth>,
    out: &mut Vec<Located<'a>>,
    warnings: &mut Vec<Warning>,
) {
    for (index, item) in items.iter().enumerate() {
        let json_path = item
            .json_path
            .clone()
            .unwrap_or_else(|| format!("{parent_path}.item[{index}]"));
        let auth = item.auth.as_ref().or(auth);
        if let Some(children) = &item.item {
            let mut folder_tags = tags.to_vec();
            folder_tags.push(item.name.clone().unwrap_or_else(|| "Unnamed folder".into()));
            collect(children, &json_path, &folder_tags, auth, out, warnings);
        } else if let Some(request) = &item.request {
            let (request, auth) = match request {
                // The request's own auth wins over what its folders set.
                Request::Full(definition) => (
                    RequestOf::Defined(definition),
                    definition.auth.as_ref().or(auth),
                ),
                Request::Url(url) => (
                    RequestOf::FromUrl(Box::new(RequestDefinition {
                        url: Some(Url::Raw(url.clone())),
                        ..RequestDefinition::default()
                    })),
                    auth,
                ),
            };
            out.push(Located {
                item,
                auth,
                request,
                url: ParsedUrl::default(),
                json_path,
                tags: tags.to_vec(),
            });
        } else {
            let name = item.name.as_deref().unwrap_or("(unnamed)");
            warnings.push(Warning::new(
                WarningKind::SkippedItem,
                json_path,
                format!(
                    "item \"{name}\" has neither `request` (a request) nor `item` (a folder); skipped"
                ),
            ));
        }
    }
}

/// An item with its method and template, before grouping.
struct Templated<'a> {
    entry: Located<'a>,
    method: String,
    template: PathTemplate,
    raw_path: String,
}

impl Builder {
    /// Groups items by method and path, in order of first appearance
    /// (hash-indexed: 100,000 requests once took minutes with a linear
    /// search per item).
    pub(super) fn group<'a>(&mut self, located: Vec<Located<'a>>) -> Vec<Endpoint<'a>> {
        let templated = self.templates(located);
        let renames = self.path_renames(&templated);

        let mut endpoints: Vec<Endpoint<'a>> = Vec::new();
        let mut index_of: HashMap<(String, String), usize> = HashMap::default();
        for Templated {
            entry,
            method,
            template,
            raw_path,
        } in templated
        {
            let rename = renames.get(&raw_path);
            let renamed = |name: &str| rename.and_then(|map| map.get(name).cloned());
            let path = template.render(renamed);
            let key = (method, path);
            if let Some(endpoint) = index_of.get(&key).and_then(|&i| endpoints.get_mut(i)) {
                endpoint.items.push(entry);
                continue;
            }
            let path_parameters = template
                .parameters()
                .into_iter()
                .map(|name| (renamed(&name).unwrap_or_else(|| name.clone()), name))
                .collect();
            index_of.insert(key.clone(), endpoints.len());
            let (method, path) = key;
            endpoints.push(Endpoint {
                method,
                path,
                path_parameters,
                items: vec![entry],
            });
        }
        endpoints
    }

    /// Parses each item's URL and path template; skips items with a method
    /// the client cannot call or no URL, and reports repaired templates.
    fn templates<'a>(&mut self, located: Vec<Located<'a>>) -> Vec<Templated<'a>> {
        let mut templated = Vec::with_capacity(located.len());
        for mut entry in located {
            let method = entry
                .request
                .method
                .as_deref()
                .unwrap_or("GET")
                .to_ascii_lowercase();
            if !METHODS.contains(&method.as_str()) {
                self.warn(
                    WarningKind::UnsupportedMethod,
                    format!("{}.request.method", entry.json_path),
                    format!(
                        "method {} is not supported by the generated client; item skipped",
                        method.to_uppercase()
                    ),
                );
                continue;
            }
            // The parsed URL borrows the collection's query list; a
            // definition made here from a bare URL owns what it holds.
            let parsed = match &entry.request {
                RequestOf::Defined(definition) => {
                    let definition: &'a RequestDefinition = definition;
                    definition
                        .url
                        .as_ref()
                        .map(|url| ParsedUrl::parse(url, &self.variables))
                }
                RequestOf::FromUrl(definition) => definition
                    .url
                    .as_ref()
                    .map(|url| ParsedUrl::parse(url, &self.variables).into_owned()),
            };
            let Some(parsed) = parsed else {
                self.warn(
                    WarningKind::SkippedItem,
                    format!("{}.request", entry.json_path),
                    "request has no url; item skipped",
                );
                continue;
            };
            entry.url = parsed;
            let template = entry.url.template();
            for repair in &template.repairs {
                self.warn(
                    WarningKind::PathTemplate,
                    format!("{}.request.url", entry.json_path),
                    format!("{repair}, so that the path is a valid template"),
                );
            }
            let raw_path = template.render(|_| None);
            templated.push(Templated {
                entry,
                method,
                template,
                raw_path,
            });
        }
        templated
    }

    /// For each path (as first rendered) that needs it: path parameter name
    /// → its new name.
    fn path_renames(
        &mut self,
        templated: &[Templated<'_>],
    ) -> HashMap<String, HashMap<String, String>> {
        // The Rust names of every query and header parameter on each path,
        // over all its methods, and the first item on the path.
        let mut on_path: HashMap<&str, (UniqueNames, &str)> = HashMap::default();
        let mut order: Vec<&Templated<'_>> = Vec::new();
        for item in templated {
            let (taken, _) = on_path.entry(item.raw_path.as_str()).or_insert_with(|| {
                order.push(item);
                (UniqueNames::default(), item.entry.json_path.as_str())
            });
            for name in query_names(&item.entry) {
                taken.reserve(rust_snake_name(name));
            }
            for name in header_names(&item.entry) {
                taken.reserve(rust_snake_name(&name));
            }
        }
        let is_reserved =
            |rust: &str| RESERVED.contains(&rust) || RESERVED_WITH_BODY.contains(&rust);
        let mut renames = HashMap::default();
        for item in order {
            let Some((taken, first_path)) = on_path.get_mut(item.raw_path.as_str()) else {
                continue;
            };
            let mut rename = HashMap::default();
            for name in item.template.parameters() {
                let rust = rust_snake_name(&name);
                if !taken.is_taken(&rust) && !is_reserved(&rust) {
                    taken.reserve(rust);
                    continue;
                }
                for reserved in RESERVED.iter().chain(RESERVED_WITH_BODY) {
                    taken.reserve(*reserved);
                }
                let renamed = taken.claim_with(&format!("{rust}_path"), "_", |candidate| {
                    vec![rust_snake_name(candidate)]
                });
                let message = format!(
                    "path parameter `{name}` of {} renamed `{renamed}`: its Rust name `{rust}` is already taken by a query or header parameter, another path parameter or the generated code",
                    item.raw_path
                );
                self.warn(
                    WarningKind::ParameterRenamed,
                    format!("{first_path}.request.url"),
                    message,
                );
                rename.insert(name, renamed);
            }
            if !rename.is_empty() {
                renames.insert(item.raw_path.clone(), rename);
            }
        }
        renames
    }
}
