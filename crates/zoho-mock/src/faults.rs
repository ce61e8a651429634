//! Failures on demand, for testing clients' retries: `Prefer: code=429`
//! without a recording, `Prefer: fail=N`, `POST /__mock/faults` and
//! [`MockServer::fail_next`](crate::MockServer::fail_next).

use std::sync::{Mutex, PoisonError};

use serde_json::Value;

use crate::zoho;

/// Failures armed for the next requests.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    /// `(requests still to fail, their status)`.
    armed: Mutex<Option<(u32, u16)>>,
}

impl Faults {
    /// Fails the next `count` API requests with `status` (0 disarms).
    pub(crate) fn arm(&self, count: u32, status: u16) {
        let mut armed = self.armed.lock().unwrap_or_else(PoisonError::into_inner);
        *armed = (count > 0).then_some((count, status));
    }

    /// The status to fail this request with, if a failure is armed.
    pub(crate) fn take(&self) -> Option<u16> {
        let mut armed = self.armed.lock().unwrap_or_else(PoisonError::into_inner);
        let (remaining, status) = (*armed)?;
        *armed = remaining
            .checked_sub(1)
            .filter(|left| *left > 0)
            .map(|left| (left, status));
        Some(status)
    }
}

/// Whether `status` is one a fault may answer with: an error status.
pub(crate) fn is_error_status(status: u16) -> bool {
    (400..=599).contains(&status)
}

/// The `name=value` directives of a `Prefer` header.
fn directives(prefer: &str) -> impl Iterator<Item = (&str, &str)> {
    prefer.split([',', ';']).filter_map(|directive| {
        let (name, value) = directive.split_once('=')?;
        Some((name.trim(), value.trim().trim_matches('"')))
    })
}

/// `Prefer: fail=N[, status=S]`: fail this request and the `N - 1` after
/// it with `S` (503 by default). `None` when absent or not numbers.
pub(crate) fn requested_failures(prefer: &str) -> Option<(u32, u16)> {
    let mut count = None;
    let mut status = 503;
    for (name, value) in directives(prefer) {
        match name {
            "fail" => count = Some(value.parse::<u32>().ok()?),
            "status" => status = value.parse::<u16>().ok().filter(|s| is_error_status(*s))?,
            _ => {}
        }
    }
    count
        .filter(|count| *count > 0)
        .map(|count| (count, status))
}

/// `Prefer: code=S` for a status the mock can answer without a recording.
pub(crate) fn preferred_error_status(prefer: &str) -> Option<u16> {
    directives(prefer)
        .find(|(name, _)| *name == "code")
        .and_then(|(_, value)| value.parse::<u16>().ok())
        .filter(|status| *status == 429 || (500..=599).contains(status))
}

/// Zoho's documented body for a failure with `status`: the v8 OAS's
/// `RATE_LIMIT_EXCEEDED` for 429, its `INTERNAL_ERROR` for any other (Zoho
/// documents no other 5xx body).
pub(crate) fn body_for(status: u16) -> Value {
    if status == 429 {
        zoho::rate_limit_exceeded()
    } else {
        zoho::internal_error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armed_failures_run_out() {
        let faults = Faults::default();
        faults.arm(2, 429);
        assert_eq!(
            [faults.take(), faults.take(), faults.take()],
            [Some(429), Some(429), None]
        );
    }

    #[test]
    fn prefer_directives_are_read_leniently_and_safely() {
        assert_eq!(requested_failures("fail=2"), Some((2, 503)));
        assert_eq!(requested_failures("fail=1; status=429"), Some((1, 429)));
        assert_eq!(requested_failures("fail=99999999999999999999"), None);
        assert_eq!(requested_failures("fail=1, status=200"), None);
        assert_eq!(preferred_error_status("code=429"), Some(429));
        assert_eq!(preferred_error_status("code=201"), None);
    }
}
