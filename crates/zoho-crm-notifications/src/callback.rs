//! Receiving the callbacks Zoho POSTs to a channel's `notify_url`.
//!
//! Zoho does not sign callbacks. The only way to tell a genuine callback from
//! a forged one is the `token` Zoho echoes back (the one you set when you
//! enabled the channel) together with the `channel_id`. A [`CallbackReceiver`]
//! knows your channels and their tokens, and [`CallbackReceiver::receive`]
//! checks a raw request body against them and splits the callback into one
//! [`CallbackEvent`] per record id.
//!
//! The receiver is independent of any web framework: hand it the request's
//! `Content-Type` header (if any) and the body bytes, and map a
//! [`CallbackError`] to a response with [`CallbackError::http_status`].
//!
//! ```
//! use zoho_crm_notifications::ChannelId;
//! use zoho_crm_notifications::callback::{CallbackError, CallbackReceiver, CallbackOperation};
//!
//! let receiver = CallbackReceiver::new()
//!     .channel("1000000068001", Some("TOKEN_FOR_VERIFICATION_OF_1000000068001"));
//!
//! let body = br#"{
//!     "server_time": 1718115953625,
//!     "affected_values": [{"record_id": "5725767000003000010", "values": {"Mobile": "123456789"}}],
//!     "query_params": {},
//!     "module": "Leads",
//!     "resource_uri": "https://www.zohoapis.com/crm/v2/Leads",
//!     "ids": ["5725767000003000010"],
//!     "affected_fields": [{"5725767000003000010": ["Mobile"]}],
//!     "operation": "update",
//!     "channel_id": "1000000068001",
//!     "token": "TOKEN_FOR_VERIFICATION_OF_1000000068001"
//! }"#;
//!
//! let events = receiver.receive(Some("application/json"), body).unwrap();
//! assert_eq!(events.len(), 1);
//! let event = &events[0];
//! assert_eq!(event.channel_id, ChannelId::new("1000000068001"));
//! assert_eq!(event.module, "Leads");
//! assert_eq!(event.operation, CallbackOperation::Update);
//! assert_eq!(event.record_id, "5725767000003000010");
//! assert_eq!(event.affected_fields, ["Mobile"]);
//! assert_eq!(event.affected_values.as_ref().unwrap()["Mobile"], "123456789");
//!
//! // The same body with another token is refused, and the error says what to answer.
//! let forged = String::from_utf8_lossy(body).replace("TOKEN_FOR", "GUESS_FOR");
//! let error = receiver.receive(None, forged.as_bytes()).unwrap_err();
//! assert!(matches!(error, CallbackError::TokenMismatch { .. }));
//! assert_eq!(error.http_status(), 401);
//! ```

#![warn(missing_docs)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::{ChannelId, Subscription};

/// The longest `module` or `operation` a callback may carry.
pub const MAX_NAME_CHARS: usize = 128;

/// The default [`CallbackReceiver::max_body_bytes`]: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// Checks callbacks against the channels you enabled and their tokens.
///
/// Build one with [`CallbackReceiver::new`], register every channel with
/// [`CallbackReceiver::channel`], then call [`CallbackReceiver::receive`] for
/// each request. A receiver is immutable once built, so it can be shared
/// between threads (for example behind an `Arc`).
///
/// Its `Debug` output lists the channel ids and whether each has a token, never
/// the tokens themselves.
#[derive(Clone)]
pub struct CallbackReceiver {
    channels: BTreeMap<ChannelId, Option<Box<[u8]>>>,
    max_body_bytes: usize,
}

impl CallbackReceiver {
    /// A receiver that knows no channel yet (so it refuses every callback)
    /// and accepts bodies of up to [`DEFAULT_MAX_BODY_BYTES`].
    pub fn new() -> Self {
        CallbackReceiver {
            channels: BTreeMap::new(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Registers a channel and the token its callbacks must carry.
    ///
    /// `token` is the `token` you sent when enabling the channel. With `None`
    /// the channel was enabled without a token, and its callbacks must carry
    /// `"token": null` (or no `token` at all); a callback that carries a token
    /// anyway is refused. Registering the same channel id again replaces its
    /// token.
    pub fn channel(mut self, channel_id: impl Into<ChannelId>, token: Option<&str>) -> Self {
        self.channels.insert(
            channel_id.into(),
            token.map(|token| token.as_bytes().into()),
        );
        self
    }

    /// Registers the channel of a [`Subscription`] with its token; the same as
    /// `channel(subscription.channel_id.clone(), Some(subscription.token.expose()))`.
    pub fn subscription(self, subscription: &Subscription) -> Self {
        self.channel(
            subscription.channel_id.clone(),
            Some(subscription.token.expose()),
        )
    }

    /// Sets the largest body, in bytes, that [`receive`](Self::receive)
    /// accepts; larger bodies are refused before they are parsed.
    ///
    /// The receiver only sees a body that has already been read, so also cap
    /// the request body in your HTTP server (see
    /// [`body_limit`](Self::body_limit)) to avoid buffering huge requests.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The largest body, in bytes, that [`receive`](Self::receive) accepts.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Whether a channel id is registered.
    pub fn has_channel(&self, channel_id: &ChannelId) -> bool {
        self.channels.contains_key(channel_id)
    }

    /// Checks one callback request and splits it into one event per record id.
    ///
    /// `content_type` is the request's `Content-Type` header value, or `None`
    /// if the request has none (with `http` or `axum`:
    /// `headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok())`).
    /// `body` is the raw request body.
    ///
    /// This is [`verify`](Self::verify) followed by [`Callback::events`]; see
    /// `verify` for the checks and the order they run in.
    pub fn receive(
        &self,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Vec<CallbackEvent>, CallbackError> {
        Ok(self.verify(content_type, body)?.events())
    }

    /// Checks one callback request and returns the whole [`Callback`].
    ///
    /// The checks run in this order, and the first that fails decides the
    /// error:
    ///
    /// 1. `body` is longer than [`body_limit`](Self::body_limit):
    ///    [`CallbackError::BodyTooLarge`]; the body is not parsed.
    /// 2. `content_type` is present and is not JSON (`application/json` or
    ///    `application/*+json`, any parameters, any case):
    ///    [`CallbackError::UnsupportedContentType`]. A missing content type is
    ///    accepted.
    /// 3. `body` is not JSON, or not a callback (see [`Callback`] for the
    ///    required fields): [`CallbackError::Malformed`].
    /// 4. `channel_id` is not registered: [`CallbackError::UnknownChannel`].
    /// 5. `token` is not the channel's token: [`CallbackError::TokenMismatch`].
    ///    A missing or `null` token is a mismatch when the channel has a token,
    ///    and any token is a mismatch when it has none.
    ///
    /// Tokens are compared with [`subtle::ConstantTimeEq`], so the time taken
    /// does not depend on how many leading bytes match. It does depend on
    /// whether the lengths are equal: a caller can learn the token's length,
    /// not its content.
    pub fn verify(
        &self,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Callback, CallbackError> {
        if body.len() > self.max_body_bytes {
            return Err(CallbackError::BodyTooLarge {
                limit: self.max_body_bytes,
                actual: body.len(),
            });
        }
        if let Some(content_type) = content_type
            && !is_json_media_type(content_type)
        {
            return Err(CallbackError::UnsupportedContentType {
                content_type: content_type.to_string(),
            });
        }
        let callback: Callback =
            serde_json::from_slice(body).map_err(|error| CallbackError::Malformed {
                reason: describe_json_error(&error),
            })?;
        // Every event repeats these: an oversized one would multiply by the
        // number of record ids. Zoho's module names and operations are short.
        for (field, value) in [
            ("module", callback.module.as_str()),
            ("operation", callback.operation.as_str()),
        ] {
            if value.chars().count() > MAX_NAME_CHARS {
                return Err(CallbackError::Malformed {
                    reason: format!("`{field}` is longer than {MAX_NAME_CHARS} characters"),
                });
            }
        }
        let Some(expected) = self.channels.get(&callback.channel_id) else {
            return Err(CallbackError::UnknownChannel(callback.channel_id));
        };
        let token_matches = match (expected, &callback.token) {
            (Some(expected), Some(received)) => bool::from(expected.ct_eq(received.as_bytes())),
            (None, None) => true,
            (Some(_), None) | (None, Some(_)) => false,
        };
        if !token_matches {
            return Err(CallbackError::TokenMismatch {
                channel_id: callback.channel_id,
            });
        }
        Ok(callback)
    }
}

impl Default for CallbackReceiver {
    fn default() -> Self {
        CallbackReceiver::new()
    }
}

impl fmt::Debug for CallbackReceiver {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct TokenPresence(bool);
        impl fmt::Debug for TokenPresence {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(if self.0 {
                    "token: <redacted>"
                } else {
                    "no token"
                })
            }
        }
        struct Channels<'a>(&'a BTreeMap<ChannelId, Option<Box<[u8]>>>);
        impl fmt::Debug for Channels<'_> {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter
                    .debug_map()
                    .entries(
                        self.0
                            .iter()
                            .map(|(id, token)| (id.as_str(), TokenPresence(token.is_some()))),
                    )
                    .finish()
            }
        }
        formatter
            .debug_struct("CallbackReceiver")
            .field("channels", &Channels(&self.channels))
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// Whether a `Content-Type` value names JSON: `application/json` or
/// `application/<anything>+json`, ignoring parameters and case.
fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.len() > "+json".len() && subtype.ends_with("+json"))
}

/// A parse error's message and position, without any part of the body.
///
/// serde quotes the offending value in "invalid type" and "invalid value"
/// messages (`invalid type: string "…", expected a sequence`); that value is
/// replaced by its kind, so a misplaced token never ends up in a log.
fn describe_json_error(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let message = if error.is_data() {
        sanitize_data_message(message)
    } else {
        // Syntax and end-of-input messages are fixed texts from serde_json.
        message.to_string()
    };
    if error.line() == 0 {
        message
    } else {
        format!("{message}{position}")
    }
}

fn sanitize_data_message(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // The expectation comes from our own types, so the last
            // ", expected " is the separator even if the value contains one.
            return match rest.rfind(", expected ") {
                Some(split) => {
                    let (unexpected, expected) = rest.split_at(split);
                    format!("{prefix}{}{expected}", value_kind(unexpected))
                }
                None => prefix.trim_end_matches(": ").to_string(),
            };
        }
    }
    let names_only_our_fields = message.starts_with("missing field `")
        || message.starts_with("duplicate field `")
        || message.starts_with("invalid length ");
    if names_only_our_fields || !(message.contains('`') || message.contains('"')) {
        message.to_string()
    } else {
        "invalid data".to_string()
    }
}

/// The kind of a value as serde's `Unexpected` displays it, without the value.
fn value_kind(unexpected: &str) -> &str {
    const KINDS: [(&str, &str); 5] = [
        ("string ", "a string"),
        ("integer ", "an integer"),
        ("floating point ", "a floating point number"),
        ("boolean ", "a boolean"),
        ("character ", "a character"),
    ];
    for (prefix, kind) in KINDS {
        if unexpected.starts_with(prefix) {
            return kind;
        }
    }
    if unexpected.contains('`') || unexpected.contains('"') {
        "a value"
    } else {
        // "sequence", "map", "unit value", ...: no value inside.
        unexpected
    }
}

/// Why a callback was refused.
///
/// Neither `Display` nor `Debug` ever shows a token or the body; parse errors
/// keep serde's message and position but replace any quoted value with its
/// kind. [`http_status`](Self::http_status) suggests a response status.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The body is longer than the receiver's limit; it was not parsed.
    BodyTooLarge {
        /// The receiver's limit, in bytes.
        limit: usize,
        /// The body's length, in bytes.
        actual: usize,
    },
    /// The request has a `Content-Type` that is not JSON.
    UnsupportedContentType {
        /// The header value as received.
        content_type: String,
    },
    /// The body is not JSON, or not shaped like a callback.
    Malformed {
        /// serde's message with line and column, without any part of the body.
        reason: String,
    },
    /// The callback names a channel the receiver does not know.
    UnknownChannel(ChannelId),
    /// The callback's token is not the one registered for its channel
    /// (including a missing token where one is expected, and the reverse).
    TokenMismatch {
        /// The (registered) channel the callback names.
        channel_id: ChannelId,
    },
}

impl CallbackError {
    /// The HTTP status to answer the request with.
    ///
    /// 413 for [`BodyTooLarge`](Self::BodyTooLarge), 415 for
    /// [`UnsupportedContentType`](Self::UnsupportedContentType), 400 for
    /// [`Malformed`](Self::Malformed), 403 for
    /// [`UnknownChannel`](Self::UnknownChannel) and 401 for
    /// [`TokenMismatch`](Self::TokenMismatch). Zoho documents no retry
    /// behaviour, so do not rely on it resending refused callbacks.
    pub fn http_status(&self) -> u16 {
        match self {
            CallbackError::BodyTooLarge { .. } => 413,
            CallbackError::UnsupportedContentType { .. } => 415,
            CallbackError::Malformed { .. } => 400,
            CallbackError::UnknownChannel(_) => 403,
            CallbackError::TokenMismatch { .. } => 401,
        }
    }
}

/// An untrusted string for messages: escaped, and cut after 64 characters.
struct Shortened<'a>(&'a str);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 64;
        match self.0.char_indices().nth(LIMIT) {
            Some((end, _)) => write!(formatter, "{:?}…", &self.0[..end]),
            None => write!(formatter, "{:?}", self.0),
        }
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::BodyTooLarge { limit, actual } => write!(
                formatter,
                "callback body of {actual} bytes exceeds the limit of {limit} bytes"
            ),
            CallbackError::UnsupportedContentType { content_type } => write!(
                formatter,
                "callback content type {} is not JSON",
                Shortened(content_type)
            ),
            CallbackError::Malformed { reason } => {
                write!(formatter, "malformed callback body: {reason}")
            }
            CallbackError::UnknownChannel(channel_id) => write!(
                formatter,
                "callback for unknown channel {}",
                Shortened(channel_id.as_str())
            ),
            CallbackError::TokenMismatch { channel_id } => write!(
                formatter,
                "callback token does not match the token of channel {}",
                Shortened(channel_id.as_str())
            ),
        }
    }
}

/// Like `Display`, every value taken from the request is cut short: an
/// attacker's 500 KB channel id must not become a 500 KB log line.
impl fmt::Debug for CallbackError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::BodyTooLarge { limit, actual } => formatter
                .debug_struct("BodyTooLarge")
                .field("limit", limit)
                .field("actual", actual)
                .finish(),
            CallbackError::UnsupportedContentType { content_type } => formatter
                .debug_struct("UnsupportedContentType")
                .field("content_type", &format_args!("{}", Shortened(content_type)))
                .finish(),
            CallbackError::Malformed { reason } => formatter
                .debug_struct("Malformed")
                .field("reason", &format_args!("{}", Shortened(reason)))
                .finish(),
            CallbackError::UnknownChannel(channel_id) => formatter
                .debug_tuple("UnknownChannel")
                .field(&format_args!("{}", Shortened(channel_id.as_str())))
                .finish(),
            CallbackError::TokenMismatch { channel_id } => formatter
                .debug_struct("TokenMismatch")
                .field(
                    "channel_id",
                    &format_args!("{}", Shortened(channel_id.as_str())),
                )
                .finish(),
        }
    }
}

impl std::error::Error for CallbackError {}

/// What a notification callback says happened.
///
/// Zoho's `insert`, `update` and `delete`; any other value is kept in
/// [`CallbackOperation::Other`]. These are not the verbs you subscribe with
/// (`create`, `edit`, `delete`: [`crate::Operation`]). (De)serializes as the
/// plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallbackOperation {
    /// `insert`: records were created.
    Insert,
    /// `update`: records were edited.
    Update,
    /// `delete`: records were deleted.
    Delete,
    /// Any other operation, as sent.
    Other(String),
}

impl CallbackOperation {
    /// The operation as Zoho sends it.
    pub fn as_str(&self) -> &str {
        match self {
            CallbackOperation::Insert => "insert",
            CallbackOperation::Update => "update",
            CallbackOperation::Delete => "delete",
            CallbackOperation::Other(other) => other,
        }
    }
}

impl From<&str> for CallbackOperation {
    fn from(operation: &str) -> Self {
        match operation {
            "insert" => CallbackOperation::Insert,
            "update" => CallbackOperation::Update,
            "delete" => CallbackOperation::Delete,
            other => CallbackOperation::Other(other.to_string()),
        }
    }
}

impl From<String> for CallbackOperation {
    fn from(operation: String) -> Self {
        match CallbackOperation::from(operation.as_str()) {
            CallbackOperation::Other(_) => CallbackOperation::Other(operation),
            known => known,
        }
    }
}

impl fmt::Display for CallbackOperation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Serialize for CallbackOperation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CallbackOperation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(CallbackOperation::from)
    }
}

/// The field values of one record in a callback's `affected_values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedValues {
    /// The record id.
    pub record_id: String,
    /// Field API name to value; values can be objects (lookups such as
    /// `Owner` or `Modified_By`), so they stay JSON.
    #[serde(default)]
    pub values: BTreeMap<String, Value>,
    /// Any other key of the item, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// One callback as Zoho POSTs it to `notify_url`.
///
/// `server_time`, `module`, `ids`, `operation` and `channel_id` are required;
/// the other fields default to empty (and `token` to `None`) when missing.
/// Keys this struct does not know are kept in [`extra`](Self::extra).
///
/// Get one from [`CallbackReceiver::verify`]: deserializing a `Callback`
/// yourself checks neither its channel nor its token.
///
/// Its `Debug` output redacts `token`. Serializing it includes the token, so
/// do not log the serialized form; log [`CallbackEvent`]s instead.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Callback {
    /// When Zoho sent the callback, in milliseconds since the Unix epoch; see
    /// [`server_datetime`](Self::server_datetime).
    pub server_time: i64,
    /// The query string of the channel's `notify_url`, as JSON.
    #[serde(default)]
    pub query_params: BTreeMap<String, Value>,
    /// The module API name, for example `Leads`.
    pub module: String,
    /// The module's API URL, for example `https://www.zohoapis.com/crm/v2/Leads`.
    #[serde(default)]
    pub resource_uri: String,
    /// The ids of the records concerned; there can be several, and Zoho may
    /// repeat one.
    pub ids: Vec<String>,
    /// For each record id, the API names of the fields that changed
    /// (`[{"<record id>": ["Field", …]}]`).
    #[serde(default)]
    pub affected_fields: Vec<BTreeMap<String, Vec<String>>>,
    /// The new values of the changed fields, when the channel was enabled with
    /// `return_affected_field_values`.
    #[serde(default)]
    pub affected_values: Vec<AffectedValues>,
    /// What happened to the records.
    pub operation: CallbackOperation,
    /// The channel the callback is for.
    pub channel_id: ChannelId,
    /// The channel's token, echoed back; `None` when the channel has none.
    #[serde(default)]
    pub token: Option<String>,
    /// Any other key of the callback, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Callback {
    /// [`server_time`](Self::server_time) as a date and time, or `None` if it
    /// is out of `chrono`'s range.
    pub fn server_datetime(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.server_time)
    }

    /// One event per distinct record id, in the order of [`ids`](Self::ids)
    /// (a repeated id yields only its first event).
    ///
    /// Each event carries the fields listed for its record in
    /// `affected_fields` (merged, without repeats, if the record appears more
    /// than once) and its values from `affected_values` (merged, later items
    /// winning, or `None` if the record has none).
    pub fn events(&self) -> Vec<CallbackEvent> {
        // Index every record's fields and values once, so the work grows
        // with the size of the callback, not with ids × entries.
        let mut fields: HashMap<&str, (Vec<String>, HashSet<&str>)> = HashMap::new();
        for map in &self.affected_fields {
            for (record_id, names) in map {
                let (ordered, seen) = fields.entry(record_id.as_str()).or_default();
                for name in names {
                    if seen.insert(name.as_str()) {
                        ordered.push(name.clone());
                    }
                }
            }
        }
        let mut values: HashMap<&str, BTreeMap<String, Value>> = HashMap::new();
        for item in &self.affected_values {
            values
                .entry(item.record_id.as_str())
                .or_default()
                .extend(item.values.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        // Shared, not copied per event: one callback may name many records.
        let query_params = Arc::new(self.query_params.clone());
        let mut seen = HashSet::new();
        self.ids
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .map(|record_id| CallbackEvent {
                channel_id: self.channel_id.clone(),
                module: self.module.clone(),
                operation: self.operation.clone(),
                record_id: record_id.clone(),
                server_time: self.server_time,
                affected_fields: fields
                    .remove(record_id.as_str())
                    .map(|(ordered, _)| ordered)
                    .unwrap_or_default(),
                affected_values: values.remove(record_id.as_str()),
                query_params: Arc::clone(&query_params),
            })
            .collect()
    }
}

impl fmt::Debug for Callback {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token: Option<&str> = self.token.as_ref().map(|_| "<redacted>");
        formatter
            .debug_struct("Callback")
            .field("server_time", &self.server_time)
            .field("query_params", &self.query_params)
            .field("module", &self.module)
            .field("resource_uri", &self.resource_uri)
            .field("ids", &self.ids)
            .field("affected_fields", &self.affected_fields)
            .field("affected_values", &self.affected_values)
            .field("operation", &self.operation)
            .field("channel_id", &self.channel_id)
            .field("token", &token)
            .field("extra", &self.extra)
            .finish()
    }
}

/// What happened to one record, from a verified [`Callback`].
///
/// Holds no token, so it is safe to log or queue. There is no event id; to
/// dedupe, key on `(channel_id, operation, record_id, server_time)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackEvent {
    /// The channel the callback came through.
    pub channel_id: ChannelId,
    /// The module API name, for example `Leads`.
    pub module: String,
    /// What happened to the record.
    pub operation: CallbackOperation,
    /// The record id.
    pub record_id: String,
    /// When Zoho sent the callback, in milliseconds since the Unix epoch; see
    /// [`server_datetime`](Self::server_datetime).
    pub server_time: i64,
    /// The API names of the fields that changed for this record (empty if the
    /// callback lists none, as for inserts).
    pub affected_fields: Vec<String>,
    /// The new values of this record's changed fields, if the callback has
    /// them.
    pub affected_values: Option<BTreeMap<String, Value>>,
    /// The query string of the channel's `notify_url`, as JSON (shared by
    /// the events of one callback).
    pub query_params: Arc<BTreeMap<String, Value>>,
}

impl CallbackEvent {
    /// [`server_time`](Self::server_time) as a date and time, or `None` if it
    /// is out of `chrono`'s range.
    pub fn server_datetime(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.server_time)
    }
}
