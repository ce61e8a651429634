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
}

/// The generated paths carry the recorded version (`/crm/v2.1/...`).
const RECORDED_VERSION: &str = "/crm/v2.1/";

fn authorize(request: &mut reqwest::Request, token: &Secret) {
    if let Ok(mut value) = HeaderValue::from_str(&format!("Zoho-oauthtoken {}", token.expose())) {
        // Keeps the token out of any Debug output of the request.
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
    }
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

/// Reads a response's body and builds an equal response, so its body can be
/// inspected before it is handed on.
async fn buffered(
    response: reqwest::Response,
) -> reqwest::Result<(reqwest::Response, bytes::Bytes)> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let mut rebuilt = http::Response::new(body.clone());
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Ok((reqwest::Response::from(rebuilt), body))
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
                authorize(request, &token.access_token);
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
        self.exec_with_retries(request).instrument(span).await
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
            attempt += 1;
            // A body that cannot be cloned (a stream) allows one attempt.
            let spare = request.try_clone();
            let sent_at = Instant::now();
            let result = self.client().execute(request).await;
            let latency_ms = sent_at.elapsed().as_millis() as u64;
            let Some(mut next) = spare else { return result };
            let can_retry = |delay: Duration| {
                attempt < policy.max_attempts && started.elapsed() + delay <= policy.max_elapsed
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
                        let (response, body) = buffered(response).await?;
                        if !is_invalid_token(&body) {
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
                            .map(Secret::new);
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
                        authorize(&mut next, &token.access_token);
                        attempt -= 1; // the auth retry is not one of the policy's attempts
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

/// `reqwest::Error` display without its URL, for logs.
trait WithoutUrlRef {
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
