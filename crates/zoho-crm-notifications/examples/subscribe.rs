//! Subscribe: enable a channel, and see a per-item failure for a bad one.

mod common;

use chrono::Duration;
use zoho_crm_notifications::SdkError;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let good = common::subscription("1000000068001", common::notify_url(), Duration::hours(12));
    common::print_outcomes("enable", &target.api.enable(&[good]).await?);

    // Checked before sending: Zoho allows at most 50 characters of token.
    let mut bad = common::subscription("1000000068002", common::notify_url(), Duration::hours(12));
    bad.token = zoho_crm_notifications::CallbackToken::new("x".repeat(51))?;
    match target.api.enable(&[bad]).await {
        Err(SdkError::Invalid(error)) => println!("enable [rejected before sending]: {error}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
