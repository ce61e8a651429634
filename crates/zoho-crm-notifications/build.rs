//! Generates the client from `openapi.json` (written by `cargo xtask codegen`)
//! into `OUT_DIR/client.rs`. Generated code is never checked in or edited.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let fragment = manifest_dir.join("openapi.json");
    println!("cargo::rerun-if-changed={}", fragment.display());

    let text = std::fs::read_to_string(&fragment).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error}; run `cargo xtask codegen`",
            fragment.display()
        )
    });
    let spec: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|error| {
        panic!(
            "{} is not JSON: {error}; run `cargo xtask codegen`",
            fragment.display()
        )
    });
    // Auth, retries and tracing live in src/runtime.rs, carried by the
    // client as its inner type.
    // Types the overlay names as shared components are the SDK's own:
    // ChannelId takes numbers too, CallbackToken is redacted when printed,
    // and NotificationCondition nests to any depth.
    let options = sdk_codegen::ClientOptions {
        inner_type: Some("crate::runtime::Runtime".into()),
        replacements: [
            ("ChannelId", "crate::ChannelId"),
            ("CallbackToken", "crate::Secret"),
            ("NotificationCondition", "crate::NotificationCondition"),
        ]
        .map(|(component, rust)| (component.to_string(), rust.to_string()))
        .to_vec(),
    };
    let source = sdk_codegen::generate_client_with(&spec, &options).unwrap_or_else(|error| {
        panic!(
            "cannot generate the client from {}: {error}",
            fragment.display()
        )
    });

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("client.rs"), source).expect("OUT_DIR is writable");
}
