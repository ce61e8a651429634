//! Postman auth → OpenAPI security schemes and an operation's `security`.

use serde_json::{Map, Value, json};

use crate::names::pascal_case;
use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::Located;

impl Builder {
    /// The operation's `security` (registering its scheme), from the auth the
    /// item sets or inherits; `None` when it has none or one OpenAPI cannot
    /// describe (warned).
    pub(super) fn security(&mut self, entry: &Located<'_>) -> Option<Value> {
        let auth = entry.auth?;
        let (name, scheme) = match auth.kind.as_str() {
            "noauth" => return Some(json!([])),
            "bearer" => (
                "bearerAuth".to_string(),
                json!({"type": "http", "scheme": "bearer"}),
            ),
            "jwt" => (
                "bearerAuth".to_string(),
                json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
            ),
            "basic" => (
                "basicAuth".to_string(),
                json!({"type": "http", "scheme": "basic"}),
            ),
            "digest" => (
                "digestAuth".to_string(),
                json!({"type": "http", "scheme": "digest"}),
            ),
            "apikey" => {
                let key = auth.param("key").unwrap_or_else(|| "X-API-Key".into());
                let location = match auth.param("in").as_deref() {
                    Some("query") => "query",
                    _ => "header",
                };
                (
                    format!("apiKey{}", pascal_case(&key)),
                    json!({"type": "apiKey", "in": location, "name": key}),
                )
            }
            "oauth2" => {
                let resolve =
                    |name: &str| auth.param(name).map(|value| self.variables.resolve(&value));
                let scopes: Map<String, Value> = resolve("scope")
                    .unwrap_or_default()
                    .split([' ', ','])
                    .filter(|scope| !scope.is_empty())
                    .map(|scope| (scope.to_string(), Value::String(String::new())))
                    .collect();
                let token_url = resolve("accessTokenUrl").unwrap_or_default();
                let auth_url = resolve("authUrl").unwrap_or_default();
                let flows = match resolve("grant_type").as_deref() {
                    Some("client_credentials") => {
                        json!({"clientCredentials": {"tokenUrl": token_url, "scopes": scopes}})
                    }
                    Some("password_credentials") => {
                        json!({"password": {"tokenUrl": token_url, "scopes": scopes}})
                    }
                    Some("implicit") => {
                        json!({"implicit": {"authorizationUrl": auth_url, "scopes": scopes}})
                    }
                    _ => {
                        json!({"authorizationCode": {"authorizationUrl": auth_url, "tokenUrl": token_url, "scopes": scopes}})
                    }
                };
                (
                    "oauth2Auth".to_string(),
                    json!({"type": "oauth2", "flows": flows}),
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
        self.security_schemes.entry(name.clone()).or_insert(scheme);
        Some(json!([{ name: [] }]))
    }
}
