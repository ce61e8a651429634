//! GET's query parameters and the page it answers.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::channel::{Channel, format_time, resource_id, resource_uri};
use super::errors::{Reply, invalid_param};
use super::validate::is_channel_id;

/// Zoho's largest page; a larger `per_page` is served as 200.
pub const MAX_PER_PAGE: usize = 200;

/// A checked GET query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// 1-based page number.
    pub page: usize,
    /// Entries per page, 1 to [`MAX_PER_PAGE`].
    pub per_page: usize,
    /// Only this channel.
    pub channel_id: Option<String>,
    /// Only this module (API name).
    pub module: Option<String>,
}

/// A positive integer parameter, or Zoho's `INVALID_DATA` naming it.
fn positive(query: &BTreeMap<String, String>, param: &str) -> Result<Option<usize>, Reply> {
    let Some(text) = query.get(param) else {
        return Ok(None);
    };
    match text.trim().parse::<usize>() {
        Ok(value) if value >= 1 => Ok(Some(value)),
        _ => Err(invalid_param(
            param,
            json!({"expected_data_type": "integer", "minimum": 1}),
        )),
    }
}

impl ListQuery {
    /// Reads `page`, `per_page`, `channel_id` and `module`.
    ///
    /// A `page` or `per_page` that is not a positive integer, and a
    /// `channel_id` that is not a long, get 400 `INVALID_DATA` with the
    /// parameter's name. A `per_page` above 200 is served as 200, as Zoho
    /// documents it as the maximum.
    pub fn parse(query: &BTreeMap<String, String>) -> Result<ListQuery, Reply> {
        let page = positive(query, "page")?.unwrap_or(1);
        let per_page = positive(query, "per_page")?
            .unwrap_or(MAX_PER_PAGE)
            .min(MAX_PER_PAGE);
        let channel_id = query.get("channel_id").cloned();
        if channel_id.as_deref().is_some_and(|id| !is_channel_id(id)) {
            return Err(invalid_param(
                "channel_id",
                json!({"expected_data_type": "long"}),
            ));
        }
        Ok(ListQuery {
            page,
            per_page,
            channel_id,
            module: query.get("module").cloned(),
        })
    }
}

fn entry(channel_id: &str, channel: &Channel, module: &str) -> Value {
    json!({
        "notify_on_related_action": channel.notify_on_related_action,
        "channel_expiry": format_time(&channel.channel_expiry),
        "return_affected_field_values": channel.return_affected_field_values,
        "resource_uri": resource_uri(module),
        "resource_id": resource_id(module),
        "notify_url": channel.notify_url,
        "resource_name": module,
        "fields": channel.fields,
        "notification_condition": channel.condition_for(module),
        "channel_id": channel_id,
        "events": channel.events_of(module),
        "token": channel.token,
    })
}

/// One page of entries, one per (channel, module); 204 when it is empty.
pub(crate) fn page(channels: &[(String, Channel)], query: &ListQuery) -> Reply {
    let entries = channels.iter().flat_map(|(channel_id, channel)| {
        channel
            .modules()
            .into_iter()
            .filter(|module| query.module.as_ref().is_none_or(|wanted| wanted == module))
            .map(move |module| (channel_id, channel, module))
    });
    let total = entries.clone().count();
    // A page far past the end (or past `usize`) is simply empty.
    let Some(start) = query
        .page
        .checked_sub(1)
        .and_then(|before| before.checked_mul(query.per_page))
        .filter(|start| *start < total && query.per_page > 0)
    else {
        return (204, Value::Null);
    };
    let watch: Vec<Value> = entries
        .skip(start)
        .take(query.per_page)
        .map(|(channel_id, channel, module)| entry(channel_id, channel, &module))
        .collect();
    let shown = watch.len();
    let more_records = total.saturating_sub(start).saturating_sub(shown) > 0;
    (
        200,
        json!({
            "watch": watch,
            "info": {"per_page": query.per_page, "count": shown, "page": query.page, "more_records": more_records},
        }),
    )
}
