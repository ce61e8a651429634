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
//! let api = Notifications::new(api_domain, &AccessToken::new("1000.your-access-token"))?;
//! let channel = ChannelId::new("1000000068001");
//! let outcomes = api
//!     .enable(&[Subscription {
//!         channel_id: channel.clone(),
//!         events: vec![Event::new("Deals", Operation::All)],
//!         notify_url: "https://example.com/zoho/callback".into(),
//!         token: CallbackToken::new("verify-me"),
//!         channel_expiry: (Utc::now() + Duration::hours(12)).fixed_offset(),
//!     }])
//!     .await?;
//! assert!(outcomes.iter().all(ItemOutcome::is_success));
//!
//! let listed = api.list(&ListFilter::default()).await?;
//! assert_eq!(listed[0].resource_name, "Deals");
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

pub mod auth;
pub mod callback;
pub mod datacenter;
mod ids;
mod notifications;
pub mod outcome;
mod renewal;
pub mod retry;
mod runtime;
mod subscription;

pub use auth::{Credentials, RefreshTokenFlow, Secret};
pub use datacenter::{ApiVersion, DataCenter, Environment};
pub use generated::*;
pub use ids::ChannelId;
pub use notifications::{
    AccessToken, ListFilter, Notifications, NotificationsBuilder, SdkError, renewal_due,
};
pub use outcome::{ErrorCode, ItemOutcome, ZohoError};
pub use renewal::{RenewalHandle, RenewalPolicy, spawn_renewal};
pub use retry::RetryPolicy;
pub use runtime::Runtime;
pub use subscription::{
    CallbackToken, Event, MAX_EVENTS_PER_CHANNEL, MAX_TOKEN_CHARS, MAX_WATCH_ITEMS, Operation,
    Subscription, ValidationError, validate,
};
