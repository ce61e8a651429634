//! Settings for a production client: data centre, version, credentials,
//! retries, timeouts and the response-size cap.

use crate::Client;
use crate::auth::{Credentials, TokenManager};
use crate::datacenter::{ApiVersion, DataCenter, Environment};
use crate::error::SdkError;
use crate::notifications::Notifications;
use crate::retry::RetryPolicy;
use crate::runtime::{Runtime, RuntimeSettings};

/// Builds a [`Notifications`] client.
#[derive(Debug, Clone)]
pub struct NotificationsBuilder {
    data_center: DataCenter,
    environment: Environment,
    api_domain: Option<String>,
    version: ApiVersion,
    credentials: Credentials,
    retry: RetryPolicy,
    connect_timeout: std::time::Duration,
    timeout: std::time::Duration,
    follow_token_api_domain: bool,
    max_response_bytes: usize,
}

impl Default for NotificationsBuilder {
    fn default() -> Self {
        NotificationsBuilder {
            data_center: DataCenter::Us,
            environment: Environment::Production,
            api_domain: None,
            version: ApiVersion::default(),
            credentials: Credentials::None,
            retry: RetryPolicy::default(),
            connect_timeout: std::time::Duration::from_secs(10),
            timeout: std::time::Duration::from_secs(30),
            follow_token_api_domain: true,
            max_response_bytes: crate::body_limit::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl NotificationsBuilder {
    /// The data centre (default US); it picks the API domain and the
    /// accounts server.
    pub fn data_center(mut self, data_center: DataCenter) -> Self {
        self.data_center = data_center;
        self
    }

    /// Production (default), sandbox or developer.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// An explicit API base URL (a mock, a proxy), over the data centre's.
    pub fn api_domain(mut self, api_domain: impl Into<String>) -> Self {
        self.api_domain = Some(api_domain.into());
        self
    }

    /// The API version (default v2.1); also sets the channel lifetime limit.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.version = version;
        self
    }

    /// How requests are authenticated.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Retries for 429, 5xx and connection failures ([`RetryPolicy::none`] to disable).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Connect timeout (default 10 s) and total per-attempt timeout (default 30 s).
    pub fn timeouts(mut self, connect: std::time::Duration, total: std::time::Duration) -> Self {
        self.connect_timeout = connect;
        self.timeout = total;
        self
    }

    /// Whether requests go to the `api_domain` returned with a refreshed
    /// token (default true: that is the DC that issued it).
    pub fn follow_token_api_domain(mut self, follow: bool) -> Self {
        self.follow_token_api_domain = follow;
        self
    }

    /// The largest response body the client reads (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES)); a
    /// larger one fails as [`SdkError::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit.max(1);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Notifications, SdkError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            ))
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(SdkError::transport)?;
        let base = self
            .api_domain
            .clone()
            .unwrap_or_else(|| self.data_center.api_domain(self.environment));
        let tokens = match self.credentials {
            Credentials::None => None,
            credentials => Some(TokenManager::new(
                credentials,
                self.data_center.accounts_server(),
                http.clone(),
                self.timeout,
            )),
        };
        let runtime = Runtime::new(RuntimeSettings {
            tokens,
            retry: Some(self.retry),
            version: self.version,
            follow_token_api_domain: self.follow_token_api_domain && self.api_domain.is_none(),
            max_response_bytes: self.max_response_bytes,
        });
        let client = Client::new_with_client(base.trim_end_matches('/'), http, runtime);
        Ok(Notifications::from_parts(
            client,
            self.version.max_channel_lifetime(),
        ))
    }
}
