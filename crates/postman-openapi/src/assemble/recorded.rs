//! Every recorded example, kept with what is needed to replay it in tests
//! (the SDK's fixtures, the mock server).

use serde::Serialize;

use crate::postman::{Request, RequestDefinition, Response};
use crate::url::ParsedUrl;

use super::Builder;
use super::endpoints::Located;
use super::responses::Payload;

/// One recorded example, with what is needed to replay it in tests.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RecordedExample {
    /// The operation the example belongs to.
    pub operation_id: String,
    /// A key unique within the operation (`oauth_scope_mismatch_2`).
    pub key: String,
    /// The example's name in the collection.
    pub name: String,
    /// Where the example sits in the collection.
    pub json_path: String,
    /// The request that produced it.
    pub request: RecordedRequest,
    /// HTTP status code.
    pub status: u16,
    /// The recorded `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body, byte for byte as recorded.
    pub body: String,
}

/// The request side of a recorded example.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RecordedRequest {
    /// HTTP method as recorded (may be one OpenAPI cannot express, e.g. COPY).
    pub method: String,
    /// Concrete path, with example path-parameter values.
    pub path: String,
    /// Enabled query parameters.
    pub query: Vec<(String, String)>,
    /// The raw body, if one was sent.
    pub body: Option<String>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn recorded_example(
        &self,
        entry: &Located<'_>,
        response: &Response,
        operation_id: &str,
        key: &str,
        name: &str,
        json_path: &str,
        status: u16,
        payload: &Payload,
    ) -> RecordedExample {
        let original: &RequestDefinition = match &response.original_request {
            Some(Request::Full(definition)) => definition,
            _ => &entry.request,
        };
        // The recorded request may differ from the item's (other query, path).
        let original_url = match &response.original_request {
            Some(Request::Full(definition)) => definition
                .url
                .as_ref()
                .map(|url| ParsedUrl::parse(url, &self.variables)),
            _ => None,
        };
        let url = original_url.as_ref().unwrap_or(&entry.url);
        let content_type = response.content_type().or_else(|| {
            matches!(payload, Payload::Json { .. }).then(|| "application/json".to_string())
        });
        RecordedExample {
            operation_id: operation_id.to_string(),
            key: key.to_string(),
            name: name.to_string(),
            json_path: json_path.to_string(),
            request: RecordedRequest {
                method: original
                    .method
                    .clone()
                    .unwrap_or_else(|| "GET".into())
                    .to_ascii_uppercase(),
                path: url.concrete_path(),
                query: url
                    .query
                    .iter()
                    .filter(|q| !q.disabled)
                    .filter_map(|q| Some((q.key.clone()?, q.value_text())))
                    .collect(),
                body: original
                    .body
                    .as_ref()
                    .and_then(|b| b.raw.as_deref())
                    .filter(|raw| !raw.is_empty())
                    .map(str::to_string),
            },
            status,
            content_type,
            body: response
                .body
                .get()
                .as_deref()
                .unwrap_or_default()
                .to_string(),
        }
    }
}
