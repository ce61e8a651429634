//! Shared by the examples: talk to real Zoho when `ZOHO_API_DOMAIN` and
//! `ZOHO_ACCESS_TOKEN` are set, otherwise to the embedded mock on loopback.

#![allow(dead_code)] // each example uses a different part

use chrono::{Duration, Utc};
use zoho_crm_notifications::{
    AccessToken, CallbackToken, ChannelId, Event, ItemOutcome, Notifications, Operation,
    Subscription,
};
use zoho_mock::MockServer;

/// The API, and the mock serving it when there is no Zoho account.
pub struct Target {
    pub api: Notifications,
    pub mock: Option<MockServer>,
}

pub async fn connect() -> Result<Target, Box<dyn std::error::Error>> {
    match (
        std::env::var("ZOHO_API_DOMAIN"),
        std::env::var("ZOHO_ACCESS_TOKEN"),
    ) {
        (Ok(domain), Ok(token)) => {
            println!("using Zoho at {domain}");
            Ok(Target {
                api: Notifications::new(&domain, &AccessToken::new(token)?)?,
                mock: None,
            })
        }
        _ => {
            let mock = MockServer::start().await?;
            println!(
                "no ZOHO_API_DOMAIN/ZOHO_ACCESS_TOKEN: using the embedded mock at {}",
                mock.url()
            );
            let api = Notifications::new(mock.url(), &AccessToken::new("mock-access-token")?)?;
            Ok(Target {
                api,
                mock: Some(mock),
            })
        }
    }
}

pub fn notify_url() -> String {
    std::env::var("ZOHO_NOTIFY_URL").unwrap_or_else(|_| "https://example.com/zoho/callback".into())
}

/// A channel watching every Deals change and new Contacts.
pub fn subscription(channel_id: &str, notify_url: String, lifetime: Duration) -> Subscription {
    Subscription::new(
        ChannelId::new(channel_id),
        vec![
            Event::new("Deals", Operation::All),
            Event::new("Contacts", Operation::Create),
        ],
        notify_url,
        CallbackToken::new(format!("verify-{channel_id}")).expect("no control characters"),
        (Utc::now() + lifetime).fixed_offset(),
    )
}

pub fn print_outcomes(step: &str, outcomes: &[ItemOutcome]) {
    for (index, outcome) in outcomes.iter().enumerate() {
        match outcome {
            ItemOutcome::Success { message, .. } => println!("{step} [{index}]: ok: {message}"),
            ItemOutcome::Failure(error) => println!("{step} [{index}]: FAILED: {error}"),
        }
    }
}
