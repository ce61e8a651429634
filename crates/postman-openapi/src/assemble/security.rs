//! Postman auth → OpenAPI security schemes and an operation's `security`.

use crate::node::{Node, Object};

use crate::names::pascal_case;
use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::Located;

impl Builder {
    /// The operation's `security` (registering its scheme), from the auth the
    /// item sets or inherits; `None` when it has none or one OpenAPI cannot
    /// describe (warned).
    pub(super) fn security(&mut self, entry: &Located<'_>) -> Option<Node> {
        let auth = entry.auth?;
        let (name, scheme) = match auth.kind.as_str() {
            "noauth" => return Some(Node::Array(Vec::new())),
            "bearer" => (
                "bearerAuth".to_string(),
                Object::of([("type", "http".into()), ("scheme", "bearer".into())]),
            ),
            "jwt" => (
                "bearerAuth".to_string(),
                Object::of([
                    ("type", "http".into()),
                    ("scheme", "bearer".into()),
                    ("bearerFormat", "JWT".into()),
                ]),
            ),
            "basic" => (
                "basicAuth".to_string(),
                Object::of([("type", "http".into()), ("scheme", "basic".into())]),
            ),
            "digest" => (
                "digestAuth".to_string(),
                Object::of([("type", "http".into()), ("scheme", "digest".into())]),
            ),
            "apikey" => {
                let key = auth.param("key").unwrap_or_else(|| "X-API-Key".into());
                let location = match auth.param("in").as_deref() {
                    Some("query") => "query",
                    _ => "header",
                };
                (
                    format!("apiKey{}", pascal_case(&key)),
                    Object::of([
                        ("type", "apiKey".into()),
                        ("in", location.into()),
                        ("name", key.into()),
                    ]),
                )
            }
            "oauth2" => {
                let resolve =
                    |name: &str| auth.param(name).map(|value| self.variables.resolve(&value));
                let mut scopes = Object::new();
                for scope in resolve("scope").unwrap_or_default().split([' ', ',']) {
                    if !scope.is_empty() {
                        scopes.insert(scope.to_string(), "");
                    }
                }
                let token_url = resolve("accessTokenUrl").unwrap_or_default();
                let auth_url = resolve("authUrl").unwrap_or_default();
                let (flow, flow_object) = match resolve("grant_type").as_deref() {
                    Some("client_credentials") => (
                        "clientCredentials",
                        Object::of([("tokenUrl", token_url.into()), ("scopes", scopes.into())]),
                    ),
                    Some("password_credentials") => (
                        "password",
                        Object::of([("tokenUrl", token_url.into()), ("scopes", scopes.into())]),
                    ),
                    Some("implicit") => (
                        "implicit",
                        Object::of([
                            ("authorizationUrl", auth_url.into()),
                            ("scopes", scopes.into()),
                        ]),
                    ),
                    _ => (
                        "authorizationCode",
                        Object::of([
                            ("authorizationUrl", auth_url.into()),
                            ("tokenUrl", token_url.into()),
                            ("scopes", scopes.into()),
                        ]),
                    ),
                };
                (
                    "oauth2Auth".to_string(),
                    Object::of([
                        ("type", "oauth2".into()),
                        ("flows", Object::of([(flow, flow_object.into())]).into()),
                    ]),
                )
            }
            other => {
                self.warn(
                    WarningKind::UnsupportedAuth,
                    format!("{}.request.auth", entry.json_path),
                    format!("auth type `{other}` has no OpenAPI security scheme; left undescribed"),
                );
                return None;
            }
        };
        if self.security_schemes.get(&name).is_none() {
            self.security_schemes.insert(name.clone(), scheme);
        }
        let mut requirement = Object::new();
        requirement.insert(name, Node::Array(Vec::new()));
        Some(Node::Array(vec![requirement.into()]))
    }
}
