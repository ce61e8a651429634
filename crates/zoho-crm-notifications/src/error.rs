//! What can go wrong with a whole operation, and how the generated client's
//! errors map onto it.

use std::error::Error as StdError;

use serde::Serialize;

use crate::auth::AuthError;
use crate::body_limit::{BodyTooLarge, WithoutUrlRef};
use crate::outcome::ZohoError;
use crate::secret::InvalidSecret;
use crate::subscription::ValidationError;

/// Why an operation failed as a whole. (Item-level failures are
/// [`ItemOutcome::Failure`](crate::ItemOutcome::Failure)s inside an `Ok`.)
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// The input breaks one of Zoho's limits; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Invalid(#[from] ValidationError),
    /// A secret could not be used; nothing was sent.
    #[error("invalid secret, nothing was sent: {0}")]
    InvalidSecret(#[from] InvalidSecret),
    /// No access token could be had; nothing was sent to the API.
    #[error("authentication failed: {0}")]
    Auth(#[from] AuthError),
    /// Zoho answered with a top-level error.
    #[error("Zoho answered {status}: {error}")]
    Zoho {
        /// HTTP status.
        status: u16,
        /// Code, message and details (boxed: it is large, and errors are
        /// returned far more often than inspected).
        error: Box<ZohoError>,
    },
    /// One item of a batch failed where the batch must succeed whole (renewal).
    #[error("item {index} failed: {error}")]
    ItemFailed {
        /// The item's index in the request.
        index: usize,
        /// What Zoho said about it.
        error: Box<ZohoError>,
    },
    /// Zoho answered with a status and a body that is not JSON (a proxy's
    /// HTML page, an empty 502).
    #[error("Zoho answered {0} without a JSON body")]
    UnexpectedStatus(u16),
    /// The response body did not have the documented shape.
    #[error("the response body is not what Zoho documents: {0}")]
    InvalidResponse(String),
    /// The response body was larger than the configured cap.
    #[error(transparent)]
    ResponseTooLarge(#[from] BodyTooLarge),
    /// The request did not complete (connection, timeout, TLS).
    #[error("the request did not complete: {message}{hint}")]
    Transport {
        /// What failed, with every underlying cause, without the URL.
        message: String,
        /// What to do about it, when known (starts with "; ").
        hint: &'static str,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn StdError + Send + Sync>>,
    },
}

impl SdkError {
    /// A transport error from a reqwest error, keeping its cause chain.
    pub(crate) fn transport(error: reqwest::Error) -> SdkError {
        if let Some(too_large) = find_cause::<BodyTooLarge>(&error) {
            return SdkError::ResponseTooLarge(*too_large);
        }
        let mut message = error.without_url_ref();
        let mut cause = error.source();
        while let Some(inner) = cause {
            let text = inner.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            cause = inner.source();
        }
        let hint = if message.contains("scheme is not http") || message.contains("invalid URL") {
            "; https needs the `tls` feature (on by default), or check the API domain's URL"
        } else if error.is_timeout() {
            "; Zoho did not answer in time: raise NotificationsBuilder::timeouts or retry later"
        } else if error.is_connect() {
            "; check the API domain (your token's `api_domain`) and the network"
        } else {
            ""
        };
        SdkError::Transport {
            message,
            hint,
            source: Some(Box::new(error)),
        }
    }

    /// A transport-level error that has no reqwest error behind it.
    pub(crate) fn transport_message(message: String) -> SdkError {
        SdkError::Transport {
            message,
            hint: "",
            source: None,
        }
    }

    /// The HTTP status Zoho answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            SdkError::Zoho { status, .. } | SdkError::UnexpectedStatus(status) => Some(*status),
            _ => None,
        }
    }

    /// Zoho's error, when Zoho answered with one.
    pub fn zoho_error(&self) -> Option<&ZohoError> {
        match self {
            SdkError::Zoho { error, .. } | SdkError::ItemFailed { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The first cause of type `T` in `error`'s source chain.
fn find_cause<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<T>() {
            return Some(found);
        }
        cause = current.source();
    }
    None
}

/// Maps the generated client's error onto [`SdkError`]: any JSON error body
/// becomes a typed Zoho error, whatever its status.
pub(crate) fn convert_error<E: Serialize>(error: progenitor_client::Error<E>) -> SdkError {
    use progenitor_client::Error;
    match error {
        Error::ErrorResponse(value) => {
            let status = value.status().as_u16();
            match serde_json::to_value(value.into_inner()) {
                Ok(body) => zoho_error_from_body(status, &body),
                Err(error) => SdkError::InvalidResponse(error.to_string()),
            }
        }
        Error::UnexpectedResponse(response) => {
            SdkError::UnexpectedStatus(response.status().as_u16())
        }
        Error::InvalidResponsePayload(_, error) => SdkError::InvalidResponse(error.to_string()),
        Error::CommunicationError(error)
        | Error::ResponseBodyError(error)
        | Error::InvalidUpgrade(error) => SdkError::transport(error),
        Error::InvalidRequest(message) | Error::Custom(message) => {
            SdkError::transport_message(message)
        }
    }
}

/// A Zoho error from a top-level error body, whatever fields it lacks.
pub(crate) fn zoho_error_from_body(status: u16, body: &serde_json::Value) -> SdkError {
    match ZohoError::from_body(body) {
        Some(error) => SdkError::Zoho {
            status,
            error: Box::new(error),
        },
        None => SdkError::UnexpectedStatus(status),
    }
}
