//! What every request goes through, outside the generated code: the API
//! version and token's API domain in the URL, the access token, retries, a
//! refresh-and-retry-once on `INVALID_TOKEN`, and a tracing span.
//!
//! The generated `Client` carries a [`Runtime`] (progenitor's inner type) and
//! this module implements progenitor's `ClientHooks` for it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use tracing::Instrument;

use crate::auth::{Secret, StoredToken, TokenManager};
use crate::body_limit::{BodyTooLarge, ReadError, WithoutUrlRef, read_capped};
use crate::datacenter::ApiVersion;
use crate::retry::{RetryPolicy, is_idempotent, is_retryable_status, jitter, retry_after};
use crate::{Client, Error};

/// The per-client settings the hooks read.
#[derive(Debug, Clone, Default)]
pub struct Runtime {
    inner: Arc<RuntimeSettings>,
}

#[derive(Debug, Default)]
pub(crate) struct RuntimeSettings {
    pub(crate) tokens: Option<TokenManager>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) version: ApiVersion,
    /// Send requests to the `api_domain` Zoho returned with the token.
    pub(crate) follow_token_api_domain: bool,
    /// The largest response body read (0 means the default).
    pub(crate) max_response_bytes: usize,
}

impl Runtime {
    pub(crate) fn new(settings: RuntimeSettings) -> Self {
        Runtime {
            inner: Arc::new(settings),
        }
    }

    /// How many times the access token was refreshed.
    pub fn token_refreshes(&self) -> u64 {
        self.inner
            .tokens
            .as_ref()
            .map_or(0, TokenManager::refresh_count)
    }

    fn retry(&self) -> RetryPolicy {
        self.inner.retry.unwrap_or_else(RetryPolicy::none)
    }

    fn max_response_bytes(&self) -> usize {
        match self.inner.max_response_bytes {
            0 => crate::body_limit::DEFAULT_MAX_RESPONSE_BYTES,
            limit => limit,
        }
    }

    /// Makes sure a usable access token is at hand (refreshing if due), so
    /// that an authentication failure surfaces as a typed error before the
    /// generated client runs.
    pub(crate) async fn ensure_token(&self) -> Result<(), crate::auth::AuthError> {
        match &self.inner.tokens {
            Some(tokens) => tokens.current().await.map(|_| ()),
            None => Ok(()),
        }
    }
}

/// The generated paths carry the recorded version (`/crm/v2.1/...`).
const RECORDED_VERSION: &str = "/crm/v2.1/";

/// Sets `Authorization`. A token that cannot be a header value is an error,
/// never a request sent without credentials.
fn authorize(request: &mut reqwest::Request, token: &Secret) -> Result<(), String> {
    let mut value = HeaderValue::from_str(&format!("Zoho-oauthtoken {}", token.expose()))
        .map_err(|_| {
            "the access token has characters an HTTP header cannot carry (only visible ASCII is allowed)"
                .to_string()
        })?;
    // Keeps the token out of any Debug output of the request.
    value.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}

fn use_api_domain(request: &mut reqwest::Request, token: &StoredToken) {
    let Some(domain) = token
        .api_domain
        .as_deref()
        .and_then(|d| reqwest::Url::parse(d).ok())
    else {
        return;
    };
    let url = request.url_mut();
    let _ = url.set_scheme(domain.scheme());
    let _ = url.set_host(domain.host_str());
    let _ = url.set_port(domain.port());
}

/// Reads a response's body (at most `limit` bytes) and builds an equal
/// response around it, so the body can be inspected before it is handed on.
/// Over the limit, the returned response's body fails with
/// [`BodyTooLarge`] when read, which the SDK reports by name.
async fn buffered(
    mut response: reqwest::Response,
    limit: usize,
) -> reqwest::Result<(reqwest::Response, Option<bytes::Bytes>)> {
    let status = response.status();
    let headers = response.headers().clone();
    let rebuild = |body: reqwest::Body| {
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.headers_mut() = headers.clone();
        reqwest::Response::from(rebuilt)
    };
    match read_capped(&mut response, limit).await {
        Ok(body) => Ok((rebuild(reqwest::Body::from(body.clone())), Some(body))),
        Err(ReadError::Transport(error)) => Err(error),
        Err(ReadError::TooLarge(too_large)) => {
            let failing =
                futures_util::stream::once(
                    async move { Err::<bytes::Bytes, BodyTooLarge>(too_large) },
                );
            Ok((rebuild(reqwest::Body::wrap_stream(failing)), None))
        }
    }
}

fn is_invalid_token(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|body| body["code"] == "INVALID_TOKEN")
}

impl ClientHooks<Runtime> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let runtime = &self.inner().inner;
        if runtime.version != ApiVersion::V2_1 {
            let path = request.url().path().replacen(
                RECORDED_VERSION,
                &format!("/crm/{}/", runtime.version),
                1,
            );
            request.url_mut().set_path(&path);
        }
        if let Some(tokens) = &runtime.tokens {
            let token = tokens
                .current()
                .await
                .map_err(|error| Error::Custom(error.to_string()))?;
            if let Some(token) = token {
                authorize(request, &token.access_token).map_err(Error::Custom)?;
                if runtime.follow_token_api_domain {
                    use_api_domain(request, &token);
                }
            }
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::info_span!(
            "zoho_request",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
        );
        let limit = self.inner().max_response_bytes();
        let response = self.exec_with_retries(request).instrument(span).await?;
        let (response, body) = buffered(response, limit).await?;
        if let Some(body) = &body {
            crate::capture::record(response.status().as_u16(), body);
        }
        Ok(response)
    }
}

impl Client {
    async fn exec_with_retries(
        &self,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let runtime = self.inner();
        let policy = runtime.retry();
        let tokens = runtime.inner.tokens.as_ref();
        let method = request.method().clone();
        let started = Instant::now();
        let mut attempt = 0u32;
        let mut refreshed = false;
        let mut request = request;
        loop {
            attempt = attempt.saturating_add(1);
            // A body that cannot be cloned (a stream) allows one attempt.
            let spare = request.try_clone();
            let sent_at = Instant::now();
            let result = self.client().execute(request).await;
            let latency_ms = sent_at.elapsed().as_millis() as u64;
            let Some(mut next) = spare else { return result };
            // `delay` may come from a server's Retry-After: checked, so
            // an absurd one means "do not retry", never an overflow.
            let can_retry = |delay: Duration| {
                attempt < policy.max_attempts
                    && started
                        .elapsed()
                        .checked_add(delay)
                        .is_some_and(|at| at <= policy.max_elapsed)
            };
            match result {
                Ok(response) => {
                    let status = response.status();
                    tracing::info!(
                        attempt,
                        status = status.as_u16(),
                        latency_ms,
                        "zoho response"
                    );
                    if status == 401 && !refreshed && tokens.is_some_and(TokenManager::can_refresh)
                    {
                        let limit = runtime.max_response_bytes();
                        let (response, body) = buffered(response, limit).await?;
                        if !body.as_deref().is_some_and(is_invalid_token) {
                            return Ok(response);
                        }
                        // One refresh and one retry: the token expired early
                        // or was revoked (or belongs to another DC, which a
                        // refresh cannot fix, hence only once).
                        refreshed = true;
                        let rejected = next
                            .headers()
                            .get(AUTHORIZATION)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.strip_prefix("Zoho-oauthtoken "))
                            .and_then(|v| Secret::new(v).ok());
                        let replacement = match (tokens, rejected) {
                            (Some(tokens), Some(rejected)) => {
                                tokens.replace_rejected(&rejected).await.ok().flatten()
                            }
                            _ => None,
                        };
                        let Some(token) = replacement else {
                            return Ok(response);
                        };
                        tracing::info!(attempt, "access token rejected; refreshed, retrying once");
                        if authorize(&mut next, &token.access_token).is_err() {
                            return Ok(response);
                        }
                        attempt = attempt.saturating_sub(1); // the auth retry is not one of the policy's attempts
                        request = next;
                        continue;
                    }
                    if !is_retryable_status(status, &method) {
                        return Ok(response);
                    }
                    let delay = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry_after)
                        .unwrap_or_else(|| policy.backoff(attempt, jitter()));
                    if !can_retry(delay) {
                        return Ok(response);
                    }
                    tracing::info!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        "retrying after status {}",
                        status.as_u16()
                    );
                    tokio::time::sleep(delay).await;
                }
                Err(error) => {
                    tracing::info!(attempt, latency_ms, error = %error.without_url_ref(), "zoho request failed");
                    // A connection that never opened cannot have been applied.
                    let safe = error.is_connect() || is_idempotent(&method);
                    let delay = policy.backoff(attempt, jitter());
                    if !safe || !can_retry(delay) {
                        return Err(error);
                    }
                    tokio::time::sleep(delay).await;
                }
            }
            request = next;
        }
    }
}
