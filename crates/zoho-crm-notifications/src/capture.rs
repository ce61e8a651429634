//! The raw body of the response an operation received, kept beside the
//! generated client's typed result.
//!
//! The SDK reads Zoho's answer from the raw JSON, not from the generated
//! types: a typed round trip would drop fields no recording had (an error's
//! `details.regex`), lose the status of a body that fails to decode, and fail
//! a whole page for one odd entry. The runtime's `exec` hook already buffers
//! every body (to cap its size); inside [`capture`] it also leaves a copy
//! here, per task, so concurrent operations never see each other's bodies.

use std::cell::RefCell;
use std::future::Future;

use bytes::Bytes;

tokio::task_local! {
    static RAW_RESPONSE: RefCell<Option<RawResponse>>;
}

/// A response's status and body bytes.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// Runs `operation`, returning its output and the last response it received.
pub(crate) async fn capture<T>(operation: impl Future<Output = T>) -> (T, Option<RawResponse>) {
    RAW_RESPONSE
        .scope(RefCell::new(None), async move {
            let output = operation.await;
            let raw = RAW_RESPONSE.with(|cell| cell.borrow_mut().take());
            (output, raw)
        })
        .await
}

/// Called by the `exec` hook with every buffered response; a no-op outside
/// [`capture`].
pub(crate) fn record(status: u16, body: &Bytes) {
    let _ = RAW_RESPONSE.try_with(|cell| {
        *cell.borrow_mut() = Some(RawResponse {
            status,
            body: body.clone(),
        });
    });
}
