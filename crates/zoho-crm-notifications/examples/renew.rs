//! Renew: keep a channel alive in the background before its expiry.

mod common;

use chrono::Duration;
use zoho_crm_notifications::{RenewalPolicy, spawn_renewal};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    // A short first lifetime so the example shows a renewal within seconds.
    let channel = common::subscription("1000000068001", common::notify_url(), Duration::seconds(6));
    common::print_outcomes(
        "enable",
        &target.api.enable(std::slice::from_ref(&channel)).await?,
    );
    println!(
        "renew: expires at {}",
        channel.channel_expiry.format("%H:%M:%S%:z")
    );

    let policy = RenewalPolicy {
        lifetime: Duration::hours(12),
        renew_at: 0.5,
        ..RenewalPolicy::default()
    };
    let mut renewal = spawn_renewal(target.api.clone(), vec![channel], policy);
    renewal.renewed().await;
    let renewed = renewal.current();
    println!(
        "renew: renewed {} time(s); now expires at {} (token kept)",
        renewal.renewals(),
        renewed[0].channel_expiry.format("%Y-%m-%dT%H:%M:%S%:z")
    );
    renewal.stop();
    Ok(())
}
