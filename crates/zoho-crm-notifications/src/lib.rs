//! A typed client for the Zoho CRM Notifications API (`/crm/v2.1/actions/watch`).
//!
//! ```
//! use chrono::{Duration, Utc};
//! use zoho_crm_notifications::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = zoho_mock::MockServer::start().await?;
//! # let api_domain = mock.url(); // in production: "https://www.zohoapis.com" or your token's api_domain
//! let api = Notifications::new(api_domain, &AccessToken::new("1000.your-access-token")?)?;
//! let channel = ChannelId::new("1000000068001");
//! let deals = Subscription::new(
//!     channel.clone(),
//!     vec![Event::new("Deals", Operation::All)],
//!     "https://example.com/zoho/callback",
//!     CallbackToken::new("verify-me")?,
//!     (Utc::now() + Duration::hours(12)).fixed_offset(),
//! )
//! // Only when the stage or the amount changes (API v6 and later).
//! .with_condition(NotificationCondition::fields(
//!     "Deals",
//!     Criteria::any([Criteria::field("Stage"), Criteria::field("Amount")]),
//! ));
//! // One outcome per subscription, in order, whatever the status (Zoho
//! // reports partial failure inside 202 and 207 answers, and in 400s).
//! for outcome in api.enable(&[deals]).await? {
//!     match outcome {
//!         ItemOutcome::Success { message, .. } => println!("ok: {message}"),
//!         ItemOutcome::Failure(error) => println!("failed: {error}"),
//!     }
//! }
//!
//! let listed = api.list_all().await?; // follows `info.more_records`
//! assert_eq!(listed.entries[0].resource_name.as_deref(), Some("Deals"));
//! api.disable(&[channel]).await?;
//! # Ok(())
//! # }
//! ```
//!
//! - [`Notifications`]: one method per operation, with inputs validated
//!   before sending and one [`ItemOutcome`] per `watch` item of the reply.
//! - [`callback::CallbackReceiver`]: checks the callbacks Zoho POSTs to your
//!   `notify_url` and yields one event per record id.
//! - [`Client`] and [`types`]: the client generated from `openapi.json`.

/// The client and types generated from `openapi.json` by `build.rs`.
///
/// Their doc comments come from the collection's free text, which rustdoc's
/// link lints do not understand, hence the allowances. progenitor puts the
/// `4XX`/`5XX` range arms before the recorded statuses they cover (all of
/// one error type), hence `unreachable_patterns`.
#[allow(
    missing_docs,
    unreachable_patterns,
    clippy::all,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub mod auth;
mod body_limit;
pub mod callback;
mod capture;
mod client_builder;
mod condition;
pub mod datacenter;
mod error;
mod ids;
mod listing;
mod notifications;
pub mod outcome;
mod renewal;
pub mod retry;
mod runtime;
mod secret;
mod subscription;
mod wire;

pub use auth::{AuthError, Credentials, RefreshTokenFlow};
pub use body_limit::{BodyTooLarge, DEFAULT_MAX_RESPONSE_BYTES};
pub use client_builder::NotificationsBuilder;
pub use condition::{
    ApiRef, Criteria, GroupOperator, MAX_CONDITION_FIELDS, MAX_GROUP_ENTRIES, NotificationCondition,
};
pub use datacenter::{ApiVersion, DataCenter, Environment};
pub use error::SdkError;
pub use generated::*;
pub use ids::ChannelId;
pub use listing::{ListFilter, ListPage, MAX_PAGES, MAX_PER_PAGE, UndecodableEntry, WatchEntry};
pub use notifications::{AccessToken, Notifications, renewal_due};
pub use outcome::{ErrorCode, ItemOutcome, ZohoError};
pub use renewal::{RenewalHandle, RenewalPolicy, spawn_renewal};
pub use retry::RetryPolicy;
pub use runtime::Runtime;
pub use secret::{InvalidSecret, Secret};
pub use subscription::{
    CallbackToken, Event, MAX_EVENTS_PER_CHANNEL, MAX_TOKEN_CHARS, MAX_WATCH_ITEMS, Operation,
    Subscription, ValidationError, validate,
};
