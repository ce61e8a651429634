//! Reading response bodies with a size cap, so a server cannot make the
//! client buffer an unbounded body.

use std::fmt;

use bytes::{Bytes, BytesMut};

/// The default cap on a response body: far above any Zoho notifications
/// answer (a full page of 200 channels is well under 1 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// A body was larger than the configured cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the response body exceeds the {limit}-byte limit (raise it with NotificationsBuilder::max_response_bytes)"
)]
pub struct BodyTooLarge {
    /// The cap in bytes.
    pub limit: usize,
}

/// Reads `response`'s body, stopping with [`BodyTooLarge`] as soon as it is
/// known to exceed `limit` (from `Content-Length`, or while streaming).
pub(crate) async fn read_capped(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Bytes, ReadError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(ReadError::TooLarge(BodyTooLarge { limit }));
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(ReadError::TooLarge(BodyTooLarge { limit }));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Over the cap.
    TooLarge(BodyTooLarge),
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge(error) => error.fmt(formatter),
            ReadError::Transport(error) => error.without_url_ref().fmt(formatter),
        }
    }
}

/// `reqwest::Error`'s text without its URL, for logs and errors.
pub(crate) trait WithoutUrlRef {
    /// The error's text with any URL replaced by `<url>`.
    fn without_url_ref(&self) -> String;
}

impl WithoutUrlRef for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(url.as_str(), "<url>");
        }
        text
    }
}
