//! When and how long to retry.
//!
//! 429 and 503 say the request was not processed, so they are retried for
//! every method; 500, 502 and 504 may follow a request that was applied, so
//! only idempotent methods (GET, PUT, DELETE, HEAD) retry them. A connection
//! that failed to open never reached Zoho and is always retried; a request
//! that failed after it was sent is retried only when idempotent. Delays
//! grow exponentially with jitter, `Retry-After` is honoured, and both the
//! number of attempts and the total time are bounded.

use std::time::Duration;

use reqwest::{Method, StatusCode};

/// Retry settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// The longest delay between two attempts.
    pub max_delay: Duration,
    /// The longest time from the first attempt to the start of the last.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, 200 ms doubling to at most 10 s, within 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `retry` (1 for the first), with jitter
    /// drawn from `random` (0..1): between half and all of the exponential
    /// delay, so clients that failed together do not retry together.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let capped = exponential.min(self.max_delay);
        // NaN would make `mul_f64` panic; treat it as no jitter.
        let random = if random.is_nan() {
            1.0
        } else {
            random.clamp(0.0, 1.0)
        };
        // Checked: near `Duration::MAX`, the f64 round trip overflows.
        Duration::try_from_secs_f64(capped.as_secs_f64() * (0.5 + 0.5 * random)).unwrap_or(capped)
    }
}

/// Whether `method` may be repeated without a second effect.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Whether a response with `status` to a `method` request may be retried.
pub fn is_retryable_status(status: StatusCode, method: &Method) -> bool {
    match status.as_u16() {
        429 | 503 => true,
        500 | 502 | 504 => is_idempotent(method),
        _ => false,
    }
}

/// The `Retry-After` delay: seconds, or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
        .to_std()
        .ok()
}

/// A number in 0..1 from the clock, for jitter (no dependency needed for
/// randomness this weak).
pub(crate) fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut x = u64::from(nanos) ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 10_000) as f64 / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_with_jitter_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(200));
        assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(100));
        assert_eq!(policy.backoff(3, 1.0), Duration::from_millis(800));
        assert_eq!(policy.backoff(30, 1.0), Duration::from_secs(10));
    }

    #[test]
    fn only_safe_retries_are_allowed() {
        assert!(is_retryable_status(
            StatusCode::TOO_MANY_REQUESTS,
            &Method::POST
        ));
        assert!(is_retryable_status(
            StatusCode::SERVICE_UNAVAILABLE,
            &Method::POST
        ));
        assert!(!is_retryable_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            &Method::POST
        ));
        assert!(!is_retryable_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            &Method::PATCH
        ));
        assert!(is_retryable_status(StatusCode::BAD_GATEWAY, &Method::GET));
        assert!(!is_retryable_status(StatusCode::BAD_REQUEST, &Method::GET));
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            None,
            "a past date means no wait"
        );
        assert!(retry_after("soon").is_none());
        assert_eq!(
            retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX)),
            "kept as is; the retry loop's checked arithmetic refuses to wait that long"
        );
        assert!(retry_after("99999999999999999999999").is_none());
        assert!(retry_after("Fri, 31 Dec 9999 23:59:59 GMT").is_some());
    }

    proptest::proptest! {
        /// Any header value a server sends is a delay or nothing, and the
        /// retry loop's checked sum with it never overflows.
        #[test]
        fn any_retry_after_value_is_a_delay_or_nothing(value in "\\PC{0,40}", seconds in proptest::prelude::any::<u64>()) {
            for text in [value, seconds.to_string(), format!(" {seconds} ")] {
                if let Some(delay) = retry_after(&text) {
                    let _ = std::time::Instant::now().elapsed().checked_add(delay);
                }
            }
        }
    }

    #[test]
    fn backoff_never_panics_on_any_input() {
        let policy = RetryPolicy {
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
            ..RetryPolicy::default()
        };
        for random in [f64::NAN, f64::INFINITY, -1.0, 0.5] {
            for retry in [0, 1, 31, 32, u32::MAX] {
                let _ = policy.backoff(retry, random);
            }
        }
    }
}
