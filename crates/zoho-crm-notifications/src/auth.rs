//! OAuth for Zoho: a fixed access token, or the refresh-token flow with a
//! cached access token refreshed shortly before expiry under a single-flight
//! lock (Zoho allows only ten token requests per ten minutes per refresh
//! token, so every concurrent caller must share one refresh).

use std::fmt;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

/// A secret string: redacted in `Debug` and `Display`, readable only through
/// [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret itself, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("<redacted>")
    }
}

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

/// Why no access token could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The accounts server refused the refresh (e.g. `invalid_code`).
    #[error("the accounts server refused to refresh the access token: {0}")]
    Refused(String),
    /// The accounts server could not be reached or answered nonsense.
    #[error("the access token could not be refreshed: {0}")]
    Unavailable(String),
}

/// Refresh this long before expiry, so a request never carries a token that
/// expires on its way.
const REFRESH_MARGIN_SECONDS: i64 = 60;

/// Hands out access tokens; shared by every request of a client.
pub(crate) struct TokenManager {
    credentials: Credentials,
    accounts_server: String,
    http: reqwest::Client,
    refresh_lock: tokio::sync::Mutex<()>,
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

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    api_domain: Option<String>,
    expires_in: Option<i64>,
    /// Older Zoho answers: seconds here, and `expires_in` in milliseconds.
    expires_in_sec: Option<i64>,
    error: Option<String>,
}

impl TokenManager {
    pub(crate) fn new(
        credentials: Credentials,
        default_accounts_server: String,
        http: reqwest::Client,
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
            refresh_lock: tokio::sync::Mutex::new(()),
            refreshes: AtomicU64::new(0),
        }
    }

    /// How many refreshes this manager made.
    pub(crate) fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::Relaxed)
    }

    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self.credentials, Credentials::RefreshToken(_))
    }

    /// A valid token, refreshing first when the cached one is about to
    /// expire. Concurrent callers wait for one refresh and share its result.
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
        let _guard = self.refresh_lock.lock().await;
        // Someone else may have refreshed while this caller waited.
        if let Some(token) = fresh(flow.store.load()) {
            return Ok(Some(token));
        }
        self.refresh(flow).await.map(Some)
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
        let _guard = self.refresh_lock.lock().await;
        if let Some(token) = flow
            .store
            .load()
            .filter(|token| token.access_token != *rejected)
        {
            return Ok(Some(token));
        }
        self.refresh(flow).await.map(Some)
    }

    async fn refresh(&self, flow: &RefreshTokenFlow) -> Result<StoredToken, AuthError> {
        self.refreshes.fetch_add(1, Ordering::Relaxed);
        let form = serde_urlencoded::to_string([
            ("grant_type", "refresh_token"),
            ("client_id", flow.client_id.as_str()),
            ("client_secret", flow.client_secret.expose()),
            ("refresh_token", flow.refresh_token.expose()),
        ])
        .map_err(|error| AuthError::Unavailable(error.to_string()))?;
        let url = format!("{}/oauth/v2/token", self.accounts_server);
        let response = self
            .http
            .post(&url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form)
            .send()
            .await
            // Without the URL: it is not secret, but errors stay short.
            .map_err(|error| AuthError::Unavailable(error.without_url().to_string()))?;
        let status = response.status();
        let body: TokenResponse = response.json().await.map_err(|error| {
            AuthError::Unavailable(format!(
                "status {status}, unreadable body: {}",
                error.without_url()
            ))
        })?;
        // Zoho's status codes for these errors are undocumented; the
        // presence of `access_token` decides, as in Zoho's own SDKs.
        let Some(access_token) = body.access_token else {
            return Err(AuthError::Refused(
                body.error
                    .unwrap_or_else(|| format!("status {status}, no access_token")),
            ));
        };
        let seconds = body.expires_in_sec.or(body.expires_in).unwrap_or(3600);
        let token = StoredToken {
            access_token: Secret::new(access_token),
            expires_at: Utc::now() + Duration::seconds(seconds),
            api_domain: body.api_domain,
        };
        flow.store.save(&token);
        Ok(token)
    }
}

fn fresh(token: Option<StoredToken>) -> Option<StoredToken> {
    token.filter(|token| token.expires_at - Utc::now() > Duration::seconds(REFRESH_MARGIN_SECONDS))
}
