//! What a channel was given is what GET shows: PUT replaces every field,
//! PATCH keeps what it leaves out (except `token`), and pages say whether
//! more entries remain.

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{WATCH, bounded, client, item, send};
use zoho_mock::MockServer;

fn condition(module: &str, field: &str) -> Value {
    json!({"type": "field_selection", "module": {"api_name": module, "id": "1"},
           "field_selection": {"group_operator": "or", "group": [{"field": {"api_name": field, "id": "2"}}]}})
}

async fn entries(client: &reqwest::Client, server: &MockServer, channel_id: &str) -> Vec<Value> {
    let (status, body) = send(
        client,
        server,
        Method::GET,
        &format!("{WATCH}?channel_id={channel_id}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["watch"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn put_replaces_every_field_and_patch_keeps_what_it_leaves_out_except_the_token() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        let full = json!({"channel_id": "7", "events": ["Deals.all", "Contacts.create"],
            "notify_url": "https://x.test/a", "token": "secret",
            "return_affected_field_values": true, "fields": {"Deals": ["Stage"]},
            "notification_condition": [condition("Deals", "Stage"), condition("Leads", "Email")]});
        let (status, body) = send(
            &client,
            &server,
            Method::POST,
            WATCH,
            Some(&json!({"watch": [full]})),
        )
        .await;
        assert_eq!(status, 201, "{body}");

        let listed = entries(&client, &server, "7").await;
        assert_eq!(listed.len(), 2, "one entry per module");
        let deals = &listed[0];
        assert_eq!(deals["resource_name"], "Deals");
        assert_eq!(deals["notify_on_related_action"], true, "Zoho's default");
        assert_eq!(deals["return_affected_field_values"], true);
        assert_eq!(deals["fields"], json!({"Deals": ["Stage"]}));
        assert_eq!(
            deals["notification_condition"],
            json!([condition("Deals", "Stage")]),
            "each module shows its own conditions"
        );
        assert_eq!(
            listed[1]["notification_condition"],
            Value::Null,
            "Contacts has none"
        );

        // PATCH only notify_on_related_action: the rest stays, the token goes.
        let (status, body) = send(
            &client,
            &server,
            Method::PATCH,
            WATCH,
            Some(&json!({"watch": [{"channel_id": "7", "notify_on_related_action": false}]})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let deals = &entries(&client, &server, "7").await[0];
        assert_eq!(deals["notify_on_related_action"], false);
        assert_eq!(deals["events"], json!(["Deals.all"]));
        assert_eq!(deals["notify_url"], "https://x.test/a");
        assert_eq!(deals["return_affected_field_values"], true);
        assert_eq!(deals["fields"], json!({"Deals": ["Stage"]}));
        assert_eq!(
            deals["notification_condition"],
            json!([condition("Deals", "Stage")])
        );
        assert_eq!(
            deals["token"],
            Value::Null,
            "a PATCH without token clears it, as on Zoho"
        );

        // PUT with only the required fields: everything else is reset.
        let (status, body) = send(
            &client,
            &server,
            Method::PUT,
            WATCH,
            Some(&json!({"watch": [item("7", &["Leads.edit"])]})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let listed = entries(&client, &server, "7").await;
        assert_eq!(listed.len(), 1);
        let leads = &listed[0];
        assert_eq!(leads["resource_name"], "Leads");
        assert_eq!(leads["notify_on_related_action"], true);
        assert_eq!(leads["return_affected_field_values"], false);
        assert_eq!(leads["fields"], Value::Null);
        assert_eq!(leads["notification_condition"], Value::Null);
        assert_eq!(leads["token"], "t");
    })
    .await;
}

#[tokio::test]
async fn pages_say_whether_more_entries_remain() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        let items: Vec<Value> = (1..=5)
            .map(|i| item(&i.to_string(), &["Deals.all"]))
            .collect();
        let (status, _) = send(
            &client,
            &server,
            Method::POST,
            WATCH,
            Some(&json!({"watch": items})),
        )
        .await;
        assert_eq!(status, 201);

        let mut seen = Vec::new();
        for (page, count, more) in [(1, 2, true), (2, 2, true), (3, 1, false)] {
            let (status, body) = send(
                &client,
                &server,
                Method::GET,
                &format!("{WATCH}?per_page=2&page={page}"),
                None,
            )
            .await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(
                body["info"],
                json!({"per_page": 2, "count": count, "page": page, "more_records": more})
            );
            seen.extend(
                body["watch"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|e| e["channel_id"].clone()),
            );
        }
        assert_eq!(
            seen,
            json!(["1", "2", "3", "4", "5"])
                .as_array()
                .cloned()
                .unwrap_or_default(),
            "every entry once"
        );
        let (status, _) = send(
            &client,
            &server,
            Method::GET,
            &format!("{WATCH}?per_page=2&page=4"),
            None,
        )
        .await;
        assert_eq!(status, 204, "past the end");

        let (status, body) = send(
            &client,
            &server,
            Method::GET,
            &format!("{WATCH}?per_page=500"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["info"]["per_page"], 200, "Zoho's maximum");
        assert_eq!(body["info"]["count"], 5);
    })
    .await;
}

#[tokio::test]
async fn the_longest_channel_lifetime_follows_the_api_version() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        // Five days: within v7's week, beyond v2.1's day (Zoho's FAQ,
        // Kaizen #170); Zoho silently gives one hour instead.
        let five_days = (chrono::Utc::now() + chrono::Duration::days(5))
            .format("%Y-%m-%dT%H:%M:%S+00:00")
            .to_string();
        let granted_hours = |body: &Value| {
            let expiry = body["watch"][0]["details"]["events"][0]["channel_expiry"]
                .as_str()
                .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
                .expect("granted expiry");
            (expiry.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_hours()
        };
        for (version, channel_id, hours) in [("v7", "71", 119), ("v2.1", "21", 0)] {
            let body = json!({"watch": [{"channel_id": channel_id, "events": ["Deals.all"],
                "notify_url": "https://x.test/a", "channel_expiry": five_days}]});
            let (status, reply) = send(
                &client,
                &server,
                Method::POST,
                &WATCH.replace("v2.1", version),
                Some(&body),
            )
            .await;
            assert_eq!(status, 201, "{reply}");
            assert_eq!(granted_hours(&reply), hours, "{version}: {reply}");
        }
    })
    .await;
}
