//! The callback receiver against the recorded callback samples and against
//! forged, malformed, oversized and random bodies.

use std::path::Path;

use serde_json::{Value, json};
use zoho_crm_notifications::callback::{
    Callback, CallbackError, CallbackOperation, CallbackReceiver, DEFAULT_MAX_BODY_BYTES,
};
use zoho_crm_notifications::{CallbackToken, ChannelId, Event, Operation, Subscription};

const CHANNEL: &str = "1000000068001";
const TOKEN: &str = "TOKEN_FOR_VERIFICATION_OF_1000000068001";
const JSON: Option<&str> = Some("application/json");

/// `(file name, request body)` of every recorded callback, sorted by name.
fn recorded_callbacks() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("notification_callback__") && name.ends_with(".json")
        })
        .map(|path| {
            let fixture: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let body = fixture["request"]["body"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: request.body is a string", path.display()))
                .to_string();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                body,
            )
        })
        .collect();
    found.sort();
    found
}

fn recorded(name: &str) -> String {
    recorded_callbacks()
        .into_iter()
        .find(|(file, _)| file == &format!("notification_callback__{name}.json"))
        .unwrap_or_else(|| panic!("fixture notification_callback__{name}.json"))
        .1
}

fn receiver() -> CallbackReceiver {
    CallbackReceiver::new().channel(CHANNEL, Some(TOKEN))
}

/// A callback body for [`CHANNEL`] and [`TOKEN`], with `changes` merged in.
fn body_with(changes: Value) -> Vec<u8> {
    let mut body = json!({
        "server_time": 1718117126473_i64,
        "query_params": {},
        "module": "Leads",
        "resource_uri": "https://www.zohoapis.com/crm/v2/Leads",
        "ids": ["5725767000003000064"],
        "affected_fields": [],
        "operation": "insert",
        "channel_id": CHANNEL,
        "token": TOKEN,
    });
    for (key, value) in changes.as_object().expect("changes is an object") {
        if value == &json!("<remove>") {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value.clone();
        }
    }
    serde_json::to_vec(&body).unwrap()
}

fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{text:?} contains {secret:?}");
    }
}

#[test]
fn every_recorded_callback_is_accepted_with_its_token() {
    let callbacks = recorded_callbacks();
    assert!(callbacks.len() >= 4, "found {callbacks:?}");
    let mut saw_null_token = false;
    for (file, body) in &callbacks {
        let payload: Value = serde_json::from_str(body).unwrap();
        let channel = payload["channel_id"].as_str().unwrap();
        let token = payload["token"].as_str();
        saw_null_token |= token.is_none();
        let receiver = CallbackReceiver::new().channel(channel, token);

        for content_type in [JSON, None, Some("application/json; charset=UTF-8")] {
            let events = receiver
                .receive(content_type, body.as_bytes())
                .unwrap_or_else(|error| panic!("{file}: {error}"));
            let ids: Vec<&str> = payload["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap())
                .collect();
            assert!(!ids.is_empty(), "{file}");
            assert_eq!(events.len(), ids.len(), "{file}");
            for (event, id) in events.iter().zip(&ids) {
                assert_eq!(event.record_id, *id, "{file}");
                assert_eq!(event.channel_id, ChannelId::new(channel), "{file}");
                assert_eq!(event.module, payload["module"].as_str().unwrap(), "{file}");
                assert_eq!(
                    event.operation.as_str(),
                    payload["operation"].as_str().unwrap(),
                    "{file}"
                );
                assert!(
                    !matches!(event.operation, CallbackOperation::Other(_)),
                    "{file}: {:?}",
                    event.operation
                );
                assert_eq!(
                    event.server_time,
                    payload["server_time"].as_i64().unwrap(),
                    "{file}"
                );
                let expected_fields: Vec<String> = payload["affected_fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|map| map.get(id))
                    .flat_map(|fields| fields.as_array().unwrap().clone())
                    .map(|field| field.as_str().unwrap().to_string())
                    .collect();
                assert_eq!(event.affected_fields, expected_fields, "{file}");
                let expected_values = payload
                    .get("affected_values")
                    .and_then(|items| {
                        items
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|item| item["record_id"] == *id)
                    })
                    .map(|item| item["values"].clone());
                assert_eq!(
                    event
                        .affected_values
                        .as_ref()
                        .map(|values| serde_json::to_value(values).unwrap()),
                    expected_values,
                    "{file}"
                );
            }
        }
    }
    assert!(saw_null_token, "a recorded callback has a null token");
}

#[test]
fn update_callback_carries_affected_fields_and_values() {
    let events = receiver()
        .receive(JSON, recorded("update_with_affected_values_ok").as_bytes())
        .unwrap();
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.operation, CallbackOperation::Update);
    assert_eq!(event.record_id, "5725767000003000010");
    assert_eq!(event.affected_fields, ["Mobile", "Owner"]);
    let values = event.affected_values.as_ref().unwrap();
    assert_eq!(values["Mobile"], json!("123456789"));
    assert_eq!(values["Owner"]["name"], json!("Patricia Boyle"));
    assert_eq!(
        event.server_datetime().unwrap().to_rfc3339(),
        "2024-06-11T14:25:53.625+00:00"
    );
}

#[test]
fn insert_and_delete_callbacks_parse_their_operation() {
    let insert = receiver()
        .receive(JSON, recorded("insert_ok").as_bytes())
        .unwrap();
    assert_eq!(insert[0].operation, CallbackOperation::Insert);
    assert!(insert[0].affected_fields.is_empty());
    assert_eq!(insert[0].affected_values, None);

    let delete = receiver()
        .receive(JSON, recorded("delete_ok").as_bytes())
        .unwrap();
    assert_eq!(delete[0].operation, CallbackOperation::Delete);
    assert_eq!(
        delete[0].affected_fields,
        ["Modified_By", "Record_Status__s"]
    );
    assert_eq!(
        delete[0].affected_values.as_ref().unwrap()["Record_Status__s"],
        json!(0)
    );
}

#[test]
fn verify_returns_the_whole_callback() {
    let callback = receiver()
        .verify(JSON, recorded("update_with_affected_values_ok").as_bytes())
        .unwrap();
    assert_eq!(callback.channel_id, ChannelId::new(CHANNEL));
    assert_eq!(callback.token.as_deref(), Some(TOKEN));
    assert_eq!(
        callback.resource_uri,
        "https://www.zohoapis.com/crm/v2/Leads"
    );
    assert_eq!(callback.server_time, 1718115953625);
    assert_eq!(callback.ids, ["5725767000003000010"]);
    assert_eq!(callback.affected_values[0].record_id, "5725767000003000010");
    assert!(callback.query_params.is_empty());
    assert!(callback.extra.is_empty());
}

#[test]
fn forged_tokens_are_refused() {
    let last_byte_changed = format!("{}2", &TOKEN[..TOKEN.len() - 1]);
    let forgeries = [
        json!({"token": last_byte_changed}),
        json!({"token": format!("{TOKEN}0")}),
        json!({"token": &TOKEN[..TOKEN.len() - 1]}),
        json!({"token": TOKEN.to_lowercase()}),
        json!({"token": ""}),
        json!({"token": null}),
        json!({"token": "<remove>"}),
    ];
    for forgery in forgeries {
        let error = receiver()
            .receive(JSON, &body_with(forgery.clone()))
            .unwrap_err();
        assert_eq!(
            error,
            CallbackError::TokenMismatch {
                channel_id: ChannelId::new(CHANNEL)
            },
            "{forgery}"
        );
        assert_eq!(error.http_status(), 401);
    }
    // The genuine token passes, so the refusals above are about the token.
    assert!(receiver().receive(JSON, &body_with(json!({}))).is_ok());
}

#[test]
fn token_of_another_channel_is_refused() {
    let receiver = receiver().channel("2000000000002", Some("OTHER_CHANNEL_TOKEN"));
    let error = receiver
        .receive(JSON, &body_with(json!({"token": "OTHER_CHANNEL_TOKEN"})))
        .unwrap_err();
    assert!(
        matches!(error, CallbackError::TokenMismatch { .. }),
        "{error:?}"
    );
    let events = receiver
        .receive(
            JSON,
            &body_with(json!({"channel_id": "2000000000002", "token": "OTHER_CHANNEL_TOKEN"})),
        )
        .unwrap();
    assert_eq!(events[0].channel_id, ChannelId::new("2000000000002"));
}

#[test]
fn channel_without_token_accepts_only_null_token() {
    let body = recorded("token_null_ok");
    let channel = "1745564708612968000";

    let tokenless = CallbackReceiver::new().channel(channel, None);
    assert_eq!(tokenless.receive(JSON, body.as_bytes()).unwrap().len(), 1);

    let with_token = body.replace("\"token\": null", "\"token\": \"SOMETHING\"");
    assert_ne!(with_token, body);
    assert_eq!(
        tokenless.receive(JSON, with_token.as_bytes()).unwrap_err(),
        CallbackError::TokenMismatch {
            channel_id: ChannelId::new(channel)
        }
    );

    let expecting_token = CallbackReceiver::new().channel(channel, Some("SOMETHING"));
    assert!(matches!(
        expecting_token.receive(JSON, body.as_bytes()),
        Err(CallbackError::TokenMismatch { .. })
    ));
    assert!(expecting_token.receive(JSON, with_token.as_bytes()).is_ok());
}

#[test]
fn subscription_registers_its_channel_and_token() {
    let subscription = Subscription::new(
        ChannelId::new(CHANNEL),
        vec![Event::new("Leads", Operation::All)],
        "https://example.com/zoho/callback",
        CallbackToken::new(TOKEN).expect("valid secret"),
        chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00+05:30").unwrap(),
    );
    let receiver = CallbackReceiver::new().subscription(&subscription);
    assert!(receiver.has_channel(&ChannelId::new(CHANNEL)));
    assert_eq!(
        receiver
            .receive(JSON, recorded("insert_ok").as_bytes())
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        receiver.receive(JSON, &body_with(json!({"token": "guess"}))),
        Err(CallbackError::TokenMismatch { .. })
    ));
}

#[test]
fn unknown_channel_is_refused() {
    let error = receiver()
        .receive(JSON, &body_with(json!({"channel_id": "1000000068002"})))
        .unwrap_err();
    assert_eq!(
        error,
        CallbackError::UnknownChannel(ChannelId::new("1000000068002"))
    );
    assert_eq!(error.http_status(), 403);
    assert!(error.to_string().contains("1000000068002"), "{error}");

    let nobody = CallbackReceiver::new();
    assert!(matches!(
        nobody.receive(JSON, recorded("insert_ok").as_bytes()),
        Err(CallbackError::UnknownChannel(_))
    ));
}

#[test]
fn numeric_channel_id_matches_registered_digits() {
    let events = receiver()
        .receive(JSON, &body_with(json!({"channel_id": 1000000068001_u64})))
        .unwrap();
    assert_eq!(events[0].channel_id, ChannelId::new(CHANNEL));
}

#[test]
fn truncated_body_is_malformed() {
    for (file, body) in recorded_callbacks() {
        let half = &body.as_bytes()[..body.len() / 2];
        let error = receiver().receive(JSON, half).unwrap_err();
        let CallbackError::Malformed { reason } = &error else {
            panic!("{file}: {error:?}");
        };
        assert!(reason.contains("EOF"), "{file}: {reason}");
        assert!(
            reason.contains("line") && reason.contains("column"),
            "{reason}"
        );
        assert_eq!(error.http_status(), 400);
    }
    assert!(matches!(
        receiver().receive(JSON, b""),
        Err(CallbackError::Malformed { .. })
    ));
}

#[test]
fn wrong_shape_is_malformed_without_quoting_the_body() {
    let cases = [
        (
            json!({"ids": TOKEN}),
            "invalid type: a string, expected a sequence",
        ),
        (
            json!({"token": 123456789}),
            "invalid type: an integer, expected a string",
        ),
        (json!({"module": "<remove>"}), "missing field `module`"),
        (
            json!({"server_time": "yesterday"}),
            "invalid type: a string",
        ),
        (
            json!({"affected_values": [{"values": {}}]}),
            "missing field `record_id`",
        ),
    ];
    for (change, expected) in cases {
        let error = receiver()
            .receive(JSON, &body_with(change.clone()))
            .unwrap_err();
        let CallbackError::Malformed { reason } = &error else {
            panic!("{change}: {error:?}");
        };
        assert!(reason.contains(expected), "{change}: {reason}");
        assert!(reason.contains(" at line 1 column "), "{change}: {reason}");
        assert_no_secret(reason, &[TOKEN, "yesterday", "123456789"]);
    }
    // JSON that is not an object at all.
    for body in [&b"[]"[..], b"null", b"42", b"\"text\""] {
        assert!(matches!(
            receiver().receive(JSON, body),
            Err(CallbackError::Malformed { .. })
        ));
    }
}

#[test]
fn duplicate_token_key_is_malformed() {
    // A body whose first and last `token` differ must not be read either way.
    let body = format!(
        r#"{{"server_time":1,"module":"Leads","ids":["1"],"operation":"insert",
            "channel_id":"{CHANNEL}","token":"forged","token":"{TOKEN}"}}"#
    );
    let error = receiver().receive(JSON, body.as_bytes()).unwrap_err();
    assert!(
        matches!(&error, CallbackError::Malformed { reason } if reason.contains("duplicate field `token`")),
        "{error:?}"
    );
}

#[test]
fn oversized_body_is_refused_before_parsing() {
    const TWO_MB: usize = 2 * 1000 * 1000;
    // A valid callback for a registered channel with the right token, padded
    // to 2 MB: only the size can refuse it.
    let padding = "x".repeat(TWO_MB);
    let big_valid = body_with(json!({"query_params": {"padding": padding}}));
    assert!(big_valid.len() > TWO_MB);
    assert_eq!(
        receiver().receive(JSON, &big_valid).unwrap_err(),
        CallbackError::BodyTooLarge {
            limit: DEFAULT_MAX_BODY_BYTES,
            actual: big_valid.len()
        }
    );
    // The same body under a higher limit is accepted.
    let roomy = receiver().max_body_bytes(4 * 1024 * 1024);
    assert_eq!(roomy.body_limit(), 4 * 1024 * 1024);
    assert_eq!(roomy.receive(JSON, &big_valid).unwrap().len(), 1);

    // Size is checked first: not JSON and the wrong content type still only
    // get BodyTooLarge.
    let big_garbage = vec![b'{'; TWO_MB];
    let error = receiver()
        .receive(Some("text/plain"), &big_garbage)
        .unwrap_err();
    assert!(
        matches!(error, CallbackError::BodyTooLarge { .. }),
        "{error:?}"
    );
    assert_eq!(error.http_status(), 413);

    // The limit is inclusive.
    let body = body_with(json!({}));
    let exact = receiver().max_body_bytes(body.len());
    assert!(exact.receive(JSON, &body).is_ok());
    let short = receiver().max_body_bytes(body.len() - 1);
    assert!(matches!(
        short.receive(JSON, &body),
        Err(CallbackError::BodyTooLarge { .. })
    ));
}

#[test]
fn content_type_must_be_json_when_present() {
    let body = body_with(json!({}));
    for accepted in [
        None,
        Some("application/json"),
        Some("Application/JSON; charset=utf-8"),
        Some(" application/json "),
        Some("application/vnd.zoho.crm+json"),
    ] {
        assert!(receiver().receive(accepted, &body).is_ok(), "{accepted:?}");
    }
    for refused in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonp",
        "application/+json",
        "",
    ] {
        let error = receiver().receive(Some(refused), &body).unwrap_err();
        assert_eq!(
            error,
            CallbackError::UnsupportedContentType {
                content_type: refused.to_string()
            }
        );
        assert_eq!(error.http_status(), 415);
    }
    // Checked before parsing.
    assert!(matches!(
        receiver().receive(Some("text/plain"), b"not json"),
        Err(CallbackError::UnsupportedContentType { .. })
    ));
}

#[test]
fn repeated_ids_yield_one_event_each() {
    let body = body_with(json!({
        "operation": "update",
        "ids": ["1", "2", "1"],
        "affected_fields": [{"1": ["Email"], "2": ["Phone"]}, {"1": ["Email", "Mobile"]}],
        "affected_values": [{"record_id": "2", "values": {"Phone": "555"}}],
        "query_params": {"tenant": "acme"},
    }));
    let events = receiver().receive(JSON, &body).unwrap();
    let ids: Vec<&str> = events
        .iter()
        .map(|event| event.record_id.as_str())
        .collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(events[0].affected_fields, ["Email", "Mobile"]);
    assert_eq!(events[0].affected_values, None);
    assert_eq!(events[1].affected_fields, ["Phone"]);
    assert_eq!(
        events[1].affected_values.as_ref().unwrap()["Phone"],
        json!("555")
    );
    for event in &events {
        assert_eq!(event.operation, CallbackOperation::Update);
        assert_eq!(event.query_params["tenant"], json!("acme"));
    }
}

#[test]
fn unknown_operation_and_fields_are_kept() {
    let body = body_with(json!({"operation": "restore", "new_key": {"a": 1}}));
    let callback: Callback = receiver().verify(JSON, &body).unwrap();
    assert_eq!(
        callback.operation,
        CallbackOperation::Other("restore".to_string())
    );
    assert_eq!(callback.extra["new_key"], json!({"a": 1}));
    let round_trip = serde_json::to_value(&callback).unwrap();
    assert_eq!(round_trip["operation"], json!("restore"));
    assert_eq!(round_trip["new_key"], json!({"a": 1}));
    assert_eq!(
        receiver().receive(JSON, &body).unwrap()[0]
            .operation
            .as_str(),
        "restore"
    );
}

#[test]
fn formatting_never_shows_a_token() {
    let forged = "FORGED_TOKEN_VALUE_42";
    let receiver = receiver()
        .channel("2000000000002", None)
        .channel("3000000000003", Some("THIRD_CHANNEL_SECRET"));
    let secrets = [TOKEN, forged, "THIRD_CHANNEL_SECRET"];

    let debug = format!("{receiver:?}");
    assert_no_secret(&debug, &secrets);
    for expected in [CHANNEL, "2000000000002", "token: <redacted>", "no token"] {
        assert!(debug.contains(expected), "{debug}");
    }

    let callback = receiver.verify(JSON, &body_with(json!({}))).unwrap();
    let debug = format!("{callback:?}");
    assert_no_secret(&debug, &secrets);
    assert!(
        debug.contains("<redacted>") && debug.contains(CHANNEL),
        "{debug}"
    );
    let events = format!("{:?}", callback.events());
    assert_no_secret(&events, &secrets);

    let mut too_large = body_with(json!({}));
    too_large.resize(DEFAULT_MAX_BODY_BYTES + 1, b' ');
    let full = body_with(json!({}));
    let errors = [
        receiver.receive(JSON, &body_with(json!({"token": forged}))),
        receiver.receive(JSON, &body_with(json!({"channel_id": "3000000000003"}))),
        receiver.receive(
            JSON,
            &body_with(json!({"channel_id": "9", "token": forged})),
        ),
        receiver.receive(JSON, &full[..full.len() - 3]),
        receiver.receive(JSON, &body_with(json!({"ids": TOKEN}))),
        receiver.receive(JSON, &body_with(json!({"module": forged, "ids": forged}))),
        receiver.receive(JSON, &too_large),
        receiver.receive(Some("text/plain"), &full),
    ];
    for result in errors {
        let error = result.unwrap_err();
        assert_no_secret(&format!("{error:?}"), &secrets);
        assert_no_secret(&error.to_string(), &secrets);
        // Nor the body: its distinctive values stay out of messages.
        assert_no_secret(&error.to_string(), &["zohoapis", "5725767000003000064"]);
    }
}

#[test]
fn unknown_channel_message_is_escaped_and_bounded() {
    let hostile = format!("evil\nline{}", "9".repeat(10_000));
    let error = receiver()
        .receive(JSON, &body_with(json!({"channel_id": hostile})))
        .unwrap_err();
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(message.len() < 200, "{} bytes", message.len());
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A 64-bit LCG (Knuth's MMIX constants): reproducible without a dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let receiver = receiver().max_body_bytes(4096);
    let valid = recorded("update_with_affected_values_ok").into_bytes();
    let mut outcomes = [0_usize; 2];
    for round in 0..600 {
        let body: Vec<u8> = if round % 2 == 0 {
            // Random bytes, biased towards JSON punctuation.
            let alphabet = b"{}[]\":,0123456789.eE+-tokenidsnull \\u\n";
            let len = (next() % 5000) as usize;
            (0..len)
                .map(|_| match next() % 3 {
                    0 => next() as u8,
                    _ => alphabet[next() as usize % alphabet.len()],
                })
                .collect()
        } else {
            // A valid callback with a few bytes overwritten.
            let mut body = valid.clone();
            for _ in 0..=(next() % 4) {
                let at = next() as usize % body.len();
                body[at] = next() as u8;
            }
            body
        };
        let content_type = [None, JSON, Some("text/html")][next() as usize % 3];
        match receiver.receive(content_type, &body) {
            Ok(events) => {
                outcomes[0] += 1;
                assert!(events.len() <= 1);
            }
            Err(error) => {
                outcomes[1] += 1;
                let message = format!("{error} {error:?}");
                assert_no_secret(&message, &[TOKEN]);
                assert!((400..500).contains(&error.http_status()));
            }
        }
    }
    assert!(outcomes[1] > 0, "{outcomes:?}");
}

#[test]
fn the_debug_of_anything_taken_from_a_request_is_bounded() {
    let huge_id = "9".repeat(500_000);
    let error = receiver()
        .verify(JSON, &body_with(json!({"channel_id": huge_id})))
        .expect_err("unknown channel");
    assert!(matches!(error, CallbackError::UnknownChannel(_)));
    let huge_type = format!("application/{}", "x".repeat(500_000));
    let content_type = receiver()
        .verify(Some(&huge_type), &body_with(json!({})))
        .expect_err("not JSON");
    for error in [error, content_type] {
        let (debug, display) = (format!("{error:?}"), error.to_string());
        assert!(debug.len() < 300, "Debug is {} bytes", debug.len());
        assert!(display.len() < 300, "Display is {} bytes", display.len());
    }
}

#[test]
fn an_oversized_module_or_operation_is_malformed_not_multiplied_per_record() {
    for field in ["module", "operation"] {
        let ids: Vec<String> = (0..1000).map(|n| n.to_string()).collect();
        let body = body_with(json!({field: "M".repeat(100_000), "ids": ids}));
        let error = receiver().verify(JSON, &body).expect_err("too long");
        assert!(
            matches!(&error, CallbackError::Malformed { reason } if reason.contains(field)),
            "{error:?}"
        );
    }
}

#[test]
fn twenty_thousand_records_yield_their_events_with_their_own_fields_and_values() {
    // Each record has its own fields and values; before, every event scanned
    // every entry (13.8 s for 20,000 ids; the growth is in `cargo bench`).
    let count = 20_000;
    let ids: Vec<String> = (0..count).map(|n| format!("57257670000{n:08}")).collect();
    let fields: Vec<Value> = ids
        .iter()
        .map(|id| json!({id: ["Stage", "Amount", "Stage"]}))
        .collect();
    let values: Vec<Value> = ids
        .iter()
        .map(|id| json!({"record_id": id, "values": {"Stage": id}}))
        .collect();
    let body = body_with(json!({
        "ids": ids, "affected_fields": fields, "affected_values": values,
        "operation": "update", "query_params": {"tenant": "acme"},
    }));
    let callback = CallbackReceiver::new()
        .channel(CHANNEL, Some(TOKEN))
        .max_body_bytes(16 * 1024 * 1024)
        .verify(JSON, &body)
        .expect("valid");
    let events = callback.events();
    assert_eq!(events.len(), count);
    let last = &events[count - 1];
    assert_eq!(last.record_id, ids[count - 1]);
    assert_eq!(last.affected_fields, ["Stage", "Amount"]);
    assert_eq!(
        last.affected_values.as_ref().map(|values| &values["Stage"]),
        Some(&json!(ids[count - 1]))
    );
    assert_eq!(last.query_params["tenant"], "acme");
}
