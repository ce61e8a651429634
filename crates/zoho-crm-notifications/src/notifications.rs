//! One method per operation, over the generated client: validated inputs,
//! per-item outcomes, an empty list for 204, and errors that say what Zoho said.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::auth::{Credentials, Secret, TokenManager};
use crate::datacenter::{ApiVersion, DataCenter, Environment};
use crate::outcome::{ItemOutcome, ZohoError, item_outcomes};
use crate::retry::RetryPolicy;
use crate::runtime::{Runtime, RuntimeSettings};
use crate::subscription::{Subscription, ValidationError, validate};
use crate::{ChannelId, Client, Error, Event, ResponseValue, types};

/// An OAuth access token: a [`Secret`], sent only in the `Authorization` header.
pub type AccessToken = Secret;

/// Why an operation failed as a whole. (Item-level failures are
/// [`ItemOutcome::Failure`]s inside an `Ok`.)
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// The input breaks one of Zoho's limits; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Invalid(#[from] ValidationError),
    /// Zoho answered with a top-level error.
    #[error("Zoho answered {status}: {error}")]
    Zoho {
        /// HTTP status.
        status: u16,
        /// Code, message and details.
        error: ZohoError,
    },
    /// One item of a batch failed where the batch must succeed whole (renewal).
    #[error("item {index} failed: {error}")]
    ItemFailed {
        /// The item's index in the request.
        index: usize,
        /// What Zoho said about it.
        error: Box<ZohoError>,
    },
    /// Zoho answered with a status this API does not document.
    #[error("Zoho answered with undocumented status {0}")]
    UnexpectedStatus(u16),
    /// The response body did not have the documented shape.
    #[error("the response body is not what Zoho documents: {0}")]
    InvalidResponse(String),
    /// The request did not complete (connection, timeout, TLS).
    #[error("the request did not complete: {0}")]
    Transport(String),
}

/// Filters for [`Notifications::list`].
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this channel.
    pub channel_id: Option<ChannelId>,
    /// Only this module (API name).
    pub module: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Entries per page, at most 200.
    pub per_page: Option<u32>,
}

/// The notifications API of one Zoho account.
#[derive(Debug, Clone)]
pub struct Notifications {
    client: Client,
    max_lifetime: Duration,
}

impl Notifications {
    /// A client for `api_domain` (e.g. `https://www.zohoapis.com`, or the
    /// `api_domain` returned with your token) using a fixed access token and
    /// the default retries. [`Notifications::builder`] has every setting.
    pub fn new(api_domain: &str, token: &AccessToken) -> Result<Self, SdkError> {
        Notifications::builder()
            .api_domain(api_domain)
            .credentials(Credentials::AccessToken(token.clone()))
            .build()
    }

    /// Settings for data centre, version, credentials, retries and timeouts.
    pub fn builder() -> NotificationsBuilder {
        NotificationsBuilder::default()
    }

    /// Wraps a generated client you configured yourself.
    pub fn with_client(client: Client) -> Self {
        Notifications {
            client,
            max_lifetime: ApiVersion::default().max_channel_lifetime(),
        }
    }

    /// How many times the access token was refreshed so far.
    pub fn token_refreshes(&self) -> u64 {
        self.client.inner.token_refreshes()
    }

    /// Sets the API version's longest channel lifetime (default one day, as
    /// on v2.1; one week from v4).
    pub fn max_channel_lifetime(mut self, lifetime: Duration) -> Self {
        self.max_lifetime = lifetime;
        self
    }

    /// The generated client underneath, for anything not wrapped here.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Enables notifications (POST). One outcome per subscription, in order.
    pub async fn enable(
        &self,
        subscriptions: &[Subscription],
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        validate(subscriptions, Utc::now(), self.max_lifetime)?;
        let body: types::EnableNotificationsRequest = typed_body(subscriptions)?;
        per_item(self.client.enable_notifications().body(body).send().await)
    }

    /// Replaces channels' full state (PUT): what is left out is removed.
    pub async fn update(
        &self,
        subscriptions: &[Subscription],
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        validate(subscriptions, Utc::now(), self.max_lifetime)?;
        let body: types::UpdateNotificationsRequest = typed_body(subscriptions)?;
        per_item(self.client.update_notifications().body(body).send().await)
    }

    /// Renews channels before they expire: re-sends each one's full state
    /// (token included) with `channel_expiry` set `lifetime` from now, and
    /// updates `subscriptions` with the new expiry.
    pub async fn renew(
        &self,
        subscriptions: &mut [Subscription],
        lifetime: Duration,
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        let expiry = (Utc::now() + lifetime).fixed_offset();
        let mut renewed = subscriptions.to_vec();
        for subscription in &mut renewed {
            subscription.channel_expiry =
                expiry.with_timezone(subscription.channel_expiry.offset());
        }
        let outcomes = self.update(&renewed).await?;
        for ((subscription, renewed), outcome) in
            subscriptions.iter_mut().zip(renewed).zip(&outcomes)
        {
            if outcome.is_success() {
                *subscription = renewed;
            }
        }
        Ok(outcomes)
    }

    /// Removes some events from a channel (PATCH with `_delete_events: true`).
    pub async fn disable_events(
        &self,
        channel_id: &ChannelId,
        events: &[Event],
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        let body = serde_json::json!({"watch": [{
            "channel_id": channel_id,
            "events": events.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "_delete_events": true,
        }]});
        let body: types::PatchNotificationsRequest = serde_json::from_value(body)
            .map_err(|error| SdkError::InvalidResponse(error.to_string()))?;
        per_item(
            self.client
                .update_specific_information_of_a_notification()
                .body(body)
                .send()
                .await,
        )
    }

    /// Disables whole channels (DELETE). One outcome per channel and module.
    pub async fn disable(&self, channel_ids: &[ChannelId]) -> Result<Vec<ItemOutcome>, SdkError> {
        let ids = channel_ids
            .iter()
            .map(ChannelId::as_str)
            .collect::<Vec<_>>()
            .join(",");
        per_item(
            self.client
                .disable_notifications()
                .channel_ids(ids)
                .send()
                .await,
        )
    }

    /// Lists subscriptions: one entry per channel and module. A 204 (nothing
    /// subscribed) is an empty list, not an error.
    pub async fn list(
        &self,
        filter: &ListFilter,
    ) -> Result<Vec<types::GetNotificationDetailsResponseWatchItem>, SdkError> {
        let mut call = self.client.get_notification_details();
        if let Some(channel_id) = &filter.channel_id {
            call = call.channel_id(channel_id.to_string());
        }
        if let Some(module) = &filter.module {
            call = call.module(module.clone());
        }
        if let Some(page) = filter.page {
            call = call.page(page.to_string());
        }
        if let Some(per_page) = filter.per_page {
            call = call.per_page(per_page.to_string());
        }
        match call.send().await {
            Ok(value) => Ok(value.into_inner().watch),
            Err(Error::UnexpectedResponse(response)) if response.status() == 204 => Ok(Vec::new()),
            Err(error) => Err(convert_error(error)),
        }
    }

    /// Every subscription matching `filter`, fetched page by page as the
    /// stream is read (`filter.page` is where it starts). It ends after the
    /// first short page, an empty page (204), or an error.
    pub fn list_stream(
        &self,
        filter: ListFilter,
    ) -> impl futures_util::Stream<
        Item = Result<types::GetNotificationDetailsResponseWatchItem, SdkError>,
    > + '_ {
        let per_page = filter.per_page.unwrap_or(200).clamp(1, 200);
        let first = ListFilter {
            page: Some(filter.page.unwrap_or(1)),
            per_page: Some(per_page),
            ..filter
        };
        let pages = futures_util::stream::unfold(Some(first), move |next| async move {
            let filter = next?;
            match self.list(&filter).await {
                Ok(entries) => {
                    let more = entries.len() == per_page as usize;
                    let following = more.then(|| ListFilter {
                        page: filter.page.map(|page| page + 1),
                        ..filter
                    });
                    Some((entries.into_iter().map(Ok).collect::<Vec<_>>(), following))
                }
                Err(error) => Some((vec![Err(error)], None)),
            }
        });
        futures_util::StreamExt::flat_map(pages, futures_util::stream::iter)
    }

    /// Lists every subscription, page by page (200 entries per request).
    pub async fn list_all(
        &self,
    ) -> Result<Vec<types::GetNotificationDetailsResponseWatchItem>, SdkError> {
        futures_util::TryStreamExt::try_collect(self.list_stream(ListFilter::default())).await
    }
}

/// The generated request type for `subscriptions` (one shape for POST and PUT).
fn typed_body<T: serde::de::DeserializeOwned>(
    subscriptions: &[Subscription],
) -> Result<T, SdkError> {
    #[derive(Serialize)]
    struct Item<'a> {
        channel_id: &'a ChannelId,
        events: Vec<String>,
        channel_expiry: String,
        token: &'a str,
        notify_url: &'a str,
    }
    let watch: Vec<Item<'_>> = subscriptions
        .iter()
        .map(|subscription| Item {
            channel_id: &subscription.channel_id,
            events: subscription
                .events
                .iter()
                .map(ToString::to_string)
                .collect(),
            // Zoho rejects fractional seconds.
            channel_expiry: subscription
                .channel_expiry
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            token: subscription.token.expose(),
            notify_url: &subscription.notify_url,
        })
        .collect();
    serde_json::from_value(serde_json::json!({ "watch": watch })).map_err(|error| {
        SdkError::Invalid(ValidationError {
            json_path: "$.watch".into(),
            message: error.to_string(),
        })
    })
}

/// Per-item outcomes from any response, success or error, whatever the status.
fn per_item<T: Serialize, E: Serialize>(
    result: Result<ResponseValue<T>, Error<E>>,
) -> Result<Vec<ItemOutcome>, SdkError> {
    match result {
        Ok(value) => {
            let body = serde_json::to_value(value.into_inner())
                .map_err(|e| SdkError::InvalidResponse(e.to_string()))?;
            item_outcomes(&body).ok_or_else(|| SdkError::InvalidResponse("no `watch` array".into()))
        }
        // A 400 carrying per-item errors (as the v7 docs show) does not fit
        // the top-level error type; its items are still outcomes.
        Err(Error::InvalidResponsePayload(bytes, error)) => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|body| item_outcomes(&body))
            .ok_or_else(|| SdkError::InvalidResponse(error.to_string())),
        Err(error) => Err(convert_error(error)),
    }
}

fn convert_error<E: Serialize>(error: Error<E>) -> SdkError {
    match error {
        Error::ErrorResponse(value) => {
            let status = value.status().as_u16();
            match serde_json::to_value(value.into_inner())
                .ok()
                .and_then(|body| serde_json::from_value::<ZohoError>(body).ok())
            {
                Some(error) => SdkError::Zoho { status, error },
                None => SdkError::UnexpectedStatus(status),
            }
        }
        Error::UnexpectedResponse(response) => {
            SdkError::UnexpectedStatus(response.status().as_u16())
        }
        Error::InvalidResponsePayload(_, error) => SdkError::InvalidResponse(error.to_string()),
        Error::CommunicationError(error)
        | Error::ResponseBodyError(error)
        | Error::InvalidUpgrade(error) => SdkError::Transport(error.without_url().to_string()),
        Error::InvalidRequest(message) | Error::Custom(message) => SdkError::Transport(message),
    }
}

/// When a channel should be renewed: once `fraction` of its lifetime (from
/// `granted_at` to `expiry`) has passed. Renewing at about two thirds leaves
/// room for retries before Zoho stops notifying.
pub fn renewal_due(
    granted_at: DateTime<Utc>,
    expiry: DateTime<Utc>,
    fraction: f64,
) -> DateTime<Utc> {
    let lifetime = (expiry - granted_at).num_milliseconds().max(0) as f64;
    granted_at + Duration::milliseconds((lifetime * fraction.clamp(0.0, 1.0)) as i64)
}

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
            .map_err(|error| SdkError::Transport(error.to_string()))?;
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
            )),
        };
        let runtime = Runtime::new(RuntimeSettings {
            tokens,
            retry: Some(self.retry),
            version: self.version,
            follow_token_api_domain: self.follow_token_api_domain && self.api_domain.is_none(),
        });
        let client = Client::new_with_client(base.trim_end_matches('/'), http, runtime);
        Ok(Notifications {
            client,
            max_lifetime: self.version.max_channel_lifetime(),
        })
    }
}
