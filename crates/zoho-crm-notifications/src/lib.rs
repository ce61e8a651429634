//! Zoho CRM Notifications client.

/// The client and types generated from `openapi.json` by `build.rs`.
///
/// Their doc comments come from the collection's free text, which rustdoc's
/// link lints do not understand, hence the allowances.
#[allow(
    missing_docs,
    clippy::all,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use generated::*;
