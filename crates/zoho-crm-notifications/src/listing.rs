//! Listing subscriptions: one page decoded entry by entry (an entry that
//! cannot be decoded is reported with its raw JSON, the others are kept),
//! and paging that follows Zoho's `info.more_records`.

use std::fmt;

use serde_json::Value;

use crate::{ChannelId, types};

/// One subscription entry of a list: one per channel **and module**.
pub type WatchEntry = types::GetNotificationDetailsResponseWatchItem;

/// One line a person can read: `channel 1000000068001 watches Deals
/// (["Deals.all"]) until 2026-12-01 10:00:00 +05:30`, with `?` for what
/// Zoho left out.
impl fmt::Display for WatchEntry {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unknown = || "?".to_string();
        write!(
            formatter,
            "channel {} watches {} ({:?}) until {}",
            self.channel_id
                .as_ref()
                .map_or_else(unknown, ToString::to_string),
            self.resource_name.as_deref().unwrap_or("?"),
            self.events.as_deref().unwrap_or_default(),
            self.channel_expiry
                .map_or_else(unknown, |expiry| expiry.to_string()),
        )
    }
}

/// Zoho's largest page.
pub const MAX_PER_PAGE: u32 = 200;

/// The most pages `list_all` and `list_pages` follow, so that a server
/// that always answers `more_records: true` cannot keep a caller forever
/// (at 200 entries a page, a million entries).
pub const MAX_PAGES: u32 = 5_000;

/// Filters for [`Notifications::list`](crate::Notifications::list).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only this channel.
    pub channel_id: Option<ChannelId>,
    /// Only this module (API name).
    pub module: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Entries per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: Option<u32>,
}

/// An entry of a page that does not fit [`WatchEntry`].
#[derive(Clone, PartialEq)]
pub struct UndecodableEntry {
    /// Its index in the page's `watch` array.
    pub index: usize,
    /// The entry as Zoho sent it.
    pub raw: Value,
    /// Why it did not decode.
    pub error: String,
}

impl fmt::Debug for UndecodableEntry {
    /// The raw entry is shown with its `token` redacted: it authenticates
    /// callbacks.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.raw.clone();
        if let Some(token) = shown.get_mut("token").filter(|token| !token.is_null()) {
            *token = Value::String("<redacted>".into());
        }
        formatter
            .debug_struct("UndecodableEntry")
            .field("index", &self.index)
            .field("raw", &shown)
            .field("error", &self.error)
            .finish()
    }
}

/// One page of subscriptions (or, from `list_all`, every page).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListPage {
    /// The entries that decoded, in Zoho's order.
    pub entries: Vec<WatchEntry>,
    /// The entries that did not, with their raw JSON.
    pub undecodable: Vec<UndecodableEntry>,
    /// Whether Zoho says more pages follow (`info.more_records`).
    pub more_records: bool,
}

impl ListPage {
    /// Decodes a page body entry by entry. `None` when it has no `watch`.
    pub(crate) fn decode(body: &Value) -> Option<ListPage> {
        let watch = body.get("watch")?;
        let items: &[Value] = match watch {
            Value::Array(items) => items,
            Value::Null => &[],
            _ => return None,
        };
        let mut page = ListPage {
            more_records: body
                .pointer("/info/more_records")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ..ListPage::default()
        };
        for (index, raw) in items.iter().enumerate() {
            match <WatchEntry as serde::Deserialize>::deserialize(raw) {
                Ok(entry) => page.entries.push(entry),
                Err(error) => page.undecodable.push(UndecodableEntry {
                    index,
                    raw: raw.clone(),
                    error: error.to_string(),
                }),
            }
        }
        Some(page)
    }

    /// How many entries the page held, decoded or not.
    pub fn len(&self) -> usize {
        self.entries.len().saturating_add(self.undecodable.len())
    }

    /// Whether the page held no entry at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The filter for the page after `filter`'s, if Zoho has more and the
/// page made progress; `None` ends paging.
pub(crate) fn next_page(
    filter: &ListFilter,
    page: &ListPage,
    pages_read: u32,
) -> Option<ListFilter> {
    if !page.more_records || page.is_empty() || pages_read >= MAX_PAGES {
        return None;
    }
    Some(ListFilter {
        page: filter.page.unwrap_or(1).checked_add(1),
        ..filter.clone()
    })
    .filter(|next| next.page.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_bad_entry_does_not_fail_the_page() {
        let body = json!({"watch": [
            {"channel_id": "1", "resource_name": "Deals", "token": null, "channel_expiry": null},
            {"channel_id": "2", "events": "not-a-list", "token": "SECRET-TOKEN"},
            {"channel_id": 2542271027018545353u64, "resource_name": "Leads"}],
            "info": {"more_records": true, "count": null}});
        let page = ListPage::decode(&body).expect("has watch");
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.undecodable.len(), 1);
        assert_eq!(page.undecodable[0].index, 1);
        assert!(page.more_records);
        let shown = format!("{:?}", page.undecodable[0]);
        assert!(!shown.contains("SECRET-TOKEN"), "{shown}");
        assert_eq!(
            page.entries[1].channel_id.as_ref().map(ChannelId::as_str),
            Some("2542271027018545353")
        );
    }

    #[test]
    fn paging_stops_without_progress_or_at_the_bound() {
        let filter = ListFilter::default();
        let page = ListPage {
            more_records: true,
            undecodable: vec![UndecodableEntry {
                index: 0,
                raw: json!({}),
                error: String::new(),
            }],
            ..ListPage::default()
        };
        assert_eq!(next_page(&filter, &page, 1).and_then(|f| f.page), Some(2));
        assert!(next_page(&filter, &page, MAX_PAGES).is_none());
        assert!(
            next_page(
                &filter,
                &ListPage {
                    more_records: true,
                    ..ListPage::default()
                },
                1
            )
            .is_none()
        );
        let last = ListFilter {
            page: Some(u32::MAX),
            ..ListFilter::default()
        };
        assert!(next_page(&last, &page, 1).is_none(), "no overflow");
    }
}
