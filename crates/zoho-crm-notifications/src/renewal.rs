//! Keeping channels alive: a background task that renews subscriptions
//! before their `channel_expiry`.
//!
//! Zoho stops notifying at `channel_expiry` without telling anyone (one hour
//! by default, one day at most on v2–v3), which is the most reported failure
//! of Zoho integrations. The task renews at a fraction of each lifetime with
//! a full-state PUT, so the token is kept (a PATCH without it clears it).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::{Notifications, SdkError, Subscription, renewal_due};

/// How and when to renew.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenewalPolicy {
    /// The lifetime asked for at each renewal (within the version's maximum).
    pub lifetime: Duration,
    /// Renew once this fraction of the current lifetime has passed.
    pub renew_at: f64,
    /// Wait before retrying a failed renewal.
    pub retry_after: Duration,
}

impl Default for RenewalPolicy {
    /// 23 hours (under v2.1's one-day maximum), renewed at two thirds,
    /// retried after a minute.
    fn default() -> Self {
        RenewalPolicy {
            lifetime: Duration::hours(23),
            renew_at: 2.0 / 3.0,
            retry_after: Duration::minutes(1),
        }
    }
}

/// A running renewal task; dropping it stops the task.
#[derive(Debug)]
pub struct RenewalHandle {
    current: watch::Receiver<Vec<Subscription>>,
    renewals: Arc<AtomicU64>,
    last_error: watch::Receiver<Option<String>>,
    task: JoinHandle<()>,
}

impl RenewalHandle {
    /// The subscriptions as last renewed (their expiries included).
    pub fn current(&self) -> Vec<Subscription> {
        self.current.borrow().clone()
    }

    /// How many renewals succeeded so far.
    pub fn renewals(&self) -> u64 {
        self.renewals.load(Ordering::Relaxed)
    }

    /// The last renewal error, if the last attempt failed.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.borrow().clone()
    }

    /// Waits until the next successful renewal.
    pub async fn renewed(&mut self) {
        let _ = self.current.changed().await;
    }

    /// Stops renewing.
    pub fn stop(self) {}
}

impl Drop for RenewalHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts renewing `subscriptions` (already enabled) in the background.
pub fn spawn_renewal(
    api: Notifications,
    subscriptions: Vec<Subscription>,
    policy: RenewalPolicy,
) -> RenewalHandle {
    let (current_tx, current) = watch::channel(subscriptions.clone());
    let (error_tx, last_error) = watch::channel(None);
    let renewals = Arc::new(AtomicU64::new(0));
    let counter = renewals.clone();
    let task = tokio::spawn(async move {
        let mut subscriptions = subscriptions;
        let mut granted_at = Utc::now();
        loop {
            let due = next_due(&subscriptions, granted_at, policy.renew_at);
            sleep_until(due).await;
            let attempt_at = Utc::now();
            match renew_all(&api, &mut subscriptions, policy.lifetime).await {
                Ok(()) => {
                    granted_at = attempt_at;
                    counter.fetch_add(1, Ordering::Relaxed);
                    let _ = error_tx.send(None);
                    let _ = current_tx.send(subscriptions.clone());
                }
                Err(error) => {
                    let _ = error_tx.send(Some(error.to_string()));
                    let now = Utc::now();
                    // A retry_after beyond chrono's range means: do not retry.
                    sleep_until(
                        now.checked_add_signed(policy.retry_after)
                            .unwrap_or(DateTime::<Utc>::MAX_UTC),
                    )
                    .await;
                }
            }
        }
    });
    RenewalHandle {
        current,
        renewals,
        last_error,
        task,
    }
}

/// The earliest renewal time over all subscriptions.
fn next_due(
    subscriptions: &[Subscription],
    granted_at: DateTime<Utc>,
    fraction: f64,
) -> DateTime<Utc> {
    subscriptions
        .iter()
        .map(|subscription| {
            renewal_due(
                granted_at,
                subscription.channel_expiry.with_timezone(&Utc),
                fraction,
            )
        })
        .min()
        .unwrap_or_else(Utc::now)
}

async fn sleep_until(when: DateTime<Utc>) {
    if let Ok(wait) = (when - Utc::now()).to_std() {
        tokio::time::sleep(wait).await;
    }
}

/// Renews every subscription; any failed item fails the round, so it is
/// retried rather than left to expire.
async fn renew_all(
    api: &Notifications,
    subscriptions: &mut [Subscription],
    lifetime: Duration,
) -> Result<(), SdkError> {
    let outcomes = api.renew(subscriptions, lifetime).await?;
    match outcomes
        .iter()
        .enumerate()
        .find_map(|(index, outcome)| match outcome {
            crate::ItemOutcome::Failure(error) => Some((index, error.clone())),
            crate::ItemOutcome::Success { .. } => None,
        }) {
        Some((index, error)) => Err(SdkError::ItemFailed {
            index,
            error: Box::new(error),
        }),
        None => Ok(()),
    }
}
