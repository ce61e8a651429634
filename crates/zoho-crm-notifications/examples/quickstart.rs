//! Enable, list, update (renew), disable: the whole lifecycle in one run.
//!
//! With no environment it starts the embedded mock server on loopback, so it
//! needs no Zoho account and no network. With `ZOHO_API_DOMAIN` (e.g.
//! `https://www.zohoapis.com`) and `ZOHO_ACCESS_TOKEN` set, it talks to real
//! Zoho over HTTPS; `ZOHO_NOTIFY_URL` sets the callback URL.

use chrono::{Duration, Utc};
use zoho_crm_notifications::{
    AccessToken, CallbackToken, ChannelId, Criteria, Event, ItemOutcome, ListFilter,
    NotificationCondition, Notifications, Operation, Subscription,
};

fn print_outcomes(step: &str, outcomes: &[ItemOutcome]) {
    for (index, outcome) in outcomes.iter().enumerate() {
        match outcome {
            ItemOutcome::Success { message, .. } => println!("{step} [{index}]: ok: {message}"),
            ItemOutcome::Failure(error) => println!("{step} [{index}]: FAILED: {error}"),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (api_domain, token, _mock) = match (
        std::env::var("ZOHO_API_DOMAIN"),
        std::env::var("ZOHO_ACCESS_TOKEN"),
    ) {
        (Ok(domain), Ok(token)) => {
            println!("using Zoho at {domain}");
            (domain, token, None)
        }
        _ => {
            let mock = zoho_mock::MockServer::start().await?;
            println!(
                "no ZOHO_API_DOMAIN/ZOHO_ACCESS_TOKEN: using the embedded mock at {}",
                mock.url()
            );
            (
                mock.url().to_string(),
                "mock-access-token".to_string(),
                Some(mock),
            )
        }
    };
    let notify_url = std::env::var("ZOHO_NOTIFY_URL")
        .unwrap_or_else(|_| "https://example.com/zoho/callback".into());
    let api = Notifications::new(&api_domain, &AccessToken::new(token)?)?;

    let channel = ChannelId::new("1000000068001");
    // Every Deals change, new Contacts; a Deal notifies only when its stage
    // or amount changes (a field-specific trigger, API v6 and later).
    let mut subscriptions = vec![
        Subscription::new(
            channel.clone(),
            vec![
                Event::new("Deals", Operation::All),
                Event::new("Contacts", Operation::Create),
            ],
            notify_url,
            CallbackToken::new("quickstart-verification-token")?,
            (Utc::now() + Duration::hours(6)).fixed_offset(),
        )
        .with_condition(NotificationCondition::fields(
            "Deals",
            Criteria::any([Criteria::field("Stage"), Criteria::field("Amount")]),
        ))
        .with_affected_field_values(true),
    ];

    print_outcomes("enable", &api.enable(&subscriptions).await?);

    let listed = api
        .list(&ListFilter {
            channel_id: Some(channel.clone()),
            ..ListFilter::default()
        })
        .await?;
    for entry in &listed.entries {
        println!("list: {entry}");
    }

    print_outcomes(
        "renew",
        &api.renew(&mut subscriptions, Duration::hours(12)).await?,
    );
    println!(
        "renew: channel now expires at {}",
        subscriptions[0]
            .channel_expiry
            .format("%Y-%m-%dT%H:%M:%S%:z")
    );

    print_outcomes(
        "disable events",
        &api.disable_events(&channel, &[Event::new("Contacts", Operation::Create)])
            .await?,
    );
    print_outcomes(
        "disable",
        &api.disable(std::slice::from_ref(&channel)).await?,
    );

    let left = api.list(&ListFilter::default()).await?;
    println!("list: {} subscription(s) left", left.entries.len());
    Ok(())
}
