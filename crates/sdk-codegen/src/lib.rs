//! Runs [progenitor] with the settings every SDK in this workspace shares.
//!
//! The SDK crate's `build.rs` reads its OpenAPI fragment with `serde_json` and
//! calls [`generate_client`]; the returned Rust source is written to `OUT_DIR`
//! and `include!`d, so generated code is never checked in or edited by hand.
//!
//! The settings, and why each one is there:
//! - **Builder interface**: optional query parameters and bodies read well
//!   (`client.get_x().page(2).send()`), and generated types get builders.
//! - **`BTreeMap` maps**: `Debug` output is ordered, so insta snapshots are stable.
//! - **`DateTime<FixedOffset>` for `format: date-time`**: typify's default is
//!   `DateTime<Utc>`, which silently rewrites `+05:30` to `Z`; Zoho returns
//!   channel expiries in the organisation's offset and round-trips must keep it.
//! - **`schemars::JsonSchema` and `PartialEq` derives**: consumers can publish
//!   schemas of the payloads they accept, and tests can compare values.
//!
//! ```no_run
//! let spec: serde_json::Value = serde_json::from_str(r#"{"openapi":"3.0.3"}"#).unwrap();
//! let rust_source = sdk_codegen::generate_client(&spec)?;
//! # Ok::<(), sdk_codegen::CodegenError>(())
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use schemars::schema::{InstanceType, SchemaObject};

/// Why a client could not be generated from an OpenAPI document.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The document is not an OpenAPI 3.0 document `openapiv3` can read.
    #[error("the OpenAPI document does not parse: {0}")]
    InvalidDocument(#[from] serde_json::Error),
    /// progenitor returned an error (for example a duplicate operation id).
    #[error("progenitor rejected the document: {0}")]
    Rejected(String),
    /// progenitor panicked; it asserts rather than errors on some inputs
    /// (for example two success responses with different schemas).
    #[error("progenitor panicked on the document: {0}")]
    Panicked(String),
    /// progenitor's tokens did not parse as a Rust file (a progenitor bug).
    #[error("progenitor produced tokens that are not a Rust file: {0}")]
    Unparsable(String),
}

/// The progenitor settings shared by the SDKs in this workspace.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_derive("schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap")
        .with_conversion(
            SchemaObject {
                instance_type: Some(InstanceType::String.into()),
                format: Some("date-time".into()),
                ..Default::default()
            },
            "::chrono::DateTime<::chrono::FixedOffset>",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    settings
}

/// SDK-specific additions to the shared settings.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// A type the generated `Client` carries (`Client::new(url, inner)`),
    /// e.g. `crate::runtime::Runtime`. With one, the SDK must implement
    /// `progenitor_client::ClientHooks<Inner> for Client` itself: that is
    /// where auth, retries and tracing go, outside the generated code.
    pub inner_type: Option<String>,
    /// Components replaced by hand-written types: (component name, Rust
    /// path), e.g. `("ChannelId", "crate::ChannelId")`. The type must
    /// implement what generated types derive (`Clone`, `Debug`,
    /// `PartialEq`, serde, `schemars::JsonSchema`).
    pub replacements: Vec<(String, String)>,
}

/// Generates the client for `spec` (an OpenAPI 3.0.x document as JSON) and
/// returns it as formatted Rust source, preceded by a do-not-edit preamble.
pub fn generate_client(spec: &serde_json::Value) -> Result<String, CodegenError> {
    generate_client_with(spec, &ClientOptions::default())
}

/// [`generate_client`] with SDK-specific options.
pub fn generate_client_with(
    spec: &serde_json::Value,
    options: &ClientOptions,
) -> Result<String, CodegenError> {
    let spec: openapiv3::OpenAPI = serde_json::from_value(spec.clone())?;
    let mut settings = settings();
    if let Some(inner_type) = &options.inner_type {
        let tokens: proc_macro2::TokenStream = inner_type.parse().map_err(|error| {
            CodegenError::Rejected(format!(
                "inner type `{inner_type}` is not a Rust type: {error}"
            ))
        })?;
        settings
            .with_inner_type(tokens)
            .with_hooks(HooksMode::Expected);
    }
    for (component, rust_path) in &options.replacements {
        settings.with_replacement(component, rust_path, std::iter::empty());
    }
    let tokens = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(&spec)
    }))
    .map_err(|payload| CodegenError::Panicked(panic_message(payload.as_ref())))?
    .map_err(|error| CodegenError::Rejected(error.to_string()))?;
    let file = syn::parse2::<syn::File>(tokens)
        .map_err(|error| CodegenError::Unparsable(error.to_string()))?;
    Ok(format!(
        "// Generated by sdk-codegen (progenitor {}) from the OpenAPI fragment; do not edit.\n{}",
        PROGENITOR_VERSION,
        prettyplease::unparse(&file)
    ))
}

/// The progenitor release these settings were written for.
pub const PROGENITOR_VERSION: &str = "0.15";

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec_with_responses(responses: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"operationId": "get_x", "responses": responses}}}
        })
    }

    #[test]
    fn date_times_keep_their_offset() {
        let spec = spec_with_responses(json!({"200": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "object", "required": ["at"],
                "properties": {"at": {"type": "string", "format": "date-time"}}}}}}}));
        let source = generate_client(&spec).expect("generates");
        assert!(
            source.contains("::chrono::DateTime<::chrono::FixedOffset>"),
            "{source}"
        );
        assert!(source.starts_with("// Generated by sdk-codegen"));
    }

    #[test]
    fn a_progenitor_panic_becomes_an_error() {
        let spec = spec_with_responses(json!({
            "200": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
            "201": {"description": "b", "content": {"application/json": {"schema": {"type": "integer"}}}}
        }));
        let error = generate_client(&spec).expect_err("two success types are rejected");
        assert!(matches!(error, CodegenError::Panicked(_)), "{error}");
    }

    #[test]
    fn a_document_that_is_not_openapi_is_an_error() {
        let error = generate_client(&json!({"swagger": "2.0"})).expect_err("not OpenAPI 3");
        assert!(matches!(error, CodegenError::InvalidDocument(_)), "{error}");
    }
}
