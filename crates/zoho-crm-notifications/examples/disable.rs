//! Disable: remove some events from a channel, then the whole channel.

mod common;

use chrono::Duration;
use zoho_crm_notifications::{ChannelId, Event, Operation};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let channel = common::subscription("1000000068001", common::notify_url(), Duration::hours(6));
    let id = channel.channel_id.clone();
    common::print_outcomes("enable", &target.api.enable(&[channel]).await?);
    let contacts = Event::new("Contacts", Operation::Create);
    common::print_outcomes(
        "disable events",
        &target.api.disable_events(&id, &[contacts]).await?,
    );
    // One outcome per channel and module; an unknown channel is NOT_SUBSCRIBED.
    let outcomes = target
        .api
        .disable(&[id, ChannelId::new("1000000069999")])
        .await?;
    common::print_outcomes("disable", &outcomes);
    Ok(())
}
