//! How patient the mock is with slow peers, and how much it accepts.

use std::time::Duration;

/// Limits and timeouts of a [`MockServer`](crate::MockServer).
///
/// The defaults suit tests run by people: long enough that a debug build
/// under load never trips them, short enough that a stuck peer costs seconds,
/// not minutes. Tests of the timeouts themselves set shorter ones.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockConfig {
    /// A connection that has not sent a request's full headers within this
    /// time is closed (slowloris). It also closes idle keep-alive
    /// connections after this long.
    pub header_read_timeout: Duration,
    /// A request whose body has not fully arrived within this time (for
    /// example one shorter than its `Content-Length`) is answered 408 and
    /// its connection closed.
    pub body_read_timeout: Duration,
    /// How long a callback delivery may take to connect to the receiver.
    pub callback_connect_timeout: Duration,
    /// How long a callback delivery may take in all, answer included.
    pub callback_timeout: Duration,
    /// At most this many connections are served at once; further ones wait
    /// in the listen backlog.
    pub max_connections: usize,
    /// The `Retry-After` sent with 429 and 503 answers.
    pub retry_after: Duration,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            header_read_timeout: Duration::from_secs(5),
            body_read_timeout: Duration::from_secs(5),
            callback_connect_timeout: Duration::from_secs(2),
            callback_timeout: Duration::from_secs(5),
            max_connections: 1024,
            retry_after: Duration::from_secs(1),
        }
    }
}
