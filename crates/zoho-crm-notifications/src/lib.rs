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

pub mod callback;
mod ids;
mod notifications;
pub mod outcome;
mod subscription;

pub use generated::*;
pub use ids::ChannelId;
pub use notifications::{AccessToken, ListFilter, Notifications, SdkError, renewal_due};
pub use outcome::{ErrorCode, ItemOutcome, ZohoError};
pub use subscription::{
    CallbackToken, Event, MAX_EVENTS_PER_CHANNEL, MAX_TOKEN_CHARS, MAX_WATCH_ITEMS, Operation,
    Subscription, ValidationError, validate,
};
