//! One method per operation, over the generated client: validated inputs,
//! per-item outcomes on every status, pages decoded entry by entry, and
//! errors that say what Zoho said.

use std::future::Future;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::auth::{Credentials, Secret};
use crate::capture::capture;
use crate::client_builder::NotificationsBuilder;
use crate::datacenter::ApiVersion;
use crate::error::SdkError;
use crate::listing::{ListFilter, ListPage, MAX_PER_PAGE, next_page};
use crate::outcome::ItemOutcome;
use crate::subscription::{Subscription, ValidationError, validate};
use crate::wire::{answer, outcomes, top_level_error, typed_request, watch_item};
use crate::{ChannelId, Client, Error, Event, ResponseValue, types};

/// An OAuth access token: a [`Secret`], sent only in the `Authorization` header.
pub type AccessToken = Secret;

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

    pub(crate) fn from_parts(client: Client, max_lifetime: Duration) -> Self {
        Notifications {
            client,
            max_lifetime,
        }
    }

    /// Wraps a generated client you configured yourself.
    pub fn with_client(client: Client) -> Self {
        Notifications::from_parts(client, ApiVersion::default().max_channel_lifetime())
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

    /// Enables notifications (POST). One outcome per subscription, in order,
    /// whether Zoho answers 201, 202, 207 or 400.
    pub async fn enable(
        &self,
        subscriptions: &[Subscription],
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        validate(subscriptions, Utc::now(), self.max_lifetime)?;
        let body: types::EnableNotificationsRequest = typed_request(watch_body(subscriptions))?;
        self.per_item(self.client.enable_notifications().body(body).send())
            .await
    }

    /// Replaces channels' full state (PUT): what is left out is removed, so
    /// every field of each [`Subscription`] is sent, conditions included.
    pub async fn update(
        &self,
        subscriptions: &[Subscription],
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        validate(subscriptions, Utc::now(), self.max_lifetime)?;
        let body: types::UpdateNotificationsRequest = typed_request(watch_body(subscriptions))?;
        self.per_item(self.client.update_notifications().body(body).send())
            .await
    }

    /// Renews channels before they expire: re-sends each one's full state
    /// (token, conditions and flags included) with `channel_expiry` set
    /// `lifetime` from now, and updates `subscriptions` with the new expiry.
    pub async fn renew(
        &self,
        subscriptions: &mut [Subscription],
        lifetime: Duration,
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        let expiry = Utc::now()
            .checked_add_signed(lifetime)
            .ok_or_else(|| ValidationError {
                json_path: "$.watch".into(),
                message: format!("a lifetime of {lifetime} is out of range"),
            })?
            .fixed_offset();
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
        if channel_id.as_str().trim().is_empty() {
            return Err(invalid("$.watch[0].channel_id", "channel_id is blank"));
        }
        if events.is_empty() {
            return Err(invalid(
                "$.watch[0].events",
                "at least one event is needed (an empty list would remove nothing)",
            ));
        }
        let body = json!({"watch": [{
            "channel_id": channel_id,
            "events": events.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "_delete_events": true,
        }]});
        let body: types::PatchNotificationsRequest = typed_request(body)?;
        self.per_item(
            self.client
                .update_specific_information_of_a_notification()
                .body(body)
                .send(),
        )
        .await
    }

    /// Disables whole channels (DELETE). One outcome per channel and module.
    pub async fn disable(&self, channel_ids: &[ChannelId]) -> Result<Vec<ItemOutcome>, SdkError> {
        if channel_ids.is_empty() {
            return Err(invalid("channel_ids", "at least one channel id is needed"));
        }
        if let Some(index) = channel_ids
            .iter()
            .position(|id| id.as_str().trim().is_empty() || id.as_str().contains(','))
        {
            return Err(invalid(
                &format!("channel_ids[{index}]"),
                "a channel id cannot be blank or contain a comma",
            ));
        }
        let ids = channel_ids
            .iter()
            .map(ChannelId::as_str)
            .collect::<Vec<_>>()
            .join(",");
        self.per_item(self.client.disable_notifications().channel_ids(ids).send())
            .await
    }

    /// Lists one page of subscriptions: one entry per channel and module. A
    /// 204 (nothing subscribed) is an empty page; an entry that does not
    /// decode is kept, raw, in [`ListPage::undecodable`].
    pub async fn list(&self, filter: &ListFilter) -> Result<ListPage, SdkError> {
        if let Some(per_page) = filter.per_page
            && !(1..=MAX_PER_PAGE).contains(&per_page)
        {
            return Err(invalid(
                "per_page",
                &format!("{per_page} per page; Zoho takes 1 to {MAX_PER_PAGE}"),
            ));
        }
        if filter.page == Some(0) {
            return Err(invalid("page", "pages are numbered from 1"));
        }
        let mut call = self.client.get_notification_details();
        if let Some(channel_id) = &filter.channel_id {
            call = call.channel_id(channel_id.to_string());
        }
        if let Some(module) = &filter.module {
            call = call.module(module.clone());
        }
        if let Some(page) = filter.page {
            call = call.page(i64::from(page));
        }
        if let Some(per_page) = filter.per_page {
            call = call.per_page(i64::from(per_page));
        }
        self.client.inner.ensure_token().await?;
        let (result, raw) = capture(call.send()).await;
        // The common case: the page decoded whole into the generated types;
        // no need to read the body a second time.
        let result = match result {
            Ok(page) if page.status().is_success() => {
                let page = page.into_inner();
                return Ok(ListPage {
                    entries: page.watch.unwrap_or_default(),
                    undecodable: Vec::new(),
                    more_records: page
                        .info
                        .and_then(|info| info.more_records)
                        .unwrap_or(false),
                });
            }
            other => other,
        };
        let (status, body) = answer(result, raw)?;
        let Some(body) = body else {
            return if (200..300).contains(&status) {
                Ok(ListPage::default())
            } else {
                Err(SdkError::UnexpectedStatus(status))
            };
        };
        match ListPage::decode(&body) {
            Some(page) if (200..300).contains(&status) => Ok(page),
            _ => top_level_error(status, &body, (200..300).contains(&status)),
        }
    }

    /// Every page matching `filter`, fetched as the stream is read
    /// (`filter.page` is where it starts). It follows `info.more_records`,
    /// and ends after the last page, a page with no entries, an error, or
    /// [`MAX_PAGES`](crate::MAX_PAGES) pages.
    pub fn list_pages(
        &self,
        filter: ListFilter,
    ) -> impl futures_util::Stream<Item = Result<ListPage, SdkError>> + '_ {
        let first = ListFilter {
            page: Some(filter.page.unwrap_or(1)),
            per_page: Some(filter.per_page.unwrap_or(MAX_PER_PAGE)),
            ..filter
        };
        futures_util::stream::unfold(Some((first, 0u32)), move |next| async move {
            let (filter, pages_read) = next?;
            match self.list(&filter).await {
                Ok(page) => {
                    let pages_read = pages_read.saturating_add(1);
                    let following =
                        next_page(&filter, &page, pages_read).map(|filter| (filter, pages_read));
                    Some((Ok(page), following))
                }
                Err(error) => Some((Err(error), None)),
            }
        })
    }

    /// Every subscription, page by page (200 entries per request), as one
    /// [`ListPage`] holding all entries and every undecodable one.
    pub async fn list_all(&self) -> Result<ListPage, SdkError> {
        let pages = self.list_pages(ListFilter::default());
        futures_util::TryStreamExt::try_fold(pages, ListPage::default(), |mut all, page| async {
            all.undecodable
                .extend(page.undecodable.into_iter().map(|mut entry| {
                    entry.index = entry.index.saturating_add(all.entries.len());
                    entry
                }));
            all.entries.extend(page.entries);
            Ok(all)
        })
        .await
    }

    /// Runs one generated call and returns Zoho's answer as raw JSON with its
    /// status, after making sure a token is at hand (so an authentication
    /// failure is a typed [`SdkError::Auth`]).
    async fn call<T: Serialize, E: Serialize>(
        &self,
        send: impl Future<Output = Result<ResponseValue<T>, Error<E>>>,
    ) -> Result<(u16, Option<Value>), SdkError> {
        self.client.inner.ensure_token().await?;
        let (result, raw) = capture(send).await;
        answer(result, raw)
    }

    async fn per_item<T: Serialize, E: Serialize>(
        &self,
        send: impl Future<Output = Result<ResponseValue<T>, Error<E>>>,
    ) -> Result<Vec<ItemOutcome>, SdkError> {
        let (status, body) = self.call(send).await?;
        outcomes(status, body)
    }
}

/// `{"watch": [...]}` with each subscription's full state.
fn watch_body(subscriptions: &[Subscription]) -> Value {
    json!({"watch": subscriptions.iter().map(watch_item).collect::<Vec<_>>()})
}

fn invalid(json_path: &str, message: &str) -> SdkError {
    SdkError::Invalid(ValidationError {
        json_path: json_path.into(),
        message: message.into(),
    })
}

/// When a channel should be renewed: once `fraction` of its lifetime (from
/// `granted_at` to `expiry`) has passed. Renewing at about two thirds leaves
/// room for retries before Zoho stops notifying.
pub fn renewal_due(
    granted_at: DateTime<Utc>,
    expiry: DateTime<Utc>,
    fraction: f64,
) -> DateTime<Utc> {
    let lifetime = expiry
        .signed_duration_since(granted_at)
        .num_milliseconds()
        .max(0) as f64;
    let fraction = if fraction.is_nan() {
        1.0
    } else {
        fraction.clamp(0.0, 1.0)
    };
    // At most the whole (in-range) lifetime, so the sum stays in range.
    granted_at
        .checked_add_signed(Duration::milliseconds((lifetime * fraction) as i64))
        .unwrap_or(expiry)
}
