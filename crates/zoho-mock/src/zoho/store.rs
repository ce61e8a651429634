//! The channels the mock org holds, and the only code that touches them
//! under the lock: plain map reads and writes that cannot panic midway.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::channel::Channel;
use super::validate::Update;

/// Every channel, by id.
#[derive(Debug, Default)]
pub struct Channels {
    by_id: BTreeMap<String, Channel>,
}

/// Locks `channels`, recovering from a poisoned lock.
///
/// Every change made under the lock is a single map insert, update or
/// removal, so a panic elsewhere cannot leave the map half-updated; the
/// poison flag carries no information and serving on is correct.
pub fn lock(channels: &Mutex<Channels>) -> MutexGuard<'_, Channels> {
    channels.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What removing events from a channel did.
#[derive(Debug, Clone)]
pub(crate) struct Removed {
    /// The modules of the events that were removed, without repeats.
    pub modules: Vec<String>,
}

impl Channels {
    /// A channel by id.
    pub fn get(&self, channel_id: &str) -> Option<&Channel> {
        self.by_id.get(channel_id)
    }

    /// How many channels are held.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no channel is held.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every channel (or only `channel_id`), cloned so the caller can render
    /// them after releasing the lock.
    pub fn snapshot(&self, channel_id: Option<&str>) -> Vec<(String, Channel)> {
        match channel_id {
            Some(id) => self
                .by_id
                .get_key_value(id)
                .map(|(id, channel)| (id.clone(), channel.clone()))
                .into_iter()
                .collect(),
            None => self
                .by_id
                .iter()
                .map(|(id, channel)| (id.clone(), channel.clone()))
                .collect(),
        }
    }

    pub(crate) fn insert(&mut self, channel_id: &str, channel: Channel) {
        self.by_id.insert(channel_id.to_string(), channel);
    }

    pub(crate) fn remove(&mut self, channel_id: &str) -> Option<Channel> {
        self.by_id.remove(channel_id)
    }

    /// Applies a PATCH update; the channel after it, or `None` when unknown.
    pub(crate) fn update(&mut self, channel_id: &str, update: &Update) -> Option<Channel> {
        let channel = self.by_id.get_mut(channel_id)?;
        update.apply_to(channel);
        Some(channel.clone())
    }

    /// Removes `events` from a channel, and the channel once none is left.
    pub(crate) fn remove_events(&mut self, channel_id: &str, events: &[String]) -> Option<Removed> {
        let channel = self.by_id.get_mut(channel_id)?;
        let mut modules: Vec<String> = Vec::new();
        for event in events.iter().filter(|event| channel.events.contains(event)) {
            let module = event.split('.').next().unwrap_or_default();
            if !modules.iter().any(|known| known == module) {
                modules.push(module.to_string());
            }
        }
        channel.events.retain(|event| !events.contains(event));
        if channel.events.is_empty() {
            self.by_id.remove(channel_id);
        }
        Some(Removed { modules })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_poisoned_lock_is_recovered_and_the_channels_still_serve() {
        let channels = Mutex::default();
        let poisoner = std::panic::catch_unwind(|| {
            let _guard = lock(&channels);
            panic!("a panic while holding the lock");
        });
        assert!(poisoner.is_err() && channels.is_poisoned());
        let body = serde_json::json!({"watch": [{"channel_id": "1", "events": ["Deals.all"], "notify_url": "https://x.test"}]});
        let (status, _) = super::super::enable(
            &channels,
            &body,
            false,
            chrono::Utc::now(),
            crate::zoho::MAX_CHANNEL_LIFETIME,
        );
        assert_eq!(status, 201);
        assert_eq!(super::super::list(&channels, &BTreeMap::new()).0, 200);
    }
}
