//! Zoho's behaviour for `/crm/{version}/actions/watch`: validation with
//! per-item results, channels remembered in memory, and the response shapes
//! of the recordings (same keys, same order, same messages).
//!
//! Every operation works in three steps so that the channel lock is held
//! only for plain map updates: the request is validated and turned into
//! changes without the lock, the changes are applied under it, and the reply
//! is rendered after it is released.

mod channel;
mod errors;
mod listing;
mod operations;
mod store;
mod validate;

pub use channel::{Channel, resource_id, resource_uri};
pub use errors::{Reply, error, internal_error, rate_limit_exceeded};
pub use listing::{ListQuery, MAX_PER_PAGE};
pub use operations::{disable, enable, list, patch};
pub use store::{Channels, lock};
pub use validate::{
    MAX_CHANNEL_ID_DIGITS, MAX_EVENT_LENGTH, MAX_EVENTS_PER_ITEM, MAX_NOTIFY_URL_LENGTH,
    MAX_TOKEN_LENGTH, MAX_WATCH_ITEMS,
};

/// v2.1's longest channel lifetime; longer requests silently get one hour.
pub const MAX_CHANNEL_LIFETIME: chrono::Duration = chrono::Duration::days(1);

/// The longest channel lifetime of an API version (`v2`, `v2.1`, `v7`...):
/// one day up to v3, one week from v4 (Zoho's FAQ, Kaizen #170).
pub fn max_channel_lifetime(version: &str) -> chrono::Duration {
    match version {
        "v2" | "v2.1" | "v3" => MAX_CHANNEL_LIFETIME,
        _ => chrono::Duration::days(7),
    }
}
