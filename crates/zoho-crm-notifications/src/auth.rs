//! OAuth for Zoho: a fixed access token, or the refresh-token flow with a
//! cached access token refreshed shortly before expiry under a single-flight
//! lock (Zoho allows only ten token requests per ten minutes per refresh
//! token, so every concurrent caller must share one refresh).

use std::fmt;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::body_limit::{ReadError, WithoutUrlRef, read_capped};
pub use crate::secret::{InvalidSecret, Secret};

/// An access token with its expiry, as cached and stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredToken {
    /// The access token.
    pub access_token: Secret,
    /// When Zoho stops accepting it.
    pub expires_at: DateTime<Utc>,
    /// The API domain Zoho returned with it (the DC that issued it).
    pub api_domain: Option<String>,
}

/// Where refreshed access tokens are kept, so several processes sharing one
/// refresh token can share its access tokens (Zoho caps active tokens).
/// Implementations should be quick; they are called under the refresh lock.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored token, if any.
    fn load(&self) -> Option<StoredToken>;
    /// Replaces the stored token.
    fn save(&self, token: &StoredToken);
}

/// A [`TokenStore`] in this process's memory (the default).
#[derive(Debug, Default)]
pub struct MemoryTokenStore(Mutex<Option<StoredToken>>);

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Option<StoredToken> {
        self.0.lock().ok()?.clone()
    }

    fn save(&self, token: &StoredToken) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(token.clone());
        }
    }
}

/// The refresh-token flow's settings.
#[derive(Debug, Clone)]
pub struct RefreshTokenFlow {
    /// The OAuth client id (not secret).
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: Secret,
    /// The long-lived refresh token.
    pub refresh_token: Secret,
    /// The accounts server; by default the data centre's.
    pub accounts_server: Option<String>,
    /// Where access tokens are cached.
    pub store: Arc<dyn TokenStore>,
}

impl RefreshTokenFlow {
    /// A flow with an in-memory store and the data centre's accounts server.
    pub fn new(client_id: impl Into<String>, client_secret: Secret, refresh_token: Secret) -> Self {
        RefreshTokenFlow {
            client_id: client_id.into(),
            client_secret,
            refresh_token,
            accounts_server: None,
            store: Arc::new(MemoryTokenStore::default()),
        }
    }
}

/// How requests are authenticated.
#[derive(Debug, Clone, Default)]
pub enum Credentials {
    /// No `Authorization` header (for mocks, or a caller adding its own).
    #[default]
    None,
    /// One access token, used as is.
    AccessToken(Secret),
    /// Access tokens obtained and refreshed with a refresh token.
    RefreshToken(RefreshTokenFlow),
}

/// Why no access token could be had. Never contains a secret; text taken
/// from the accounts server is cut to [`MAX_ECHOED_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The accounts server answered without an access token, e.g.
    /// `{"error":"invalid_code"}` for a revoked or wrong refresh token.
    #[error("the accounts server refused to refresh the access token (HTTP {status}): {error}")]
    Refused {
        /// The HTTP status of the answer.
        status: u16,
        /// Its `error` field, or what the answer was instead.
        error: String,
    },
    /// The accounts server could not be reached or did not answer in time.
    #[error("the accounts server could not be reached: {0}")]
    Unreachable(String),
    /// The accounts server answered, but not with a usable token.
    #[error("the accounts server's answer (HTTP {status}) is not a usable token: {reason}")]
    InvalidAnswer {
        /// The HTTP status of the answer.
        status: u16,
        /// What is wrong with it.
        reason: String,
    },
    /// A refresh failed recently; the next one waits, so that failures do
    /// not spend Zoho's budget of ten token requests per ten minutes.
    #[error("{last}; the next refresh attempt is in {} s", retry_in.as_secs().max(1))]
    BackingOff {
        /// The failure being waited out.
        last: Box<AuthError>,
        /// How long until the next attempt is allowed.
        retry_in: StdDuration,
    },
    /// Another request's refresh was still in flight when this request's
    /// own time limit ran out.
    #[error("gave up after {0:?} waiting for the token refresh already in flight")]
    WaitTimedOut(StdDuration),
}

/// How much of a text taken from the accounts server an error repeats.
pub const MAX_ECHOED_CHARS: usize = 200;

/// Refresh this long before expiry, so a request never carries a token that
/// expires on its way.
const REFRESH_MARGIN_SECONDS: i64 = 60;

/// The longest lifetime believed from a token answer. Zoho's tokens live one
/// hour; a larger (or absurd) `expires_in` is capped, and a 401
/// `INVALID_TOKEN` still triggers a refresh if the server was wrong.
const MAX_TOKEN_LIFETIME_SECONDS: f64 = 86_400.0;

/// Token answers are a few hundred bytes; anything far larger is not one.
const MAX_TOKEN_ANSWER_BYTES: usize = 64 * 1024;

/// The wait after the first failed refresh; doubled after each further one.
const FIRST_FAILURE_BACKOFF: StdDuration = StdDuration::from_secs(5);
/// The longest wait between failed refreshes. With five seconds doubling to
/// five minutes, a failing accounts server gets at most seven requests in
/// ten minutes, inside Zoho's ten.
const MAX_FAILURE_BACKOFF: StdDuration = StdDuration::from_secs(300);

/// What the refresh lock protects: the last failure and when the next
/// attempt is allowed.
#[derive(Debug, Default)]
struct RefreshState {
    consecutive_failures: u32,
    last_failure: Option<(AuthError, Instant)>,
}

impl RefreshState {
    fn backoff(&self) -> StdDuration {
        let doublings = self.consecutive_failures.saturating_sub(1).min(16);
        FIRST_FAILURE_BACKOFF
            .saturating_mul(1u32 << doublings)
            .min(MAX_FAILURE_BACKOFF)
    }

    /// The error to share while the last failure's back-off lasts.
    fn still_backing_off(&self, now: Instant) -> Option<AuthError> {
        let (last, at) = self.last_failure.as_ref()?;
        let retry_at = at.checked_add(self.backoff())?;
        let retry_in = retry_at.checked_duration_since(now)?;
        (!retry_in.is_zero()).then(|| AuthError::BackingOff {
            last: Box::new(last.clone()),
            retry_in,
        })
    }

    fn record(&mut self, outcome: &Result<StoredToken, AuthError>, now: Instant) {
        match outcome {
            Ok(_) => *self = RefreshState::default(),
            Err(error) => {
                self.consecutive_failures = self.consecutive_failures.saturating_add(1);
                self.last_failure = Some((error.clone(), now));
            }
        }
    }
}

/// Hands out access tokens; shared by every request of a client.
pub(crate) struct TokenManager {
    credentials: Credentials,
    accounts_server: String,
    http: reqwest::Client,
    /// How long a caller waits for a refresh another caller started.
    wait_limit: StdDuration,
    refresh_state: tokio::sync::Mutex<RefreshState>,
    refreshes: AtomicU64,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.credentials {
            Credentials::None => "none",
            Credentials::AccessToken(_) => "access token",
            Credentials::RefreshToken(_) => "refresh token",
        };
        formatter
            .debug_struct("TokenManager")
            .field("credentials", &kind)
            .field("accounts_server", &self.accounts_server)
            .field("refreshes", &self.refreshes.load(Ordering::Relaxed))
            .finish()
    }
}

impl TokenManager {
    pub(crate) fn new(
        credentials: Credentials,
        default_accounts_server: String,
        http: reqwest::Client,
        wait_limit: StdDuration,
    ) -> Self {
        let accounts_server = match &credentials {
            Credentials::RefreshToken(flow) => flow
                .accounts_server
                .clone()
                .unwrap_or(default_accounts_server),
            _ => default_accounts_server,
        };
        TokenManager {
            credentials,
            accounts_server: accounts_server.trim_end_matches('/').to_string(),
            http,
            wait_limit,
            refresh_state: tokio::sync::Mutex::default(),
            refreshes: AtomicU64::new(0),
        }
    }

    /// How many token requests this manager sent.
    pub(crate) fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self.credentials, Credentials::RefreshToken(_))
    }

    /// A valid token, refreshing first when the cached one is about to
    /// expire. Concurrent callers share one refresh and its outcome, success
    /// or failure; after a failure, refreshes back off.
    pub(crate) async fn current(&self) -> Result<Option<StoredToken>, AuthError> {
        let flow = match &self.credentials {
            Credentials::None => return Ok(None),
            Credentials::AccessToken(token) => {
                return Ok(Some(StoredToken {
                    access_token: token.clone(),
                    expires_at: DateTime::<Utc>::MAX_UTC,
                    api_domain: None,
                }));
            }
            Credentials::RefreshToken(flow) => flow,
        };
        if let Some(token) = fresh(flow.store.load()) {
            return Ok(Some(token));
        }
        self.refresh_unless(flow, fresh).await.map(Some)
    }

    /// After Zoho rejected `rejected` (401 INVALID_TOKEN): refresh, unless
    /// another request already replaced that token.
    pub(crate) async fn replace_rejected(
        &self,
        rejected: &Secret,
    ) -> Result<Option<StoredToken>, AuthError> {
        let Credentials::RefreshToken(flow) = &self.credentials else {
            return Ok(None);
        };
        self.refresh_unless(flow, |stored| {
            stored.filter(|token| token.access_token != *rejected)
        })
        .await
        .map(Some)
    }

    /// Under the refresh lock (waited for no longer than `wait_limit`): the
    /// token `usable` finds in the store, else the shared recent failure,
    /// else one refresh.
    async fn refresh_unless(
        &self,
        flow: &RefreshTokenFlow,
        usable: impl Fn(Option<StoredToken>) -> Option<StoredToken>,
    ) -> Result<StoredToken, AuthError> {
        let mut state = tokio::time::timeout(self.wait_limit, self.refresh_state.lock())
            .await
            .map_err(|_| AuthError::WaitTimedOut(self.wait_limit))?;
        // Someone else may have refreshed while this caller waited.
        if let Some(token) = usable(flow.store.load()) {
            return Ok(token);
        }
        if let Some(error) = state.still_backing_off(Instant::now()) {
            return Err(error);
        }
        let outcome = self.refresh(flow).await;
        state.record(&outcome, Instant::now());
        outcome
    }

    async fn refresh(&self, flow: &RefreshTokenFlow) -> Result<StoredToken, AuthError> {
        self.refreshes.fetch_add(1, Ordering::Relaxed);
        let form = serde_urlencoded::to_string([
            ("grant_type", "refresh_token"),
            ("client_id", flow.client_id.as_str()),
            ("client_secret", flow.client_secret.expose()),
            ("refresh_token", flow.refresh_token.expose()),
        ])
        .map_err(|error| AuthError::Unreachable(error.to_string()))?;
        let url = format!("{}/oauth/v2/token", self.accounts_server);
        let mut response = self
            .http
            .post(&url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            .map_err(|error| AuthError::Unreachable(error.without_url_ref()))?;
        let status = response.status().as_u16();
        let body = read_capped(&mut response, MAX_TOKEN_ANSWER_BYTES)
            .await
            .map_err(|error| match error {
                ReadError::TooLarge(error) => AuthError::InvalidAnswer {
                    status,
                    reason: error.to_string(),
                },
                ReadError::Transport(error) => AuthError::Unreachable(error.without_url_ref()),
            })?;
        let token = token_from_answer(status, &body, Utc::now())?;
        flow.store.save(&token);
        Ok(token)
    }
}

/// The token in an accounts-server answer. Zoho's status codes for refresh
/// errors are undocumented; the presence of `access_token` decides, as in
/// Zoho's own SDKs. Every number is checked: an absurd `expires_in` is
/// capped, never a panic.
pub(crate) fn token_from_answer(
    status: u16,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<StoredToken, AuthError> {
    let answer: Value = serde_json::from_slice(body).map_err(|error| AuthError::InvalidAnswer {
        status,
        reason: format!(
            "not JSON ({error}): {}",
            echo(&String::from_utf8_lossy(body))
        ),
    })?;
    let Some(access_token) = answer.get("access_token") else {
        let error = match answer.get("error") {
            Some(Value::String(error)) => echo(error),
            Some(other) => echo(&other.to_string()),
            None => format!("no access_token in {}", echo(&answer.to_string())),
        };
        return Err(AuthError::Refused { status, error });
    };
    let invalid = |reason: &str| AuthError::InvalidAnswer {
        status,
        reason: reason.to_string(),
    };
    let access_token = access_token
        .as_str()
        .filter(|token| !token.is_empty())
        .ok_or_else(|| invalid("access_token is not a non-empty string"))?;
    let access_token = Secret::new(access_token)
        .map_err(|_| invalid("access_token contains a control character"))?;
    // Older answers: `expires_in_sec` in seconds and `expires_in` in ms.
    let seconds = answer
        .get("expires_in_sec")
        .or_else(|| answer.get("expires_in"))
        .and_then(Value::as_f64)
        .unwrap_or(3600.0)
        .clamp(0.0, MAX_TOKEN_LIFETIME_SECONDS);
    // In range by the clamp above, so neither step can fail.
    let lifetime = Duration::try_seconds(seconds as i64).unwrap_or_else(Duration::zero);
    let expires_at = now.checked_add_signed(lifetime).unwrap_or(now);
    let api_domain = answer
        .get("api_domain")
        .and_then(Value::as_str)
        .filter(|domain| reqwest::Url::parse(domain).is_ok())
        .map(str::to_string);
    Ok(StoredToken {
        access_token,
        expires_at,
        api_domain,
    })
}

/// At most [`MAX_ECHOED_CHARS`] of a text from outside, for an error.
fn echo(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHOED_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn fresh(token: Option<StoredToken>) -> Option<StoredToken> {
    let now = Utc::now();
    token.filter(|token| {
        token.expires_at.signed_duration_since(now).num_seconds() > REFRESH_MARGIN_SECONDS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_seconds_to_five_minutes() {
        let mut state = RefreshState::default();
        let now = Instant::now();
        let mut waits = Vec::new();
        for _ in 0..10 {
            state.record(&Err(AuthError::Unreachable("down".into())), now);
            waits.push(state.backoff().as_secs());
        }
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300, 300]);
        assert!(state.still_backing_off(now).is_some());
        assert!(
            state
                .still_backing_off(now + StdDuration::from_secs(301))
                .is_none()
        );
    }

    proptest::proptest! {
        /// Any token answer, however absurd, is a token with an expiry in
        /// range or a typed error; never a panic.
        #[test]
        fn any_token_answer_is_a_token_or_an_error(
            expires in proptest::prelude::any::<f64>(),
            expires_int in proptest::prelude::any::<i64>(),
            token in ".{0,40}",
            raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            status in 100u16..600,
        ) {
            let now = Utc::now();
            let number = serde_json::Number::from_f64(expires)
                .map_or(Value::Null, Value::Number);
            for answer in [
                serde_json::json!({"access_token": token, "expires_in": number}),
                serde_json::json!({"access_token": token, "expires_in": expires_int}),
                serde_json::json!({"access_token": token, "expires_in_sec": expires_int, "api_domain": token}),
                serde_json::json!({"error": token}),
            ] {
                if let Ok(stored) = token_from_answer(status, answer.to_string().as_bytes(), now) {
                    proptest::prop_assert!(stored.expires_at >= now);
                    proptest::prop_assert!(stored.expires_at <= now + Duration::days(1));
                }
            }
            let _ = token_from_answer(status, &raw, now);
        }
    }

    #[test]
    fn failures_within_ten_minutes_stay_inside_zohos_budget_of_ten() {
        let mut state = RefreshState::default();
        let start = Instant::now();
        let mut now = start;
        let mut requests = 0;
        while now < start + StdDuration::from_secs(600) {
            if state.still_backing_off(now).is_none() {
                requests += 1;
                state.record(&Err(AuthError::Unreachable("down".into())), now);
            }
            now += StdDuration::from_millis(100);
        }
        assert!(requests <= 10, "{requests} token requests in ten minutes");
    }
}
